"""The readers' features on a whole build of generated content: related posts, older and newer,
series, reading time, table of contents, share links and subscribe."""

from __future__ import annotations

import logging
import re

import pytest

from tests.conftest import ARTICLE
from tests.readers_content import SERIES, post, readers_content
from tests.sitebuild import build_site, copy_content, page


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("readers")
    return build_site(tmp / "output", PATH=str(readers_content(tmp)))


def text(node) -> str:
    return " ".join(node.get_text().replace("\xa0", " ").split())


def related_slugs(site, slug: str) -> list[str]:
    return [a["href"].strip("./").split("/")[-1] for a in page(site, f"{slug}/").select(".related li a")]


def published_posts(site) -> list[str]:
    return sorted(
        p.parent.name for p in site.glob("*/index.html") if page(site, p.parent.name + "/").select("article.post")
    )


# --- Related posts ----------------------------------------------------------------


def test_every_article_has_three_to_five_related_and_never_itself(built):
    for slug in published_posts(built):
        related = related_slugs(built, slug)
        assert 3 <= len(related) <= 5, (slug, related)
        assert slug not in related and len(set(related)) == len(related)


def test_a_rare_shared_tag_ranks_first(built):
    # post-00..02 share the rare tag; the common tag and the topic tag they share with many.
    assert set(related_slugs(built, "post-00")[:2]) == {"post-01", "post-02"}
    assert set(related_slugs(built, "post-01")[:2]) == {"post-00", "post-02"}
    assert set(related_slugs(built, "post-05")[:5]) <= {f"post-{n:02d}" for n in range(8)}  # then the topic's tag


def test_a_post_without_shared_tags_is_related_by_its_text(built):
    related = related_slugs(built, "lonely")
    assert len(related) == 3
    assert all(int(slug.split("-")[1]) < 8 for slug in related), related  # the salary posts


def test_drafts_and_hidden_posts_are_never_related(built):
    for slug in published_posts(built):
        assert not {"draft-part", "hidden-post"} & set(related_slugs(built, slug)), slug


def test_related_entries_show_their_reading_time(built):
    item = page(built, "post-05/").select_one(".related li")
    assert re.fullmatch(r"\d+ min read", item.select_one(".count").get_text(strip=True))


# --- Older / newer and series -----------------------------------------------------


def test_older_and_newer_follow_the_dates(built):
    nav = page(built, "post-05/").select_one("nav.post-nav")
    assert nav.select_one("a[rel=prev]")["href"].endswith("/post-04/")
    assert nav.select_one("a[rel=next]")["href"].endswith("/post-06/")
    oldest = page(built, ARTICLE).select_one("nav.post-nav")  # the seed article, of 2014: nothing older
    assert oldest.select_one("a[rel=prev]") is None and oldest.select_one("a[rel=next]")["href"].endswith("/long-read/")


def test_a_series_written_out_of_order_reads_in_order_on_each_part(built):
    order = ["hired-1", "hired-2", "hired-later"]
    for place, slug in enumerate(order, start=1):
        box = page(built, f"{slug}/").select_one("nav.series")
        assert text(box.h2) == f"Part {place} of 3 in the series “{SERIES}”"
        items = box.select("li")
        assert [text(i) for i in items] == [
            "Hired, the First Step", "Hired, the Second Step", "Hired, and After",
        ]  # fmt: skip
        assert items[place - 1].select_one("[aria-current=page]") and not items[place - 1].a
        links = [a["href"].strip("./").split("/")[-1] for a in box.select("a")]
        assert links == [s for s in order if s != slug]


def test_a_draft_part_shows_the_series_but_no_published_part_lists_it(built):
    draft_box = page(built, "drafts/draft-part/").select_one("nav.series")
    assert text(draft_box.select_one("[aria-current=page]")) == "A Draft Part"  # its part 3, before the unnumbered part
    assert [text(li) for li in draft_box.select("li")][2] == "A Draft Part"
    for slug in ("hired-1", "hired-2", "hired-later"):
        assert "A Draft Part" not in text(page(built, f"{slug}/").select_one("nav.series"))


