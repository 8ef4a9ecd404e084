"""wordpress: bring the old WordPress blog over, and keep its old addresses working.

`invoke import-wordpress EXPORT.xml` (the migration tool, `tools/wordpress/`)
writes posts, pages, author bios, image credits and comments from a WordPress
export. Each migrated post keeps its old address in a `WordPress-URL:` line
(e.g. `/2014/02/18/what-to-do/`); this plugin writes a redirect page there, so
old links and search results still land on the post.

Settings (defaults in DEFAULTS):
    WORDPRESS_REDIRECTS = True   write a redirect page at each post's WordPress-URL

A `WordPress-URL:` is a path of the site (`/2014/02/18/slug/`): one that would put
its page outside the output folder (`..`, or a symbolic link out of it), or where
the new site has a page already (`/archives/`), gets no redirect. The writing
plugin's checks (`invoke check` and every build) report both on the post's line
as a warning; this plugin then stands aside, or, without those checks, warns
naming the file and line itself.

The alternative is to give the new site WordPress's addresses:
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/" (and ARTICLE_SAVE_AS to match).
"""

from __future__ import annotations

import html
import logging
import posixpath
from pathlib import Path
from urllib.parse import unquote

from escaping.markup import plain_text
from output_guard import display_path
from output_guard.paths import leaves, within
from pelican import signals

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


class Redirects:
    """Collects the migrated posts' old addresses, then writes the redirect pages."""

    def __init__(self):
        self.moved: list[tuple[str, str, str, str]] = []  # (old path, new url, title, source file)

    def collect(self, generators):
        """Note every article and page that has a WordPress-URL (refusing one outside the output folder)."""
        self.moved = []
        for generator in generators:
            for item in getattr(generator, "articles", []) + getattr(generator, "pages", []):
                old = str(item.metadata.get("wordpress-url", "")).strip().strip("/")
                if not old or old == item.url.strip("/"):
                    continue
                if leaves(f"{unquote(old)}/index.html"):  # a server decodes %xx before finding the file
                    refused(item.source_path, "is outside the site: no redirect written (give the old path, "
                            "e.g. /2014/02/18/slug/)", old)  # fmt: skip
                    continue
                self.moved.append((old, item.url, item.title, item.source_path))

    def write(self, pelican):
        """Write a redirect page at each old address that nothing else uses."""
        settings = pelican.settings
        if not settings.get("WORDPRESS_REDIRECTS", DEFAULTS["WORDPRESS_REDIRECTS"]):
            return
        output = Path(settings["OUTPUT_PATH"])
        siteurl = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
        for old, new, title, source in self.moved:
            page = within(output, f"{unquote(old)}/index.html")
            if page is None:  # a symbolic link in the output folder leads out of it
                refused(source, "leads outside the output folder: no redirect written", old)
                continue
            if page.exists() and MARK not in page.read_text(encoding="utf-8", errors="replace")[:200]:
                refused(source, "is a page of the new site already: no redirect written (remove this line)", old)
                continue
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(redirect_page(redirect_target(old, new, siteurl), plain_text(title)), encoding="utf-8")


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
    signals.all_generators_finalized.connect(redirects.collect)
    signals.finalized.connect(redirects.write)
