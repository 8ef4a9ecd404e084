"""Mistakes in content still build, with a problem that names the file and line."""

import logging
from pathlib import Path

import pytest

from tests.sitebuild import build_site, page

DATA = Path(__file__).parent / "data" / "warnings"


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    """Build the fixture content once, keeping the warnings it logged."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger().addHandler(handler)
    try:
        output = build_site(tmp_path_factory.mktemp("warnings"), PATH=str(DATA))
    finally:
        logging.getLogger().removeHandler(handler)
    warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    return output, warnings


def warnings_about(warnings, name):
    return [w for w in warnings if name in w]


def test_an_author_without_bio_is_named_with_the_article(fixture_build):
    output, warnings = fixture_build
    assert any("no-bio.md" in w and "'Nobody Known' has no bio" in w for w in warnings), warnings
    # ...and the article is still built, with the author's name but no bio.
    box = page(output, "a-post-by-someone-without-a-bio/").select_one(".author-box")
    assert "Nobody Known" in box.get_text() and box.select_one(".author-box__bio") is None


def test_an_image_without_alt_text_is_reported(fixture_build):
    _output, warnings = fixture_build
    found = warnings_about(warnings, "no-alt.md")
    assert any("images/credited.svg has no alt text" in w for w in found), warnings


def test_an_image_without_credit_is_reported_with_the_fix(fixture_build):
    _output, warnings = fixture_build
    found = warnings_about(warnings, "no-credit.md")
    assert any("images/bare.svg has no credit" in w and "bare.svg.credit" in w for w in found), warnings


def test_a_correct_post_gives_no_warning(fixture_build):
    _output, warnings = fixture_build
    assert warnings_about(warnings, "good.md") == []


def test_one_credit_serves_the_lead_image_and_the_body(fixture_build):
    output, _ = fixture_build
    soup = page(output, "a-post-with-everything-right/")
    credits = [c.get_text() for c in soup.select("figure .credit")]
    assert credits == ["Image credit: Ann Example via Pics Library (CC BY 4.0)"] * 2
    links = {a.get_text(): a["href"] for a in soup.select("figure .credit a")}
    assert links == {
        "Ann Example": "https://ann.example/",
        "Pics Library": "https://pics.example/",
        "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    }


def test_author_photo_and_links_show_in_the_box(fixture_build):
    output, _ = fixture_build
    box = page(output, "a-post-with-everything-right/").select_one(".author-box")
    assert box.select_one("img.author-box__photo")["alt"] == "Dana smiling"
    assert [a["href"] for a in box.select(".author-box__links a")] == [
        "https://dana.example",
        "https://social.example/@dana",
    ]
    assert box.select_one(".author-box__bio em").get_text() == "about"


@pytest.mark.parametrize("name", ["images/latin1.svg.credit", "authors/latin1.md"])
def test_a_credit_or_bio_not_in_utf8_is_named_and_the_build_goes_on(fixture_build, name):
    _output, warnings = fixture_build
    found = warnings_about(warnings, name)
    assert any(w.endswith(f"{name}:1: not UTF-8 text: save the file with the UTF-8 encoding") for w in found), warnings