def test_posts_outside_a_series_have_no_series_box(built):
    assert page(built, "post-03/").select_one("nav.series") is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("Series: X\nSeries-Part: two\n", "Series-Part 'two' is not a part number (write e.g. 'Series-Part: 2')"),
        ("Series-Part: 2\n", "Series-Part is given without Series (add 'Series: The series name')"),
    ],
)
def test_a_series_field_that_cannot_be_used_is_named_with_its_fix(tmp_path, caplog, extra, message):
    content = copy_content(tmp_path)
    post(content, "odd-part", title="Odd Part", date="2022-01-01", tags="x", text="Text.", extra=extra)
    with caplog.at_level(logging.WARNING):
        build_site(tmp_path / "out", PATH=str(content))
    assert any("odd-part.md" in r.getMessage() and message in r.getMessage() for r in caplog.records)


def test_two_parts_with_one_number_are_named(tmp_path, caplog):
    content = copy_content(tmp_path)
    post(
        content,
        "hired-2",
        title="Two",
        date="2021-01-01",
        tags="x",
        text="T.",
        extra=f"Series: {SERIES}\nSeries-Part: 2\n",
    )
    post(
        content,
        "twin",
        title="Twin",
        date="2022-01-01",
        tags="x",
        text="T.",
        extra=f"Series: {SERIES}\nSeries-Part: 2\n",
    )
    with caplog.at_level(logging.WARNING):
        build_site(tmp_path / "out", PATH=str(content))
    messages = [r.getMessage() for r in caplog.records if "Series-Part 2 is also" in r.getMessage()]
    assert len(messages) == 1 and "twin.md" in messages[0] and "hired-2.md" in messages[0]


# --- Reading time and table of contents --------------------------------------------


def minutes(soup) -> int:
    return int(re.search(r"(\d+) min read", soup.select_one(".post-meta").get_text()).group(1))


def test_reading_time_on_articles_and_listings(built):
    assert minutes(page(built, "short-note/")) == 1
    assert minutes(page(built, "long-read/")) > minutes(page(built, "post-01/")) >= 1
    listing = page(built, "tag/guides/")
    assert all(re.search(r"\d+ min read", meta.get_text()) for meta in listing.select(".post-summary .post-meta"))


def test_a_long_post_has_a_table_of_contents_that_links_every_heading(built):
    soup = page(built, "long-read/")
    toc = soup.select_one("nav.toc")
    assert toc is not None
    targets = [a["href"] for a in toc.select("a")]
    headings = soup.select(".post__body h2, .post__body h3")
    assert targets == ["#" + h["id"] for h in headings] and len(targets) == 8
    assert [a.get_text() for a in toc.select(":scope > ol > li > a")] == [f"Section {n}" for n in range(4)]
    for heading in headings:  # and every heading links to itself
        assert heading.select_one("a.heading-anchor")["href"] == "#" + heading["id"]


def test_toc_off_and_short_posts_have_none(built):
    assert page(built, "long-no-toc/").select_one("nav.toc") is None
    assert page(built, "long-no-toc/").select_one(".post__body h2 a.heading-anchor")  # anchors stay
    assert page(built, "short-note/").select_one("nav.toc") is None
    assert page(built, "post-01/").select_one("nav.toc") is None


def test_the_threshold_is_a_setting(tmp_path):
    content = copy_content(tmp_path)
    post(
        content,
        "long",
        title="Long",
        date="2021-01-01",
        tags="x",
        text="\n\n".join(f"## H{n}\n\nText." for n in range(5)),
    )
    assert page(build_site(tmp_path / "out", PATH=str(content)), "long/").select_one("nav.toc")
    site = build_site(tmp_path / "out2", PATH=str(content), TOC_MIN_HEADINGS=6)
    assert page(site, "long/").select_one("nav.toc") is None


# --- Share and subscribe -----------------------------------------------------------


def test_share_links_need_no_script_and_load_nothing(built):
    soup = page(built, "post-05/")
    links = {a.get_text(): a["href"] for a in soup.select(".share li a")}
    assert list(links) == ["LinkedIn", "Bluesky", "Email"]
    assert links["LinkedIn"].startswith("https://www.linkedin.com/sharing/share-offsite/?url=")
    assert links["Bluesky"].startswith("https://bsky.app/intent/compose?text=Post+5")
    assert links["Email"].startswith("mailto:?subject=Post%205")
    field = soup.select_one(".share input")
    assert field.has_attr("readonly") and field["value"].endswith("post-05/")
    assert not soup.find_all("script", src=True) and not soup.find_all("iframe")
    loaded = [t.get("src") or t.get("href") for t in soup.find_all(["img", "link", "source"])]
    assert [url for url in loaded if url and url.startswith(("http:", "https:", "//"))] == []


