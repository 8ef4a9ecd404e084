"""The related posts and the content check of the last build, given back when their inputs are the same.

Ranking the related posts (related_posts.ranking.related) reads every post's tags
and terms: about 0.13 s of every build of 1,000 posts, the same lists again when no
post changed. A build that keeps a cache gives the ranking through `Remembered`:
the arguments' digest, and the result of the last call, are kept in the cache
folder (`build_speed-related.pickle`); the same digest gives that result back, any
other digest ranks anew. The ranking is a pure function of its arguments (the
posts' keys, dates, tags and terms, and the settings it is given) and of its code
(the plugin's, and the libraries', counted in the digest), so the result is the
same either way (tests/test_build_speed.py).

The content check that every build runs first (writing.checked_site: about 0.2 s of
each build of 1,000 posts, reading every post, bio and credit file) is a pure
function of the settings, the plugins' and libraries' code (together: the reading
key, site.py), the working folder, the files of the content folder but the comment
store, and the clock. `RememberedCheck` keeps its answer with a digest of all but
the clock (`build_speed-check.pickle`), and gives it back for the same digest until
the moment the check said its answer holds (a scheduled post going out); any other
digest, or a later moment, checks anew.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .fingerprint import digest
from .pages import write_atomically_bytes
from .site import comment_store, digest_of, file_names, file_stamps

logger = logging.getLogger(__name__)

FILE = "build_speed-related.pickle"
CHECK_FILE = "build_speed-check.pickle"


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


class LastCall:
    """In a process that builds again and again: the last call's arguments and result, kept in memory.

    livereload's warm process ranks the related posts on every rebuild; with nothing changed, the
    posts are equal to the last build's, and comparing them (0.01 s for 1000) spares the digest
    and the kept result read back from the disk (0.03 s, 5 % of such a rebuild). One call per
    memo file. Equal, not the same
    pickle: the ranking reads the posts' values (their tag sets in any order, as `steady` puts
    them in order for the digest). Within one process the code cannot change (livereload starts a
    new one when it does), and the code's digest is compared all the same.

    When the posts differ from the last call's (a rebuild after an edit), the file holds that last
    call too: it is not read, and the new lists are written to it between builds (`write_later`,
    digest included: 0.025 s of such a rebuild's own core), for a later `invoke build` in a new
    process.
    """

    def __init__(self):
        self.on = False
        self._calls: dict[Path, tuple] = {}  # memo file -> (code, args, kwargs, result) of its last call
        self._writes: list[Callable[[], None]] = []  # the files to write between builds

    def knows(self, path: Path) -> bool:
        """Whether a call is kept for this memo file (which then holds that call, as this process wrote it)."""
        return self.on and path in self._calls

    def write_later(self, write: Callable[[], None]) -> None:
        """Write a memo's file between builds (now, in a single build)."""
        if self.on:
            self._writes.append(write)
        else:
            write()

    def write_pending(self) -> None:
        """Between builds: the memos' files written."""
        writes, self._writes = self._writes, []
        for write in writes:
            write()

    def remember(self) -> None:
        """This process builds again and again: keep the last call."""
        self.on = True

    def get(self, path: Path, code: str, args: tuple, kwargs: dict):
        """The result of the memo's last call if it had equal code and arguments, else None."""
        if not self.on or path not in self._calls:
            return None
        kept_code, kept_args, kept_kwargs, result = self._calls[path]
        return result if (kept_code, kept_kwargs, kept_args) == (code, kwargs, args) else None

    def put(self, path: Path, code: str, args: tuple, kwargs: dict, result) -> None:
        """Keep a memo's call (its list arguments copied: the caller may change its own)."""
        if self.on:
            copied = tuple(list(a) if isinstance(a, list) else a for a in args)
            self._calls[path] = (code, copied, dict(kwargs), result)


last_call = LastCall()
LATER = "<later>"  # the key of a call whose digest is worked out when its file is written, between builds


class Remembered:
    """`function`, with the result of its last call kept in `path` and given back for the same arguments."""

    def __init__(self, function, path: Path, code: str):
        self.function, self.path, self.code = function, path, code  # code: a digest of the code it runs
        self.__wrapped__ = function
        self._call: tuple[tuple, dict] = ((), {})  # the arguments of the last lookup, for `keep`

    def __call__(self, *args, **kwargs):
        key, result = self.lookup(*args, **kwargs)
        if result is None:
            result = self.function(*args, **kwargs)
            self.keep(key, result)
        return result

    def lookup(self, *args, **kwargs) -> tuple[str | None, object]:
        """(the call's key, the result kept for it or None); the key is None when there is nothing to keep."""
        if (result := last_call.get(self.path, self.code, args, kwargs)) is not None:
            return None, result
        self._call = (args, kwargs)
        if last_call.knows(self.path):  # other posts than the last call's, which is what the file holds: not read
            return LATER, None
        try:
            key = arguments_digest(self.code, args, kwargs)
        except (TypeError, pickle.PicklingError, ValueError, RecursionError):
            return None, None
        try:
            kept_key, result = pickle.loads(self.path.read_bytes())
            if kept_key == key:
                last_call.put(self.path, self.code, args, kwargs, result)
                return key, result
        except (OSError, pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError, ImportError):
            pass  # none kept, or damaged: worked out anew
        return key, None

    def keep(self, key: str | None, result) -> None:
        """Keep the result of the call whose key `lookup` gave (None: nothing to keep)."""
        if key is None:
            return
        last_call.put(self.path, self.code, *self._call, result)
        if key is LATER:
            code, (args, kwargs), path = self.code, self._call, self.path
            last_call.write_later(lambda: write_kept(path, arguments_digest(code, args, kwargs), result))
        else:
            write_kept(self.path, key, result)


def write_kept(path: Path, key: str, result) -> None:
    """The memo's file: the call's key and its result."""
    try:
        write_atomically_bytes(path, pickle.dumps((key, result), protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError) as error:
        logger.debug("build_speed: the related posts are not kept: %s", error)


class RememberedCheck:
    """writing's `checked_site`, its last answer kept in `path`, given back while its inputs and the clock allow."""

    def __init__(self, function, path: Path, reading_key: Callable[[], str]):
        self.function, self.path, self.reading_key = function, path, reading_key
        self.__wrapped__ = function

    def inputs(self, settings) -> tuple[str, str, list[tuple]]:
        """A digest of everything the check reads but the clock; of all that but the content folder; its stamps.

        Every file of the content folder by its stamp, but the comment store's (10,000 files and
        more, none of them read): only which exist there, as a link may name one. The theme's
        static files, which links may name too.
        """
        content = Path(settings["PATH"]).resolve()
        store = comment_store(settings)
        # Every file, as the check finds them: through links to folders, whatever its name.
        context = digest_of(
            self.reading_key(),
            os.getcwd(),
            *(file_names(store, follow=True) if store is not None else ()),
            *file_names(Path(settings["THEME"]) / "static", follow=True),
        )
        stamps = file_stamps(content, {store} if store is not None else set(), leftovers=True, follow=True)
        return digest_of(context, *stamps), context, stamps

    def __call__(self, settings):
        key, context, stamps = self.inputs(settings)
        now = datetime.now(UTC)
        try:
            kept_key, checked, since = pickle.loads(self.path.read_bytes())
            # From the moment it was checked (a clock set back may bring a scheduled post back) until it holds no more.
            if kept_key == key and since <= now and (checked.holds_until is None or now < checked.holds_until):
                return checked
        except (OSError, pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError, ImportError):
            pass  # none kept, or damaged: checked anew
        if check_memo.on:  # a process that checks again and again: what still holds of its last check is taken back
            memo = check_memo.memo
            memo.context, memo.stamps = context, stamps
            checked = self.function(settings, memo=memo)
        else:
            checked = self.function(settings)
        try:
            write_atomically_bytes(self.path, pickle.dumps((key, checked, now), protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError) as error:
            logger.debug("build_speed: the content check's answer is not kept: %s", error)
        return checked


class CheckMemoKept:
    """The content check's findings file by file, kept in a process that builds again and again."""

    def __init__(self):
        self.on = False
        self._memo = None

    def remember(self) -> None:
        """This process builds again and again (livereload's warm process): keep them."""
        self.on = True

    @property
    def memo(self):
        """The writing plugin's CheckMemo (made at the first check: the plugin is loaded by then)."""
        if self._memo is None:
            from writing import CheckMemo

            self._memo = CheckMemo()
        return self._memo


check_memo = CheckMemoKept()


def install_check(settings, on: bool, reading_key: Callable[[], str]) -> None:
    """Check the content through RememberedCheck for this build (`on`), or directly."""
    plugin = sys.modules.get("writing")
    if plugin is None or not hasattr(plugin, "check_content"):
        return
    if on:
        plugin.check_content = RememberedCheck(
            plugin.checked_site, Path(settings["CACHE_PATH"]) / CHECK_FILE, reading_key
        )
    else:
        plugin.check_content = plugin.checked_site
