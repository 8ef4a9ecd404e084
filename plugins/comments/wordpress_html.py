"""A comment imported from WordPress, rendered as its commenter wrote it.

WordPress commenters write HTML, not Markdown: WordPress lets them use a few
tags (its `$allowedtags`: a, abbr, acronym, b, blockquote, cite, code, del, em,
i, q, s, strike, strong) and adds paragraphs and line breaks (wpautop) when it
shows the comment. Here those tags become formatting (the obsolete `strike` and
`acronym` as `s` and `abbr`); any other tag is dropped and its text kept, a block
of one (a heading, a list item, a table cell) as a paragraph of its own. Nothing
is ever read as Markdown, so an indented line never becomes a code block. The
result is sanitised by nh3 against the allowlist below: web links only, marked
`nofollow ugc`, no script, no event handler, no style.

Rendering is bounded in time, whatever the text: wpautop's regular expressions
and the HTML parser take time growing with the number of tags times the text's
length (each `<` is matched forward to its `>`, each unwrapped link moves what it
holds), and wpautop's `\\s*\\n` rescans a run of spaces from each of its positions.
So a comment has at most MAX_TAGS tags (more: MarkupLimit, and the comment is held
at import, shown as text if approved), a `<` that starts no tag is written `&lt;`
(the parser reads it as text anyway), and every run of spacing is cut to what it
means to wpautop: a paragraph break, a line break, or at most MAX_SPACES spaces.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup
from markupsafe import Markup

from .wpautop import autop

# WordPress's comment tags (wp-includes/kses.php), and the paragraphs and breaks wpautop adds.
COMMENT_TAGS = frozenset({"a", "abbr", "acronym", "b", "blockquote", "cite", "code", "del", "em", "i", "q", "s",
                          "strike", "strong"})  # fmt: skip
ALLOWED_TAGS = frozenset({"p", "br", "a", "abbr", "b", "blockquote", "cite", "code", "del", "em", "i", "q", "s",
                          "strong"})  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "abbr": {"title"}, "del": {"datetime"}}
RENAMED = {"strike": "s", "acronym": "abbr"}
# Blocks a commenter may not use: their text still reads as a paragraph of its own.
AS_PARAGRAPH = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "caption", "pre",
                          "div", "address", "figcaption", "section", "article", "header", "footer", "details",
                          "summary"})  # fmt: skip
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math"})
URL_SCHEMES = frozenset({"http", "https"})
LINK_REL = "nofollow ugc noopener"
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>\n?")
MAX_TAGS = 1_000  # tags a WordPress comment may hold (WordPress's own test data has one of 265)
MAX_SPACES = 8  # a longer run of spaces (no newline) is cut to this many
TAG_START = re.compile(r"<(?=[A-Za-z/!?])")  # what an HTML parser reads as the start of markup
LONE_ANGLE = re.compile(r"<(?![A-Za-z/!?])")
SPACING = re.compile(r"\s{2,}")


class MarkupLimit(ValueError):
    """A WordPress comment with more tags than it may have: shown as text, never parsed."""


def spacing(match: re.Match) -> str:
    """A run of spacing as wpautop reads it: a paragraph break, a line break, or a few spaces."""
    newlines = match.group().count("\n")
    return "\n\n" if newlines > 1 else "\n" if newlines else match.group()[:MAX_SPACES]


def bounded_html(text: str) -> str:
    """The comment as wpautop and the parser may safely see it: few tags, no bare `<`, short spacing runs."""
    tags = len(TAG_START.findall(text))
    if tags > MAX_TAGS:
        raise MarkupLimit(f"holds {tags:,} HTML tags (at most {MAX_TAGS:,})")
    return SPACING.sub(spacing, LONE_ANGLE.sub("&lt;", text))


def _web_link(href: str) -> bool:
    try:
        return urlsplit(href.strip()).scheme.lower() in URL_SCHEMES
    except ValueError:
        return False


def wordpress_comment_html(text: str) -> Markup:
    """A WordPress comment's HTML as sanitised HTML: its comment tags as formatting, any other tag as text.

    MarkupLimit for a comment with more than MAX_TAGS tags.
    """
    soup = BeautifulSoup(autop(bounded_html(text)), "html.parser")
    for element in soup.find_all(DROPPED_WITH_CONTENT):
        if not element.decomposed:  # one inside another went with it (decomposing again would walk it again)
            element.decompose()
    for element in soup.find_all(True):
        if element.name in RENAMED:
            element.name = RENAMED[element.name]
        elif element.name in AS_PARAGRAPH:
            element.name, element.attrs = "p", {}
        elif element.name == "a" and not _web_link(element.get("href", "")):
            # A link to anything but a web page is its text: a tag nh3 does not allow keeps only its
            # text (unwrapping walks all that the link holds, for each of a thousand nested links).
            element.name, element.attrs = "span", {}
    cleaned = nh3.clean(
        str(soup),
        tags=set(ALLOWED_TAGS),
        # Only these: nh3 would allow `title` and `lang` on every tag besides ("*": its generic attributes).
        attributes={"*": set()} | {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        clean_content_tags=set(DROPPED_WITH_CONTENT),
    )
    return Markup(EMPTY_PARAGRAPH.sub("", cleaned))  # a paragraph that held only an image, say
