"""WordPress's post HTML to clean Markdown, with images and their captions and credits.

markdownify (maintained) does the conversion; before it, WordPress's own storage
conventions are undone: paragraphs stored as blank lines (what WordPress's
`wpautop()` turns into <p> when it displays a post; no maintained Python port
exists, so `autop` below is a small one) and `[caption]`/`[gallery]` shortcodes.
A caption's trailing "Image Credit: X via Y" becomes the image's credit, not
caption text.

An export comes from elsewhere: the Markdown written from it never carries live
HTML. markdownify drops the tags it does not convert (scripts, iframes, event
handlers), but writes text as it reads it, so text that was `&lt;script&gt;` in
WordPress would come out as a raw `<script>`: here it stays an entity. A link to
anything but a web or mail address keeps its text only, and every URL is
percent-encoded where Markdown would end it (spaces, parentheses, angle brackets).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

# Block elements: a chunk beginning with one is not wrapped in <p> (WordPress's list).
BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|blockquote|"
    "address|math|style|script|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|"
    "nav|figure|figcaption|details|menu|summary|iframe|video|audio|object|embed"
)
STARTS_BLOCK = re.compile(
    rf"^(?:<(?:{BLOCK_TAGS})[\s>/]|</(?:{BLOCK_TAGS})>|<!--|\[(?:caption|wp_caption|gallery)\b)", re.I
)
OPENS_BLOCK = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>]|<!--|\[(?:wp_)?caption\b)", re.I)
CLOSES_BLOCK = re.compile(rf"(</(?:{BLOCK_TAGS})>|-->|\[/(?:wp_)?caption\])", re.I)
CAPTION = re.compile(r"\[(?:wp_)?caption(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/(?:wp_)?caption\]", re.S | re.I)
GALLERY = re.compile(r"\[gallery(?P<attrs>[^\]]*)\]", re.I)
EMBED = re.compile(r"\[embed[^\]]*\](?P<url>.*?)\[/embed\]", re.S | re.I)
# A shortcode, not prose in brackets: it has a closing tag, key="value" attributes or a URL.
SHORTCODE = re.compile(
    r"\[(?P<name>[a-z][a-z0-9_-]*)(?:(?P<args>\s[^\]]*(?:=|://)[^\]]*)\]|(?:\s[^\]]*)?\].*?\[/(?P=name)\])", re.S | re.I
)
ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
CREDIT = re.compile(r"[\s(\[–—-]*\b(?:image|photo|picture)\s+credits?\s*:\s*(?P<who>.+?)[\s)\].]*$", re.I | re.S)
PRE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.S | re.I)
NEWLINE_MARK = "\x00"
# In Markdown text, what would start raw HTML (a tag, a comment) or an entity.
RAW_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
ENTITY_START = re.compile(r"&(?=#?\w+;)")
LINK_SCHEMES = ("http", "https", "mailto", "")  # "": a link on the old site itself


@dataclass(frozen=True)
class CreditText:
    """A credit found in a caption."""

    creator: str = ""
    source: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class ImageRef:
    """An image of a post: where it is, and what WordPress said of it."""

    src: str  # as written in the Markdown (a local path, or the original URL)
    original: str  # the original URL
    alt: str
    caption: str
    credit: CreditText | None = None


@dataclass
class Converted:
    """A post's Markdown and what the conversion found."""

    markdown: str
    images: list[ImageRef] = field(default_factory=list)
    shortcodes: list[str] = field(default_factory=list)
    guessed_alt: list[str] = field(default_factory=list)  # images whose alt text is their file name


def markdown_url(url: str) -> str:
    """A URL as a Markdown link target: nothing in it can end the target or start HTML."""
    return quote(url.strip(), safe="/:?#[]@!$&'*+,;=%~")


def is_link_target(url: str) -> bool:
    """True for a URL a migrated post may link to: the web, mail, or a path of the old site."""
    try:
        return urlsplit(url.strip()).scheme.lower() in LINK_SCHEMES
    except ValueError:
        return False


