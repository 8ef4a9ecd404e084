"""Where each link of a post leads once the site is published, and how to write it instead.

`site_map` lists every address the published site will have (posts, pages, tag,
author and category pages and their pagination, feeds, the other templates,
static files, WordPress redirects), worked out from the files' metadata and the
URL settings without building anything (a `WordPress-URL:` whose address the site
has already, or that leaves it, gets no redirect: `redirect_problems` says why, for
the checks to report on its line). `link_problem` judges one link against
it. A link breaks for readers when it names no page, when it names a draft or a
post still scheduled (neither is published), when it starts with `/` (the site
may live under a path, e.g. https://you.github.io/blog/), or, relative, when the
words that hold it also show in listings and feeds. Pelican's own `{filename}`,
`{static}`, `{tag}`, `{author}`, `{category}` and `{index}` links always work, and
every message says which of them to write.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from output_guard.paths import inside, leaves
from pelican.urlwrappers import Author, Category, Tag
from wordpress.addresses import OUTSIDE, redirect_file

from .header import Header, author_names, listed, parse_date
from .problems import ERROR, WARNING, closest, display, escaped_name, looks_alike

LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1"}
SKIPPED_SCHEMES = {"mailto", "tel", "data", "ftp", "sms"}
SCRIPT_SCHEMES = {"javascript", "vbscript"}  # links that run code when followed (publishing.linkcheck's too)
PELICAN_LINK = re.compile(r"^[{|](?P<what>[A-Za-z_]+)[}|](?P<value>.*)$")
# The marks Pelican replaces (pelican.contents.Content._link_replacer); any other it leaves in the page as written.
INDICATORS = ("filename", "static", "attach", "tag", "category", "author", "index")
# A listing's later pages' files, as the project's PAGINATION_PATTERNS writes them (site_map reads the setting).
LATER_PAGES = (re.compile(r"(?P<base>(?:.*/)?)page/\d+/index\.html"),)
WRAPPERS = {"tag": Tag, "author": Author, "category": Category}
# The settings a tag's, author's or category's slug is made with (pelican.urlwrappers.URLWrapper.slug).
SLUG_SETTINGS = (
    "SLUG_REGEX_SUBSTITUTIONS", "TAG_REGEX_SUBSTITUTIONS", "AUTHOR_REGEX_SUBSTITUTIONS",
    "CATEGORY_REGEX_SUBSTITUTIONS", "SLUGIFY_PRESERVE_CASE", "SLUGIFY_USE_UNICODE",
)  # fmt: skip
# Pelican's feed settings, and whose feed each is (None: the whole site's).
FEEDS = {
    "FEED_ALL_ATOM": None, "FEED_ALL_RSS": None, "FEED_ATOM": None, "FEED_RSS": None,
    "TAG_FEED_ATOM": "tag", "TAG_FEED_RSS": "tag", "AUTHOR_FEED_ATOM": "author", "AUTHOR_FEED_RSS": "author",
    "CATEGORY_FEED_ATOM": "category", "CATEGORY_FEED_RSS": "category",
}  # fmt: skip
# Files the build writes besides the templates (plugins, GitHub Pages).
EXTRA_FILES = ("sitemap.xml", "robots.txt", ".nojekyll", "CNAME")
BREAKS_UNDER_A_PATH = (
    "starts with '/', so it breaks when the site's address has a path (e.g. https://you.github.io/blog/)"
)

Found = tuple[str, str] | None  # (severity, message) of a link's problem, or None


@dataclass(frozen=True)
class Target:
    """A page of the published site (or of the development build only, for drafts)."""

    write: str  # how a post links to it so that the link always works, e.g. {filename}x.md
    source: str = ""  # its Markdown file, relative to the content folder ("" for generated pages)
    status: str = "published"  # or "draft", "scheduled", "left out"
    date: datetime | None = None
    url: str = ""  # its address, relative to the site's root


@dataclass
class SiteMap:
    """Every address of the site, relative to its root ("slug/", "tag/x/", "images/a.svg", "")."""

    root: Path  # the content folder
    pages: dict[str, Target] = field(default_factory=dict)
    sources: dict[str, Target] = field(default_factory=dict)  # content-relative Markdown path -> its page
    listings: set[str] = field(default_factory=set)  # paginated pages: "page/2/" exists below them
    static_folders: tuple[str, ...] = ()
    theme_static: tuple[str, Path] = ("theme", Path("theme/static"))  # (THEME_STATIC_DIR, its files)
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # "tag"... -> {casefolded: name} with a page
    slugs: dict[str, set[str]] = field(default_factory=dict)  # "tag"... -> the slugs of those names
    slug_settings: dict = field(default_factory=dict)  # what a tag's, author's or category's slug is made with
    siteurl: str = ""
    redirects: list[tuple[str, str, Target]] = field(default_factory=list)  # (source, WordPress-URL path, its post)
    redirect_problems: dict[str, tuple[str, str]] = field(default_factory=dict)  # source -> (severity, why no redirect)
    redirects_taken: dict[str, str] = field(default_factory=dict)  # source -> the page at its WordPress-URL, in words
    generated: dict[str, Target] = field(default_factory=dict)  # the site's own pages (no file writes them), by URL
    generated_files: dict[str, Target] = field(default_factory=dict)  # the same, by the file written (normalised)
    save_as: dict[str, str] = field(default_factory=dict)  # a post's or page's source -> the file it writes
    owned_folders: dict[str, str] = field(default_factory=dict)  # a folder the build writes whole -> what it holds
    paginated: tuple[re.Pattern, ...] = LATER_PAGES  # the files of a listing's later pages, `base` named

    def find(self, path: str) -> Target | None:
        """The page at a site path (with or without its trailing slash or index.html), or None."""
        path = unquote(path).lstrip("/").removesuffix("index.html")
        for candidate in (path, path + "/" if path and not path.endswith("/") else None):
            if candidate is not None and candidate in self.pages:
                return self.pages[candidate]
        if self.later_page(path) or (path and self.later_page(path.rstrip("/") + "/index.html")):
            return Target(write="", url=path)
        if path.startswith(self.static_folders) and (self.root / path).is_file():
            return Target(write="{static}" + path, url=path)
        folder, files = self.theme_static
        if path.startswith(folder + "/") and (files / path.removeprefix(folder + "/")).is_file():
            return Target(write="", url=path)
        return None

    def own_path(self, parts) -> str | None:
        """The path on this site (from its root, "/...") of a full address split by urlsplit; None for another
        site's, one beside this one on its host included (https://you.github.io/x/ beside .../blog/). The root may
        be written without its last slash (https://you.github.io/blog)."""
        own = urlsplit(self.siteurl) if self.siteurl.startswith("http") else None
        if own is None or (parts.hostname or "").lower() != (own.hostname or "").lower():
            return None
        base = own.path.rstrip("/") + "/"
        if not parts.path.startswith(base) and parts.path != base.rstrip("/"):
            return None
        return parts.path[len(base) - 1 :]

    def later_page(self, written: str) -> bool:
        """Whether a file (`page/2/index.html`) is a listing's second, third... page."""
        return any(
            (match := pattern.fullmatch(written)) and match["base"] in self.listings for pattern in self.paginated
        )

    def by_slug(self, slug: str) -> Target | None:
        """The post or page whose address ends with this slug, for a 'did you mean'."""
        return next(
            (t for path, t in self.pages.items() if t.source and path.rstrip("/").rsplit("/", 1)[-1] == slug), None
        )


def parsed_date(value: str, timezone: str) -> datetime | None:
    """A header's date in the site's time zone, or None if it does not parse."""
    try:
        date = parse_date(value)
    except ValueError:
        return None
    return date if date.tzinfo else date.replace(tzinfo=ZoneInfo(timezone or "UTC"))


def status_of(header: Header, timezone: str, now: datetime) -> tuple[str, datetime | None]:
    """A file's status for readers ("published", "hidden", "draft" or "scheduled") and its date."""
    date = parsed_date(header.value("date"), timezone) if header.value("date") else None
    status = header.value("status").lower() or "published"
    if status == "published" and date and date > now:
        status = "scheduled"
    return status, date


def split_url(url: str):
    """urlsplit's parts of an address, or None when it is no valid address (`http://[bad`, a port out of range:
    a browser refuses both, and the publish's link check says so)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port out of range raises only when read)
    except ValueError:
        return None
    return parts


def _url(pattern: str, values: dict) -> str | None:
    try:
        return pattern.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError):
        return None  # a URL pattern naming metadata this file lacks


def _add(site: SiteMap, url: str | None, target: Target) -> Target:
    if url is None:
        return target
    url = url.lstrip("/").removesuffix("index.html")
    target = replace(target, url=target.url or url)
    site.pages.setdefault(url, target)
    if not target.source:  # a page of the site's own: a post there would make the build stop
        site.generated.setdefault(url, target)
    return target


def written_file(path: str | None) -> str:
    """A file's path in the output folder as the file system takes it (`./tags//index.html`: `tags/index.html`)."""
    if not path:
        return ""
    name = posixpath.normpath(path.lstrip("/"))
    return "" if name == "." else name


def _own_file(site: SiteMap, save_as: str | None, target: Target) -> None:
    """A file the site writes for a page of its own."""
    if name := written_file(save_as):
        site.generated_files.setdefault(name, target)


def later_pages(settings) -> tuple[re.Pattern, ...]:
    """The files of a listing's second, third... pages, as PAGINATION_PATTERNS writes them (`base`: the listing's)."""
    found = []
    for entry in settings.get("PAGINATION_PATTERNS") or ():
        try:
            minimum, _url_pattern, save_as = entry
        except (TypeError, ValueError):
            continue
        if "{number}" not in str(save_as) or not isinstance(minimum, int) or minimum < 2:
            continue
        parts = re.split(r"(\{base_name\}/?|\{number\})", str(save_as).lstrip("/"))
        pattern = "".join(
            "(?P<base>(?:.*/)?)"
            if part.startswith("{base_name}")
            else r"\d+"
            if part == "{number}"
            else re.escape(part)
            for part in parts
        )
        found.append(re.compile(pattern))
    return tuple(found)


def names_in(header: Header, default_category: str) -> dict[str, list[str]]:
    """The tags, authors and category a post names."""
    return {
        "tag": listed(header.value("tags")),
        "author": author_names(header),
        "category": [header.value("category") or default_category],
    }


def add_file(site: SiteMap, settings, kind: str, source: str, header: Header, *, slug: str, now: datetime) -> None:
    """A post's or page's address, and for a published post, its tag, author and category pages."""
    status, date = status_of(header, settings.get("TIMEZONE") or "UTC", now)
    names = names_in(header, settings.get("DEFAULT_CATEGORY", "misc"))
    values = {
        **{key.replace("-", "_"): value for key, (_line, value) in header.fields.items()},
        "slug": slug,
        "lang": header.value("lang") or settings.get("DEFAULT_LANG", "en"),
        "date": date or now,
        "author": Author(names["author"][0], settings).slug if names["author"] else "",
        "category": Category(names["category"][0], settings).slug if kind == "ARTICLE" else "",
        "path": source,
    }
    # As Pelican chooses: a post in another language than the site's has the `_LANG_` patterns.
    lang = "_LANG" if values["lang"] != settings.get("DEFAULT_LANG", "en") else ""
    drafts = f"DRAFT{lang}_URL" if kind == "ARTICLE" else f"DRAFT_PAGE{lang}_URL"
    pattern = settings.get(drafts if status == "draft" else f"{kind}{lang}_URL") or ""
    url = header.value("url") or _url(pattern, values)  # a draft's own URL too: Pelican keeps it
    target = site.sources[source] = _add(site, url, Target("{filename}" + source, source, status, date))
    saving = f"DRAFT{lang}_SAVE_AS" if kind == "ARTICLE" else f"DRAFT_PAGE{lang}_SAVE_AS"
    saving = saving if status == "draft" else f"{kind}{lang}_SAVE_AS"
    site.save_as[source] = written_file(header.value("save_as") or _url(settings.get(saving) or "", values))
    if status in ("published", "hidden") and (old := header.value("wordpress-url")):
        if (parts := split_url(old)) is None:
            site.redirect_problems[source] = (ERROR, f"WordPress-URL {old!r} is not a valid address: no redirect")
        else:
            site.redirects.append((source, parts.path, target))  # placed once every page is known
    if kind == "ARTICLE" and status == "scheduled":  # the development build shows it, its tag's page too
        for what, items in names.items():
            for name in items:
                wrapper = WRAPPERS[what](name, settings)
                if wrapper.slug:  # a name with no address has no page (the checks name it)
                    _own_file(site, wrapper.save_as, Target("{" + what + "}" + name, url=wrapper.url))
    if kind != "ARTICLE" or status != "published":
        return
    for what, items in names.items():
        for name in items:
            if name.casefold() in site.names[what]:
                continue  # its page is known already (working out a slug costs)
            wrapper = WRAPPERS[what](name, settings)
            if not wrapper.slug:  # no page: the tag is left off its post, an author's or category's post left out
                continue
            site.names[what][name.casefold()] = name
            site.slugs[what].add(wrapper.slug)
            page = _add(site, wrapper.url, Target("{" + what + "}" + name))
            _own_file(site, wrapper.save_as, page)
            site.listings.add(wrapper.url.lstrip("/"))


def add_generated(site: SiteMap, settings) -> None:
    """The pages no file writes: the templates' (home, archives, 404...), the feeds, the plugins' files."""
    for name in settings.get("DIRECT_TEMPLATES", []):
        key = name.upper()
        save_as = settings.get(f"{key}_SAVE_AS", f"{name}.html")
        url = settings.get(f"{key}_URL") or save_as
        if name == "index":
            url = settings.get("INDEX_URL") or ""
            site.listings.add("")
        _own_file(site, save_as, _add(site, url, Target("{index}" if name == "index" else "")))
    for key, kind in FEEDS.items():
        if not (pattern := settings.get(key)):
            continue
        if kind is None:
            _own_file(site, str(pattern), _add(site, str(pattern), Target("")))
            continue
        for name in site.names[kind].values():
            path = _url(str(pattern), {"slug": WRAPPERS[kind](name, settings).slug})
            _own_file(site, path, _add(site, path, Target("")))
    for extra in EXTRA_FILES:
        _own_file(site, extra, _add(site, extra, Target("")))


def site_map(
    settings,
    posts: dict[Path, Header],
    pages: dict[Path, Header],
    slug_of,
    *,
    left_out: frozenset[Path] = frozenset(),
    now: datetime | None = None,
) -> SiteMap:
    """Every address the site will have, from the files' headers and the URL settings."""
    root = Path(settings["PATH"])
    now = now or datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    site = SiteMap(root=root, siteurl=str(settings.get("SITEURL") or ""))
    site.static_folders = tuple(p.strip("/") + "/" for p in settings.get("STATIC_PATHS", []) if p.strip("/"))
    site.theme_static = (str(settings.get("THEME_STATIC_DIR", "theme")).strip("/"), Path(settings["THEME"]) / "static")
    site.owned_folders = {f"{site.theme_static[0]}/": "the theme's files"}
    site.paginated = later_pages(settings) or site.paginated
    if "search" in settings.get("DIRECT_TEMPLATES", ()):  # the search plugin replaces its folder at each build
        site.owned_folders[f"{str(settings.get('SEARCH_INDEX_FOLDER') or 'pagefind').strip('/')}/"] = "the search index"
    site.names = {"tag": {}, "author": {}, "category": {}}
    site.slugs = {"tag": set(), "author": set(), "category": set()}
    site.slug_settings = {name: settings[name] for name in SLUG_SETTINGS if name in settings}
    for kind, headers in (("ARTICLE", posts), ("PAGE", pages)):
        for path, header in headers.items():
            source = path.relative_to(root).as_posix()
            if path in left_out:
                site.sources[source] = Target("{filename}" + source, source, "left out")
            else:
                add_file(site, settings, kind, source, header, slug=slug_of(path, header), now=now)
    add_generated(site, settings)
    add_redirects(site)
    return site


def page_name(target: Target, site: SiteMap) -> str:
    """A page of the site, in words: "content/x.md's page", "the page of the tag 'x'", "the site's /archives/ page"."""
    if target.source:
        return f"the page of {display(site.root / target.source)}"
    if match := PELICAN_LINK.match(target.write):
        return "the home page" if match["what"] == "index" else f"the page of the {match['what']} {match['value']!r}"
    return f"the site's /{target.url} page"


def add_redirects(site: SiteMap) -> None:
    """The wordpress plugin's redirect pages, where no page of the site is already (else a problem of the post)."""
    for source, old, target in site.redirects:
        path = unquote(old).strip("/")
        if path == target.url.strip("/"):
            continue  # the post kept its old address: nothing to redirect
        _page, why = redirect_file(old)
        if why:
            site.redirect_problems[source] = (
                # Outside the site: a mistake, or an export's attempt at writing elsewhere. A file's name:
                # readers of old links are not sent on, nothing worse.
                ERROR if why == OUTSIDE else WARNING,
                f"WordPress-URL {old} {why}",
            )
            continue
        taken = site.find(old)
        if taken is not None and taken is not target:
            site.redirects_taken[source] = page_name(taken, site)
            site.redirect_problems[source] = (
                WARNING,  # readers still land on a page: the one there
                f"WordPress-URL {old} is already the address of {page_name(taken, site)}: no redirect can be"
                " written there (old links to it show that page); remove this line",
            )
            continue
        _add(site, old, target)


def unpublished(target: Target, site: SiteMap) -> Found:
    """The problem of a link to a post readers will not find: a draft, a scheduled or a left-out one."""
    where = display(site.root / target.source)
    if target.status == "draft":
        return ERROR, f"link to a draft ({where}): it is broken for readers until that post is published"
    if target.status == "scheduled" and target.date is not None:
        day = f"{target.date:%Y-%m-%d %H:%M}"
        return ERROR, f"link to a post scheduled for {day} ({where}): it is broken for readers until then"
    if target.status == "left out":
        return ERROR, f"link to {where}, which is left out of the site until its errors are fixed"
    return None


def how_to_write(target: Target, page_url: str) -> str:
    """'write {filename}x.md' or the like; else the link relative to this page."""
    if target.write:
        return f"write {target.write}"
    relative = posixpath.relpath(target.url or ".", posixpath.dirname(page_url) or ".")
    return f"write {relative}{'/' if target.url.endswith('/') else ''} (relative to this page)"


def slug_hint(path: str, site: SiteMap) -> str:
    """' (did you mean {filename}x.md?)' when the address ends with a known post's slug."""
    last = unquote(path).strip("/").rsplit("/", 1)[-1].removesuffix(".html")
    target = site.by_slug(last) if last else None
    if target is not None:
        return f" (did you mean {target.write}?)"
    return "; to link to a post, write {filename}its-file.md"


def linked_out(what: str, path: Path, root: Path) -> str:
    """The problem of a file of the content folder that is a symbolic link to a file outside it."""
    return (
        f"{what} leads outside the content folder {display(root)}/ (it is a link to {display(path.resolve())}),"
        " whose files alone are published: copy the file itself there, in the link's place"
    )


def alike_file(root: Path, resolved: str) -> str | None:
    """The file of the content folder whose path is `resolved` with its accents written otherwise, if any."""
    folder = posixpath.dirname(resolved)
    try:
        names = [entry.name for entry in os.scandir(root / folder) if entry.is_file()]
    except OSError:
        return None
    found = [posixpath.join(folder, name) for name in names]
    return next((path for path in found if looks_alike(resolved, path)), None)


def static_link(what: str, path: str, resolved: str, site: SiteMap) -> Found:
    """A `{static}` or `{attach}` link to `resolved` (inside the content folder): a file there, copied."""
    written = "{" + what + "}" + path
    if (site.root / resolved).is_file() and (escaped := escaped_name(f"link {written}", resolved)):
        return ERROR, escaped  # linked as it is named, and read with the escape undone
    if not (site.root / resolved).is_file() and (site.root / unquote(resolved)).is_file():
        resolved = unquote(resolved)  # as Pelican looks it up, keeping the link as written (`My%20Photo.jpg`)
    if not (site.root / resolved).is_file():
        hint = ""
        if (site.root / path.lstrip("/")).is_file():
            hint = f" (did you mean {{{what}}}/{path.lstrip('/')}?)"
        elif alike := alike_file(site.root, resolved):
            hint = f": did you mean {{{what}}}/{alike}?{looks_alike(resolved, alike)}"
        return ERROR, f"link to a file that does not exist: {written}{hint}"
    if not inside(site.root, site.root / resolved):  # a symbolic link to a file elsewhere: never copied
        return ERROR, linked_out(written, site.root / resolved, site.root)
    return None


def marked_file(written: str, post_dir: str, root: Path) -> str:
    """`#` or `?` when `written`, read whole, names a file of the content folder with that mark in its name (from
    the post's folder, or the content folder's top); else "". An address ends its path at the mark."""
    mark = next((m for m in "#?" if m in written), "")
    if not mark:
        return ""
    candidates = [written.lstrip("/")] if written.startswith("/") else [posixpath.join(post_dir, written), written]
    for whole in map(posixpath.normpath, candidates):
        if not leaves(whole) and (root / whole).is_file():
            return mark
    return ""


def cut_at_mark(what: str, value: str, post_dir: str, site: SiteMap) -> str:
    """Why a `{static}` link to a file whose name holds `#` or `?` leads nowhere ("" when it does not)."""
    if not (mark := marked_file(value, post_dir, site.root)):
        return ""
    return (
        f"link {{{what}}}{value}: the file's name holds {mark!r}, where an address ends its path (the rest"
        f" is not part of the name): rename the file without {mark!r}"
    )


def attached_from_shared(what: str, value: str, resolved: str, site: SiteMap) -> Found:
    """An `{attach}` link to a file of a shared folder (images/, files/): Pelican moves the file to the post's
    address, and another post or page that shows it from there loses it (the publish blamed that one); or, another
    link having named it first, Pelican refuses, and the publish stops on its message, which names no line.

    (An image written with `{attach}` is none: image_credits places it with `{static}`.)"""
    if what != "attach" or not resolved.startswith(site.static_folders):
        return None
    folder = resolved.split("/", maxsplit=1)[0]
    return ERROR, (
        f"{{attach}}{value} would move {resolved} out of {folder}/, shared by every post, to this post's address:"
        f" write {{static}}{resolved}"
    )


def file_link(what: str, value: str, *, post_dir: str, site: SiteMap) -> Found:
    """A `{filename}`, `{static}` or `{attach}` link: a file of the content folder, published."""
    written = "{" + what + "}" + value
    path = value.split("#", 1)[0].split("?", 1)[0]
    resolved = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(post_dir, path))
    if resolved == ".." or resolved.startswith("../"):
        return ERROR, (
            f"{written} leads outside the content folder {display(site.root)}/, whose files alone are published:"
            f" copy the file into {display(site.root)}/ and link it from there"
        )
    if what != "filename":
        if cut := cut_at_mark(what, value, post_dir, site):
            return ERROR, cut
        return static_link(what, value, resolved, site) or attached_from_shared(what, value, resolved, site)
    # As Pelican looks a {filename} path up: as written, then with its %-escapes undone (`other%20post.md`).
    target = site.sources.get(resolved) or site.sources.get(unquote(resolved))
    if target is not None:
        return unpublished(target, site)
    if (site.root / resolved).is_file():
        return ERROR, f"{written} is not a post or page: link to a file with {{static}}{resolved}"
    guess = closest_source(resolved, site)
    hint = (
        f": did you mean {{{what}}}{guess}?{looks_alike(resolved, guess)}"
        if guess
        else f" (check the file's name in {display(site.root)}/)"
    )
    return ERROR, f"link to a post that does not exist: {written}{hint}"


