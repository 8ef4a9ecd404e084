"""build_speed.related_ahead: the related posts ranked in a second process, the lists those ranked here."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest
from build_speed import related_ahead
from build_speed.related_ahead import RankedElsewhere
from build_speed.remembered import Remembered
from pelican import signals
from related_posts.ranking import Post, related

from tests.sitebuild import ROOT, copy_content

TAGS = ["interviews", "salary", "resume", "networking", "offers", "remote"]
WORDS = [f"word{n}" for n in range(40)]


def random_posts(seed: int, count: int = 60) -> list[Post]:
    """Posts with random dates, tags and terms, some of them unlisted (drafts), ties included."""
    rng = random.Random(seed)
    return [
        Post(
            key=f"posts/p{n}.md",
            date=float(rng.randrange(50)),
            tags=frozenset(rng.sample(TAGS, rng.randrange(0, 3))),
            terms=tuple((word, rng.randrange(1, 6)) for word in rng.sample(WORDS, 8)),
            listed=rng.random() > 0.1,
        )
        for n in range(count)
    ]


@pytest.fixture
def two_cores(monkeypatch):
    """A machine with a core free for the second process, whatever runs the tests."""
    monkeypatch.setattr(related_ahead, "free_cores", lambda: 2)


@pytest.mark.parametrize("seed", range(4))
def test_ranked_in_a_second_process_the_lists_are_the_ones_ranked_here(two_cores, seed):
    posts, options = random_posts(seed), {"most": 4, "minimum": 2, "window": 10}
    answer = RankedElsewhere(related, None, min_posts=1)(posts, **options)
    assert callable(answer) and len(related_ahead.running) == 1  # under way while the build goes on
    assert answer() == related(posts, **options)
    assert not related_ahead.running


def test_too_few_posts_or_no_free_core_and_they_are_ranked_here(monkeypatch):
    posts = random_posts(1)
    monkeypatch.setattr(related_ahead, "free_cores", lambda: 2)
    assert RankedElsewhere(related, None, min_posts=len(posts) + 1)(posts) == related(posts)
    assert RankedElsewhere(related, None, min_posts=None)(posts) == related(posts)
    monkeypatch.setattr(related_ahead, "free_cores", lambda: 1)
    assert RankedElsewhere(related, None, min_posts=1)(posts) == related(posts)
    assert not related_ahead.running


def test_when_the_second_process_fails_the_posts_are_ranked_here(two_cores, caplog):
    caplog.set_level(logging.INFO, logger="build_speed")
    posts = random_posts(2)
    answer = RankedElsewhere(related, None, min_posts=1)(posts)
    related_ahead.running[0].process.kill()
    assert answer() == related(posts)
    assert "the related posts' second process failed" in caplog.text


def test_the_memo_answers_first_and_keeps_what_the_second_process_ranked(two_cores, tmp_path):
    posts, calls = random_posts(3), []

    def counted(posts, **options):  # only ever called here: the memo's own call counts
        calls.append(len(posts))
        return related(posts, **options)

    memo = Remembered(counted, tmp_path / "related.pickle", code="v1")
    lists = RankedElsewhere(related, memo, min_posts=1)(posts)()
    again = RankedElsewhere(related, memo, min_posts=1)(list(posts))
    assert again == lists and not callable(again) and not related_ahead.running  # no second process this time
    assert memo(posts) == lists and calls == []  # what the second process ranked is what the memo keeps


def test_a_build_stopped_half_way_leaves_no_ranking_running(two_cores, tmp_path):
    from tools import Stop
    from tools.site.build import run_build

    content = copy_content(tmp_path)
    started = []

    def boom(generator):
        started.extend(related_ahead.running)
        raise RuntimeError("a plugin fails once the articles are read")

    signals.article_generator_finalized.connect(boom)
    try:
        with pytest.raises(Stop, match="The build stopped"):
            run_build(str(ROOT / "pelicanconf.py"), str(tmp_path / "out"), PATH=str(content),
                      BUILD_SPEED_RELATED_MIN_POSTS=1, CACHE_PATH=str(tmp_path / "cache"))  # fmt: skip
    finally:
        signals.article_generator_finalized.disconnect(boom)
    assert started and not related_ahead.running
    assert all(job.process.poll() is not None for job in started)  # stopped, and its files removed
    assert not any(Path(path).exists() for job in started for path in (job.input, job.output))
