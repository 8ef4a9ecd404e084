"""build_speed's smartypants shortcuts: the library's result, character for character, and bound only for a build."""

from __future__ import annotations

import functools
import html
import re

import pytest
import smartypants
import typogrify.filters
from build_speed import smartypants_shortcuts
from build_speed.smartypants_shortcuts import LIBRARY, NEEDS, SHORTCUTS, bind, unbind
from hypothesis import given
from hypothesis import strategies as st
from pelican import signals

from tests.sitebuild import ROOT, build_site, copy_content

# Pieces that each conversion, or its neighbours' context, reacts to; and some that none does.
PIECES = [
    "'", '"', "\\", "\\'", '\\"', "\\\\", "\\.", "\\-", "\\`", "-", "--", "---", ".", "..", "...", ". . .",
    "`", "``", "''", "'s", "'80s", " ", "\t", "\n", "&quot;", "&nbsp;", "&#8211;", "&#8212;", "&mdash;",
    "&#x2013;", "a", "Word", "1999", "(", "[", "?", "!", ",", "é", "\u00a0", "<p>", "</p>", "<em>", "</em>",
    "<code>", "</code>", "<pre>", "</pre>", "<kbd>", '<a href="it\'s--here">', "</a>", "<!-- '--' -->",
]  # fmt: skip
texts = st.one_of(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.text(max_size=60))
MODES = [
    smartypants.Attr.set1 | smartypants.Attr.w,
    smartypants.Attr.set2 | smartypants.Attr.w,
    smartypants.Attr.set3 | smartypants.Attr.w,
    smartypants.Attr.q | smartypants.Attr.B | smartypants.Attr.D | smartypants.Attr.e | smartypants.Attr.h,
]


@pytest.fixture
def library_afterwards():
    yield
    unbind()


@pytest.mark.parametrize("name", sorted(NEEDS))
@given(text=texts)
def test_each_shortcut_gives_what_the_library_gives(name, text):
    assert SHORTCUTS[name](text) == LIBRARY[name](text)


@given(text=texts, mode=st.sampled_from(MODES))
def test_smartypants_with_the_shortcuts_gives_what_it_gives_without(text, mode):
    expected = smartypants.smartypants(text, mode)
    try:
        assert bind()
        assert smartypants.smartypants(text, mode) == expected
    finally:
        unbind()


def wordpress_posts() -> list[str]:
    """The bodies of the posts in WordPress's theme test data and the seed export (prose nobody here wrote)."""
    bodies = []
    for export in ("themeunittestdata.wordpress.xml", "64-block-test-data.xml", "striking-out.wxr.xml"):
        text = (ROOT / "tests" / "data" / "wordpress" / export).read_text(encoding="utf-8")
        bodies += re.findall(r"<content:encoded><!\[CDATA\[(.*?)\]\]></content:encoded>", text, re.DOTALL)
    return [body for body in bodies if body.strip()]


def typogrified(posts: list[str]) -> list[str]:
    """Each post typogrified as Pelican's read_file does, in each dash mode in turn."""
    results = []
    for number, post in enumerate(posts):
        dashes = (smartypants.Attr.set1, smartypants.Attr.set2, smartypants.Attr.set3)[number % 3]
        smartypants.Attr.default = dashes | smartypants.Attr.w
        results.append(typogrify.filters.typogrify(post, ["pre", "code"]))
    smartypants.Attr.default = smartypants.Attr.set1
    return results


def test_typogrify_of_real_posts_is_the_same_with_the_shortcuts(library_afterwards):
    posts = wordpress_posts()
    assert len(posts) > 50
    posts += [html.unescape(post) for post in posts]  # with the quotes as characters, not entities
    unbind()
    expected = typogrified(posts)
    bind()
    assert typogrified(posts) == expected


def test_another_smartypants_is_left_alone(monkeypatch, library_afterwards):
    monkeypatch.setattr(smartypants, "__version__", "3.0.0")
    assert not bind()
    assert all(getattr(smartypants, name) is LIBRARY[name] for name in NEEDS)


def seen_once_read(tmp_path, look) -> list:
    """What `look()` gives once the posts are read, in a build with build_speed on, then in one with it off."""
    seen = []

    def note(_generator):
        seen.append(look())

    signals.article_generator_finalized.connect(note)
    try:
        build_site(tmp_path / "on")
        build_site(tmp_path / "off", BUILD_SPEED=False)
    finally:
        signals.article_generator_finalized.disconnect(note)
    return seen


def test_a_build_binds_the_shortcuts_while_it_reads_and_leaves_the_library_as_it_was(tmp_path):
    seen = seen_once_read(tmp_path, lambda: smartypants.convert_quotes)
    assert seen == [SHORTCUTS["convert_quotes"], LIBRARY["convert_quotes"]]
    assert all(getattr(smartypants, name) is LIBRARY[name] for name in NEEDS)
    assert smartypants_shortcuts.applies()  # the pinned smartypants is the one they were written for


def built_with_speed_on_and_off(tmp_path, slug: str, body: str, still) -> list[str]:
    """The page of a post with `body`, built with build_speed on, then off; `still()` holds after each build."""
    content = copy_content(tmp_path)
    (content / f"{slug}.md").write_text(
        f"Title: {slug.title()}\nDate: 2024-01-02\nAuthor: Chris\nTags: interviews\n\n{body}\n", encoding="utf-8"
    )
    pages = []
    for speed in (True, False):
        output = build_site(tmp_path / str(speed), PATH=str(content), BUILD_SPEED=speed)
        pages.append((output / slug / "index.html").read_text(encoding="utf-8"))
        assert still()
    return pages


def guillemets(text):
    """Another plugin's quotes (as a French edition of the blog would have them)."""
    return LIBRARY["convert_quotes"](text).replace("&#8220;", "&#171;&#160;").replace("&#8221;", "&#160;&#187;")


def test_a_conversion_another_plugin_put_in_place_stays_before_during_and_after_a_build(monkeypatch, tmp_path):
    monkeypatch.setattr(smartypants, "convert_quotes", guillemets)  # as that plugin's register() would
    assert bind()
    assert smartypants.convert_quotes is guillemets  # not wrapped with what the library's needs
    assert smartypants.convert_dashes is SHORTCUTS["convert_dashes"]
    unbind()
    assert smartypants.convert_quotes is guillemets and smartypants.convert_dashes is LIBRARY["convert_dashes"]
    pages = built_with_speed_on_and_off(
        tmp_path, "quotes", 'She said "we will see".', still=lambda: smartypants.convert_quotes is guillemets
    )
    assert "She said &#171;&#160;we will" in pages[0] and pages[0] == pages[1]


def test_a_conversion_replaced_while_a_build_runs_is_not_put_back(library_afterwards):
    assert bind()
    smartypants.convert_quotes = guillemets  # by another plugin, mid-build
    unbind()
    assert smartypants.convert_quotes is guillemets
    smartypants.convert_quotes = LIBRARY["convert_quotes"]


def test_a_wrapper_made_with_functools_wraps_is_another_plugins_too(monkeypatch):
    library = LIBRARY["convert_dashes_oldschool"]

    @functools.wraps(library)  # its name, module and qualified name: not its code
    def arrows(text):
        return library(text).replace("-&gt;", "&#8594;")

    monkeypatch.setattr(smartypants, "convert_dashes_oldschool", arrows)
    try:
        assert bind()
        assert smartypants.convert_dashes_oldschool is arrows
        assert smartypants.smartypants("Apply -&gt; offer", smartypants.Attr.set2) == "Apply &#8594; offer"
    finally:
        unbind()
