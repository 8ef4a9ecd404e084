"""The readers' features in the benchmark: the search index (time and size) and related posts at scale.

Both run on the output of the cold build: Pagefind indexes it as `invoke build` does,
and related posts are ranked for its posts and for ten times as many (each post
copied ten times over, a year apart), to show how the ranking grows.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BODY = re.compile(r'<div class="post__body">(.*?)<div class="post__footer">', re.S)
TAG = re.compile(r'rel="tag"[^>]*>([^<]+)</a>')


@dataclass(frozen=True)
class IndexTiming:
    """Pagefind's runs over one built site."""

    seconds: list[float]
    pages: int
    megabytes: float


def time_search_index(output: Path, runs: int) -> IndexTiming:
    """Index the built site `runs` times, as `invoke build` does (a whole Pagefind process each)."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from search import index_site

    made = [index_site(output) for _ in range(runs)]
    return IndexTiming([m.seconds for m in made], made[-1].pages, made[-1].bytes / 1024 / 1024)


def posts_of(output: Path):
    """The ranking's record of every post page of a built site."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from reading.text import profile
    from related_posts.ranking import Post

    posts = []
    for number, page in enumerate(sorted(output.glob("*/index.html"))):
        html = page.read_text(encoding="utf-8")
        if body := BODY.search(html):
            tags = frozenset(TAG.findall(html))
            posts.append(Post(page.parent.name, float(number), tags, profile(body.group(1)).terms))
    return posts


def time_related(output: Path, times: int = 10) -> list[tuple[int, float]]:
    """CPU seconds to rank related posts for the site's posts, and for `times` as many."""
    from related_posts.ranking import Post, related

    posts = posts_of(output)
    year = 365 * 24 * 3600.0
    scaled = [Post(f"{p.key}-{n}", p.date + n * year, p.tags, p.terms) for n in range(times) for p in posts]
    results = []
    for chosen in (posts, scaled):
        started = time.process_time()
        related(chosen)
        results.append((len(chosen), time.process_time() - started))
    return results


def report(index: IndexTiming, ranking: list[tuple[int, float]]):
    """The readers' features' table, as a rich renderable."""
    from rich.table import Table

    table = Table(title="Readers' features (on the cold build's output)")
    table.add_column("what")
    table.add_column("result", justify="right")
    table.add_row(
        f"search index (Pagefind, {len(index.seconds)} runs)",
        f"{statistics.median(index.seconds):.2f} s median ({min(index.seconds):.2f} - {max(index.seconds):.2f})",
    )
    table.add_row("search index size", f"{index.megabytes:.1f} MB, {index.pages} pages")
    for count, seconds in ranking:
        table.add_row(f"related posts for {count} posts (CPU)", f"{seconds:.2f} s")
    (small, a), (large, b) = ranking
    table.caption = f"{large // small}x the posts took {b / a:.1f}x the time to relate"
    return table
