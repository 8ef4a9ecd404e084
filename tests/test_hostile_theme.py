"""Hostile metadata through the theme: whole builds, and Hypothesis properties at function level.

A writer pastes titles, summaries, alt text, captions, credits and bio links from
anywhere; a WordPress import writes them from someone else's export. Whatever they
hold (raw tags, entity-encoded tags, quotes, control characters), no page gains an
element, an attribute or a script from them, and no written file holds a control
character.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from author_bios.bios import parse_links
from bs4 import BeautifulSoup
from escaping.markup import CONTROLS, INLINE_TAGS, TYPOGRIFY_CLASSES, plain_text, summary_html, title_html
from escaping.urls import is_web_url
from hypothesis import example, given
from hypothesis import strategies as st
from image_credits.credits import Credit, format_credit, parse_credit
from image_credits.figures import Image, render_figure
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from publishing.strict import strict_build

from tests.sitebuild import ROOT, build_site, copy_content, page
from tests.test_escaping import html_pages, live_markup

# Hypothesis feeds BeautifulSoup text that looks like a file name; it is markup here.
pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")

# --- Whole builds ----------------------------------------------------------------------------

HOSTILE_POST = """\
Title: Salary &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; \x1b[31mtalks\x1b[0m "&lt;/title&gt;&lt;svg onload=alert(2)&gt;"
Date: 2024-06-01 09:00
Author: Chris
Tags: salary, "><img src=x onerror=alert(3)>
Category: Money</title><script>alert(4)</script>
Slug: salary-talks
Summary: What to say &lt;/p&gt;&lt;script&gt;alert(5)&lt;/script&gt; and <iframe src=https://evil.example></iframe> when\x00 asked.
Image: images/striking-out.svg
Image-Alt: A desk" onmouseover="alert(6)
Image-Caption: </figcaption><script>alert(7)</script> &lt;b onclick=alert(8)&gt;

![Chart" onerror="alert(9)](images/striking-out.svg "Cap</span><script>alert(10)</script>")

Ask for the range first\x07.
"""
HOSTILE_BIO = """\
Name: Dana
Photo: javascript:alert(19)
Photo-Alt: Dana" onerror="alert(11)
Links: Website https://dana.example/"onmouseover="alert(12)
    Blog https://dana.example/blog
    Tricky javascript:alert(13)
    Spaced https://dana.example/a\tb

Dana &lt;script&gt;alert(14)&lt;/script&gt; writes about pay.\x1b]8;;https://evil.example\x1b\\
"""
HOSTILE_CREDIT = """\
Creator: Eve</small><script>alert(15)</script>
Creator-URL: https://eve.example/"onclick="alert(16)
Source: Stock &lt;img src=x onerror=alert(17)&gt;
Source-URL: javascript:alert(18)
Licence: CC\x00 BY
"""


def hostile_content(tmp: Path) -> Path:
    """The fixture site, plus a post by an author whose bio, image and credit are all hostile."""
    content = copy_content(tmp)
    (content / "salary-talks.md").write_text(HOSTILE_POST.replace("Author: Chris", "Author: Dana"), encoding="utf-8")
    (content / "authors" / "dana.md").write_text(HOSTILE_BIO, encoding="utf-8")
    (content / "images" / "striking-out.svg.credit").write_text(HOSTILE_CREDIT, encoding="utf-8")
    (content / "scheme-lead.md").write_text(
        "Title: Lead\nDate: 2024-06-02\nAuthor: Dana\nTags: salary\nImage: javascript:alert(20)\n\nBody.\n"
    )
    return content


@pytest.fixture(scope="module")
def hostile_builds(tmp_path_factory):
    """The hostile site built for development and for production (strictly: its warnings are kept)."""
    tmp = tmp_path_factory.mktemp("hostile-theme-site")
    content = hostile_content(tmp)
    development = build_site(tmp / "development", PATH=str(content))
    production = tmp / "production"
    warnings = strict_build(
        str(ROOT / "publishconf.py"),
        {"PATH": str(content), "OUTPUT_PATH": str(production), "COMMENTS_FORMSPREE_ID": "xyzzy"},
    )
    return {"development": development, "production": production, "warnings": warnings}


@pytest.mark.parametrize("build", ["development", "production"])
def test_no_page_gains_a_script_handler_or_element_from_metadata(hostile_builds, build):
    pages = html_pages(hostile_builds[build])
    assert {path: live for path, soup in pages if (live := live_markup(soup))} == {}
    for path, soup in pages:
        assert not soup.find_all(["svg", "iframe", "b"]), path
        urls = [t.get("href", "") for t in soup.find_all("a")] + [t.get("src", "") for t in soup.find_all("img")]
        assert not [url for url in urls if "javascript:" in url.lower()], path
        assert len(soup.find_all("title")) == 1 and len(soup.find_all("h1")) <= 1, path


@pytest.mark.parametrize("build", ["development", "production"])
def test_no_written_file_holds_a_control_character(hostile_builds, build):
    output = hostile_builds[build]
    written = [p for p in output.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".txt")]
    assert len(written) > 20
    assert [p.relative_to(output).as_posix() for p in written if CONTROLS.search(p.read_text("utf-8"))] == []


def test_hostile_values_show_as_the_text_they_are(hostile_builds):
    article = page(hostile_builds["production"], "salary-talks/")
    assert "<script>alert(1)</script>" not in article.h1.get_text()  # double-encoded: shown one level down
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article.h1.get_text()
    assert "</title><svg onload=alert(2)>" in article.title.get_text()
    figure = article.select_one(".post figure")
    assert figure.img["alt"] == 'A desk" onmouseover="alert(6)'
    assert "</figcaption><script>alert(7)</script>" in figure.figcaption.get_text()
    assert "Eve</small><script>alert(15)</script>" in figure.select_one(".credit").get_text()


def test_a_feed_title_shows_the_text_the_page_shows_and_no_tag_comes_alive(hostile_builds):
    """`&lt;/title&gt;&lt;script&gt;` in a title was a live `</title><script>` to readers showing RSS titles as HTML."""
    from xml.etree import ElementTree

    output = hostile_builds["production"]
    shown = page(output, "salary-talks/").h1.get_text()
    atom = "{http://www.w3.org/2005/Atom}"
    for feed, titles in (("all.rss.xml", "channel/item/title"), ("all.atom.xml", f"{atom}entry/{atom}title")):
        title = next(t.text for t in ElementTree.parse(output / "feeds" / feed).getroot().iterfind(titles)
                     if "Salary" in t.text)  # fmt: skip
        as_html = BeautifulSoup(title, "html.parser") if feed.endswith(".rss.xml") else None
        text = as_html.get_text() if as_html else title  # RSS: read as HTML, as many readers do; Atom: text
        assert " ".join(text.split()) == " ".join(shown.split()), feed
        assert not (as_html and as_html.find_all(True)), title
    assert "</title><svg" in shown  # the page shows the markup as text, and so does every feed reader


def test_bad_bio_links_and_credit_urls_are_refused_with_their_file(hostile_builds):
    article = page(hostile_builds["production"], "salary-talks/")
    links = [a["href"] for a in article.select(".author-box__links a")]
    assert links == ["https://dana.example/blog"]
    credit = article.select_one(".post figure .credit")
    assert [a.get("href") for a in credit.find_all("a")] == []  # neither URL survived
    warnings = hostile_builds["warnings"]
    for expected in (
        "authors/dana.md:4: link 'Website https://dana.example/\"onmouseover=\"alert(12)' must be",
        "authors/dana.md:6: link 'Tricky javascript:alert(13)' must be",  # each at its own line
        "authors/dana.md:7: link 'Spaced https://dana.example/a",  # a tab is no part of an address
        "striking-out.svg.credit:2: Creator-URL must be an http(s) URL",
        "striking-out.svg.credit:4: Source-URL must be an http(s) URL",
        "authors/dana.md:2: Photo 'javascript:alert(19)' must be a path under the content folder",
        "scheme-lead.md:5: Image 'javascript:alert(20)' is neither a path of the site nor an http(s) address",
    ):
        assert any(expected in w for w in warnings), (expected, warnings)


# --- Properties, at function level ---------------------------------------------------------------

# Fragments an attacker (or a careless paste) would use, mixed with arbitrary text.
FRAGMENTS = [
    "<script>", "</script>", "</title>", "<img src=x onerror=alert(1)>", '"', "'", "`", "&", ";", "=", "<", ">",
    "&lt;", "&gt;", "&amp;", "&quot;", "&#60;", "&#x3C;", "&amp;lt;script&amp;gt;", "&lt;/title&gt;&lt;script&gt;",
    " onmouseover=", "javascript:", "<span class='caps' onclick='x'>", "<a href='javascript:x'>", "<!--", "-->",
    "<style>", "<svg/onload=alert(1)>", "\x00", "\x1b[2J", "\x1b]8;;x\x1b\\", "\x7f", "\x85", "\x9b", "\u202e",
    "\r\n", "\t",
]  # fmt: skip
values = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=12).map("".join)


def theme_environment() -> Environment:
    """The theme's Jinja environment as a build makes it: the settings' options and every plugin's filters."""
    import csp
    import escaping
    import image_credits
    import reading
    import structured_data

    settings = {"TYPOGRIFY": True, "CSP": True}
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True, trim_blocks=True)
    generator = SimpleNamespace(env=env, settings=settings, context={})
    for plugin in (escaping, image_credits, structured_data, reading):
        plugin.add_filters(generator) if hasattr(plugin, "add_filters") else None
    escaping.prepare_environment(generator)
    csp.add_globals(generator)
    return env


