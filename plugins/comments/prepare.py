"""The comment store read, threaded and rendered, ready for a build: here, or on a second core.

Reading thousands of comment files, threading them and rendering their Markdown
does not depend on the articles, and it is the largest part of what the plugin adds to a cold
build (about 0.2 ms a comment). On a machine with a core to spare it runs in a
second process while Pelican reads the articles, so the build rarely waits for
it; the result is the same either way (a test builds both and compares them).
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from .render_cache import RenderCache
from .store import StoreError, load_store
from .store_cache import StoreCache
from .threads import ShownComment, publishable, thread

# The folder to import this package from (one level up per dot in the module's name), which
# Pelican's plugin loader does not put on sys.path: the second process needs it.
IMPORT_ROOT = str(Path(__file__).resolve().parents[__name__.count(".")])


@dataclass(frozen=True)
class Job:
    """What preparing the comments depends on; equal jobs give equal results."""

    store: Path
    cache_folder: Path | None  # where the store as read and rendered HTML are kept between builds
    load_cache: bool
    show_pingbacks: bool
    max_depth: int = 5  # COMMENTS_MAX_DEPTH
    timezone: str = "UTC"  # the site's TIMEZONE, for the dates shown

    def to_json(self) -> str:
        """The job as one command-line argument for the second process."""
        folder = self.cache_folder and str(self.cache_folder)
        return json.dumps({**asdict(self), "store": str(self.store), "cache_folder": folder})

    @classmethod
    def from_json(cls, text: str) -> Job:
        """The job back from `to_json`."""
        fields = json.loads(text)
        folder = fields["cache_folder"]
        return cls(**{**fields, "store": Path(fields["store"]), "cache_folder": folder and Path(folder)})


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


def free_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worth_a_second_process(store: Path, min_files: int | None, cores: int) -> bool:
    """Whether the store is big enough to pay for starting a process (about 0.2 s), and a core is free."""
    if min_files is None or cores < 2:
        return False
    files = store.rglob("*.md") if store.is_dir() else iter(())
    return sum(1 for _ in itertools.islice(files, min_files)) >= min_files


class Background:
    """`prepare_comments(job)` running in a second Python process (`python -m <this package>.worker`)."""

    def __init__(self, job: Job):
        # The result goes to a file of ours, not to a pipe: a pipe holds 64 KB, so the process
        # would stall until the build asks for the result, then hand it over 64 KB at a time
        # while the build waits. mkstemp makes the file ours alone (mode 0600, a fresh name).
        handle, self.output = tempfile.mkstemp(prefix="comments-", suffix=".pickle")
        os.close(handle)
        # A plain subprocess, not multiprocessing: a spawned multiprocessing child re-runs the
        # parent's main script when it lacks a `__main__` guard (a build script would build
        # twice), and a forked one may inherit a lock held by the build's other threads.
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [IMPORT_ROOT, environment.get("PYTHONPATH")]))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", f"{__package__}.worker", job.to_json(), self.output],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=environment,
            )
        except OSError:
            os.unlink(self.output)
            raise

    def result(self) -> PreparedComments:
        """Wait for the second process; BackgroundFailed says why when it did not finish."""
        try:
            _, errors = self.process.communicate()
            if self.process.returncode != 0:
                last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
                raise BackgroundFailed(f"exit status {self.process.returncode}: {last[0]}")
            with open(self.output, "rb") as stream:
                return pickle.load(stream)  # written by our own child into a file only we can write
        finally:
            Path(self.output).unlink(missing_ok=True)

    def cancel(self) -> None:
        """Stop a job whose result is no longer wanted."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        Path(self.output).unlink(missing_ok=True)


class BackgroundFailed(RuntimeError):
    """The second process ended without a result."""
