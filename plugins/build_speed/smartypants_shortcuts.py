"""Smartypants' conversions skipped for the text they cannot change.

Typogrify's first and dearest filter is smartypants: `smartypants.smartypants` cuts
the HTML into tags and text, and passes each piece of text through up to five
conversions (backslash escapes, dashes, ellipses, backticks, quotes): about sixteen
`re.sub` calls, most of them on a pattern string the `re` module looks up again at
each call. A 900-word post has some 80 pieces of text, and most of them are a line
break between two tags or a phrase with no quote: every conversion hands them back
unchanged, at a cost of a third of typogrify's time.

Each conversion can change only text that holds certain characters, because every
pattern it substitutes holds one of them literally (`NEEDS` lists them, function by
function). While a build runs, these functions are bound, in the smartypants module,
to shortcuts that return a piece of text holding none of them as it is, and call
the library's function for anything else: the result is the library's, character for
character (tests compare the two on generated text and on whole posts).

Leans on smartypants 2.0.2 (pinned in requirements.txt): `smartypants.smartypants`
looks these functions up in its module at each call, and each one's patterns hold
what `NEEDS` says. internals.py keeps the digest of each, so a new smartypants fails a
test naming the function; on another version the shortcuts are not bound at all.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import smartypants

from .library_shortcuts import Shortcuts, standing_in

WRITTEN_FOR = "2.0.2"

# Each conversion `smartypants.smartypants` calls, and the strings one of which text must hold
# for it to change anything (every pattern it substitutes holds one of them).
NEEDS: dict[str, tuple[str, ...]] = {
    "process_escapes": ("\\",),
    "convert_dashes": ("--",),
    "convert_dashes_oldschool": ("--",),
    "convert_dashes_oldschool_inverted": ("--",),
    "convert_ellipses": ("...", ". . ."),
    "convert_backticks": ("``", "''"),
    "convert_single_backticks": ("`", "'"),
    "convert_quotes": ("'", '"'),
}

# Every function of smartypants 2.0.2 the conversion runs: the read-ahead's helper, which loads no
# plugin, converts only while the build's are the library's own (read_ahead.conversion_untouched).
FUNCTIONS = ("smartypants", "_tokenize", "_tags_to_skip_regex", "convert_entities", *NEEDS)


def shortcut(convert: Callable[[str], str], needs: tuple[str, ...]) -> Callable[[str], str]:
    """`convert`, skipped for a plain string that holds none of `needs`."""
    if len(needs) == 1:
        (one,) = needs

        def skip_or_convert(text):
            return convert(text) if one in text or type(text) is not str else text

    else:

        def skip_or_convert(text):
            if type(text) is str and not any(need in text for need in needs):
                return text
            return convert(text)

    skip_or_convert.__name__ = f"{convert.__name__}_or_skip"
    return standing_in(skip_or_convert, convert)


BINDING = Shortcuts(
    smartypants, WRITTEN_FOR, {name: functools.partial(shortcut, needs=needs) for name, needs in NEEDS.items()}
)
LIBRARY: dict[str, Callable[[str], str]] = BINDING.library
SHORTCUTS = BINDING.ready
applies, shortcuts_standing, bind, unbind = BINDING.applies, BINDING.standing, BINDING.bind, BINDING.unbind
