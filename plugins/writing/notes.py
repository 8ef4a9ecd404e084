"""A writer's note (`<!-- ... -->`) left open: its words reach the page.

A closed note is taken out of the page. One never closed is no note: Markdown shows it as
text in a post's body or Summary (`<!-- internal: don't publish the number` on the page, in
the description and the feeds), and typogrify makes its `--` a dash before the title's HTML
is cleaned, so a title shows the note's words (an outside tester's finding: the check said
the title showed less, when it showed the private words). An error at the note's line: a
writer's private words must not be published.

The source is scanned first; a body or Summary holding a candidate is rendered with the
site's Markdown, and named only if the rendered page shows a note as text outside code.
"""

from __future__ import annotations

import re

import markdown

from .header import CODE_SPAN, comment_end, lines_of, prose_lines
from .problems import ERROR, Problem

OPENING = "<!--"
# Markdown's HTML, the elements that show code or keys as written (a note shown as an example) taken out first.
CODE_ELEMENTS = re.compile(r"<(pre|code|kbd|samp|script|style|textarea)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
SHOWN = "&lt;!--"  # a note as Markdown shows it, as text
FIX = "close it with -->, or take it out"


def markdown_options(settings) -> dict:
    """The site's MARKDOWN as the build's reader uses it: Pelican's MarkdownReader adds each extension of
    `extension_configs` to `extensions` (in place, once a reader is made: `invoke check` makes none), so
    `<details markdown="1">` and the like are read as the build reads them (an outside tester's finding)."""
    options = dict((settings or {}).get("MARKDOWN") or {})
    extensions = list(options.get("extensions") or [])
    options["extensions"] = extensions + [
        name for name in options.get("extension_configs") or {} if name not in extensions
    ]
    return options


def left_open(text: str) -> bool:
    """Whether the text opens a note it never closes."""
    position = 0
    while (start := text.find(OPENING, position)) >= 0:
        if (end := comment_end(text, start + len(OPENING))) < 0:
            return True
        position = end
    return False


def open_title(rel: str, line: int, title: str) -> list[Problem]:
    """The problem of a Title that opens a note it never closes (`left_open`)."""
    message = f"Title {title!r} opens a note (<!--) it never closes, so the page shows the note's words: {FIX}"
    return [Problem(rel, line, message, ERROR, code="note")]


def open_notes(rel: str, text: str, first_line: int, markdown_settings: dict, where: str = "") -> list[Problem]:
    """The note of a body or Summary (Markdown, from `first_line`) that the rendered page shows as text."""
    if OPENING not in text:
        return []
    lines = lines_of(text)
    shown = []  # the lines where a note shows as text, as the lines read
    written = 0  # `&lt;!--` written in the text, which the page shows as the very same characters
    for number, prose in prose_lines(lines, first_line, every=True):
        raw = lines[number - first_line]
        raw = CODE_SPAN.sub("", raw) if "`" in raw else raw
        written += prose.count(SHOWN)
        if OPENING not in raw:
            continue
        if OPENING in prose or not any("-->" in later for later in lines[number - first_line :]):
            shown.append(number)
    if not shown:
        return []
    page = CODE_ELEMENTS.sub("", markdown.Markdown(**markdown_settings).convert(text))
    if page.count(SHOWN) <= written:
        return []
    message = f"this note (<!--){where} is not closed in its paragraph, so readers see it as text: {FIX}"
    message += " (in the same paragraph)"
    return [Problem(rel, shown[0], message, ERROR, code="note")]
