"""A post's HTML as WordPress displays it, and what WordPress shows there that a static page cannot.

WordPress stores a classic-editor post with blank lines for paragraphs and with
shortcodes (`[caption]`, `[gallery]`...) that it expands as it shows the post;
block-editor posts are stored as HTML between `<!-- wp:... -->` comments and get
no automatic paragraphs, and some of their blocks (dynamic blocks: latest posts,
archives, calendar, query loops, search...) hold nothing: WordPress builds them
on every view. This module does what WordPress does as it shows a post, in its
order, as far as a static page can:

- reusable blocks (`wp:block`) become their content from the export, and the
  footnotes block the post's footnotes (its `footnotes` post meta), as WordPress
  lists them, so that the note links lead somewhere;
- dynamic blocks are left out;
- `[embed]` and a URL alone on its line (WordPress's oEmbed: a player or a card
  fetched from the other site) become a link to that URL, since a static page
  embeds nothing without a request to a third party; a URL WordPress would not
  embed is a link in WordPress too;
- `[caption]`, `[gallery]` (with `ids`, or the images attached to the post in
  their menu order, as WordPress shows them), `[audio]`, `[video]` and
  `[playlist]` (their source, or the post's attached audio or video) are rendered;
  old themes' caption markup becomes a figure; classic posts get their automatic
  paragraphs.

Whatever WordPress shows that we cannot is counted in `Shown.missing`, by
(kind, name): ("shortcode", "contact-form") left as text, ("block",
"latest-posts") and ("reusable", ref) left out, ("embed", URL) a link here. Both the conversion to Markdown and the
fidelity measure start from `Shown.html`, and the import's report names every
one of `Shown.missing`.

Where WordPress shows nothing for an `[audio]` or `[video]` whose only source is
a URL written after the name (`[audio https://…/a.mp3]`: WordPress reads no such
argument, and plays the post's attached audio if it has any), the player plays
that URL: what the writer meant.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from comments.wpautop import autop

from .wxr import WpAttachment

BLOCK_MARK = "<!-- wp:"
# A block's comment: `<!-- wp:name {"json":1} -->`, `<!-- /wp:name -->`, or void `<!-- wp:name /-->`.
# WordPress writes `<` and `>` in attributes as \u003c and \u003e: the JSON never holds them.
BLOCK = re.compile(
    r"<!--\s+(?P<close>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)(?P<attrs>\s+\{[^<>]*\})?\s*(?P<void>/)?-->"
)
# Core blocks WordPress builds on every view (render callbacks without saved markup to show).
DYNAMIC_BLOCKS = frozenset(
    {"archives", "avatar", "calendar", "categories", "comment-author-name", "comment-content", "comment-date",
     "comment-edit-link", "comment-reply-link", "comment-template", "comments", "comments-pagination",
     "comments-pagination-next", "comments-pagination-numbers", "comments-pagination-previous", "comments-query-loop",
     "comments-title", "home-link", "latest-comments", "latest-posts", "legacy-widget", "loginout", "navigation",
     "navigation-link", "navigation-submenu", "page-list", "page-list-item", "pattern", "post-author",
     "post-author-biography", "post-author-name", "post-comments", "post-comments-count", "post-comments-form",
     "post-comments-link", "post-content", "post-date", "post-excerpt", "post-featured-image",
     "post-navigation-link", "post-template", "post-terms", "post-title", "query", "query-no-results",
     "query-pagination", "query-pagination-next", "query-pagination-numbers", "query-pagination-previous",
     "query-title", "query-total", "read-more", "rss", "search", "site-logo", "site-tagline", "site-title",
     "social-link", "social-links", "tag-cloud", "template-part", "term-description", "term-name", "time-to-read",
     "widget-group"}
)  # fmt: skip
EMBED_BLOCKS = ("embed", "core-embed/")
MAX_REUSE_DEPTH = 5  # a reusable block inside a reusable block...: deeper is a loop

CAPTION = re.compile(r"\[(?:wp_)?caption(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/(?:wp_)?caption\]", re.S | re.I)
GALLERY = re.compile(r"(?<!\[)\[gallery(?P<attrs>(?:\s[^\]]*)?)\](?!\])", re.I)
PLAYLIST = re.compile(r"(?<!\[)\[playlist(?P<attrs>(?:\s[^\]]*)?)\](?!\])", re.I)
EMBED = re.compile(r"(?<!\[)\[embed[^\]]*\](?P<url>.*?)\[/embed\]", re.S | re.I)
MEDIA = re.compile(
    r"(?<!\[)\[(?P<kind>audio|video)(?P<attrs>(?:\s[^\]]*)?)\](?:(?P<inner>.*?)\[/(?P=kind)\])?", re.S | re.I
)
# A shortcode, not prose in brackets: it has a closing tag, key="value" attributes or a URL (or a known name).
SHORTCODE = re.compile(
    r"\[(?P<name>[a-z][a-z0-9_-]*)(?:(?P<args>\s[^\]]*(?:=|://)[^\]]*)\]|(?:\s[^\]]*)?\].*?\[/(?P=name)\])", re.S | re.I
)
ESCAPED_SHORTCODE = re.compile(r"\[(\[(?P<name>[a-z][a-z0-9_-]*)(?:\s[^\]]*)?\])\]", re.I)
BARE_SHORTCODE = re.compile(r"\[(?P<name>[a-z][a-z0-9_-]*)(?:\s[^\]]*)?\]", re.I)
# Shortcodes of WordPress and WordPress.com worth naming even without arguments.
KNOWN_SHORTCODES = frozenset(
    {"gallery", "audio", "video", "playlist", "caption", "wp_caption", "embed", "contact-form", "contact-field",
     "archives", "sitemap", "youtube", "vimeo", "dailymotion", "soundcloud", "spotify", "googlemaps", "gravatar",
     "polldaddy", "crowdsignal", "poll", "recipe", "slideshow", "instagram", "twitter", "tweet", "wpvideo",
     "blog-subscription", "jetpack_subscription_form", "portfolio", "testimonials", "gist", "ted", "flickr",
     "scribd", "slideshare", "facebook", "pinterest", "issuu", "mixcloud", "bandcamp", "wufoo", "presentation"}
)  # fmt: skip
# WordPress's shortcode_parse_atts: key="v", key='v', key=v, "v", 'v', v.
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
MEDIA_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "wmv", "flv")
KINDS = {
    "image": ("jpg", "jpeg", "jpe", "png", "gif", "webp", "avif", "svg", "bmp", "ico", "heic"),
    "audio": ("mp3", "m4a", "ogg", "oga", "wav", "wma", "flac", "aac", "mka"),
    "video": ("mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov", "avi", "3gp", "mkv"),
}
# The sites WordPress (and WordPress.com) embeds a URL of when it stands alone on a line (oEmbed providers).
EMBED_HOSTS = (
    "youtube.com", "youtu.be", "vimeo.com", "dailymotion.com", "dai.ly", "flickr.com", "flic.kr", "smugmug.com",
    "scribd.com", "wordpress.tv", "videopress.com", "crowdsignal.net", "polldaddy.com", "poll.fm", "survey.fm",
    "twitter.com", "x.com", "soundcloud.com", "slideshare.net", "spotify.com", "imgur.com", "issuu.com",
    "mixcloud.com", "ted.com", "animoto.com", "video214.com", "tumblr.com", "kickstarter.com", "kck.st",
    "cloudup.com", "reverbnation.com", "reddit.com", "speakerdeck.com", "screencast.com", "amazon.com", "amzn.to",
    "a.co", "someecards.com", "tiktok.com", "pinterest.com", "wolframcloud.com", "pca.st", "anghami.com",
    "bsky.app", "facebook.com", "instagram.com", "instagr.am",
)  # fmt: skip
# WordPress's autoembed: a URL alone on its line, or alone in its paragraph.
LINE_URL = re.compile(r"^(?P<before>[ \t]*)(?P<url>https?://[^\s<>\"]+)(?P<after>[ \t]*)$", re.M | re.I)
PARAGRAPH_URL = re.compile(r"(?P<before><p(?: [^>]*)?>\s*)(?P<url>https?://[^\s<>\"]+)(?P<after>\s*</p>)", re.I)
# An unclosed comment or <pre> runs to the end, as in a browser (and each search stays linear).
TAG_OR_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<[^>]*>", re.S)
PRE = re.compile(r"<pre\b.*?(?:</pre>|\Z)", re.S | re.I)
LINE_BREAK = "\x00wp-line-break\x00"


@dataclass(frozen=True)
class Library:
    """What WordPress looks up as it shows a post: the export's media library and its reusable blocks."""

    attachments: Mapping[str, WpAttachment] = field(default_factory=dict)
    blocks: Mapping[str, str] = field(default_factory=dict)  # wp_block id -> its content

    def url(self, attachment_id: str) -> str:
        """The address of a media library item, "" if the export does not hold it."""
        attachment = self.attachments.get(attachment_id.strip())
        return attachment.url if attachment else ""

    def attached(self, post_id: str, kind: str) -> list[WpAttachment]:
        """The post's attached images, audio or video, in WordPress's order (menu order, then id)."""
        found = [a for a in self.attachments.values() if post_id and a.parent == post_id and media_kind(a.url) == kind]
        return sorted(found, key=lambda a: (a.order, int(a.id) if a.id.isdigit() else 0, a.id))


