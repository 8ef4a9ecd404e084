"""build_speed.listings: folder listings kept in the warm process, given back only while the folder is unchanged."""

from __future__ import annotations

import itertools
import os
import shutil
import time
from pathlib import Path

from build_speed import listings as listings_module
from build_speed.listings import Listings, read_folder
from build_speed.site import entries_under
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sitebuild import build_site, copy_content, page

ROOT = Path(__file__).resolve().parents[1]
HOUR_NS = 3600 * 10**9


def keeping(clock_ahead_ns: int = HOUR_NS) -> Listings:
    """Listings as the warm process has them; with its clock ahead, every folder counts as settled."""
    kept = Listings()
    kept.remember()
    kept.new_build(on=True)
    kept.clock = lambda: time.time_ns() + clock_ahead_ns
    return kept


def names_as_before(top: Path, follow: bool) -> list[str]:
    """What site.file_names gave before the listings were kept: every entry's path, sorted."""
    return sorted(entry.path for entry in entries_under(str(top), set(), follow))


stamps = itertools.count(1)


def touched(folder: Path) -> None:
    """A folder's modification time moved on: a change in another clock tick than the last listing."""
    moment = 10**18 + next(stamps) * 10**9
    os.utime(folder, ns=(moment, moment))


OPERATION = st.tuples(
    st.sampled_from(["file", "folder", "remove", "rename", "link to folder", "link to file", "broken link", "loop"]),
    st.sampled_from(["", "a", "a/b", "c"]),
    st.sampled_from(["x", "y.credit", "z z", "é"]),
)


def rename_first(folder: Path, target: Path) -> None:
    first = min(folder.iterdir(), default=None)
    if first is not None and not (first.is_dir() and target.is_relative_to(first)):
        first.rename(target)


def remove(target: Path) -> None:
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)


MAKERS = {
    "file": lambda top, folder, target: target.write_text("credit"),
    "folder": lambda top, folder, target: target.mkdir(),
    "rename": lambda top, folder, target: rename_first(folder, target),
    "link to folder": lambda top, folder, target: target.symlink_to(
        top / "c" if (top / "c").is_dir() else top, target_is_directory=True
    ),
    "link to file": lambda top, folder, target: target.symlink_to(top / "outside.txt"),
    "broken link": lambda top, folder, target: target.symlink_to(top / "nowhere"),
    "loop": lambda top, folder, target: target.symlink_to(folder, target_is_directory=True),
}


def apply(top: Path, operation: tuple) -> None:
    kind, where, name = operation
    folder = top / where
    if not folder.is_dir() or folder.is_symlink():
        remove(folder)
        folder.mkdir(parents=True, exist_ok=True)
        touched(folder.parent)
    target = folder / name
    if kind == "remove":
        remove(target)
    elif target.exists() or target.is_symlink():
        return
    else:
        MAKERS[kind](top, folder, target)
    touched(folder)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATION, min_size=1, max_size=12))
def test_a_kept_listing_walks_and_names_as_a_fresh_one_does_after_any_changes(tmp_path_factory, operations):
    top = tmp_path_factory.mktemp("tree")
    (top / "outside.txt").write_text("not a folder")
    kept = keeping()
    for operation in operations:
        apply(top, operation)
        # Twice: the first listing of a changed folder is fresh, the second comes from what was kept.
        for _ in range(2):
            assert list(kept.walk(str(top))) == list(os.walk(top)), operation
            for follow in (False, True):
                assert kept.file_names(str(top), follow) == names_as_before(top, follow), operation


def test_an_unchanged_settled_folder_is_not_listed_again(tmp_path, monkeypatch):
    for number in range(3):
        (tmp_path / f"post-{number}").mkdir()
        (tmp_path / f"post-{number}" / "comment.yaml").write_text("body")
    listed = []
    monkeypatch.setattr(listings_module, "read_folder", lambda folder: listed.append(folder) or read_folder(folder))
    kept = keeping()
    first = kept.file_names(str(tmp_path), follow=True)
    assert len(listed) == 4
    assert kept.file_names(str(tmp_path), follow=True) == first and len(listed) == 4, "listed again"
    (tmp_path / "post-1" / "reply.yaml").write_text("body")
    touched(tmp_path / "post-1")
    assert kept.file_names(str(tmp_path), follow=True) == sorted([*first, str(tmp_path / "post-1" / "reply.yaml")])
    assert listed[4:] == [str(tmp_path / "post-1")], "only the changed folder is listed again"


