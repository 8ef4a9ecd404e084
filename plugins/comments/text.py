"""Reader text made harmless as text: no control characters, no hidden reordering.

Everything in a comment comes from a reader (or an export from elsewhere). Before it
is stored, every one-line field (name, article, parent, reasons...) loses its control
characters (C0, DEL, C1: the bytes of terminal escape sequences), its bidirectional
embeddings, overrides and isolates (which reorder what a reader or a moderator sees)
and its line separators, and its spacing is collapsed to single spaces; a comment's
text keeps its newlines and tabs and loses the rest of those. The moderator's
terminal shows what is left through tools/comments/terminal.py, which also makes
visible anything that reached a file by hand.
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


def one_line(value: object) -> str:
    """A field on one line: controls and bidi controls removed, spacing collapsed to single spaces."""
    return " ".join(NOT_IN_A_LINE.sub(" ", str(value)).split())


def clean_text(text: str) -> str:
    """A comment's text with newlines normalised and every control character but newline and tab removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(f"[{LINE_SEPARATORS}]", "\n", text)
    return NOT_IN_A_TEXT.sub("", text)


def shortened(value: str, limit: int = 80) -> str:
    """A value cut to `limit` characters for a message, marked with an ellipsis when cut."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
