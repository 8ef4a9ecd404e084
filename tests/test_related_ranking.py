"""The related-posts ranking, the text profile and the series order, as pure functions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from post_navigation.series import Part, SeriesProblem, ordered, part_number
from reading.text import Heading, profile, reading_minutes, table_of_contents, with_heading_anchors
from related_posts import ranking
from related_posts.ranking import Post, related


def posts_with_tags(*tag_sets, terms=()):
    return [Post(f"p{i}", float(i), frozenset(tags), terms) for i, tags in enumerate(tag_sets)]


def test_a_rare_tag_outweighs_a_common_one():
    common = [{"career", "x"}] * 6
    posts = posts_with_tags({"career", "rare"}, {"career"}, {"rare"}, *common)
    assert related(posts)["p0"][0] == "p2"


def test_equal_tags_are_decided_by_the_text():
    salary = (("salary", 5), ("offer", 3))
    posts = [
        Post("a", 1, frozenset({"t"}), salary),
        Post("b", 2, frozenset({"t"}), (("garden", 5),)),
        Post("c", 3, frozenset({"t"}), salary),
        Post("d", 4, frozenset({"u"}), (("garden", 1),)),
    ]
    assert related(posts, most=2, minimum=1)["a"] == ["c", "b"]


def test_unlisted_posts_get_related_posts_but_are_never_one():
    posts = [*posts_with_tags({"t"}, {"t"}, {"t"}), Post("draft", 9.0, frozenset({"t"}), listed=False)]
    found = related(posts)
    assert found["draft"] == ["p2", "p1", "p0"]
    assert all("draft" not in keys for keys in found.values())


def test_the_work_per_post_is_bounded_by_the_window(monkeypatch):
    """Thousands of posts sharing one tag: each compares its text with a window, not with all."""
    calls = []
    real = ranking.cosine
    monkeypatch.setattr(ranking, "cosine", lambda a, b: calls.append(1) or real(a, b))
    count, window = 2000, 20
    posts = [Post(f"p{i}", float(i), frozenset({"everywhere"}), (("word", 1),)) for i in range(count)]
    found = related(posts, window=window)
    assert all(len(keys) == 5 for keys in found.values())
    assert len(calls) <= count * window
    # the nearest in date, as the window keeps them
    assert set(found["p1000"]) <= {f"p{n}" for n in range(1000 - window, 1000 + window)}


@given(
    st.lists(
        st.tuples(
            st.frozensets(st.sampled_from("abcdefgh"), max_size=4),
            st.lists(st.tuples(st.sampled_from(["job", "pay", "cv", "team"]), st.integers(1, 9)), max_size=4),
            st.booleans(),
        ),
        max_size=30,
    )
)
def test_any_posts_get_at_most_five_distinct_listed_others(drawn):
    posts = [
        Post(f"p{i}", float(i % 7), tags, tuple(dict(terms).items()), listed)
        for i, (tags, terms, listed) in enumerate(drawn)
    ]
    found = related(posts)
    listed = {p.key for p in posts if p.listed}
    assert set(found) == {p.key for p in posts}
    for key, keys in found.items():
        assert key not in keys and len(set(keys)) == len(keys) <= 5
        assert set(keys) <= listed
        if len(listed - {key}) >= 3:
            assert len(keys) >= 3
    assert related(posts) == found  # the same posts, the same answer


def test_profile_counts_words_not_code_and_finds_headings():
    html = '<h2 id="one">First &amp; <em>best</em></h2><p>Salary salary offer.</p><pre>code code code</pre>'
    found = profile(html)
    assert found.words == 5  # first, best, salary, salary, offer: not the code, not "amp"
    assert found.headings == (Heading(2, "one", "First & best"),)
    assert found.terms[0] == ("salary", 2)
    assert reading_minutes(found.words, 230) == 1 and reading_minutes(2300, 230) == 10


def test_table_of_contents_nests_and_skips_headings_without_id():
    headings = [
        Heading(2, "a", "A"),
        Heading(3, "b", "B"),
        Heading(4, "deep", "Deep"),
        Heading(2, "", "No id"),
        Heading(2, "c", "C"),
    ]
    toc = table_of_contents(headings, max_level=3)
    assert [(e.id, [c.id for c in e.children]) for e in toc] == [("a", ["b"]), ("c", [])]


def test_a_heading_anchor_names_its_section_and_escapes_it():
    html = with_heading_anchors('<h2 id="x">Pay &lt;b&gt; <em>now</em></h2>')
    assert html == (
        '<h2 id="x">Pay &lt;b&gt; <em>now</em> <a class="heading-anchor" href="#x" '
        'aria-label="Section: Pay &lt;b&gt; now">#</a></h2>'
    )


@given(st.text())
def test_any_html_profiles_without_error(text):
    profile(text)
    with_heading_anchors(text)


def test_series_order_numbers_first_then_dates():
    parts = [
        Part("late", "S", None, 3.0),
        Part("two", "S", 2, 1.0),
        Part("one", "S", 1, 2.0),
        Part("early", "S", None, 0.0),
    ]
    assert [p.key for p in ordered(parts)] == ["one", "two", "early", "late"]


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", "２"])
def test_a_part_number_is_a_positive_whole_number(value):
    with pytest.raises(SeriesProblem):
        part_number(value)
    assert part_number(" 3 ") == 3 and part_number("") is None
