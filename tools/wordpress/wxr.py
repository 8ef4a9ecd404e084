"""Read a WordPress export (WXR) into plain records: posts, pages, authors, attachments.

Namespace-agnostic: WordPress.com writes `https://wordpress.org/export/1.2/`,
WordPress itself `http://...`; elements are matched by their local names.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import SplitResult, urlsplit
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from comments.model import ExportError
from dateutil import parser as dateparser
from writing.header import FIRST_YEAR, LAST_YEAR

from tools.comments.exports import channel_blog, wxr_channel
from tools.comments.exports import local_name as local
from tools.comments.exports import wp_text as child_text


class WxrError(ValueError):
    """An export that cannot be read as WordPress XML."""


def split_url(url: str) -> SplitResult:
    """`urlsplit`, except that an address that is no URL at all ('http://[oops') splits as an empty one.

    Every URL of an export comes from elsewhere: one that cannot be parsed is
    nothing to link to or copy, never a reason to stop the import.
    """
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


@dataclass(frozen=True)
class WpAuthor:
    """A WordPress user who wrote posts."""

    login: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class WpAttachment:
    """A media library item: its URL, alt text and caption, and the post it was uploaded to."""

    id: str
    url: str
    alt: str = ""
    caption: str = ""
    title: str = ""
    parent: str = ""  # the post it is attached to: a [gallery] without ids shows these
    order: int = 0  # its menu_order, the order of such a gallery


@dataclass(frozen=True)
class WpItem:
    """A post or page (or anything else the export holds)."""

    id: str
    type: str
    status: str
    title: str
    slug: str
    link: str
    date: datetime | None
    author: str
    content: str
    excerpt: str = ""
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    password: str = ""
    thumbnail_id: str = ""
    comments: int = 0
    comment_status: str = "open"
    date_text: str = ""  # the export's post_date, as written (to report one that is not a date)
    title_html: str = ""  # the title as WordPress showed it: HTML, its text escaped where it looks like markup
    footnotes: tuple[tuple[str, str], ...] = ()  # (id, HTML) of the block editor's footnotes, in their order
    foreign_link: str = ""  # its <link> when on another site than the blog's: then `link` is "" (no old address)


@dataclass
class WpSite:
    """Everything the migration needs from an export."""

    title: str
    link: str
    base_urls: tuple[str, ...] = ()  # the blog's own addresses (wp:base_site_url, wp:base_blog_url)
    authors: dict[str, WpAuthor] = field(default_factory=dict)
    items: list[WpItem] = field(default_factory=list)
    attachments: dict[str, WpAttachment] = field(default_factory=dict)
    blocks: dict[str, str] = field(default_factory=dict)  # reusable blocks (wp_block items): id -> content
    blog: str = "blog"  # which blog this is, the same in each of its exports (exports.wxr_blog)


def post_meta(item) -> dict[str, str]:
    """The item's <wp:postmeta> key/value pairs."""
    meta = {}
    for child in item:
        if local(child.tag) == "postmeta":
            meta[child_text(child, "meta_key")] = child_text(child, "meta_value")
    return meta


def item_date(item, tz: str) -> datetime | None:
    """The publication date, as the blog showed it: post_date at its offset from post_date_gmt; else post_date_gmt;
    else post_date in the site's zone; else None.

    WordPress keeps both the blog's local time and UTC's: the local one, with the offset between them,
    is the same moment and shows the day the blog showed (a post of 20:00 on the 20th in New York is
    the 21st in UTC). None for no date, one that is not a date, or a year a post cannot have (9999):
    the migration reports such an item as undated.
    """
    if (local := local_date(item)) is not None:
        return local
    for name, zone in (("post_date_gmt", "UTC"), ("post_date", tz)):
        text = child_text(item, name)
        if text and not text.startswith("0000"):
            try:
                date = dateparser.parse(text).replace(tzinfo=ZoneInfo(zone))
            except (ValueError, OverflowError):
                continue  # not a date: the migration reports the item as undated
            if FIRST_YEAR <= date.year <= LAST_YEAR:  # what a post's Date: may be (the checks leave out the rest)
                return date
    return None


def local_date(item) -> datetime | None:
    """post_date with its offset from post_date_gmt, when both are dates a whole number of minutes apart (at most
    a day: a zone's offset is under 15 hours); else None."""
    texts = [child_text(item, name) for name in ("post_date", "post_date_gmt")]
    if not all(texts) or any(text.startswith("0000") for text in texts):
        return None
    try:
        local, utc = (dateparser.parse(text) for text in texts)
    except (ValueError, OverflowError):
        return None
    if local.tzinfo is not None or utc.tzinfo is not None:
        return None
    offset = local - utc
    if offset % timedelta(minutes=1) or abs(offset) >= timedelta(hours=15):
        return None
    date = local.replace(tzinfo=timezone(offset))
    return date if FIRST_YEAR <= date.year <= LAST_YEAR else None


