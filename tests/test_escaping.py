"""The theme escapes every value by default; only HTML marked trusted where it is made prints as HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from escaping.contents import Html
from escaping.markup import plain_text, summary_html, title_html
from markupsafe import Markup

from tests.sitebuild import build_site, copy_content, page

# A writer pastes a title from a chat, a summary from an old page: markup, raw and entity-encoded.
HOSTILE_POST = """\
Title: Counter-offers </title><script>alert(1)</script> &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt; "work"
Date: 2024-05-01 10:00
Slug: counter-offers
Author: Chris
Tags: salary, offers
Summary: Ask twice &lt;img src=x onerror=alert(3)&gt; <img src="x" onerror="alert(4)"> and *stay calm*.

Ask for the number in writing, then **sleep on it**.
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The fixture site plus a post whose title and summary carry markup, built once."""
    tmp = tmp_path_factory.mktemp("hostile-theme")
    content = copy_content(tmp)
    (content / "counter-offers.md").write_text(HOSTILE_POST, encoding="utf-8")
    return build_site(tmp / "output", PATH=str(content))


def html_pages(output: Path) -> list[tuple[str, BeautifulSoup]]:
    """Every HTML page of a build, parsed."""
    return [
        (path.relative_to(output).as_posix(), BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
        for path in sorted(output.rglob("*.html"))
    ]


def theme_script(script) -> bool:
    """The theme's own script, from its own folder (the search page's)."""
    return not script.string and script.get("src", "").endswith("/theme/js/search.js")


def live_markup(soup: BeautifulSoup) -> list[str]:
    """What a browser would run or load from a page's markup: scripts (not JSON-LD, not the theme's), handlers, injected images."""
    found = [
        str(s)[:80] for s in soup.find_all("script") if s.get("type") != "application/ld+json" and not theme_script(s)
    ]
    found += [f"{tag.name} {name}" for tag in soup.find_all(True) for name in tag.attrs if name.startswith("on")]
    found += [str(img) for img in soup.find_all("img") if img.get("src") == "x"]
    return found


def test_no_page_runs_a_script_from_a_title_or_summary(hostile_site):
    pages = html_pages(hostile_site)
    assert len(pages) > 10
    assert {path: live for path, soup in pages if (live := live_markup(soup))} == {}
    assert [path for path, soup in pages if any(theme_script(s) for s in soup.find_all("script"))] == [
        "search/index.html"
    ]


def test_title_shows_as_text_in_title_meta_and_heading(hostile_site):
    soup = page(hostile_site, "counter-offers/")
    assert len(soup.find_all("title")) == 1
    title = soup.title.get_text()
    assert "alert(1)" not in title  # the raw tags are gone, their text with them
    assert "</title><script>alert(2)</script>" in title  # the entities show as what they stand for
    assert "</title><script>alert(2)</script>" in soup.find("meta", property="og:title")["content"]
    assert "</title><script>alert(2)</script>" in soup.find("h1").get_text()
    assert soup.find("h1").find("script") is None


def test_post_body_and_summary_stay_html(hostile_site):
    article = page(hostile_site, "counter-offers/")
    assert article.select_one(".post__body strong").get_text() == "sleep on it"
    summary = next(s for s in page(hostile_site, "").select(".post-summary") if "Counter-offers" in s.get_text())
    assert summary.select_one(".post-summary__text em").get_text() == "stay calm"
    assert "<img src=x onerror=alert(3)>" in summary.get_text()
    assert "alert(4)" not in str(summary)


def test_a_build_from_the_content_cache_still_shows_html(tmp_path):
    content = copy_content(tmp_path)
    (content / "counter-offers.md").write_text(HOSTILE_POST, encoding="utf-8")
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    build_site(tmp_path / "first", PATH=str(content), **cached)
    second = build_site(tmp_path / "second", PATH=str(content), **cached)
    assert page(second, "counter-offers/").select_one(".post__body strong").get_text() == "sleep on it"
    assert live_markup(page(second, "counter-offers/")) == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Q&amp;A <span class='caps'>CV</span>", 'Q&amp;A <span class="caps">CV</span>'),
        ("<script>alert(1)</script>Offers", "Offers"),
        ("&lt;script&gt;", "&lt;script&gt;"),
        ('<span class="caps" onclick="x()">HR</span>', '<span class="caps">HR</span>'),
        ('<span class="evil caps">HR</span>', '<span class="caps">HR</span>'),
        ("<em>With</em> <b>Mark<sup>up</sup></b>", "<em>With</em> <b>Mark<sup>up</sup></b>"),
        ('<a href="javascript:alert(1)">link</a>', "link"),
    ],
)
def test_title_keeps_inline_formatting_only(value, shown):
    assert title_html(value) == Markup(shown)


def test_summary_keeps_web_links_only():
    assert summary_html('<p><a href="https://example.com/x">ok</a> <a href="javascript:x()">no</a></p>') == Markup(
        '<p><a href="https://example.com/x">ok</a> <a>no</a></p>'
    )


def test_plain_text_never_returns_markup():
    assert plain_text(Markup("&lt;/title&gt;&lt;script&gt;")) == "</title><script>"
    assert not isinstance(plain_text(Markup("&lt;b&gt;")), Markup)
    assert plain_text(Html("<p>Hi&nbsp;there</p>")) == "Hi there"
    assert plain_text("&lt;b&gt; is text") == "&lt;b&gt; is text"
    assert plain_text(None) == ""


def test_a_build_whose_templates_would_not_escape_says_so(tmp_path, caplog):
    build_site(tmp_path / "unescaped", JINJA_ENVIRONMENT={"autoescape": False})
    assert any('JINJA_ENVIRONMENT has no "autoescape": True' in r.getMessage() for r in caplog.records)


def test_a_writers_notes_never_reach_the_site(tmp_path):
    """An outside tester's: `<!-- a note to the team -->` in a post was published in every page's source."""
    content = copy_content(tmp_path)
    (content / "notes.md").write_text(
        "Title: Notes\nDate: 2024-01-05 09:00\nAuthor: Chris\nTags: offers\n\n"
        "Before.\n\n<!-- private: ask Sam about the salary -->\n\n"
        "Between <!-- inline note --> one.\n\n<!--\nA note over\nthree lines\n-->\n\nAfter.\n"
    )
    output = build_site(tmp_path / "output", PATH=str(content))
    for path in ("notes/index.html", "index.html", "feeds/all.atom.xml"):
        text = (output / path).read_text(encoding="utf-8")
        assert "private: ask Sam" not in text and "three lines" not in text and "inline note" not in text, path
    body = page(output, "notes/").select_one(".post__body").get_text(" ", strip=True)
    assert "Before." in body and "Between" in body and "one." in body and "After." in body


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ("<p>a</p><!-- x --><p>b</p>", "<p>a</p><p>b</p>"),
        ("a<!-->b<!--->c", "abc"),  # ended at once, as a browser ends them
        ("a<!-- x --!>b", "ab"),
        ("a &lt;!-- not one --&gt; b", "a &lt;!-- not one --&gt; b"),  # shown as text: a writer's example
        ("a<!-- never closed", "a<!-- never closed"),  # Markdown shows it as text: left as it is
    ],
)
def test_notes_are_cut_as_a_browser_ends_them(html, kept):
    from escaping.markup import without_notes

    assert without_notes(html) == kept


# An outside tester's: a U+FFFE pasted into a post made every feed malformed XML, and the check and publish passed.
NONCHARACTER_POST = """\
Title: Pasted\ufffe replies\U0001ffff
Date: 2024-01-06 09:00
Author: Chris\ufdd0
Tags: offers, form\uffffs
Summary: A summary\ufffe from a form\U0010fffe.
Image: images/striking-out.svg
Image-Alt: A reply\ufdef pasted

