"""Write the search index of a built site with Pagefind, after Pelican's build.

Pagefind (PyPI `pagefind[bin]`, pinned in requirements.txt) reads the built HTML
and writes a static index and its script into the output's index folder. Only pages
that carry `data-pagefind-body` are indexed (the theme puts it on articles and
pages); inside them, whatever is marked `data-pagefind-ignore` is left out.

The index is written into a new folder beside the output and then swapped in, so
a reader (or livereload) never sees half an index, and no file of an older index
is left behind. An `Indexer` can be stopped: livereload indexes in the background
and stops an indexing run that a newer build has made stale.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class SearchIndex:
    """What an indexing run made: the pages it holds, its size on disk, the time it took."""

    folder: Path
    pages: int
    bytes: int
    seconds: float


def folder_size(folder: Path) -> int:
    """The bytes of every file under `folder`."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def indexed_pages(folder: Path) -> int:
    """The pages an index holds, as Pagefind's entry file counts them (all languages)."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"Pagefind wrote no readable pagefind-entry.json in {folder}: {error}") from None
    return sum(int(language.get("page_count", 0)) for language in entry.get("languages", {}).values())


def swap_in(new: Path, target: Path) -> None:
    """Put the folder `new` in the place of `target` (renames: the old index stays whole until then)."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        target.rename(old / target.name)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


LEFT_BEHIND_SECONDS = 600  # a work folder this old belongs to no run still going (one takes seconds)


def remove_left_behind(folder: Path, prefix: str) -> None:
    """Remove the work folders an index run stopped by a signal (`kill`, a closed terminal) left beside the output."""
    try:
        candidates = [path for path in folder.iterdir() if path.name.startswith(prefix) and path.is_dir()]
    except OSError:
        return
    for path in candidates:
        try:
            if time.time() - path.stat().st_mtime > LEFT_BEHIND_SECONDS and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            continue


class Indexer:
    """One Pagefind run over a built site; `stop()` (from another thread) ends it early."""

    def __init__(self, output: Path, folder: str = "pagefind"):
        self.output = Path(output)
        self.folder = folder.strip("/")
        self._process: subprocess.Popen | None = None
        self._stopped = threading.Event()

    def run(self) -> SearchIndex | None:
        """Index the site and swap the index in; None if stopped first. SearchIndexError on failure."""
        started = time.perf_counter()
        # Beside the output, not in it: a folder left by a crash is never published (and the next run removes it).
        prefix = f".{self.output.name}-search-"
        remove_left_behind(self.output.parent, prefix)
        work = Path(tempfile.mkdtemp(prefix=prefix, dir=self.output.parent))
        try:
            fresh = work / self.folder.replace("/", "-")
            command = [sys.executable, "-m", "pagefind", "--site", str(self.output)]
            command += ["--output-path", str(fresh), "--quiet"]
            self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            said, _ = self._process.communicate()
            if self._stopped.is_set():
                return None
            if self._process.returncode != 0 or not (fresh / "pagefind.js").is_file():
                raise SearchIndexError(
                    f"Pagefind failed (exit {self._process.returncode}): {said.strip()[-1500:] or 'no output'}"
                )
            pages = indexed_pages(fresh)
            size = folder_size(fresh)
            target = self.output / self.folder
            target.parent.mkdir(parents=True, exist_ok=True)
            swap_in(fresh, target)
            return SearchIndex(target, pages, size, time.perf_counter() - started)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def stop(self) -> None:
        """End the run: the index in place is left as it was."""
        self._stopped.set()
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()


def index_site(output: Path, folder: str = "pagefind") -> SearchIndex:
    """Index a built site now (the build and publish tasks, and the tests)."""
    found = Indexer(output, folder).run()
    if found is None:  # only stop() ends a run early, and nothing else holds this one
        raise SearchIndexError("the indexing was stopped")
    return found


class BackgroundIndexing:
    """livereload's indexing: after each build, in a thread; a newer build stops the run before it."""

    def __init__(self, output: Path, folder: str, report):
        self.output, self.folder, self.report = Path(output), folder, report
        self._current: Indexer | None = None
        self._thread: threading.Thread | None = None

    def restart(self) -> None:
        """Stop any run, then index the site as it is now."""
        self.stop()
        indexer = self._current = Indexer(self.output, self.folder)
        self._thread = threading.Thread(target=self._run, args=(indexer,), daemon=True)
        self._thread.start()

    def _run(self, indexer: Indexer) -> None:
        try:
            made = indexer.run()
        except SearchIndexError as error:
            self.report(f"The search index was not updated: {error}")
            return
        if made is not None:
            self.report(f"Search index updated: {made.pages} pages in {made.seconds:.1f} s")

    def wait(self) -> None:
        """Wait for the run in progress, if any, to finish."""
        if self._thread is not None:
            self._thread.join()

    def stop(self) -> None:
        """Stop the run in progress, if any, and wait for it."""
        if self._current is not None:
            self._current.stop()
        if self._thread is not None:
            self._thread.join()
        self._current = self._thread = None
