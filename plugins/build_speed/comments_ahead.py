"""The comments prepared on the second core while Pelican reads the posts, or kept from the last build.

Reading, threading and rendering a large comment store (`comments.prepare_comments`)
does not depend on the articles. When the store holds at least
BUILD_SPEED_COMMENTS_MIN_FILES files and a core is free, it starts in a second
process as the build starts; the comments plugin collects the result through its
`elsewhere` hook when it first needs the comments (just before the first article
is written), so the build rarely waits. If the second process fails for any
reason, the comments plugin prepares them itself: the site is the same (tested).

A process that builds again and again (livereload's warm process, see
`remember_between_builds`) keeps the last result in memory: it is a pure function of
the Job and of the files under the Job's paths, so while no file there has changed
(same names, sizes and modification times), the next build takes it as it is.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import logging
import pickle
import sys
from pathlib import Path

from .offload import Offload, OffloadFailed
from .processes import free_cores
from .site import file_stamps

logger = logging.getLogger(__name__)
PLUGIN = "comments"  # the comments plugin's package, as PLUGINS names it
running: dict = {}  # Job -> its Offload (or Kept result), started at initialisation


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


memory = Memory()


def remember_between_builds() -> None:
    """This process builds again and again: keep each build's comments for the next while their files stay."""
    memory.on = True


def job_inputs(job) -> str:
    """A digest of every file the job reads: names, sizes and modification times under its paths."""
    summary = hashlib.sha256()
    for field in dataclasses.fields(job):
        where = getattr(job, field.name)
        if field.name == "cache_folder" or not isinstance(where, Path):
            continue
        summary.update(f"{field.name}\0{where}\n".encode("utf-8", "surrogatepass"))
        for name, size, modified in file_stamps(where, set(), leftovers=True):  # 10,000 files and more
            summary.update(f"{name}\0{size}\0{modified}\n".encode("utf-8", "surrogatepass"))
    return summary.hexdigest()


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
    attached_early.clear()


def start(settings, min_files: int | None, attach_early: bool = False) -> None:
    """A new build: start preparing its comments in a second process if that pays.

    `attach_early`: a build keeping page keys, whose every article then gets its comments as
    soon as the articles are read (before the feeds, whose keys then count them as the pages'
    do: each article's fingerprint is made once, and is the same in every such build).
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
        inputs = job_inputs(job)
        if (memory.job, memory.inputs) == (job, inputs) and memory.result is not None:
            running[job] = Kept(memory.result)
            return
        memory.job, memory.inputs, memory.result = job, inputs, None
    if not worth_a_second_process(job.store, min_files, free_cores()):
        return
    try:
        running[job] = Offload(comments.prepare_comments, job)
    except (OSError, pickle.PicklingError) as error:  # no second process: the plugin prepares them itself
        logger.info("build_speed: no second process for the comments (%s); preparing them in the build", error)
    else:
        logger.debug("build_speed: preparing %s in a second process", job.store)


def early(job) -> bool:
    """Whether this build wants the job's comments attached as soon as the articles are read."""
    return job in attached_early


def take(job):
    """The comments plugin asks for its job: the result prepared ahead, or None (it prepares them itself)."""
    offload = running.pop(job, None)
    remembering = memory.on and memory.job == job
    if offload is None:
        if not remembering:
            return None
        offload = Kept(comments_plugin().prepare_comments(job))  # prepared here, as the plugin would
    try:
        result = offload.result()
    except (OffloadFailed, OSError, EOFError, pickle.UnpicklingError) as error:
        logger.info("build_speed: the comments' second process failed (%s); preparing them in the build", error)
        return None
    if remembering:
        memory.result = result
    return result
