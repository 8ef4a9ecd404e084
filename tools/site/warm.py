"""`python -m tools.site.warm SETTINGS OUTPUT [OVERRIDES]`: livereload's warm build process (see live.py).

One process builds the site each time livereload asks and stays alive between
builds, so a rebuild pays neither Python's start nor the imports (Pelican,
Markdown, the plugins: about a third of a second), and the plugins' code is
digested once. livereload starts a new one when plugin code changes: the code a
process runs is the code it imported.

Pelican keeps two things per process that must not outlive a build: the warnings
already reported (cleared before each build, so each reports its own problems)
and its memoized `get_content` and `get_summary`, which would hold every build's
posts (cleared after each build).

The comments, unchanged since the last build, are kept from it, and the content
cache is read again while the process waits for the next build (build_speed).

Each line on standard input asks for one build; each outcome goes back as one line
of JSON on a copy of standard output: {"ok", "seconds", "cpu", "message", "peak_kib"}.
Standard output itself goes to standard error, so what Pelican and the plugins
print reaches the terminal and never mixes with the answers.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time

from build_speed import between_builds, remember_between_builds

from tools import Stop

from .build import build_summary, run_build


def forget_after_build() -> None:
    """Drop what Pelican memoized for the posts of the build just done."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        vars(Content)[name].cache.clear()  # pelican.utils.memoized keeps one dict per method


def peak_kib() -> int:
    """The most memory this process and any one of its helpers have held."""
    own, helpers = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own + helpers


def build(settings_file: str, output: str, overrides: dict) -> dict:
    """One build, and how it went."""
    started, computing = time.perf_counter(), time.process_time()
    try:
        build_summary(*run_build(settings_file, output, **overrides))
        ok, message = True, ""
    except Stop as stopped:
        ok, message = False, stopped.message
    finally:
        forget_after_build()
    seconds, cpu = time.perf_counter() - started, time.process_time() - computing
    return {"ok": ok, "seconds": seconds, "cpu": cpu, "message": message, "peak_kib": peak_kib()}


def main(settings_file: str, output: str, overrides: str = "{}") -> None:
    """Build once per line read, until standard input closes."""
    # Ctrl-C in the terminal reaches this process too: livereload, not this process, decides to stop
    # (it closes our standard input, and stops us if a build is under way).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    remember_between_builds()
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    options = json.loads(overrides)
    for _request in sys.stdin:
        answers.write(json.dumps(build(settings_file, output, options)) + "\n")
        answers.flush()
        between_builds()  # livereload has its answer; the next build is at least a save away


if __name__ == "__main__":
    main(*sys.argv[1:])
