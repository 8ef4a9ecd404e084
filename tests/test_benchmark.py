"""`invoke bench` runs end to end on a tiny site and prints every figure the issue asks for.

It is never a timed test: only that the benchmark works and reports.
"""

import io
import os
import subprocess
import sys

from rich.console import Console

from benchmarks.run import GOALS, PIECES, Timing, goals_table, pieces_table
from tests.sitebuild import ROOT

LABELS = (
    "(a) vanilla Pelican + typogrify, cold",
    "(b) ours, cold",
    "(c) ours, one post edited, new process",
    "(d) ours, nothing changed, new process",
    "(e) ours, one post edited, livereload's warm process",
    "(f) ours, nothing changed, livereload's warm process",
)


def test_the_benchmark_times_cold_builds_and_rebuilds_and_checks_the_goals():
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "bench", "--articles", "6", "--comments-per-article", "2", "--runs", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "250"},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = " ".join(result.stdout.split())
    for label in LABELS:
        assert label in out
    assert "MiB" in out and "6 posts, 2 comments each, 2 runs of each build, in turns" in out
    for _numerator, _denominator, _most, what in GOALS:
        assert what in out
    assert "10x the comments took" in out and "(linear is 10x)" in out
    assert "search index (Pagefind, 2 runs)" in out and "MB, 6 pages" in out
    assert "related posts for 6 posts" in out and "related posts for 60 posts" in out
    assert "Done: Processed" not in out  # the builds' own messages stay out of the tables


def printed(renderable) -> str:
    stream = io.StringIO()
    Console(file=stream, width=250).print(renderable)
    return " ".join(stream.getvalue().split())


def test_the_goals_are_judged_within_turns():
    runs = {"a": [10, 10], "b": [8, 8.4], "c": [1, 2], "d": [0.5, 0.5], "e": [1, 1], "f": [0.5, 1]}
    table = printed(goals_table([Timing(f"({key}) x", seconds) for key, seconds in runs.items()]))
    assert "(new process) │ ≤ 0.15 │ 0.183 │ 0.125 - 0.182 - 0.238 │ no" in table
    assert "vanilla Pelican with typogrify │ ≤ 0.85 │ 0.820 │ 0.800 - 0.820 - 0.840 │ yes" in table


def test_each_piece_is_set_against_all_on_within_turns():
    timings = []
    for kind in ("(p) cold", "(r) one post edited"):
        timings.append(Timing(f"{kind}, all on", [10, 10], [5, 5]))
        timings += [Timing(f"{kind}, {name} off", [11, 10.6], [5.5, 5.1]) for name in PIECES]
    table = printed(pieces_table(timings))
    assert table.count("+8.0% (+6.0% - +10.0%)") == 2 * len(PIECES)  # wall time
    assert table.count("+6.0% (+2.0% - +10.0%)") == 2 * len(PIECES)  # the build process's CPU time
