"""HTML tags a post writes that the build would break: a `>` inside a quoted attribute value.

HTML allows `alt="Offers > rejections"`, but typogrify (and smartypants before it) reads a tag
as running from `<` to the first `>`: the rest of the value becomes text, its closing quote is
curled (`&#8217;`), and the attribute never ends. The browser then reads the rest of the page
into it, or the image loses its address. An HTML comment inside a value (`alt="a <!-- note -->
b"`) ends the same way. The check names the tag's attribute at its line; `&gt;` writes the
character safely.

Where such a tag stands decides: in code (a span, a block, a fence in a list or a quote, a
`<pre>` or `<code>` element) or in a note (`<!-- -->`), typogrify leaves it alone or the build
removes it. The source is scanned first, which finds nothing in nearly every post; a post
where it finds a candidate is rendered with the site's Markdown, and only a tag that reaches
the page as HTML, outside code and notes, is named.
"""

from __future__ import annotations

import re

import markdown

from .header import CODE_SPAN, prose_lines
from .problems import Problem

# A tag with its attributes, a quoted value read whole, over lines. Possessive, and no `<` outside quotes: a tag
# left open stops at the next one, so a line of ten thousand open tags is read once, not once for each.
TAG = re.compile(
    r"<(?P<name>[A-Za-z][\w:-]*+)(?P<attributes>(?:\s++[^\s\"'<>/=]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s\"'<>]++))?+)*+)"
    r"\s*+/?>"
)
QUOTED = re.compile(r"(?P<name>[^\s\"'>/=]+)\s*=\s*(?P<quote>[\"'])(?P<value>.*?)(?P=quote)", re.DOTALL)
# In the rendered HTML: a note, an element typogrify leaves alone (skipped whole), or a tag. A note or a skipped
# element left open runs to the end, as a browser reads it.
RENDERED = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(?P<raw>pre|code|kbd|samp|script|style|textarea)\b[^<>]*+>.*?(?:</(?P=raw)\s*>|\Z)"
    r"|" + TAG.pattern,
    re.DOTALL | re.IGNORECASE,
)

Broken = tuple[str, str, str]  # (element, attribute, value), lower-case names


def prose_text(text: str, first_line: int = 1) -> str:
    """The text's lines Markdown reads as text, as written (inline code removed); code blocks and the lines inside
    a note blank, every line in its place."""
    lines = text.split("\n")
    prose = {number for number, _text in prose_lines(lines, first_line, every=True)}
    return "\n".join(
        (CODE_SPAN.sub("", raw) if "`" in raw else raw) if number in prose else ""
        for number, raw in enumerate(lines, start=first_line)
    )


def broken_in(html: str, tags=TAG) -> list[tuple[int, Broken]]:
    """(offset of the attribute, what) for each quoted attribute value holding `>`, of the tags `tags` finds."""
    found = []
    for tag in tags.finditer(html):
        if tag["name"] is None:  # a note or a skipped element
            continue
        for attribute in QUOTED.finditer(tag["attributes"]):
            if ">" in attribute["value"]:
                what = (tag["name"].lower(), attribute["name"].lower(), attribute["value"])
                found.append((tag.start("attributes") + attribute.start("name"), what))
    return found


def rendered_broken(text: str, markdown_settings: dict) -> set[Broken]:
    """The broken attributes of the text once Markdown renders it, outside code and notes."""
    html = markdown.Markdown(**markdown_settings).convert(text)
    return {what for _offset, what in broken_in(html, RENDERED)}


def broken_tags(rel: str, text: str, first_line: int, markdown_settings: dict | None = None) -> list[Problem]:
    """Each attribute of the text's HTML (a post's body, its Summary) whose quoted value holds `>` (a note's end
    among them), at its line."""
    if ">" not in text or "<" not in text:
        return []
    scanned = prose_text(text, first_line)
    candidates = broken_in(scanned)
    if not candidates:
        return []
    reaching = rendered_broken(text, markdown_settings or {})
    problems = []
    for offset, (element, name, value) in candidates:
        if (element, name, value) not in reaching:
            continue
        what = "an HTML comment ('<!--')" if "<!--" in value else "'>'"
        fix = "remove the comment" if "<!--" in value else "write &gt; for it"
        line = first_line + scanned.count("\n", 0, offset)
        problems.append(
            Problem(
                rel,
                line,
                f"the {name} of this <{element}> holds {what}, where the build ends the tag: the page breaks"
                f" there (its attribute never closes{', the image is not shown' if element == 'img' else ''}):"
                f" {fix}",
                code="tag",
            )
        )
    return problems
