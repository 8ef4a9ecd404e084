"""A post's HTML as WordPress displays it: shortcodes we can render expanded, paragraphs added.

WordPress stores a classic-editor post with blank lines for paragraphs and
shortcodes (`[caption]`, `[gallery]`...) that it expands when showing the post;
block-editor posts are stored as HTML between `<!-- wp:... -->` comments and get
no automatic paragraphs. Both the conversion to Markdown and the fidelity measure
start from this HTML. Shortcodes we cannot render are listed, never dropped:
they stay in the text, and the import's report names them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from bs4 import BeautifulSoup
from comments.wpautop import autop

CAPTION = re.compile(r"\[(?:wp_)?caption(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/(?:wp_)?caption\]", re.S | re.I)
GALLERY = re.compile(r"\[gallery(?P<attrs>[^\]]*)\]", re.I)
EMBED = re.compile(r"\[embed[^\]]*\](?P<url>.*?)\[/embed\]", re.S | re.I)
MEDIA = re.compile(r"\[(?P<kind>audio|video)(?P<attrs>[^\]]*)\](?:(?P<inner>.*?)\[/(?P=kind)\])?", re.S | re.I)
# A shortcode, not prose in brackets: it has a closing tag, key="value" attributes or a URL.
SHORTCODE = re.compile(
    r"\[(?P<name>[a-z][a-z0-9_-]*)(?:(?P<args>\s[^\]]*(?:=|://)[^\]]*)\]|(?:\s[^\]]*)?\].*?\[/(?P=name)\])", re.S | re.I
)
RENDERED = frozenset({"caption", "wp_caption", "gallery", "embed", "audio", "video"})
ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
MEDIA_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "wmv", "flv")
BLOCK_MARK = "<!-- wp:"


def unrendered_shortcodes(content: str) -> list[str]:
    """The names of the shortcodes of a post that the migration cannot render, sorted."""
    return sorted({m["name"] for m in SHORTCODE.finditer(CAPTION.sub("", content)) if m["name"] not in RENDERED})


def expand_shortcodes(content: str, attachment_url: Callable[[str], str]) -> str:
    """[caption] becomes a <figure>; [gallery] a figure per image; [embed] a link; [audio]/[video] a player."""

    def caption(match):
        attrs = dict(ATTRIBUTE.findall(match["attrs"]))
        inner = BeautifulSoup(match["inner"], "html.parser")
        img = inner.find("img")
        if img is None:
            return match.group(0)
        img.extract()
        for anchor in inner.find_all("a"):
            if not anchor.get_text(strip=True):
                anchor.decompose()  # the link that wrapped the image: the figure shows the image itself
        text = attrs.get("caption") or inner.decode_contents().strip()
        return f"<figure>{img}<figcaption>{text}</figcaption></figure>"

    def gallery(match):
        ids = dict(ATTRIBUTE.findall(match["attrs"])).get("ids", "")
        urls = [attachment_url(i.strip()) for i in ids.split(",") if i.strip()]
        return "".join(f'<figure><img src="{html.escape(u)}" alt=""></figure>' for u in urls if u) or match.group(0)

    def media(match):
        attrs = dict(ATTRIBUTE.findall(match["attrs"]))
        url = next((attrs[key] for key in MEDIA_SOURCES if attrs.get(key)), "") or (match["inner"] or "").strip()
        if not url:
            return match.group(0)
        return f'<{match["kind"].lower()} src="{html.escape(url)}" controls></{match["kind"].lower()}>'

    def embed(match):
        url = html.escape(match["url"].strip())
        return f'<p><a href="{url}">{url}</a></p>'

    content = CAPTION.sub(caption, content)
    content = GALLERY.sub(gallery, content)
    content = MEDIA.sub(media, content)
    return EMBED.sub(embed, content)


def embeds_as_links(markup: str) -> str:
    """A block editor's embed (a URL WordPress turns into a player) as a link to that URL."""
    if "wp-block-embed__wrapper" not in markup:
        return markup
    soup = BeautifulSoup(markup, "html.parser")
    for wrapper in soup.select(".wp-block-embed__wrapper"):
        url = wrapper.get_text(strip=True)
        if url.startswith(("http://", "https://")) and not wrapper.find(True):
            link = soup.new_tag("a", href=url)
            link.string = url
            wrapper.clear()
            wrapper.append(link)
    return str(soup)


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


def displayed_html(content: str, attachment_url: Callable[[str], str]) -> str:
    """The post as WordPress shows it (our rendering of its shortcodes, embeds and old caption markup)."""
    expanded = caption_lists_as_figures(expand_shortcodes(content.replace("\r\n", "\n"), attachment_url))
    if BLOCK_MARK in content:
        return embeds_as_links(expanded)  # WordPress adds no paragraphs to block-editor posts
    return autop(expanded)
