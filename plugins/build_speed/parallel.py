"""The pages of a cold build rendered on two cores: half of them in a forked second process.

Once everything is read, a cold build renders about 1,700 pages one after another
while the second core idles (the read-ahead and the comments' helper are done).
Pelican's writer goes through them as usual, with its own rules (pagination, a
file written twice, `localsiteurl`), but between `article_generator_write_article`
(or `page_generator_write_page`) and the generator's `*_writer_finalized` each page
is only noted: its template, its context, its file (writer.py). At the
`*_writer_finalized` signal the noted pages are rendered: when there are at least
BUILD_SPEED_PARALLEL_MIN_PAGES of them and a second core is free, the build forks,
the second process renders every other page and writes it, the build the rest; the
build then waits for it, renders the pages of any file written more than once (in
Pelican's order, so the last write wins as it would), and sends `content_written` for
every page in Pelican's order (muted meanwhile), each file being on disk by then (a
receiver may read it, as image_credits does). A page's folder is made when it is
rendered, by whichever process renders it (writer.FoldersWhenRendered).

The forked process has the whole context without copying or pickling it. It writes
to no terminal: its log records come back to the build, which handles them as its
own (its filters, its handlers, `--fatal warnings`). If it fails in any way (a fatal
warning, a crash), the build renders its share again itself, so the site and the
warnings are what a build without it gives. It only renders pages (no signal, no
cache, no other file), and leaves with `os._exit` (no `atexit`, no flush of buffers
it inherited). Builds with incremental rendering, which render only a few pages,
render as Pelican does.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field

from pelican import signals

from .processes import free_cores

logger = logging.getLogger(__name__)


@dataclass
class Noted:
    """A page Pelican's writer went through: what rendering and writing it takes."""

    template: object
    localcontext: dict
    context: dict  # the build's shared context (Pelican sets its `localsiteurl` before rendering)
    path: str = ""  # the file, set when the writer opens it
    write: bool = False  # False: Pelican's rules skip the file (the page is rendered, not written)


@dataclass
class Pages:
    """The pages noted since the window opened, to render when it closes."""

    min_pages: int | None
    ours: bool = False  # the build writes through build_speed's writer (which notes the pages)
    open: bool = False
    noted: list[Noted] = field(default_factory=list)
    muted: contextlib.ExitStack | None = None


def render(page: Noted) -> None:
    """Render one noted page and write its file, as Pelican's `_write_file` does."""
    siteurl = page.localcontext["localsiteurl"]
    if siteurl:
        page.context["localsiteurl"] = siteurl
    output = page.template.render(page.localcontext)
    os.makedirs(os.path.dirname(page.path), exist_ok=True)  # as Pelican makes it, written or not
    if not page.write:
        return
    with open(page.path, "w", encoding="utf-8") as written:
        written.write(output)


def shippable(record: logging.LogRecord) -> dict:
    """A log record as data that survives a pickle (arguments as text when they do not)."""
    if record.exc_info:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    state = dict(record.__dict__)
    try:
        pickle.dumps(state)
    except Exception:  # any argument at all may refuse to be pickled
        state["msg"], state["args"] = record.getMessage(), None
    return state


class Second:
    """The forked process rendering every other page: started, then waited for."""

    def __init__(self, pages: list[Noted]):
        self.pages = pages
        handle, name = tempfile.mkstemp(prefix="build-speed-render-", suffix=".log")
        os.unlink(name)
        self._records = handle
        gc.freeze()  # the objects both processes hold stay shared (a collection would touch them all)
        try:
            with warnings.catch_warnings():
                # Python 3.12 warns of a fork beside other threads (a lock one of them holds stays
                # held): this process uses no such lock, it renders, writes files and pickles records.
                warnings.simplefilter("ignore", DeprecationWarning)
                self.pid = os.fork()
        except OSError:
            gc.unfreeze()
            os.close(handle)
            raise
        if self.pid == 0:
            self._run()  # never returns (and keeps what it inherited frozen)
        gc.unfreeze()

    def _run(self) -> None:
        status = 1
        try:
            shipped = os.fdopen(os.dup(self._records), "wb")
            logging.Logger.callHandlers = lambda _logger, record: pickle.dump(shippable(record), shipped)
            for page in self.pages:
                render(page)
            shipped.flush()
            status = 0
        except BaseException:  # whatever happens, the build renders this share itself: say why
            with contextlib.suppress(Exception):
                os.ftruncate(self._records, 0)
                os.lseek(self._records, 0, os.SEEK_SET)
                said = traceback.format_exc().strip().splitlines()[-1]
                os.write(self._records, said.encode("utf-8", "replace"))
        finally:
            os._exit(status)

    def join(self) -> bool:
        """Wait for it; its log records handled here. False: it failed (its records dropped)."""
        _pid, status = os.waitpid(self.pid, 0)
        try:
            os.lseek(self._records, 0, os.SEEK_SET)
            with os.fdopen(os.dup(self._records), "rb") as shipped:
                if os.waitstatus_to_exitcode(status) != 0:
                    said = shipped.read(2000).decode("utf-8", "replace") or f"exit status {status}"
                    logger.info("build_speed: the second rendering process failed (%s); rendering its pages here", said)
                    return False
                while True:
                    try:
                        state = pickle.load(shipped)
                    except EOFError:
                        break
                    record = logging.makeLogRecord(state)
                    logging.getLogger(record.name).handle(record)
            return True
        finally:
            os.close(self._records)


