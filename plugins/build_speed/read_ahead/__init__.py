"""Markdown converted and typogrified on a second core while Pelican reads the posts.

Pelican reads the posts one by one, and converting Markdown and typogrifying the
HTML is nearly all of the reading, which is most of a cold build. When many posts
are to be read (BUILD_SPEED_READ_AHEAD_MIN_FILES) and a second core is free, a
second process does both for the posts at the far end of Pelican's list while
Pelican reads from the near end (helper.py tells how); for each post the helper
has done, the build only does the rest of the reading (metadata, the article
itself). Typogrify's result reaches Pelican through a build-scoped binding
(typography.py). The site is byte for byte the same as without it (tested); warm
builds, which read only the edited posts, do not start the process.

The helper loads none of the site's plugins: it converts as Pelican, Markdown,
typogrify and smartypants do on their own. So it starts only while typogrify's and
smartypants' functions in the build are the libraries' own (or build_speed's shortcuts,
which the helper binds too): a plugin that puts its own version of one in place (French
quotes, say) has the build read every post itself. Likewise for the data of those
libraries' modules and classes (smartypants' tags to skip, Markdown's block-level
elements): the helper sends its own first, and where the build's differ, the build reads
alone (conversion.library_data). Its conversion settings are compared with the build's
at each post (helper.comparable). A plugin that changes Markdown's classes' methods in
place is not detected: a Markdown extension, named in the MARKDOWN setting, is the way
to change Markdown, and the helper loads those.
"""

from __future__ import annotations

import logging
import os
import pickle

import smartypants
import typogrify.filters
from pelican.readers import MarkdownReader
from pelican.utils import file_suffix

from .. import typogrify_shortcuts
from ..processes import free_cores
from ..smartypants_shortcuts import FUNCTIONS, shortcuts_standing
from ..stand_in import untouched
from .conversion import plain
from .helper import ReadAhead, helper_config
from .reader import ReadAheadMarkdownReader
from .typography import reuse_or_typogrify, reuse_results, stop_reusing

logger = logging.getLogger(__name__)
# Every function of typogrify 2.1.0's filters a conversion runs.
TYPOGRIFY_FUNCTIONS = (
    "typogrify", "applyfilters", "process_ignores", "amp", "caps", "initial_quotes", "smartypants", "widont",
)  # fmt: skip


def conversion_untouched() -> bool:
    """Whether this process converts as a fresh one does: no plugin put its own typogrify or smartypants in place."""
    ours = (reuse_or_typogrify, *typogrify_shortcuts.shortcuts_standing())
    return untouched(typogrify.filters, TYPOGRIFY_FUNCTIONS, ours) and untouched(
        smartypants, FUNCTIONS, shortcuts_standing()
    )


def typography_now() -> tuple:
    """What typogrify and smartypants convert with in the build now: their functions, smartypants' data."""
    return (conversion_untouched(), plain(smartypants.tags_to_skip), plain(vars(smartypants.Attr)))


def use_our_reader(readers) -> None:
    """Markdown files go through ReadAheadMarkdownReader (unless a plugin brought its own reader)."""
    for extension, reader_class in readers.reader_classes.items():
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = ReadAheadMarkdownReader


def is_cached(generator, path: str) -> bool:
    """Whether Pelican's content cache will give the file's content without reading it."""
    settings = generator.settings
    if not settings["LOAD_CONTENT_CACHE"]:
        return False
    if settings["CONTENT_CACHING_LAYER"] == "generator":
        return generator.get_cached_data(path, None) is not None
    full_path = os.path.abspath(os.path.join(generator.path, path))
    return generator.readers.get_cached_data(full_path, (None, None))[0] is not None


def files_to_convert(generator, paths: list[str], excludes: list[str]) -> list[str]:
    """The Markdown files the generator will read, in its order, as the reader will be given them."""
    readers = generator.readers.readers
    return [
        os.path.abspath(os.path.join(generator.path, path))
        for path in generator.get_files(paths, exclude=excludes)  # Pelican's own walk, so its order
        if isinstance(readers.get(file_suffix(path)), ReadAheadMarkdownReader) and not is_cached(generator, path)
    ]


def plan(generator, files: list[str], min_files: int | None) -> None:
    """Give the files to this build's helper, starting it if they are enough to pay for it."""
    helper = ReadAheadMarkdownReader.helper
    if helper is None:
        if min_files is None or len(files) < min_files or free_cores() < 2 or os.name != "posix":
            return
        if not conversion_untouched():
            logger.debug("build_speed: a plugin converts its own way; reading without a second process")
            return
        try:
            helper = ReadAhead(helper_config(generator.settings))
        except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:
            # No process to be had, or a Markdown extension object that cannot travel to one.
            logger.info("build_speed: no second process to read ahead (%s); reading as usual", error)
            return
        helper.typography = typography_now
        ReadAheadMarkdownReader.helper = helper
        reuse_results()
        logger.debug("build_speed: converting Markdown in a second process")
    helper.plan(files)


def plan_articles(generator, min_files: int | None) -> None:
    """The articles are about to be read."""
    settings = generator.settings
    plan(generator, files_to_convert(generator, settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]), min_files)


def plan_pages(generator, min_files: int | None) -> None:
    """The pages are read after the articles."""
    settings = generator.settings
    plan(generator, files_to_convert(generator, settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]), min_files)


def stop() -> None:
    """Everything is read (or a new build starts): stop the helper."""
    helper, ReadAheadMarkdownReader.helper = ReadAheadMarkdownReader.helper, None
    if helper is not None:
        stop_reusing()
        helper.close()
        logger.debug("build_speed: %d file(s) converted in the second process", helper.taken)
