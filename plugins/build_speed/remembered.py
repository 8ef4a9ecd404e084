"""The related posts of the last build, given back when the posts are the same.

Ranking the related posts (related_posts.ranking.related) reads every post's tags
and terms: about 0.13 s of every build of 1,000 posts, the same lists again when no
post changed. A build that keeps a cache gives the ranking through `Remembered`:
the arguments' digest, and the result of the last call, are kept in the cache
folder (`build_speed-related.pickle`); the same digest gives that result back, any
other digest ranks anew. The ranking is a pure function of its arguments (the
posts' keys, dates, tags and terms, and the settings it is given) and of its code
(the plugin's, and the libraries', counted in the digest), so the result is the
same either way (tests/test_build_speed.py).
"""

from __future__ import annotations

import dataclasses
import logging
import pickle
import sys
from pathlib import Path

from .fingerprint import digest
from .pages import write_atomically_bytes
from .site import code_digest, digest_of, library_versions

logger = logging.getLogger(__name__)

FILE = "build_speed-related.pickle"


def steady(value):
    """The value with its sets in order, and those of a dataclass's fields, or of a list's items.

    Strings hash at random, so a set of strings is pickled in another order in another
    process (the C pickler writes sets itself, whatever its dispatch table). Only the
    sets the ranking's arguments hold are put in order (a list of dataclasses holding
    sets); one deeper down would only make another process rank anew, never give back
    a wrong result: the digest is of every byte of the arguments either way.
    """
    if isinstance(value, (set, frozenset)):
        return ("<set>", tuple(sorted(value, key=repr)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        fields = (steady(getattr(value, field.name)) for field in dataclasses.fields(value))
        return (f"{kind.__module__}.{kind.__qualname__}", *fields)
    if isinstance(value, (list, tuple)) and any(
        isinstance(item, (set, frozenset)) or dataclasses.is_dataclass(item) for item in value[:1]
    ):
        return (type(value).__name__, *map(steady, value))
    return value


def arguments_digest(code: str, args: tuple, kwargs: dict) -> str:
    """A digest of the code and a call's arguments, the same in every process (see `steady`)."""
    call = (code, tuple(map(steady, args)), sorted(kwargs.items()))
    return digest(pickle.dumps(call, protocol=pickle.HIGHEST_PROTOCOL))


class Remembered:
    """`function`, with the result of its last call kept in `path` and given back for the same arguments."""

    def __init__(self, function, path: Path, code: str):
        self.function, self.path, self.code = function, path, code  # code: a digest of the code it runs
        self.__wrapped__ = function

    def __call__(self, *args, **kwargs):
        try:
            key = arguments_digest(self.code, args, kwargs)
        except (TypeError, pickle.PicklingError, ValueError, RecursionError):
            return self.function(*args, **kwargs)
        try:
            kept_key, result = pickle.loads(self.path.read_bytes())
            if kept_key == key:
                return result
        except (OSError, pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError, ImportError):
            pass  # none kept, or damaged: worked out anew
        result = self.function(*args, **kwargs)
        try:
            write_atomically_bytes(self.path, pickle.dumps((key, result), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as error:
            logger.debug("build_speed: the related posts are not kept: %s", error)
        return result


def install(settings, on: bool) -> None:
    """Rank the related posts through Remembered for this build (`on`), or directly."""
    plugin = sys.modules.get("related_posts")
    if plugin is None or not hasattr(plugin, "rank"):
        return
    ranking = plugin.related
    if on:
        code = digest_of(*library_versions(), code_digest(plugin))
        plugin.rank = Remembered(ranking, Path(settings["CACHE_PATH"]) / FILE, code)
    else:
        plugin.rank = ranking
