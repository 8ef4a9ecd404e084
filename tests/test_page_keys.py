"""What a page's key counts (build_speed.fingerprint, template_reads): everything read, nothing by accident."""

from __future__ import annotations

import copy
import pickle

import pytest
from build_speed.fingerprint import MOVES_STATIC_FILES, POST_LINKS, WHOLE, Fingerprints, Unkeyable, link_marks
from build_speed.template_reads import OUTLINE, PAGE, template_reads
from hypothesis import example, given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from pelican.contents import Article
from pelican.paginator import Paginator
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag
from pelican.utils import SafeDatetime

SETTINGS = copy.deepcopy(DEFAULT_CONFIG)


def article(title="A post", body="<p>Words.</p>", **metadata) -> Article:
    return Article(body, metadata={"title": title, "date": SETTINGS_DATE, **metadata}, settings=SETTINGS)


SETTINGS_DATE = SafeDatetime(2024, 3, 1, 9, 0)


def printed(value, mode=WHOLE) -> str:
    return Fingerprints(SETTINGS).value(value, mode)


def test_every_attribute_a_plugin_attaches_counts():
    post = article()
    before = printed(post)
    post.comments = ("a comment",)
    assert printed(post) != before
    post.comments = ("another comment",)
    assert printed(post) != before


def test_a_content_counts_the_same_read_anew_or_from_the_cache():
    post = article(tags=[Tag("interviews", SETTINGS)])
    assert printed(pickle.loads(pickle.dumps(post))) == printed(post)


def test_markup_and_text_with_the_same_characters_count_apart():
    assert printed(Markup("<b>x</b>")) != printed("<b>x</b>")


@given(st.sets(st.text(max_size=8), max_size=6), st.sets(st.text(max_size=8), max_size=6))
def test_different_values_count_apart(first, second):
    """Whatever a post holds, a change to it changes the fingerprint (sets and lists of any text here)."""
    assert first == second or printed(first) != printed(second)  # a set's order may differ: never its members
    assert (printed(sorted(first)) == printed(sorted(second))) == (first == second)


MARKS = POST_LINKS + MOVES_STATIC_FILES
# Texts made of the marks, their pieces and a few other characters: braces and bars, few or many, anywhere.
MARKED_TEXTS = st.lists(st.sampled_from([*MARKS, "{", "|", "}", "filename", "attach", "static", "é", "x", " "])).map(
    "".join
)


@given(MARKED_TEXTS)
@example("{{filename}")  # an opening right before a mark's
@example("||attach|")
@example("{fil{attach}|filename|")
@example("{filename|b.md |attach}f.pdf")  # found by an outside tester: Pelican takes either mark on either side
def test_the_link_marks_of_a_text_are_those_a_substring_search_finds(text):
    assert link_marks(text) == {mark for mark in MARKS if mark in text}


def test_a_post_linking_to_another_counts_every_posts_url_and_one_attaching_a_file_has_no_key():
    bars = "|" * 100  # more openings than are looked at one by one
    for body in (
        "<a href='{filename}b.md'>",
        f"{bars}<a href='|filename|b.md'>",
        "<img src='{static}/a.png'>{filename",
        "<a href='{filename|b.md'>",
        "<a href='|filename}b.md'>",
    ):
        expected = "" if body.endswith("{filename") else "urls"
        prints = Fingerprints(SETTINGS)
        prints.post_urls = lambda _context: "urls"
        assert prints.links_of(article(body=body)) == expected, body
    for body in ("<a href='{attach}f.pdf'>", f"{bars}|attach|f.pdf", "<a href='{attach|f.pdf'>"):
        with pytest.raises(Unkeyable):
            Fingerprints(SETTINGS).links_of(article(body=body))


def test_metadata_counts_whether_or_not_it_holds_the_very_values_of_the_attributes():
    """A metadata value that is its attribute is pickled once; one that is not (a plugin changed either) counts apart."""
    post = article(tags=[Tag("interviews", SETTINGS)])
    assert post.metadata["tags"] is post.tags
    before = printed(post)
    post.metadata["tags"] = [Tag("salaries", SETTINGS)]
    changed_metadata = printed(post)
    post.metadata["tags"] = post.tags
    assert printed(post) == before
    post.tags = [Tag("salaries", SETTINGS)]
    changed_attribute = printed(post)
    assert len({before, changed_metadata, changed_attribute}) == 3
    post.metadata["tags"] = post.tags
    assert printed(post) not in (before, changed_metadata, changed_attribute)


def test_a_neighbour_counts_with_its_own_data_and_its_neighbours_by_path_only():
    post, neighbour, far = article("Post"), article("Neighbour"), article("Far")
    post.next_article, neighbour.next_article = neighbour, far
    for content, path in ((post, "post.md"), (neighbour, "neighbour.md"), (far, "far.md")):
        content.source_path = path
    prints = Fingerprints(SETTINGS)
    before = prints.content(post)
    far.title = "Far, renamed"  # two steps away: documented as not counted
    assert Fingerprints(SETTINGS).content(post) == before
    neighbour.title = "Neighbour, renamed"
    assert Fingerprints(SETTINGS).content(post) != before