def autop(text: str) -> str:
    """Wrap WordPress's blank-line paragraphs in <p> (line breaks become <br>), leaving blocks alone.

    As WordPress's wpautop() does, every block element first gets blank lines around
    it, so that text next to one still becomes a paragraph of its own.
    """
    text = PRE_BLOCK.sub(lambda m: m.group(0).replace("\n", NEWLINE_MARK), text.replace("\r\n", "\n"))
    text = CLOSES_BLOCK.sub(r"\1\n\n", OPENS_BLOCK.sub(r"\n\n\1", text))
    chunks = []
    for raw in re.split(r"\n\s*\n", text.strip()):
        chunk = raw.strip()
        if chunk:
            chunks.append(chunk if STARTS_BLOCK.match(chunk) else "<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n\n".join(chunks).replace(NEWLINE_MARK, "\n")


def split_credit(caption_html: str) -> tuple[str, CreditText | None]:
    """(the caption, the credit) from a caption that may end with 'Image Credit: X via Y'."""
    soup = BeautifulSoup(caption_html, "html.parser")
    text = " ".join(soup.get_text(" ").split())
    match = CREDIT.search(text)
    if not match:
        return text, None
    creator, _, source = match["who"].partition(" via ")
    if not source:
        creator, source = "", creator
    links = {a.get_text(" ", strip=True): a.get("href", "") for a in soup.find_all("a")}
    caption = text[: match.start()].strip().rstrip("(").strip()
    credit = CreditText(creator=creator.strip(), source=source.strip(), source_url=links.get(source.strip(), ""))
    return caption, credit


def expand_shortcodes(content: str, attachment_url: Callable[[str], str]) -> str:
    """[caption] becomes a <figure>; [gallery] a figure per image; [embed] a link."""

    def caption(match):
        attrs = dict(ATTRIBUTE.findall(match["attrs"]))
        inner = BeautifulSoup(match["inner"], "html.parser")
        img = inner.find("img")
        if img is None:
            return match.group(0)
        img.extract()
        for anchor in inner.find_all("a"):
            if not anchor.get_text(strip=True):
                anchor.decompose()  # the link that wrapped the image
        text = attrs.get("caption") or inner.decode_contents().strip()
        return f"<figure>{img}<figcaption>{text}</figcaption></figure>"

    def gallery(match):
        ids = dict(ATTRIBUTE.findall(match["attrs"])).get("ids", "")
        urls = [attachment_url(i.strip()) for i in ids.split(",") if i.strip()]
        return "".join(f'<figure><img src="{html.escape(u)}" alt=""></figure>' for u in urls if u) or match.group(0)

    content = CAPTION.sub(caption, content)
    content = GALLERY.sub(gallery, content)
    return EMBED.sub(
        lambda m: f'<p><a href="{html.escape(m["url"].strip())}">{html.escape(m["url"].strip())}</a></p>', content
    )


class _Converter(MarkdownConverter):
    """markdownify, with WordPress figures, quote citations and images recorded."""

    def __init__(self, locate: Callable[[str], str], describe: Callable[[str], str], **options):
        super().__init__(**options)
        self.locate, self.describe = locate, describe
        self.images: list[ImageRef] = []
        self.guessed: list[str] = []

    def escape(self, text, parent_tags):
        """markdownify's escaping, and no raw HTML: text that looks like a tag or an entity stays text."""
        text = super().escape(text, parent_tags)
        return RAW_HTML_START.sub("&lt;", ENTITY_START.sub("&amp;", text))

    def convert_a(self, el, text, parent_tags):
        href = el.get("href") or ""
        if not is_link_target(href):
            return text  # a javascript: or data: link keeps its text only
        if href:
            el["href"] = markdown_url(href)
        return super().convert_a(el, text, parent_tags)

    def guess(self, url: str) -> str:
        """Alt text from the file name, as a last resort the migration reports."""
        self.guessed.append(url)
        name = re.sub(r"[-_]+", " ", url.split("?", maxsplit=1)[0].rsplit("/", 1)[-1].rsplit(".", 1)[0])
        return " ".join(name.split()).capitalize()

    def image(self, img, caption: str = "", credit: CreditText | None = None) -> str:
        original = img.get("src", "").strip()
        if not original or not is_link_target(original):  # a javascript: or data: "image"
            return ""
        alt = " ".join((img.get("alt") or "").split()) or self.describe(original) or caption or self.guess(original)
        ref = ImageRef(self.locate(original), original, alt, caption, credit)
        self.images.append(ref)
        title = f' "{caption.replace(chr(34), chr(39))}"' if caption else ""
        return f"![{alt.replace(']', '')}]({markdown_url(ref.src)}{title})"

    def convert_figure(self, el, text, parent_tags):
        img = el.find("img")
        if img is None:
            return text
        figcaption = el.find("figcaption")
        caption, credit = split_credit(figcaption.decode_contents() if figcaption else "")
        return "\n\n" + self.image(img, caption, credit) + "\n\n"

    def convert_img(self, el, text, parent_tags):
        if "figure" in parent_tags:
            return ""  # the figure converts its own image
        return self.image(el)

    def convert_video(self, el, text, parent_tags):
        return self.media_link(el, "Video")

    def convert_audio(self, el, text, parent_tags):
        return self.media_link(el, "Audio")

    def media_link(self, el, kind: str) -> str:
        """A video or audio element as a link to its file (no player on the static site)."""
        source = el.get("src") or (el.find("source") or {}).get("src", "")
        if not source:
            return ""
        name = source.split("?")[0].rsplit("/", 1)[-1]
        if not is_link_target(source):
            return ""
        return f"\n\n[{kind}: {name}]({markdown_url(source)})\n\n"

    def convert_cite(self, el, text, parent_tags):
        return f"\n\n--- {text.strip()}\n\n" if "blockquote" in parent_tags else text


def to_markdown(
    content: str, locate: Callable[[str], str], describe: Callable[[str], str], attachment_url
) -> Converted:
    """Convert a post's stored HTML; `locate` maps an image URL to its place in the Markdown."""
    shortcodes = sorted(
        {m["name"] for m in SHORTCODE.finditer(CAPTION.sub("", content)) if m["name"] not in ("gallery", "embed")}
    )
    prepared = autop(expand_shortcodes(content, attachment_url))
    converter = _Converter(
        locate, describe, heading_style="ATX", bullets="-", escape_underscores=False, strip=["script", "style"]
    )
    markdown = converter.convert(prepared)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return Converted(markdown, converter.images, shortcodes, converter.guessed)
