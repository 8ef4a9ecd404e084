"""Pelican's content cache kept true: dropped when what reading depends on changes, and relinked.

Development builds reuse each unchanged post as it was read (Pelican's
generator-level cache, CONTENT_CACHING_LAYER = "generator"), checking only the
post's own file. Two things it misses, made good here; they are not speed-ups but
what makes the cache safe to use, so they run whenever a cache is used, even with
BUILD_SPEED off:

- a cached post carries what plugins read while it was read: image sizes and
  credits baked into its HTML, the plugins' own code, the settings. The build's
  reading key (site.py) covers them; when it is not the one the cache was saved
  under, the cache is dropped and every post is read again. The key is recorded
  only once Pelican has saved the new cache, so a build stopped half-way never
  leaves an old cache under a new key;
- Pelican stamps a file after reading it (`cache_data`), with its modification time
  alone: a save between the read and the stamp kept the old text under the new time
  for good, and a file put in place with another's time (`cp -p`, `unzip`, `touch -r`)
  was never read again (an outside tester's findings). Each file's stamp is taken once
  a build, at the cache's first look at it (before it is read), and holds the
  modification and change times, the size and the inode: the change time is the
  moment the file was last written or put in place, which no program sets back;
- Pelican keeps in each post the context it was read with (`_context`), and the
  cache pickles it with the post, from before the static files were listed: a
  cached post would look its `{static}` and `{filename}` links up in that old
  context and leave them unresolved. Every post is pointed at this build's context.

And two speed-ups: the templates compiled once, not on every build (Jinja's own
bytecode cache, in `<CACHE_PATH>/templates`; Jinja checks each template's source
against it, so an edited template is compiled again, and here the reading key too:
the compiled code also depends on the Jinja settings, on the filters and extensions
plugins add, on Jinja's version); and a generator's cache saved
only when the build read a file anew (Pelican writes the whole cache, every post
pickled, after every build: about 0.04 s for 1,000 posts, for the very bytes it loaded
when nothing changed).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from .pages import write_atomically

logger = logging.getLogger(__name__)

STAMP = "build_speed-reading.json"  # in CACHE_PATH: generator name -> the reading key its cache was saved under
TEMPLATES = "templates"  # in CACHE_PATH: compiled templates


def content_cache_file(settings, generator_name: str) -> str:
    """Where Pelican keeps a generator's content cache (generator level): CACHE_PATH/<its class's name>."""
    return os.path.abspath(os.path.join(settings["CACHE_PATH"], generator_name))


def caching(settings) -> bool:
    """Whether this build saves a content cache."""
    return bool(settings.get("CACHE_CONTENT"))


def recorded_keys(settings) -> dict[str, str]:
    """The reading key each generator's cache was saved under."""
    try:
        keys = json.loads((Path(settings["CACHE_PATH"]) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return keys if isinstance(keys, dict) else {}


def drop_stale_cache(generator, reading_key: Callable[[], str]) -> None:
    """Before the generator reads: forget its cache if it was saved under another reading key."""
    settings = generator.settings
    if not (caching(settings) and settings.get("LOAD_CONTENT_CACHE")):
        return
    if recorded_keys(settings).get(type(generator).__name__) == reading_key():
        return
    if getattr(generator, "_cache", None) or getattr(generator.readers, "_cache", None):
        logger.info("build_speed: images, credits, settings or plugin code changed: reading every post again")
    generator._cache = {}
    generator.readers._cache = {}


def whole_stamp(filename: str) -> tuple[int, int, int, int]:
    """What tells a file from the one read before: modification and change times, size, inode."""
    status = os.stat(filename)
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


def stamps_taken_before_reading(generator) -> None:
    """The generator's and its readers' caches stamp each file once a build, at their first look, and whole.

    Pelican's `_get_file_stamp` calls `_filestamp_func` both when it looks a file up
    (`get_cached_data`, before reading it) and when it caches it (`cache_data`, after): the
    first stamp is kept for the second, so a file saved while it was read is read again by
    the next build. With CHECK_MODIFIED_METHOD set to a hash, the hash is Pelican's own.
    """
    for cacher in (generator, generator.readers):
        if cacher.settings.get("CHECK_MODIFIED_METHOD", "mtime") == "mtime":
            stamp_of = whole_stamp
        elif (stamp_of := getattr(cacher, "_filestamp_func", None)) is None:
            continue
        taken: dict[str, object] = {}

        def stamp(filename, stamp_of=stamp_of, taken=taken):
            if filename not in taken:
                taken[filename] = stamp_of(filename)  # an OSError is Pelican's to report, and stamps nothing
            return taken[filename]

        cacher._filestamp_func = stamp


def record_cache_key(generator, reading_key: Callable[[], str]) -> None:
    """The generator has saved its cache: record the reading key it holds for."""
    settings = generator.settings
    if not caching(settings):
        return
    keys = recorded_keys(settings)
    name = type(generator).__name__
    if keys.get(name) != reading_key():
        keys[name] = reading_key()
        write_atomically(Path(settings["CACHE_PATH"]) / STAMP, json.dumps(keys, sort_keys=True))


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, each kept for its source and the build's reading key.

    Jinja checks only a template's source: code compiled with `trim_blocks` on, or before a
    plugin's filter changed (Jinja folds a filter of constants as it compiles), would be taken
    after the setting or the plugin changed, and the pages would differ from a cold build's.
    """

    def __init__(self, folder: str, reading_key: Callable[[], str]):
        super().__init__(folder)
        self.reading_key = reading_key

    def get_source_checksum(self, source: str) -> str:
        return hashlib.sha256(f"{self.reading_key()}\0{source}".encode("utf-8", "surrogatepass")).hexdigest()


def keep_compiled_templates(generator, reading_key: Callable[[], str]) -> None:
    """The generator's templates come compiled from the cache folder while their source and the reading key hold."""
    folder = Path(generator.settings["CACHE_PATH"]) / TEMPLATES
    folder.mkdir(parents=True, exist_ok=True)
    generator.env.bytecode_cache = CompiledTemplates(str(folder), reading_key)


def relink(context) -> None:
    """Point every article and page Pelican read (its own record, `generated_content`) at this build's context."""
    for content in context["generated_content"].values():
        if content is not None:  # None: a file that failed to read
            content._context = context


def save_only_when_read_anew(generator) -> None:
    """The generator saves its content cache only if it caches a file anew in this build.

    Pelican's generator calls `cache_data` for each file it reads anew (only for those: a
    cached file is taken as it is) and `save_cache` once all are read. When it cached
    nothing, its cache is the one it loaded, and the file holds it already. A cache
    dropped as stale (drop_stale_cache) is saved whatever happens.
    """
    settings = generator.settings
    if not (caching(settings) and settings.get("LOAD_CONTENT_CACHE")) or not generator._cache:
        return
    cached_anew = []

    def cache_data(filename, data):
        cached_anew.append(filename)
        type(generator).cache_data(generator, filename, data)

    def save_cache():
        if cached_anew:
            type(generator).save_cache(generator)

    generator.cache_data, generator.save_cache = cache_data, save_cache
