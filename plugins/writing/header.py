"""Read a Markdown file's metadata lines and body as Pelican does, keeping each line's number."""

from __future__ import annotations

import re
import time
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from dateutil.parser import UnknownTimezoneWarning
from dateutil.tz import tzlocal
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED
from pelican.utils import get_date

from .problems import ERROR, WARNING, Problem, display

# A `Key: value` line of Markdown metadata (Python-Markdown's meta syntax).
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
# A field name followed by a character that looks like a colon and is not one (a CJK input method's full-width one).
LOOKALIKE_COLON = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+)\s*(?P<colon>[\uff1a\ufe55\ufe13\ua789\u2236\u02d0])")
SPACED_COLON = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+)\s+:")  # `Title : ...`, a no-break space too (French)
CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+).+?\1")
# What an indented block after goes on with (Python-Markdown, tab length 4): a list item, a footnote, a definition.
GOES_ON = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ \t]+|\[\^[^\]]+\]:|:[ \t]")


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


# A short word, a colon (or one that looks like it), a status value: `Ѕtatus: draft` (a Cyrillic Ѕ), `Stauts: draft`.
STATUS_VALUE = re.compile(r"^\W{0,3}\w{1,12}\s*[:\uff1a\ufe55\ufe13\ua789\u2236]\s*(?i:draft|hidden)\s*$")


def looks_like_status(line: str) -> bool:
    """Whether a line reads as a Status field to a person, whatever spacing, case or look-alike letters it has."""
    folded = line.casefold()
    if line.isascii() and "tatus" not in folded and "draft" not in folded and "hidden" not in folded:
        return False
    shown = unicodedata.normalize("NFKC", line)
    letters = "".join(c for c in shown if not c.isspace() and unicodedata.category(c) != "Cf").casefold()
    return letters.startswith("status:") or STATUS_VALUE.match(shown.strip()) is not None


# The fields whose value may go on over the lines that follow, indented: a summary (Markdown), a bio's links.
CONTINUED_FIELDS = frozenset({"summary", "links"})


def listed(value: str) -> list[str]:
    """Names as Pelican lists them (`Tags:`, `Authors:`): split at semicolons if there is one, else at commas."""
    parts = value.split(";") if ";" in value else value.split(",")
    return [part.strip() for part in parts if part.strip()]


def author_names(header: Header) -> list[str]:
    """A post's authors as Pelican reads them: `Authors:` a list, `Author:` one name (a comma in it included)."""
    if header.value("authors"):
        return listed(header.value("authors"))
    return [header.value("author").strip()] if header.value("author").strip() else []


FRONT_MATTER_START = re.compile(r"^-{3}(\s.*)?$")
FRONT_MATTER_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


def note_status_in_text(header: Header, lines: list[str], end: int) -> None:
    """A Status line in the text's first paragraph (after line `end`, the fields' last or the line that ended them)
    is text: the post would be published."""
    started = False
    for number, text in enumerate(lines[end:], start=end + 1):
        if not text.strip():
            if started:
                return
            continue
        started = True
        if looks_like_status(text):
            header.problems.append((number, ERROR, STATUS_UNREAD, "status-line"))
            return


def unread_line(number: int, line: str) -> tuple[int, str, str, str]:
    """The problem of a line that ends the metadata where the writer meant a field: (line, severity, message, code)."""
    hidden = line[: len(line) - len(line.lstrip(INVISIBLE))]
    if hidden and META_LINE.match(line[len(hidden) :]):  # a zero-width space pasted before the field
        name = unicodedata.name(hidden[0], f"U+{ord(hidden[0]):04X}")
        return (
            number,
            ERROR,
            f"this line starts with an invisible character ({name}), which hides its field: delete it",
            "metadata",
        )
    if looks_like_status(line):
        return number, ERROR, STATUS_UNREAD, "status-line"
    if spaced := SPACED_COLON.match(line):
        key = spaced["key"]
        message = f"{key} has a space before its ':', so Pelican reads it as text: write '{key}:'"
        return number, ERROR, message, "metadata"
    if colon := LOOKALIKE_COLON.match(line):  # a CJK keyboard's colon: the field is text
        name = unicodedata.name(colon["colon"])
        message = f"{colon['key']} is followed by {colon['colon']!r} ({name}), which Pelican does not read: type ':'"
        return number, ERROR, message, "metadata"
    message = "this line ends the metadata: add a blank line before the text, or a ':' after the field name"
    return number, WARNING, message, "metadata"


