"""wordpress: bring the old WordPress blog over, and keep its old addresses working.

`invoke import-wordpress EXPORT.xml` (the migration tool, `tools/wordpress/`)
writes posts, pages, author bios, image credits and comments from a WordPress
export. Each migrated post keeps its old address in a `WordPress-URL:` line
(e.g. `/2014/02/18/what-to-do/`); this plugin writes a redirect page there, so
old links and search results still land on the post.

Settings (defaults in DEFAULTS):
    WORDPRESS_REDIRECTS = True   write a redirect page at each post's WordPress-URL

A `WordPress-URL:` is a path of the site (`/2014/02/18/slug/`, or a page file such as
`/slug.html`: addresses.py): one that would put its page outside the output folder
(`..`, or a symbolic link out of it), that names a file that is not a page
(`/feeds/all.atom.xml`), or where the new site has a page or a file already
(`/archives/`), gets no redirect. The writing
plugin's checks (`invoke check` and every build) report both on the post's line
as a warning; this plugin then stands aside, or, without those checks, warns
naming the file and line itself.

The alternative is to give the new site WordPress's addresses:
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/" (and ARTICLE_SAVE_AS to match).
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
from pathlib import Path

from escaping.markup import plain_text
from output_guard import display_path
from output_guard.paths import inside, within
from pelican import signals

from .addresses import redirect_file

logger = logging.getLogger(__name__)

DEFAULTS = {"WORDPRESS_REDIRECTS": True}
MARK = "<!-- redirect from an old WordPress address -->"
# A redirect page loads nothing, runs nothing and posts nothing (its meta refresh is not fetched content).
REDIRECT_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'"


def redirect_page(target: str, title: str) -> str:
    """A small page that sends readers (and search engines) to the post's new address."""
    target, title = html.escape(target), html.escape(title)
    return (
        f'<!DOCTYPE html>\n{MARK}\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{REDIRECT_POLICY}">\n'
        f"<title>Moved: {title}</title>\n"
        f'<link rel="canonical" href="{target}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        '<meta name="robots" content="noindex">\n</head>\n<body>\n'
        f'<p>This page has moved to <a href="{target}">{title}</a>.</p>\n</body>\n</html>\n'
    )


def redirect_target(old_path: str, new_url: str, siteurl: str) -> str:
    """The new address as seen from the old one: absolute with a SITEURL, else relative."""
    if siteurl:
        return f"{siteurl.rstrip('/')}/{new_url}"
    return posixpath.relpath("/" + new_url, "/" + old_path.strip("/")) + ("/" if new_url.endswith("/") else "")


RECORD = (
    "wordpress-redirects.json"  # in CACHE_PATH: the redirect pages the last build wrote, for a build keeping output/
)