def closest_source(path: str, site: SiteMap) -> str | None:
    """The post or page a mistyped `{filename}` meant: the closest path, else the closest file name."""
    if guess := closest(path, site.sources, cutoff=0.8):
        return guess
    by_name: dict[str, str] = {}
    for source in sorted(site.sources):
        by_name.setdefault(posixpath.basename(source).removesuffix(".md"), source)
    name = closest(posixpath.basename(path).removesuffix(".md"), by_name, cutoff=0.7)
    return by_name[name] if name else None


def unknown_mark(what: str, value: str) -> Found:
    """A mark Pelican does not know (`{filname}`), with the one meant, as far as it can be told."""
    written = what.lower()
    guess = written if written in INDICATORS else closest(written, INDICATORS)
    guess = "index" if written in ("home", "root") else guess
    hint = (
        f"did you mean {{{guess}}}{' (the home page)' if guess == 'index' else ''}?"
        if guess
        else "write one of " + ", ".join(f"{{{mark}}}" for mark in INDICATORS)
    )
    return ERROR, f"link {{{what}}}{value}: Pelican knows no {{{what}}} and leaves the link as written: {hint}"


def without_query(value: str) -> str:
    """A mark's value without the `#part` or `?query` Pelican keeps after the address it puts in."""
    return re.split(r"[?#]", value, maxsplit=1)[0]


