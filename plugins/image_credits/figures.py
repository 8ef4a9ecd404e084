"""Figures: an image with alt text, a caption and its credit, as HTML.

Used for the lead image (through the `figure` Jinja filter), for images that
stand alone in a paragraph of a post's body, and for the credit line of a figure
written as HTML, so all look and behave alike.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from .credits import Credit, format_credit

# Pelican's own link markers: `{static}/images/x.png` and `{attach}x.png`.
LINK_MARKERS = ("{static}", "{attach}", "{filename}")


@dataclass(frozen=True)
class Image:
    """An image as placed on a page."""

    src: str
    alt: str = ""
    caption: str = ""
    credit: Credit | None = None
    width: int = 0
    height: int = 0
    variants: tuple[tuple[str, int], ...] = ()  # (site path or URL, width) for srcset
    decorative: bool = False  # alt="" on purpose (`{: .decorative}`): no alt from the credit either
    align: str = ""  # "left" or "right": floated beside the text on a wide screen (`{: .align-right}`)
    # The writer's own attributes the figure does not set itself (srcset, sizes, id, data-*...), as written.
    extra: tuple[tuple[str, str], ...] = ()

    def located(self, prefix: str) -> str:
        """The image's URL from a page: `prefix` (the SITEURL) before a site path, a remote URL as is."""
        if _is_absolute(self.src) or self.src.startswith(LINK_MARKERS):
            return self.src
        return f"{prefix.rstrip('/')}/{self.src.lstrip('/')}"


@dataclass(frozen=True)
class ImageUse:
    """One image found in a body: what a build must check about it."""

    path: str  # relative to the content folder; "" for a remote image
    src: str  # as the writer wrote it
    alt: str
    has_credit: bool


# An image's class `align-left` or `align-right` (as WordPress's alignleft/alignright) floats its figure.
ALIGNMENTS = frozenset({"left", "right"})


def alignment(classes: str) -> str:
    """ "left" or "right" from an image's classes (`align-left`, `align-right`), else ""."""
    return next((c.removeprefix("align-") for c in classes.split() if c in {"align-left", "align-right"}), "")


SIZES = "(min-width: 46rem) 44rem, 100vw"  # the column is 44rem wide at most (tokens.css)
# What splits a srcset into its candidates: whitespace after a URL, a comma at its end.
SRCSET_SEPARATORS = re.compile(r"[\s,]")


def in_srcset(url: str) -> str:
    """A URL as a srcset candidate takes it: its spaces and commas percent-encoded (`team photo.jpg`,
    `offer,final.jpg` are file names, and a browser would cut the URL there)."""
    return SRCSET_SEPARATORS.sub(lambda found: f"%{ord(found[0]):02X}", url)


def render_figure(image: Image, prefix: str = "", smarten: Callable[[str], str] = str, loading: str = "lazy") -> Markup:
    """Render an image as a <figure> with its caption and a distinct credit element.

    `prefix` goes before a site-relative `src` (the page's SITEURL);
    `smarten` turns the caption's quotes and dashes typographic (typogrify);
    `loading` is "lazy" below the fold, "eager" for the first image a reader sees.
    """
    src = image.located(prefix) if prefix else image.src
    alt = image.alt or (image.credit.alt if image.credit and not image.decorative else "")
    attributes = (f'src="{html.escape(src)}" ' if src else "") + f'alt="{html.escape(alt)}"'
    ours = set()
    if image.width and image.height:  # the browser reserves the space: no layout shift
        attributes += f' width="{image.width}" height="{image.height}"'
        ours |= {"width", "height"}
    if image.variants:
        located = [(Image(path).located(prefix) if prefix else path, w) for path, w in image.variants]
        srcset = ", ".join(f"{html.escape(in_srcset(url))} {w}w" for url, w in [*located, (src, image.width)])
        attributes += f' srcset="{srcset}" sizes="{SIZES}"'
        ours |= {"srcset", "sizes"}
    attributes += f' loading="{loading}" decoding="async"'
    attributes += "".join(f' {name}="{html.escape(value)}"' for name, value in image.extra if name not in ours)
    modifier = f" figure--{image.align}" if image.align in ALIGNMENTS else ""
    parts = [f'<figure class="figure{modifier}"><img {attributes}>']
    caption = smarten(html.escape(image.caption, quote=False)) if image.caption else ""
    credit = format_credit(image.credit)
    if caption or credit:
        parts.append("<figcaption>")
        if caption:
            parts.append(f'<span class="figure__caption">{caption}</span>')
        if credit:
            parts.append(f' <small class="credit">{credit}</small>')
        parts.append("</figcaption>")
    parts.append("</figure>")
    return Markup("".join(parts))


