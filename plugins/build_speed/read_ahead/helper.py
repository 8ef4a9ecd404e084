"""The second process that converts Markdown for the build, and the build's side of the pipe.

Pelican reads the articles one after another on one core; converting Markdown and
typogrifying the HTML is nearly all of that time. The build reads from the first
file on, as usual; the helper converts from the last file back, a few files at a
time. When the build reaches a file the helper has done, it takes the result and
only does the rest (metadata, the article). They meet where their speeds put them:
a helper slowed down (it starts ~0.5 s late, importing Pelican, and may share its
core with the comments plugin's) simply does fewer files. Neither waits for the
other: a file the helper has not finished when the build reaches it (at most the
few it was given last) the build converts itself. If the helper dies, the build
converts the rest itself.

All the pipe work happens in the build's own thread, when it asks for a file: no
thread of ours competes with the build for Python's lock.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import subprocess
import tempfile
from collections.abc import Callable

from markdown.extensions import Extension

from ..processes import start_helper
from .conversion import CONFIG_KEYS, Converted, file_stamp, first_difference, library_data, plain
from .frames import complete_frames, frame

logger = logging.getLogger(__name__)

# Files handed to the helper at a time: enough that it never idles between two of the build's
# visits to the pipe, few enough that little is converted twice where the two meet.
QUEUE_DEPTH = 4
# A helper that says nothing for this long is taken for stuck, and the build goes on alone.
PATIENCE_SECONDS = 30.0


def helper_config(settings: dict) -> dict:
    """The part of Pelican's settings the conversion depends on."""
    return {key: settings[key] for key in CONFIG_KEYS}


def comparable(config: dict):
    """The conversion settings as values, a copy that later changes to the settings leave alone.

    A Markdown extension given as an object stands as its class and its settings
    (`getConfigs`, Python-Markdown's own): the object itself keeps the Markdown
    instance it last extended, so it is never the same twice.
    """

    def other(item):
        if isinstance(item, Extension):
            return (type(item).__module__, type(item).__qualname__, plain(item.getConfigs(), other))
        return item  # an object of the settings: itself

    return plain(config, other)


class HelperGone(RuntimeError):
    """The second process stopped, or stopped answering."""


class LibrariesChanged(HelperGone):
    """The build's libraries hold data the helper's do not (a plugin changed it): none of its results hold."""


# What a helper that died, or wrote something else than results, makes the pipe raise.
FAILURES = (HelperGone, OSError, EOFError, ValueError, pickle.UnpicklingError)