def test_every_page_advertises_the_feeds(built):
    for html in built.rglob("*.html"):
        soup = page(built, str(html.relative_to(built)))
        if soup.find("main") is None:  # a redirect page
            continue
        kinds = {link["type"] for link in soup.select("head link[rel=alternate]")}
        assert {"application/atom+xml", "application/rss+xml"} <= kinds, html
        assert soup.select_one("footer .subscribe a[href$='feeds/all.atom.xml']"), html


@pytest.mark.parametrize(
    ("path", "feed"), [("tag/negotiation/", "feeds/tag/negotiation"), ("author/chris/", "feeds/author/chris")]
)
def test_tag_and_author_pages_offer_their_own_feeds(built, path, feed):
    soup = page(built, path)
    head = [link["href"] for link in soup.select("head link[rel=alternate]")]
    shown = [a["href"] for a in soup.select(".subscribe a")]
    for ending in (f"{feed}.atom.xml", f"{feed}.rss.xml"):
        assert any(h.endswith(ending) for h in head) and any(s.endswith(ending) for s in shown)
        assert (built / f"{feed}{ending[len(feed) :]}").is_file()


def test_no_newsletter_form_until_configured(built):
    assert page(built, "").select_one("form.newsletter") is None


def test_a_configured_newsletter_is_a_plain_form_to_the_service(tmp_path):
    site = build_site(tmp_path / "out", NEWSLETTER_SERVICE="buttondown", NEWSLETTER_ACCOUNT="second-round")
    for path in ("", "what-to-do-after-striking-out-in-the-job-market/", "tags/"):
        form = page(site, path).select_one("footer form.newsletter")
        assert form["action"] == "https://buttondown.com/api/emails/embed-subscribe/second-round"
        assert form["method"] == "post"
        email = form.select_one("input[type=email]")
        assert email["name"] == "email" and email.has_attr("required")
        assert form.find_parent().find("script") is None
        policy = page(site, path).select_one("meta[http-equiv=Content-Security-Policy]")["content"]
        form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
        assert "https://buttondown.com" in form_action.split()  # the page's policy lets the form post


def test_a_custom_newsletter_service_keeps_its_fields(tmp_path):
    site = build_site(
        tmp_path / "out",
        NEWSLETTER_SERVICE="custom",
        NEWSLETTER_ACTION="https://x.us1.list-manage.com/subscribe/post?u=1&id=2",
        NEWSLETTER_EMAIL_FIELD="EMAIL",
        NEWSLETTER_HIDDEN_FIELDS={"b_1_2": ""},
        NEWSLETTER_SERVICE_NAME="Mailchimp",
    )
    form = page(site, "").select_one("form.newsletter")
    assert form["action"] == "https://x.us1.list-manage.com/subscribe/post?u=1&id=2"
    assert form.select_one("input[type=email]")["name"] == "EMAIL"
    assert form.select_one("input[type=hidden]")["name"] == "b_1_2"
    assert "Mailchimp" in form.get_text()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"NEWSLETTER_SERVICE": "buttondown"}, "NEWSLETTER_ACCOUNT is empty"),
        ({"NEWSLETTER_SERVICE": "custom", "NEWSLETTER_ACTION": "http://x.example/"}, "is not an https:// address"),
        ({"NEWSLETTER_SERVICE": "substack"}, "NEWSLETTER_SERVICE 'substack' is unknown"),
    ],
)
def test_a_newsletter_setting_that_cannot_work_is_named_and_the_form_left_out(tmp_path, caplog, settings, message):
    with caplog.at_level(logging.WARNING):
        site = build_site(tmp_path / "out", **settings)
    assert any(message in r.getMessage() for r in caplog.records)
    assert page(site, "").select_one("form.newsletter") is None


