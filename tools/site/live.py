"""`invoke livereload`: build, serve, rebuild in a warm process on every change, refresh the browser.

The builds run in a process of their own (warm.py) that stays alive between them:
with the content cache and incremental rendering (build_speed), a rebuild reads
only the changed posts and renders only the pages that show them. When plugin code
changes, that process is replaced by a new one, which imports the new code (the
caches then see the new code's digest, and read and render everything again). A
build that fails, or a build process that dies, is reported and the server keeps
serving: the writer fixes the file and saves again.

What a rebuild says is `report`'s to print: one place to change it.
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from build_speed.processes import start_helper

from .build import ROOT

WARM_PROCESS = "tools.site.warm"
STOP_SECONDS = 2.0  # a build process still busy this long after livereload stops is stopped (SIGTERM)
TERM_SECONDS = 20.0  # ... and killed if it has not stopped this long after (it records its pages first)


@dataclass(frozen=True)
class Outcome:
    """How one build went."""

    ok: bool
    seconds: float
    message: str = ""
    peak_kib: int = 0
    cpu: float = 0.0  # the build process's own CPU time for this build


class WarmBuilds:
    """Builds the site in a process that stays alive between builds; a new one on `restart`."""

    def __init__(self, settings_file: str, output: str, overrides: dict | None = None, log=None):
        self.arguments = (settings_file, output, json.dumps(overrides or {}))
        self.log = log  # where the builds' messages go (a file); None: this process's standard error
        self.process: subprocess.Popen | None = None

    def build(self) -> Outcome:
        """Build once (starting the process if there is none) and say how it went."""
        if self.process is None or self.process.poll() is not None:
            self.process = start_helper(
                WARM_PROCESS,
                *self.arguments,
                roots=(str(ROOT),),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.log,
                text=True,
            )
        started = time.perf_counter()
        try:
            self.process.stdin.write("build\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        except OSError:
            answer = ""
        if not answer:
            self.close()
            return Outcome(
                False, time.perf_counter() - started, "The build process stopped (its last words are above)."
            )
        return Outcome(**json.loads(answer))

    def restart(self) -> None:
        """Let the next build run in a new process (plugin code changed)."""
        self.close()

    def close(self) -> None:
        """Stop the build process: it ends when its input closes; a build under way is stopped as `kill` stops one.

        SIGTERM lets the build record the pages it wrote (tools.site.build.stopping_on_termination),
        so the next build removes those it no longer makes; SIGKILL, which would not, comes only to a
        process that has not stopped TERM_SECONDS later.
        """
        process, self.process = self.process, None
        if process is not None:
            process.stdin.close()
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.terminate()
                try:
                    process.wait(timeout=TERM_SECONDS)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            process.stdout.close()


def snapshot(patterns, root: Path = ROOT) -> dict[str, float]:
    """Modification times of the project's files matching the watched patterns."""
    return {str(p): p.stat().st_mtime for pattern in patterns for p in root.glob(pattern) if p.is_file()}


def changed(before: dict[str, float], after: dict[str, float]) -> list[str]:
    """Files added, removed or modified between two snapshots."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def plugin_code(paths: list[str], plugin_folders: list[str], root: Path = ROOT) -> list[str]:
    """The Python files among `paths` that are plugin code (under one of the plugin folders)."""
    folders = [(root / folder).resolve() for folder in plugin_folders]
    return [
        path for path in paths if path.endswith(".py") and any(Path(path).resolve().is_relative_to(f) for f in folders)
    ]


def settings_code(paths: list[str], root: Path = ROOT) -> list[str]:
    """The Python files among `paths` at the project's top, beside the tasks: the settings (pelicanconf.py...)."""
    top = root.resolve()
    return [path for path in paths if path.endswith(".py") and Path(path).resolve().parent == top]


def report(outcome: Outcome, what: list[str], fresh: bool, root: Path = ROOT) -> None:
    """Tell the writer how the rebuild went."""
    if not outcome.ok:
        print(outcome.message)
    names = ", ".join(str(Path(p).relative_to(root)) for p in what[:5]) + (" ..." if len(what) > 5 else "")
    how = " in a new build process (plugin code or settings changed)" if fresh else ""
    print(f"Rebuilt in {outcome.seconds:.2f} s{how}" + (f" after changes to {names}" if what else ""))


class Rebuilds:
    """What livereload calls on every change: work out what changed, rebuild, report, index.

    `indexing` (search.BackgroundIndexing, or None) writes the search index after each
    build that went through, in the background: the page refreshes at once, and search
    finds the change a few seconds later.
    """

    def __init__(self, builds: WarmBuilds, watched: list[str], plugin_folders: list[str], root: Path = ROOT):
        self.builds, self.watched, self.plugin_folders, self.root = builds, watched, plugin_folders, root
        self.files = snapshot(watched, root)
        self.indexing = None

    def build(self, what: list[str], fresh: bool) -> None:
        """One build (the indexing stopped meanwhile: it would index pages as they are rewritten), reported."""
        if self.indexing is not None:
            self.indexing.stop()
        outcome = self.builds.build()
        if outcome.ok and self.indexing is not None:
            self.indexing.restart()
        report(outcome, what, fresh, self.root)

    def __call__(self) -> None:
        now = snapshot(self.watched, self.root)
        what, self.files = changed(self.files, now), now
        if not what:  # livereload calls once per watched pattern that changed: one build is enough
            return
        # The settings too: a plugin dropped from PLUGINS stays connected in a process that loaded it.
        fresh = bool(plugin_code(what, self.plugin_folders, self.root) or settings_code(what, self.root))
        if fresh:
            self.builds.restart()
        self.build(what, fresh)


def livereload(settings_file: str, output: str, watched: list[str], host: str, port: int) -> None:
    """Build, then serve `output` and rebuild on every change to the watched files, until Ctrl-C."""
    from search import BackgroundIndexing, index_folder

    from tools.serve import livereload_handler, livereload_server

    from .build import comment_receiver, site_settings

    settings = site_settings(settings_file)
    plugin_folders = list(settings.get("PLUGIN_PATHS", []))
    builds = WarmBuilds(settings_file, output, {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True})
    # Watching starts before the first build: a file saved while it runs is rebuilt for, not missed.
    server = livereload_server(comment_receiver(settings_file), host)  # it takes the comment form's posts too
    server.SFH = livereload_handler(ROOT / output)  # a missing page gets the site's 404.html
    rebuild = Rebuilds(builds, watched, plugin_folders)
    rebuild.indexing = BackgroundIndexing(ROOT / output, index_folder(settings), print)
    for pattern in watched:
        server.watch(pattern, rebuild)
    try:
        rebuild.build([], False)
        server.serve(host=host, port=int(port), root=str(ROOT / output))
    finally:  # Ctrl-C: an indexing run is stopped, and leaves no folder behind
        rebuild.indexing.stop()
        builds.close()
