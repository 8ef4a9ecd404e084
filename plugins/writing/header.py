"""Read a Markdown file's metadata lines and body as Pelican does, keeping each line's number."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED
from pelican.utils import get_date

from .problems import ERROR, WARNING, Problem, display

# A `Key: value` line of Markdown metadata (Python-Markdown's meta syntax).
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+).+?\1")
LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ \t]+")  # Python-Markdown's list markers (tab length 4)


@dataclass
class Header:
    """A file's metadata: lowercased key -> (line, value), and where the body starts."""

    fields: dict[str, tuple[int, str]] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # lowercased key -> the key as the writer typed it
    body_line: int = 1
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)  # (line, severity, message, code)

    def value(self, key: str) -> str:
        """The value of a field, "" when absent."""
        return self.fields.get(key, (0, ""))[1]

    def line(self, key: str) -> int:
        """The line of a field, 1 when absent."""
        return self.fields.get(key, (1, ""))[0]


STATUS_UNREAD = (
    "this line looks like a Status line, but Pelican does not read it as one, so the post would be published:"
    " write it exactly as 'Status: draft', among the lines at the top, before the blank line"
)


def looks_like_status(line: str) -> bool:
    """Whether a line reads as a Status field to a person, whatever spacing, case or look-alike letters it has."""
    if "tatus" not in line.casefold() and line.isascii():
        return False
    shown = unicodedata.normalize("NFKC", line)
    letters = "".join(c for c in shown if not c.isspace() and unicodedata.category(c) != "Cf").casefold()
    return letters.startswith("status:")


def read_header(text: str) -> Header:
    """Read the metadata lines at the top of a Markdown file, as Pelican does."""
    header = Header()
    lines = text.removeprefix("\ufeff").splitlines()  # Pelican drops a byte-order mark (Notepad's) too
    last = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            header.body_line = number + 1
            # A Status line after the blank line is text: the post would be published.
            first = next(((n, rest) for n, rest in enumerate(lines[number:], start=number + 1) if rest.strip()), None)
            if first and looks_like_status(first[1]):
                header.problems.append((first[0], ERROR, STATUS_UNREAD, "status-line"))
            return header
        if (match := CONTINUATION.match(line)) and last:
            first, value = header.fields[last]
            header.fields[last] = (first, f"{value}\n{match['value'].strip()}")
            continue
        match = META_LINE.match(line)
        if not match:
            header.problems.append(
                (number, ERROR, STATUS_UNREAD, "status-line")
                if looks_like_status(line)
                else (
                    number,
                    WARNING,
                    "this line ends the metadata: add a blank line before the text, or a ':' after the field name",
                    "metadata",
                )
            )
            header.body_line = number
            return header
        last = match["key"].lower()
        header.written.setdefault(last, match["key"])
        if last in header.fields:
            # Pelican keeps the first of some fields, and makes a list of the others, which
            # a title or a summary cannot be: such a post is left out.
            code = "twice" if DUPLICATES_DEFINITIONS_ALLOWED.get(last, True) is False else "twice-out"
            first = header.fields[last][0]
            header.problems.append(
                (number, ERROR, f"{match['key']} is given twice (first on line {first}): keep one", code)
            )
        if last not in header.fields:  # Pelican keeps the first ("Duplicate definition ... Using first one")
            header.fields[last] = (number, match["value"].strip())
    header.body_line = len(lines) + 1
    return header


def prose_lines(body: list[str], first_line: int) -> list[tuple[int, str]]:
    """(line number, text) of the body lines that may hold a link or an image, outside code blocks
    (fenced, or indented where Python-Markdown makes one: not after a list) and HTML comments,
    with inline code removed.

    A link or image shown as an example in code is not one. Most lines hold neither
    `]` nor `<`, and testing for them first is cheaper than any pattern.
    """
    found, fence, in_comment = [], "", False
    block_start, in_code, in_list = True, False, False
    for number, raw in enumerate(body, start=first_line):
        text = raw
        if fence:
            if text.lstrip().startswith(fence):
                fence = ""
            continue
        if in_comment:  # an HTML comment: nothing in it shows (an image there is no image of the page)
            if "-->" not in text:
                continue
            text, in_comment = text.split("-->", 1)[1], False
        if not text.strip():
            block_start = True
            continue
        if block_start:  # a block's first line decides what the block is, as Python-Markdown decides it
            block_start = False
            in_code, in_list = block_kind(text, in_list)
        if in_code:
            continue
        if ("`" in text or "~" in text) and (match := FENCE.match(text)) is not None:
            fence = match["fence"][0] * 3
            continue
        if "]" in text or "<" in text:
            text = CODE_SPAN.sub("", text) if "`" in text else text
            if "<!--" in text:
                text, in_comment = outside_comments(text)
            found.append((number, text))
    return found


def block_kind(first: str, after_list: bool) -> tuple[bool, bool]:
    """(an indented code block, a list) for a block of Markdown starting with the line `first`.

    Indented by four spaces (or a tab) after a list, it goes on with the list; else it is code.
    """
    if first.startswith(("    ", "\t")):
        return not after_list, after_list
    return False, LIST_ITEM.match(first) is not None


def outside_comments(line: str) -> tuple[str, bool]:
    """The line without its HTML comments, and whether the last one goes on past the line's end."""
    kept = []
    while (start := line.find("<!--")) >= 0:
        kept.append(line[:start])
        end = line.find("-->", start + 4)
        if end < 0:
            return "".join(kept), True
        line = line[end + 3 :]
    return "".join(kept) + line, False


# The years a post's date may have: far from year 1 and 9999, where a time zone or a day's
# arithmetic overflows (Pelican's build, the feeds, the daily publish's schedule).
FIRST_YEAR, LAST_YEAR = 1900, 2999


@lru_cache(maxsize=4096)
def parse_date(value: str) -> datetime:
    """A metadata date as Pelican reads it (ValueError if it is none); ISO dates the fast way.

    Every post has a date and every build checks them all: dateutil's parser, which
    Pelican uses, takes 70 µs a date, `fromisoformat` under 1 µs for the same result.
    """
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return get_date(value)


def read_utf8(path: Path) -> str | Problem:
    """The file's text, or the problem of a file that is not UTF-8 (where the first bad byte is)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(display(path), line, "not UTF-8 text: save the file with the UTF-8 encoding", code="utf8")