@dataclass(frozen=True)
class Shown:
    """A post as WordPress shows it, and what of that a static page cannot show ((kind, name) -> how many)."""

    html: str
    missing: Counter = field(default_factory=Counter)


def media_kind(url: str) -> str:
    """ "image", "audio", "video" or "" by the file's extension (an export gives no media type)."""
    extension = urlsplit_path(url).rpartition(".")[2].lower()
    return next((kind for kind, extensions in KINDS.items() if extension in extensions), "")


def urlsplit_path(url: str) -> str:
    """The path of a URL; "" for one that cannot be parsed."""
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def embeds(url: str) -> bool:
    """Whether WordPress embeds this URL when it stands alone (an oEmbed provider's page)."""
    try:
        host = (urlsplit(html.unescape(url)).hostname or "").lower()
    except ValueError:
        return False
    return any(host == known or host.endswith("." + known) for known in EMBED_HOSTS)


def shortcode_attributes(text: str) -> dict[str, str]:
    """A shortcode's attributes as WordPress parses them; values given without a name are keyed "0", "1"..."""
    found: dict[str, str] = {}
    position = 0
    for match in ATTRIBUTE.finditer((text or "").replace("\u00a0", " ").replace("\u200b", " ")):
        groups = match.groups()
        for key, value in ((groups[0], groups[1]), (groups[2], groups[3]), (groups[4], groups[5])):
            if key:
                found[key.lower()] = html.unescape(value)
                break
        else:
            found[str(position)] = html.unescape(next(g for g in groups[6:] if g is not None))
            position += 1
    return found


