"""A content's path in the content folder, worked out once per path while a build runs.

Pelican's `Content.get_relative_source_path` joins a path to the content folder, makes
both absolute and takes one relative to the other on every call: for each post's URL and
file name (`url`, `save_as`: asked for by the writer, the sitemap, the feeds, the search
index), each `{static}` link, each post added to the context. That is 5,000 calls in a
rebuild with nothing changed, about 5 % of it. The answer depends only on the path, the
content folder and, for a relative one, the working folder (string operations: nothing is
read from the disk), so it is remembered on those. internals.py guards Pelican's method.
"""

from __future__ import annotations

import os

from pelican.contents import Content

from .library_shortcuts import standing_in

LIBRARY = Content.get_relative_source_path
LIMIT = 100_000  # paths remembered before the memory starts afresh (a site has one per file)

_known: dict[tuple[str, str, str], str] = {}


def get_relative_source_path(self, source_path=None):
    """Pelican's answer, remembered on the path, the content folder and (either relative) the working folder."""
    if not source_path:
        source_path = self.source_path
    folder = self.settings["PATH"]
    if type(source_path) is not str or type(folder) is not str:
        return LIBRARY(self, source_path)  # None, or a path object: as Pelican has it
    where = "" if os.path.isabs(source_path) and os.path.isabs(folder) else os.getcwd()
    key = (source_path, folder, where)
    known = _known.get(key)
    if known is None:
        if len(_known) >= LIMIT:
            _known.clear()
        known = _known[key] = LIBRARY(self, source_path)
    return known


SHORTCUT = standing_in(get_relative_source_path, LIBRARY)


def bind() -> None:
    """From now on, contents remember their paths (unless another plugin put its own method in place)."""
    if Content.__dict__.get("get_relative_source_path") is LIBRARY:
        Content.get_relative_source_path = SHORTCUT


def unbind() -> None:
    """Pelican's own method again, if ours still stands."""
    if Content.__dict__.get("get_relative_source_path") is SHORTCUT:
        Content.get_relative_source_path = LIBRARY
