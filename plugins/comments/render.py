"""A reader's comment as safe HTML, and an avatar that needs no third-party request.

Everything a reader submits is untrusted. The body is Markdown with raw HTML
escaped (shown as text, never interpreted), then sanitised by nh3 against an
explicit allowlist, so no script, style, image, iframe, event handler, or
`javascript:`/`data:` URL survives, whatever the Markdown renderer lets through.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .model import HTML, MARKDOWN
from .wordpress_html import wordpress_comment_html

ALLOWED_TAGS = frozenset({"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https"})
LINK_REL = "nofollow ugc noopener"
AVATAR_HUES = 8


class WebLinksOnly(Treeprocessor):
    """Turn a link to anything but an http(s) URL into its plain text.

    nh3 would drop such an href too, but leave an `<a>` without one behind.
    """

    def run(self, root):
        for link in root.iter("a"):
            if urlsplit(link.get("href", "").strip()).scheme.lower() not in URL_SCHEMES:
                link.tag = "span"  # not in the allowlist: nh3 keeps only its text
                link.attrib.clear()


class SafeComment(Extension):
    """Raw HTML shown as text (Python-Markdown's documented recipe), and web links only."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(WebLinksOnly(md), "web_links_only", 0)


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    # One converter for all comments: building one costs more than converting a comment.
    return markdown.Markdown(extensions=[SafeComment()], output_format="html")


def comment_html(text: str, fmt: str = MARKDOWN) -> Markup:
    """A comment's text as sanitised HTML: Markdown (our form's), or HTML for a comment imported from WordPress."""
    if fmt == HTML:
        return wordpress_comment_html(text)
    converter = _markdown()
    converter.reset()
    rendered = converter.convert(text)
    return Markup(
        nh3.clean(
            rendered,
            tags=set(ALLOWED_TAGS),
            attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(URL_SCHEMES),
            link_rel=LINK_REL,
        )
    )


def initials(name: str) -> str:
    """Up to two initials for an avatar: "Jane Q. Doe" -> "JD"; "?" for a name without letters."""
    words = [w for w in re.findall(r"[^\W\d_]+", name)]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def avatar_hue(name: str) -> int:
    """A stable colour index for a name's avatar, 0 to AVATAR_HUES - 1."""
    return int(hashlib.sha256(name.casefold().encode("utf-8")).hexdigest(), 16) % AVATAR_HUES
