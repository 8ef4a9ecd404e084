"""Time our build beside vanilla Pelican on the same synthetic posts: cold builds and rebuilds.

(a) vanilla Pelican: default theme, no plugins, TYPOGRIFY on, the same posts;
(b) our full build (theme, plugins, comments), cold: no cache, empty output;
(c) our rebuild after editing one post's body, in a new process (`invoke build`);
(d) our rebuild with nothing changed, in a new process;
(e) our rebuild after editing one post's body, in livereload's warm build process;
(f) our rebuild with nothing changed, in livereload's warm build process.

The builds are taken in turns (a, b, c, d, e, f, a, b...): the machine's speed drifts
over minutes, and in turns a slow spell slows every kind of build alike. Each build
reports its peak memory (the build and its helpers together).

With `pieces`, it also measures what each speed-up of build_speed saves: cold builds
and one-edit rebuilds with everything on, and with each piece switched off, in turns.

Then the readers' features on the cold build's output (benchmarks/readers.py): the
search index's time and size, and related posts for N and 10×N posts.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .memory import TreeSampler
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
FORM = {"COMMENTS_FORMSPREE_ID": "benchmark"}
COLD = {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, **FORM}
EDITED = "post-{:05d}.md"
# The speed-ups `pieces` switches off one at a time (the setting, and its value when off).
PIECES = {
    "read-ahead": ("BUILD_SPEED_READ_AHEAD_MIN_FILES", None),
    "comments' second process": ("BUILD_SPEED_COMMENTS_MIN_FILES", None),
    "related posts' second process": ("BUILD_SPEED_RELATED_MIN_POSTS", None),
    "incremental rendering": ("BUILD_SPEED_INCREMENTAL", False),
    "parallel rendering": ("BUILD_SPEED_PARALLEL_MIN_PAGES", None),
}
GOALS = (  # (numerator, denominator, at most, what)
    ("c", "b", 0.15, "rebuild after one edit / our cold build (new process)"),
    ("e", "b", 0.15, "rebuild after one edit / our cold build (livereload's warm process)"),
    ("d", "b", 0.10, "rebuild with nothing changed / our cold build (new process)"),
    ("f", "b", 0.10, "rebuild with nothing changed / our cold build (livereload's warm process)"),
    ("b", "a", 0.85, "our cold build / vanilla Pelican with typogrify"),
)


@dataclass
class Timing:
    """Timings of one kind of build, run by run: wall seconds, the build process's CPU seconds, peak memory."""

    label: str
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peaks_mib: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        """The median of the runs."""
        return statistics.median(self.seconds)

    @property
    def key(self) -> str:
        """The letter the label starts with: (a) -> a."""
        return self.label[1]


def run_build(settings: Path, content: Path, output: Path, overrides: dict) -> tuple[float, float, float]:
    """One build in a fresh process: (wall seconds, its own CPU seconds, peak MiB of it and its helpers)."""
    extra = [f"{key}={json.dumps(value)}" for key, value in overrides.items()]
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.child", str(settings), str(content), str(output), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = TreeSampler(process.pid)
    if os.path.isdir(f"/proc/{process.pid}/task"):
        sampler.start()
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    sampled = sampler.stop() if sampler.is_alive() else 0
    if process.returncode != 0:
        raise RuntimeError(f"build failed:\n{stderr[-2000:]}")
    said = dict(line.split(" ", 1) for line in stdout.splitlines() if line.startswith(("peak-kib", "cpu-")))
    # Never less than the build's own peak plus its largest helper's (getrusage, exact).
    return elapsed, float(said["cpu-seconds"]), max(int(said["peak-kib"]), sampled) / 1024