def link(url: str) -> str:
    """An HTML link to a URL, showing it."""
    shown = html.escape(html.unescape(url.strip()))
    return f'<a href="{shown}">{shown}</a>'


def embed_missing(url: str) -> tuple[str, str]:
    """An embed shown as a link, as `Shown.missing` counts it."""
    return "embed", html.unescape(url.strip())


# --- blocks ---------------------------------------------------------------------


def block_name(name: str) -> str:
    """A block's name without WordPress's own namespace ("core/latest-posts" -> "latest-posts")."""
    return name.removeprefix("core/")


def block_attributes(text: str | None) -> dict:
    """A block comment's JSON attributes ({} if there are none or they cannot be read)."""
    try:
        value = json.loads(text) if text else {}
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def handled(name: str, void: bool) -> str:
    """What to do with a block: "dynamic", "reusable", "footnotes", "embed", or "" (its HTML as it is)."""
    if name == "block":
        return "reusable"
    if name == "footnotes":
        return "footnotes"
    if name.startswith(EMBED_BLOCKS):
        return "embed"
    if name in DYNAMIC_BLOCKS or (void and "/" in name):  # a plugin's block with nothing saved is built on view
        return "dynamic"
    return ""


def footnotes_list(notes: tuple[tuple[str, str], ...]) -> str:
    """The footnotes block as WordPress renders it: each note, and a link back to where it is called."""
    if not notes:
        return ""
    items = "".join(
        f'<li id="{html.escape(note_id)}">{content} <a href="#{html.escape(note_id)}-link">↩︎</a></li>'
        for note_id, content in notes
    )
    return f'<ol class="wp-block-footnotes">{items}</ol>'