def go_on(header: Header, last: str, number: int, value: str) -> None:
    """An indented line (`number`) after the field `last`: the field goes on, as Pelican reads it, or a problem."""
    first, before = header.fields[last]
    written = header.written.get(last, last)
    if looks_like_status(value):  # a draft that would be published (under a Summary too: it goes on as its text)
        message = (
            f"this Status line is indented, so Pelican reads it as more of {written}, and the post would be"
            " published: remove the spaces before 'Status:'"
        )
        header.problems.append((number, ERROR, message, "status-line"))
    elif last in CONTINUED_FIELDS:
        header.fields[last] = (first, f"{before}\n{value.strip()}")
    elif DUPLICATES_DEFINITIONS_ALLOWED.get(last, True) is False:  # Pelican keeps the first line alone
        message = f"{written} goes on to this line, which Pelican leaves out: write {written} on one line"
        header.problems.append((number, WARNING, message, "metadata"))
    else:  # Pelican reads the lines as a list: a title, say, cannot be one
        message = f"{written} goes on to this line, which Pelican cannot read: write {written} on one line"
        header.problems.append((number, ERROR, message, "title" if last == "title" else "metadata"))


def lines_of(text: str) -> list[str]:
    """The text's lines as Markdown, Pelican and editors count them: split at line ends (LF, CRLF, CR) only.

    `str.splitlines` also splits at U+2028, U+0085, vertical tabs and form feeds, which text pasted from
    web pages and word processors brings: a title holding one read as two lines (its Date "missing"),
    and every line after one was named one line too far (an outside tester's finding).
    """
    if "\r" in text:  # a Windows or an old Mac file's line ends, which Pelican and Markdown read as line feeds
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[-1] == "":  # a last line feed ends the last line, as splitlines reads it
        lines.pop()
    return lines


def read_header(text: str) -> Header:
    """Read the metadata lines at the top of a Markdown file, as Pelican does."""
    header = Header()
    lines = lines_of(text.removeprefix("\ufeff"))  # Pelican drops a byte-order mark (Notepad's) too
    last = None
    # Python-Markdown's meta extension takes a first line of `---` as the start of YAML-style front
    # matter, and a line of `---` or `...` as its end (the text follows at once).
    fenced = bool(lines) and FRONT_MATTER_START.match(lines[0]) is not None
    for number, raw in enumerate(lines, start=1):
        line = raw.expandtabs(4)  # as Python-Markdown does before reading the fields (a tab: a continuation)
        if fenced and number == 1:
            continue
        if fenced and FRONT_MATTER_END.match(line):
            header.body_line = number + 1
            note_status_in_text(header, lines, number)  # after the closing line, as after a blank line
            return header
        if not line.strip():
            header.body_line = number + 1
            note_status_in_text(header, lines, number)
            if not header.fields and META_LINE.match(next((text for text in lines[number:] if text.strip()), "")):
                message = "the file starts with a blank line, which ends the metadata before it begins: remove it"
                header.problems.append((number, ERROR, message, "metadata"))
            return header
        if (match := CONTINUATION.match(line)) and last:
            go_on(header, last, number, match["value"])
            continue
        match = META_LINE.match(line)
        if not match:
            header.problems.append(unread_line(number, line))
            header.body_line = number
            if not looks_like_status(line):  # a Status line further in this paragraph would be text as well
                note_status_in_text(header, lines, number)
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


def prose_lines(body: list[str], first_line: int, *, every: bool = False) -> list[tuple[int, str]]:
    """(line number, text) of the body lines that may hold a link or an image, as Python-Markdown
    reads the body: outside code blocks (fenced and closed, or indented where it makes one) and
    HTML comments, with inline code removed.

    A link or image shown as an example in code is not one. Most lines hold neither
    `]` nor `<`, and testing for them first is cheaper than any pattern (`every`: those
    lines too, for a tag whose attributes go on over lines).
    """
    last_fence = last_fences(body)
    found, fence, in_comment = [], "", False
    block_start, in_code, goes_on = True, False, False
    for index, raw in enumerate(body):
        text = raw
        if fence:
            if text.lstrip().startswith(fence):
                fence = ""
            continue
        if in_comment:  # an HTML comment: nothing in it shows (an image there is no image of the page)
            if (end := comment_end(text, 0)) < 0:
                continue
            text, in_comment = text[end:], False
        if not text.strip():
            block_start = True
            continue
        indented = text.startswith(("    ", "\t"))
        if block_start or (in_code and not indented):  # a code block ends at its first line not indented
            in_code = indented and not goes_on  # after a list, a footnote or a definition, the block goes on with it
        if not indented:  # a list item, a footnote, a definition (under its term): what follows goes on with it
            goes_on = GOES_ON.match(text) is not None if block_start else goes_on or text.startswith(":")
        block_start = False
        if in_code:
            continue
        opened = ("`" in text or "~" in text) and FENCE.match(text)
        if opened and last_fence[mark := opened["fence"][0]] > index:  # a fence never closed is text
            fence = mark * 3
            continue
        if every or "]" in text or "<" in text:
            text = CODE_SPAN.sub("", text) if "`" in text else text
            if "<!--" in text:
                text, in_comment = outside_comments(text)
            found.append((first_line + index, text))
    return found


