"""`invoke import-wordpress`: read the export, write the content, import the comments."""

from __future__ import annotations

import re
from pathlib import Path

from comments.settings import comment_settings
from comments.store import write_atomically
from writing import planned_site_map, site_files, site_slugify
from writing.checks import post_slug
from writing.header import read_header, read_utf8
from writing.report import silence_echoes

from tools.comments.importer import email_salt, import_export
from tools.comments.moderation import import_rules, places_for
from tools.comments.terminal import shown

from .fidelity import markdown_renderer
from .manifest import Manifest
from .migrate import Plan, Report, drop_taken_addresses, plan, write
from .wxr import WxrError, read_wxr


class UploadsError(ValueError):
    """An --uploads folder that cannot be read."""


def printable(text: str) -> str:
    """Text from the export on one terminal line: the comment tools' terminal.shown (controls as visible escapes)."""
    return shown(text)


def addresses_taken(settings, planned: Plan) -> dict[str, str]:
    """The planned posts whose old address is a page of the new site, with that page in words.

    The new site is the content folder as it will be: its files, and the planned ones
    (the writing plugin's map of every address the site will have).
    """
    content = Path(settings["PATH"])
    texts = {content / new.path: new.text for new in planned.files if new.path.endswith(".md")}
    return planned_site_map(settings, texts).redirects_taken


def slugs_not_ours(settings, manifest: Manifest, blog: str) -> dict[str, str]:
    """The slugs and file names (casefolded) of the posts and pages no import of this blog wrote -> their file.

    A post of the export with one of them is imported under another slug: a writer's
    post is never overwritten, and its comments are never given the import's.
    """
    content = Path(settings["PATH"])
    posts, pages, _bios = site_files(settings)
    slugify = site_slugify(settings)
    taken: dict[str, str] = {}
    for path in [*posts, *pages]:
        relative = path.relative_to(content).as_posix()
        if manifest.written_by(relative, blog):
            continue
        text = read_utf8(path)
        slug = path.stem if not isinstance(text, str) else post_slug(path, read_header(text), slugify)
        for name in (slug, path.stem):  # casefolded: on macOS and Windows, Post.md is post.md
            taken.setdefault(name.casefold(), relative)
    for path, slug in other_readers_posts(content, settings):
        for name in (slug, path.stem):
            taken.setdefault(name.casefold(), path.relative_to(content).as_posix())
    return taken


HTML_SLUG = re.compile(r"""<meta\s+name=["']slug["']\s+content=["']([^"']+)["']""", re.IGNORECASE)


def other_readers_posts(content: Path, settings) -> list[tuple[Path, str]]:
    """Posts Pelican reads besides Markdown (HTML, reStructuredText): (file, slug), its slug from its file name
    or an HTML post's `<meta name="slug">`, outside the folders that hold no posts."""
    skipped = {str(p).strip("/") for p in (*settings.get("ARTICLE_EXCLUDES", []), *settings.get("STATIC_PATHS", []))}
    slugify, found = site_slugify(settings), []
    for path in sorted(content.rglob("*")):
        relative = path.relative_to(content)
        if path.suffix.lower() not in (".html", ".htm", ".rst") or path.is_symlink() or not path.is_file():
            continue  # a symbolic link (out of the folder, to a device) is never read
        if any(str(parent) in skipped for parent in relative.parents):
            continue
        text = ""
        if path.suffix.lower() != ".rst":
            with path.open(encoding="utf-8", errors="replace") as file:
                text = file.read(20_000)  # the head holds the <meta>: a huge page is not read whole
        match = HTML_SLUG.search(text)
        found.append((path, match[1] if match else slugify(path.stem)))
    return found


def import_wordpress(
    export: Path, settings, *, salt_file: Path, uploads: Path | None = None, force: bool = False
) -> Report:
    """Migrate a WordPress export into the content folder of these settings.

    The comments go to the store (approved) and the queue (the rest); the queue and the
    salt file live in the project's folder, the salt file's.
    """
    if uploads is not None and not uploads.is_dir():
        raise UploadsError("not a folder (give a local copy of wp-content/uploads)")
    try:
        text = export.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise WxrError(f"cannot be read ({error})") from None
    content = Path(settings["PATH"])
    manifest = Manifest.load(content)  # which files earlier imports wrote: first, as a bad one stops the import
    salt, places = email_salt(salt_file), places_for(settings, salt_file.parent)  # before anything is written
    timezone = settings.get("TIMEZONE") or "UTC"
    site = read_wxr(text, timezone)
    authors_folder = content / settings.get("AUTHOR_BIOS_PATH", "authors")
    existing = {path.stem for path in authors_folder.glob("*.md")} if authors_folder.is_dir() else set()
    planned = plan(
        site,
        slugify=site_slugify(settings),
        existing_authors=existing,
        uploads=uploads,
        render=markdown_renderer(settings),
        taken=slugs_not_ours(settings, manifest, site.blog),
        copied_before=manifest.copies_of(site.blog, content),
    )
    drop_taken_addresses(planned, addresses_taken(settings, planned))
    report = write(content, planned, force=force, write_file=write_atomically, manifest=manifest, blog=site.blog)
    # Reading the posts for the comments, Pelican warns about every image with alt="": the checks judge alt text
    # (a decorative image has it on purpose), as they do in every build.
    silence_echoes()
    options = {"tz": comment_settings(settings)["COMMENTS_TIMEZONE"], "slugs": planned.slugs}
    # WordPress's own decisions (approved, held, trash, spam) are kept: no rule applies, but a comment
    # the site cannot place (an article that was not migrated, say) is held, as any import holds it.
    report.comments = import_export(
        export,
        places,
        rules=import_rules(settings),
        salt=salt,
        fmt="wxr",
        options=options,
    )
    return report
