"""Typogrify's `amp`, `caps` and `widont` made faster, the text they give the library's own.

After smartypants (smartypants_shortcuts.py), three of typogrify's filters take most of
its time on a post, each a pass of regular expressions over the whole HTML: `widont`
(0.39 ms for a 900-word post), `caps` (0.25 ms) and `amp` (0.19 ms). `applyfilters`
looks each one up in `typogrify.filters` at each call, so while a build runs they are
bound there to these (library_shortcuts.py binds them, the read-ahead's helper too):

- `amp` hands back as it is a text in which its pattern (an ampersand with space or
  `&nbsp;` on both sides) matches nowhere: it applies that pattern to each run of text
  between tags and puts the runs and tags back together unchanged, and a run is a piece
  of the whole text. One look for "&" first: most posts have none.
- `caps` hands back as it is a text with no two capitals side by side or apart only by
  digits or a dot and a space: everything its pattern wraps holds such a pair, and it
  puts smartypants' tokens back together unchanged (the tokenizer loses nothing).
- `widont` is the library's own regular expression with possessive quantifiers (`++`,
  `*+`, Python 3.11): it never backtracks into a part whose shorter take could lead to a
  match, because what follows each part can never begin with what that part takes
  (space after `[^<>\\s]+`, `>` after `[^>]*`, an inline closing tag before a block's
  closing tag, whose names differ in their first letter). 0.39 ms becomes 0.21. Only
  on CPython 3.11.5 and later: before it, a possessive quantifier could match where the
  plain one does not (gh-106052), and `widont` stays the library's.

Only a plain `str` takes a shortcut (a Jinja `Markup` goes to the library, as its type
must come back as the library returns it). Tests compare each with the library's on
generated text and on real posts. Leans on typogrify 2.1.0 (pinned): internals.py keeps
the digest of each of these functions, so a new typogrify fails a test naming it; on
another version nothing is bound.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import typogrify
import typogrify.filters

from .library_shortcuts import Shortcuts, standing_in

WRITTEN_FOR = "2.1.0"
# Possessive quantifiers match as their plain forms do, but for backtracking, from 3.11.5 on (gh-106052).
POSSESSIVE_SOUND = sys.version_info >= (3, 11, 5)

# typogrify 2.1.0's amp_finder: what `amp` wraps.
AMP = re.compile(r"(\s|&nbsp;)(&|&amp;|&\#38;)(\s|&nbsp;)")
# What every match of `caps`' cap_finder holds: two capitals with only digits between them,
# or a capital, a dot, an optional space and a capital.
TWO_CAPITALS = re.compile(r"[A-Z]\d*[A-Z]|[A-Z]\.\s?[A-Z]")
# typogrify 2.1.0's widont_finder, each quantifier possessive.
WIDONT = re.compile(
    r"""((?:</?(?:a|em|span|strong|i|b)[^>]*+>)|[^<>\s])
        \s++
        ([^<>\s]++
        \s*+
        (</(a|em|span|strong|i|b)>\s*+)*+
        ((</(p|h[1-6]|li|dt|dd)>)|$))
    """,
    re.VERBOSE,
)


def amp_shortcut(amp: Callable[[str], str]) -> Callable[[str], str]:
    def amp_or_skip(text):
        if type(text) is str and ("&" not in text or AMP.search(text) is None):
            return text
        return amp(text)

    return standing_in(amp_or_skip, amp)


def caps_shortcut(caps: Callable[[str], str]) -> Callable[[str], str]:
    def caps_or_skip(text):
        if type(text) is str and TWO_CAPITALS.search(text) is None:
            return text
        return caps(text)

    return standing_in(caps_or_skip, caps)


def widont_shortcut(widont: Callable[[str], str]) -> Callable[[str], str]:
    def possessive_widont(text):
        if type(text) is str:
            return WIDONT.sub(r"\1&nbsp;\2", text)
        return widont(text)

    return standing_in(possessive_widont, widont)


def makers(possessive_sound: bool = POSSESSIVE_SOUND) -> dict:
    """What stands in for which of typogrify's functions on this Python."""
    made = {"amp": amp_shortcut, "caps": caps_shortcut}
    if possessive_sound:
        made["widont"] = widont_shortcut
    return made


BINDING = Shortcuts(typogrify.filters, WRITTEN_FOR, makers(), package=typogrify)
LIBRARY: dict[str, Callable[[str], str]] = BINDING.library
SHORTCUTS = BINDING.ready
applies, shortcuts_standing, bind, unbind = BINDING.applies, BINDING.standing, BINDING.bind, BINDING.unbind
