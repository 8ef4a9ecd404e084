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

import contextlib
import json
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


def roots_of(module_name: str) -> tuple[str, ...]:
    """Where a second process imports the module from (besides the plugins' folder)."""
    module = sys.modules[module_name]
    return (import_root(module.__file__, module.__name__),)


class Standby:
    """A second process started ahead of its job: Python started and `module` imported, waiting for the job."""

    def __init__(self, module: str):
        self.roots = roots_of(module)
        self.process = start_helper(
            WORKER,
            "--standby",
            module,
            roots=self.roots,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def take(self, arguments: list[str], roots: tuple[str, ...]) -> subprocess.Popen | None:
        """Hand it a job's arguments; None when it cannot take it (ended, or another import path)."""
        if roots != self.roots or self.process.poll() is not None:
            return None
        try:
            self.process.stdin.write(json.dumps(arguments).encode("utf-8") + b"\n")
            self.process.stdin.close()
        except OSError:
            return None
        self.process.stdin = None  # closed: `communicate` has nothing to send it
        return self.process

    def stop(self) -> None:
        """End it without a job (its input closed; one that ended already, its pipe broken, is only waited for)."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
            self.process.stdin = None
        self.process.communicate()


class Offload:
    """`function(argument, **options)` running in a second Python process; `result()` waits for it.

    `niceness` lowers the process's priority (os.nice), for a job whose result is wanted
    later than the work of another helper sharing its core. `standby`: a process started
    ahead to run it, if it can (else a new one is started).
    """

    def __init__(
        self,
        function: Callable,
        argument: object,
        niceness: int = 0,
        options: dict | None = None,
        standby: Standby | None = None,
    ):
        roots = roots_of(function.__module__)
        self.input = self.output = ""
        process = None
        try:
            self.input, self.output = private_file("offload-in-"), private_file("offload-out-")
            with open(self.input, "wb") as stream:
                pickle.dump((argument, options or {}), stream, protocol=pickle.HIGHEST_PROTOCOL)
            arguments = [f"{function.__module__}:{function.__qualname__}", self.input, self.output, str(niceness)]
            process = standby.take(arguments, roots) if standby is not None else None
            self.process = process or start_helper(
                WORKER,
                *arguments,
                roots=roots,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except BaseException:  # no job under way: nothing of it left behind
            self._remove_files()
            raise
        finally:
            if standby is not None and process is None:
                standby.stop()  # not given this job: it ends, never left waiting for one

    def result(self, keep: Callable[[str], None] | None = None):
        """Wait for the second process; OffloadFailed says why when it did not finish.

        `keep` is given the result's file (its pickle) once it is read, before it is removed.
        """
        try:
            _, errors = self.process.communicate()
            if self.process.returncode != 0:
                last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
                raise OffloadFailed(f"exit status {self.process.returncode}: {last[0]}")
            with open(self.output, "rb") as stream:
                result = pickle.load(stream)  # written by our own child into a file only we can write
            if keep is not None:
                keep(self.output)
            return result
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
            if path:
                Path(path).unlink(missing_ok=True)
