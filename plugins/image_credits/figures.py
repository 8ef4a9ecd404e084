"""Figures: an image with alt text, a caption and its credit, as HTML.

Used for the lead image (through the `figure` Jinja filter) and for images that
stand alone in a paragraph of a post's body, so both look and behave alike.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
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


def render_figure(image: Image, prefix: str = "", smarten: Callable[[str], str] = str) -> Markup:
    """Render an image as a <figure> with its caption and a distinct credit element.

    `prefix` goes before a site-relative `src` (the page's SITEURL);
    `smarten` turns the caption's quotes and dashes typographic (typogrify).
    """
    src = image.located(prefix) if prefix else image.src
    alt = image.alt or (image.credit.alt if image.credit else "")
    parts = [f'<figure class="figure"><img src="{html.escape(src)}" alt="{html.escape(alt)}">']
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


def _is_absolute(src: str) -> bool:
    parts = urlsplit(src)
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


def figures_in_body(
    body: str,
    source_dir: str,
    find_credit: Callable[[str], Credit | None],
    exists: Callable[[str], bool],
    smarten: Callable[[str], str] = str,
) -> tuple[str, list[ImageUse]]:
    """Turn each image standing alone in a paragraph into a credited figure.

    Local images get a `{static}` link so Pelican copies and resolves them.
    Returns the new body (unchanged when it has no image) and every image used.
    """
    if "<img" not in body:
        return body, []
    soup = BeautifulSoup(body, "html.parser")
    uses: list[ImageUse] = []
    for img in soup.find_all("img"):
        src = img.get("src", "")
        path = content_path(src, source_dir)
        if path and not exists(path) and source_dir and exists(content_path(src, "")):
            path = content_path(src, "")  # written relative to the content folder
        credit = find_credit(path or src)  # a remote image's credit is keyed by its URL
        alt = img.get("alt", "").strip() or (credit.alt if credit else "")
        uses.append(ImageUse(path=path, src=src, alt=alt, has_credit=credit is not None))
        if path:
            img["src"] = "{static}/" + path
        parent = img.parent
        standalone = (
            parent is not None
            and parent.name == "p"
            and all(child is img or (isinstance(child, str) and not child.strip()) for child in parent.contents)
        )
        if standalone:
            figure = render_figure(
                Image(src=img["src"], alt=alt, caption=img.get("title", ""), credit=credit), smarten=smarten
            )
            parent.replace_with(BeautifulSoup(str(figure), "html.parser"))
    return str(soup), uses
