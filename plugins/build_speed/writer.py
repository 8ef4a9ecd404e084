"""Pelican's writer, rendering and writing only the pages and feeds whose key changed (pages.py).

Pelican's `write_file` renders each page (each page of a paginated listing too) with
`template.render(localcontext)`, opens the file with `_open_w` and sends
`content_written`. The writer hands it a template that first works out the page's
key: for a page the last build wrote with the same key, and still untouched, the
template renders nothing and `_open_w` gives a sink instead of the file. Everything
else is Pelican's own: its rules for writing a file twice (kept by `_open_w`, a
copy of 4.12's), the folders, `content_written` for every page (a kept page is, for
a plugin listening, written as it was: the sitemap lists it). A kept feed is not
built at all: `feed_generated` and `feed_written` are sent for the feeds written.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import logging
import os

import pelican.writers
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from . import parallel
from .pages import PageKeys
from .stand_in import StandIn

logger = logging.getLogger(__name__)
FEED_ARGUMENTS = inspect.signature(Writer.write_feed)


class KeptFile(io.StringIO):
    """Where the render of a kept page goes: nowhere (it is empty, and the file stays)."""


class KeyedTemplate:
    """A template that, for a page whose key is unchanged, renders nothing and has its file kept."""

    def __init__(self, template, keys: PageKeys, writer: SpeedWriter):
        self.template, self.keys, self.writer = template, keys, writer

    def __getattr__(self, name):
        return getattr(self.template, name)

    def render(self, localcontext: dict) -> str:
        """The page's HTML, or "" when its file is kept as it is."""
        name = localcontext.get("output_file", "")
        key = self.keys.page_key(self.template, localcontext)
        table = self.keys.table
        if key is not None and table.unchanged(name, key):
            self.writer.keep(name)
            table.handle(name, key, skipped=True)
            return ""
        table.handle(name, key, skipped=False)
        return self.template.render(localcontext)


class NotingTemplate:
    """A template that notes the page for rendering later (parallel.py) and renders nothing now."""

    def __init__(self, template, context: dict, writer: SpeedWriter):
        self.template, self.context, self.writer = template, context, writer

    def __getattr__(self, name):
        return getattr(self.template, name)

    def render(self, localcontext: dict) -> str:
        """Nothing now: the page is noted, and its file set when the writer opens it."""
        self.writer._noting = parallel.Noted(self.template, localcontext, self.context)
        parallel.window.note(self.writer._noting)
        return ""


class FoldersWhenRendered(StandIn):
    """`os` as Pelican's writer module sees it while a page is written: no folder made in vain.

    Pelican's `_write_file` makes the page's folder (`os.makedirs`) right after rendering it.
    A noted page is rendered later, on either core (parallel.render makes its folder then),
    so its folder need not hold up the build's own core now: a cold build makes 1,700 of
    them, and on ext4 soon after the output was deleted each costs a quarter of a
    millisecond of the kernel's time, 0.4 s in all. A kept page's folder is there already
    (its file is, untouched: PageTable.unchanged), and asking again for each of 1,600 pages
    is 2 % of a rebuild with nothing changed.
    """

    def __init__(self, writer: SpeedWriter):
        super().__init__(os)
        self._writer = writer

    def makedirs(self, name, *args, **kwargs):
        writer = self._writer
        if writer._noting is not None:  # the page just noted: its folder is made when it is rendered
            return None
        if writer._kept_folder == name:  # the page just kept: its file, so its folder, is there
            return None
        return os.makedirs(name, *args, **kwargs)


@contextlib.contextmanager
def folders_when_rendered(writer: SpeedWriter):
    """Within: pelican.writers' `os` is FoldersWhenRendered (internals.py guards the code that uses it)."""
    pelican.writers.os = FoldersWhenRendered(writer)
    try:
        yield
    finally:
        pelican.writers.os = os


_joined: dict[tuple[str, str], str] = {}  # (absolute output folder, page) -> Pelican's path for it


def joined(output: str, name: str) -> str:
    """Pelican's `sanitised_join(output, name)`, remembered for an absolute output folder (the same every build:
    a warm process keeps 1,700 pages a rebuild, two `abspath`s each)."""
    if not os.path.isabs(output):
        return sanitised_join(output, name)
    path = _joined.get((output, name))
    if path is None:
        path = _joined[(output, name)] = sanitised_join(output, name)
    return path


class SpeedWriter(Writer):
    """Pelican's writer; with `keys` (this build's, set by the plugin), pages with an unchanged key are kept."""

    keys: PageKeys | None = None

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._kept: set[str] = set()
        self._kept_folder: str | None = None  # the folder of the page kept just now
        self._noting: parallel.Noted | None = None  # the page noted just now, its file to be opened
        parallel.window.writer_made()

    def keep(self, name: str) -> None:
        """The next opening of the page at `name` keeps the file as it is."""
        path = joined(self.output_path, name)
        self._kept.add(path)
        self._kept_folder = os.path.dirname(path)

    def write_file(self, name, template, context, *args, **kwargs):
        """Pelican's write_file, with the template keyed when the build keeps keys."""
        if self.keys is not None:
            with folders_when_rendered(self):
                return super().write_file(name, KeyedTemplate(template, self.keys, self), context, *args, **kwargs)
        if parallel.window.noting:
            with folders_when_rendered(self):
                return super().write_file(name, NotingTemplate(template, context, self), context, *args, **kwargs)
        return super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, *args, **kwargs):
        """Pelican's write_feed, or nothing when the feed's key is unchanged."""
        keys = self.keys
        feed = FEED_ARGUMENTS.bind(self, *args, **kwargs)
        feed.apply_defaults()
        path = feed.arguments["path"]
        if keys is None or not path:
            return super().write_feed(*args, **kwargs)
        key = keys.feed_key(feed.arguments)
        if key is not None and keys.table.unchanged(path, key):
            self.keep(path)
            with self._open_w(sanitised_join(self.output_path, path), "utf-8", feed.arguments["override_output"]):
                pass  # Pelican's rules for writing a file twice still apply to a kept feed
            keys.table.handle(path, key, skipped=True)
            return None
        keys.table.handle(path, key, skipped=False)
        return super().write_feed(*args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        # Pelican 4.12's rules for writing a file twice, kept as they are (internals.py guards
        # the original); only the opening differs: a kept page's file is left as it is.
        kept = filename in self._kept
        self._kept.discard(filename)
        self._kept_folder = None
        noting, self._noting = self._noting, None
        # A noted page gets its file (and so its turn to be rendered and its content_written) only
        # once these rules let Pelican go on: one they refuse, Pelican's _write_file never finishes.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            if noting is not None:
                noting.path = filename  # rendered, not written: Pelican sends content_written for it all the same
            return KeptFile()
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
        if noting is not None:
            noting.path, noting.write = filename, True  # written in its turn to be rendered (parallel.py)
            return KeptFile()
        if kept:
            return KeptFile()
        return open(filename, "w", encoding=encoding)
