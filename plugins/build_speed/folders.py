"""Which output folders a build will write into, and a thread that creates them ahead of the writer.

Pretty URLs (`/slug/`) give every article, page, tag, author and listing page a
folder of its own. Pelican's writer creates each one just before writing into it,
and on ext4 a new folder costs about half a millisecond of kernel time (journal
work), which for a thousand posts came to more than a second of a cold build.
Created by a thread of their own instead, they cost the build's main thread
nothing: the writer finds them there.
"""

from __future__ import annotations

import os
import posixpath
import threading
from collections.abc import Iterable, Iterator
from queue import SimpleQueue

from pelican.paginator import Paginator
from pelican.utils import sanitised_join

# The listings Pelican's writer paginates, as (template, save_as, url, items) for `listing_pages`.
Listing = tuple[str, str, str, list]


def listing_pages(settings, listings: Iterable[Listing]) -> Iterator[str]:
    """The save_as of every page of each listing, paginated as Pelican's writer paginates it."""
    for template, save_as, url, items in listings:
        if not save_as:
            continue
        if template not in settings["PAGINATED_TEMPLATES"] or not items:
            yield save_as
            continue
        per_page = settings["PAGINATED_TEMPLATES"][template] or settings["DEFAULT_PAGINATION"]
        paginator = Paginator(save_as, url, items, settings, per_page)
        for number in paginator.page_range:
            yield paginator.page(number).save_as


def article_listings(generator) -> Iterator[Listing]:
    """The listings an articles generator writes: its direct templates, tags, categories and authors."""
    settings = generator.settings
    for template in settings["DIRECT_TEMPLATES"]:
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        yield template, save_as, settings.get(f"{template.upper()}_URL", f"{template}.html"), generator.articles
    for tag, articles in generator.tags.items():
        yield "tag", tag.save_as, tag.url, articles
    for kind, groups in (("category", generator.categories), ("author", generator.authors)):
        for wrapper, articles in groups:
            yield kind, wrapper.save_as, wrapper.url, articles


class FolderMaker:
    """Creates output folders on a thread of its own and remembers the ones it created.

    `want` never blocks; `finish` waits for the thread, then removes the folders it
    created that nothing was written into, so the output is exactly what it would
    be without it.
    """

    def __init__(self, output: str):
        self.output = output
        self.wanted: set[str] = set()
        self.created: list[str] = []
        self.queue: SimpleQueue[str | None] = SimpleQueue()
        self.thread: threading.Thread | None = None

    def want(self, save_as: str) -> None:
        """Ask for the folder a file will be written to (relative to the output, as `save_as`)."""
        folder = posixpath.dirname(save_as or "")
        if not folder or folder in self.wanted:
            return
        self.wanted.add(folder)
        try:
            path = sanitised_join(self.output, folder)
        except RuntimeError:  # outside the output: the writer refuses it and says so
            return
        if self.thread is None:  # started on first use: after Pelican has emptied the output
            self.thread = threading.Thread(target=self._run, name="output-folders", daemon=True)
            self.thread.start()
        self.queue.put(path)

    def _run(self) -> None:
        while (path := self.queue.get()) is not None:
            self._make(path)

    def _make(self, path: str) -> None:
        missing = []
        while not os.path.isdir(path):
            missing.append(path)
            path = os.path.dirname(path)
        for folder in reversed(missing):
            try:
                os.mkdir(folder)
            except FileExistsError:  # the writer got there first
                continue
            except OSError:  # the writer will meet the same problem and report it
                return
            self.created.append(folder)

    def finish(self) -> list[str]:
        """Wait for the thread; remove the created folders still empty; return those removed."""
        if self.thread is None:
            return []
        self.queue.put(None)
        self.thread.join()
        removed = []
        for folder in sorted(self.created, key=lambda f: f.count(os.sep), reverse=True):
            try:
                os.rmdir(folder)  # only ever removes an empty folder
            except OSError:
                continue
            removed.append(folder)
        return removed
