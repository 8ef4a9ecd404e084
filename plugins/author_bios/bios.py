"""Author bios: what a bio file says, and which articles lack one.

A bio is a Markdown file of its own under `content/authors/`:

    Name: Chris
    Photo: images/authors/chris.jpg
    Photo-Alt: Chris at his desk
    Links: Website https://chris.example
        LinkedIn https://www.linkedin.com/in/chris

    Chris graduated from Georgia State University in 2009 ...

`Name` must match the `Author:` of the posts. Each `Links` line is a label then
an http(s) URL (no quotes, spaces or control characters in it); continuation
lines are indented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from escaping.urls import is_web_url
from markupsafe import Markup


@dataclass(frozen=True)
class Link:
    """A labelled link shown under an author's bio."""

    label: str
    url: str


@dataclass(frozen=True)
class AuthorBio:
    """One author's name, bio (HTML), optional photo and links."""

    name: str
    slug: str
    body: Markup
    photo: str = ""
    photo_alt: str = ""
    links: tuple[Link, ...] = ()
    source_path: str = ""


def parse_links(value: str | Iterable[str]) -> tuple[tuple[Link, ...], list[str]]:
    """Parse `Links` metadata: one 'Label URL' per line (or a list of such lines)."""
    lines = value.splitlines() if isinstance(value, str) else [str(v) for v in value]
    links, problems = [], []
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        *label, url = line.split()
        if not is_web_url(url):
            problems.append(f"link {line!r} must be 'Label https://...' (an http(s) address without quotes or spaces)")
            continue
        links.append(Link(label=" ".join(label) or url, url=url))
    return tuple(links), problems


def bio_from_metadata(
    metadata: dict, body: str, source_path: str, slug_of: Callable[[str], str]
) -> tuple[AuthorBio | None, list[str]]:
    """Build an AuthorBio from a bio file's metadata and rendered body."""
    name = str(metadata.get("name") or metadata.get("title") or "").strip()
    if not name:
        return None, ["a bio needs a 'Name:' line matching the posts' 'Author:'"]
    links, problems = parse_links(metadata.get("links", ""))
    photo = str(metadata.get("photo", "")).strip().removeprefix("{static}").lstrip("/")
    if photo and (":" in photo.split("/", 1)[0] or ".." in photo.split("/")):
        problems.append(f"Photo {photo!r} must be a path under the content folder, e.g. images/authors/name.jpg")
        photo = ""
    if not body.strip():
        problems.append(f"the bio of {name} has no text below its metadata")
    bio = AuthorBio(
        name=name,
        slug=slug_of(name),
        body=Markup(body),
        photo=photo,
        photo_alt=str(metadata.get("photo-alt", "")).strip() or f"Photo of {name}",
        links=links,
        source_path=source_path,
    )
    return bio, problems
