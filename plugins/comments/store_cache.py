"""The comment store as last read, kept between development builds: a rebuild reads only changed files.

Reading and checking 10,000 comment files takes most of a second, and a rebuild
usually follows an edited post, not edited comments. Each file's outcome (its
Comment, or the StoreError that names its mistake) is kept with the file's
modification time and size; a file whose stamp differs, or a new file, is read
again, and a file gone is forgotten. The whole cache holds for the plugin's code it
was made with (code.py). What follows from the files together
(an id used twice, a file not named after its id) is worked out anew on every
build by store.index_store. Stored as JSON, never pickle, since it is read back
from disk: `<CACHE_PATH>/comments-store.json`.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime
from pathlib import Path

from .code import code_digest
from .model import Comment
from .store import StoreError, write_atomically

FILE_NAME = "comments-store.json"
FORMAT = 3  # bumped when what is kept changes, so an older cache is ignored (3: invisible characters dropped)

Stamp = tuple[int, int]  # (mtime_ns, size)
Outcome = Comment | StoreError


def to_json(outcome: Outcome) -> dict:
    """A parsed file's outcome as JSON-ready data (an error without its path: the store may move)."""
    if isinstance(outcome, StoreError):
        return {"error": [outcome.line, outcome.message]}
    # A Comment's fields are flat (strings, a date, a tuple of strings): no deep copy (asdict) needed.
    data = {field.name: getattr(outcome, field.name) for field in fields(outcome)}
    return {"comment": {**data, "date": outcome.date.isoformat(), "reasons": list(outcome.reasons)}}


def from_json(data: dict, path: str) -> Outcome:
    """The outcome back from `to_json`, for the file now at `path`."""
    if "error" in data:
        return StoreError(path, *data["error"])
    fields = data["comment"]
    return Comment(**{**fields, "date": datetime.fromisoformat(fields["date"]), "reasons": tuple(fields["reasons"])})


class StoreCache:
    """Each store file's stamp and outcome; made before reading the store, `save`d after."""

    def __init__(self, folder: Path | None, load: bool):
        self.path = folder / FILE_NAME if folder else None
        self.kept: dict[str, tuple[Stamp, dict]] = {}
        self.fresh: dict[str, tuple[Stamp, dict]] = {}
        self.changed = False
        if self.path and load:
            try:
                stored = json.loads(self.path.read_text(encoding="utf-8"))
                if stored.get("format") == FORMAT and stored.get("code") == code_digest():
                    self.kept = {name: (tuple(stamp), data) for name, (stamp, data) in stored["files"].items()}
            except (OSError, ValueError, TypeError, KeyError):
                self.kept = {}  # a damaged cache is no cache

    def outcome(self, name: str, stamp: Stamp, path: str) -> Outcome | None:
        """What the file `name` (relative to the store) gave last time, if it has not changed since."""
        kept = self.kept.get(name)
        if kept is None or kept[0] != stamp:
            return None
        try:
            outcome = from_json(kept[1], path)
        except (TypeError, KeyError, ValueError, AttributeError):
            return None
        self.fresh[name] = kept
        return outcome

    def remember(self, name: str, stamp: Stamp, outcome: Outcome) -> None:
        """The outcome of a file read anew (nothing to keep without a cache folder: a cold build)."""
        if self.path is None:
            return
        self.fresh[name] = (stamp, to_json(outcome))
        self.changed = True

    def save(self) -> None:
        """Keep this build's outcomes, unless they are the last build's."""
        if self.path is None or (not self.changed and self.fresh.keys() == self.kept.keys()):
            return
        files = {name: [list(stamp), data] for name, (stamp, data) in self.fresh.items()}
        write_atomically(self.path, json.dumps({"format": FORMAT, "code": code_digest(), "files": files}))
