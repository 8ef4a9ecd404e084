"""Check a built site's links: nothing broken, nothing to localhost, no mixed content.

Pure functions over the output folder; the standard library's HTML parser is
enough to collect links, and it is much faster than a full DOM for every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# The attributes that make the browser fetch or navigate to a URL.
URL_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
}
# Those fetched while the page loads: an http:// one on an https:// page is mixed content.
SUBRESOURCES = {"link", "img", "script", "iframe", "source", "video", "audio"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1"}
FALLBACK_BASE = "https://site.invalid"


@dataclass(frozen=True)
class Link:
    """A URL in a page: the tag that holds it and the URL as written."""

    tag: str
    url: str


@dataclass(frozen=True)
class LinkProblem:
    """A problem found in a page of the output."""

    page: str  # relative to the output folder
    url: str
    message: str


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = URL_ATTRIBUTES.get(tag)
        if name and attributes.get(name):
            self.links.append(Link(tag, attributes[name].strip()))
        for candidate in (attributes.get("srcset") or "").split(","):
            if candidate.strip():
                self.links.append(Link(tag, candidate.split()[0]))


def page_links(html: str) -> list[Link]:
    """Every URL a page links to or loads."""
    collector = _Collector()
    collector.feed(html)
    return collector.links


def target_file(output: Path, path: str) -> Path | None:
    """The file a site path is served from, or None when there is none."""
    candidate = output / unquote(path).lstrip("/")
    if path.endswith("/") or path == "":
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate
    if (candidate / "index.html").is_file():
        return candidate / "index.html"
    return None


def check_page(
    page: str, links: list[Link], output: Path, siteurl: str, *, later: tuple[str, ...] = (), only_later: bool = False
) -> list[LinkProblem]:
    """The problems of one page (`page` relative to the output folder).

    `later`: folders of the site written after Pelican's build (the search index), as
    "pagefind/": links into them are not checked, or, with `only_later`, they alone are.
    """
    base = (siteurl or FALLBACK_BASE).rstrip("/") + "/"
    site = urlsplit(base)
    page_url = urljoin(base, page)
    problems = []
    for link in links:
        if link.url.startswith(("#", "mailto:", "tel:", "data:")):
            continue
        resolved = urlsplit(urljoin(page_url, link.url))
        if (resolved.hostname or "") in LOCAL_HOSTS and not only_later:
            problems.append(LinkProblem(page, link.url, "links to localhost"))
            continue
        if site.scheme == "https" and resolved.scheme == "http" and link.tag in SUBRESOURCES and not only_later:
            problems.append(
                LinkProblem(page, link.url, "loads an http:// resource on an https:// site (mixed content)")
            )
        if resolved.netloc != site.netloc or resolved.scheme not in ("http", "https"):
            continue
        if not resolved.path.startswith(site.path):
            if not only_later:
                problems.append(LinkProblem(page, link.url, f"points outside the site's base path {site.path}"))
            continue
        path = resolved.path[len(site.path) :]
        if path.startswith(later) != only_later:
            continue
        if target_file(output, path) is None:
            kind = "broken internal link" if link.tag == "a" else "missing asset"
            problems.append(LinkProblem(page, link.url, kind))
    return problems


def check_site(
    output: Path, siteurl: str, *, later: tuple[str, ...] = (), only_later: bool = False
) -> list[LinkProblem]:
    """The problems of every HTML page in the output folder (see check_page for `later`)."""
    problems = []
    for html_file in sorted(output.rglob("*.html")):
        page = html_file.relative_to(output).as_posix()
        links = page_links(html_file.read_text(encoding="utf-8"))
        problems += check_page(page, links, output, siteurl, later=later, only_later=only_later)
    return problems
