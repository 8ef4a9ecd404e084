"""A large comment store is read and rendered in a second process (build_speed): the same result, or a fallback."""

import logging
import os
import pickle
import stat
import sys

import pytest
from build_speed import comments_ahead, offload, processes
from build_speed.comments_ahead import worth_a_second_process
from build_speed.offload import Offload, OffloadFailed
from comments.prepare import Job, prepare_comments
from comments.store import StoreError

from tests.sitebuild import build_site
from tests.test_comments_build import ARTICLE, make_content


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    """The comments build's content, with one broken comment file for an error to travel back."""
    tmp = tmp_path_factory.mktemp("parallel")
    content = make_content(tmp)
    (content / "comments" / "quiet-post").mkdir()
    (content / "comments" / "quiet-post" / "broken.md").write_text("Id: broken\n\nno header fields\n")
    return content


def job_for(content, **changes) -> Job:
    return Job(
        **{"store": content / "comments", "cache_folder": None, "load_cache": False, "show_pingbacks": False, **changes}
    )


def shows_the_approved_comment(site) -> bool:
    return b'id="comment-nf-5f3a1b2c9d0e"' in (site / ARTICLE / "index.html").read_bytes()


def in_second_process(job) -> Offload:
    return Offload(prepare_comments, job)


def test_the_second_process_prepares_exactly_what_the_build_would(content):
    here = prepare_comments(job_for(content))
    there = in_second_process(job_for(content)).result()
    assert (there.threads, there.approved) == (here.threads, here.approved)
    assert sum(there.approved.values()) == 15 and len(there.threads) == 2
    assert [str(e) for e in there.errors] == [str(e) for e in here.errors] and "broken.md" in str(there.errors[0])


