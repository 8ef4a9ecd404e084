"""Every broken internal link is found before publishing, with how to write it (tests/data/links)."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.settings import read_settings
from publishing.linkcheck import check_site as check_output
from writing import check_site, site_slugify
from writing.checks import post_slug
from writing.header import read_header
from writing.links import link_problem, site_map
from writing.problems import ERROR, WARNING

from tests.sitebuild import ROOT, build_site

LINKS = Path(__file__).parent / "data" / "links"
SHOWN = "tests/data/links"
UNDER_A_PATH = "starts with '/', so it breaks when the site's address has a path (e.g. https://you.github.io/blog/)"
EXPECTED = {
    ("root-link.md", 6, ERROR, f"link /linked/ {UNDER_A_PATH}: write {{filename}}linked.md"),
    ("old-address.md", 6, ERROR, f"link /2014/02/18/linked/ {UNDER_A_PATH}: write {{filename}}linked.md"),
    (
        "missing-page.md",
        6,
        ERROR,
        "link to a page that does not exist: /2014/02/18/old-post/; to link to a post, write {filename}its-file.md",
    ),
    (
        "missing-file.md",
        6,
        ERROR,
        f"link to a post that does not exist: {{filename}}nothere.md (check the file's name in {SHOWN}/)",
    ),
    (
        "to-a-draft.md",
        6,
        ERROR,
        f"link to a draft ({SHOWN}/draft.md): it is broken for readers until that post is published",
    ),
    (
        "to-the-future.md",
        6,
        ERROR,
        f"link to a post scheduled for 2099-01-01 09:00 ({SHOWN}/future.md): it is broken for readers until then",
    ),
    (
        "localhost.md",
        6,
        ERROR,
        "link to http://localhost:8000/linked/: readers cannot reach your own computer; link to a page of the site",
    ),
    (
        "image-link.md",
        6,
        ERROR,
        "link to a page that does not exist: images/chart.svg (write {static}images/chart.svg)",
    ),
    (
        "relative.md",
        6,
        WARNING,
        "relative link ../linked/ leads elsewhere where the post shows in a listing or a feed: write {filename}linked.md",
    ),
    (
        "html-link.md",
        6,
        ERROR,
        "link to a page that does not exist: /nowhere/; to link to a post, write {filename}its-file.md",
    ),
    (
        "reference.md",
        8,
        ERROR,
        "link to a page that does not exist: /gone/; to link to a post, write {filename}its-file.md",
    ),
    ("tag-typo.md", 6, ERROR, "link to the tag 'carers', which no published post has: did you mean {tag}careers?"),
}


def settings(**overrides):
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(LINKS), **overrides})


@pytest.fixture(scope="module")
def found():
    return [p for p in check_site(settings()) if p.code == "link"]


def test_each_broken_link_is_named_with_its_line_and_how_to_write_it(found):
    assert {(Path(p.path).name, p.line, p.severity, p.message) for p in found} == EXPECTED


def test_links_that_always_work_are_left_alone(found):
    assert not [p for p in found if Path(p.path).name in ("good-links.md", "linked.md", "about.md")]


@pytest.fixture(scope="module")
def under_a_path(tmp_path_factory):
    """The production build of the links fixture for a site whose address has a path, and its broken links."""
    siteurl = "https://you.github.io/blog"
    output = build_site(
        tmp_path_factory.mktemp("links") / "out",
        "publishconf.py",
        PATH=str(LINKS),
        SITEURL=siteurl,
        FEED_DOMAIN=siteurl,
        COMMENTS_FORMSPREE_ID="x",
    )
    return check_output(output, siteurl)


def test_the_check_finds_exactly_the_posts_whose_published_page_has_a_broken_link(found, under_a_path):
    """What the built site shows broken (on the posts' own pages) is what the check said, before building."""
    errors = {Path(p.path).stem for p in found if p.severity == ERROR}
    broken = {
        problem.page.removesuffix("/index.html")
        for problem in under_a_path
        if problem.page.count("/") == 1 and problem.page.endswith("/index.html") and "asset" not in problem.message
    }
    assert broken == errors


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("{filename}linked.md", None),
        ("linked/", "error"),  # relative to a post at /relative/: /relative/linked/, no page
        ("../tag/careers/", "warning"),
        ("../page/2/", None),  # only a relative link reaches page 2 of a listing
        ("/theme/css/base.css", "error"),
        ("https://second-round.github.io/linked/", None),
        ("https://second-round.github.io/nowhere/", "error"),
        ("//cdn.example.com/x.js", None),
        ("javascript:alert(1)", "error"),  # as `invoke publish` names it (a later tester's: check said nothing)
        ("{author}Nobody", "error"),
        ("{static}/images/chart.svg", None),
        ("{static}images/nothere.svg", "error"),
        ("{index}", None),
        # An outside tester's: marks Pelican does not know passed the check, and reached the page as written.
        ("{filname}linked.md", "error"),
        ("{Filename}linked.md", "error"),
        ("{home}", "error"),
        ("|filename|linked.md", None),  # Pelican's older mark
    ],
)
def test_one_link_judged_from_a_post(link, expected):
    site = the_site_map(SITEURL="https://second-round.github.io")
    found = link_problem(link, page_url="relative/", post_dir="", site=site)
    assert (found[0] if found else None) == expected, found


