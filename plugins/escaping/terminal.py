"""Text on a terminal: always shown as text, never obeyed.

A value from a file (a post's title, a bio's name, a comment, an export's field) can hold
ANSI or OSC escape sequences (colours, a cleared screen, a hidden hyperlink, a new window
title), other control characters (a carriage return that overwrites what was printed) or
bidi controls (which reorder what follows on the line). `shown` writes every such
character as a visible escape such as `\\x1b` or `\\u202e`: the reader of the terminal sees
that something was there, and the terminal receives plain text. Shared by what a build
prints (writing/report.py) and the command-line tools (tools/comments/terminal.py).
"""

from __future__ import annotations

import re

# Bidi embeddings and overrides (U+202A-E), isolates (U+2066-9): they reorder the text around them.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Bidi marks (LRM, RLM, ALM): invisible, they change where neighbouring characters go.
BIDI_MARKS = "\u200e\u200f\u061c"
# Line and paragraph separators: a new line to some programs, a space to others.
LINE_SEPARATORS = "\u2028\u2029\x85"
# Lone surrogates: JSON's "\ud800" makes one, and no terminal can be sent it (encoding it fails).
SURROGATES = "\ud800-\udfff"
# Everything a terminal may act on, or that reorders or breaks a line.
UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}{BIDI_MARKS}{LINE_SEPARATORS}{SURROGATES}]")
UNSAFE_BUT_NEWLINE = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}{BIDI_MARKS}{LINE_SEPARATORS}{SURROGATES}]"
)


def visible(character: str) -> str:
    """A character as its escape: '\\x1b', '\\u202e'."""
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object, *, lines: bool = False) -> str:
    """A value as safe text for the terminal: every control character written as its escape.

    With `lines`, newlines are kept and tabs become spaces (a comment's text).
    """
    text = str(value)
    if lines:
        text = text.replace("\r\n", "\n").replace("\t", "    ")
        return UNSAFE_BUT_NEWLINE.sub(lambda m: visible(m.group()), text)
    return UNSAFE.sub(lambda m: visible(m.group()), text)
