"""HTML tags a post writes that the build would break: a `>` inside a quoted attribute value.

HTML allows `alt="Offers > rejections"`, but typogrify (and smartypants before it) reads a tag
as running from `<` to the first `>`: the rest of the value becomes text, its closing quote is
curled (`&#8217;`), and the attribute never ends. The browser then reads the rest of the page
into it, or the image loses its address. An HTML comment inside a value (`alt="a <!-- note -->
b"`) ends the same way. The check names the tag's attribute at its line; `&gt;` writes the
character safely.
"""

from __future__ import annotations

import re

from .header import CODE_SPAN, prose_lines
from .problems import Problem

# A tag with its attributes, a quoted value read whole (possessive: linear on any text), over lines.
TAG = re.compile(
    r"<(?P<name>[A-Za-z][\w:-]*+)(?P<attributes>(?:\s++[^\s\"'>/=]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s\"'>]++))?+)*+)"
    r"\s*+/?>"
)
QUOTED = re.compile(r"(?P<name>[^\s\"'>/=]+)\s*=\s*(?P<quote>[\"'])(?P<value>.*?)(?P=quote)", re.DOTALL)


def prose_text(body: list[str], first_line: int) -> str:
    """The body's lines Markdown reads as text, as written (inline code removed); code blocks and the lines inside
    a note blank, every line in its place."""
    prose = {number for number, _text in prose_lines(body, first_line, every=True)}
    return "\n".join(
        (CODE_SPAN.sub("", raw) if "`" in raw else raw) if number in prose else ""
        for number, raw in enumerate(body, start=first_line)
    )


def broken_tags(rel: str, body: list[str], first_line: int) -> list[Problem]:
    """Each attribute of the post's HTML whose quoted value holds `>` (a note's end among them), at its line."""
    if ">" not in "".join(body):
        return []
    text = prose_text(body, first_line)
    if ">" not in text or "<" not in text:
        return []
    problems = []
    for tag in TAG.finditer(text):
        for attribute in QUOTED.finditer(tag["attributes"]):
            value = attribute["value"]
            if ">" not in value:
                continue
            offset = tag.start("attributes") + attribute.start("name")  # the attribute's line
            line = first_line + text.count("\n", 0, offset)
            name, element = attribute["name"].lower(), tag["name"].lower()
            what = "an HTML comment ('<!--')" if "<!--" in value else "'>'"
            fix = "remove the comment" if "<!--" in value else "write &gt; for it"
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