class Blocks:
    """The blocks WordPress renders itself: reusable ones, footnotes, embeds (as links), dynamic ones (left out)."""

    def __init__(self, library: Library, notes: tuple[tuple[str, str], ...], missing: Counter):
        self.library, self.notes, self.missing = library, notes, missing

    def render(self, text: str, depth: int = 0) -> str:
        """The text with each block WordPress renders itself rendered (the outermost, when they nest)."""
        pieces, position = [], 0
        stack: list[tuple[str, str, dict, int, int]] = []  # (name, what to do, attributes, start, content start)
        for match in BLOCK.finditer(text):
            name = block_name(match["name"])
            if match["close"]:
                opened = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == name), None)
                if opened is None:
                    continue
                _name, what, attributes, start, inner = stack[opened]
                del stack[opened:]
                if what and not any(entry[1] for entry in stack):  # an outer handled block takes care of this one
                    pieces += [
                        text[position:start],
                        self.block(name, what, attributes, text[inner : match.start()], depth),
                    ]
                    position = match.end()
                continue
            what = handled(name, bool(match["void"]))
            attributes = block_attributes(match["attrs"]) if what else {}
            if not match["void"]:
                stack.append((name, what, attributes, match.start(), match.end()))
            elif what and not any(entry[1] for entry in stack):
                pieces += [text[position : match.start()], self.block(name, what, attributes, "", depth)]
                position = match.end()
        pieces.append(text[position:])
        return "".join(pieces)

    def block(self, name: str, what: str, attributes: dict, inner: str, depth: int) -> str:
        """One block WordPress renders itself, as a static page shows it."""
        if what == "dynamic":
            self.missing["block", name] += 1
            return ""
        if what == "footnotes":
            return footnotes_list(self.notes)
        if what == "reusable":
            ref = str(attributes.get("ref", ""))
            content = self.library.blocks.get(ref)
            if content is None or depth >= MAX_REUSE_DEPTH:
                self.missing["reusable", ref or "(no ref)"] += 1
                return ""
            return self.render(content.replace("\r\n", "\n"), depth + 1)
        url = attributes.get("url") if isinstance(attributes.get("url"), str) else ""
        found = LINE_URL.search(inner)
        url = url or (found["url"] if found else "")
        if url:
            self.missing[embed_missing(url)] += 1
        # The wrapper's URL as a link (WordPress put the player there), and nothing else changed.
        return LINE_URL.sub(lambda m: m["before"] + link(m["url"]) + m["after"], inner, count=1)


# --- shortcodes -------------------------------------------------------------------


