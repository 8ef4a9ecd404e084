"""Check the writers' Markdown files without building the site: every problem with its line.

Reads only the text (no Markdown rendering), so checking all the content takes a
fraction of a second. Each problem prints as `content/post.md:LINE: message`;
the messages are explained in docs/writing.md.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pelican.utils import get_date

ERROR, WARNING = "error", "warning"
STATUSES = ("published", "draft", "hidden")
KNOWN_FIELDS = {
    "title", "date", "modified", "author", "authors", "tags", "category", "summary", "slug", "status",
    "image", "image-alt", "image-caption", "comments", "lang", "translation", "template", "save_as", "url",
    "wordpress-url", "series", "series-part", "toc",
}  # fmt: skip
# A `Key: value` line of Markdown metadata (Python-Markdown's meta syntax).
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# Top-level folders of the site that are not articles (a link to them is not checked here).
SITE_FOLDERS = {
    "tag", "tags", "author", "authors", "archives", "category", "categories",
    "feeds", "images", "theme", "drafts", "page", "comment-received", "search", "pagefind",
}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """One problem in one file, at one line (1 for the file as a whole)."""

    path: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass
class Header:
    """A post's metadata: lowercased key -> (line, value), and where the body starts."""

    fields: dict[str, tuple[int, str]] = field(default_factory=dict)
    body_line: int = 1
    problems: list[tuple[int, str, str]] = field(default_factory=list)

    def value(self, key: str) -> str:
        """The value of a field, "" when absent."""
        return self.fields.get(key, (0, ""))[1]

    def line(self, key: str) -> int:
        """The line of a field, 1 when absent."""
        return self.fields.get(key, (1, ""))[0]


def read_header(text: str) -> Header:
    """Read the metadata lines at the top of a Markdown post, as Pelican does."""
    header = Header()
    lines = text.splitlines()
    last = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            header.body_line = number + 1
            return header
        if (match := CONTINUATION.match(line)) and last:
            first, value = header.fields[last]
            header.fields[last] = (first, f"{value}\n{match['value'].strip()}")
            continue
        match = META_LINE.match(line)
        if not match:
            header.problems.append(
                (
                    number,
                    WARNING,
                    "this line ends the metadata: add a blank line before the text, or a ':' after the field name",
                )
            )
            header.body_line = number
            return header
        last = match["key"].lower()
        if last in header.fields:
            header.problems.append(
                (number, ERROR, f"{match['key']} is given twice (first on line {header.fields[last][0]})")
            )
        header.fields[last] = (number, match["value"].strip())
    header.body_line = len(lines) + 1
    return header


@dataclass(frozen=True)
class Site:
    """What checking one post needs to know of the rest of the content."""

    root: Path
    authors: frozenset[str]  # names with a bio, casefolded
    slugs: frozenset[str]
    slugify: Callable[[str], str]
    credit_suffix: str = ".credit"
    page_slugs: frozenset[str] = frozenset()
    remote_credits: dict[str, str] | None = None  # URL named by a credit file's For: line -> its Alt


def post_slug(path: Path, header: Header, slugify: Callable[[str], str]) -> str:
    """The slug Pelican gives a post: `Slug:`, else from the title, else from the file name."""
    return header.value("slug") or slugify(header.value("title") or path.stem)


def check_metadata(rel: str, header: Header) -> list[Problem]:
    """Title, date, tags, status, unknown fields."""
    problems = [Problem(rel, line, message, severity) for line, severity, message in header.problems]
    if not header.value("title"):
        problems.append(Problem(rel, header.line("title"), "missing Title (the first line: 'Title: Your title')"))
    if "date" not in header.fields:
        problems.append(Problem(rel, 1, "missing Date (e.g. 'Date: 2024-03-01 09:00')"))
    for key in ("date", "modified"):
        if key in header.fields:
            try:
                get_date(header.value(key))
            except ValueError:
                problems.append(
                    Problem(
                        rel,
                        header.line(key),
                        f"{key.title()} {header.value(key)!r} is not a date (write it like 2024-03-01 09:00)",
                    )
                )
    if "tags" not in header.fields:
        problems.append(Problem(rel, 1, "missing Tags (e.g. 'Tags: job search, interviews')"))
    elif not [t for t in header.value("tags").split(",") if t.strip()]:
        problems.append(Problem(rel, header.line("tags"), "Tags is empty: give one or more tags, separated by commas"))
    status = header.value("status").lower()
    if status and status not in STATUSES:
        problems.append(
            Problem(
                rel, header.line("status"), f"Status {header.value('status')!r} is unknown (use {', '.join(STATUSES)})"
            )
        )
    problems += check_reading_fields(rel, header)
    for key, (line, _value) in header.fields.items():
        if key not in KNOWN_FIELDS:
            problems.append(
                Problem(rel, line, f"unknown field {key!r} (a typo? see docs/writing.md for the fields)", WARNING)
            )
    return problems


