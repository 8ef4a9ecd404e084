"""A Pelican writer that leaves a file alone when the build would write it unchanged.

Pelican rewrites every page on every build. In development, after one post was
edited, nearly all of them come out the same as before, and rewriting a file on
ext4 (truncate, reallocate, journal) costs more than reading it back to compare:
the writer compares first and writes only what changed. A file left alone keeps
its modification time, which also tells a sync or a browser what really changed.
Signals and checks are Pelican's own: the file at the path has exactly the new
content either way.
"""

from __future__ import annotations

import io
import logging
import os

from pelican.writers import FileOverwriteFailedError, Writer

logger = logging.getLogger(__name__)


def unchanged(path: str, payload: bytes) -> bool:
    """Whether the file at path already holds exactly these bytes."""
    try:
        if os.stat(path).st_size != len(payload):
            return False
        with open(path, "rb") as existing:
            return existing.read() == payload
    except OSError:  # missing or unreadable: write it
        return False


class PendingFile(io.StringIO):
    """What the build writes to one file, written on close only when it differs from the disk."""

    def __init__(self, path: str, encoding: str):
        super().__init__()
        self.target, self.target_encoding = path, encoding

    def close(self) -> None:
        if not self.closed:
            # The bytes `open(path, "w", encoding=...)` would write (newlines as the platform's).
            payload = self.getvalue().replace("\n", os.linesep).encode(self.target_encoding)
            super().close()
            if not unchanged(self.target, payload):
                with open(self.target, "wb") as target:
                    target.write(payload)


class SteadyWriter(Writer):
    """Pelican's writer, but an unchanged file is not rewritten."""

    def _open_w(self, filename, encoding, override=False):
        # Pelican 4.12's own rules for writing a file twice, kept as they are; only the opening
        # differs: Pelican's `open(filename, "w")` would empty the file before we could compare.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)  # the caller closes it
        if filename in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)"
                )
            logger.info('Overwriting "%s"', filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return PendingFile(filename, encoding)
