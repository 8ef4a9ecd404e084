"""A reader's comment as safe HTML, and an avatar that needs no third-party request.

Everything a reader submits is untrusted. The body is Markdown (CommonMark, read by
markdown-it-py) with raw HTML escaped (shown as text, never interpreted), then
sanitised by nh3 against an explicit allowlist, so no script, style, image, iframe,
event handler, or `javascript:`/`data:` URL survives, whatever the Markdown renderer
lets through.

A comment's rendering is bounded in time, whatever its text (no comment can stop a
build), by construction rather than by a timeout:
- the parser is a CommonMark one, whose algorithms are linear in the text (a stack
  of delimiters for emphasis, a cache of where each inline construct ends, so no
  bracket, backtick or emphasis run is scanned again for every opener). Python-Markdown,
  used before, finds each construct with regular expressions that rescan the rest of
  the paragraph for every opener: `\\[` or ``` ``a` ``` repeated took seconds to minutes;
- control characters are removed first (text.clean_text);
- blockquotes and lists nest at most MAX_NESTING deep: deeper markers are shown
  as text before Markdown sees them, so its recursion stays far below MAX_PARSER_NESTING
  (past which markdown-it would drop the rest of the text);
- a text longer than MAX_RENDERED characters (the import holds anything above
  COMMENTS_MAX_LENGTH, so only a moderator's choice gets here), or one its renderer
  fails on, is shown as plain escaped paragraphs.
A comment imported from WordPress (`Format: html`) goes through wordpress_html.py
instead of Markdown, with the same length limit and fallback.
`render_problem` says, at import, why a comment would not render.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .model import HTML, MARKDOWN
from .text import clean_text
from .wordpress_html import MarkupLimit, wordpress_comment_html

ALLOWED_TAGS = frozenset({"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https"})
LINK_REL = "nofollow ugc noopener"
AVATAR_HUES = 8
MAX_NESTING = 8  # levels of blockquotes and lists a comment may have
# markdown-it's own recursion limit, past which it would drop the rest of the text. A capped
# text stays under it: 8 levels of 4 spaces hold at most 17 lists indented by 2 (each a list
# and an item: 34 levels), and a marker counts as 4 spaces. The work per '[' grows with it.
MAX_PARSER_NESTING = 48
MAX_RENDERED = 20_000  # characters (twice COMMENTS_MAX_LENGTH's default); a longer text is shown as plain paragraphs
# One token of a line's block prefix: spacing, a quote marker, or a list marker.
PREFIX_TOKEN = re.compile(r"[ \t]+|>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")


def url_scheme(url: str) -> str:
    """A URL's scheme in lower case ("" for a URL that cannot be split, such as 'http://[')."""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""


def web_links_only(state) -> None:
    """Turn a link to anything but an http(s) URL into its plain text (a markdown-it core rule).

    nh3 would drop such an href too, but leave an `<a>` without one behind.
    """
    for block in state.tokens:
        opened = []
        for token in block.children or ():
            if token.type == "link_open":
                safe = url_scheme(str(token.attrGet("href") or "").strip()) in URL_SCHEMES
                opened.append(safe)
            elif token.type == "link_close":
                safe = opened.pop() if opened else True
            else:
                continue
            if not safe:
                token.tag, token.attrs = "span", {}  # not in the allowlist: nh3 keeps only its text


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """One CommonMark converter for all comments: raw HTML as text, web links only, no headings or rules.

    Headings and rules are not in the allowlist anyway: without them `# ` and `***` stay text.
    """
    converter = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_PARSER_NESTING})
    converter.disable(["heading", "lheading", "hr"])
    # Every link is parsed (a `javascript:` one shows as its text, not as Markdown syntax); web_links_only decides.
    converter.validateLink = lambda _url: True
    converter.core.ruler.push("web_links_only", web_links_only)
    return converter


def capped_line(line: str) -> str:
    """A line whose quote and list markers beyond MAX_NESTING levels (indentation counts) are shown as text."""
    position, depth, kept = 0, 0, []
    while match := PREFIX_TOKEN.match(line, position):
        token = match.group()
        if token[0] in " \t":
            width = len(token.expandtabs(4))
            levels = min(width // 4, MAX_NESTING - depth)
            kept.append(" " * (levels * 4 + width % 4))
            depth += levels
        elif depth < MAX_NESTING:
            kept.append(token)
            depth += 1
        else:
            kept.append(token[:-1] + "\\" + token[-1] if token[0].isdigit() else "\\" + token)
        position = match.end()
    return "".join(kept) + line[position:]


def bounded(text: str) -> str:
    """The text as Markdown may safely see it: no control character, nesting capped."""
    return "\n".join(capped_line(line) for line in clean_text(text).split("\n"))


def markdown_html(text: str) -> str:
    """The bounded text through Markdown and nh3; may raise on text Markdown cannot take (a renderer's bug)."""
    rendered = _markdown().render(bounded(text)).rstrip("\n")
    return nh3.clean(
        rendered,
        tags=set(ALLOWED_TAGS),
        # "*": the attributes every element may have: nh3 keeps `lang` and `title` unless told otherwise.
        attributes={"*": set()} | {k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
    )


def plain_html(text: str) -> str:
    """The text as escaped paragraphs, line breaks kept: no Markdown at all."""
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", clean_text(text)) if p.strip()]
    return "\n".join(f"<p>{'<br>'.join(str(escape(line)) for line in p.split(chr(10)))}</p>" for p in paragraphs)


def formatted_html(text: str, fmt: str = MARKDOWN) -> str:
    """The text through its renderer (Markdown, or WordPress's HTML); may raise on text it cannot take."""
    if fmt == HTML:
        return str(wordpress_comment_html(clean_text(text)))
    return markdown_html(text)


def render_problem(text: str, fmt: str = MARKDOWN) -> str:
    """Why a comment's text would not render in its format ("" when it does)."""
    if len(text) > MAX_RENDERED:
        return f"longer than the {MAX_RENDERED:,} characters rendered as {'HTML' if fmt == HTML else 'Markdown'}"
    try:
        formatted_html(text, fmt)
    except RecursionError:
        return "nested too deeply to render"
    except MarkupLimit as limit:
        return f"too marked up to render: it {limit}"
    except Exception as error:  # a renderer's bug must hold a comment, never crash an import
        return f"cannot be rendered ({type(error).__name__})"
    return ""


def comment_html(text: str, fmt: str = MARKDOWN) -> Markup:
    """A comment's text as sanitised HTML: Markdown (our form's), or HTML for a comment imported from WordPress.

    Plain escaped paragraphs when the text is too long or its renderer cannot take it.
    """
    if len(text) <= MAX_RENDERED:
        try:
            return Markup(formatted_html(text, fmt))
        except Exception:  # RecursionError, or a renderer's bug: the build goes on (comments.check names it)
            pass
    return Markup(plain_html(text))


def safe_website(url: str) -> bool:
    """Whether a commenter's website may be a link: http(s), a host, no space, quote or angle bracket."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a port out of range, or not a number, raises)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in URL_SCHEMES
        and bool(parts.hostname)
        and not any(c in url for c in " \"'<>`\\")
        and url == url.strip()
        and url.isprintable()
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