A pasted reply\ufffe from a form\uffff, with \ufdd0 and \U0001fffe in it.
"""


def test_noncharacters_never_reach_a_page_a_feed_or_the_sitemap(tmp_path):
    """Unicode's noncharacters, which XML refuses, are dropped as control characters are: every feed stays XML."""
    from xml.etree import ElementTree

    from escaping.markup import CONTROLS

    content = copy_content(tmp_path)
    (content / "pasted.md").write_text(NONCHARACTER_POST, encoding="utf-8")
    output = build_site(tmp_path / "output", PATH=str(content))
    xml = sorted(output.rglob("*.xml"))
    assert {"all.atom.xml", "all.rss.xml", "forms.atom.xml", "chris.atom.xml", "sitemap.xml"} <= {p.name for p in xml}
    for path in xml:
        ElementTree.parse(path)  # raises on a character XML refuses
    written = [p for p in output.rglob("*") if p.suffix in (".html", ".xml", ".json", ".txt")]
    assert [p.relative_to(output).as_posix() for p in written if CONTROLS.search(p.read_text("utf-8"))] == []
    article = page(output, "pasted-replies/")

    def shown(element) -> str:
        return " ".join(element.get_text().split())  # typogrify's no-break spaces as spaces

    assert shown(article.h1) == "Pasted replies"
    assert shown(article.select_one(".post__body")) == "A pasted reply from a form, with and in it."
    assert shown(article.find("a", rel="author")) == "Chris"
    assert [a.get_text(strip=True) for a in article.select("a[rel=tag]")] == ["offers", "forms"]
    listed = page(output, "tag/forms/").select_one("article")
    assert shown(listed.h2) == "Pasted replies" and "A summary from a form." in shown(listed)


@pytest.mark.parametrize("character", ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", "\ud800"])
def test_a_noncharacter_or_lone_surrogate_is_dropped_like_a_control_character(character):
    from escaping.markup import drop_controls

    assert drop_controls(f"a{character}b\x1bc") == "abc"
    assert plain_text(f"a{character}b") == "ab" and str(title_html(f"a{character}b")) == "ab"


@pytest.mark.parametrize("character", ["\ufffd", "\ufdcf", "\ufdf0", "\U0001fffd", "\U00020000", "\ue000", "é"])
def test_the_characters_next_to_the_noncharacters_are_kept(character):
    from escaping.markup import drop_controls

    assert drop_controls(f"a{character}b\tc\n") == f"a{character}b\tc\n"
