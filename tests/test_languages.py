"""A post in another language than the site's (`Lang: ar`) on a whole build: its title wherever it is listed,
and the page's language marks."""

from __future__ import annotations

import json

import pytest

from tests.conftest import serve
from tests.readers_content import post
from tests.sitebuild import build_site, copy_content, page

ARABIC = "كيف تتفاوض على الراتب"  # "How to negotiate your salary"
ENGLISH = "How to Negotiate a Salary"
ARABIC_DRAFT = "مسودة عن الراتب"  # "A draft about salary"
ARABIC_TAG = "تفاوض"  # "negotiation"
HEBREW = "איך לנהל משא ומתן"  # "How to negotiate"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture site with an Arabic post, an English one related to it (the same tags, one series), an Arabic draft."""
    tmp = tmp_path_factory.mktemp("languages")
    content = copy_content(tmp)
    series = "Series: Pay\n"
    text = "Salary offer negotiation."
    post(content, "salary-ar", title=ARABIC, date="2024-01-02", tags=f"salary, {ARABIC_TAG}", text="نص عربي عن الراتب.",
         extra=f"Lang: ar\n{series}Series-Part: 1\n")  # fmt: skip
    post(content, "salary-en", title=ENGLISH, date="2024-01-03", tags=f"salary, {ARABIC_TAG}", text=text,
         extra=f"{series}Series-Part: 2\n")  # fmt: skip
    post(content, "draft-ar", title=ARABIC_DRAFT, date="2024-01-04", tags="salary", text=text,
         extra="Lang: ar\nStatus: draft\n")  # fmt: skip
    post(content, "salary-he", title=HEBREW, date="2023-01-01", tags="salary", text="טקסט.", extra="Lang: he_IL\n")
    (content / "pages").mkdir()
    (content / "pages" / "about-ar.md").write_text("Title: من نحن\nSlug: about\nLang: ar\n\nنص.\n", encoding="utf-8")
    return build_site(tmp / "output", PATH=str(content))


def text(node) -> str:
    return " ".join(node.get_text().replace("\xa0", " ").split())


def isolates(item, title: str) -> bool:
    """Whether `title` sits in `item` in an element of its own (all of it, nothing else) that isolates it.

    A <bdi>, or an element with a `dir` (HTML gives it `unicode-bidi: isolate`): its text keeps its own
    direction and never reorders the words beside it ("1 min read", "← Older", a date).
    """
    holders = [element for element in (item, *item.find_all(True)) if text(element) == title]
    return any(element.name == "bdi" or element.has_attr("dir") for element in holders)


def listed(soup, selector: str, title: str):
    """The one item of a list (`selector`) that shows `title`."""
    (item,) = [item for item in soup.select(selector) if title in text(item)]
    return item


@pytest.mark.parametrize(
    ("path", "selector", "title"),
    [
        ("salary-en/", ".related li", ARABIC),  # beside "1 min read": the outside tester's
        ("salary-ar-ar/", ".related li", ENGLISH),
        ("salary-en/", "nav.post-nav a", ARABIC),  # beside "← Older"
        ("salary-ar-ar/", "nav.post-nav a", ENGLISH),
        ("salary-en/", "nav.series li", ARABIC),
        ("salary-ar-ar/", "nav.series li", ENGLISH),
        ("archives/", ".archive-list li", ARABIC),  # beside its date
        ("", ".drafts li", ARABIC_DRAFT),  # beside "Draft"
        ("", ".post-summary__title", ARABIC),  # the listings' headings: the post's lang and dir
        ("tag/salary/", ".post-summary__title", ARABIC),
        ("author/chris/", ".post-summary__title", ARABIC),
        ("", ".read-more", ARABIC),  # "Read the article: …", read out (the next tester's)
    ],
)
def test_a_right_to_left_title_is_isolated_wherever_it_is_listed(built, path, selector, title):
    """An outside tester's: an Arabic title in the related list read "1 كيف تتفاوض على الراتب min read"."""
    assert isolates(listed(page(built, path), selector, title), title)


def test_a_listed_title_carries_its_posts_language_and_direction(built):
    bdi = listed(page(built, "salary-en/"), ".related li", ARABIC).bdi
    assert (bdi["lang"], bdi["dir"]) == ("ar", "rtl")
    plain = listed(page(built, "salary-ar-ar/"), ".related li", ENGLISH).bdi  # the site's language: <bdi> alone
    assert not plain.has_attr("lang") and not plain.has_attr("dir")