class Shortcodes:
    """The shortcodes WordPress core renders: [embed], [caption], [gallery], [playlist], [audio], [video]."""

    def __init__(self, library: Library, post_id: str, missing: Counter):
        self.library, self.post_id, self.missing = library, post_id, missing

    def expand(self, content: str) -> str:
        """[embed] a link; [caption] a <figure>; [gallery] a figure per image; [audio]/[video]/[playlist] players."""
        content = EMBED.sub(self.embed, content)  # WordPress runs [embed] first, before the other shortcodes
        content = CAPTION.sub(self.caption, content)
        content = GALLERY.sub(self.gallery, content)
        content = PLAYLIST.sub(self.playlist, content)
        return MEDIA.sub(self.media, content)

    def embed(self, match: re.Match) -> str:
        url = match["url"].strip()
        if embeds(url):
            self.missing[embed_missing(url)] += 1
        return f"<p>{link(url)}</p>"

    @staticmethod
    def caption(match: re.Match) -> str:
        attrs = shortcode_attributes(match["attrs"])
        inner = BeautifulSoup(match["inner"], "html.parser")
        img = inner.find("img")
        if img is None:
            return match.group(0)
        img.extract()
        for anchor in inner.find_all("a"):
            if not anchor.get_text(strip=True):
                anchor.decompose()  # the link that wrapped the image: the figure shows the image itself
        text = html.escape(attrs["caption"], quote=False) if attrs.get("caption") else inner.decode_contents().strip()
        # WordPress gives the caption's box the alignment (align="alignright"): its figure carries it
        side = attrs.get("align", "")
        align = f' class="{side}"' if side in ("alignleft", "alignright", "aligncenter") else ""
        return f"<figure{align}>{img}<figcaption>{text}</figcaption></figure>"

    def chosen(self, attrs: dict[str, str], kind: str) -> list[WpAttachment] | None:
        """The attachments a gallery or playlist shows, in its order (None: ids the export does not hold)."""
        ids = attrs.get("ids") or attrs.get("include") or ""
        if ids.strip():
            found = [self.library.attachments.get(i.strip()) for i in ids.split(",") if i.strip()]
            items = [a for a in found if a is not None and media_kind(a.url) == kind]
            if not items:
                return None
        else:
            items = self.library.attached(attrs.get("id") or self.post_id, kind)
        excluded = {i.strip() for i in attrs.get("exclude", "").split(",")}
        items = [a for a in items if a.id not in excluded]
        if attrs.get("orderby", "").lower() == "title":
            items.sort(key=lambda a: a.title.casefold())
        elif attrs.get("orderby", "").upper() == "ID":
            items.sort(key=lambda a: int(a.id) if a.id.isdigit() else 0)
        if attrs.get("order", "").upper() == "DESC":
            items.reverse()
        return items

    def gallery(self, match: re.Match) -> str:
        items = self.chosen(shortcode_attributes(match["attrs"]), "image")
        if items is None:
            return match.group(0)  # its images are not in the export: named in the report
        figures = []
        for item in items:
            words = " ".join(BeautifulSoup(item.caption, "html.parser").get_text(" ").split())
            caption = f"<figcaption>{html.escape(words, quote=False)}</figcaption>" if words else ""
            image = f'<img src="{html.escape(item.url)}" alt="{html.escape(item.alt)}">'
            figures.append(f"<figure>{image}{caption}</figure>")
        return "".join(figures)  # none attached: WordPress shows nothing either

    def player(self, kind: str, url: str) -> str:
        if kind == "video" and embeds(url):  # a YouTube or Vimeo address: WordPress embeds its player
            self.missing[embed_missing(url)] += 1
            return f"<p>{link(url)}</p>"
        return f'<{kind} src="{html.escape(html.unescape(url))}" controls></{kind}>'

    def media(self, match: re.Match) -> str:
        kind = match["kind"].lower()
        attrs = shortcode_attributes(match["attrs"])
        url = next((attrs[key] for key in MEDIA_SOURCES if attrs.get(key)), "")
        if not url and (attached := self.library.attached(self.post_id, kind)):
            url = attached[0].url  # what WordPress plays when the shortcode names no source
        url = url or attrs.get("0", "") or BeautifulSoup(match["inner"] or "", "html.parser").get_text().strip()
        return self.player(kind, url) if url.startswith(("http://", "https://", "/")) else ""

    def playlist(self, match: re.Match) -> str:
        attrs = shortcode_attributes(match["attrs"])
        kind = "video" if attrs.get("type", "").lower() == "video" else "audio"
        items = self.chosen(attrs, kind)
        if items is None:
            return match.group(0)
        return "".join(self.player(kind, item.url) for item in items)


