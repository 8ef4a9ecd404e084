"""Check a built site's links: nothing broken, nothing to localhost, no mixed content, no javascript: URL.

Pure functions over the output folder; the standard library's HTML parser is
enough to collect links, and it is much faster than a full DOM for every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from csp.policy import srcset_urls
from output_guard.paths import within

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
# URLs that run code when followed: never what a post means to link to.
SCRIPT_SCHEMES = {"javascript", "vbscript"}
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
        for url in srcset_urls(attributes.get("srcset") or ""):  # as a browser splits it
            self.links.append(Link(tag, url))


def page_links(html: str) -> list[Link]:
    """Every URL a page links to or loads."""
    collector = _Collector()
    collector.feed(html)
    return collector.links


def target_file(output: Path, path: str) -> Path | None:
    """The file a site path is served from, or None when there is none."""
    relative = unquote(path).lstrip("/")
    folder = path.endswith("/") or relative == ""
    for candidate in [relative + "index.html"] if folder else [relative, relative + "/index.html"]:
        found = within(output, candidate)  # %2e%2e/ is no way out of the site
        if found is not None and found.is_file():
            return found
    return None


def check_page(
    page: str, links: list[Link], output: Path, siteurl: str, *, later: tuple[str, ...] = (), only_later: bool = False
) -> list[LinkProblem]:
    """The problems of one page (`page` relative to the output folder).

    `later`: folders of the site written after Pelican's build (the search index), as
    "pagefind/": links into them are not checked, or, with `only_later`, they alone are.
    """
    if only_later:
        return later_problems(page, links, output, siteurl, later)
    base = (siteurl or FALLBACK_BASE).rstrip("/") + "/"
    site = urlsplit(base)
    page_url = urljoin(base, page)
    problems = []
    for link in links:
        try:
            written = urlsplit(link.url.replace("\t", "").replace("\n", ""))  # as a browser reads it
            scheme = written.scheme.lower()
            resolved = urlsplit(urljoin(page_url, link.url))
            resolved.port  # noqa: B018 (an invalid port raises only when read)
        except ValueError:
            problems.append(LinkProblem(page, link.url, "is not a valid URL"))
            continue
        if scheme in SCRIPT_SCHEMES:
            problems.append(LinkProblem(page, link.url, f"a {scheme}: link runs code (the site's policy blocks it)"))
            continue
        if link.url.startswith(("#", "mailto:", "tel:", "data:")):
            continue
        # A site built to be browsed here (`invoke preview --serve`) links to localhost itself.
        if (resolved.hostname or "") in LOCAL_HOSTS and (site.hostname or "") not in LOCAL_HOSTS:
            problems.append(LinkProblem(page, link.url, "links to localhost"))
            continue
        if site.scheme == "https" and resolved.scheme == "http" and link.tag in SUBRESOURCES:
            problems.append(
                LinkProblem(page, link.url, "loads an http:// resource on an https:// site (mixed content)")
            )
        if resolved.netloc != site.netloc or resolved.scheme not in ("http", "https"):
            continue
        path, outside = site_relative(resolved.path, site.path, bool(written.netloc))
        if path is None:
            problems += [LinkProblem(page, link.url, outside)] if outside else []
            continue
        if later and path.startswith(later):  # checked once it is written (later_problems)
            continue
        if target_file(output, path) is None:
            kind = "broken internal link" if link.tag == "a" else "missing asset"
            problems.append(LinkProblem(page, link.url, kind))
    return problems


def site_relative(path: str, base: str, with_host: bool) -> tuple[str | None, str]:
    """A path of the site's host as a path of the site ("" its root), or (None, why it is a problem, or "").

    The site's root may be written without its last slash (https://you.github.io/blog). A full
    address beside the site on its host is another site's (https://you.github.io/other/); one
    written without a host meant this site, and misses it (`/about/` under https://you.github.io/blog/).
    """
    if path == base.rstrip("/"):
        return "", ""
    if path.startswith(base):
        return path[len(base) :], ""
    return None, "" if with_host else f"points outside the site's base path {base}"


def later_problems(
    page: str, links: list[Link], output: Path, siteurl: str, later: tuple[str, ...]
) -> list[LinkProblem]:
    """The broken links of one page into the folders written after the build (the rest was checked before)."""
    base = (siteurl or FALLBACK_BASE).rstrip("/") + "/"
    site = urlsplit(base)
    problems = []
    for link in links:
        try:
            resolved = urlsplit(urljoin(urljoin(base, page), link.url))
        except ValueError:  # reported by the build's own check
            continue
        if resolved.netloc != site.netloc or not resolved.path.startswith(site.path):
            continue
        path = resolved.path[len(site.path) :]
        if path.startswith(later) and target_file(output, path) is None:
            problems.append(LinkProblem(page, link.url, "broken internal link" if link.tag == "a" else "missing asset"))
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