def credited_figure(figure: str, credit: Credit | None) -> str:
    """A figure written as HTML (a WordPress figure the import kept) with its image's credit line, as
    render_figure places it: in the caption, after the caption's own text; `class="figure"` styles it alike."""
    line = format_credit(credit)
    if not line or 'class="credit"' in figure:  # one credit line, however often a body is read
        return figure
    figure = (
        re.sub(r"^<figure\b", '<figure class="figure"', figure, count=1)
        if "class=" not in figure.split(">", maxsplit=1)[0]
        else figure
    )
    credit_html = f'<small class="credit">{line}</small>'
    found = CAPTION.search(figure)
    if found is None:
        return figure[: -len("</figure>")] + f"<figcaption>{credit_html}</figcaption></figure>"
    caption = found["caption"].strip()
    if caption and not BLOCK_TAG.search(caption):
        caption = f'<span class="figure__caption">{caption}</span>'
    opening = found.group(0)[: found.start("caption") - found.start()]
    return figure[: found.start()] + f"{opening}{caption} {credit_html}</figcaption>" + figure[found.end() :]


def _is_absolute(src: str) -> bool:
    try:
        parts = urlsplit(src)
    except ValueError:  # no valid address (`http://[bad`): left as written, and the check names it
        return True
    return bool(parts.scheme or parts.netloc)


def content_path(src: str, source_dir: str) -> str:
    """The path, relative to the content folder, that a body image's `src` points to.

    Writers may write `images/x.png` (from the content folder or the post's own
    folder), `/images/x.png`, or Pelican's `{static}/images/x.png`. Returns ""
    for a remote image.
    """
    if _is_absolute(src):
        return ""
    for marker in LINK_MARKERS:
        if src.startswith(marker):
            src = src[len(marker) :]
            break
    if src.startswith("/"):
        return posixpath.normpath(src.lstrip("/"))
    return posixpath.normpath(posixpath.join(source_dir, src)) if source_dir else posixpath.normpath(src)


