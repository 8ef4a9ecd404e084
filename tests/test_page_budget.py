"""The page budget: light pages, no layout shift, lazy images below the fold, responsive sizes."""

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from PIL import Image

from tests.conftest import ARTICLE
from tests.sitebuild import ROOT, build_site, copy_content, page

FIXTURES = Path(__file__).parent / "data" / "warnings"


def linked_css(site: Path, path: str, *, screen_only: bool = False) -> list[Path]:
    """The stylesheets a page links (`screen_only`: not those for print, which do not hold up reading)."""
    return [
        site / urlsplit(urljoin("/" + path, link["href"])).path.lstrip("/")
        for link in page(site, path).select("link[rel=stylesheet]")
        if not (screen_only and link.get("media") == "print")
    ]


def test_an_article_page_with_its_css_weighs_under_50_kb(site):
    html_file = site / ARTICLE / "index.html"
    total = html_file.stat().st_size + sum(f.stat().st_size for f in linked_css(site, ARTICLE))
    assert total < 50 * 1024, f"{total} bytes"


def test_nothing_to_download_before_reading(site):
    soup = page(site, ARTICLE)
    assert not soup.find_all("script", src=True), "no JavaScript is needed to read a page"
    for css in (site / "theme" / "css").glob("*.css"):
        assert "@font-face" not in css.read_text(), f"{css.name}: web fonts must be none or self-hosted"


def test_every_image_has_its_size_and_only_the_first_loads_eagerly(site):
    article = page(site, ARTICLE)
    images = article.select("main img")
    assert images
    for img in images:
        assert img.get("width") and img.get("height"), img
    assert article.select_one(".post figure img")["loading"] == "eager"
    home = page(site, "")
    assert home.select(".post-summary img")[0]["loading"] == "eager"


@pytest.fixture(scope="module")
def raster_site(tmp_path_factory):
    """A post with a large PNG as lead image and in its body."""
    tmp = tmp_path_factory.mktemp("raster")
    content = copy_content(tmp)
    Image.new("RGB", (1600, 900), (120, 140, 160)).save(content / "images" / "photo.png")
    (content / "images" / "photo.png.credit").write_text("Creator: Ann\nSource: Pics\n")
    (content / "photo-post.md").write_text(
        "Title: A Photo Post\nDate: 2016-01-01\nAuthor: Chris\nTags: x\nImage: images/photo.png\nImage-Alt: A grey photo\n\n"
        + "Words.\n\n" * 30
        + '![The same photo](images/photo.png "Again")\n'
    )
    return build_site(tmp / "output", PATH=str(content))


def test_smaller_copies_are_made_with_pillow(raster_site):
    for width in (480, 800, 1200):
        with Image.open(raster_site / "images" / f"photo-{width}w.png") as copy:
            assert copy.size == (width, round(900 * width / 1600))


def test_copies_no_longer_made_are_removed_from_a_kept_output_and_nothing_else(tmp_path):
    """An outside tester's: an image replaced by a smaller one kept its 800px copy, a deleted one all of its."""
    content = copy_content(tmp_path)
    Image.new("RGB", (1200, 600), (120, 140, 160)).save(content / "images" / "pic.png")
    (content / "images" / "pic.png.credit").write_text("Creator: Ann\nSource: Pics\n")
    (content / "pic-post.md").write_text(
        "Title: Pic\nDate: 2016-01-01\nAuthor: Chris\nTags: x\n\n![A grey picture](images/pic.png)\n"
    )
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    output = build_site(tmp_path / "out", PATH=str(content), **cache)
    assert (output / "images" / "pic-800w.png").is_file()
    (output / "images" / "pic-480w-mine.png").write_bytes(b"a file of the owner's")  # not the build's
    Image.new("RGB", (500, 250), (120, 140, 160)).save(content / "images" / "pic.png")
    output = build_site(tmp_path / "out", PATH=str(content), **cache)
    assert sorted(p.name for p in (output / "images").glob("pic-*")) == ["pic-480w-mine.png", "pic-480w.png"]
    (content / "pic-post.md").unlink()
    output = build_site(tmp_path / "out", PATH=str(content), **cache)
    assert sorted(p.name for p in (output / "images").glob("pic-*")) == ["pic-480w-mine.png"]


@pytest.mark.parametrize("where", [".post > figure img", ".post__body figure img"])
def test_srcset_offers_the_copies_and_each_resolves(raster_site, where):
    img = page(raster_site, "a-photo-post/").select_one(where)
    assert (img["width"], img["height"]) == ("1600", "900")
    candidates = [part.strip().split() for part in img["srcset"].split(",")]
    assert [w for _url, w in candidates] == ["480w", "800w", "1200w", "1600w"]
    for url, _w in candidates:
        assert (raster_site / urlsplit(urljoin("/a-photo-post/", url)).path.lstrip("/")).is_file(), url
    assert img["sizes"]


