"""Typogrify's amp, caps and widont, made faster while a build runs, give the library's text character for character."""

from __future__ import annotations

import html

import pytest
import typogrify
import typogrify.filters
from build_speed import read_ahead, smartypants_shortcuts, typogrify_shortcuts
from build_speed.typogrify_shortcuts import LIBRARY, SHORTCUTS, bind, unbind
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from tests.test_smartypants_shortcuts import built_with_speed_on_and_off, seen_once_read, typogrified, wordpress_posts

# What the three filters' patterns react to, and what sits next to it in real HTML.
PIECES = [
    " ", "  ", "\t", "\n", "\u00a0", "&", "&amp;", "&#38;", "&nbsp;", "&#8217;", "&lt;", "a", "Word", "word", "x",
    "KU", "A", "B", "I", "D.", "O.", "T.", ".", ". ", "2", "42", "٣", "'", "JIMMY'S", "U.S.A.", "A. B.",
    "<p>", "</p>", "<h2>", "</h2>", "<h6 id=\"x\">", "</h6>", "<li>", "</li>", "<dt>", "</dt>", "<dd>", "</dd>",
    "<a href=\"/a&amp;b\">", "</a>", "<em>", "</em>", "<span class=\"caps\">", "</span>", "<strong>", "</strong>",
    "<i>", "</i>", "<b>", "</b>", "<br>", "<abbr>", "</abbr>", "<kbd>", "</kbd>", "<script>", "</script>",
    "<pre>", "</pre>", "<!-- A -- B -->", "<!-- KU -->", "<b ", "<", ">", "/", "</",
]  # fmt: skip
texts = st.one_of(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.text(max_size=80))


@pytest.fixture
def library_afterwards():
    yield
    unbind()
    smartypants_shortcuts.unbind()


@pytest.mark.parametrize("name", sorted(LIBRARY))
@given(text=texts)
def test_each_shortcut_gives_what_the_library_gives(name, text):
    assert SHORTCUTS[name](text) == LIBRARY[name](text)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_markup_goes_to_the_library_and_comes_back_as_it_returns_it(name):
    text = Markup("<p>A message from KU &amp; friends</p>")
    given_back, expected = SHORTCUTS[name](text), LIBRARY[name](text)
    assert given_back == expected and type(given_back) is type(expected)


@given(text=texts)
def test_typogrify_with_the_shortcuts_gives_what_it_gives_without(text):
    expected = typogrify.filters.typogrify(text, ["pre", "code"])
    try:
        assert bind() and smartypants_shortcuts.bind()
        assert typogrify.filters.typogrify(text, ["pre", "code"]) == expected
    finally:
        unbind()
        smartypants_shortcuts.unbind()


def test_typogrify_of_real_posts_is_the_same_with_the_shortcuts(library_afterwards):
    posts = wordpress_posts()
    posts += [html.unescape(post) for post in posts]  # ampersands and quotes as characters, not entities
    posts += [post.upper() for post in posts[:40]]  # capitals everywhere: caps at work
    expected = typogrified(posts)
    assert bind() and smartypants_shortcuts.bind()
    assert typogrified(posts) == expected


def test_widont_stays_the_librarys_on_a_python_whose_possessive_quantifiers_can_match_more():
    assert "widont" not in typogrify_shortcuts.makers(possessive_sound=False)
    assert "widont" in typogrify_shortcuts.makers(possessive_sound=True)


def test_another_typogrify_is_left_alone(monkeypatch, library_afterwards):
    monkeypatch.setattr(typogrify, "__version__", "3.0.0")
    assert not bind()
    assert all(getattr(typogrify.filters, name) is LIBRARY[name] for name in LIBRARY)
    assert typogrify_shortcuts.applies("2.1.0")


def test_a_build_binds_them_while_it_reads_and_the_read_ahead_still_converts_as_the_build(tmp_path):
    seen = seen_once_read(tmp_path, lambda: (typogrify.filters.caps, read_ahead.conversion_untouched()))
    assert seen == [(SHORTCUTS["caps"], True), (LIBRARY["caps"], True)]
    assert all(getattr(typogrify.filters, name) is LIBRARY[name] for name in LIBRARY)


def small_caps_for_all(text):
    """Another plugin's caps: every capital run wrapped, two letters or one."""
    return LIBRARY["caps"](text).replace('<span class="caps">', '<span class="caps sc">')


def test_a_filter_another_plugin_put_in_place_stays_and_the_site_is_the_same(monkeypatch, tmp_path):
    monkeypatch.setattr(typogrify.filters, "caps", small_caps_for_all)  # as that plugin's register() would
    assert bind()
    assert typogrify.filters.caps is small_caps_for_all and typogrify.filters.amp is SHORTCUTS["amp"]
    unbind()
    pages = built_with_speed_on_and_off(
        tmp_path,
        "caps",
        "Ask HR &amp; IT about the NDA today.",
        still=lambda: typogrify.filters.caps is small_caps_for_all,
    )
    assert '<span class="caps sc">NDA</span>' in pages[0] and pages[0] == pages[1]