def read_wxr(text: str, tz: str = "UTC") -> WpSite:
    """Parse an export's text."""
    try:
        channel = wxr_channel(text)
    except ExportError as error:
        raise WxrError(str(error)) from None
    site = WpSite(
        title=html.unescape(child_text(channel, "title")),
        link=child_text(channel, "link"),
        base_urls=tuple(u for u in (child_text(channel, "base_site_url"), child_text(channel, "base_blog_url")) if u),
        blog=channel_blog(channel),
    )
    for node in channel:
        if local(node.tag) == "author":
            login = child_text(node, "author_login")
            name = html.unescape(child_text(node, "author_display_name")) or login
            site.authors[login] = WpAuthor(login, name, child_text(node, "author_description"))
    hosts = own_hosts((site.link, *site.base_urls))
    for node in channel.iter("item"):
        kind = child_text(node, "post_type")
        meta = post_meta(node)
        if kind == "attachment":
            attachment_id = child_text(node, "post_id")
            site.attachments[attachment_id] = WpAttachment(
                id=attachment_id,
                url=child_text(node, "attachment_url"),
                alt=meta.get("_wp_attachment_image_alt", ""),
                caption=_excerpt(node),
                title=html.unescape(child_text(node, "title")),
                parent=child_text(node, "post_parent"),
                order=_number(child_text(node, "menu_order")),
            )
        item = _item(node, kind, meta, tz, hosts)
        if kind == "wp_block":
            site.blocks[item.id] = item.content
        site.items.append(item)
    return site


def title_html(raw: str) -> str:
    """A WordPress title (HTML) as our `Title:` field: its tags kept, its text decoded but for `&`, `<` and `>`.

    WordPress shows a title as HTML, so `&lt;b&gt;` in it is the text "<b>": decoding
    it whole would turn that text into a tag (and `&lt;script&gt;` into a script).
    """
    return " ".join(BeautifulSoup(raw, "html.parser").decode(formatter="minimal").split())


def _number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def footnotes(value: str) -> tuple[tuple[str, str], ...]:
    """The block editor's footnotes (the `footnotes` post meta, JSON): (id, HTML) pairs; none if it is not that."""
    try:
        notes = json.loads(value) if value else []
    except (ValueError, RecursionError):  # not JSON, or nested beyond reason: an export from elsewhere
        return ()
    if not isinstance(notes, list):
        return ()
    return tuple(
        (note["id"], note.get("content", "") if isinstance(note.get("content"), str) else "")
        for note in notes
        if isinstance(note, dict) and isinstance(note.get("id"), str) and note["id"]
    )


def _excerpt(node) -> str:
    for child in node:
        if local(child.tag) == "encoded" and "excerpt" in child.tag:
            return (child.text or "").strip()
    return ""


def _content(node) -> str:
    for child in node:
        if local(child.tag) == "encoded" and "content" in child.tag:
            return child.text or ""
    return ""


def own_hosts(addresses) -> frozenset[str]:
    """The hosts of the blog's own addresses (its link, base_site_url, base_blog_url), casefolded."""
    return frozenset(host for url in addresses if url and (host := split_url(url).netloc.casefold()))


def _item(node, kind: str, meta: dict, tz: str, hosts: frozenset[str] = frozenset()) -> WpItem:
    link = split_url(child_text(node, "link"))
    # Only an address on the blog's own site is an old address of it: another site's is nothing to redirect.
    foreign = bool(link.netloc) and link.netloc.casefold() not in hosts
    terms = {"post_tag": [], "category": []}
    for child in node:
        if local(child.tag) == "category" and child.get("domain") in terms:
            terms[child.get("domain")].append(html.unescape((child.text or "").strip()))
    return WpItem(
        id=child_text(node, "post_id"),
        type=kind,
        status=child_text(node, "status"),
        title=" ".join(html.unescape(child_text(node, "title")).split()),
        slug=child_text(node, "post_name"),
        link="" if foreign else link.path,
        foreign_link=child_text(node, "link") if foreign else "",
        date=item_date(node, tz),
        author=child_text(node, "creator"),
        content=_content(node),
        excerpt=_excerpt(node),
        tags=tuple(dict.fromkeys(t for t in terms["post_tag"] if t)),
        categories=tuple(dict.fromkeys(c for c in terms["category"] if c)),
        password=child_text(node, "post_password"),
        thumbnail_id=meta.get("_thumbnail_id", ""),
        comments=sum(1 for child in node if local(child.tag) == "comment"),
        comment_status=child_text(node, "comment_status") or "open",
        date_text=child_text(node, "post_date"),
        title_html=title_html(child_text(node, "title")),
        footnotes=footnotes(meta.get("footnotes", "")),
    )