def check_reading_fields(rel: str, header: Header) -> list[Problem]:
    """`Series-Part` is a number given with a `Series`; `Toc` is on or off (warnings: the post still builds)."""
    from post_navigation.series import SeriesProblem, part_number
    from reading import TOC_SWITCH

    problems = []
    if "series-part" in header.fields:
        try:
            part_number(header.value("series-part"))
        except SeriesProblem as problem:
            problems.append(Problem(rel, header.line("series-part"), str(problem), WARNING))
        if header.value("series-part") and not header.value("series"):
            problems.append(
                Problem(
                    rel,
                    header.line("series-part"),
                    "Series-Part is given without Series (add 'Series: The series name')",
                    WARNING,
                )
            )
    toc = header.value("toc")
    if toc and toc.lower() not in TOC_SWITCH:
        problems.append(
            Problem(rel, header.line("toc"), f"Toc {toc!r} is not understood (write 'Toc: off' or 'Toc: on')", WARNING)
        )
    return problems


def check_author(rel: str, header: Header, site: Site) -> list[Problem]:
    """Every author named has a bio file."""
    names = [n.strip() for n in (header.value("authors") or header.value("author")).split(",") if n.strip()]
    key = "authors" if "authors" in header.fields else "author"
    if not names:
        return [Problem(rel, 1, "missing Author (the name of a bio in content/authors/)")]
    return [
        Problem(
            rel,
            header.line(key),
            f"Author {name!r} has no bio: add content/authors/{site.slugify(name)}.md, or fix the name",
        )
        for name in names
        if name.casefold() not in site.authors
    ]


def image_problems(rel: str, line: int, src: str, *, alt: str, post_dir: str, site: Site) -> list[Problem]:
    """An image a post uses: it exists, has alt text and a credit."""
    if urlsplit(src).scheme or src.startswith("//"):
        credit = site.remote_credits.get(src) if site.remote_credits is not None else ""
        problems = []
        if not alt.strip() and not credit:
            problems.append(
                Problem(rel, line, f"image {src} has no alt text (describe it for readers who cannot see it)")
            )
        if site.remote_credits is not None and credit is None:
            problems.append(Problem(rel, line, f"image {src} has no credit (add a .credit file with 'For: {src}')"))
        return problems
    target = src.removeprefix("{static}").removeprefix("{attach}")
    candidates = [posixpath.normpath(target.lstrip("/"))]
    if not target.startswith("/"):
        candidates.insert(0, posixpath.normpath(posixpath.join(post_dir, target)))
    found = next((c for c in candidates if (site.root / c).is_file()), None)
    if found is None:
        return [Problem(rel, line, f"image {src} does not exist (images go in content/images/)")]
    problems = []
    credit = site.root / (found + site.credit_suffix)
    if not alt.strip() and not _credit_alt(credit):
        problems.append(Problem(rel, line, f"image {src} has no alt text (describe it for readers who cannot see it)"))
    if not credit.is_file():
        problems.append(Problem(rel, line, f"image {src} has no credit (add content/{found}{site.credit_suffix})"))
    return problems


