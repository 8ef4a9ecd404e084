"""The header's menu (MENUITEMS): a mistyped item is named at its settings line by the check and the
publish, once; a menu that is no list of pairs stops every command at its line (outside testers' findings:
the publish blamed a wrong item on every post, once a page)."""

from __future__ import annotations

import re
import sys

import pytest
from pelican.settings import read_settings
from publishing.strict import strict_build
from writing import check_site
from writing.problems import ERROR

from tests.sitebuild import FIXTURE_CONTENT, ROOT, copy_content

SITE = "https://blog.example.com"
PRODUCTION = {"SITEURL": SITE, "FEED_DOMAIN": SITE, "COMMENTS_FORMSPREE_ID": "test1234"}
GOOD = [
    ("Archives", "archives/"),
    ("Tags", "/tags/"),  # a leading slash: the theme links it under SITEURL
    ("Feed", "feeds/all.atom.xml"),
    ("Search", "search/?q=interview"),
    ("Authors", "authors/#chris"),
    ("Old blog", "https://old.example.com/"),
    ("Write", "mailto:editor@example.com"),
    ("Here", f"{SITE}/archives/"),
    ("Spaced", " archives/ "),  # spaces around an address are no part of it, for the theme as for browsers
    ("Home", ""),
    ("Home too", "./"),
]
BAD = [
    ("Archive", "archive/", "'archive/', which is no page of the site: did you mean 'archives/'?"),
    ("About", "/pages/about-us/", "'/pages/about-us/', which is no page of the site: give a page's address"),
    ("Run", "javascript:alert(1)", "'javascript:alert(1)': a javascript: link runs code"),
    ("Local", "http://localhost:8000/", "'http://localhost:8000/': readers cannot reach your own computer"),
    ("Mine", f"{SITE}/tag/nope/", f"'{SITE}/tag/nope/', which is no page of the site"),
    ("Draft", "drafts/a-draft/", "'drafts/a-draft/': link to a draft (content/a-draft.md)"),
    ("", "tags/", "the menu item linking to 'tags/' has no text"),
    ("\u200b\u00ad ", "archives/#top", "the menu item linking to 'archives/#top' has no text"),  # unseen, pasted along
    ("Data", "data:text/html,hi", "'data:text/html,hi': browsers open no data: address from a link"),
]


def settings_file(tmp_path, menu) -> str:
    """A settings file that writes these menu items one a line, after some other lines."""
    lines = ["# the menu", "SITENAME = 'x'", "MENUITEMS = ["]
    lines += [f"    ({title!r}, {link!r})," for title, link in menu]
    path = tmp_path / "pelicanconf.py"
    path.write_text("\n".join([*lines, "]", ""]), encoding="utf-8")
    return str(path)


def with_a_draft(tmp_path):
    content = copy_content(tmp_path)
    (content / "a-draft.md").write_text(
        "Title: A Draft\nDate: 2024-01-01\nAuthor: Chris\nTags: x\nStatus: draft\n\nText.\n", encoding="utf-8"
    )
    return content


def test_the_check_names_each_item_that_leads_nowhere_at_its_line_and_passes_the_rest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    menu = GOOD + [(title, link) for title, link, _ in BAD]
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(with_a_draft(tmp_path)),
            "MENUITEMS": menu,
            "SETTINGS_FILE": settings_file(tmp_path, menu),
            "SITEURL": SITE,
        },
    )
    found = [(p.path, p.line, p.severity, p.message) for p in check_site(settings) if p.code == "menu"]
    expected = [
        (
            "pelicanconf.py",
            4 + len(GOOD) + number,
            ERROR,
            said if said.startswith("the menu item") else f"the menu item {title!r} links to {said}",
        )
        for number, (title, _link, said) in enumerate(BAD)
    ]
    assert [(path, line, severity) for path, line, severity, _ in found] == [e[:3] for e in expected], found
    for (_, _, _, message), (_, _, _, said) in zip(found, expected, strict=True):
        assert message.startswith(said), (message, said)


