"""Reader text on the moderator's terminal: always shown as text, never obeyed.

A name, a comment or an article field can hold Rich markup (`[link=...]`, `[/]`),
ANSI or OSC escape sequences (colours, a cleared screen, a hidden hyperlink, a new
window title), other control characters (a carriage return that overwrites what was
printed) or bidi overrides (which reorder what follows). Reader data only ever
reaches the terminal as a rich Text object (never parsed as markup) built by `shown`,
which writes every such character as a visible escape such as `\\x1b` or `\\u202e`:
the moderator sees that something was there, and the terminal receives plain text.
Stored comments have these characters removed already (comments.text); this is
the last line, for files edited by hand, and for what an export says before it is
stored (row descriptions, error messages).
"""

from __future__ import annotations

import json
import re

from comments.text import BIDI_CONTROLS, LINE_SEPARATORS, SURROGATES
from rich.text import Text

# Everything a terminal may act on, or that reorders or breaks a line; and lone surrogates, which no
# terminal can be sent (encoding them fails).
UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}{LINE_SEPARATORS}{SURROGATES}\u200e\u200f\u061c]")
UNSAFE_BUT_NEWLINE = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}{LINE_SEPARATORS}{SURROGATES}\u200e\u200f\u061c]"
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


def as_text(value: object, style: str = "", *, lines: bool = False) -> Text:
    """Reader data as a rich Text: never parsed as markup, controls made visible."""
    return Text(shown(value, lines=lines), style=style)


def safe_json(data: object) -> str:
    """JSON for the terminal: besides what JSON escapes, the C1 and bidi controls are written as \\u escapes."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return UNSAFE_BUT_NEWLINE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
