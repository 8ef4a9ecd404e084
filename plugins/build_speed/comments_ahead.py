"""The comments prepared on the second core while Pelican reads the posts.

Reading, threading and rendering a large comment store (`comments.prepare_comments`)
does not depend on the articles. When the store holds at least
BUILD_SPEED_COMMENTS_MIN_FILES files and a core is free, it starts in a second
process as the build starts; the comments plugin collects the result through its
`elsewhere` hook when it first needs the comments (just before the first article
is written), so the build rarely waits. If the second process fails for any
reason, the comments plugin prepares them itself: the site is the same (tested).
"""

from __future__ import annotations

import itertools
import logging
import pickle
import sys
from pathlib import Path

from .offload import Offload, OffloadFailed
from .processes import free_cores

logger = logging.getLogger(__name__)
PLUGIN = "comments"  # the comments plugin's package, as PLUGINS names it
running: dict = {}  # Job -> its Offload, started at initialisation


def worth_a_second_process(store: Path, min_files: int | None, cores: int) -> bool:
    """Whether the store is big enough to pay for starting a process (about 0.2 s), and a core is free."""
    if min_files is None or cores < 2:
        return False
    files = (path for path in store.rglob("*") if path.is_file()) if store.is_dir() else iter(())
    return sum(1 for _ in itertools.islice(files, min_files)) >= min_files


def comments_plugin():
    """The comments plugin's package when this build loaded it, else None."""
    return sys.modules.get(PLUGIN)


def cancel_all() -> None:
    """Forget jobs a previous build in this process started and never collected."""
    while running:
        running.popitem()[1].cancel()


def start(settings, min_files: int | None) -> None:
    """A new build: start preparing its comments in a second process if that pays."""
    cancel_all()
    comments = comments_plugin()
    if comments is None or PLUGIN not in settings.get("PLUGINS", ()):
        return
    job = comments.preparation_job(settings)
    if not worth_a_second_process(job.store, min_files, free_cores()):
        return
    try:
        running[job] = Offload(comments.prepare_comments, job)
    except (OSError, pickle.PicklingError) as error:  # no second process: the plugin prepares them itself
        logger.info("build_speed: no second process for the comments (%s); preparing them in the build", error)
    else:
        logger.debug("build_speed: preparing %s in a second process", job.store)
        if take not in comments.elsewhere:
            comments.elsewhere.append(take)


def take(job):
    """The comments plugin asks for its job: the second process's result, or None (it prepares them itself)."""
    offload = running.pop(job, None)
    if offload is None:
        return None
    try:
        return offload.result()
    except (OffloadFailed, OSError, EOFError, pickle.UnpicklingError) as error:
        logger.info("build_speed: the comments' second process failed (%s); preparing them in the build", error)
        return None