class ReadAhead:
    """A second Python process converting the Markdown files the build is about to read."""

    def __init__(self, config: dict):
        settings = frame(config)  # first: an extension object that cannot be pickled stops us here
        self.config = comparable(config)  # what the helper converts with, to tell a change by
        # What typogrify and smartypants convert with in the build, checked at each post (cheap, unlike
        # library_data, which the helper's first answer brings): set by the plugin, nothing by default.
        self.typography: Callable[[], object] = lambda: None
        self._typography: object = None
        self._order: list[str] = []  # absolute paths, in the order the build will read them
        self._position: dict[str, int] = {}
        self._backlog: list[int] = []  # positions not given to the helper, the last one next
        self._passed = -1  # the furthest position the build has read
        self._asked: set[str] = set()  # given to the helper, result not back yet
        self._ready: dict[str, Converted] = {}
        self._buffer = bytearray()
        self._libraries_compared = False
        self.taken = 0  # results the build used, for the log
        # The helper's standard error, for a failure's reason: a file with no name, open as long as
        # the helper runs (a pipe nobody reads would stall a helper with much to say).
        handle, name = tempfile.mkstemp(prefix="read-ahead-", suffix=".log")
        os.unlink(name)
        self._errors = handle
        try:
            self._process = start_helper(
                f"{__package__}.worker",
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                bufsize=0,  # each frame goes straight to the pipe
            )
        except OSError:
            os.close(self._errors)
            raise
        os.set_blocking(self._process.stdout.fileno(), False)
        try:
            self._send(settings)
        except FAILURES as error:
            self._give_up(error)

    @property
    def alive(self) -> bool:
        """Whether the helper is still of use."""
        return self._process is not None

    def plan(self, paths) -> None:
        """The files the build will read next, in its order (absolute paths)."""
        for path in paths:
            if path not in self._position:
                self._position[path] = len(self._order)
                self._backlog.append(len(self._order))
                self._order.append(path)
        if self.alive:
            try:
                self._top_up()
            except FAILURES as error:
                self._give_up(error)

    def take(self, path: str, config: dict) -> Converted | None:
        """The helper's conversion of `path`, if it has one ready and still true to the file and to `config`.

        `config` is the build's conversion settings now: a plugin may change them after the
        helper started (at any signal), and then none of the helper's results hold.
        """
        if not self.alive or path not in self._position:
            return None
        changed = self._libraries_compared and self.typography() != self._typography  # (none taken before)
        if comparable(config) != self.config or changed:
            logger.debug("build_speed: the conversion changed since the read-ahead started: reading alone")
            self.close()
            return None
        position = self._position[path]
        try:
            self._receive(wait=False)
            converted = self._ready.pop(path, None)  # not there yet: the build converts it itself
            self._passed = max(self._passed, position)  # everything up to here is the build's own now
            self._top_up()
        except FAILURES as error:
            self._give_up(error)
            return None
        if converted is None or converted.html is None or converted.stamp != file_stamp(path):
            return None
        self.taken += 1
        return converted

    def settle(self) -> None:
        """Wait until the helper has answered every file it was given (tests make its share certain so)."""
        while self._asked and self.alive:
            try:
                self._receive(wait=True)
            except FAILURES as error:
                self._give_up(error)

    def close(self) -> None:
        """Stop the helper: the build has read everything it will read."""
        if self._process is not None:
            process, self._process = self._process, None
            process.kill()
            process.wait()
            process.stdin.close()
            process.stdout.close()
        if self._errors is not None:
            os.close(self._errors)
            self._errors = None

    def _send(self, data: bytes) -> None:
        self._process.stdin.write(data)

    def _top_up(self) -> None:
        while len(self._asked) < QUEUE_DEPTH and self._backlog and self._backlog[-1] > self._passed:
            path = self._order[self._backlog.pop()]
            self._asked.add(path)
            self._send(frame(path))

    def _receive(self, wait: bool) -> None:
        """Take in every result that has arrived; with `wait`, first wait until one does."""
        pipe = self._process.stdout.fileno()
        if wait and not select.select([pipe], [], [], PATIENCE_SECONDS)[0]:
            raise HelperGone(f"no answer in {PATIENCE_SECONDS:.0f} s")
        while True:
            try:
                chunk = os.read(pipe, 1 << 20)
            except BlockingIOError:
                break
            if not chunk:
                raise HelperGone(f"it stopped ({self._reason()})")
            self._buffer += chunk
        for converted in complete_frames(self._buffer):
            if not self._libraries_compared:  # the helper's first frame: its libraries' data
                self._libraries_compared = True
                try:
                    changed = first_difference(converted, library_data())
                except Exception as error:  # whatever another plugin put in the libraries' modules
                    raise LibrariesChanged(f"the libraries' data could not be compared ({error!r})") from None
                if changed is not None:
                    raise LibrariesChanged(f"{changed} differs from a fresh process's (another plugin's change)")
                self._typography = self.typography()  # as the helper has it: from here on, it must stay so
                continue
            self._asked.discard(converted.path)
            if self._position[converted.path] > self._passed:  # else the build did it meanwhile
                self._ready[converted.path] = converted

    def _reason(self) -> str:
        self._process.wait()
        os.lseek(self._errors, 0, os.SEEK_SET)
        said = b"".join(iter(lambda: os.read(self._errors, 1 << 16), b""))
        last = said.decode("utf-8", "replace").strip().splitlines()[-1:]
        return f"exit status {self._process.returncode}: {last[0] if last else 'no message'}"

    def _give_up(self, error: Exception) -> None:
        if isinstance(error, LibrariesChanged):
            logger.debug("build_speed: %s; reading without the read-ahead", error)
        else:
            logger.info("build_speed: the read-ahead process failed (%s); reading on without it", error)
        self._asked.clear()
        self._ready.clear()
        self.close()
