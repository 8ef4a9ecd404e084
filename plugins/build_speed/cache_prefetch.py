"""Pelican's content cache read ahead of the next build, while livereload's warm process waits.

A rebuild starts by unpickling each generator's content cache (Pelican's
`FileDataCacher.__init__`: 0.09 s of a rebuild for 1,000 posts) to get fresh objects
for the posts it does not read anew; the build then attaches comments, neighbours and
more to them, so the objects of one build cannot serve the next. Between two builds
the warm process only waits for livereload: there it unpickles each cache the last
build loaded, and the next build takes that dict instead of reading the file again,
when the file is still the very one it was read from (same inode, size, modification
and change times). Otherwise, or if anything goes wrong, the build loads the file as
Pelican does. Only in a process that builds again and again (`remember`).

Leans on Pelican's `FileDataCacher.__init__` (internals.py): it loads a cache with the
`pickle.load` of its module's `pickle`, from a file it opened by name.
"""

from __future__ import annotations

import io
import logging
import os
import pickle

import pelican.cache
from pelican.generators import CachingGenerator

from .stand_in import StandIn
from .warm_cache import content_cache_file, whole_stamp

logger = logging.getLogger(__name__)

Stamp = tuple[int, int, int, int]


def stamp_of(path: str) -> Stamp | None:
    """What tells the file from any other written there since (None: it is not there)."""
    try:
        return whole_stamp(path)
    except OSError:
        return None


class CachePrefetch:
    """The content caches of the last build, unpickled again while the process waits for the next."""

    def __init__(self):
        self.on = False
        self._paths: set[str] = set()  # the caches the last build loaded
        self._ready: dict[str, tuple[Stamp, object]] = {}

    def remember(self) -> None:
        """This process builds again and again: read the caches ahead between builds."""
        self.on = True
        pelican.cache.pickle = PickleWithPrefetched(self)

    def note(self, generator) -> None:
        """A generator is made, about to load its cache: read it ahead of the next build too."""
        settings = generator.settings
        if (
            self.on
            and isinstance(generator, CachingGenerator)
            and settings.get("CONTENT_CACHING_LAYER") == "generator"
            and settings.get("LOAD_CONTENT_CACHE")
            and not settings.get("GZIP_CACHE")
        ):
            self._paths.add(content_cache_file(settings, type(generator).__name__))

    def read_ahead(self) -> None:
        """Between builds: unpickle each cache the last build loaded (as it is on disk now)."""
        self._ready.clear()
        paths, self._paths = self._paths, set()
        for path in sorted(paths):
            before = stamp_of(path)
            try:
                with open(path, "rb") as stream:
                    data = pickle.load(stream)  # written by this project's own builds, as Pelican reads it
            except Exception as error:  # anything at all: the next build loads the file itself
                logger.debug("build_speed: the content cache %s was not read ahead (%s)", path, error)
                continue
            if before is not None and stamp_of(path) == before:
                self._ready[path] = (before, data)

    def take(self, path: str):
        """The cache read ahead from `path`, once, if the file is still the one it was read from (else None)."""
        ready = self._ready.pop(os.path.abspath(path), None)
        if ready is None or stamp_of(path) != ready[0]:
            return None
        return ready[1]


def load_or_refuse(file, *args, **kwargs):
    """pickle.load, but a damaged file is an UnpicklingError, which Pelican takes as no cache (with a warning).

    Pelican catches only pickle's, the system's and decoding errors: a cache file of other bytes
    (`garbage`: pickle reads a `g` and a number) raised a ValueError, and every build stopped on it
    until the cache was deleted by hand (an outside tester's finding).
    """
    try:
        return pickle.load(file, *args, **kwargs)
    except (pickle.PickleError, OSError, UnicodeDecodeError):
        raise
    except Exception as error:  # anything a damaged file makes pickle raise
        raise pickle.UnpicklingError(f"the file is damaged ({type(error).__name__}: {error})") from None


class DamageTolerantPickle(StandIn):
    """`pickle` as pelican.cache sees it while a build keeps a cache: a damaged file is no cache, not a stop."""

    def __init__(self):
        super().__init__(pickle)

    def load(self, file, *args, **kwargs):
        return load_or_refuse(file, *args, **kwargs)


def tolerate_damage() -> None:
    """From now on pelican.cache takes a damaged cache file for none (unless its `pickle` is ours already)."""
    if not isinstance(pelican.cache.pickle, DamageTolerantPickle):
        pelican.cache.pickle = DamageTolerantPickle()


class PickleWithPrefetched(DamageTolerantPickle):
    """`pickle` as pelican.cache sees it in the warm process: a cache read ahead is taken, not loaded again."""

    def __init__(self, prefetch: CachePrefetch):
        super().__init__()
        self._prefetch = prefetch

    def load(self, file, *args, **kwargs):
        name = getattr(file, "name", None)
        # A plain file, as it was read ahead (with GZIP_CACHE, Pelican opens it with gzip).
        data = self._prefetch.take(name) if isinstance(file, io.BufferedReader) and isinstance(name, str) else None
        return load_or_refuse(file, *args, **kwargs) if data is None else data


prefetch = CachePrefetch()