def test_an_image_replaced_by_an_older_file_gets_new_copies(tmp_path):
    """An outside tester's: a photo replaced with `cp -p` by one dated earlier kept its old smaller copies."""
    import os

    content = copy_content(tmp_path)
    photo = content / "images" / "photo.png"
    Image.new("RGB", (1000, 500), (200, 0, 0)).save(photo)
    (content / "images" / "photo.png.credit").write_text("Creator: Ann\nSource: Pics\n")
    (content / "photo-post.md").write_text(
        "Title: Photo\nDate: 2016-01-01\nAuthor: Chris\nTags: x\n\n![A photo](images/photo.png)\n"
    )
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    build_site(tmp_path / "out", PATH=str(content), **cache)
    Image.new("RGB", (1000, 500), (0, 0, 200)).save(photo)
    os.utime(photo, (1_577_836_800, 1_577_836_800))  # 2020: older than the copies
    output = build_site(tmp_path / "out", PATH=str(content), **cache)
    with Image.open(output / "images" / "photo-480w.png") as copy:
        assert copy.convert("RGB").getpixel((10, 10)) == (0, 0, 200)


@pytest.mark.parametrize("name", ["team photo.png", "offer,final.png", "both, at once (v2).png"])
def test_an_image_named_with_spaces_or_commas_is_offered_whole_and_passes_the_publish_checks(tmp_path, name):
    """An outside tester's: `team photo.jpg` passed check and build, then the publish found `images/team`."""
    from publishing.linkcheck import check_site

    content = copy_content(tmp_path)
    Image.new("RGB", (1200, 800), (120, 140, 160)).save(content / "images" / name)
    (content / "images" / f"{name}.credit").write_text("Creator: Ann\nSource: Pics\n")
    (content / "team.md").write_text(
        f'Title: Team\nDate: 2016-01-01\nAuthor: Chris\nTags: x\n\n![Our team](images/{name} "The team")\n'
    )
    output = build_site(tmp_path / "output", PATH=str(content))
    img = page(output, "team/").select_one(".post__body figure img")
    candidates = [part.strip().split() for part in re.split(r",\s", img["srcset"])]
    assert [w for _url, w in candidates] == ["480w", "800w", "1200w"], img["srcset"]
    for url, _w in candidates:
        assert (output / unquote(urlsplit(urljoin("/team/", url)).path).lstrip("/")).is_file(), url
    assert check_site(output, "", later=("pagefind/",)) == []


def test_body_images_below_the_fold_load_lazily(raster_site):
    assert page(raster_site, "a-photo-post/").select_one(".post__body figure img")["loading"] == "lazy"


def cached_build(content: Path, output: Path, cache: Path):
    return build_site(
        output,
        PATH=str(content),
        CACHE_CONTENT=True,
        LOAD_CONTENT_CACHE=True,
        CONTENT_CACHING_LAYER="generator",
        CACHE_PATH=str(cache),
    )


def test_a_changed_credit_is_not_served_stale_from_the_cache(tmp_path):
    content = copy_content(tmp_path)
    cached_build(content, tmp_path / "out", tmp_path / "cache")
    credit = content / "images" / "striking-out.svg.credit"
    credit.write_text(credit.read_text().replace("David Castillo Dominici", "Someone Else"))
    output = cached_build(content, tmp_path / "out", tmp_path / "cache")
    assert (
        "Image credit: Someone Else via FreeDigitalPhotos"
        in page(output, ARTICLE).select_one("figure .credit").get_text()
    )


def test_warnings_are_repeated_on_cached_builds(tmp_path, caplog):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES, content)
    cached_build(content, tmp_path / "out", tmp_path / "cache")
    caplog.clear()
    cached_build(content, tmp_path / "out", tmp_path / "cache")
    assert any(
        re.search(r"no-credit\.md:\d+: image images/bare\.svg has no credit", r.getMessage()) for r in caplog.records
    )


