"""build_speed's memo of a content's relative source path: Pelican's own answer for every path, bound only for a build."""

from __future__ import annotations

import os

import pytest
from build_speed import source_paths
from hypothesis import given
from hypothesis import strategies as st
from pelican.contents import Content

from tests.sitebuild import build_site

LIBRARY = Content.get_relative_source_path
parts = st.sampled_from(["posts", "images", "a b", "é", "..", ".", "", "x.md", "2024"])
paths = st.lists(parts, max_size=5).map("/".join)
absolute = paths.map(lambda path: "/" + path)


class Stub:
    """What the method reads of a content: its source path and its settings."""

    def __init__(self, source_path, folder):
        self.source_path = source_path
        self.settings = {"PATH": folder}


@given(
    pairs=st.lists(
        st.tuples(st.one_of(paths, absolute, st.none()), st.one_of(paths, absolute), st.one_of(st.none(), paths)),
        max_size=8,
    )
)
def test_the_memo_gives_pelicans_own_answer_for_every_path(pairs, tmp_path_factory):
    here = os.getcwd()
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    try:
        for folder_of_work in (here, elsewhere, here):  # relative paths answer otherwise from another folder
            os.chdir(folder_of_work)
            for own, folder, asked in pairs + pairs:  # each met twice: the second answer is the memo's
                content = Stub(own, folder or ".")
                theirs = LIBRARY(content, asked)
                assert source_paths.get_relative_source_path(content, asked) == theirs
    finally:
        os.chdir(here)


def test_a_build_binds_the_memo_and_leaves_pelicans_own_method(tmp_path):
    source_paths._known.clear()
    output = build_site(tmp_path / "site")
    assert Content.__dict__["get_relative_source_path"] is LIBRARY
    assert (output / "index.html").is_file()
    assert source_paths._known  # the build's paths went through the memo


def test_another_plugins_method_is_left_as_it_is(monkeypatch):
    def theirs(self, source_path=None):
        return "elsewhere"

    monkeypatch.setattr(Content, "get_relative_source_path", theirs)
    source_paths.bind()
    assert Content.__dict__["get_relative_source_path"] is theirs
    source_paths.unbind()
    assert Content.__dict__["get_relative_source_path"] is theirs


def test_the_memory_starts_afresh_past_its_limit(monkeypatch):
    monkeypatch.setattr(source_paths, "LIMIT", 3)
    source_paths._known.clear()
    for number in range(10):
        content = Stub(f"/site/content/post-{number}.md", "/site/content")
        assert source_paths.get_relative_source_path(content) == f"post-{number}.md"
        assert len(source_paths._known) <= 3


@pytest.mark.parametrize("own", [None, ""])
def test_a_content_with_no_path_or_an_empty_one_answers_as_pelican_does(own):
    content = Stub(own, "/site/content")
    assert source_paths.get_relative_source_path(content) == LIBRARY(content) == (None if own is None else ".")