def test_a_folder_changed_just_before_its_listing_is_listed_every_time(tmp_path, monkeypatch):
    """A change in the same clock tick as the listing leaves the folder's stamp as it was: not trusted."""
    (tmp_path / "a.credit").write_text("credit")
    listed = []
    monkeypatch.setattr(listings_module, "read_folder", lambda folder: listed.append(folder) or read_folder(folder))
    kept = keeping(clock_ahead_ns=0)  # the real clock: the folder changed a moment ago
    for _ in range(3):
        kept.file_names(str(tmp_path), follow=False)
    assert len(listed) == 3
    kept.clock = lambda: time.time_ns() + int(listings_module.RACY_SECONDS * 1e9) + 10**9
    for _ in range(3):
        kept.file_names(str(tmp_path), follow=False)
    assert len(listed) == 4, "once settled, listed once and kept"


def test_a_folder_holding_a_link_is_listed_every_time(tmp_path):
    """A link can come to lead to a file instead of a folder with no change to the folder holding it."""
    (tmp_path / "holder").mkdir()
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "a.credit").write_text("credit")
    (tmp_path / "holder" / "link").symlink_to(tmp_path / "target", target_is_directory=True)
    kept = keeping()
    for follow in (True, False):
        assert kept.file_names(str(tmp_path), follow=follow) == names_as_before(tmp_path, follow=follow)
    assert list(kept.walk(str(tmp_path))) == list(os.walk(tmp_path))
    stamp = (tmp_path / "holder").stat().st_mtime_ns
    shutil.rmtree(tmp_path / "target")
    (tmp_path / "target").write_text("now a file")
    assert (tmp_path / "holder").stat().st_mtime_ns == stamp
    for follow in (True, False):
        assert kept.file_names(str(tmp_path), follow=follow) == names_as_before(tmp_path, follow=follow)
    assert list(kept.walk(str(tmp_path))) == list(os.walk(tmp_path))


def test_a_caller_pruning_the_walk_changes_nothing_kept(tmp_path):
    """os.walk lets its caller prune the folders it goes down into: a kept listing is not pruned with them."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.credit").write_text("credit")
    kept = keeping()
    for folder, folders, _files in kept.walk(str(tmp_path)):
        if folder == str(tmp_path):
            folders.remove("a")
    assert list(kept.walk(str(tmp_path))) == list(os.walk(tmp_path))


def test_nothing_is_kept_unless_the_process_builds_again_and_again(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    listed = []
    monkeypatch.setattr(listings_module, "read_folder", lambda folder: listed.append(folder) or read_folder(folder))
    for remembering, speed_ups in ((False, True), (True, False)):
        fresh = Listings()
        fresh.clock = lambda: time.time_ns() + HOUR_NS
        if remembering:
            fresh.remember()
        fresh.new_build(on=speed_ups)
        listed.clear()
        for _ in range(2):
            assert list(fresh.walk(str(tmp_path))) == list(os.walk(tmp_path))
        assert len(listed) == 4, (remembering, speed_ups)


def test_listings_no_longer_read_are_forgotten_at_the_next_build(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    kept = keeping()
    kept.file_names(str(tmp_path / "a"), follow=False)
    kept.new_build(on=True)
    kept.file_names(str(tmp_path / "b"), follow=False)
    kept.new_build(on=True)
    assert set(kept._kept) == {str(tmp_path / "b")}


def test_a_credit_added_between_warm_builds_is_shown(tmp_path, monkeypatch):
    """image_credits walks with the kept listings in a warm process: a new credit file is found at once."""
    content = copy_content(tmp_path)
    credit = content / "images" / "striking-out.svg.credit"
    text = credit.read_text(encoding="utf-8")
    credit.unlink()
    kept = listings_module.listings
    for name, value in (("on", True), ("_kept", {}), ("_used", set())):
        monkeypatch.setattr(kept, name, value)
    monkeypatch.setattr(kept, "clock", lambda: time.time_ns() + HOUR_NS)  # every folder counts as settled
    listed = []
    monkeypatch.setattr(listings_module, "read_folder", lambda folder: listed.append(folder) or read_folder(folder))
    cache = {"PATH": str(content), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "c")}
    output = build_site(tmp_path / "warm", **cache)
    assert kept.active and str(content / "authors") in listed
    article = "what-to-do-after-striking-out-in-the-job-market/"
    assert "David Castillo Dominici" not in page(output, article).get_text()
    credit.write_text(text, encoding="utf-8")
    listed.clear()
    output = build_site(tmp_path / "warm", **cache)
    assert str(content / "images") in listed and str(content / "authors") not in listed
    assert "David Castillo Dominici" in page(output, article).select_one("figure").get_text()
