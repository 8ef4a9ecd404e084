"""The guard that keeps the suite off the writer's own site.

Tests test the code: they build fixture sites (tests/data/, tmp_path) and take
their expectations from them, so `invoke test` passes whatever content/ holds.
A test that reads or writes the project's `content/`, `output/`, `cache/`,
`exports/`, `.comments-salt` or `comments-queue/` (the moderation queue) in this process (Python's audit events "open",
"os.listdir", "os.scandir"), or runs one of the project's tasks in the project
folder (event "subprocess.Popen"), or livereload's warm build process there with the
project's cache, raises `ProjectSiteUsed` on the spot and
fails at its teardown even if something caught that.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITERS = ("content", "output", "cache", "exports", ".comments-salt", "comments-queue")
FILE_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})
# Tasks that never read the writer's site, and may run in the project folder.
SAFE_TASKS = frozenset({"bench", "--list", "-l", "--help", "-h"})
WARM_PROCESS = "tools.site.warm"  # python -m tools.site.warm SETTINGS OUTPUT OVERRIDES (tools/site/live.py)


class ProjectSiteUsed(RuntimeError):
    """A test touched the writer's own site."""


class Guard:
    """Audit hook state: the forbidden folders, and what was touched since the last look."""

    def __init__(self, root: Path = ROOT):
        self.root = str(root)
        self.forbidden = tuple(os.path.join(self.root, name) for name in WRITERS)
        self.touched: list[str] = []
        self.installed = False

    def install(self) -> None:
        """Start watching (once per process: an audit hook cannot be removed)."""
        if not self.installed:
            sys.addaudithook(self.audit)
            self.installed = True

    def forbidden_path(self, path) -> str:
        """The path, absolute, if it is inside the writer's site; else ''."""
        if isinstance(path, int) or path is None:
            return ""
        try:
            text = os.fsdecode(path)
        except (TypeError, ValueError):
            return ""
        if not os.path.isabs(text) and os.sep not in text:
            return ""  # a bare name may be relative to a folder's descriptor (shutil.rmtree's walk), not to here
        absolute = os.path.abspath(text)
        for folder in self.forbidden:
            if absolute == folder or absolute.startswith(folder + os.sep):
                return absolute
        return ""

    def project_task(self, args, cwd) -> str:
        """The command, if it runs one of the project's tasks (or Pelican) in the project folder; else ''."""
        words = [os.fsdecode(a) for a in args] if isinstance(args, (list, tuple)) else [os.fsdecode(args)]
        here = os.path.abspath(os.fsdecode(cwd)) if cwd is not None else os.getcwd()
        if here != self.root:
            return ""
        if WARM_PROCESS in words:  # livereload's warm build process: its cache is the project's unless given
            overrides = words[words.index(WARM_PROCESS) + 3 :][:1]
            try:
                cache = json.loads(overrides[0]).get("CACHE_PATH", "cache") if overrides else "cache"
            except (ValueError, AttributeError):
                cache = "cache"
            return " ".join(words) if self.forbidden_path(os.path.join(here, str(cache))) else ""
        names = [os.path.basename(word) for word in words]
        runner = next((i for i, name in enumerate(names) if name in ("invoke", "inv", "pelican")), None)
        if runner is None:
            return ""
        task = next((w for w in words[runner + 1 :] if not w.startswith("-") or w in SAFE_TASKS), "")
        return "" if task in SAFE_TASKS else " ".join(words)

    def audit(self, event: str, args) -> None:
        """The audit hook: note and refuse what touches the writer's site."""
        if event in FILE_EVENTS and args:
            found = self.forbidden_path(args[0])
        elif event == "subprocess.Popen" and len(args) > 2:
            found = self.project_task(args[1], args[2])
        else:
            return
        if found:
            self.touched.append(found)
            raise ProjectSiteUsed(self.explain([found]))

    def take(self) -> list[str]:
        """What was touched since the last call, forgotten."""
        touched, self.touched = self.touched, []
        return touched

    @staticmethod
    def explain(touched: list[str]) -> str:
        """What went wrong, and what to do instead."""
        return (
            "a test used the writer's own site (" + ", ".join(sorted(set(touched))) + "): tests build fixture content "
            "(tests/sitebuild.py: build_site(), copy_content(tmp_path)) or run tasks in a copy of the project"
        )


guard = Guard()