def last_fences(body: list[str]) -> dict[str, int]:
    """The index of the last line that could close a fence of backticks, and of tildes (-1: none)."""
    last = {"`": -1, "~": -1}
    for index, line in enumerate(body):
        if "`" in line or "~" in line:
            stripped = line.lstrip()
            for mark in ("`", "~"):
                if stripped.startswith(mark * 3):
                    last[mark] = index
    return last


def comment_end(text: str, start: int) -> int:
    """Where an HTML comment open at `start` ends (after `-->` or `--!>`), or -1 if not on this line."""
    ends = [found + len(mark) for mark in ("-->", "--!>") if (found := text.find(mark, start)) >= 0]
    return min(ends, default=-1)


def outside_comments(line: str) -> tuple[str, bool]:
    """The line without the HTML comments Python-Markdown keeps as comments, and whether one goes on past it.

    A comment that opens the line (after at most three spaces) goes on until it closes, over
    any lines; one opened later in the line and not closed there is text, as Markdown shows it.
    """
    kept, rest = [], line
    while (start := rest.find("<!--")) >= 0:
        end = comment_end(rest, start + 4)
        if end < 0:
            opens_line = not kept and not rest[:start].strip() and start <= 3
            return ("".join(kept) + rest[:start], True) if opens_line else ("".join(kept) + rest, False)
        kept.append(rest[:start])
        rest = rest[end:]
    return "".join(kept) + rest, False


# The years a post's date may have: far from year 1 and 9999, where a time zone or a day's
# arithmetic overflows (Pelican's build, the feeds, the daily publish's schedule).
FIRST_YEAR, LAST_YEAR = 1900, 2999


class UnknownZone(ValueError):
    """A date naming a time zone dateutil (so Pelican) does not know, which it would read in the site's own."""

    def __init__(self, zone: str):
        super().__init__(f"unknown time zone {zone!r}")
        self.zone = zone


@lru_cache(maxsize=4096)
def parse_date(value: str) -> datetime:
    """A metadata date as Pelican reads it (ValueError if it is none, UnknownZone); ISO dates the fast way.

    Every post has a date and every build checks them all: dateutil's parser, which
    Pelican uses, takes 70 µs a date, `fromisoformat` under 1 µs for the same result.
    dateutil reads `10:00 PST` as 10:00 with no zone, which Pelican then puts in the
    site's (New York's): a post seven hours off, said only by a warning naming no file.
    """
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    if match := NAMED_OFFSET.search(value):  # dateutil reads UTC+2 as two hours behind, `UTC +2` as UTC
        raise UnknownZone(match["named"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnknownTimezoneWarning)
        date = get_date(value)
    for warning in caught:
        if issubclass(warning.category, UnknownTimezoneWarning):
            named = re.search(r"tzname (\S+)", str(warning.message))
            raise UnknownZone(named[1] if named else "?")
    if isinstance(date.tzinfo, tzlocal):  # a name of this computer's zone (PST in California): not elsewhere
        local = set(time.tzname) - UNIVERSAL
        if named := next((word for word in re.findall(r"[A-Za-z]+", value) if word in local), None):
            raise UnknownZone(named)
    return date


# Characters that show nothing, which a paste can leave at the start of a line (zero-width spaces and joiners, a
# byte-order mark, a word joiner).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

# A zone's name with an offset after it: `UTC+2`, `GMT -05:00`, `EST-5` (dateutil reads the sign as POSIX does, the
# other way round, and a name it knows only as this computer's zone differently again).
NAMED_OFFSET = re.compile(r"(?:\d|[AaPp][Mm])\s*(?P<named>(?:(?i:UTC|GMT|UT|Z)|[A-Z]{2,5})\s*[+-]\s*\d[\d:]*)")
UNIVERSAL = frozenset({"UTC", "GMT", "UT", "Z"})  # names dateutil reads the same on every computer


def read_utf8(path: Path) -> str | Problem:
    """The file's text, or the problem of a file that is not UTF-8 (where the first bad byte is)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(display(path), line, "not UTF-8 text: save the file with the UTF-8 encoding", code="utf8")
