"""Typogrify, done by the helper for the files it converts, and the build's way to reuse it.

Pelican applies typogrify in `Readers.read_file`, just after the reader returns,
through `from typogrify.filters import typogrify` at each call, so the name is
looked up then. While a helper runs, that name is bound to `reuse_or_typogrify`:
given the very string object our reader has just returned (an identity check),
with the arguments and smartypants mode the helper used, it returns the helper's
result; any other call is typogrify's own. The binding is undone as soon as the
build has read everything. Should Pelican ever call typogrify another way, no
result is reused and the build typogrifies as it would without the plugin.
"""

from __future__ import annotations

from dataclasses import dataclass

import smartypants
import typogrify.filters

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


class _Expected:
    """The one result the build is about to ask for."""

    text: str | None = None
    result: str | None = None
    call: Call | None = None


expected = _Expected()


def expect(text: str, result: str, call: Call) -> None:
    """The next typogrify call on `text` (this very object), made as `call`, gets `result`."""
    expected.text, expected.result, expected.call = text, result, call


def reuse_or_typogrify(text, *args, **kwargs):
    """typogrify, answered from the helper when it is the expected call."""
    call, result = expected.call, expected.result
    if text is expected.text and call is not None:
        expected.text = expected.result = expected.call = None
        if (args, kwargs, smartypants.Attr.default) == (call.args, call.kwargs, call.smartypants_mode):
            return result
    return TYPOGRIFY(text, *args, **kwargs)


def reuse_results() -> None:
    """From now on, Pelican's typogrify calls may be answered from the helper."""
    typogrify.filters.typogrify = reuse_or_typogrify


def stop_reusing() -> None:
    """Typogrify is typogrify again."""
    expected.text = expected.result = expected.call = None
    typogrify.filters.typogrify = TYPOGRIFY
