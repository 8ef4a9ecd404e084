"""Time our build beside vanilla Pelican on the same synthetic posts, as whole processes.

(a) vanilla Pelican: default theme, no plugins, TYPOGRIFY on, the same posts;
(b) our full build (theme, plugins, comments), cold: no cache, empty output;
(c) our build again with a warm content cache, after changing one post.

Then the readers' features on the cold build's output (benchmarks/readers.py): the
search index's time and size, and related posts for N and 10×N posts.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
VANILLA_SETTINGS = """
# Vanilla Pelican on the benchmark's posts: default theme, no plugins, typogrify on.
TIMEZONE = "UTC"
TYPOGRIFY = True
DEFAULT_PAGINATION = 10
ARTICLE_EXCLUDES = ["authors", "comments", "images"]
STATIC_PATHS = ["images"]
IGNORE_FILES = [".#*", "*.credit"]
FEED_ALL_ATOM = "feeds/all.atom.xml"
LOG_FILTER = [(30, "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid")]
"""
# Our builds run with the comment form configured, as the real site does: every comment that
# takes replies carries its reply form.
FORM = ('COMMENTS_FORMSPREE_ID="benchmark"',)


@dataclass(frozen=True)
class Timing:
    """Whole-process timings of one kind of build."""

    label: str
    seconds: list[float]
    peak_mib: float

    @property
    def median(self) -> float:
        """The median of the runs."""
        return statistics.median(self.seconds)


def run_build(settings: Path, content: Path, output: Path, *extra: str) -> tuple[float, float]:
    """One build in a fresh process: (wall seconds, peak MiB)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.child", str(settings), str(content), str(output), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"build failed:\n{result.stderr[-2000:]}")
    peak = next(line for line in reversed(result.stdout.splitlines()) if line.startswith("peak-kib"))
    return elapsed, int(peak.split()[1]) / 1024


def measure_in_turns(runs: int, builds: dict) -> list[Timing]:
    """Time each build `runs` times, taking turns (a, b, c, a, b, c...).

    The machine's speed drifts over minutes; in turns, a slow spell slows every kind of
    build alike instead of all the runs of one.
    `builds` maps a label to (before_each(number), build() -> (seconds, peak MiB)).
    """
    seconds: dict[str, list[float]] = {label: [] for label in builds}
    peaks: dict[str, list[float]] = {label: [] for label in builds}
    for number in range(runs):
        for label, (before_each, build) in builds.items():
            before_each(number)
            elapsed, peak = build()
            seconds[label].append(elapsed)
            peaks[label].append(peak)
    return [Timing(label, seconds[label], max(peaks[label])) for label in builds]


def bench(articles: int, comments: int, runs: int, workdir: Path) -> list[Timing]:
    """The three timings on one synthetic site, each build in its own output folder."""
    content = generate(workdir, articles, comments)
    vanilla = workdir / "vanilla.py"
    vanilla.write_text(VANILLA_SETTINGS)
    ours = ROOT / "pelicanconf.py"
    cache = workdir / "cache"
    cold = ("CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false", *FORM)
    warm = ("CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", f'CACHE_PATH="{cache}"', *FORM)

    def emptied(output: Path):
        return lambda _number: shutil.rmtree(output, ignore_errors=True)

    def edit_one_post(number):
        post = content / f"post-{articles // 2:05d}.md"
        post.write_text(post.read_text() + f"\nAn edit, number {number}.\n")

    run_build(ours, content, workdir / "warm", *warm)  # fills the cache for (c)
    return measure_in_turns(
        runs,
        {
            "(a) vanilla Pelican + typogrify": (
                emptied(workdir / "vanilla"),
                lambda: run_build(vanilla, content, workdir / "vanilla"),
            ),
            "(b) ours, cold": (emptied(workdir / "cold"), lambda: run_build(ours, content, workdir / "cold", *cold)),
            "(c) ours, warm cache, one post changed": (
                edit_one_post,
                lambda: run_build(ours, content, workdir / "warm", *warm),
            ),
        },
    )


def comments_scaling(articles: int, comments: int, workdir: Path) -> list[tuple[int, float]]:
    """The comments plugin's own time (read the store, thread, render) for M and 10×M comments."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from comments.store import load_store
    from comments.threads import publishable, thread

    results = []
    for per_article in (comments, comments * 10):
        content = generate(workdir / f"scale-{per_article}", articles, per_article)
        started = time.perf_counter()
        stored, _errors = load_store(content / "comments")
        by_article: dict[str, list] = {}
        for comment in publishable(stored.values()):
            by_article.setdefault(comment.article, []).append(comment)
        for group in by_article.values():
            thread(group)
        results.append((articles * per_article, time.perf_counter() - started))
    return results


def paired_ratios(a: Timing, b: Timing, c: Timing) -> list[tuple[str, tuple[float, float, float]]]:
    """b/a and c/b run by run: builds of one turn ran side by side, so the machine's drift cancels."""
    pairs = {
        "b/a": [y / x for x, y in zip(a.seconds, b.seconds, strict=True)],
        "c/b": [y / x for x, y in zip(b.seconds, c.seconds, strict=True)],
    }
    return [(name, (min(r), statistics.median(r), max(r))) for name, r in pairs.items()]


def report(timings: list[Timing], scaling: list[tuple[int, float]], articles: int, comments: int):
    """The benchmark's tables, as rich renderables."""
    from rich.table import Table

    a, b, c = timings
    table = Table(title=f"Build times: {articles} posts, {comments} comments each ({len(a.seconds)} runs)")
    for column in ("build", "median", "min - max", "peak memory", "ratio"):
        table.add_column(column, justify="right" if column != "build" else "left")
    ratios = {
        a.label: "1.00",
        b.label: f"b/a {b.median / a.median:.2f}",
        c.label: f"c/a {c.median / a.median:.2f}, c/b {c.median / b.median:.2f}",
    }
    for timing in timings:
        table.add_row(
            timing.label,
            f"{timing.median:.2f} s",
            f"{min(timing.seconds):.2f} - {max(timing.seconds):.2f} s",
            f"{timing.peak_mib:.0f} MiB",
            ratios[timing.label],
        )
    paired = [f"{name} {low:.2f} - {median:.2f} - {high:.2f}" for name, (low, median, high) in paired_ratios(a, b, c)]
    table.caption = "Ratios within each turn (min - median - max): " + "; ".join(paired)
    if not scaling:
        return (table,)
    scale = Table(title="Comments plugin's own time (read, thread, render)")
    for column in ("comments", "seconds", "per 1000 comments"):
        scale.add_column(column, justify="right")
    for count, seconds in scaling:
        scale.add_row(str(count), f"{seconds:.2f}", f"{1000 * seconds / count:.3f} s")
    growth = scaling[1][1] / scaling[0][1]
    return table, scale, f"10x the comments took {growth:.1f}x the time (linear is 10x)"


def main(articles: int, comments: int, runs: int) -> None:
    """Run the whole benchmark and print its tables."""
    from rich.console import Console

    from . import readers

    with tempfile.TemporaryDirectory(prefix="blog-bench-") as folder:
        timings = bench(articles, comments, runs, Path(folder))
        index = readers.time_search_index(Path(folder) / "cold", runs)
        ranking = readers.time_related(Path(folder) / "cold")
        scaling = comments_scaling(min(articles, 200), comments, Path(folder)) if comments else []
    console = Console()
    for part in report(timings, scaling, articles, comments):
        console.print(part)
    console.print(readers.report(index, ranking))
