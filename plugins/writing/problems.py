"""A problem in the writers' files, as every command prints it: `path:LINE: message`."""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

ERROR, WARNING, NOTE = "error", "warning", "note"  # a note is news, not a problem (a scheduled post)


@dataclass(frozen=True)
class Problem:
    """One problem in one file, at one line (1 for the file as a whole).

    `code` names the kind of problem (e.g. "date", "link"): what the build needs to
    know to replace Pelican's own message about the same file. `subject` is what it
    is about when the message does not say it the way the built site will (the
    address a `{filename}` link resolves to), so that it is not reported again.
    """

    path: str
    line: int
    message: str
    severity: str = ERROR
    code: str = ""
    subject: str = ""

    def __str__(self) -> str:
        prefix = f"{self.severity}: " if self.severity in (WARNING, NOTE) else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"

    def demoted(self) -> Problem:
        """The same problem as a warning (a draft's problems never block a publish)."""
        return Problem(self.path, self.line, self.message, WARNING, self.code, self.subject)


# Problems that make Pelican leave the file out of the site.
LEAVES_OUT = frozenset({"title", "date", "date-range", "date-zone", "status", "utf8", "slug", "twice-out"})
# Of those, the ones Pelican reads anyway: the build leaves the file out itself (Pelican would crash on it).
BUILD_LEAVES_OUT = frozenset({"slug", "date-range", "date-zone"})


def display(path: Path | str) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    return displayed(str(path), os.getcwd())


@lru_cache(maxsize=8192)  # three times a file, every build (relpath alone was a tenth of the content check)
def displayed(text: str, here: str) -> str:
    """`text` as `display` shows it from the folder `here`."""
    if text.startswith(here + os.sep):  # the usual case, without relpath's cost
        return text[len(here) + 1 :]
    relative = os.path.relpath(text, here)
    return text if relative.startswith("..") else relative


def closest(word: str, choices, *, cutoff: float = 0.6) -> str | None:
    """The choice closest to `word` (ignoring case), for a "did you mean", or None when none is close.

    A choice that is the word with its accents written otherwise (see `looks_alike`) comes first.
    """
    composed = unicodedata.normalize("NFC", word).casefold()
    if alike := next((str(c) for c in choices if unicodedata.normalize("NFC", str(c)).casefold() == composed), None):
        return alike
    by_folded = {str(choice).casefold(): str(choice) for choice in choices}
    close = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=cutoff)
    return by_folded[close[0]] if close else None


def looks_alike(written: str, found: str) -> str:
    """A note for a "did you mean" whose suggestion looks like what was written: their accents differ in form.

    macOS (and zip files made there) save `é` in a file's name as `e` and a separate accent,
    which looks the same as the `é` a link is typed with, but is another name.
    """
    if written == found or unicodedata.normalize("NFC", written) != unicodedata.normalize("NFC", found):
        return ""
    if found == unicodedata.normalize("NFC", found):  # the link is the one written with separate marks
        return " (they look the same, but the link writes its accents as separate marks: type the link again)"
    return (
        " (they look the same, but the file's name writes its accents as separate marks, as macOS saves names:"
        " type the file's name again to rename it)"
    )


def note_shown(where: str) -> str:
    """The message for an HTML comment (a writer's note) in a place that shows it as text: an error, as a note
    left open in a post's text is (notes.py), since the writer's private words would be published."""
    return (
        f"{where} holds an HTML comment ('<!--'), which shows there as text: only the post's text hides notes"
        " (move it there, or remove it)"
    )


def escaped_name(what: str, path: str) -> str:
    """The problem of a file whose name holds a %-escape (`x%20y.jpg`): a browser asks for `x y.jpg` ("" if none).

    The build links such a file as it is named, and an address reads `%20` as a space: the
    page would show a broken image or link, found only by the publish's link check.
    """
    name = path.rsplit("/", 1)[-1]
    if "%" not in name or unquote(name) == name:
        return ""
    escape = re.search(r"%[0-9A-Fa-f]{2}", name)[0]
    better = re.sub(r"[\s%#?/\\]+", "-", unquote(name)).strip("-") or "another-name"
    return (
        f"{what}: its file name holds {escape!r}, which an address reads as {unquote(escape)!r}, so readers get"
        f" no file: rename the file without '%' (e.g. {better})"
    )