def test_a_right_to_left_name_in_a_heading_is_isolated(built):
    """A tag's or a series' name between English words and quotation marks."""
    tag_page = page(built, "salary-en/").select_one(".tag-list").find("a", string=ARABIC_TAG)["href"]
    assert isolates(page(built, "tag/" + tag_page.rstrip("/").split("/")[-1] + "/").h1, ARABIC_TAG)
    assert text(page(built, "salary-en/").select_one("#series-title")) == "Part 2 of 2 in the series “Pay”"
    assert page(built, "salary-en/").select_one("#series-title bdi").get_text() == "Pay"


@pytest.fixture(scope="module")
def served(built):
    """The build served on 127.0.0.1."""
    yield from serve(built)


def test_the_reading_time_stays_after_a_right_to_left_title_in_the_browser(browser_page, served):
    """As the reader sees it: "1 min read" right of the Arabic title, its "1" never pulled before the title."""
    browser_page.goto(served + "salary-en/")
    item = browser_page.locator(".related li").filter(has_text=ARABIC)
    title_right = item.locator("a").evaluate("link => link.getBoundingClientRect().right")
    count = item.locator(".count")
    assert count.inner_text() == "1 min read"
    first_character = count.evaluate(
        """count => {
            const range = document.createRange();
            range.setStart(count.firstChild, 0);
            range.setEnd(count.firstChild, 1);
            return range.getBoundingClientRect().left;
        }"""
    )
    assert first_character > title_right


# --- The page's language marks ---------------------------------------------------------------------


def og_locale(soup) -> str:
    return soup.find("meta", property="og:locale")["content"]


def json_ld(soup) -> dict:
    return json.loads(soup.find("script", type="application/ld+json").string)


@pytest.mark.parametrize(
    ("path", "locale", "language"),
    [
        ("salary-ar-ar/", "ar", "ar"),  # the outside tester's: og:locale was `en`
        ("salary-he-he_IL/", "he_IL", "he-IL"),
        ("salary-en/", "en", "en"),  # no `Lang:`: the site's
        ("about-ar/", "ar", None),  # a page in another language (pages have no BlogPosting)
        ("", "en", None),
        ("tag/salary/", "en", None),
    ],
)
def test_a_pages_og_locale_and_json_ld_follow_its_posts_language(built, path, locale, language):
    soup = page(built, path)
    assert og_locale(soup) == locale
    if language:
        assert json_ld(soup)["inLanguage"] == language
    assert soup.html["lang"] == "en"  # the theme's words are the site's; Pagefind indexes the page under it


@pytest.mark.parametrize("path", ["salary-ar-ar/", "about-ar/"])
def test_a_posts_own_words_are_marked_with_its_language_and_the_themes_are_not(built, path):
    """Its title and text are Arabic, right to left; "By Chris · 1 min read", "Tags", the series' and the author's
    boxes are the site's English, left to right (they read ":Or copy its address" and "”Pay“ Part 1 of 2")."""
    soup = page(built, path)
    for own in (soup.select_one("h1.post__title"), soup.select_one(".post__body")):
        assert (own["lang"], own["dir"]) == ("ar", "rtl")
    themes = soup.select(".post-meta, .series h2, .tag-list, .share, .author-box")
    assert len(themes) == (0 if path == "about-ar/" else 5)
    for words in themes:
        marked = [element for element in (words, *words.parents) if element.name != "html" and element.has_attr("lang")]
        assert marked == [], words


@pytest.mark.parametrize(
    ("lang", "site", "locale"),
    [("ar", "en", "ar"), ("AR", "en", "ar"), ("he_IL", "en", "he_IL"), ("fr-ca", "en", "fr_CA"), ("en", "en", "en"),
     ("zh-Hant", "en", "zh"), ("zh-Hant-TW", "en", "zh_TW"), ("es-419", "en", "es"), ("", "en_US", "en_US"),
     (None, "en", "en"), ("<x>", "en", "en")],
)  # fmt: skip
def test_og_locale_is_a_language_and_a_territory(lang, site, locale):
    """Open Graph's `ll_TT`: no script, no region in digits; the site's language for a post without one."""
    from reading import og_locale

    assert og_locale(lang, site) == locale
