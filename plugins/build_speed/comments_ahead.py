"""The comments prepared on the second core while Pelican reads the posts, or kept from the last build.

Reading, threading and rendering a large comment store (`comments.prepare_comments`)
does not depend on the articles. When the store holds at least
BUILD_SPEED_COMMENTS_MIN_FILES files and a core is free, it starts in a second
process as the build starts; the comments plugin collects the result through its
`elsewhere` hook when it first needs the comments (just before the first article
is written), so the build rarely waits. In a build that reads every post anew,
the process runs at a lower priority than the read-ahead (NICENESS): on the second
core it gives way to it, whose every conversion is one the build's own core does
not do, and it has the core to itself once the posts are converted, while the build
finishes reading and lists its pages. A build that loads a content cache runs no
read-ahead, and the process keeps the build's priority: a low one would only leave
it behind any other program on the machine. If the second process fails for any
reason, the comments plugin prepares them itself: the site is the same (tested).

A process that builds again and again (livereload's warm process, see
`remember_between_builds`) keeps the last result in memory: it is a pure function of
the Job and of the files under the Job's paths, so while no file there has changed
(same names, sizes and modification times), the next build takes it as it is. The
10,000 files and more of a store are listed by `find` (GNU's, on Linux) in a process of
its own, started as the build starts and read once the generators are made (`settle`):
listing them here took 0.04 s of every rebuild on the build's own core. Without it,
they are listed here.

A build in a new process (`invoke build`) that keeps a cache finds the last prepared
comments on disk (`MEMO`, in CACHE_PATH), with the digest of what they were prepared from:
the Job, the store's listing (as above) and the reading key (settings, plugins' code,
libraries' versions). When it is the same, the build takes them from there (0.07 s to
unpickle 10,000 comments) and stops the second process it started meanwhile, instead of
waiting for it (about 0.6 s); otherwise the second process's result file is copied there
for the next build. The file is the build's own, as Pelican's content cache beside it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import logging
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .offload import Offload, OffloadFailed
from .pages import write_atomically_bytes
from .processes import free_cores
from .site import file_stamps
from .warm_cache import content_cache_file

logger = logging.getLogger(__name__)
PLUGIN = "comments"  # the comments plugin's package, as PLUGINS names it
# Below the read-ahead's 10: CFS then gives the read-ahead about 3/4 of the core they share, and the
# comments are ready about when the first article is written (at 19, measured, the build waited for them).
# The cost: other programs busy on both cores leave it about 3 % of one (see docs/performance.md).
NICENESS = 15
running: dict = {}  # Job -> its Offload (or Kept result), started at initialisation
MEMO = "build_speed-comments.pickle"  # in CACHE_PATH: the last prepared comments, for a build in a new process
MEMO_FORMAT = b"build_speed comments 1 "  # then the digest of their inputs and a line break, then their pickle
RACY_SECONDS = 2.0  # a file changed this close to the start of the reading may have been read either way
FIND_TIME = re.compile(rb"\0(\d+(?:\.\d*)?)\n")  # an entry's modification time, as `find -printf %T@\n` ends it


class Kept:
    """The last build's result, standing in for an Offload."""

    def __init__(self, result):
        self._result = result

    def result(self):
        """The result kept."""
        return self._result

    def cancel(self) -> None:
        """Nothing runs: nothing to stop."""


class Memory:
    """The last build's comments, with what they were prepared from (only in a process that keeps them)."""

    on = False
    job = None
    inputs: str | None = None
    result = None
    scan = None  # the StoreScan of the build under way, whose digest goes with its result