class WarmProcess:
    """Rebuilds in livereload's warm build process (tools.site.live), its messages kept aside."""

    def __init__(self, content: Path, output: Path, cache: Path, log: Path):
        for folder in (str(ROOT / "plugins"), str(ROOT)):  # as tasks.py has them
            if folder not in sys.path:
                sys.path.insert(0, folder)
        from tools.site.live import WarmBuilds

        self.log = log.open("w", encoding="utf-8")
        overrides = {"PATH": str(content), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
        self.builds = WarmBuilds(str(ROOT / "pelicanconf.py"), str(output), {**overrides, **FORM}, log=self.log)

    def build(self) -> tuple[float, float, float]:
        """One rebuild: (seconds, its CPU seconds, the process's peak MiB so far)."""
        outcome = self.builds.build()
        if not outcome.ok:
            raise RuntimeError(f"build failed: {outcome.message}")
        return outcome.seconds, outcome.cpu, outcome.peak_kib / 1024

    def close(self) -> None:
        """Stop the process."""
        self.builds.close()
        self.log.close()


Build = Callable[[int], tuple[float, float, float]]  # run number -> (wall seconds, CPU seconds, peak MiB)


def measure_in_turns(runs: int, builds: dict[str, Build]) -> list[Timing]:
    """Time each build `runs` times, taking turns (a, b, c, a, b, c...)."""
    timings = {label: Timing(label) for label in builds}
    for number in range(runs):
        for label, build in builds.items():
            elapsed, cpu, peak = build(number)
            timings[label].seconds.append(elapsed)
            timings[label].cpu.append(cpu)
            timings[label].peaks_mib.append(peak)
    return list(timings.values())


def edit_one_post(content: Path, articles: int, words: str) -> None:
    """Add a line to the body of one post in the middle of the site."""
    post = content / EDITED.format(articles // 2)
    post.write_text(post.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def compile_project() -> None:
    """Our modules byte-compiled before anything is timed, as vanilla Pelican's are.

    pip compiled Pelican's modules when it installed them, and Python compiles ours on
    their first import, but only where it may write the result: with PYTHONDONTWRITEBYTECODE
    set (as on this project's machine) every build process would compile the plugins'
    source again, 0.05 s of each, a cost no build pays on a writer's machine after its first.
    """
    import compileall

    for folder in ("plugins", "tools"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def bench(articles: int, comments: int, runs: int, workdir: Path) -> list[Timing]:
    """The six timings on one synthetic site, each kind of build in its own output folder."""
    compile_project()
    content = generate(workdir, articles, comments)
    vanilla = workdir / "vanilla.py"
    vanilla.write_text(VANILLA_SETTINGS)
    ours = ROOT / "pelicanconf.py"
    rebuild = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(workdir / "cache"), **FORM}

    def cold(output: Path, settings: Path, overrides: dict) -> Build:
        def build(_number):
            shutil.rmtree(output, ignore_errors=True)
            return run_build(settings, content, output, overrides)

        return build

    def edited_then(build: Callable[[], tuple[float, float, float]], who: str) -> Build:
        def edit_and_build(number):
            edit_one_post(content, articles, f"An edit by {who}, number {number}.")
            return build()

        return edit_and_build

    def new_process():
        return run_build(ours, content, workdir / "rebuilt", rebuild)

    new_process()  # fills the cache and the output for (c) and (d)
    warm = WarmProcess(content, workdir / "warm", workdir / "warm-cache", workdir / "warm.log")
    try:
        warm.build()  # the warm process's first build: everything
        return measure_in_turns(
            runs,
            {
                "(a) vanilla Pelican + typogrify, cold": cold(workdir / "vanilla", vanilla, {}),
                "(b) ours, cold": cold(workdir / "cold", ours, COLD),
                "(c) ours, one post edited, new process": edited_then(new_process, "(c)"),
                "(d) ours, nothing changed, new process": lambda _number: new_process(),
                "(e) ours, one post edited, livereload's warm process": edited_then(warm.build, "(e)"),
                "(f) ours, nothing changed, livereload's warm process": lambda _number: warm.build(),
            },
        )
    finally:
        warm.close()


def pieces(articles: int, comments: int, runs: int, workdir: Path) -> list[Timing]:
    """Cold builds and one-edit rebuilds with all speed-ups on, then with each one off, in turns."""
    content = generate(workdir, articles, comments)
    ours = ROOT / "pelicanconf.py"
    variants = {"all on": {}} | {f"{name} off": {setting: off} for name, (setting, off) in PIECES.items()}
    builds = {}
    for number, (name, change) in enumerate(variants.items()):
        cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(workdir / f"cache-{number}")}
        output = workdir / f"rebuilt-{number}"
        run_build(ours, content, output, {**cache, **FORM, **change})  # fills this variant's cache

        def cold_build(_run, change=change, number=number):
            shutil.rmtree(workdir / f"cold-{number}", ignore_errors=True)
            return run_build(ours, content, workdir / f"cold-{number}", {**COLD, **change})

        def rebuild(run, change=change, output=output, cache=cache, number=number):
            edit_one_post(content, articles, f"Variant {number}, run {run}.")
            return run_build(ours, content, output, {**cache, **FORM, **change})

        builds[f"(p) cold, {name}"] = cold_build
        builds[f"(r) one post edited, {name}"] = rebuild
    return measure_in_turns(runs, builds)


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


def paired(numerator: Timing, denominator: Timing, cpu: bool = False) -> tuple[float, float, float]:
    """numerator/denominator run by run (builds of one turn ran side by side): min, median, max.

    With `cpu`, of the build processes' own CPU time rather than of the wall time.
    """
    tops, bottoms = (numerator.cpu, denominator.cpu) if cpu else (numerator.seconds, denominator.seconds)
    ratios = [n / d for n, d in zip(tops, bottoms, strict=True)]
    return min(ratios), statistics.median(ratios), max(ratios)


def timings_table(timings: list[Timing], title: str):
    """A table of the timings, as a rich renderable."""
    from rich.table import Table

    table = Table(title=title)
    for column in ("build", "median", "min - max", "build process's CPU (median)", "peak memory"):
        table.add_column(column, justify="right" if column != "build" else "left")
    for timing in timings:
        table.add_row(
            timing.label,
            f"{timing.median:.2f} s",
            f"{min(timing.seconds):.2f} - {max(timing.seconds):.2f} s",
            f"{statistics.median(timing.cpu):.2f} s" if timing.cpu else "",
            f"{max(timing.peaks_mib):.0f} MiB",
        )
    return table


def goals_table(timings: list[Timing]):
    """The issue's goals, each as a ratio of medians and within turns."""
    from rich.table import Table

    by_key = {timing.key: timing for timing in timings}
    table = Table(title="Goals (ratios within each turn: min - median - max)")
    for column in ("ratio", "goal", "of medians", "within turns", "met"):
        table.add_column(column, justify="left" if column == "ratio" else "right")
    for numerator, denominator, most, what in GOALS:
        low, middle, high = paired(by_key[numerator], by_key[denominator])
        of_medians = by_key[numerator].median / by_key[denominator].median
        table.add_row(
            f"{numerator}/{denominator}: {what}",
            f"≤ {most:.2f}",
            f"{of_medians:.3f}",
            f"{low:.3f} - {middle:.3f} - {high:.3f}",
            "yes" if middle <= most else "no",
        )
    return table


def pieces_table(timings: list[Timing]):
    """What each speed-up saves: the build with it off against all on, within each turn."""
    from rich.table import Table

    by_label = {timing.label: timing for timing in timings}
    table = Table(
        title="What each speed-up saves: time with it off / all on - 1, within turns (min - median - max); "
        "wall time, and the build process's own CPU time"
    )
    for column in ("piece", "cold: wall", "cold: CPU", "one post edited: wall", "one post edited: CPU"):
        table.add_column(column, justify="left" if column == "piece" else "right")
    for name in PIECES:
        cells = []
        for kind in ("(p) cold", "(r) one post edited"):
            for cpu in (False, True):
                low, middle, high = paired(by_label[f"{kind}, {name} off"], by_label[f"{kind}, all on"], cpu)
                cells.append(f"{middle - 1:+.1%} ({low - 1:+.1%} - {high - 1:+.1%})")
        table.add_row(name, *cells)
    return table


def scaling_table(scaling: list[tuple[int, float]]):
    """The comments plugin's own time for M and 10×M comments."""
    from rich.table import Table

    table = Table(title="Comments plugin's own time (read, thread, render)")
    for column in ("comments", "seconds", "per 1000 comments"):
        table.add_column(column, justify="right")
    for count, seconds in scaling:
        table.add_row(str(count), f"{seconds:.2f}", f"{1000 * seconds / count:.3f} s")
    return table


def main(articles: int, comments: int, runs: int, with_pieces: bool = False) -> None:
    """Run the whole benchmark and print its tables."""
    from rich.console import Console

    from . import readers

    console = Console()
    heading = f"{articles} posts, {comments} comments each, {runs} runs of each build, in turns"
    with tempfile.TemporaryDirectory(prefix="blog-bench-") as folder:
        timings = bench(articles, comments, runs, Path(folder) / "builds")
        console.print(timings_table(timings, f"Build times: {heading}"))
        console.print(goals_table(timings))
        cold = Path(folder) / "builds" / "cold"
        console.print(readers.report(readers.time_search_index(cold, runs), readers.time_related(cold)))
        if comments:
            scaling = comments_scaling(min(articles, 200), comments, Path(folder))
            console.print(scaling_table(scaling))
            console.print(f"10x the comments took {scaling[1][1] / scaling[0][1]:.1f}x the time (linear is 10x)")
        if with_pieces:
            measured = pieces(articles, comments, runs, Path(folder) / "pieces")
            console.print(timings_table(measured, f"Speed-ups one at a time: {heading}"))
            console.print(pieces_table(measured))