def linked_file(value: str, post_dir: str, root: Path) -> Path | None:
    """The file a `{filename}` or `{static}` mark names as Pelican finds it: from the content folder's top with a
    leading '/', else from the folder of the file that links it (`post_dir`, from the top); None when that is
    outside the content folder."""
    whole = posixpath.normpath(value.lstrip("/") if value.startswith("/") else posixpath.join(post_dir, value))
    return None if leaves(whole) else root / whole


def pelican_link(what: str, value: str, *, post_dir: str, site: SiteMap) -> Found:
    """The problem of a `{filename}`, `{static}`, `{tag}`... link, or None."""
    if what not in INDICATORS:  # `{filname}`, `{home}`: Pelican warns with no line, and the page links to the mark
        return unknown_mark(what, value)
    if what in ("filename", "static", "attach"):
        return file_link(what, value, post_dir=post_dir, site=site)
    name = without_query(value)
    # Pelican links the page of the name's slug: `{tag}cafe` leads to the page of the tag Café (and with
    # SLUGIFY_PRESERVE_CASE, `{author}chris` to no page of the author Chris).
    if what in site.names and WRAPPERS[what](name, site.slug_settings).slug not in site.slugs[what]:
        guess = closest(name, site.names[what].values())
        hint = f": did you mean {{{what}}}{guess}?" if guess else ""
        return ERROR, f"link to the {what} {name!r}, which no published post has{hint}"
    return None