def worth_a_second_process(pages: int, min_pages: int | None) -> bool:
    """Whether the pages are enough to pay for a fork (about 0.1 s), and a core is free."""
    # Linux only: on macOS a forked process may crash in system libraries that ran before the fork
    # (Apple documents fork without exec as unsafe), and Windows has no fork.
    return min_pages is not None and pages >= min_pages and free_cores() >= 2 and sys.platform == "linux"


def written_more_than_once(pages: list[Noted]) -> set[str]:
    """The files more than one of the pages is written to (a plugin overriding a page)."""
    seen, again = set(), set()
    for page in pages:
        if page.write:
            (again if page.path in seen else seen).add(page.path)
    return again


def render_all(noted: list[Noted], min_pages: int | None) -> None:
    """Render the pages (and write those to be written), on two cores when it pays."""
    pages = [page for page in noted if page.path]
    if not worth_a_second_process(len(pages), min_pages):
        for page in pages:
            render(page)
        return
    # A file written twice must end as Pelican's last write left it: its pages are rendered here,
    # in Pelican's order, once the rest is done on two cores.
    again = written_more_than_once(pages)
    in_order = [page for page in pages if page.path in again]
    pages = [page for page in pages if page.path not in again]
    try:
        second = Second(pages[1::2])
    except OSError as error:
        logger.info("build_speed: no second process to render (%s); rendering here", error)
        second = None
    started = time.perf_counter()
    try:
        for page in pages[0::2] if second else pages:
            render(page)
    finally:
        rendered = time.perf_counter()
        done = second.join() if second is not None else True  # never leave it behind
    if not done:
        for page in pages[1::2]:
            render(page)
    for page in in_order:
        render(page)
    logger.debug(
        "build_speed: %d page(s) rendered on two cores (this process's half: %.2f s; then waited %.2f s)",
        len(pages),
        rendered - started,
        time.perf_counter() - rendered,
    )


class Window:
    """Pages noted while open, rendered when it closes; `content_written` muted meanwhile."""

    def __init__(self):
        self.pages = Pages(None)

    def start(self, min_pages: int | None) -> None:
        """A new build: nothing noted."""
        self.close_without_rendering()
        self.pages = Pages(min_pages)

    def writer_made(self) -> None:
        """build_speed's writer is the one this build writes through (another plugin's could be)."""
        self.pages.ours = True

    def opening(self) -> None:
        """A generator is about to write its pages."""
        if self.pages.open or self.pages.min_pages is None or not self.pages.ours:
            return
        self.pages.open = True
        self.pages.muted = contextlib.ExitStack()
        self.pages.muted.enter_context(signals.content_written.muted())

    @property
    def noting(self) -> bool:
        """Whether the writer notes pages instead of rendering them."""
        return self.pages.open

    def note(self, page: Noted) -> None:
        """The writer went through a page."""
        self.pages.noted.append(page)

    def close(self) -> None:
        """The generator's pages are all noted: render them, then tell the plugins they are written."""
        if not self.pages.open:
            return
        noted, self.pages.noted = self.pages.noted, []
        self._unmute()
        render_all(noted, self.pages.min_pages)
        # Rendering one after another leaves the context with the last page's `localsiteurl`
        # (Pelican sets it for each page, with RELATIVE_URLS): so here, whichever process rendered it.
        last = next((page for page in reversed(noted) if page.path and page.localcontext["localsiteurl"]), None)
        if last is not None:
            last.context["localsiteurl"] = last.localcontext["localsiteurl"]
        for page in noted:
            if page.path:
                signals.content_written.send(page.path, context=page.localcontext)

    def close_without_rendering(self) -> None:
        """A build stopped half-way: forget what it noted."""
        self.pages.noted = []
        self._unmute()

    def _unmute(self) -> None:
        self.pages.open = False
        if self.pages.muted is not None:
            self.pages.muted.close()
            self.pages.muted = None


window = Window()
