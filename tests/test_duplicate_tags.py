"""A tag written twice on one post (another case, other accents) is one tag: listed once, named by the check."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from pelican.settings import read_settings
from writing import check_site
from writing.duplicate_tags import first_of_each_page, folded, written_twice

from tests.sitebuild import ROOT, build_site, copy_content, page

ATOM = "{http://www.w3.org/2005/Atom}"

# An outside tester's: each of these posts was listed twice on its tag's page and in its feed, counted twice on
# /tags/, and showed two chips leading to one page, with no word from the check.
TWICE = {
    "interviews-twice.md": "Title: Interviews Twice\nDate: 2024-01-02\nAuthor: Chris\n"
    "Tags: Interviews, interviews, salary\n\nText.\n",
    "cafe-twice.md": "Title: Cafe Twice\nDate: 2024-01-03\nAuthor: Chris\nTags: cafe, CAFÉ\n\nText.\n",
    # Another post's spelling shares the page with the first post's first one (its second one counts for nothing).
    "cafe-again.md": "Title: Cafe Again\nDate: 2024-01-04\nAuthor: Chris\nTags: Café\n\nText.\n",
}


@pytest.mark.parametrize(
    ("tags", "kept", "twice"),
    [
        (["Interviews", "interviews", "salary"], ["Interviews", "salary"], [("interviews", "Interviews")]),
        (["cafe", "CAFÉ", "Café"], ["cafe"], [("CAFÉ", "cafe"), ("Café", "cafe")]),
        (["salary", "offers"], ["salary", "offers"], []),
        (["🚀", "🎉", "x"], ["🚀", "🎉", "x"], []),  # no page: left to the check's own message, and left off
        ([], [], []),
    ],
)
def test_a_posts_tags_keep_the_first_of_each_page(tags, kept, twice):
    slug = {"Interviews": "interviews", "interviews": "interviews", "CAFÉ": "cafe", "Café": "cafe", "🚀": "", "🎉": ""}
    assert first_of_each_page(tags, lambda name: slug.get(name, name)) == (kept, twice)


def test_the_message_says_written_twice_for_one_word_and_shares_its_page_for_two():
    assert folded("Job-Search") == folded("job search") == folded("JOB_SÉARCH") == "jobsearch"
    assert written_twice("interviews", "Interviews", "interviews") == (
        "tag 'Interviews' is written twice (as 'Interviews' and 'interviews'): the post is listed once, as"
        " 'Interviews'; write it once"
    )
    assert written_twice("C#", "C++", "c").startswith("tag 'C#' shares its page, /tag/c/, with tag 'C++' on the")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture site (whose seed post is tagged 'interviews' too) and the two posts, checked and built."""
    tmp = tmp_path_factory.mktemp("duplicate-tags")
    content = copy_content(tmp)
    for name, text in TWICE.items():
        (content / name).write_text(text, encoding="utf-8")
    return content, build_site(tmp / "output", PATH=str(content))


def test_the_check_names_the_tags_line_of_a_tag_written_twice(site):
    content, _output = site
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    found = sorted(str(p) for p in check_site(settings) if p.code == "tag")
    assert found == [
        f"{content}/cafe-again.md:4: warning: tag 'Café' shares its page, /tag/cafe/, with tag 'cafe'"
        f" ({content}/cafe-twice.md): the page shows both as one; name one of them apart",
        f"{content}/cafe-twice.md:4: warning: tag 'cafe' is written twice (as 'cafe' and 'CAFÉ'): the post is listed"
        " once, as 'cafe'; write it once",
        f"{content}/interviews-twice.md:4: warning: tag 'Interviews' is written twice (as 'Interviews' and"
        " 'interviews'): the post is listed once, as 'Interviews'; write it once",
    ]


@pytest.mark.parametrize(("post", "tag"), [("interviews-twice/", "interviews"), ("cafe-twice/", "cafe")])
def test_a_tag_written_twice_lists_the_post_once(site, post, tag):
    _content, output = site
    titles = [" ".join(h2.get_text().split()) for h2 in page(output, f"tag/{tag}/").select("article h2")]
    assert len([title for title in titles if title.endswith("Twice")]) == 1, titles  # and "Cafe Again" once
    entries = ElementTree.parse(output / "feeds" / "tag" / f"{tag}.atom.xml").getroot().findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(ids) == len(set(ids)) == len(titles), ids
    chips = [a["href"] for a in page(output, post).select("a[rel=tag]")]
    assert len(chips) == len(set(chips)) and f"../tag/{tag}/" in chips


def test_a_tag_written_twice_is_counted_once_and_shown_as_first_written(site):
    _content, output = site
    counts = {
        a["href"]: a.find_next_sibling(class_="count").get_text(strip=True)
        for a in page(output, "tags/").select(".tag-index a")
    }
    assert counts["../tag/cafe/"] == "(2 articles)"  # this post and "Cafe Again"
    assert counts["../tag/interviews/"] == "(2 articles)"  # the seed post and this one
    assert counts["../tag/salary/"] == "(1 article)"
    shown = [a.get_text(strip=True) for a in page(output, "interviews-twice/").select("a[rel=tag]")]
    assert shown == ["Interviews", "salary"]
    assert [a.get_text(strip=True) for a in page(output, "cafe-twice/").select("a[rel=tag]")] == ["cafe"]
