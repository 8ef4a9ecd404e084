"""Links between imported posts: WordPress addresses to `{filename}` links, which follow the new ones.

A post links to another by its permalink (`https://blog.example/2014/02/18/slug/`),
by a relative path, or by its id (`/?p=42`, `/?page_id=7`). Each of these that
names an imported post or page becomes `{filename}/<its file>`: Pelican then
writes the post's new address, whatever ARTICLE_URL says.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from .wxr import WpSite, split_url


def normal_path(path: str) -> str:
    """A URL path compared without its case of percent-encoding or trailing slash."""
    return unquote(path).strip("/").casefold()


class LinkMap:
    """Where an imported post's old address now points."""

    def __init__(self, site: WpSite, files: dict[str, str]):
        """`files` maps each imported item's WordPress id to its Markdown file (relative to content/)."""
        self.hosts = {split_url(url).netloc.casefold() for url in (site.link, *site.base_urls) if url}
        self.hosts.discard("")
        self.by_id = dict(files)
        self.by_path = {}
        for item in site.items:
            if item.id in files and normal_path(item.link):
                self.by_path[normal_path(item.link)] = files[item.id]

    def target(self, url: str) -> str | None:
        """`{filename}/<file>[#fragment]` for a link to an imported post; None for any other link."""
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return None
        if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc.casefold() not in self.hosts):
            return None
        if not parts.netloc and not parts.path.startswith("/"):
            return None  # relative to a page whose address is about to change: left as it is
        query = parse_qs(parts.query)
        post_id = (query.get("p") or query.get("page_id") or [""])[0]
        found = self.by_id.get(post_id) if post_id else self.by_path.get(normal_path(parts.path))
        if not found:
            return None
        return "{filename}/" + found + (f"#{parts.fragment}" if parts.fragment else "")
