"""A long word with no space (a tag, a title's word) wraps on a phone: no page is wider than the screen."""

from __future__ import annotations

import pytest

from tests.conftest import serve
from tests.readers_content import post
from tests.sitebuild import build_site, copy_content, page

PHONE = 360  # px: a small phone's viewport
TAG = "internationalisationandlocalisationforsmallbusinessowners"  # the outside tester's: 57 characters
WORD = "Supercalifragilisticexpialidocious" + "Antidisestablishmentarianism"[:26]  # 60 characters
assert len(TAG) == 57 and len(WORD) == 60


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture site with two related posts: one titled with the long word, both with the long tag."""
    tmp = tmp_path_factory.mktemp("long-words")
    content = copy_content(tmp)
    post(content, "long", title=f"On {WORD}", date="2024-01-02", tags=f"{TAG}, salary", text="Salary advice.",
         extra=f"Series: {WORD}\nSeries-Part: 1\n")  # fmt: skip
    post(content, "short", title="Short words", date="2024-01-03", tags=f"{TAG}, salary", text="Salary advice too.",
         extra=f"Series: {WORD}\nSeries-Part: 2\n")  # fmt: skip
    return build_site(tmp / "output", PATH=str(content))


@pytest.fixture(scope="module")
def served(built):
    yield from serve(built)


def tag_page(built) -> str:
    """The long tag's page, as the post links to it."""
    href = page(built, "long/").select_one(".tag-list").find("a", string=TAG)["href"]
    return "tag/" + href.rstrip("/").split("/")[-1] + "/"


@pytest.mark.parametrize(
    "path",
    [
        "long/",  # its title, its tag chip, its series box
        "short/",  # the long title in the related list, older and newer, the series box
        "tags/",
        "TAG",  # its heading "Articles tagged “...”" and "Subscribe" to its feed
        "",
        "archives/",
        "author/chris/",
    ],
)
def test_no_page_is_wider_than_a_phone(browser_page, built, served, path):
    """An outside tester's: a 57-character tag widened the page to 523 px on a 360 px phone."""
    path = tag_page(built) if path == "TAG" else path
    browser_page.set_viewport_size({"width": PHONE, "height": 800})
    browser_page.goto(served + path)
    assert TAG in browser_page.content() or WORD in browser_page.content()
    width = browser_page.evaluate("document.documentElement.scrollWidth")
    wide = browser_page.evaluate(
        f"""() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > {PHONE})
            .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))"""
    )
    assert width <= PHONE, wide