def test_hostile_series_titles_and_headings_stay_text_in_every_box(tmp_path):
    content = copy_content(tmp_path)
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    for n in (1, 2):
        post(
            content,
            f"hostile-{n}",
            title=f'Part {n} "quoted" &amp; <b>bold</b>',
            date=f"2022-01-0{n}",
            tags="x",
            text="\n\n".join(f"## Heading {k} <em>em</em> &lt;b&gt;\n\nText." for k in range(4)),
            extra=f"Series: {hostile}\nSeries-Part: {n}\n",
        )
    output = build_site(tmp_path / "out", PATH=str(content))
    soup = page(output, "hostile-1/")
    for box in soup.select("nav.series, nav.toc, .share, .related, nav.post-nav"):
        assert box.find(["script", "img"]) is None, box  # a title's <b> is inline formatting, kept
        assert not [a for tag in box.find_all(True) for a in tag.attrs if a.startswith("on")]
    assert hostile in text(soup.select_one("nav.series h2"))  # shown as typed
    assert soup.select_one("nav.toc a").get_text() == "Heading 0 em <b>"
    bluesky = soup.select(".share li a")[1]["href"]
    assert "%3Cb%3E" not in bluesky and "Part+1" in bluesky  # the plain title, encoded


# --- A heading's id never takes one of the theme's (an outside tester's finding) ---


def theme_ids() -> set[str]:
    from tests.sitebuild import ROOT

    found = set()
    for template in (ROOT / "theme" / "templates").rglob("*.html"):
        found |= set(re.findall(r'\bid="([A-Za-z][\w-]*)"', template.read_text(encoding="utf-8")))
    return found


def theme_id_prefixes() -> set[str]:
    from tests.sitebuild import ROOT

    found = set()
    for template in (ROOT / "theme" / "templates").rglob("*.html"):
        found |= set(re.findall(r'\bid="([A-Za-z][\w-]*-)\{\{', template.read_text(encoding="utf-8")))
    return found


def test_the_reading_plugin_knows_every_id_the_theme_gives_its_own_elements():
    from reading import THEME_ID_PREFIXES, THEME_IDS

    assert theme_ids() == set(THEME_IDS), "list the theme's new ids in reading.THEME_IDS"
    # bio- and summary-: given by author_bios and the listed_summary filter, not written in the templates
    assert theme_id_prefixes() | {"bio-", "summary-"} == set(THEME_ID_PREFIXES), "list the theme's new ids there"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<h2 id="comments">Comments</h2><a href="#comments">x</a>',
            '<h2 id="comments-2">Comments</h2><a href="#comments-2">x</a>',
        ),
        ('<h2 id="comments">A</h2><h2 id="comments-2">B</h2>', '<h2 id="comments-3">A</h2><h2 id="comments-2">B</h2>'),
        ('<h2 id="main">Main</h2><a href="#other">y</a>', '<h2 id="main-2">Main</h2><a href="#other">y</a>'),
        (
            '<h2 id="salary">Salary</h2><a href="#comments">x</a>',
            '<h2 id="salary">Salary</h2><a href="#comments">x</a>',
        ),
        ("<p>No ids.</p>", "<p>No ids.</p>"),
        # The third outside tester's: code showing an id is text, not an element's
        (
            '<p><code>&lt;main id="main"&gt; &lt;a href="#main"&gt;</code></p>',
            '<p><code>&lt;main id="main"&gt; &lt;a href="#main"&gt;</code></p>',
        ),
        (
            '<h2 id="author-chris">Author Chris</h2><a href="#author-chris">x</a>',
            '<h2 id="post-author-chris">Author Chris</h2><a href="#post-author-chris">x</a>',
        ),
        (  # the fourth tester's: a renamed id another heading has already
            '<h2 id="author-chris">A</h2><h2 id="post-author-chris">B</h2>',
            '<h2 id="post-author-chris-2">A</h2><h2 id="post-author-chris">B</h2>',
        ),
    ],
)
def test_an_id_the_theme_takes_is_renamed_with_the_posts_links_to_it(html, expected):
    from reading.text import free_ids

    assert free_ids(html, frozenset({"comments", "main"}), ("author-",)) == expected