def test_the_publish_names_a_wrong_item_once_at_its_line_not_on_every_page(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    menu = [("Archives", "archives/"), ("Archive", "archive/"), ("Run", "javascript:alert(1)"),
            ("Local", " http://localhost/ "), ("Sitemap", "sitemap.xml")]  # fmt: skip
    problems = strict_build(
        str(ROOT / "publishconf.py"),
        {
            **PRODUCTION,
            "PATH": str(copy_content(tmp_path)),
            "OUTPUT_PATH": str(tmp_path / "out"),
            "MENUITEMS": menu,
            "SETTINGS_FILE": settings_file(tmp_path, menu),
        },
    )
    assert [p for p in problems if "menu item" in p] == [
        "pelicanconf.py:5: the menu item 'Archive' links to 'archive/', which is no page of the site:"
        " did you mean 'archives/'?",
        "pelicanconf.py:6: the menu item 'Run' links to 'javascript:alert(1)': a javascript: link runs code"
        " (the site's policy blocks it): link to a page instead",
        "pelicanconf.py:7: the menu item 'Local' links to ' http://localhost/ ': readers cannot reach your own"
        " computer; give the page's address on the site (e.g. 'archives/')",
    ], problems
    assert len(problems) == 3, problems  # the output's link check repeats none of them, on no page


def test_a_menu_added_to_after_its_setting_is_named_at_the_line_that_writes_the_item(tmp_path, monkeypatch):
    from writing.menu import item_line

    path = tmp_path / "pelicanconf.py"
    path.write_text('MENUITEMS = [("Tags", "tags/")]\nX = 1\nMENUITEMS += [("Gone", "gone/")]\n', encoding="utf-8")
    assert item_line([path], "gone/") == (path, 3)
    assert item_line([path], "never/written/") == (path, 3)  # the last line that sets the menu
    assert item_line([tmp_path / "none.py", path], "tags/") == (path, 1)  # publishconf.py starts from pelicanconf.py
    # An outside tester's: `MENUITEMS = MENUITEMS + [...]` adds (the items before it keep their lines), and an item
    # commented out is none.
    path.write_text(
        'MENUITEMS = [\n    # ("Old", "nope/"),\n    ("Tags", "tags/"),\n]\nMENUITEMS.append(("Nope", "nope/"))\n'
        'MENUITEMS = MENUITEMS + [("Plus", "plus/")]\n',
        encoding="utf-8",
    )
    assert [item_line([path], link)[1] for link in ("tags/", "nope/", "plus/")] == [3, 5, 6]
    # Another's: an address written with an escape was named at the line that sets the menu.
    path.write_text('MENUITEMS = [\n    ("Tags", "tags/"),\n    ("Run", "java\\tscript:x()"),\n]\n', encoding="utf-8")
    assert item_line([path], "java\tscript:x()") == (path, 3)


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('MENUITEMS = ("Archives", "archives/")', "MENUITEMS' item 1, 'Archives', is not a (text, address) pair"),
        ('MENUITEMS = [("Archives", "archives/", "x")]', "MENUITEMS' item 1, ('Archives', 'archives/', 'x'), is not"),
        ('MENUITEMS = [("Archives", None)]', "MENUITEMS' item 1, ('Archives', None), is not a (text, address) pair"),
        ('MENUITEMS = "archives/"', "MENUITEMS must be a list of (text, address) pairs, not 'archives/'"),
        ('DEFAULT_PAGINATION = "10"', "DEFAULT_PAGINATION is the text '10': write the number without quotes"),
        ("DEFAULT_PAGINATION = -1", "DEFAULT_PAGINATION is -1: give the number of posts a page (e.g. 10)"),
        ("DEFAULT_PAGINATION = True", "DEFAULT_PAGINATION is True: give the number of posts a page"),
        ('PAGINATED_TEMPLATES = {"index": "5"}', "PAGINATED_TEMPLATES['index'] is the text '5'"),
        ("PAGINATED_TEMPLATES = None", "PAGINATED_TEMPLATES must be a dict of template names and numbers"),
        (
            'PAGINATED_TEMPLATES = {"index": 5}',
            "PAGINATED_TEMPLATES leaves out 'tag', 'category', 'author', whose"
            " pages the theme pages through (it replaces Pelican's default whole): add them with None for"
            " DEFAULT_PAGINATION, e.g. PAGINATED_TEMPLATES = {'index': 5, 'tag': None, 'category': None, 'author': None}",
        ),
        ("MENUITEMS = None", "MENUITEMS is None, which the theme cannot draw: write MENUITEMS = [] for no menu"),
        ('if True:\n    DEFAULT_PAGINATION = "10"', "DEFAULT_PAGINATION is the text '10'"),
        # An outside tester's: `invoke check` printed a traceback, `invoke build` pointed at problems listed nowhere.
        ("TIMEZONE = 'Europe/Pari'", "TIMEZONE 'Europe/Pari' is not a time zone: did you mean 'Europe/Paris'?"),
        ("TIMEZONE = 'Mars/Olympus'", "TIMEZONE 'Mars/Olympus' is not a time zone: give a name such as"),
        ("TIMEZONE = '../../etc/passwd'", "TIMEZONE '../../etc/passwd' is not a time zone"),
    ],
)
def test_a_setting_the_theme_or_pelican_cannot_use_stops_every_command_at_its_line(tmp_path, monkeypatch, line, said):
    """`DEFAULT_PAGINATION = "10"` stopped the build with Pelican's own traceback's last line, naming no file."""
    from tools import Stop
    from tools.site import build

    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    (tmp_path / "pelicanconf.py").write_text(settings + "\n" + line + "\n", encoding="utf-8")
    (tmp_path / "publishconf.py").write_text("from pelicanconf import *\n", encoding="utf-8")
    number = len((settings + "\n").splitlines()) + line.count("\n") + 1
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "pelicanconf", raising=False)  # publishconf's `from pelicanconf import *`
    for settings_file_name in ("pelicanconf.py", "publishconf.py"):
        with pytest.raises(Stop) as stopped:
            build.site_settings(settings_file_name, PATH=str(FIXTURE_CONTENT))
        assert re.match(rf"pelicanconf\.py:{number}: ", stopped.value.message), stopped.value.message
        assert said in stopped.value.message, stopped.value.message