def test_a_build_prepared_in_a_second_process_is_byte_for_byte_the_same(content, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    here = build_site(
        tmp_path / "here", PATH=str(content), COMMENTS_FORMSPREE_ID="x", BUILD_SPEED_COMMENTS_MIN_FILES=None
    )
    assert not any("second process" in r.getMessage() for r in caplog.records)
    monkeypatch.setattr(comments_ahead, "free_cores", lambda: 2)  # as on the standard 2-core machine
    there = build_site(
        tmp_path / "there", PATH=str(content), COMMENTS_FORMSPREE_ID="x", BUILD_SPEED_COMMENTS_MIN_FILES=1
    )
    assert any("in a second process" in r.getMessage() for r in caplog.records)
    files = sorted(p.relative_to(here) for p in here.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(there) for p in there.rglob("*") if p.is_file())
    assert all((here / f).read_bytes() == (there / f).read_bytes() for f in files)
    assert shows_the_approved_comment(there)


def test_when_the_second_process_fails_the_build_prepares_the_comments_itself(content, tmp_path, monkeypatch, caplog):
    # The child cannot import the plugins: no import root leads to them.
    monkeypatch.setattr(processes, "PLUGINS_ROOT", str(tmp_path))
    monkeypatch.setattr(offload, "import_root", lambda *_: str(tmp_path))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    with pytest.raises(OffloadFailed, match="No module named"):
        in_second_process(job_for(content)).result()
    monkeypatch.setattr(comments_ahead, "free_cores", lambda: 2)
    caplog.set_level(logging.INFO, logger="build_speed")
    site = build_site(tmp_path / "out", PATH=str(content), COMMENTS_FORMSPREE_ID="x", BUILD_SPEED_COMMENTS_MIN_FILES=1)
    assert any("the comments' second process failed" in r.getMessage() for r in caplog.records)
    assert shows_the_approved_comment(site)


@pytest.mark.parametrize(
    ("files", "min_files", "cores", "worth"),
    [(5, 5, 2, True), (4, 5, 2, False), (5, 5, 1, False), (5, None, 8, False), (0, 0, 2, True)],
)
def test_a_second_process_only_for_a_large_store_and_a_free_core(tmp_path, files, min_files, cores, worth):
    for n in range(files):
        (tmp_path / "post" / f"c{n}.md").parent.mkdir(exist_ok=True)
        (tmp_path / "post" / f"c{n}.md").write_text("x")
    assert worth_a_second_process(tmp_path, min_files, cores) is worth


def test_no_second_process_for_a_missing_store(tmp_path):
    assert worth_a_second_process(tmp_path / "nowhere", 1, 2) is False


def test_a_job_and_a_store_error_survive_the_trip(tmp_path):
    job = Job(tmp_path / "store", tmp_path / "cache", True, False)
    assert pickle.loads(pickle.dumps(job)) == job
    error = pickle.loads(pickle.dumps(StoreError("a/b.md", 3, "bad date")))
    assert (error.path, error.line, error.message, str(error)) == ("a/b.md", 3, "bad date", "a/b.md:3: bad date")


def test_the_worker_runs_on_this_python_and_can_be_stopped(content):
    background = in_second_process(job_for(content))
    assert background.process.args[0] == sys.executable
    background.cancel()
    assert background.process.returncode is not None
    assert not os.path.exists(background.output) and not os.path.exists(background.input)


def test_the_result_file_is_private_and_removed_once_read(content):
    background = in_second_process(job_for(content))
    assert stat.S_IMODE(os.stat(background.output).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(background.input).st_mode) == 0o600
    assert sum(background.result().approved.values()) == 15
    assert not os.path.exists(background.output) and not os.path.exists(background.input)


def test_without_a_python_to_start_the_build_prepares_the_comments_itself(content, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(processes.sys, "executable", str(tmp_path / "no-such-python"))
    monkeypatch.setattr(comments_ahead, "free_cores", lambda: 2)
    caplog.set_level(logging.INFO, logger="build_speed")
    site = build_site(tmp_path / "out", PATH=str(content), COMMENTS_FORMSPREE_ID="x", BUILD_SPEED_COMMENTS_MIN_FILES=1)
    assert any("no second process for the comments" in r.getMessage() for r in caplog.records)
    assert shows_the_approved_comment(site)


def its_niceness(_argument) -> int:
    return os.nice(0)


def test_the_comments_helper_gives_way_to_the_read_ahead_on_the_core_they_share():
    from build_speed.read_ahead import worker

    assert comments_ahead.NICENESS > worker.NICENESS
    expected = min(19, os.nice(0) + comments_ahead.NICENESS)
    assert Offload(its_niceness, None, niceness=comments_ahead.NICENESS).result() == expected
    assert Offload(its_niceness, None).result() == os.nice(0)


def test_only_a_build_reading_every_post_anew_lowers_the_comments_helpers_priority(tmp_path, content, monkeypatch):
    cache = tmp_path / "cache"
    cold = {"LOAD_CONTENT_CACHE": False, "CACHE_PATH": str(cache)}
    warm = {"LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
    assert comments_ahead.reads_every_post(cold) and comments_ahead.reads_every_post(warm)  # no cache yet
    monkeypatch.setattr(comments_ahead, "free_cores", lambda: 2)
    started = []
    monkeypatch.setattr(comments_ahead, "Offload", lambda *args, **options: started.append(options) or Offload(*args))
    build_site(tmp_path / "first", PATH=str(content), COMMENTS_FORMSPREE_ID="x", BUILD_SPEED_COMMENTS_MIN_FILES=1,
               CACHE_CONTENT=True, **warm)  # fmt: skip
    assert (cache / "ArticlesGenerator").is_file() and not comments_ahead.reads_every_post(warm)
    build_site(tmp_path / "again", PATH=str(content), COMMENTS_FORMSPREE_ID="x", BUILD_SPEED_COMMENTS_MIN_FILES=1,
               CACHE_CONTENT=True, **warm)  # fmt: skip
    assert [options["niceness"] for options in started] == [comments_ahead.NICENESS, 0]


def test_a_build_in_a_new_process_takes_the_comments_the_last_one_prepared_while_their_files_stay(
    content, tmp_path, monkeypatch, caplog
):
    """`invoke build` after `invoke build`: the comments from the cache folder, not waited for from a second process."""
    import shutil
    import tempfile
    import time

    content = shutil.copytree(content, tmp_path / "content")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # where the second process's files go
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(comments_ahead, "free_cores", lambda: 2)
    caplog.set_level(logging.DEBUG, logger="build_speed")
    cache = tmp_path / "cache"
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
    memo = cache / comments_ahead.MEMO

    def build(name, **settings):
        caplog.clear()
        site = build_site(tmp_path / name, PATH=str(content), COMMENTS_FORMSPREE_ID="x", **settings)
        taken = any("as the last build prepared them" in r.getMessage() for r in caplog.records)
        return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}, taken

    def cold():
        return build("cold", BUILD_SPEED_COMMENTS_MIN_FILES=None, **changed)[0]

    def long_ago():  # files changed while a build reads them are not kept: these were written an hour ago
        hour_ago = time.time() - 3600
        for path in [content / "comments", *(content / "comments").rglob("*")]:
            os.utime(path, (hour_ago, hour_ago))

    changed = {}
    long_ago()
    site, taken = build("kept", BUILD_SPEED_COMMENTS_MIN_FILES=1, **cached)
    assert not taken and memo.is_file() and memo.read_bytes().startswith(comments_ahead.MEMO_FORMAT)
    steps = (
        "nothing changed",
        "a comment approved",
        "the settings changed",
        "the kept file damaged",
        "kept again",
        "another pickle",
        "kept once more",
    )
    for step in steps:
        if step == "a comment approved":
            pending = next(content.joinpath("comments").rglob("h-0e9f6d7b1c2a3b4c.md"))
            pending.write_text(pending.read_text().replace("Status: pending", "Status: approved"))
            long_ago()
        if step == "the settings changed":
            changed["COMMENTS_MAX_DEPTH"] = 2
        if step == "the kept file damaged":
            header = memo.read_bytes().split(b"\n", 1)[0]
            memo.write_bytes(header + b"\nnot a pickle")
        if step == "another pickle":  # a file of the right name and header holding something else stops nothing
            header = memo.read_bytes().split(b"\n", 1)[0]
            memo.write_bytes(header + b"\n" + pickle.dumps({"not": "comments"}))
        expected = cold()
        if step in ("a comment approved", "the settings changed"):
            assert expected != site, step  # the step shows
        site, taken = build("kept", BUILD_SPEED_COMMENTS_MIN_FILES=1, **cached, **changed)
        assert site == expected, step
        assert taken == (step in ("nothing changed", "kept again", "kept once more")), step  # else prepared, kept
        assert list((tmp_path / "tmp").iterdir()) == [], step  # no second process's file left


def test_comments_prepared_while_a_file_of_the_store_changed_are_not_kept(content, tmp_path, monkeypatch):
    """An outside tester's race: a comment approved while the second process read the store, before `find` listed it:
    the file kept said "the store as it is now" and held the comments as they were."""
    import shutil
    import time

    from build_speed.comments_ahead import OnDisk, StoreScan

    store = shutil.copytree(content / "comments", tmp_path / "comments")
    job = job_for(tmp_path, cache_folder=tmp_path, load_cache=True)
    hour_ago = time.time() - 3600
    for path in [store, *store.rglob("*")]:
        os.utime(path, (hour_ago, hour_ago))
    pickled = tmp_path / "result.pickle"
    pickled.write_bytes(pickle.dumps("the comments as read"))

    def kept(change=None):
        memo = OnDisk(tmp_path / "memo", job, StoreScan(job), lambda: "code")
        memo.scan.digest()  # listed as the build starts
        if change:
            change()
        (tmp_path / "memo").unlink(missing_ok=True)
        memo.keep(str(pickled))
        return (tmp_path / "memo").is_file()

    assert kept()
    comment = next(store.rglob("*.md"))
    assert not kept(lambda: comment.write_text(comment.read_text() + "\n"))  # changed after the listing
    assert not kept()  # listed again: the same, but changed a moment ago, maybe while it was read
    os.utime(comment, (hour_ago, hour_ago))
    assert kept()
    as_folder = StoreScan(job).digest()
    store.rename(tmp_path / "real")  # the store replaced by a link to it, which the store's reading refuses
    store.symlink_to(tmp_path / "real", target_is_directory=True)
    assert StoreScan(job).digest() != as_folder


@pytest.mark.parametrize("with_find", [True, False], ids=["listed by find", "listed here"])
def test_a_store_file_named_with_a_line_break_is_listed_and_its_time_read(tmp_path, monkeypatch, with_find):
    """The review's: the newest time was read from find's lines, which such a name splits: the build crashed."""
    import shutil as shell

    from build_speed.comments_ahead import StoreScan

    if not with_find:
        monkeypatch.setattr(shell, "which", lambda _name: None)
    odd = tmp_path / "comments" / "post" / "a\n1700000000.5\nb.md"
    odd.parent.mkdir(parents=True)
    odd.write_text("x")
    os.utime(odd, (1_600_000_000, 1_600_000_000))
    os.utime(odd.parent, (1_500_000_000, 1_500_000_000))
    os.utime(odd.parent.parent, (1_400_000_000, 1_400_000_000))
    scan = StoreScan(job_for(tmp_path))
    assert scan.digest().startswith("find " if with_find else "here ")
    assert int(scan.newest) == 1_600_000_000


def test_the_kept_comments_hold_only_for_the_same_job_store_and_code(content, tmp_path):
    """The reading key stands for the code that prepares them (the plugins', the libraries') and the settings."""
    from build_speed.comments_ahead import OnDisk, StoreScan

    job = job_for(content, cache_folder=tmp_path, load_cache=True)

    def header(job=job, key="code one"):
        return OnDisk(tmp_path / "memo", job, StoreScan(job), lambda: key).header()

    before = header()
    assert header() == before
    assert len({before, header(key="code two"), header(job=job_for(content, load_cache=True, max_depth=2))}) == 3
    broken = content / "comments" / "quiet-post" / "broken.md"
    stamp = broken.stat().st_mtime_ns
    os.utime(broken, ns=(stamp + 10**9, stamp + 10**9))
    try:
        assert header() != before  # a file of the store changed
    finally:
        os.utime(broken, ns=(stamp, stamp))