def escaped(text: str, match: re.Match) -> bool:
    """Whether a shortcode is written `[[name]]`: WordPress shows it as `[name]`, as text."""
    return text[match.start() - 1 : match.start()] == "[" and text[match.end() : match.end() + 1] == "]"


def unrendered_shortcodes(content: str) -> list[str]:
    """The names of the shortcodes left in a post's HTML (outside its tags), in order of appearance."""
    text = TAG_OR_COMMENT.sub(" ", content)
    names = [m["name"].lower() for m in SHORTCODE.finditer(text) if not escaped(text, m)]
    rest = SHORTCODE.sub(" ", text)
    names += [
        m["name"].lower()
        for m in BARE_SHORTCODE.finditer(rest)
        if m["name"].lower() in KNOWN_SHORTCODES and not escaped(rest, m)
    ]
    return names


def unescape_shortcodes(content: str) -> str:
    """`[[gallery]]` as WordPress shows it: `[gallery]`, the text of a shortcode."""
    return ESCAPED_SHORTCODE.sub(lambda m: m[1] if m["name"].lower() in KNOWN_SHORTCODES else m[0], content)


# --- oEmbed -------------------------------------------------------------------------


def autoembed(content: str, missing: Counter) -> str:
    """WordPress's autoembed: a URL alone on its line or in its paragraph, as a link (a player in WordPress)."""
    if "http" not in content:
        return content
    kept: list[str] = []

    def keep(match):
        kept.append(match.group(0))
        return f"\x00pre{len(kept) - 1}\x00"

    text = PRE.sub(keep, content)  # code shows its URLs as text
    # As WordPress does: a line break inside a tag or comment does not make its URL stand alone.
    text = TAG_OR_COMMENT.sub(lambda m: m.group(0).replace("\n", LINE_BREAK), text)

    def embedded(match):
        url = match["url"]
        if embeds(url):
            missing[embed_missing(url)] += 1
        return match["before"] + link(url) + match["after"]

    text = PARAGRAPH_URL.sub(embedded, LINE_URL.sub(embedded, text))
    text = text.replace(LINE_BREAK, "\n")
    return re.sub("\x00pre(\\d+)\x00", lambda m: kept[int(m[1])], text)


def caption_lists_as_figures(markup: str) -> str:
    """Old themes' caption markup (`<dl class="wp-caption"><dt>image</dt><dd>caption</dd></dl>`) as a figure."""
    if "wp-caption" not in markup:
        return markup
    soup = BeautifulSoup(markup, "html.parser")
    for caption_list in soup.select("dl.wp-caption"):
        img, text = caption_list.find("img"), caption_list.find("dd")
        if img is None and (text is None or not text.get_text(strip=True)):
            caption_list.decompose()
            continue
        figure = soup.new_tag("figure")
        if img is not None:
            figure.append(img.extract())
        if text is not None and text.get_text(strip=True):
            text.name, text.attrs = "figcaption", {}
            figure.append(text.extract())
        caption_list.replace_with(figure)
    return str(soup)


def displayed_html(
    content: str, library: Library | None = None, *, post_id: str = "", footnotes: tuple[tuple[str, str], ...] = ()
) -> Shown:
    """The post as WordPress shows it (as far as a static page can), and what it shows that we cannot."""
    library = library or Library()
    missing: Counter = Counter()
    text = content.replace("\r\n", "\n")
    blocks = BLOCK_MARK in text
    if blocks:
        text = Blocks(library, footnotes, missing).render(text)
    text = autoembed(Shortcodes(library, post_id, missing).expand(text), missing)
    text = caption_lists_as_figures(text)
    for name in unrendered_shortcodes(text):
        missing["shortcode", name] += 1
    text = unescape_shortcodes(text)
    return Shown(text if blocks else autop(text), missing)  # WordPress adds no paragraphs to block-editor posts
