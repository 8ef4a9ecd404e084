"""A function of ours run in a second process while the build goes on; its result comes back through a file.

Used for the comments: reading thousands of comment files, threading and rendering
them does not depend on the articles, so it runs on the second core while Pelican
reads the posts. The argument and the result travel pickled through files that
only this build can read (mkstemp: mode 0600, a fresh name), written by this build
and by the child it started: nothing from outside is ever unpickled. The result
goes to a file, not a pipe: a pipe holds 64 KB, so the child would stall until the
build asks for the result, then hand it over 64 KB at a time while the build waits.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from .processes import import_root, start_helper

WORKER = f"{__package__}.offload_worker"


class OffloadFailed(RuntimeError):
    """The second process ended without a result."""


def private_file(prefix: str) -> str:
    """A new empty file only this user can read."""
    handle, path = tempfile.mkstemp(prefix=prefix, suffix=".pickle")
    os.close(handle)
    return path


class Offload:
    """`function(argument, **options)` running in a second Python process; `result()` waits for it.

    `niceness` lowers the process's priority (os.nice), for a job whose result is wanted
    later than the work of another helper sharing its core.
    """

    def __init__(self, function: Callable, argument: object, niceness: int = 0, options: dict | None = None):
        module = sys.modules[function.__module__]
        self.input, self.output = private_file("offload-in-"), private_file("offload-out-")
        try:
            with open(self.input, "wb") as stream:
                pickle.dump((argument, options or {}), stream, protocol=pickle.HIGHEST_PROTOCOL)
            self.process = start_helper(
                WORKER,
                f"{function.__module__}:{function.__qualname__}",
                self.input,
                self.output,
                str(niceness),
                roots=(import_root(module.__file__, module.__name__),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except (OSError, pickle.PicklingError):
            self._remove_files()
            raise

    def result(self):
        """Wait for the second process; OffloadFailed says why when it did not finish."""
        try:
            _, errors = self.process.communicate()
            if self.process.returncode != 0:
                last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
                raise OffloadFailed(f"exit status {self.process.returncode}: {last[0]}")
            with open(self.output, "rb") as stream:
                return pickle.load(stream)  # written by our own child into a file only we can write
        finally:
            self._remove_files()

    def cancel(self) -> None:
        """Stop a job whose result is no longer wanted."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        self._remove_files()

    def _remove_files(self) -> None:
        for path in (self.input, self.output):
            Path(path).unlink(missing_ok=True)