@pytest.mark.parametrize(
    ("mark", "hint"),
    [("filname", "did you mean {filename}?"), ("tags", "did you mean {tag}?"), ("home", "did you mean {index} (the home"),
     ("zzz", "write one of {filename}, {static}, {attach}, {tag}, {category}, {author}, {index}")],
)  # fmt: skip
def test_a_link_mark_pelican_does_not_know_is_named_with_the_one_meant(mark, hint):
    found = link_problem(f"{{{mark}}}linked.md", page_url="relative/", post_dir="", site=the_site_map())
    assert found[0] == ERROR and f"Pelican knows no {{{mark}}} and leaves the link as written: {hint}" in found[1]


def the_site_map(**overrides):
    options = settings(**overrides)
    posts = {p: read_header(p.read_text()) for p in LINKS.glob("*.md") if p.name != "README.md"}
    pages = {p: read_header(p.read_text()) for p in (LINKS / "pages").glob("*.md")}
    slugify = site_slugify(options)
    return site_map(options, posts, pages, lambda path, header: post_slug(path, header, slugify))


@given(link=st.text(max_size=80), post_dir=st.sampled_from(["", "2020", "a/b"]))
def test_no_link_a_writer_types_can_break_the_check(link, post_dir):
    found = link_problem(link, page_url="post/", post_dir=post_dir, site=SITE)
    assert found is None or (found[0] in (ERROR, WARNING) and isinstance(found[1], str))


SITE = the_site_map()


@pytest.mark.parametrize(
    ("link", "meant"),
    [
        ("{filename}linked-post.md", "{filename}linked.md"),  # a word too many
        ("{filename}posts/linked.md", "{filename}linked.md"),  # a folder that is not there
        ("{filename}pages/abuot.md", "{filename}pages/about.md"),
    ],
)
def test_a_mistyped_filename_link_says_which_post_it_probably_meant(link, meant):
    severity, message = link_problem(link, page_url="relative/", post_dir="", site=SITE)
    assert (severity, message) == (ERROR, f"link to a post that does not exist: {link}: did you mean {meant}?")


@pytest.mark.parametrize(
    ("line", "target"),
    [  # the second outside tester's: links publish's link check found and `invoke check` did not
        ("[a [b [c]] d](missing-two/)", "missing-two/"),
        ("[![a [b] c](images/chart.svg)](missing-three/)", "missing-three/"),
        ("[t](missing-four/ 'single title')", "missing-four/"),
        ("[t](missing-five/ (paren title))", "missing-five/"),
        ("[t](<missing six/>)", "missing six/"),
        ("[![The chart](images/chart.svg)](https://example.com/)", "https://example.com/"),
    ],
)
def test_a_link_is_found_whatever_its_text_title_or_brackets(line, target):
    from writing.checks import body_links

    assert list(body_links([(3, line)], {})) == [(3, target)]
