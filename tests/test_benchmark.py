"""`invoke bench` runs end to end on a tiny site and prints every figure the issue asks for.

It is never a timed test: only that the benchmark works and reports.
"""

import os
import subprocess
import sys

from tests.sitebuild import ROOT


def test_the_benchmark_times_all_three_builds_and_the_comments_scaling():
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "bench", "--articles", "6", "--comments-per-article", "2", "--runs", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    for label in ("(a) vanilla Pelican + typogrify", "(b) ours, cold", "(c) ours, warm cache, one post changed"):
        assert label in out
    assert "b/a " in out and "c/b " in out and "MiB" in out
    assert "Ratios within each turn (min - median - max): b/a " in " ".join(out.split())
    assert "6 posts, 2 comments each (2 runs)" in out
    assert "10x the comments took" in out and "(linear is 10x)" in out
    assert "search index (Pagefind, 2 runs)" in out and "MB, 6 pages" in out
    assert "related posts for 6 posts" in out and "related posts for 60 posts" in out
