"""The real site, built with the project's settings: what a reader gets."""

import re
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest

from tests.conftest import ARTICLE
from tests.sitebuild import page


def text(node) -> str:
    """Visible text with typogrify's no-break spaces folded to plain spaces."""
    return re.sub(r"\s+", " ", node.get_text()).strip()


@pytest.fixture(scope="module")
def article(site):
    return page(site, ARTICLE)


def test_article_has_its_title_headings_and_closing(article):
    assert text(article.find("h1")) == "What to Do After Striking Out in the Job Market"
    headings = [text(h).removesuffix(" #") for h in article.select(".post__body h2")]
    assert headings == ["Expand Your Network", "Evaluate Your Performance", "Expect More to Come"]
    for heading in article.select(".post__body h2"):  # each heading links to itself
        assert heading.select_one("a.heading-anchor")["href"] == "#" + heading["id"]
    paragraphs = [text(p) for p in article.select(".post__body > p")]
    assert paragraphs[0].startswith("So after all of that hard work")
    assert paragraphs[-1] == "Good luck!"
    assert len(paragraphs) == 10


def test_mandela_quote_is_a_real_blockquote(article):
    quote = article.select_one(".post__body blockquote")
    assert "The greatest glory in living lies not in never falling, but in rising every time we fall." in text(quote)
    assert "Nelson Mandela" in text(quote)


def test_lead_image_is_a_figure_with_caption_and_credit(site, article):
    figure = article.select_one("article figure")
    img = figure.find("img")
    assert img["alt"].startswith("A job seeker")
    assert (site / ARTICLE / img["src"]).resolve().is_file()
    assert text(figure.select_one(".figure__caption")) == "Don’t get discouraged if you didn’t get the job."
    credit = figure.select_one("figcaption .credit")
    assert text(credit) == "Image credit: David Castillo Dominici via FreeDigitalPhotos"
    assert credit.find("a", string="FreeDigitalPhotos")["href"] == "http://www.freedigitalphotos.net/"


def test_author_box_shows_chris_bio(article):
    box = article.select_one(".author-box")
    assert text(box.find("h2")) == "About the author"
    assert "Chris graduated from Georgia State University in 2009" in text(box)
    assert box.find("a", string="Chris")["href"] == "../author/chris/"


def test_tags_link_to_pages_that_list_the_article(site, article):
    tags = article.select(".tag-list a[rel=tag]")
    assert [text(a) for a in tags] == ["job search", "interviews", "networking", "rejection"]
    for tag in tags:
        target = urlsplit(urljoin("/" + ARTICLE, tag["href"])).path.lstrip("/")
        listing = page(site, target)
        assert listing.find("a", href=re.compile(ARTICLE)), target


def test_tag_index_lists_every_tag_with_its_count(site):
    entries = [text(li) for li in page(site, "tags/").select(".tag-index li")]
    assert entries == [
        "interviews (1 article)",
        "job search (1 article)",
        "networking (1 article)",
        "rejection (1 article)",
    ]


def test_author_page_shows_the_bio_and_the_articles(site):
    author = page(site, "author/chris/")
    assert "Chris graduated from Georgia State University" in text(author.select_one(".author-box"))
    assert author.find("a", href=re.compile(ARTICLE), rel="bookmark")


def test_home_page_lists_title_date_summary_author_and_image(site):
    home = page(site, "")
    summary = home.select_one(".post-list .post-summary")
    assert text(summary.find("h2")) == "What to Do After Striking Out in the Job Market"
    assert summary.find("time")["datetime"].startswith("2014-02-18")
    assert "Getting turned down for a job happens to nearly everyone" in text(summary)
    assert summary.find("a", rel="author", string="Chris")
    assert summary.select_one("figure img")["alt"].startswith("A job seeker")
    assert text(summary.select_one("figure .credit")).startswith("Image credit:")


def test_header_shows_site_name_and_tagline(site):
    home = page(site, "")
    assert text(home.select_one(".site-title")) == "Second Round"
    assert text(home.select_one(".site-tagline")) == "Honest career advice for every stage of the job hunt"