def site_files(root: Path) -> dict:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_warm_build_is_the_cold_build_and_leaves_unchanged_pages_untouched(tmp_path):
    from benchmarks.synthetic import generate

    content = generate(tmp_path / "synthetic", 12, 2)
    cached_build(content, tmp_path / "warm", tmp_path / "cache")
    # Pages that show nothing of the edited post (build_speed renders a page again when anything it
    # reads changed: the tags page counts every post it lists, whole): the 404 page, a listing it is not on.
    untouched = [tmp_path / "warm" / "404.html", tmp_path / "warm" / "page" / "2" / "index.html"]
    before = [page.stat().st_mtime_ns for page in untouched]
    edited = content / "post-00005.md"
    edited.write_text(edited.read_text() + "\nAn edited closing line.\n")
    warm = cached_build(content, tmp_path / "warm", tmp_path / "cache")
    cold = build_site(tmp_path / "cold", PATH=str(content))
    assert site_files(warm) == site_files(cold)  # cached posts resolve {static} links too
    assert b"{static}" not in (warm / "post-00005" / "index.html").read_bytes()
    assert b"edited closing" in (warm / "post-00005" / "index.html").read_bytes()
    assert [page.stat().st_mtime_ns for page in untouched] == before  # not rewritten


def test_an_edited_comment_is_rendered_anew_with_the_cache(tmp_path):
    from tests.test_comments_build import make_content

    content = make_content(tmp_path)
    cached_build(content, tmp_path / "out", tmp_path / "cache")
    stored = next((content / "comments").rglob("nf-5f3a1b2c9d0e.md"))
    stored.write_text(stored.read_text().replace("Thanks, this **helped** me.", "Edited *by hand*."))
    output = cached_build(content, tmp_path / "out", tmp_path / "cache")
    text = page(output, ARTICLE).select_one("#comment-nf-5f3a1b2c9d0e .comment__text")
    assert text.em.get_text() == "by hand" and "helped" not in text.get_text()


def test_rendered_comments_are_kept_from_one_warm_build_to_the_next(tmp_path, monkeypatch):
    from comments import prepare as preparing
    from comments.render import comment_html

    from tests.test_comments_build import make_content

    rendered = []

    class CountingRenderCache(preparing.RenderCache):
        def __init__(self):
            super().__init__(lambda text, fmt: rendered.append(text) or comment_html(text, fmt))

    monkeypatch.setattr(preparing, "RenderCache", CountingRenderCache)
    content = make_content(tmp_path)
    cached_build(content, tmp_path / "out", tmp_path / "cache")
    assert len(rendered) == 15  # every comment shown: 14 on the article, 1 on a post closed since
    rendered.clear()
    cached_build(content, tmp_path / "out", tmp_path / "cache")
    cached_build(content, tmp_path / "out", tmp_path / "cache")
    assert rendered == []
    assert page(tmp_path / "out", ARTICLE).select_one("#comments-title").get_text(strip=True) == "14 comments"


def test_a_commented_article_stays_under_the_budget(tmp_path):
    """Each comment brings its own reply form: they must stay light (14 comments here)."""
    from tests.test_comments_build import make_content

    output = build_site(tmp_path / "out", PATH=str(make_content(tmp_path)), COMMENTS_FORMSPREE_ID="x")
    html = (output / ARTICLE / "index.html").stat().st_size
    css = sum(f.stat().st_size for f in linked_css(output, ARTICLE, screen_only=True))
    assert page(output, ARTICLE).select_one("#comments-title").get_text(strip=True) == "14 comments"
    assert html + css < 50 * 1024, f"{html + css} bytes"


def test_feeds_offer_the_copies_with_resolved_links(raster_site):
    feed = (raster_site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "images/photo-480w.png 480w" in feed
    assert "{static}" not in feed


def test_the_stylesheets_are_served_minified_with_their_rules_whole(site):
    for sheet in ("tokens", "base", "layout", "components", "print"):
        served = (site / "theme" / "css" / f"{sheet}.css").read_text(encoding="utf-8")
        source = (ROOT / "theme" / "static" / "css" / f"{sheet}.css").read_text(encoding="utf-8")
        assert "/*" not in served and len(served) < len(source), sheet
        assert served.count("{") == source.count("{"), sheet  # every rule kept (no brace in a comment)


@pytest.mark.parametrize(
    "record", ['{"output": "OUT", "copies": ["a"]}', '{"output": "OUT", "copies": {"a": 5}}', "[1]", "not json"]
)
def test_a_damaged_record_of_the_copies_removes_nothing_and_stops_nothing(tmp_path, record):
    from image_credits import VARIANTS_RECORD, Variants

    output = tmp_path / "out"
    (output / "a").mkdir(parents=True)
    (tmp_path / VARIANTS_RECORD).write_text(record.replace("OUT", str(output)))
    Variants().forget_old(tmp_path / VARIANTS_RECORD, output)
    assert (output / "a").is_dir()
