"""What the theme may print as HTML: metadata sanitised to a few inline tags, and plain text.

Pure functions. A title is typogrified HTML (Pelican's convention: entities and
typogrify's `<span class="caps">` are welcome); a `Summary:` is Markdown rendered
to HTML. Both are the writer's, but metadata is pasted from anywhere: they keep
inline formatting only, through nh3's allowlist, so no element beyond it opens and
no attribute beyond it exists. Entities stay entities: `&lt;script&gt;` is shown
as the text "<script>", never turned back into a tag.

`Markup` means "HTML, already safe"; a plain `str` is text and the theme escapes it.
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup

from .terminal import SURROGATES

# Unicode's noncharacters: U+FDD0-U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE...).
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane | 0xFFFE) + chr(plane | 0xFFFF) for plane in range(0, 0x11_0000, 0x1_0000)
)
# C0 and C1 control characters (tab, newline and carriage return are whitespace, kept), DEL, the noncharacters
# and lone surrogates (no UTF-8 file holds one; JSON's "\ud800" or `surrogateescape` makes one): they have no
# place in a page, and XML (feeds, sitemaps) refuses them (a U+FFFE in one post made every feed unreadable).
CONTROLS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{NONCHARACTERS}{SURROGATES}]")

INLINE_TAGS = frozenset(
    {"abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small", "span", "strong"}
    | {"sub", "sup"}
)
# Typogrify's markers (base.css styles them); no other class, and no other attribute on a span.
TYPOGRIFY_CLASSES = frozenset({"caps", "amp", "dquo", "quo"})

_TITLE = nh3.Cleaner(
    tags=set(INLINE_TAGS),
    attributes={"abbr": {"title"}},
    allowed_classes={"span": set(TYPOGRIFY_CLASSES)},
    link_rel=None,
)
_SUMMARY = nh3.Cleaner(
    tags=set(INLINE_TAGS | {"a", "br", "p"}),
    attributes={"abbr": {"title"}, "a": {"href", "title"}},
    allowed_classes={"span": set(TYPOGRIFY_CLASSES)},
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
)


# An HTML comment as a browser ends it: `<!-->` and `<!--->` end at once; the others at `-->` (or `--!>`).
HTML_COMMENT = re.compile(r"<!--(?:-?>|.*?--!?>)", re.DOTALL)


def without_notes(html: str) -> str:
    """HTML without its comments: a writer's notes (`<!-- ask Sam first -->`), which Markdown passes through."""
    return HTML_COMMENT.sub("", html) if "<!--" in html else html


def drop_controls(text: str) -> str:
    """`text` without control characters, noncharacters or lone surrogates (tab, newline and carriage return stay)."""
    return CONTROLS.sub("", text)


def title_html(value) -> Markup:
    """A title (typogrified HTML) with inline formatting only, as safe Markup."""
    return Markup(_TITLE.clean(drop_controls(str(value or ""))))


def summary_html(value) -> Markup:
    """A `Summary:` (Markdown rendered to HTML) with inline formatting and links only, as safe Markup."""
    return Markup(_SUMMARY.clean(drop_controls(str(value or ""))))


def plain_text(value) -> str:
    """The text of a value, on one line, for `<title>`, `<meta>` and JSON-LD.

    Markup (anything with `__html__`) is HTML: its tags go and its entities become
    the characters they stand for (typogrify's no-break spaces become spaces). A
    plain `str` is text already and is left as it is. The result is a `str`, never Markup: whatever it prints as, the
    theme escapes it again, so an entity never turns back into markup.
    """
    if hasattr(value, "__html__"):
        text = Markup(value.__html__()).striptags()
    else:
        text = str(value if value is not None else "")
    return " ".join(drop_controls(text).replace("\xa0", " ").split())


def without_controls(value):
    """A value as a template prints it, without control characters (Jinja's `finalize` hook).

    HTML (anything with `__html__`) stays HTML; anything else becomes its text,
    which the template escapes as it would have.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if hasattr(value, "__html__"):
        html = value.__html__()
        return Markup(drop_controls(html)) if CONTROLS.search(html) else value
    return drop_controls(str(value))