def test_a_link_to_another_post_counts_with_every_posts_url():
    linking = article(body='<a href="{filename}other.md">other</a>')
    plain = article()
    context = {"generated_content": {"other.md": article("Other", slug="other")}}
    linking._context = plain._context = context
    before = (Fingerprints(SETTINGS).content(linking), Fingerprints(SETTINGS).content(plain))
    context["generated_content"]["other.md"].slug = "moved"
    assert Fingerprints(SETTINGS).content(linking) != before[0]
    assert Fingerprints(SETTINGS).content(plain) == before[1]


@pytest.mark.parametrize(
    "value",
    [lambda: None, (x for x in ()), article(body='<img src="{attach}photo.jpg">')],
    ids=["a closure", "a generator", "a post that attaches a file as it is rendered"],
)
def test_what_cannot_be_counted_has_no_fingerprint(value):
    with pytest.raises(Unkeyable):
        printed([value])


def test_a_listing_page_counts_its_articles_and_in_outline_only_its_place():
    posts = [article(f"Post {n}") for n in range(7)]
    paginator = Paginator("index.html", "", posts, SETTINGS, 3)
    first, second = paginator.page(1), paginator.page(2)
    whole, page, outline = printed(first), printed(first, PAGE), printed(first, OUTLINE)
    posts[5].title = "Changed, on page 2"
    assert printed(first, PAGE) == page and printed(first, OUTLINE) == outline
    assert printed(first) != whole  # the whole paginator's articles count
    assert printed(second, PAGE) != printed(Paginator("index.html", "", posts[:5], SETTINGS, 3).page(2), PAGE)


TEMPLATES = {
    "base.html": "<title>{{ SITENAME }}</title>{% block content %}{% endblock %}{% include 'footer.html' %}",
    "footer.html": "{{ FOOTER_TEXT }}",
    "index.html": (
        "{% extends 'base.html' %}{% block content %}{% for a in articles_page.object_list %}{{ a.title }}"
        "{% endfor %}{% if articles_next_page %}<a href='{{ articles_next_page.url }}'>next</a>{% endif %}"
        "{{ articles_paginator.num_pages }}{% endblock %}"
    ),
    "greedy.html": "{% extends 'base.html' %}{% block content %}{{ articles_next_page.object_list|length }}{% endblock %}",
    "dynamic.html": "{% include chosen %}",
    "macro.html": "{% from 'helpers.html' import show with context %}{{ show(articles_page) }}",
    "helpers.html": "{% macro show(p) %}{{ p.object_list|length }} {{ related }}{% endmacro %}",
}


@pytest.fixture(scope="module")
def environment():
    return Environment(loader=DictLoader(TEMPLATES))


def test_the_names_come_from_the_template_and_all_it_extends_includes_and_imports(environment):
    reads = template_reads(environment, "index.html")
    assert {"SITENAME", "FOOTER_TEXT", "articles_page", "articles_next_page", "articles_paginator"} <= reads.names
    assert "a" not in reads.names and not reads.everything
    assert "related" in template_reads(environment, "macro.html").names


def test_pagination_is_counted_in_outline_only_when_every_use_allows_it(environment):
    index = template_reads(environment, "index.html")
    assert index.mode("articles_page") == PAGE
    assert index.mode("articles_next_page") == OUTLINE and index.mode("articles_paginator") == OUTLINE
    assert template_reads(environment, "greedy.html").mode("articles_next_page") == WHOLE
    assert template_reads(environment, "macro.html").mode("articles_page") == WHOLE  # passed to a macro


def test_a_template_named_only_at_run_time_makes_every_value_count(environment):
    assert template_reads(environment, "dynamic.html").everything


def test_the_page_table_records_each_file_as_the_build_leaves_it(tmp_path):
    """Kept pages keep the stamp checked when kept, written ones are read from the disk; a file written twice too."""
    import os

    from build_speed.pages import PageTable, file_stamp

    output = tmp_path / "output"
    output.mkdir()
    for name in ("kept.html", "written.html", "twice.html"):
        (output / name).write_text(f"<p>{name}</p>")
    first = PageTable(tmp_path / "cache", output, "site", load=True)
    for name in ("kept.html", "written.html", "twice.html"):
        first.handle(name, f"key of {name}", skipped=False)
    first.save()

    second = PageTable(tmp_path / "cache", output, "site", load=True)
    assert second.unchanged("kept.html", "key of kept.html") and second.unchanged("twice.html", "key of twice.html")
    second.handle("kept.html", "key of kept.html", skipped=True)
    second.handle("twice.html", "key of twice.html", skipped=True)
    (output / "written.html").write_text("<p>written again, longer</p>")
    second.handle("written.html", "new key", skipped=False)
    (output / "twice.html").write_text("<p>twice.html, written after all</p>")  # a second write of the same file
    second.handle("twice.html", "key of twice.html, again", skipped=False)
    os.utime(output / "written.html", ns=(1, 1))  # the stamp on disk is the one the table must hold
    second.save()

    third = PageTable(tmp_path / "cache", output, "site", load=True)
    for name in ("kept.html", "written.html", "twice.html"):
        assert third.old[name][1:] == file_stamp(output / name), name
    assert third.old["written.html"][0] == "new key" and third.old["twice.html"][0] == "key of twice.html, again"
