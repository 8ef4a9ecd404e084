"""Typogrify, done by the helper for the files it converts, and the build's way to reuse it.

Pelican applies typogrify in `Readers.read_file`, just after the reader returns,
through `from typogrify.filters import typogrify` at each call, so the name is
looked up then, for the post's HTML, its title and its summary. While a helper runs,
that name is bound to `reuse_or_typogrify`: given one of the very string objects our
reader has just returned (an identity check), with the arguments and smartypants
mode the helper used, it returns the helper's result; any other call is typogrify's
own. The binding is undone as soon as the
build has read everything. Should Pelican ever call typogrify another way, no
result is reused and the build typogrifies as it would without the plugin.
"""

from __future__ import annotations

from dataclasses import dataclass

import smartypants
import typogrify.filters

from ..library_shortcuts import standing_in

TYPOGRIFY = typogrify.filters.typogrify
# Pelican's TYPOGRIFY_DASHES values and the smartypants modes read_file sets for them.
DASHES = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}


@dataclass(frozen=True)
class Call:
    """How typogrify was called: its arguments besides the text, and smartypants' mode."""

    args: tuple
    kwargs: dict
    smartypants_mode: int


def pelican_call(settings: dict) -> Call:
    """The call Pelican's read_file makes for these settings."""
    mode = DASHES.get(settings["TYPOGRIFY_DASHES"], smartypants.Attr.set1) | smartypants.Attr.w
    return Call((settings["TYPOGRIFY_IGNORE_TAGS"],), dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False), mode)


def typogrify_as_pelican(html: str, call: Call) -> str:
    """`html` typogrified as read_file would (in the helper, which has nothing else to run)."""
    smartypants.Attr.default = call.smartypants_mode
    return TYPOGRIFY(html, *call.args, **call.kwargs)


# The results the build is about to ask for: id of the text -> (the text itself, its result, the call).
expected: dict[int, tuple[str, str, Call]] = {}


def expect(results: list[tuple[str, str]], call: Call) -> None:
    """The next typogrify calls on these texts (these very objects), made as `call`, get these results."""
    expected.clear()  # a post's results are asked for before the next post is read, or never
    for text, result in results:
        expected[id(text)] = (text, result, call)


def reuse_or_typogrify(text, *args, **kwargs):
    """typogrify, answered from the helper when it is an expected call."""
    entry = expected.pop(id(text), None)
    if entry is not None and entry[0] is text:
        _text, result, call = entry
        if (args, kwargs, smartypants.Attr.default) == (call.args, call.kwargs, call.smartypants_mode):
            return result
    return TYPOGRIFY(text, *args, **kwargs)


standing_in(reuse_or_typogrify, TYPOGRIFY)  # conversion.identity sees through it to the library's


def reuse_results() -> None:
    """From now on, Pelican's typogrify calls may be answered from the helper."""
    typogrify.filters.typogrify = reuse_or_typogrify


def stop_reusing() -> None:
    """Typogrify is typogrify again."""
    expected.clear()
    typogrify.filters.typogrify = TYPOGRIFY