def test_short_posts_with_footnotes_and_the_same_headings_give_a_listing_no_id_twice(tmp_path):
    """Found by an outside tester: two short posts' `fn:1` and `intro` ids twice on the home and tag pages."""
    content = copy_content(tmp_path)
    for number in (1, 2):
        (content / f"short-{number}.md").write_text(
            f"Title: Short {number}\nDate: 2024-01-0{number}\nAuthor: Chris\nTags: offers\n\n"
            f"## Intro\n\nA claim.[^1]\n\n[^1]: Post {number}'s source.\n",
            encoding="utf-8",
        )
    output = build_site(tmp_path / "out", PATH=str(content))
    for listing in ("", "tag/offers/"):
        soup = page(output, listing)
        ids = [tag["id"] for tag in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), sorted(name for name in ids if ids.count(name) > 1)
        for summary in soup.select(".post-summary__text"):
            for link in summary.select('a[href^="#"]'):  # a summary's footnote and heading links stay within it
                assert summary.find(id=link["href"][1:]) is not None, link
        notes = [summary.select_one("a.footnote-ref") for summary in soup.select(".post-summary__text")]
        assert len({note["href"] for note in notes if note}) == 2
    post = page(output, "short-2/")  # the post's own page keeps its ids
    assert post.find(id="intro") is not None and post.select_one("a.footnote-ref")["href"] == "#fn:1"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # a later tester's: the slugs `salary` and `salary-tips` made the same id of `tips-intro` and `intro`
        ('<h2 id="tips-intro">A</h2>', '<h2 id="summary-salary/tips-intro">A</h2>'),
        # a note cut off with the rest of the post: its link leads to the post's page
        ('<a href="#fn:1">1</a>', '<a href="/salary/#fn:1">1</a>'),
        (
            '<label for="q">Q</label><input id="q">',
            '<label for="summary-salary/q">Q</label><input id="summary-salary/q">',
        ),
        (
            '<p aria-describedby="n x" id="n">t</p>',
            '<p aria-describedby="summary-salary/n x" id="summary-salary/n">t</p>',
        ),
        (
            '<svg><linearGradient id="g"/><rect fill="url(#g)"/><use xlink:href="#g"/></svg>',
            '<svg><linearGradient id="summary-salary/g"/><rect fill="url(#summary-salary/g)"/>'
            '<use xlink:href="#summary-salary/g"/></svg>',
        ),
        ("<p>No ids, <code>#x</code>.</p>", "<p>No ids, <code>#x</code>.</p>"),
    ],
)
def test_a_summary_on_a_listing_has_ids_of_its_own_and_what_points_to_them_follows(html, expected):
    from reading import listed_summary

    assert str(listed_summary(html, "salary", "/salary/")) == expected


def test_a_writers_comments_heading_leaves_the_comments_link_and_skip_link_to_the_theme(tmp_path):
    content = copy_content(tmp_path)
    bio = content / "authors" / "chris.md"  # a bio shown on the same page, with a heading and a footnote of its own
    bio.write_text(bio.read_text(encoding="utf-8") + "\n## Comments\n\nA note.[^1]\n\n[^1]: The bio's note.\n")
    (content / "headings.md").write_text(
        "Title: Headings\nDate: 2024-01-01\nAuthor: Chris\nTags: offers\n\n"
        "## Main\n\nText.\n\n## Comments\n\nSee [my comments](#comments).\n\n## Tags heading\n\nMore.[^1]\n\n"
        '## Author Chris\n\n`<main id="main">`\n\n[^1]: The post\'s note.\n',
        encoding="utf-8",
    )
    soup = page(build_site(tmp_path / "out", PATH=str(content)), "headings/")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(name for name in ids if ids.count(name) > 1)
    assert soup.find(id="comments").name != "h2" and soup.find(id="main").name == "main"
    assert soup.find("a", string="my comments")["href"] == "#comments-2"
    assert soup.find(id="comments-2").name == "h2"
    assert soup.find("code", string='<main id="main">') is not None  # the writer's code, as written
    bio_note = soup.select_one(".author-box a.footnote-ref") or soup.select_one("[id^=bio-] a.footnote-ref")
    assert bio_note is not None and soup.find(id=bio_note["href"].lstrip("#")) is not None