class StoreScan:
    """The stamps of every file under a Job's paths: listed by `find` in a process of its own, or here."""

    def __init__(self, job):
        self.job = job
        self._digest: str | None = None
        self.newest = 0.0  # the latest modification time listed (seconds), once the digest is worked out
        self._process = None
        roots = [os.path.abspath(where) for where in job_paths(job)]  # never read as an option of find
        self.linked = tuple(os.path.islink(root) for root in roots)
        if roots and sys.platform.startswith("linux") and shutil.which("find"):
            try:
                # -L: a link counts as what it leads to, as the store's reading takes it.
                self._process = subprocess.Popen(
                    ["find", "-L", *roots, "-printf", "%H\\0%P\\0%y\\0%s\\0%T@\\n"],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except OSError:
                self._process = None

    def digest(self) -> str:
        """The digest of the listing (waiting for `find` if it is still at it)."""
        if self._digest is None:
            listed = None
            if self._process is not None:
                listed, _ = self._process.communicate()
                if self._process.returncode != 0:  # a root missing, a file gone meanwhile: listed here
                    listed = None
            if listed is None:
                inputs, self.newest = job_inputs(self.job)
                self._digest = "here " + inputs
            else:
                # As find gives it: each entry's fields end with NUL, which no name holds, so no two
                # listings read alike (sorted lines would: a name may hold a line break). Another order
                # of the same entries only makes the comments prepared anew.
                self._digest = "find " + hashlib.sha256(listed).hexdigest()
                # Each entry ends `\0<time>` then a line break; a name may hold a line break too, and no time a NUL.
                self.newest = max((float(stamp) for stamp in FIND_TIME.findall(listed)), default=0.0)
            # A root that is a symbolic link lists as its folder does, but the store refuses it: it counts apart.
            self._digest += " " + "".join("l" if linked else "d" for linked in self.linked)
        return self._digest

    def cancel(self) -> None:
        """Stop `find` if it still runs."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()


class OnDisk:
    """The last prepared comments in a file of the cache folder, with the digest of what they came from."""

    def __init__(self, path: Path, job, scan: StoreScan, reading_key: Callable[[], str]):
        self.path, self.job, self.scan, self.reading_key = path, job, scan, reading_key
        self.started = time.time()  # the second process starts reading the store from about now

    def header(self) -> bytes:
        """The file's first line for comments prepared from this job, store and code."""
        inputs = "\0".join((repr(self.job), self.scan.digest(), self.reading_key()))
        return MEMO_FORMAT + hashlib.sha256(inputs.encode("utf-8", "surrogatepass")).hexdigest().encode() + b"\n"

    def result(self):
        """The comments the file holds for this job, store and code; None when it holds none (or others).

        OffloadFailed when it says it holds them and they cannot be read.
        """
        try:
            with open(self.path, "rb") as stream:
                if stream.readline() != self.header():
                    return None
                result = pickle.load(stream)  # written by this project's builds, as Pelican's content cache
        except FileNotFoundError:
            return None
        except Exception as error:  # damaged: anything unpickling can raise
            raise OffloadFailed(f"the comments kept in {self.path} cannot be read ({error})") from error
        prepared = getattr(comments_plugin(), "PreparedComments", None)
        if prepared is not None and not isinstance(result, prepared):  # a pickle of something else
            raise OffloadFailed(f"the comments kept in {self.path} are not prepared comments")
        return result

    def keep(self, pickled: str) -> None:
        """Keep a second process's result (its pickle's file) for the next build.

        The second process read the store while `find` listed it: a file changed meanwhile could be listed
        as it is now and read as it was. So the store is listed again, and the result kept only when that
        listing is the first one and no file in it changed since shortly before the reading began (as git
        trusts no stamp taken in the same tick as a change).
        """
        again = StoreScan(self.job)
        if again.digest() != self.scan.digest() or again.newest >= self.started - RACY_SECONDS:
            logger.debug("build_speed: a comment file changed while the comments were prepared: not kept")
            return
        try:
            with open(pickled, "rb") as stream:
                write_atomically_bytes(self.path, self.header() + stream.read())
        except OSError as error:
            logger.debug("build_speed: the prepared comments are not kept: %s", error)

    def cancel(self) -> None:
        """Stop the store's listing if it still runs."""
        self.scan.cancel()


class Pending:
    """The last build's result, until the store's listing says whether it still holds (see `settle`)."""

    def __init__(self, scan: StoreScan, min_files: int | None):
        self.scan, self.min_files = scan, min_files

    def cancel(self) -> None:
        """Stop the listing."""
        self.scan.cancel()


memory = Memory()
on_disk: dict = {}  # Job -> its OnDisk, in a build in a new process that keeps a cache


def remember_between_builds() -> None:
    """This process builds again and again: keep each build's comments for the next while their files stay."""
    memory.on = True


def job_paths(job) -> list[Path]:
    """The folders whose files the job reads (the comment store; not the cache folder)."""
    return [
        getattr(job, field.name)
        for field in dataclasses.fields(job)
        if field.name != "cache_folder" and isinstance(getattr(job, field.name), Path)
    ]


def job_inputs(job) -> tuple[str, float]:
    """A digest of every file the job reads (names, sizes and modification times under its paths), and the latest
    modification time (seconds)."""
    summary, newest = hashlib.sha256(), 0
    for where in job_paths(job):
        summary.update(f"{where}\n".encode("utf-8", "surrogatepass"))
        for name, size, modified in file_stamps(where, set(), leftovers=True):  # 10,000 files and more
            summary.update(f"{name}\0{size}\0{modified}\n".encode("utf-8", "surrogatepass"))
            newest = max(newest, modified)
    return summary.hexdigest(), newest / 1e9


def worth_a_second_process(store: Path, min_files: int | None, cores: int) -> bool:
    """Whether the store is big enough to pay for starting a process (about 0.2 s), and a core is free."""
    if min_files is None or cores < 2:
        return False
    files = (path for path in store.rglob("*") if path.is_file()) if store.is_dir() else iter(())
    return sum(1 for _ in itertools.islice(files, min_files)) >= min_files


def comments_plugin():
    """The comments plugin's package when this build loaded it, else None."""
    return sys.modules.get(PLUGIN)


attached_early: set = set()  # the job of this build, when it wants its comments early


def cancel_all() -> None:
    """Forget jobs a previous build in this process started and never collected, and its wish for them early."""
    while running:
        running.popitem()[1].cancel()
    while on_disk:
        on_disk.popitem()[1].cancel()
    attached_early.clear()


def start(
    settings, min_files: int | None, attach_early: bool = False, reading_key: Callable[[], str] | None = None
) -> None:
    """A new build: start preparing its comments in a second process if that pays.

    `attach_early`: a build keeping page keys, whose every article then gets its comments as
    soon as the articles are read (before the feeds, whose keys then count them as the pages'
    do: each article's fingerprint is made once, and is the same in every such build).
    `reading_key`: the build's, for the comments kept on disk (None: none kept).
    """
    cancel_all()
    comments = comments_plugin()
    if comments is None or PLUGIN not in settings.get("PLUGINS", ()):
        return
    job = comments.preparation_job(settings)
    if take not in comments.elsewhere:
        comments.elsewhere.append(take)
    if early not in getattr(comments, "attach_early", [early]):
        comments.attach_early.append(early)
    if attach_early:
        attached_early.add(job)
    if memory.on and job.load_cache:
        scan = StoreScan(job)
        if memory.job == job and memory.result is not None:
            running[job] = Pending(scan, min_files)  # settled once the generators are made
            return
        memory.job, memory.inputs, memory.result, memory.scan = job, None, None, scan
    elif job.load_cache and reading_key is not None and settings.get("CACHE_CONTENT"):
        memo = Path(settings["CACHE_PATH"]) / MEMO
        on_disk[job] = OnDisk(memo, job, StoreScan(job), reading_key)
    # Started even when the comments may be on disk: if they are not, no time is lost waiting to know.
    offload(comments, job, min_files, niceness=NICENESS if reads_every_post(settings) else 0)


def reads_every_post(settings) -> bool:
    """Whether this build reads every post anew (no content cache to load): the read-ahead will run."""
    if not settings.get("LOAD_CONTENT_CACHE"):
        return True
    return not os.path.exists(content_cache_file(settings, "ArticlesGenerator"))


def offload(comments, job, min_files: int | None, niceness: int = 0) -> None:
    """Start preparing the job's comments in a second process, if that pays."""
    if not worth_a_second_process(job.store, min_files, free_cores()):
        return
    try:
        running[job] = Offload(comments.prepare_comments, job, niceness=niceness)
    except (OSError, pickle.PicklingError) as error:  # no second process: the plugin prepares them itself
        logger.info("build_speed: no second process for the comments (%s); preparing them in the build", error)
    else:
        logger.debug("build_speed: preparing %s in a second process", job.store)


def settle() -> None:
    """The store's listing is in (or waited for): the last build's comments kept, or prepared anew."""
    for job, memo in on_disk.items():
        if job not in running or isinstance(running[job], (Kept, Pending)):  # no Offload to stand in for
            continue
        try:
            result = memo.result()
        except OffloadFailed as error:  # damaged: the second process goes on, and its result is kept instead
            logger.info("build_speed: %s", error)
            continue
        if result is not None:
            running.pop(job).cancel()  # the second process is not waited for
            running[job] = Kept(result)
            logger.debug("build_speed: the comments of %s as the last build prepared them (%s)", job.store, memo.path)
    for job, item in list(running.items()):
        if not isinstance(item, Pending):
            continue
        digest = item.scan.digest()
        if digest == memory.inputs:
            running[job] = Kept(memory.result)
            continue
        del running[job]
        memory.inputs, memory.result, memory.scan = None, None, item.scan
        offload(comments_plugin(), job, item.min_files)


def early(job) -> bool:
    """Whether this build wants the job's comments attached as soon as the articles are read."""
    return job in attached_early


def take(job):
    """The comments plugin asks for its job: the result prepared ahead, or None (it prepares them itself)."""
    if isinstance(running.get(job), Pending):
        settle()
    offload, memo = running.pop(job, None), on_disk.pop(job, None)
    remembering = memory.on and memory.job == job
    if offload is None:
        if memo is not None:
            memo.cancel()
        if not remembering:
            return None
        offload = Kept(comments_plugin().prepare_comments(job))  # prepared here, as the plugin would
    keep = memo.keep if memo is not None and not isinstance(offload, Kept) else None  # prepared anew: kept on disk
    try:
        result = offload.result(keep=keep) if keep is not None else offload.result()
    except (OffloadFailed, OSError, EOFError, pickle.UnpicklingError) as error:
        logger.info("build_speed: the comments' second process failed (%s); preparing them in the build", error)
        return None
    finally:
        if memo is not None:
            memo.cancel()
    if remembering:
        if memory.scan is not None:  # prepared anew: the store as listed when the build started
            memory.inputs, memory.scan = memory.scan.digest(), None
        memory.result = result
    return result
