"""Reader text made harmless as text: no control characters, no hidden reordering, no hidden text.

Everything in a comment comes from a reader (or an export from elsewhere). Before it
is stored, every one-line field (name, article, parent, reasons...) loses its control
characters (C0, DEL, C1: the bytes of terminal escape sequences), its bidirectional
embeddings, overrides and isolates (which reorder what a reader or a moderator sees)
and its line separators, and its spacing is collapsed to single spaces; a comment's
text keeps its newlines and tabs and loses the rest of those. Both lose the characters
that show nothing and mean nothing on a page (HIDDEN): zero-width spaces and joiners of
words, the Hangul fillers (a "blank" name), and Unicode's tag characters, which can spell
a whole hidden message a moderator never sees and a program reading the page does; the
only tag sequences kept are the three flags made of them (England, Scotland, Wales). The
store's reader does the same, so what a file edited by hand holds is dropped from what is
shown and published alike. The moderator's terminal shows what is left through
tools/comments/terminal.py, which also makes visible anything that reached it otherwise.
"""

from __future__ import annotations

import re

# Bidi controls, line separators and lone surrogates (JSON's "\ud800" makes one, and no UTF-8 file can
# hold it: the import refuses such a row; this is the last line for text that comes another way).
from escaping.terminal import BIDI_CONTROLS, LINE_SEPARATORS, SURROGATES

# Every character no one-line field may hold: controls (C0, DEL, C1), bidi controls, separators.
NOT_IN_A_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}{LINE_SEPARATORS}{SURROGATES}]")
# What a comment's text may not hold: the same, except its newlines and tabs.
NOT_IN_A_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}{SURROGATES}]")


# What shows nothing and means nothing on a page: zero-width space, word joiner, zero-width no-break space (a
# byte-order mark within a text), the Hangul fillers (U+115F and U+1160 build archaic syllables from jamo, which
# no comment needs; U+3164 and U+FFA0 are the "blank" characters of invisible names), and the tag characters
# U+E0000-U+E007F, invisible, which spell ASCII: a message hidden in plain sight. (Zero-width joiners and
# non-joiners, which emoji and Persian need, and bidi marks, which right-to-left text needs, stay.)
INVISIBLE = "\u200b\u2060\ufeff\u115f\u1160\u3164\uffa0\U000e0000-\U000e007f"
# The tag characters' one use a page shows: a subdivision flag, a black flag then the code in tags then a cancel
# tag. Unicode recommends three (England, Scotland, Wales); any other shows as a plain black flag, its letters hidden.
FLAGS = tuple(
    "\U0001f3f4" + "".join(chr(0xE0000 + ord(letter)) for letter in code) + "\U000e007f"
    for code in ("gbeng", "gbsct", "gbwls")
)
HIDDEN = re.compile(f"({'|'.join(FLAGS)})|[{INVISIBLE}]")


def unhidden(text: str) -> str:
    """A text without the invisible characters that carry nothing a reader sees (the three flags kept whole)."""
    return HIDDEN.sub(r"\1", text)


def one_line(value: object) -> str:
    """A field on one line: controls, bidi controls and invisible characters removed, spacing collapsed."""
    return " ".join(NOT_IN_A_LINE.sub(" ", unhidden(str(value))).split())


def clean_text(text: str) -> str:
    """A comment's text with newlines normalised, every control character but newline and tab removed, and the
    invisible characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(f"[{LINE_SEPARATORS}]", "\n", text)
    return NOT_IN_A_TEXT.sub("", unhidden(text))


def shortened(value: str, limit: int = 80) -> str:
    """A value cut to `limit` characters for a message, marked with an ellipsis when cut."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
