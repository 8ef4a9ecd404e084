"""The comment store as last read, kept between development builds: only changed files are read again."""

import json
import os
import shutil
from dataclasses import replace

import pytest
from comments import store as storing
from comments.store import format_comment, load_store, save_comment
from comments.store_cache import FILE_NAME, FORMAT, StoreCache

from tests.test_comment_store import COMMENT


@pytest.fixture
def store(tmp_path):
    """A store with three comments, a file with a mistake, and a misnamed file."""
    store = tmp_path / "store"
    for n in range(3):
        save_comment(store, replace(COMMENT, id=f"nf-{n}", status="approved", reasons=("a", "b")))
    (store / "a-post").mkdir()  # a subfolder, as earlier versions made: read too
    (store / "a-post" / "broken.md").write_text("Id: broken\n\nno header fields\n")
    (store / "a-post" / "misnamed.md").write_text(format_comment(replace(COMMENT, id="nf-9")))
    return store


@pytest.fixture
def reads(monkeypatch):
    """The files read from disk (not from the cache) since the fixture started."""
    read = []
    original = storing.read_comment_file

    def counting(path):
        read.append(os.path.basename(path))
        return original(path)

    monkeypatch.setattr(storing, "read_comment_file", counting)
    return read


def cached_load(store, cache_folder, load=True):
    cache = StoreCache(cache_folder, load)
    loaded = load_store(store, cache)
    cache.save()
    return loaded


def as_text(loaded):
    comments, errors = loaded
    return comments, [str(e) for e in errors]


def test_a_second_load_reads_no_file_and_gives_the_same_comments_and_errors(store, tmp_path, reads):
    first = cached_load(store, tmp_path / "cache")
    assert len(reads) == 5
    second = cached_load(store, tmp_path / "cache")
    assert len(reads) == 5  # nothing read again
    assert as_text(second) == as_text(first) == as_text(load_store(store))
    assert len(second[0]) == 3 and len(second[1]) == 2


def test_a_changed_a_new_and_a_removed_file_are_seen(store, tmp_path, reads):
    cached_load(store, tmp_path / "cache")
    reads.clear()
    changed = store / "nf-1.md"
    changed.write_text(changed.read_text().replace("Status: approved", "Status: spam"))
    os.utime(changed, ns=(1, 1))  # a different stamp, however coarse the file system's clock
    save_comment(store, replace(COMMENT, id="nf-new"))
    (store / "nf-2.md").unlink()
    comments, _errors = cached_load(store, tmp_path / "cache")
    assert sorted(reads) == ["nf-1.md", "nf-new.md"]
    assert comments["nf-1"].status == "spam" and "nf-new" in comments and "nf-2" not in comments
    assert as_text(cached_load(store, tmp_path / "cache")) == as_text(load_store(store))


def test_errors_name_the_store_where_it_is_now(store, tmp_path):
    cached_load(store, tmp_path / "cache")
    moved = shutil.copytree(store, tmp_path / "moved")  # copytree keeps the files' times
    _comments, errors = cached_load(moved, tmp_path / "cache")
    assert all(str(moved) in str(e) for e in errors) and len(errors) == 2


def test_the_cache_is_written_only_when_something_changed(store, tmp_path):
    cached_load(store, tmp_path / "cache")
    kept = tmp_path / "cache" / FILE_NAME
    os.utime(kept, ns=(5, 5))
    cached_load(store, tmp_path / "cache")
    assert kept.stat().st_mtime_ns == 5
    save_comment(store, replace(COMMENT, id="nf-new"))
    cached_load(store, tmp_path / "cache")
    assert kept.stat().st_mtime_ns != 5


@pytest.mark.parametrize(
    "damage",
    ["not json", json.dumps({"format": 0, "files": {}}), json.dumps({"format": FORMAT, "files": {"nf-0.md": 3}})],
)
def test_a_damaged_or_older_cache_is_no_cache(store, tmp_path, reads, damage):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / FILE_NAME).write_text(damage)
    assert as_text(cached_load(store, tmp_path / "cache")) == as_text(load_store(store))


def test_a_cache_entry_that_does_not_fit_the_model_is_read_again(store, tmp_path, reads):
    cached_load(store, tmp_path / "cache")
    kept = tmp_path / "cache" / FILE_NAME
    stored = json.loads(kept.read_text())
    stored["files"]["nf-0.md"][1] = {"comment": {"no such field": 1}}
    kept.write_text(json.dumps(stored))
    reads.clear()
    loaded = cached_load(store, tmp_path / "cache")
    assert reads == ["nf-0.md"]
    assert as_text(loaded) == as_text(load_store(store))


def test_without_loading_everything_is_read_and_kept_for_next_time(store, tmp_path, reads):
    cached_load(store, tmp_path / "cache")
    reads.clear()
    cached_load(store, tmp_path / "cache", load=False)
    assert len(reads) == 5


def test_the_caches_hold_for_the_code_that_made_them(store, tmp_path, reads, monkeypatch):
    """An outside tester's: a fix to how comments are cleaned (text.py) reached only comments read anew; the store
    read back and the HTML rendered were keyed by the files' stamps and three renderers' times alone."""
    from comments import code, render_cache, store_cache
    from comments.render_cache import RenderCache

    cached_load(store, tmp_path / "cache")
    html = RenderCache(renderer=lambda text, fmt: f"<p>{text}</p>")
    html.open(tmp_path / "cache", load=True)
    html("Hello")
    html.save()
    reads.clear()
    for module in (code, store_cache, render_cache):
        monkeypatch.setattr(module, "code_digest", lambda: "another version of the plugin")
    cached_load(store, tmp_path / "cache")
    assert len(reads) == 5  # every file read again
    html = RenderCache(renderer=lambda text, fmt: f"<p>{text}!</p>")
    html.open(tmp_path / "cache", load=True)
    assert html("Hello") == "<p>Hello!</p>"  # rendered again
