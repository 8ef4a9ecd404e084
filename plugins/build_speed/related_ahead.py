"""The related posts ranked on the second core while the build goes on.

Ranking the posts (related_posts.ranking) takes about 0.12 s of the build's core for
1,000 posts. Its inputs are final once the articles are read and sorted
(`article_generator_pretaxonomy`), and nothing reads the lists before the pages are
written; meanwhile the build files the posts under their tags and categories, saves
its cache, attaches bios and neighbours, reads the pages and lists the static files
(about 0.25 s of a rebuild, 0.45 s of a cold build), while the second core idles. So
with at least BUILD_SPEED_RELATED_MIN_POSTS posts and a core free, `RankedElsewhere`
(the plugin's `rank` for the build) sends the posts to a second process (offload.py)
and answers with a function the plugin calls once every generator is done, which
waits for the lists if need be. In a build that keeps a cache, the memo
(remembered.Remembered) is asked first: the same posts give the last build's lists at
once, with no second process. If the second process fails in any way, the posts are
ranked here: the lists are the same (tests/test_related_ahead.py).

In a process that builds again and again (livereload's warm process), the second process
for the next build's ranking is started between builds (offload.Standby): the build then
hands it the posts without waiting for Python to start and import the ranking (0.02 s of
the 0.07 s a rebuild after an edit waited for the lists).
"""

from __future__ import annotations

import logging
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from .offload import Offload, OffloadFailed, Standby
from .processes import free_cores
from .remembered import FILE, Remembered
from .site import code_digest, digest_of, library_versions

logger = logging.getLogger(__name__)

running: list[Offload] = []  # the rankings under way in a second process, until their lists are taken


class StandbyKept:
    """In a process that builds again and again: the second process for the next ranking, started between builds."""

    def __init__(self):
        self.on = False
        self.module: str | None = None  # the ranking's module, when the last build ranked in a second process
        self.process: Standby | None = None

    def remember(self) -> None:
        """This process builds again and again: start each build's second process ahead."""
        self.on = True

    def ready(self) -> None:
        """Between builds: a second process waiting for the next build's posts, if none is."""
        if self.module is None and self.process is not None:  # the site no longer ranks in a second process
            self.take().stop()
        if not self.on or self.module is None or free_cores() < 2:
            return
        if self.process is not None and self.process.process.poll() is None:
            return
        try:
            self.process = Standby(self.module)
        except OSError as error:
            logger.debug("build_speed: no second process started ahead for the related posts (%s)", error)
            self.process = None

    def take(self) -> Standby | None:
        """The process started ahead, for a build's ranking (None: there is none)."""
        taken, self.process = self.process, None
        return taken


standby = StandbyKept()


def worth_a_second_process(posts: int, min_posts: int | None) -> bool:
    """Whether the posts are enough to pay for starting a process (about 0.05 s of the other core), and one is free."""
    return min_posts is not None and posts >= min_posts and free_cores() >= 2


def cancel_all() -> None:
    """Stop the rankings a build that stopped half-way left running."""
    while running:
        running.pop().cancel()


class RankedElsewhere:
    """related_posts' `rank` for a build: the memo's lists, or the posts ranked in a second process, or here."""

    def __init__(self, ranking: Callable, memo: Remembered | None, min_posts: int | None):
        self.ranking, self.memo, self.min_posts = ranking, memo, min_posts
        self.__wrapped__ = ranking

    def __call__(self, posts, **options):
        worth_it = worth_a_second_process(len(posts), self.min_posts)
        standby.module = self.ranking.__module__ if worth_it else None  # what the next build wants started ahead
        key = None
        if self.memo is not None:
            key, kept = self.memo.lookup(posts, **options)
            if kept is not None:
                return kept
        if not worth_it:
            return self._ranked_here(key, posts, options)
        try:
            job = Offload(self.ranking, posts, options=options, standby=standby.take())
        except (OSError, pickle.PicklingError) as error:
            logger.info("build_speed: no second process for the related posts (%s); ranking them in the build", error)
            return self._ranked_here(key, posts, options)
        running.append(job)
        logger.debug("build_speed: ranking the related posts of %d posts in a second process", len(posts))

        def lists():
            running.remove(job)
            try:
                found = job.result()
            except (OffloadFailed, OSError, EOFError, pickle.UnpicklingError) as error:
                logger.info("build_speed: the related posts' second process failed (%s); ranking them here", error)
                return self._ranked_here(key, posts, options)
            if self.memo is not None:
                self.memo.keep(key, found)
            return found

        return lists

    def _ranked_here(self, key: str | None, posts, options: dict):
        found = self.ranking(posts, **options)
        if self.memo is not None:
            self.memo.keep(key, found)
        return found


def install(settings, on: bool, min_posts: int | None) -> None:
    """The related posts ranked for this build through the memo (`on`), in a second process from `min_posts` posts.

    Neither: ranked by the plugin's own function, as without build_speed.
    """
    standby.module = None  # until this build ranks in a second process: else the one waiting is stopped
    plugin = sys.modules.get("related_posts")
    if plugin is None or not hasattr(plugin, "rank"):
        return
    ranking = plugin.related
    memo = None
    if on:
        code = digest_of(*library_versions(), code_digest(plugin))
        memo = Remembered(ranking, Path(settings["CACHE_PATH"]) / FILE, code)
    plugin.rank = ranking if memo is None and min_posts is None else RankedElsewhere(ranking, memo, min_posts)
