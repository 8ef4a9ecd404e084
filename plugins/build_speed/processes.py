"""One way to start a helper process for the build: `python -m <module>` of this same Python.

Every second process of the package (the read-ahead, the comments' preparation,
livereload's warm build process) starts here. A plain subprocess, not
multiprocessing: a spawned multiprocessing child re-runs the parent's main script
when it lacks a `__main__` guard (a build script would build twice), and a forked
one may inherit a lock held by another thread of the build (Pelican's spinner, the
folder thread).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def import_root(module_file: str, module_name: str) -> str:
    """The folder to import `module_name` from, given its file (one level up per dot, and one for a package)."""
    levels = module_name.count(".") + (1 if Path(module_file).name == "__init__.py" else 0)
    return str(Path(module_file).resolve().parents[levels])


# Pelican's plugin loader does not put plugins/ on sys.path: a helper needs it to import our packages.
PLUGINS_ROOT = import_root(__file__, __name__)


def free_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def helper_environment(*roots: str) -> dict[str, str]:
    """This process's environment, with our import roots first on the helper's PYTHONPATH."""
    environment = dict(os.environ)
    paths = [PLUGINS_ROOT, *roots, environment.get("PYTHONPATH")]
    environment["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(path for path in paths if path))
    return environment


def start_helper(module: str, *arguments: str, roots: tuple[str, ...] = (), **popen) -> subprocess.Popen:
    """Start `python -m module arguments...`; `popen` are subprocess.Popen's options (pipes...).

    OSError when no process can be started: the caller then does the work itself.
    """
    return subprocess.Popen(
        [sys.executable, "-m", module, *arguments],
        env=helper_environment(*roots),
        **popen,
    )
