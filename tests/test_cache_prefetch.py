"""The warm process reads the content cache ahead of its next build: taken only while the file is the one read."""

from __future__ import annotations

import gzip
import logging
import os
import pickle

import pelican.cache
import pelican.generators
import pytest
from build_speed import between_builds, cache_prefetch, collector
from build_speed.cache_prefetch import CachePrefetch
from build_speed.collector import Collector

from tests.test_incremental import Site, approve_pending_comment


@pytest.fixture
def warm_process(monkeypatch):
    """This test process builds as livereload's warm process does (its prefetch on), and is itself again after."""
    monkeypatch.setattr(cache_prefetch, "prefetch", CachePrefetch())
    monkeypatch.setattr(pelican.cache, "pickle", pickle)
    cache_prefetch.prefetch.remember()
    taken = []
    take = cache_prefetch.prefetch.take

    def noting_what_is_taken(path):
        found = take(path)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(cache_prefetch.prefetch, "take", noting_what_is_taken)
    monkeypatch.setattr(collector, "collector", Collector())  # garbage collected between builds, the rest frozen
    collector.collector.remember()
    yield taken
    collector.collector.forget()


def generator_caching_in(folder):
    """A stand-in for Pelican's articles generator, keeping its cache in `folder`."""

    class ArticlesGenerator(pelican.generators.ArticlesGenerator):  # its cache file is named after its class
        def __init__(self):
            self.settings = {
                "CONTENT_CACHING_LAYER": "generator", "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(folder),
            }  # fmt: skip

    return ArticlesGenerator


def test_a_cache_opened_with_gzip_is_never_given_the_plain_one_read_ahead(tmp_path):
    prefetch = CachePrefetch()
    prefetch.on = True
    cache = tmp_path / "ArticlesGenerator"
    cache.write_bytes(pickle.dumps({"post.md": ("stamp", "the post")}))
    prefetch.note(generator_caching_in(tmp_path)())
    prefetch.read_ahead()
    stand_in = cache_prefetch.PickleWithPrefetched(prefetch)
    with gzip.open(cache, "rb") as opened, pytest.raises(OSError):  # as Pelican meets it (then starts empty)
        stand_in.load(opened)
    with open(cache, "rb") as opened:
        assert stand_in.load(opened) == {"post.md": ("stamp", "the post")}


def test_a_cache_read_ahead_is_given_once_and_only_while_its_file_is_the_same(tmp_path):
    prefetch = CachePrefetch()
    cache = tmp_path / "ArticlesGenerator"
    cache.write_bytes(pickle.dumps({"post.md": ("stamp", "the post")}))

    ArticlesGenerator = generator_caching_in(tmp_path)
    prefetch.note(ArticlesGenerator())
    prefetch.read_ahead()
    assert prefetch.take(str(cache)) is None  # not on: a process that builds once reads nothing ahead
    prefetch.on = True
    prefetch.note(ArticlesGenerator())
    prefetch.read_ahead()
    assert prefetch.take(str(cache)) == {"post.md": ("stamp", "the post")}
    assert prefetch.take(str(cache)) is None  # each build gets objects of its own
    prefetch.note(ArticlesGenerator())
    prefetch.read_ahead()
    cache.write_bytes(pickle.dumps({"post.md": ("stamp", "written since")}))  # by another build
    assert prefetch.take(str(cache)) is None
    prefetch.note(ArticlesGenerator())
    cache.write_bytes(b"not a pickle")
    prefetch.read_ahead()  # said in the log, and the build meets it as Pelican would
    assert prefetch.take(str(cache)) is None
    prefetch.note(ArticlesGenerator())
    os.unlink(cache)
    prefetch.read_ahead()
    assert prefetch.take(str(cache)) is None


def test_builds_taking_the_cache_read_ahead_are_byte_for_byte_a_cold_builds(tmp_path, caplog, warm_process):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path)
    site.incremental(caplog)
    between_builds()
    site.edit("post-00004.md", "\n\n", "\n\nA new first paragraph.\n\n")
    site.check(caplog, "a body edit, the cache read ahead")
    assert warm_process[-2:] == [True, True]  # the articles' and the pages' caches
    between_builds()
    approve_pending_comment(site.content, "post-00005")
    site.write("new.md", "Title: Brand New\nDate: 2016-03-01\nAuthor: Chris\nTags: topic 01\n\nFresh.\n")
    _, rendered, _ = site.check(caplog, "a post added and a comment approved, the cache read ahead")
    assert warm_process[-2:] == [True, True] and rendered > 0
    between_builds()
    (tmp_path / "cache" / "ArticlesGenerator").write_bytes(pickle.dumps({}))  # changed since it was read ahead
    site.check(caplog, "the cache written since it was read ahead")
    assert warm_process[-2] is False
