"""Reader text on the moderator's terminal: always shown as text, never obeyed.

A name, a comment or an article field can hold Rich markup (`[link=...]`, `[/]`),
ANSI or OSC escape sequences (colours, a cleared screen, a hidden hyperlink, a new
window title), other control characters (a carriage return that overwrites what was
printed) or bidi overrides (which reorder what follows). Reader data only ever
reaches the terminal as a rich Text object (never parsed as markup) built by `shown`,
which writes every such character as a visible escape such as `\\x1b` or `\\u202e`
(plugins/escaping/terminal.py, shared with what a build prints): the moderator sees that
something was there, and the terminal receives plain text. The characters that show
nothing yet carry text (comments.text.HIDDEN: zero-width spaces, word joiners, Hangul
fillers, and tag characters, which can spell a hidden message) are written so too, as
`\\u200b` or `\\U000e0041`; the three flags made of tag characters show as flags.
Stored comments have all these characters removed already (comments.text); this is
the last line, for what an export says before it is stored (row descriptions, error
messages, reasons quoting a value) and for anything that reaches the terminal another way.
"""

from __future__ import annotations

import json

from comments.text import HIDDEN
from escaping.terminal import UNSAFE, UNSAFE_BUT_NEWLINE, visible
from escaping.terminal import shown as shown_controls
from rich.text import Text

__all__ = ["UNSAFE", "UNSAFE_BUT_NEWLINE", "as_text", "safe_json", "shown", "visible"]


def escaped(character: str) -> str:
    """An invisible character as its escape: '\\u200b', '\\U000e0041'."""
    code = ord(character)
    return visible(character) if code <= 0xFFFF else f"\\U{code:08x}"


def shown(value: object, *, lines: bool = False) -> str:
    """A value as safe text for the terminal: every control and every invisible character written as its escape.

    With `lines`, newlines are kept and tabs become spaces (a comment's text).
    """
    return HIDDEN.sub(lambda m: m.group(1) or escaped(m.group()), shown_controls(value, lines=lines))


def as_text(value: object, style: str = "", *, lines: bool = False) -> Text:
    """Reader data as a rich Text: never parsed as markup, controls and invisible characters made visible."""
    return Text(shown(value, lines=lines), style=style)


def safe_json(data: object) -> str:
    """JSON for the terminal: besides what JSON escapes, the C1 and bidi controls and the invisible characters are
    written as \\u escapes (a tag character as its two surrogates' escapes, as JSON spells it)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = UNSAFE_BUT_NEWLINE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return HIDDEN.sub(lambda m: m.group(1) or json.dumps(m.group())[1:-1], text)