def _credit_alt(credit: Path) -> str:
    if not credit.is_file():
        return ""
    # A credit that is not UTF-8 is image_credits' to report; only its Alt is wanted here.
    for line in credit.read_text(encoding="utf-8", errors="replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "alt":
            return value.strip()
    return ""


def check_images(rel: str, header: Header, body: list[str], post_dir: str, site: Site) -> list[Problem]:
    """The lead image and every image in the body."""
    problems = []
    if lead := header.value("image"):
        problems += image_problems(
            rel, header.line("image"), lead, alt=header.value("image-alt"), post_dir=post_dir, site=site
        )
    for number, line in enumerate(body, start=header.body_line):
        if "](" not in line:  # as in check_links
            continue
        for match in IMAGE.finditer(line):
            problems += image_problems(rel, number, match["src"], alt=match["alt"], post_dir=post_dir, site=site)
    return problems


def check_links(
    rel: str, header: Header, body: list[str], *, post_dir: str, own_slug: str, site: Site
) -> list[Problem]:
    """Links to other posts: `{filename}other.md`, or the article URL `/other-slug/`."""
    problems = []
    for number, line in enumerate(body, start=header.body_line):
        if "](" not in line:  # no inline link can match: most lines, and a scan costs more than this
            continue
        for match in LINK.finditer(line):
            target = match["target"]
            if target.startswith("{filename}"):
                path = target.removeprefix("{filename}").split("#")[0]
                resolved = posixpath.normpath(
                    path.lstrip("/") if path.startswith("/") else posixpath.join(post_dir, path)
                )
                if not (site.root / resolved).is_file():
                    problems.append(Problem(rel, number, f"link to a post that does not exist: {target}"))
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path or target.startswith("{"):
                continue
            path = posixpath.normpath(posixpath.join(f"/{own_slug}/", parts.path))
            segments = [s for s in path.split("/") if s]
            if (
                len(segments) == 1
                and segments[0] not in SITE_FOLDERS | site.slugs | site.page_slugs
                and "." not in segments[0]
            ):
                problems.append(Problem(rel, number, f"link to an article that does not exist: {target}"))
    return problems


def check_post(path: Path, text: str, site: Site, *, images: bool = True) -> list[Problem]:
    """Every problem of one post, given its text (images too, unless `images` is False)."""
    rel = display(path)
    header = read_header(text)
    body = text.splitlines()[header.body_line - 1 :]
    post_dir = posixpath.dirname(path.relative_to(site.root).as_posix())
    own_slug = post_slug(path, header, site.slugify)
    problems = check_metadata(rel, header) + check_author(rel, header, site)
    if images:
        problems += check_images(rel, header, body, post_dir, site)
    problems += check_links(rel, header, body, post_dir=post_dir, own_slug=own_slug, site=site)
    if header.value("status").lower() == "draft":  # A draft in progress must not block a publish.
        problems = [Problem(p.path, p.line, p.message, WARNING) for p in problems]
    return problems


def display(path: Path) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def content_files(root: Path, excluded: list[str], ignores: list[str]) -> list[Path]:
    """The Markdown posts under the content folder (not bios, comments or pages)."""
    found = []
    for folder, dirs, files in os.walk(root):
        relative = os.path.relpath(folder, root)
        dirs[:] = sorted(d for d in dirs if os.path.normpath(os.path.join(relative, d)) not in excluded)
        for name in sorted(files):
            if name.endswith((".md", ".markdown")) and not any(fnmatch.fnmatch(name, p) for p in ignores):
                found.append(Path(folder) / name)
    return found


def bio_names(folder: Path) -> frozenset[str]:
    """The names (casefolded) that have a bio file."""
    names = set()
    for bio in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        # A bio that is not UTF-8 is author_bios' to report; only its name is wanted here.
        header = read_header(bio.read_text(encoding="utf-8", errors="replace"))
        if name := header.value("name") or header.value("title"):
            names.add(name.casefold())
    return frozenset(names)


def remote_credit_urls(root: Path, suffix: str) -> dict[str, str]:
    """The remote image URLs that some credit file names with a 'For:' line, with the file's Alt."""
    urls = {}
    for credit in root.rglob("*" + suffix):
        fields = {}
        for line in credit.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            fields[key.strip().lower()] = value.strip()
        if fields.get("for"):
            urls[fields["for"]] = fields.get("alt", "")
    return urls


def read_utf8(post: Path) -> str | Problem:
    """The post's text, or the problem of a file that is not UTF-8 (where the first bad byte is)."""
    raw = post.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(display(post), line, "not UTF-8 text: save the file with the UTF-8 encoding")


def check_content(
    posts: list[Path],
    root: Path,
    authors: frozenset[str],
    slugify,
    *,
    page_slugs=frozenset(),
    credit_suffix=".credit",
    images: bool = True,
) -> list[Problem]:
    """Every problem of every post, plus slugs used twice (without image checks when `images` is False)."""
    texts, problems = {}, []
    for post in posts:
        text = read_utf8(post)
        if isinstance(text, Problem):
            problems.append(text)  # nothing else can be checked in a file that cannot be read
        else:
            texts[post] = text
    posts = list(texts)
    headers = {post: read_header(text) for post, text in texts.items()}
    owners: dict[str, Path] = {}
    for post, header in headers.items():
        slug = post_slug(post, header, slugify)
        if slug in owners:
            line = header.line("slug") if "slug" in header.fields else header.line("title")
            problems.append(
                Problem(
                    display(post),
                    line,
                    f"slug {slug!r} is also used by {display(owners[slug])}: give one of them a 'Slug:'",
                )
            )
        owners.setdefault(slug, post)
    remote = remote_credit_urls(root, credit_suffix) if images else None
    site = Site(root, authors, frozenset(owners), slugify, credit_suffix, frozenset(page_slugs), remote)
    for post in posts:
        problems += check_post(post, texts[post], site, images=images)
    return sorted(problems, key=lambda p: (p.path, p.line))