def test_the_projects_own_settings_pass_and_say_which_file_they_came_from():
    from tools.site.build import site_settings

    for name in ("pelicanconf.py", "publishconf.py"):
        assert site_settings(name)["SETTINGS_FILE"] == str(ROOT / name)


def test_a_site_under_a_path_judges_its_own_addresses_and_leaves_its_neighbours_on_the_host(tmp_path, monkeypatch):
    """An outside tester's: under https://you.github.io/blog, `.../blogabout/` passed the check as this site's, and
    `.../blog` (the root without its slash) stopped the publish on every page."""
    monkeypatch.chdir(tmp_path)
    site = "https://you.github.io/blog"
    menu = [("Neighbour", "https://you.github.io/blogabout/"), ("Root", site), ("Other", "https://you.github.io/x/"),
            ("Nope", f"{site}/nope/")]  # fmt: skip
    problems = strict_build(
        str(ROOT / "publishconf.py"),
        {
            **PRODUCTION,
            "SITEURL": site,
            "FEED_DOMAIN": site,
            "PATH": str(copy_content(tmp_path)),
            "OUTPUT_PATH": str(tmp_path / "out"),
            "MENUITEMS": menu,
            "SETTINGS_FILE": settings_file(tmp_path, menu),
        },
    )
    assert problems == [
        f"pelicanconf.py:7: the menu item 'Nope' links to '{site}/nope/', which is no page of the site: give a page's"
        " address, e.g. 'archives/'"
    ], problems


