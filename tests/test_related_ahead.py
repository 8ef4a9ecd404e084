"""build_speed.related_ahead: the related posts ranked in a second process, the lists those ranked here."""

from __future__ import annotations

import logging
import pickle
import random
from pathlib import Path

import pytest
from build_speed import related_ahead
from build_speed.related_ahead import RankedElsewhere
from build_speed.remembered import Remembered
from pelican import signals
from related_posts.ranking import Post, related

from tests.sitebuild import ROOT, connected, copy_content

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

    with connected(signals.article_generator_finalized, boom), pytest.raises(Stop, match="The build stopped"):
        run_build(str(ROOT / "pelicanconf.py"), str(tmp_path / "out"), PATH=str(content),
                  BUILD_SPEED_RELATED_MIN_POSTS=1, CACHE_PATH=str(tmp_path / "cache"))  # fmt: skip
    assert started and not related_ahead.running
    assert all(job.process.poll() is not None for job in started)  # stopped, and its files removed
    assert not any(Path(path).exists() for job in started for path in (job.input, job.output))


@pytest.fixture
def warm_process(monkeypatch, two_cores):
    """This test process builds again and again, as livereload's warm process does."""
    kept = related_ahead.StandbyKept()
    monkeypatch.setattr(related_ahead, "standby", kept)
    kept.remember()
    kept.module = related.__module__
    yield kept
    if kept.process is not None:
        kept.process.stop()


def test_between_builds_the_next_rankings_process_is_started_ahead_and_used(warm_process):
    warm_process.ready()
    ahead = warm_process.process.process
    warm_process.ready()  # one is waiting already: no second one
    assert warm_process.process.process is ahead
    posts = random_posts(5)
    answer = RankedElsewhere(related, None, min_posts=1)(posts, most=3)
    assert related_ahead.running[0].process is ahead and warm_process.process is None
    assert answer() == related(posts, most=3)
    assert ahead.returncode == 0


def test_a_process_started_ahead_that_ended_is_replaced_by_a_new_one(warm_process):
    warm_process.ready()
    ended = warm_process.process.process
    ended.kill()
    ended.wait()
    posts = random_posts(6)
    answer = RankedElsewhere(related, None, min_posts=1)(posts)
    assert related_ahead.running[0].process is not ended
    assert answer() == related(posts)
    warm_process.ready()  # and between builds, a new one is started ahead
    assert warm_process.process.process.poll() is None


def test_a_process_started_ahead_and_never_used_ends_with_its_input(warm_process):
    from build_speed.offload import Standby

    waiting = Standby(related.__module__)
    waiting.stop()
    assert waiting.process.returncode == 0
    other = Standby(related.__module__)
    other.roots = ("/elsewhere",)  # started for another import path: not given the job, and stopped
    posts = random_posts(7)
    assert RankedElsewhere(related, None, min_posts=1)(posts)() == related(posts)
    warm_process.process = other
    answer = RankedElsewhere(related, None, min_posts=1)(posts)
    assert related_ahead.running[0].process is not other.process and other.process.returncode == 0
    assert answer() == related(posts)


def test_a_single_build_starts_nothing_ahead(monkeypatch, two_cores):
    kept = related_ahead.StandbyKept()
    kept.module = related.__module__
    kept.ready()
    assert kept.process is None


def test_a_site_too_small_for_a_second_process_gets_none_started_ahead(warm_process):
    posts = random_posts(8, count=20)
    warm_process.ready()
    assert RankedElsewhere(related, None, min_posts=50)(posts) == related(posts)
    assert warm_process.module is None
    started = warm_process.process.process
    warm_process.ready()  # the one started ahead for a bigger site is stopped, and no other started
    assert warm_process.process is None and started.returncode == 0


def test_a_job_that_cannot_be_handed_over_stops_the_process_started_ahead(warm_process, monkeypatch):
    from build_speed import offload

    posts = random_posts(9)
    for failure in (OSError(28, "No space left on device"), pickle.PicklingError("refused")):
        warm_process.ready()
        waiting = warm_process.process.process

        def failing_dump(*_args, failure=failure, **_kwargs):
            raise failure

        with monkeypatch.context() as patched:
            patched.setattr(offload.pickle, "dump", failing_dump)
            answer = RankedElsewhere(related, None, min_posts=1)(posts)
        assert answer == related(posts)  # ranked here
        assert waiting.poll() is not None and not related_ahead.running  # stopped, not left waiting


def test_a_build_interrupted_leaves_no_ranking_and_no_file_behind(two_cores, tmp_path, monkeypatch):
    import tempfile

    from tools.site.build import run_build

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    content = copy_content(tmp_path)
    started = []

    def interrupt(generator):
        started.extend(related_ahead.running)
        raise KeyboardInterrupt

    with connected(signals.article_generator_finalized, interrupt), pytest.raises(KeyboardInterrupt):
        run_build(str(ROOT / "pelicanconf.py"), str(tmp_path / "out"), PATH=str(content),
                  BUILD_SPEED_RELATED_MIN_POSTS=1, CACHE_PATH=str(tmp_path / "cache"))  # fmt: skip
    assert started and not related_ahead.running
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_second_process_whose_build_is_gone_removes_its_files(tmp_path, monkeypatch):
    from build_speed import offload_worker

    job, output = tmp_path / "in.pickle", tmp_path / "out.pickle"
    job.write_bytes(pickle.dumps((random_posts(10), {})))
    output.touch()
    parents = iter([4242, 1])  # the build when the job starts; gone (adopted by init) when it is done
    monkeypatch.setattr(offload_worker.os, "getppid", lambda: next(parents))
    offload_worker.main(f"{related.__module__}:related", str(job), str(output))
    assert not job.exists() and not output.exists()