# A figure written as HTML (no figure inside it), an image alone in a paragraph (Markdown's
# `![alt](src "title")` on a line of its own), linked or not, or any other image.
IMAGE = re.compile(
    r"(?P<figure><figure\b[^>]*>(?:(?!<figure\b|</figure>).)*</figure>)"
    r"|<p>\s*(?P<alone><img\b[^>]*>)\s*</p>"
    r"|<p>\s*(?P<link><a\b[^>]*>)\s*(?P<linked><img\b[^>]*>)\s*</a>\s*</p>|<img\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
CAPTION = re.compile(r"<figcaption\b[^>]*>(?P<caption>.*?)</figcaption>", re.IGNORECASE | re.DOTALL)
# Flow content a caption may hold, which a <span> may not.
BLOCK_TAG = re.compile(r"<(?:p|div|ul|ol|dl|table|blockquote|pre|h[1-6]|figure|hr|address|details)\b", re.IGNORECASE)


# An image's src attribute as written, whatever its case and quotes.
WRITTEN_SRC = re.compile(r"""\ssrc\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
# A local image's srcset and sizes as the writer wrote them: left out, as Pelican resolves no address in a srcset
# and the page would ask for files at the post's own address; render_figure writes one of the image's own smaller
# copies, when it has any (writing/checks.py warns).
WRITERS_SRCSET = re.compile(r"""\s(?:srcset|sizes)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
# What render_figure sets on the image itself: the writer's own value of these is read (the title is the
# caption, the classes say decorative or aligned) or replaced. Any other attribute is kept as written.
SET_BY_FIGURE = frozenset({"src", "alt", "title", "class", "loading", "decoding"})
KEPT_NAME = re.compile(r"(?!on)[a-z][a-z0-9_.:-]*")  # lowercased, as the parser gives names; never `on...` (a script)


class _Attributes(HTMLParser):
    """The attributes of one tag, decoded as a browser would."""

    def __init__(self, tag: str):
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str] = {}
        self.feed(tag)

    def handle_starttag(self, tag, attrs):
        self.attributes = {}
        for name, value in attrs:
            self.attributes.setdefault(name, value or "")  # a browser reads the first of an attribute given twice


def figures_in_body(
    body: str,
    source_dir: str,
    find_credit: Callable[[str], Credit | None],
    exists: Callable[[str], bool],
    *,
    smarten: Callable[[str], str] = str,
    measure: Callable[[str], tuple[int, int, tuple]] = lambda path: (0, 0, ()),
) -> tuple[str, list[ImageUse]]:
    """Turn each image standing alone in a paragraph into a credited figure.

    Local images get a `{static}` link so Pelican copies and resolves them.
    Returns the new body (unchanged when it has no image) and every image used.
    Works on the tags themselves rather than a parsed document: Markdown's
    output is regular, and re-serialising a whole post would cost more than
    the rest of this plugin.
    """
    if "<img" not in body:
        return body, []
    uses: list[ImageUse] = []

    def resolve(tag: str) -> tuple[Image, str]:
        attributes = _Attributes(tag).attributes
        src = attributes.get("src", "")
        path = content_path(src, source_dir)
        if path and not exists(path) and source_dir and exists(content_path(src, "")):
            path = content_path(src, "")  # written relative to the content folder
        if path and not exists(path) and "%" in src:  # `My%20Photo.jpg`, copied from a browser: as Pelican finds it
            path = next((p for p in (unquote(path), unquote(content_path(src, ""))) if exists(p)), path)
        credit = find_credit(path or src)  # a remote image's credit is keyed by its URL
        decorative = "decorative" in attributes.get("class", "").split()
        alt = "" if decorative else attributes.get("alt", "").strip() or (credit.alt if credit else "")
        uses.append(ImageUse(path=path, src=src, alt=alt, has_credit=credit is not None))
        located = "{static}/" + path if path and exists(path) else src  # Pelican copies what {static} links
        width, height, variants = measure(path) if path else (0, 0, ())
        variants = tuple(("{static}/" + v, w) for v, w in variants)
        extra = tuple(
            (name, value)
            for name, value in attributes.items()
            if name not in SET_BY_FIGURE
            and KEPT_NAME.fullmatch(name)
            and not (located != src and name in ("srcset", "sizes"))  # a local image: see WRITERS_SRCSET
        )
        image = Image(
            located, alt, attributes.get("title", ""), credit, width, height, variants, decorative,
            align=alignment(attributes.get("class", "")), extra=extra,
        )  # fmt: skip
        return image, src

    def relocate(tag: str) -> tuple[str, Image]:
        image, src = resolve(tag)
        if src != image.src:
            # As written: `SRC=`, single quotes, an entity in the address (the parser gave it decoded).
            tag = WRITTEN_SRC.sub(lambda _found: f' src="{html.escape(image.src)}"', tag, count=1)
            tag = WRITERS_SRCSET.sub("", tag)  # a local image: see WRITERS_SRCSET
        return tag, image

    def replace(match) -> str:
        if match["alone"]:
            return str(render_figure(resolve(match["alone"])[0], smarten=smarten))
        if match["linked"]:  # the same figure, its image still a link
            figure = str(render_figure(resolve(match["linked"])[0], smarten=smarten))
            start = figure.index("<img")
            end = figure.index(">", start) + 1  # attribute values are escaped: no ">" inside
            return figure[:start] + match["link"] + figure[start:end] + "</a>" + figure[end:]
        if match["figure"]:
            images = []

            def relocated(found) -> str:
                tag, image = relocate(found.group(0))
                images.append(image)
                return tag

            figure = IMG.sub(relocated, match["figure"])
            return credited_figure(figure, images[0].credit) if len(images) == 1 else figure
        return relocate(match.group(0))[0]

    return IMAGE.sub(replace, body), uses