def a_project(tmp_path, monkeypatch, publishconf: str, body: str) -> None:
    """A project in tmp_path (the fixture content, the theme and plugins, the project's pelicanconf.py) with this
    publishconf.py and a post content/linky.md of this body at line 6, its settings read from there."""
    from tools.site import build

    copy_content(tmp_path)
    for shared in ("theme", "plugins"):
        (tmp_path / shared).symlink_to(ROOT / shared)
    (tmp_path / "pelicanconf.py").write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "publishconf.py").write_text(publishconf, encoding="utf-8")
    (tmp_path / "content" / "linky.md").write_text(
        f"Title: Linky\nDate: 2024-01-01\nAuthor: Chris\nTags: x\n\n{body}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "pelicanconf", raising=False)


def test_the_check_judges_the_site_address_and_the_menu_as_the_publish_will(tmp_path, monkeypatch):
    """An outside tester's: `invoke check` read the development settings only, so a menu item added in
    publishconf.py, or a dead link written with the site's full address, passed it and stopped the publish."""
    from tools.site.writing import content_problems

    a_project(
        tmp_path,
        monkeypatch,
        f"from pelicanconf import *\nSITEURL = {SITE!r}\n# the menu of the published site\n"
        "MENUITEMS = MENUITEMS + [\n    ('Jobs', 'jobz/'),\n]\n",
        f"See [this]({SITE}/nope/) and [that]({SITE}/).",
    )
    as_developed = [(p.path, p.line) for p in content_problems("pelicanconf.py") if p.severity == ERROR]
    found = [(p.path, p.line, p.message) for p in content_problems("pelicanconf.py", "publishconf.py")]
    assert as_developed == []  # what the development settings alone judged
    assert ("publishconf.py", 5) in [(path, line) for path, line, _ in found]
    assert [message for path, _, message in found if path == "publishconf.py"] == [
        "the menu item 'Jobs' links to 'jobz/', which is no page of the site: give a page's address, e.g. 'archives/'"
    ]
    linky = [(line, message) for path, line, message in found if path == "content/linky.md"]
    assert len(linky) == 1 and linky[0][0] == 6 and f"{SITE}/nope/" in linky[0][1], linky


def test_the_check_takes_the_published_addresses_and_goes_on_when_publishconf_cannot_be_read(
    tmp_path, monkeypatch, capsys
):
    """The next tester's: publishconf.py's own ARTICLE_URL was ignored (its right links and menu items named, its
    wrong ones passed), and a publishconf.py reading a variable only CI sets stopped the check with a traceback."""
    from tools.site.writing import content_problems

    post = "what-to-do-after-striking-out-in-the-job-market"
    a_project(
        tmp_path,
        monkeypatch,
        f"from pelicanconf import *\nSITEURL = {SITE!r}\nARTICLE_URL = '{{date:%Y}}/{{slug}}/'\n"
        f"ARTICLE_SAVE_AS = '{{date:%Y}}/{{slug}}/index.html'\nMENUITEMS = MENUITEMS + [('Best', '2014/{post}/')]\n",
        f"[Right]({SITE}/2014/{post}/), [wrong]({SITE}/{post}/).",
    )
    found = [(p.path, p.line, p.message) for p in content_problems("pelicanconf.py", "publishconf.py")]
    assert [(path, line) for path, line, _ in found] == [("content/linky.md", 6)], found
    assert f"{SITE}/{post}/" in found[0][2] and "2014" not in found[0][2]
    (tmp_path / "publishconf.py").write_text("import os\nfrom pelicanconf import *\nSITEURL = os.environ['NOT_HERE']\n")
    assert content_problems("pelicanconf.py", "publishconf.py") == []
    assert "note: publishconf.py cannot be read here (KeyError: 'NOT_HERE')" in capsys.readouterr().err