def test_typography_is_smart_in_text_and_never_leaks_into_head_or_attributes(site, article):
    body = article.select_one(".post__body")
    assert "They’ve decided to go in “another direction.”" in text(body)
    assert "\xa0" in article.select_one(".post__body h2").get_text(), "no widow protection in headings"
    raw = (site / ARTICLE / "index.html").read_text(encoding="utf-8")
    head = raw.split("</head>")[0]
    assert "What to Do After Striking Out in the Job Market" in article.title.get_text().replace("\xa0", " ")
    assert not re.search(r"<title>[^<]*(&amp;|&#|&nbsp;)", head)
    for tag in article.find_all(True):
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            assert not any("<span" in v or "&#" in v for v in values), (tag.name, name, value)


def test_semantic_landmarks_and_skip_link(article):
    for landmark in ("header", "nav", "main", "article", "footer"):
        assert article.find(landmark), landmark
    skip = article.select_one("a.skip-link")
    assert skip["href"] == "#main" and article.find("main", id="main")


def test_atom_feed_carries_the_article(site):
    feed = feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    # Typogrify's no-break space against widows is a character, not markup.
    assert [e.title.replace("\xa0", " ") for e in feed.entries] == ["What to Do After Striking Out in the Job Market"]
    assert "<" not in feed.entries[0].title
    assert feed.entries[0].author == "Chris"


def test_every_internal_link_and_asset_exists(site):
    broken = []
    for html_file in site.rglob("*.html"):
        soup = page(site, str(html_file.relative_to(site)))
        base = "/" + str(html_file.relative_to(site).parent).replace(".", "") + "/"
        for tag in soup.find_all(["a", "link", "img", "script"]):
            ref = tag.get("href") or tag.get("src")
            if not ref or urlsplit(ref).scheme or ref.startswith(("#", "mailto:")):
                continue
            path = urlsplit(urljoin(base, ref)).path.lstrip("/")
            if path.startswith("pagefind/"):  # the search index, written after Pelican's build (test_search.py)
                continue
            target = site / path
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{html_file.relative_to(site)}: {ref}")
    assert broken == []


def test_no_request_to_any_third_party_host(site):
    for html_file in site.rglob("*.html"):
        soup = page(site, str(html_file.relative_to(site)))
        for tag in soup.find_all(["link", "img", "script", "iframe"]):
            ref = tag.get("src") or (tag.get("href") if tag.name == "link" else None)
            assert not ref or not urlsplit(ref).netloc, f"{html_file}: {ref}"


def test_a_development_build_after_a_production_one_empties_the_output_once_even_without_its_cache(tmp_path):
    """The fifth tester's: with cache/ deleted in between, the production pages of a deleted post stayed."""
    import shutil as files

    from tests.sitebuild import copy_content
    from tools.site.build import run_build

    content, output, cache = copy_content(tmp_path), tmp_path / "output", tmp_path / "cache"
    (content / "doomed.md").write_text(
        "Title: Doomed Post\nDate: 2024-01-01\nAuthor: Chris\nTags: doomedtag\n\nText.\n"
    )
    common = {"PATH": str(content), "CACHE_PATH": str(cache), "COMMENTS_FORMSPREE_ID": "test1234"}
    run_build("pelicanconf.py", str(output), CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, **common)
    run_build("publishconf.py", str(output), SITEURL="https://blog.example.com", **common)
    assert (output / "doomed-post" / "index.html").is_file()
    (content / "doomed.md").unlink()
    files.rmtree(cache)
    run_build("pelicanconf.py", str(output), CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, **common)
    assert not (output / "doomed-post").exists() and not (output / "tag" / "doomedtag").exists()


def test_menu_items_with_a_full_address_or_a_leading_slash_link_where_they_say(tmp_path):
    """An outside tester's: `("Old blog", "https://...")` became `./https://...`, `/about/` became `.//about/`,
    and the publish stopped on every page."""
    from publishing.linkcheck import check_site

    from tests.sitebuild import build_site

    menu = [("Archives", "archives/"), ("About", "/tags/"), ("Old blog", "https://old.example.com/"),
            ("Write", "mailto:editor@example.com")]  # fmt: skip
    output = build_site(tmp_path / "out", MENUITEMS=menu)
    links = {a.get_text(): a["href"] for a in page(output, "tags/").select(".site-nav a")}
    assert links == {
        "Home": "../",
        "Archives": "../archives/",
        "About": "../tags/",
        "Old blog": "https://old.example.com/",
        "Write": "mailto:editor@example.com",
    }
    assert check_site(output, "", later=("pagefind/",)) == []