def absolute_link(link: str, site: SiteMap) -> Found:
    """A link with a scheme or a host: running code, to localhost (never for readers), to this site, or elsewhere."""
    if found := script_link(link):
        return found
    parts = split_url(link)
    if parts is None:
        return ERROR, f"link {link} is not a valid address (a bracket or a port out of place?)"
    host = (parts.hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return ERROR, f"link to {link}: readers cannot reach your own computer; link to a page of the site"
    if (path := site.own_path(parts)) is None:
        return None  # another site's page
    target = site.find(path)
    if target is None:
        return ERROR, f"link to a page of this site that does not exist: {link}{slug_hint(path, site)}"
    return unpublished(target, site) if target.source else None


def root_link(link: str, path: str, page_url: str, site: SiteMap) -> Found:
    """A link starting with '/': right only while the site lives at its domain's root."""
    target = site.find(path)
    if target is None:
        return ERROR, f"link to a page that does not exist: {link}{slug_hint(path, site)}"
    if target.source and (problem := unpublished(target, site)):
        return problem
    return ERROR, f"link {link} {BREAKS_UNDER_A_PATH}: {how_to_write(target, page_url)}"


def relative_link(link: str, path: str, *, page_url: str, post_dir: str, site: SiteMap) -> Found:
    """A relative link: it must lead somewhere from the post's page, and is better as `{filename}`."""
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path))
    target = site.find("" if resolved == "." else resolved)
    if target is None:
        for candidate in (posixpath.normpath(posixpath.join(post_dir, path)), posixpath.normpath(path)):
            if candidate in site.sources:
                return ERROR, f"link to a page that does not exist: {link} (write {{filename}}{candidate})"
            if (site.root / candidate).is_file():
                return ERROR, f"link to a page that does not exist: {link} (write {{static}}{candidate})"
        return ERROR, f"link to a page that does not exist: {link}{slug_hint(resolved, site)}"
    if target.source and (problem := unpublished(target, site)):
        return problem
    if not target.write:
        return None  # a page only a relative link can reach, such as page 2 of a listing
    return WARNING, (
        f"relative link {link} leads elsewhere where the post shows in a listing or a feed:"
        f" {how_to_write(target, page_url)}"
    )


