"""Readers' long words in comments (a name, a link, a word with no space) never make the page scroll sideways."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import ARTICLE, serve
from tests.sitebuild import build_site, copy_content
from tools.comments.classify import Rules
from tools.comments.importer import import_export
from tools.comments.queue import Places, decide, load

LONG_NAME = "Bartholomew" * 9  # 99 characters: under the 100 a name may have before it is held
LONG_WORD = "Supercalifragilistic" * 20
LONG_LINK = "https://example.com/" + "a-very-long-path" * 20


@pytest.fixture(scope="module")
def served_long_words(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("long-words")
    content = copy_content(tmp)
    export = tmp / "long.csv"
    rows = [
        (
            "2024-01-01T10:00:00Z",
            LONG_NAME,
            "long@example.com",
            "",
            f"{LONG_WORD}\n\n{LONG_LINK}",
            ARTICLE[:-1],
            "",
            "long",
        ),
        ("2024-01-01T11:00:00Z", "Reply", "r@example.com", "", LONG_WORD, ARTICLE[:-1], "long", "reply"),
    ]
    with export.open("w", newline="") as file:
        csv.writer(file).writerows([("date", "name", "email", "website", "comment", "article", "parent", "id"), *rows])
    places = Places(content / "comments", tmp / "queue")
    import_export(export, places, rules=Rules(), salt=b"s" * 32, fmt=None, options={"tz": "UTC", "columns": {}})
    decide(load(places), ["c-long", "c-reply"], "approved")
    output = build_site(tmp / "output", PATH=str(content), COMMENTS_FORMSPREE_ID="test1234")
    assert LONG_NAME in (output / ARTICLE / "index.html").read_text()
    yield from serve(output)


@pytest.mark.parametrize("width", [320, 390])
def test_long_words_in_comments_wrap_at_phone_widths(browser_page, served_long_words, width):
    browser_page.set_viewport_size({"width": width, "height": 800})
    browser_page.goto(served_long_words + ARTICLE)
    assert browser_page.locator(".comment__author", has_text=LONG_NAME[:20]).count() == 1
    overflow = browser_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