@pytest.mark.parametrize("min_posts", [1, None], ids=["in a second process", "here"])
def test_other_plugins_see_the_related_posts_once_every_generator_is_done(tmp_path, two_cores, min_posts):
    from tests.sitebuild import build_site

    """The same moment whoever ranked them: never before every generator is done, always before anything is written."""
    seen = {}

    def counting(when):
        def count(sender):
            articles = [
                a for g in (sender if isinstance(sender, list) else [sender]) for a in getattr(g, "articles", [])
            ]
            seen[when] = (sum(1 for a in articles if hasattr(a, "related_posts")), len(articles))

        return count

    receivers = {
        signals.article_generator_finalized: counting("articles generator done"),
        signals.all_generators_finalized: counting("every generator done"),
    }

    def connect_after_the_plugins(_pelican):  # plugins are registered by then: these receivers come after them
        for signal, receiver in receivers.items():
            signal.connect(receiver)

    signals.initialized.connect(connect_after_the_plugins)
    try:
        build_site(tmp_path / "out", BUILD_SPEED_RELATED_MIN_POSTS=min_posts)
    finally:
        signals.initialized.disconnect(connect_after_the_plugins)
        for signal, receiver in receivers.items():
            signal.disconnect(receiver)
    total = seen["every generator done"][1]
    assert total > 0 and seen == {"articles generator done": (0, total), "every generator done": (total, total)}


def test_a_build_that_ranks_no_longer_in_a_second_process_stops_the_one_waiting(warm_process):
    warm_process.ready()
    waiting = warm_process.process.process
    related_ahead.install({"CACHE_PATH": "cache"}, on=False, min_posts=None)  # e.g. BUILD_SPEED = False now
    warm_process.ready()
    assert warm_process.process is None and waiting.poll() is not None


def test_in_a_warm_process_equal_posts_get_the_last_lists_from_memory(tmp_path, monkeypatch):
    from build_speed import remembered
    from build_speed.remembered import LastCall

    monkeypatch.setattr(remembered, "last_call", LastCall())
    remembered.last_call.remember()
    calls = []

    def counted(posts, **options):
        calls.append(len(posts))
        return related(posts, **options)

    path = tmp_path / "related.pickle"
    posts = random_posts(11)
    lists = Remembered(counted, path, code="v1")(posts, most=3)
    path.unlink()  # from memory from now on: no digest, nothing read back
    again = [
        Post(p.key, p.date, frozenset(sorted(p.tags)), tuple(p.terms), p.listed) for p in posts
    ]  # equal, not the same
    posts.append(posts[0])  # the caller changing its own list afterwards changes nothing kept
    assert Remembered(counted, path, code="v1")(again, most=3) is lists and calls == [60]
    assert Remembered(counted, path, code="v2")(again, most=3) == lists and calls == [60, 60]  # other code
    changed = [*again[:-1], Post(again[-1].key, again[-1].date, again[-1].tags, (("word0", 9),), again[-1].listed)]
    assert Remembered(counted, path, code="v2")(changed, most=3) == related(changed, most=3) and calls[-1] == 60
    assert Remembered(counted, path, code="v2")(changed, most=4) == related(changed, most=4) and len(calls) == 4


def test_a_single_build_keeps_nothing_in_memory(tmp_path):
    from build_speed.remembered import LastCall

    single = LastCall()
    single.put(tmp_path / "memo", "code", (random_posts(12),), {}, {"a": []})
    assert single.get(tmp_path / "memo", "code", (random_posts(12),), {}) is None


def test_in_a_warm_process_other_posts_skip_the_file_and_it_is_written_between_builds(tmp_path, monkeypatch):
    from build_speed import remembered
    from build_speed.remembered import LastCall

    monkeypatch.setattr(remembered, "last_call", LastCall())
    remembered.last_call.remember()
    path = tmp_path / "related.pickle"
    first, edited = random_posts(13), random_posts(14)
    Remembered(related, path, code="v1")(first)  # the process's first ranking: through the file, written now
    written = path.read_bytes()
    lists = Remembered(related, path, code="v1")(edited)
    assert lists == related(edited) and path.read_bytes() == written  # not read, not written yet
    remembered.last_call.write_pending()  # between builds
    monkeypatch.setattr(remembered, "last_call", LastCall())  # a new process, e.g. `invoke build`
    calls = []
    assert Remembered(lambda *a, **k: calls.append(1), path, code="v1")(edited) == lists and calls == []


def test_each_memo_file_has_its_own_last_call(tmp_path, monkeypatch):
    from build_speed import remembered
    from build_speed.remembered import LastCall

    monkeypatch.setattr(remembered, "last_call", LastCall())
    remembered.last_call.remember()
    posts = random_posts(15)
    ranked = Remembered(related, tmp_path / "one.pickle", code="v1")(posts)
    other = Remembered(lambda posts, **options: {"another": []}, tmp_path / "two.pickle", code="v1")(posts)
    assert other == {"another": []} and Remembered(related, tmp_path / "one.pickle", code="v1")(posts) is ranked
