"""The comment store read, threaded and rendered, ready for a build.

Reading thousands of comment files, threading them and rendering their Markdown
does not depend on the articles, and it is the largest part of what the plugin adds
to a cold build (about 0.2 ms a comment). `prepare_comments(job)` is a pure function
of its Job, so another plugin may run it elsewhere (build_speed runs it in a second
process while Pelican reads the articles) and hand the result back: see `prepared`
in this package's __init__.py. The result is the same either way (tested).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from .render_cache import RenderCache
from .store import StoreError, load_store
from .store_cache import StoreCache
from .threads import ShownComment, publishable, thread


@dataclass(frozen=True)
class Job:
    """What preparing the comments depends on; equal jobs give equal results."""

    store: Path
    cache_folder: Path | None  # where the store as read and rendered HTML are kept between builds
    load_cache: bool
    show_pingbacks: bool
    max_depth: int = 5  # COMMENTS_MAX_DEPTH
    timezone: str = "UTC"  # the site's TIMEZONE, for the dates shown


@dataclass(frozen=True)
class PreparedComments:
    """Each article's thread, ready to show, and the store's unreadable files."""

    threads: dict[str, tuple[ShownComment, ...]]  # article slug -> its thread
    approved: dict[str, int]  # article slug -> its publishable comments (a thread may not show them all)
    errors: tuple[StoreError, ...]


def prepare_comments(job: Job) -> PreparedComments:
    """Read the store, and thread and render each article's comments.

    With a cache folder, the store as read and the rendered HTML are kept there for the next build.
    """
    store_cache = StoreCache(job.cache_folder, job.load_cache)
    comments, errors = load_store(job.store, store_cache)
    store_cache.save()
    shown = publishable(comments.values(), job.show_pingbacks)
    renders = RenderCache()
    renders.open(job.cache_folder, job.load_cache)
    by_article = defaultdict(list)
    for comment in shown:
        by_article[comment.article].append(comment)
    zone = ZoneInfo(job.timezone)
    threads = {slug: thread(replies, job.max_depth, zone, renders) for slug, replies in by_article.items()}
    renders.save()
    approved = {slug: len(replies) for slug, replies in by_article.items()}
    return PreparedComments(threads, approved, tuple(errors))
