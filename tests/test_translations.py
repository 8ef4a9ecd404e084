"""A post Pelican takes as another's translation (one slug, another language) is listed nowhere: the check says so."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pelican.settings import read_settings
from writing import check_site
from writing.checks import WARNING

from tests.sitebuild import ROOT, build_site, copy_content, page

ENGLISH = "Title: Salary Talks\nDate: 2024-01-01\nAuthor: Chris\nTags: offers\nSlug: salary-talks\n{extra}\nEnglish.\n"
ARABIC = (
    "Title: محادثات الراتب\nDate: 2024-01-02\nAuthor: Chris\nTags: offers\nSlug: salary-talks\nLang: ar\n{extra}\nنص.\n"
)


def translation_problems(content: Path) -> list:
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    return [p for p in check_site(settings) if p.code == "translation"]


def test_a_post_with_anothers_slug_in_another_language_is_named_at_its_lang_line(tmp_path):
    """An outside tester's: the Arabic post was built at /salary-talks-ar/, and linked from nowhere, with no word."""
    content = copy_content(tmp_path)
    (content / "salary.md").write_text(ENGLISH.format(extra=""), encoding="utf-8")
    (content / "salary-ar.md").write_text(ARABIC.format(extra=""), encoding="utf-8")
    [found] = translation_problems(content)
    assert (found.path, found.line, found.severity) == (f"{content}/salary-ar.md", 6, WARNING)
    assert found.message == (
        f"this post has the slug of {content}/salary.md, 'salary-talks', in another language ('ar'), so Pelican takes"
        " it as that post's translation: it is built at /salary-talks-ar/, but no page of the site lists it or links"
        " to it; give it a 'Slug:' of its own if it is a post in its own right"
    )
    output = build_site(tmp_path / "output", PATH=str(content))  # what the message says, as the build makes it
    assert page(output, "salary-talks-ar/").select_one("article.post h1")["lang"] == "ar"  # built, its words marked
    linking = [
        path.relative_to(output).as_posix()
        for path in output.rglob("*.html")
        if path.parent.name != "salary-talks-ar" and "salary-talks-ar/" in path.read_text(encoding="utf-8")
    ]
    assert linking == []


def test_the_build_says_it_too(tmp_path, caplog):
    content = copy_content(tmp_path)
    (content / "salary.md").write_text(ENGLISH.format(extra=""), encoding="utf-8")
    (content / "salary-ar.md").write_text(ARABIC.format(extra=""), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        build_site(tmp_path / "output", PATH=str(content))
    assert any("salary-ar.md:6: warning: this post has the slug of" in r.getMessage() for r in caplog.records)


def test_the_same_title_in_another_language_makes_a_translation_too(tmp_path):
    """No Slug lines: both slugs are made from the title."""
    content = copy_content(tmp_path)
    (content / "salary.md").write_text(ENGLISH.format(extra="").replace("Slug: salary-talks\n", ""), encoding="utf-8")
    arabic = ARABIC.format(extra="").replace("Slug: salary-talks\n", "").replace("محادثات الراتب", "Salary Talks")
    (content / "salary-ar.md").write_text(arabic, encoding="utf-8")
    [found] = translation_problems(content)
    assert (Path(found.path).name, found.line) == ("salary-ar.md", 5)
    assert "'salary-talks', in another language ('ar')" in found.message


@pytest.mark.parametrize(
    ("english", "arabic", "says"),
    [
        ("", "Translation: true\n", "'salary-talks', in another language ('ar'), so Pelican takes it"),
        # The English one still a draft: the Arabic one is listed until that one is published.
        ("Status: draft\n", "", "translation once that one is published:"),
    ],
)
def test_a_translation_line_or_a_draft_original_is_named_so(tmp_path, english, arabic, says):
    content = copy_content(tmp_path)
    (content / "salary.md").write_text(ENGLISH.format(extra=english), encoding="utf-8")
    (content / "salary-ar.md").write_text(ARABIC.format(extra=arabic), encoding="utf-8")
    [found] = translation_problems(content)
    assert (Path(found.path).name, found.line) == ("salary-ar.md", 6) and says in found.message, found


def test_a_translation_line_in_the_sites_language_is_named_there(tmp_path):
    """At another address (its own URL and Save_as; at the same one, the check leaves it out as a duplicate)."""
    content = copy_content(tmp_path)
    (content / "salary.md").write_text(ENGLISH.format(extra=""), encoding="utf-8")
    extra = "Translation: yes\nURL: salary-2/\nSave_as: salary-2/index.html\n"
    (content / "salary-2.md").write_text(ENGLISH.format(extra=extra), encoding="utf-8")
    [found] = translation_problems(content)
    assert (Path(found.path).name, found.line) == ("salary-2.md", 6)
    assert "'salary-talks', and says it is a translation, so Pelican takes it as" in found.message
    assert "it is built at /salary-2/, but" in found.message


@pytest.mark.parametrize(
    ("english", "arabic"),
    [
        ("", "Slug: salary-talks-in-arabic\n"),  # a slug of its own: a post in its own right, listed
        ("Status: hidden\n", "Status: hidden\n"),  # hidden posts are listed nowhere anyway
        ("Lang: fr\n", ""),  # neither in the site's language: Pelican lists both
    ],
)
def test_a_post_that_is_no_translation_is_not_named(tmp_path, english, arabic):
    content = copy_content(tmp_path)
    (content / "salary.md").write_text(ENGLISH.format(extra=english), encoding="utf-8")
    text = ARABIC.format(extra=arabic)
    if arabic.startswith("Slug:"):
        text = text.replace("Slug: salary-talks\n", "")
    (content / "salary-ar.md").write_text(text, encoding="utf-8")
    assert translation_problems(content) == []
