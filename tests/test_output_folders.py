"""Output folders made ahead of the writer (build_speed): the same site, no folder left empty, nothing outside."""

import logging
import os
import time

import pytest
from build_speed.folders import FolderMaker, listing_pages
from pelican.settings import read_settings

from benchmarks.synthetic import generate
from tests.sitebuild import ROOT, build_site


@pytest.fixture(scope="module")
def settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


def test_a_listing_has_a_page_per_ten_articles_as_the_writer_paginates_it(settings):
    pages = list(listing_pages(settings, [("tag", "tag/offers/index.html", "tag/offers/", list(range(25)))]))
    assert pages == ["tag/offers/index.html", "tag/offers/page/2/index.html", "tag/offers/page/3/index.html"]


def test_unpaginated_and_switched_off_listings(settings):
    listings = [
        ("archives", "archives/index.html", "archives/", [1, 2]),
        ("tag", "", "", [1]),
        ("tag", "t/i.html", "t/", []),
    ]
    assert list(listing_pages(settings, listings)) == ["archives/index.html", "t/i.html"]


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the folder thread did not get there"
        time.sleep(0.01)


def test_the_maker_removes_only_the_folders_it_made_that_stayed_empty(tmp_path):
    (tmp_path / "was-empty").mkdir()
    maker = FolderMaker(str(tmp_path))
    for save_as in ("a/b/index.html", "a/index.html", "c/index.html", "was-empty/index.html", "index.html"):
        maker.want(save_as)
    wait_for(lambda: (tmp_path / "a" / "b").is_dir() and (tmp_path / "c").is_dir())
    (tmp_path / "a" / "b" / "index.html").write_text("the writer wrote here")
    removed = maker.finish()
    assert [os.path.relpath(p, tmp_path) for p in removed] == ["c"]
    assert (tmp_path / "was-empty").is_dir()  # not made by the maker: kept, empty or not
    assert (tmp_path / "a" / "b" / "index.html").exists()


def test_a_maker_never_asked_for_anything_starts_no_thread(tmp_path):
    maker = FolderMaker(str(tmp_path))
    maker.want("index.html")  # the output folder itself: nothing to make
    assert maker.thread is None and maker.finish() == []


def test_nothing_is_made_outside_the_output(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    maker = FolderMaker(str(output))
    maker.want("../outside/index.html")
    maker.want("/etc/evil/index.html")
    maker.finish()
    assert not (tmp_path / "outside").exists() and list(output.iterdir()) == []


def test_a_site_built_with_folders_made_ahead_is_the_same_and_leaves_none_unused(tmp_path, caplog):
    content = generate(tmp_path / "synthetic", 25, 3)
    caplog.set_level(logging.DEBUG, logger="build_speed")
    ahead = build_site(tmp_path / "ahead", PATH=str(content), COMMENTS_FORMSPREE_ID="x")
    made = [r.getMessage() for r in caplog.records if "made ahead" in r.getMessage()]
    assert len(made) == 1 and made[0].endswith(", 0 unused and removed") and not made[0].startswith("build_speed: 0 ")
    plain = build_site(
        tmp_path / "plain", PATH=str(content), COMMENTS_FORMSPREE_ID="x", BUILD_SPEED_OUTPUT_FOLDERS=False
    )
    files = sorted(p.relative_to(plain) for p in plain.rglob("*"))
    assert files == sorted(p.relative_to(ahead) for p in ahead.rglob("*"))
    assert all((plain / f).read_bytes() == (ahead / f).read_bytes() for f in files if (plain / f).is_file())
    assert not [p for p in ahead.rglob("*") if p.is_dir() and not any(p.iterdir())]
