"""Reader text on the moderator's terminal: always shown as text, never obeyed.

A name, a comment or an article field can hold Rich markup (`[link=...]`, `[/]`),
ANSI or OSC escape sequences (colours, a cleared screen, a hidden hyperlink, a new
window title), other control characters (a carriage return that overwrites what was
printed) or bidi overrides (which reorder what follows). Reader data only ever
reaches the terminal as a rich Text object (never parsed as markup) built by `shown`,
which writes every such character as a visible escape such as `\\x1b` or `\\u202e`
(plugins/escaping/terminal.py, shared with what a build prints): the moderator sees that
something was there, and the terminal receives plain text.
Stored comments have these characters removed already (comments.text); this is
the last line, for files edited by hand, and for what an export says before it is
stored (row descriptions, error messages).
"""

from __future__ import annotations

import json

from escaping.terminal import UNSAFE, UNSAFE_BUT_NEWLINE, shown, visible
from rich.text import Text

__all__ = ["UNSAFE", "UNSAFE_BUT_NEWLINE", "as_text", "safe_json", "shown", "visible"]


def as_text(value: object, style: str = "", *, lines: bool = False) -> Text:
    """Reader data as a rich Text: never parsed as markup, controls made visible."""
    return Text(shown(value, lines=lines), style=style)


def safe_json(data: object) -> str:
    """JSON for the terminal: besides what JSON escapes, the C1 and bidi controls are written as \\u escapes."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return UNSAFE_BUT_NEWLINE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