class Redirects:
    """Collects the migrated posts' old addresses, then writes the redirect pages.

    A build that keeps `output/` (livereload's, `invoke build`) finds there the files of
    earlier builds: a page it wrote last time that this build no longer writes (the post's
    old page, before its Slug changed) is no page of the new site, and the redirect takes
    its place, as on a cold build; only what this build writes or copies keeps a redirect
    out. And with a cache, the redirect pages written are recorded, so the next build
    removes those it no longer writes (the line removed, the post deleted or a draft).
    """

    def __init__(self):
        self.moved: list[tuple[str, str, str, str, str]] = []  # (old path, its page, new url, title, source file)
        self.written: set[str] = set()  # the files this build wrote (Pelican's content_written), absolute
        self.statics: list = []  # the static files it copies (their places read once written: see `copied`)

    def begin(self, _pelican=None):
        """A new build: nothing written yet."""
        self.written, self.statics = set(), []

    def copied(self, output: Path) -> set[str]:
        """Where this build copied its static files, absolute.

        Read once everything is written: a static file's `save_as` read earlier fixes its place, and an
        `{attach}` link would no longer move it beside its post (output_guard).
        """
        return {os.path.abspath(output / static.save_as) for static in self.statics if static.save_as}

    def note_written(self, path, context=None):
        """Pelican wrote (or kept, in an incremental build) a page or feed."""
        self.written.add(os.path.abspath(path))

    def collect(self, generators):
        """Note every article and page that has a WordPress-URL (refusing one outside the output folder)."""
        self.moved = []
        for generator in generators:
            self.statics += getattr(generator, "staticfiles", [])
            for item in getattr(generator, "articles", []) + getattr(generator, "pages", []):
                written = str(item.metadata.get("wordpress-url", "")).strip()
                old = written.strip("/")
                if not old or old == item.url.strip("/"):
                    continue
                page, why = redirect_file(written)
                if why:
                    refused(item.source_path, why, old)
                    continue
                self.moved.append((old, page, item.url, item.title, item.source_path))

    def write(self, pelican):
        """Write a redirect page at each old address that nothing else uses."""
        settings = pelican.settings
        output = Path(settings["OUTPUT_PATH"])
        caching = settings.get("CACHE_PATH") and settings.get("CACHE_CONTENT")
        if not settings.get("WORDPRESS_REDIRECTS", DEFAULTS["WORDPRESS_REDIRECTS"]):
            if caching:  # none written: those of the last build go
                forget_old(Path(settings["CACHE_PATH"]) / RECORD, output, [])
            return
        siteurl = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
        pages, taken = [], self.written | self.copied(output) if self.moved else set()
        for old, relative, new, title, source in self.moved:
            page = within(output, relative)
            if page is None:  # a symbolic link in the output folder leads out of it
                refused(source, "leads outside the output folder: no redirect written", old)
                continue
            if taken := file_in_the_way(output, page):
                refused(source, f"is where the new site has its file {taken} already: no redirect written "
                        "(remove this line)", old)  # fmt: skip
                continue
            if os.path.abspath(page) in taken:
                refused(source, "is a page of the new site already: no redirect written (remove this line)", old)
                continue
            page.parent.mkdir(parents=True, exist_ok=True)
            # The page's links are relative to its folder: the old address itself, or the one a page file is in.
            base = old if relative.endswith("/index.html") or relative == "index.html" else posixpath.dirname(old)
            page.write_text(redirect_page(redirect_target(base, new, siteurl), plain_text(title)), encoding="utf-8")
            pages.append(relative)
        if caching:
            forget_old(Path(settings["CACHE_PATH"]) / RECORD, output, pages)


def forget_old(record_file: Path, output: Path, pages: list[str]) -> None:
    """Remove the redirect pages the last build wrote into this output and this one did not, then record this
    build's. Only a file that is still a redirect page (it starts with MARK) is removed, and its folders if empty."""
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
        old = record["pages"] if record.get("output") == str(output) and isinstance(record.get("pages"), list) else []
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        old = []
    for relative in sorted(set(map(str, old)) - set(pages)):
        page = within(output, relative)
        try:
            if page is None or page.is_symlink() or not page.is_file():
                continue
            with page.open(encoding="utf-8", errors="replace") as stream:
                if MARK not in stream.read(200):
                    continue  # another page took its place since: not ours to remove
            page.unlink()
            folder = page.parent
            while folder != output and inside(output, folder) and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        except OSError as error:
            logger.debug("wordpress: %s: the old redirect page stays: %s", relative, error)
    try:
        record_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = record_file.with_name(f"{record_file.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"output": str(output), "pages": sorted(pages)}), encoding="utf-8")
        temporary.replace(record_file)
    except OSError as error:
        logger.debug("wordpress: the redirect pages written are not recorded: %s", error)


def file_in_the_way(output: Path, page: Path) -> str:
    """The file of the site (not a folder) that stands where the redirect page needs a folder, as a path; or ""."""
    for folder in reversed(page.relative_to(output).parents[:-1]):
        if (output / folder).exists() and not (output / folder).is_dir():
            return folder.as_posix()
    if page.is_dir():
        return page.relative_to(output).as_posix() + "/"
    return ""


def field_line(path: str, name: str) -> int:
    """The line of a metadata field in a source file (1 when it cannot be found)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as source:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    break
                if line.partition(":")[0].strip().lower() == name:
                    return number
    except OSError:
        pass
    return 1


def refused(source: str, why: str, old: str) -> None:
    """Say that a post's WordPress-URL gets no redirect, unless the writing plugin's checks said so already."""
    try:
        from writing.report import current
    except ImportError:  # the writing plugin is not in this build's PLUGINS
        current = None
    if current is not None and current.reported_in(source, "WordPress-URL"):
        return
    logger.warning(
        "%s:%d: WordPress-URL /%s/ %s", display_path(source), field_line(source, "wordpress-url"), old.strip("/"), why
    )


redirects = Redirects()


def register():
    """Connect the plugin to Pelican's signals."""
    signals.initialized.connect(redirects.begin)
    signals.content_written.connect(redirects.note_written)
    signals.all_generators_finalized.connect(redirects.collect)
    signals.finalized.connect(redirects.write)
