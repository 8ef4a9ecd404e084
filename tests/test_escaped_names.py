"""Files named with a %-escape (`x%20y.jpg`, `%231.png`): the check and the publish agree.

An outside tester's finding: such a file passed `invoke check` (it exists, as written) and
stopped `invoke publish`, whose link check reads `%20` in the page's address as a space, as
browsers and servers do. Each name below is either named by the check at its line, or linked
so that the built page's link check finds it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pelican.settings import read_settings
from publishing.linkcheck import check_site as check_links
from writing import check_site

from tests.sitebuild import FIXTURE_CONTENT, ROOT, build_site, copy_content

IMAGE = FIXTURE_CONTENT / "images" / "striking-out.svg"
# The file's name -> how a post writes it (a Markdown image); None: the post writes the name as it is.
NAMES = {
    "x%20y.svg": None,
    "%231.svg": "images/%25231.svg",
    "My Photo.svg": "images/My%20Photo.svg",
    "50%off.svg": None,
    "a+b.svg": None,
    "café.svg": None,
    "100%25.svg": None,
    "a#1.svg": "images/a%231.svg",  # written escaped, found as named: the build writes the '#' as it is
    "q?x.svg": "images/q%3Fx.svg",
}
FORMS = {
    "markdown": "![A square]({src})",
    "html": '<img src="{src}" alt="A square">',
    "static": "[the picture]({{static}}{src})",
}


def post_for(number: int, src: str, form: str) -> str:
    body = FORMS[form].format(src=src)
    return f"Title: Name {number} {form}\nDate: 2024-01-{number + 1:02d}\nAuthor: Chris\nTags: x\n\n{body}\n"


@pytest.fixture(scope="module")
def named_site(tmp_path_factory):
    """Every name in every form, in its own post; the check's problems and the built site's link problems."""
    tmp = tmp_path_factory.mktemp("names")
    content = copy_content(tmp)
    credit = (FIXTURE_CONTENT / "images" / "striking-out.svg.credit").read_text(encoding="utf-8")
    posts = {}
    for number, (name, written) in enumerate(NAMES.items()):
        shutil.copy(IMAGE, content / "images" / name)
        (content / "images" / f"{name}.credit").write_text(credit, encoding="utf-8")
        for form in FORMS:
            path = content / f"name-{number}-{form}.md"
            path.write_text(post_for(number, written or f"images/{name}", form), encoding="utf-8")
            posts[path.name] = (name, form)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    problems = [p for p in check_site(settings) if Path(p.path).name in posts]
    output = build_site(tmp / "out", PATH=str(content))
    broken = check_links(output, "", later=("pagefind/",))
    return posts, problems, broken


def test_a_file_whose_name_holds_an_escape_is_named_by_the_check_at_its_line(named_site):
    posts, problems, _ = named_site
    named = {posts[Path(p.path).name] for p in problems if "its file name holds '" in p.message}
    # A {static} link to `%231.svg` written `%25231.svg` works: Pelican finds the file with the escapes undone
    # and keeps the link as written (and so for `a%231.svg`, `q%3Fx.svg`).
    escaped = {(name, form) for name in ("x%20y.svg", "%231.svg", "100%25.svg") for form in FORMS}
    marked = {(name, form) for name in ("a#1.svg", "q?x.svg") for form in ("markdown", "html")}
    assert named == (escaped - {("%231.svg", "static")}) | marked, problems
    assert all(p.line == 6 for p in problems), problems
    said = next(p.message for p in problems if posts[Path(p.path).name] == ("x%20y.svg", "markdown"))
    assert said == (
        "image images/x%20y.svg: its file name holds '%20', which an address reads as ' ', so readers get no file:"
        " rename the file without '%' (e.g. x-y.svg)"
    )


def test_every_name_the_check_passes_is_found_by_the_publishs_link_check(named_site):
    posts, problems, broken = named_site
    passed = {posts[Path(p.path).name] for p in problems} ^ set(posts.values())
    pages = {f"name-{number}-{form}" for number, name in enumerate(NAMES) for form in FORMS if (name, form) in passed}
    assert len(pages) == 15, pages  # four names in three forms; the {static} links written with %25, %23, %3F
    assert [b for b in broken if b.page.split("/")[0] in pages] == [], broken
    # And what it names is broken indeed: the check says nothing a publish would not stop on.
    assert {b.page.split("/")[0] for b in broken} >= {
        f"name-{number}-{form}" for number, name in enumerate(NAMES) for form in FORMS if (name, form) not in passed
    }, broken


def test_a_static_link_to_a_file_named_with_a_hash_is_told_to_rename_it(tmp_path):
    """A later tester's: `[c]({static}/images/a#1.png)` was told `did you mean {static}/images/a#1.png?`, what it had
    written: an address ends its path at '#'."""
    content = copy_content(tmp_path)
    shutil.copy(IMAGE, content / "images" / "a#1.svg")
    (content / "hash.md").write_text(post_for(1, "images/x.svg", "markdown").replace(
        "![A square](images/x.svg)", "[c]({static}/images/a#1.svg)"), encoding="utf-8")  # fmt: skip
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    found = [p.message for p in check_site(settings) if p.path.endswith("hash.md")]
    assert found == [
        "link {static}/images/a#1.svg: the file's name holds '#', where an address ends its path (the rest is not"
        " part of the name): rename the file without '#'"
    ], found
