"""wordpress: bring the old WordPress blog over, and keep its old addresses working.

`invoke import-wordpress EXPORT.xml` (the migration tool, `tools/wordpress/`)
writes posts, pages, author bios, image credits and comments from a WordPress
export. Each migrated post keeps its old address in a `WordPress-URL:` line
(e.g. `/2014/02/18/what-to-do/`); this plugin writes a redirect page there, so
old links and search results still land on the post.

Settings (defaults in DEFAULTS):
    WORDPRESS_REDIRECTS = True   write a redirect page at each post's WordPress-URL

A `WordPress-URL:` is a path of the site (`/2014/02/18/slug/`): one that would put
its page outside the output folder (`..`, or a symbolic link out of it) is refused
with a warning, and nothing is written for it.

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
        self.moved: list[tuple[str, str, str]] = []  # (old path, new url, title)

    def collect(self, generators):
        """Note every article and page that has a WordPress-URL (refusing one outside the output folder)."""
        self.moved = []
        for generator in generators:
            for item in getattr(generator, "articles", []) + getattr(generator, "pages", []):
                old = str(item.metadata.get("wordpress-url", "")).strip().strip("/")
                if not old or old == item.url.strip("/"):
                    continue
                if leaves(f"{unquote(old)}/index.html"):  # a server decodes %xx before finding the file
                    logger.warning(
                        "%s: WordPress-URL %r is outside the site: no redirect written (give the old path, "
                        "e.g. /2014/02/18/slug/)",
                        display_path(item.source_path),
                        old,
                    )
                    continue
                self.moved.append((old, item.url, item.title))

    def write(self, pelican):
        """Write a redirect page at each old address that nothing else uses."""
        settings = pelican.settings
        if not settings.get("WORDPRESS_REDIRECTS", DEFAULTS["WORDPRESS_REDIRECTS"]):
            return
        output = Path(settings["OUTPUT_PATH"])
        siteurl = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
        for old, new, title in self.moved:
            page = within(output, f"{unquote(old)}/index.html")
            if page is None:  # a symbolic link in the output folder leads out of it
                logger.warning("WordPress-URL /%s/ leads outside the output folder: no redirect written", old)
                continue
            if page.exists() and MARK not in page.read_text(encoding="utf-8", errors="replace")[:200]:
                logger.warning("WordPress-URL /%s/ is a page of the new site already: no redirect written", old)
                continue
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(redirect_page(redirect_target(old, new, siteurl), plain_text(title)), encoding="utf-8")


redirects = Redirects()


def register():
    """Connect the plugin to Pelican's signals."""
    signals.all_generators_finalized.connect(redirects.collect)
    signals.finalized.connect(redirects.write)
