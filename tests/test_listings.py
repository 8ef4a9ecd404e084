"""Listings over several posts: pagination, archives, authors index."""

from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.sitebuild import build_site, page

DATA = Path(__file__).parent / "data" / "warnings"


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("paged"), PATH=str(DATA), DEFAULT_PAGINATION=2)


def test_home_page_paginates_newest_first(paged):
    first, second = page(paged, ""), page(paged, "page/2/")
    titles = [h.get_text(" ", strip=True) for h in first.select(".post-summary__title")]
    assert titles[0].replace("\xa0", " ") == "A Post With Everything Right"
    assert len(titles) == 2 and len(second.select(".post-summary")) == 2
    assert urljoin("/", first.select_one(".pagination a[rel=next]")["href"]) == "/page/2/"
    assert urljoin("/page/2/", second.select_one(".pagination a[rel=prev]")["href"]) == "/"
    assert "Page 2 of 2" in second.select_one(".pagination").get_text()


def test_archives_group_posts_by_year(paged):
    archives = page(paged, "archives/")
    assert archives.find("h2").get_text() == "2020"
    assert len(archives.select(".archive-list li time[datetime]")) == 4


def test_authors_index_lists_each_author_with_counts(paged):
    names = [
        b.select_one(".author-box__name").get_text(" ", strip=True)
        for b in page(paged, "authors/").select(".author-box")
    ]
    assert names == ["Dana Zoë (3 articles)", "Nobody Known (1 article)"]