ENV = theme_environment()
HEAD = ENV.from_string(
    '<title>{{ v|plain_text }} · {{ "Site"|plain_text }}</title>\n'
    '<meta name="description" content="{{ v|plain_text|truncate(300) }}">\n'
    '{% set page_title = v|plain_text %}{% set page_description = v|plain_text %}{% set page_url = "/x/" %}'
    '{% set page_article = None %}{% include "partials/meta.html" %}'
    "<p>{{ v }}</p><p>{{ v|plain_text }}</p>"
)


def structure(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """The elements of a fragment and their attribute names, in order: what markup the browser builds."""
    return [(tag.name, tuple(sorted(tag.attrs))) for tag in BeautifulSoup(html, "html.parser").find_all(True)]


BENIGN = structure(HEAD.render(v="plain words", SITENAME="Site", DEFAULT_LANG="en", SITEURL=""))


def assert_no_controls(html: str) -> None:
    assert not CONTROLS.search(html), repr(html)


@given(values)
@example("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
@example('x" onmouseover="alert(1)')
def test_any_value_is_text_in_title_meta_and_body(value):
    rendered = HEAD.render(v=value, SITENAME="Site", DEFAULT_LANG="en", SITEURL="")
    assert structure(rendered) == BENIGN  # no element, no attribute added
    assert_no_controls(rendered)
    assert "<script" not in rendered.lower()


def only_inline_markup(html: str) -> None:
    """Every element is an allowed inline one, with only the attributes the sanitiser allows."""
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        assert tag.name in INLINE_TAGS | {"a", "br", "p"}, tag
        for name, value in tag.attrs.items():
            assert name in ("class", "title", "href"), tag
            if name == "class":
                assert set(value) <= TYPOGRIFY_CLASSES, tag
            if name == "href":
                assert re.match(r"(https?|mailto):|[^:]*$", value, re.I), tag


@given(values)
@example("<span class='caps' onclick='x'>HR</span> &lt;script&gt;")
def test_a_title_or_summary_keeps_inline_formatting_only(value):
    for html in (str(title_html(value)), str(summary_html(value))):
        only_inline_markup(html)
        assert_no_controls(html)
        assert "<script" not in html.lower() and "<style" not in html.lower()
    assert isinstance(title_html(value), Markup)


@given(values)
def test_plain_text_is_text_never_markup(value):
    for source in (value, Markup(title_html(value))):
        text = plain_text(source)
        assert type(text) is str
        assert_no_controls(text)
        assert "\n" not in text


@given(st.fixed_dictionaries({f: values for f in ("alt", "caption", "creator", "source", "licence", "src")}))
def test_a_figure_from_any_alt_caption_and_credit_has_one_image_and_no_handler(fields):
    alt = fields["alt"]
    credit = Credit(fields["creator"], "", fields["source"] or "x", "https://s.example/", fields["licence"])
    html = str(render_figure(Image(fields["src"], alt, fields["caption"], credit)))
    soup = BeautifulSoup(html, "html.parser")
    names = [t.name for t in soup.find_all(True)]
    assert set(names) <= {"figure", "img", "figcaption", "span", "small", "a"}, names
    assert names.count("figure") == names.count("img") == 1 and names.count("figcaption") <= 1, names
    assert not [name for t in soup.find_all(True) for name in t.attrs if name.startswith("on")]
    assert soup.img["alt"] == (alt or "")
    assert len(soup.find_all("img")) == 1


@given(values)
def test_a_credit_file_of_anything_links_only_to_web_addresses(text):
    credit, _problems = parse_credit(text)
    html = str(format_credit(credit))
    soup = BeautifulSoup(html, "html.parser")
    assert {t.name for t in soup.find_all(True)} <= {"a"}
    assert all(is_web_url(a["href"]) for a in soup.find_all("a"))
    assert_no_controls(html)


@given(values)
@example('Website https://dana.example/"onmouseover="alert(1)')
def test_a_bio_link_is_a_web_address_without_quotes_spaces_or_controls(text):
    links, _problems = parse_links(text)
    for link in links:
        assert is_web_url(link.url)
        assert not re.search(r"[\s\"'<>\\`]", link.url) and not CONTROLS.search(link.url)


@given(st.dictionaries(st.sampled_from(["name", "photo-alt", "links"]), values), values)
def test_an_author_box_from_any_bio_adds_no_markup(metadata, body):
    from author_bios.bios import bio_from_metadata
    from pelican.utils import slugify

    metadata = {"name": "Dana", **metadata}
    bio, _problems = bio_from_metadata(metadata, "<p>Bio.</p>", "dana.md", lambda n: slugify(n) or "x")
    if bio is None:
        return
    author = SimpleNamespace(slug=bio.slug, name=bio.name, url="author/x/", __str__=lambda self: bio.name)
    box = ENV.from_string('{% from "partials/author_box.html" import author_box with context %}{{ author_box(a) }}')
    html = box.render(a=author, author_bios={bio.slug: bio}, SITEURL="")
    soup = BeautifulSoup(html, "html.parser")
    assert {t.name for t in soup.find_all(True)} <= {"aside", "h2", "span", "div", "p", "a", "ul", "li", "img"}
    assert not [name for t in soup.find_all(True) for name in t.attrs if name.startswith("on")]
    assert all(is_web_url(a["href"]) for a in soup.select(".author-box__links a"))
    assert_no_controls(html)