def link_subject(link: str, *, post_dir: str, site: SiteMap) -> str:
    """The last part of the address a link leads to (a `{filename}` link's post's), for the build's link check."""
    if (match := PELICAN_LINK.match(link.strip())) and match["what"] == "filename":
        path = match["value"].split("#", 1)[0]
        resolved = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(post_dir, path))
        target = site.sources.get(resolved)
        if target is not None and target.url:
            return posixpath.basename(target.url.rstrip("/"))
    return link.strip()


def script_link(link: str) -> Found:
    """A `javascript:` (or `vbscript:`) link, as `invoke publish` names it on the built page; None for others."""
    parts = split_url(link)
    scheme = parts.scheme.lower() if parts is not None else ""
    if scheme in SCRIPT_SCHEMES:
        return ERROR, f"a {scheme}: link runs code (the site's policy blocks it): link to a page instead"
    return None


def link_problem(link: str, *, page_url: str, post_dir: str, site: SiteMap) -> Found:
    """The problem of one link of a post (None when readers will get there): (severity, message)."""
    link = link.strip()
    if not link or link.startswith(("#", "?")):
        return None
    if match := PELICAN_LINK.match(link):
        return pelican_link(match["what"], match["value"], post_dir=post_dir, site=site)
    parts = split_url(link)
    if parts is not None and parts.scheme.lower() in SKIPPED_SCHEMES:
        return None
    if parts is None or parts.scheme or parts.netloc:  # absolute_link says why one is no valid address
        return absolute_link(link, site)
    if parts.path.startswith("/"):
        return root_link(link, parts.path, page_url, site)
    return relative_link(link, parts.path, page_url=page_url, post_dir=post_dir, site=site)
