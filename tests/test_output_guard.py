"""The build writes only inside output/ and copies only files from inside content/.

Each post below aims its page, or a file it links, outside those folders. Canary
folders sit beside the project, outside the work tree: a build must neither write
there nor copy anything of theirs into the site.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from output_guard.paths import inside, leaves, within
from publishing.linkcheck import Link, check_page
from publishing.strict import strict_build

from tests.sitebuild import ROOT, copy_content

CANARY_TEXT = "canary: never part of the site"


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def guarded_build(tmp_path_factory):
    """A project whose posts climb out of content/ and output/ in every way a writer (or an import) could."""
    tmp = tmp_path_factory.mktemp("guard")
    canary = tmp / "canary"
    canary.mkdir()
    (canary / "secret.txt").write_text(CANARY_TEXT)
    project = tmp / "project"
    project.mkdir()
    content = copy_content(project)
    climb = "../" * 10
    posts = {
        "climbing-slug.md": f"Slug: {climb}{canary.relative_to('/')}/slugged",
        "sibling-save-as.md": "Save_as: ../output-old/index.html",  # passed Pelican's own check
        "absolute-save-as.md": f"Save_as: {canary}/absolute.html",
        "climbing-draft.md": "Status: draft\nSlug: ../../../draft",
        "static-links.md": "",
    }
    for name, fields in posts.items():
        body = f"[secret]({{static}}/{climb}{canary.relative_to('/')}/secret.txt) ![lead](../../canary/secret.txt)\n"
        (content / name).write_text(
            f"Title: {name}\nDate: 2024-01-01\nAuthor: Chris\nTags: x\n{fields}\n\n{body}".replace("\n\n\n", "\n\n"),
            encoding="utf-8",
        )
    (content / "wordpress-url.md").write_text(
        "Title: Moved\nDate: 2024-01-01\nAuthor: Chris\nTags: x\nWordPress-URL: /%2e%2e/%2e%2e/canary/moved/\n\nBody.\n"
    )
    (content / "lead.md").write_text(
        f"Title: Lead\nDate: 2024-01-01\nAuthor: Chris\nTags: x\nImage: {climb}{canary.relative_to('/')}/secret.txt\n\nBody.\n"
    )
    # Deeper than content/: a path that climbs out of content/ lands somewhere new when joined to output/.
    output = project / "build" / "output"
    before = {path: data for path, data in files_under(tmp).items() if not path.startswith("project/build/output/")}
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    warnings = strict_build(str(ROOT / "pelicanconf.py"), overrides)
    return tmp, output, before, warnings


def test_nothing_is_written_outside_the_output_folder(guarded_build):
    tmp, _output, before, _warnings = guarded_build
    after = {path: data for path, data in files_under(tmp).items() if not path.startswith("project/build/output/")}
    assert after == before
    assert not (tmp / "project" / "build" / "output-old").exists()


def test_nothing_from_outside_the_content_folder_is_copied(guarded_build):
    _tmp, output, _before, _warnings = guarded_build
    assert [path for path, data in files_under(output).items() if CANARY_TEXT.encode() in data] == []


def test_each_refusal_names_its_file(guarded_build):
    _tmp, _output, _before, warnings = guarded_build
    for name in ("climbing-slug.md", "sibling-save-as.md", "absolute-save-as.md"):
        assert any(re.search(rf"{re.escape(name)}:\d+: its page would be written at", w) for w in warnings), (
            name,
            warnings,
        )
    # A draft's only warns (it must not stop a publish, which leaves it out anyway): `invoke check` names it.
    from pelican.settings import read_settings
    from writing import check_site

    content = _tmp / "project" / "content"
    found = check_site(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)}))
    assert any(p.path.endswith("climbing-draft.md") and "its page would be written at" in p.message for p in found)
    # The checks name it at the link's line (and the guard's own line, about the same file, is then dropped).
    assert any(re.search(r"static-links\.md:\d+: .* leads outside the content folder", w) for w in warnings), warnings
    assert any(re.search(r"wordpress-url\.md:\d+: WordPress-URL", w) and "outside the site" in w for w in warnings)
    assert any(re.search(r"lead\.md:\d+: image", w) and "is outside" in w for w in warnings), warnings


@pytest.mark.parametrize(
    ("relative", "leaving"),
    [
        ("a/b.html", False),
        ("a/../b.html", False),
        ("../b.html", True),
        ("a/../../b.html", True),
        ("/etc/passwd", True),
        ("..", True),
        (".", True),
        ("", True),
        ("a\x00b", True),
        ("..\\..\\b", True),
    ],
)
def test_leaves(relative, leaving):
    assert leaves(relative) is leaving


def test_a_symbolic_link_out_of_the_folder_is_outside(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "link").symlink_to(tmp_path / "out", target_is_directory=True)
    assert within(tmp_path / "site", "link/page.html") is None
    assert not inside(tmp_path / "site", tmp_path / "site-old" / "x")
    assert within(tmp_path / "site", "a/page.html") == tmp_path / "site" / "a" / "page.html"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "a javascript: link runs code"),
        ("java\tscript:alert(1)", "a javascript: link runs code"),
        ("VBScript:msgbox", "a vbscript: link runs code"),
        ("/%2e%2e/%2e%2e/etc/passwd", "broken internal link"),
        ("http://[::1/x", "is not a valid URL"),
        ("http://example.com:99999/", "is not a valid URL"),
    ],
)
def test_the_link_check_refuses_script_links_and_paths_out_of_the_site(tmp_path, url, message):
    (tmp_path / "index.html").write_text("home")
    problems = check_page("index.html", [Link("a", url)], tmp_path, "https://site.example")
    assert [p.message for p in problems] == [message] or [p.message[: len(message)] for p in problems] == [message]


def test_an_attach_link_moves_its_file_beside_the_post(tmp_path):
    """The fifth tester's: no `{attach}` link ever worked, the file's place read (and so fixed) before any post."""
    from tests.sitebuild import build_site, copy_content

    content = copy_content(tmp_path)
    (content / "files").mkdir()
    (content / "files" / "notes.txt").write_text("the notes")
    (content / "attach-post.md").write_text(
        "Title: Attach Post\nDate: 2024-01-01\nAuthor: Chris\nTags: x\n\nRead [the notes]({attach}files/notes.txt).\n"
    )
    output = build_site(tmp_path / "out", PATH=str(content))
    assert (output / "attach-post" / "files" / "notes.txt").read_text() == "the notes"  # beside the post's page
    assert not (output / "files" / "notes.txt").exists()
    assert "attach-post/files/notes.txt" in (output / "attach-post" / "index.html").read_text()


def test_a_link_inside_content_to_a_file_outside_is_not_copied(tmp_path):
    """The sixth tester's: `content/files/secret-link.txt`, a symbolic link to a file outside, was copied (and by an
    {attach} link beside a post)."""
    from tests.sitebuild import build_site, copy_content

    content = copy_content(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(CANARY_TEXT)
    (content / "files").mkdir()
    (content / "files" / "secret-link.txt").symlink_to(outside / "secret.txt")
    (content / "linking.md").write_text(
        "Title: Linking\nDate: 2024-01-01\nAuthor: Chris\nTags: x\n\n[a]({attach}files/secret-link.txt)\n"
    )
    output = build_site(tmp_path / "out", PATH=str(content))
    assert [path for path, data in files_under(output).items() if CANARY_TEXT.encode() in data] == []
