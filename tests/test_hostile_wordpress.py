"""A WordPress export from someone else: its slugs, links and image URLs never name a path outside content/.

The export below was written for these tests: each item tries another way out of
the content folder, or into a page as live markup. Canary folders sit beside the
project (outside the content folder, and outside the work tree); nothing may be
written there, and nothing of theirs may be read into the site.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from escaping.markup import CONTROLS
from escaping.terminal import BIDI_CONTROLS
from hypothesis import example, given
from hypothesis import strategies as st
from output_guard.paths import inside, leaves

from tests.sitebuild import FIXTURE_CONTENT, ROOT, build_site, copy_content
from tests.test_escaping import html_pages, live_markup
from tools.wordpress.fidelity import markdown_renderer
from tools.wordpress.migrate import old_address, plan, safe_slug, upload_path
from tools.wordpress.run import import_wordpress
from tools.wordpress.wxr import WpAttachment, WpAuthor, WpItem, WpSite

# Hypothesis feeds BeautifulSoup text that looks like a file name; it is markup here.
pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")

BIDI = re.compile(f"[{BIDI_CONTROLS}]")
CANARY_TEXT = "canary: this file must never be copied into the site"


def item(post_id: str, slug: str, title: str = "A post", *, link: str = "", content: str = "Text.", extra=""):
    """One published post of a WXR export (values are XML-escaped by the caller when needed)."""
    return f"""
  <item>
    <title>{title}</title>
    <link>{link}</link>
    <dc:creator><![CDATA[mallory]]></dc:creator>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date_gmt>2020-01-02 03:04:05</wp:post_date_gmt>
    <wp:post_name><![CDATA[{slug}]]></wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
    {extra}
  </item>"""


def hostile_export(canary: Path) -> str:
    """An export whose every item aims outside the content folder, or at the reader's browser."""
    climb = "../" * 12
    items = [
        item("1", f"{climb}{canary.name}/slug", link="https://old.example/2020/01/02/one/"),
        item("2", "..%2F..%2F..%2Fencoded-climb", link=f"https://old.example/{climb}{canary.name}/link/"),
        item("3", f"{canary}/absolute", link="https://old.example/%2e%2e/%2e%2e/%2e%2e/dot-encoded/"),
        # XML 1.0 allows no C0 control but tab and newlines; C1 controls and DEL it allows.
        item("4", "nel\x85csi\x9b[31m\x7f\nStatus: draft", "Injected\x9b[2J\nSave_as: ../../escape.html"),
        item("5", "x" * 400, "A very long slug"),
        item("6", ".hidden", "Hidden"),
        item(
            "7",
            "double-encoded",
            "&amp;lt;/title&amp;gt;&amp;lt;script&amp;gt;alert(7)&amp;lt;/script&amp;gt;",
            content=(
                "&lt;script&gt;alert(71)&lt;/script&gt; <a href='javascript:alert(72)'>link</a> "
                "<img src='https://old.example/wp-content/uploads/2020/01/../../../../../../"
                f"{canary.name}/secret.jpg' alt='climb'> "
                '<img src="x) <script>alert(73)</script> (" onerror=alert(74)>'
            ),
        ),
        item(
            "8",
            "with-lead",
            "Lead image",
            extra="<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>90</wp:meta_value></wp:postmeta>",
        ),
        item(
            "9",
            "linked-upload",
            "Symlinked upload",
            content="<img src='https://old.example/wp-content/uploads/2020/01/link.jpg' alt='l'>",
        ),
    ]
    attachment = f"""
  <item>
    <title>lead</title>
    <wp:post_id>90</wp:post_id>
    <wp:post_type>attachment</wp:post_type>
    <wp:status>inherit</wp:status>
    <wp:attachment_url>https://old.example/wp-content/uploads/{climb}{canary.name}/lead.jpg
Save_as: ../../lead.html</wp:attachment_url>
  </item>"""
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old blog</title>
  <link>https://old.example</link>
  <wp:author><wp:author_login>mallory</wp:author_login>
    <wp:author_display_name><![CDATA[Mallory
Photo: ../../../etc/passwd]]></wp:author_display_name>
    <wp:author_description><![CDATA[Writes &lt;script&gt;alert(80)&lt;/script&gt; <script>alert(81)</script>]]></wp:author_description>
  </wp:author>
  {attachment}{"".join(items)}
</channel>
</rss>
"""


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below a folder (symbolic links not followed), with its bytes."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


@pytest.fixture(scope="module")
def hostile_import(tmp_path_factory):
    """A project with the fixture content, an uploads folder with a symbolic link out of it, and canaries."""
    tmp = tmp_path_factory.mktemp("hostile-wp")
    project = tmp / "project"
    content = project / "content"
    content.mkdir(parents=True)
    canary = tmp / "canary"
    canary.mkdir()
    for name in ("secret.jpg", "lead.jpg", "passwd"):
        (canary / name).write_text(CANARY_TEXT)
    uploads = tmp / "uploads"
    (uploads / "2020" / "01").mkdir(parents=True)
    (uploads / "2020" / "01" / "link.jpg").symlink_to(canary / "secret.jpg")
    (uploads / "2020" / "outside").symlink_to(canary, target_is_directory=True)
    export = tmp / "export.xml"
    export.write_text(hostile_export(canary), encoding="utf-8")
    before = files_under(tmp)
    settings = read_project_settings(content)
    report = import_wordpress(export, settings, salt_file=project / "salt", uploads=uploads)
    return tmp, content, canary, before, report


def read_project_settings(content: Path):
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})


def test_the_import_writes_only_inside_the_content_folder(hostile_import):
    tmp, _content, canary, before, _report = hostile_import
    after = files_under(tmp)
    outside = {path for path in after if not path.startswith("project/content/")} - {"project/salt"}
    assert outside == set(before), "a file outside content/ was written or removed"
    assert all(after[path] == before[path] for path in before), "a file outside content/ changed"
    assert files_under(canary) == {name: CANARY_TEXT.encode() for name in ("secret.jpg", "lead.jpg", "passwd")}


def test_nothing_is_read_from_outside_the_uploads_folder(hostile_import):
    _tmp, content, _canary, _before, report = hostile_import
    assert not [path for path, data in files_under(content).items() if CANARY_TEXT.encode() in data]
    assert report.plan.copies == []


def test_every_post_is_one_plain_file_in_the_content_folder(hostile_import):
    _tmp, content, _canary, _before, report = hostile_import
    posts = sorted(p.name for p in content.glob("*.md"))
    assert len(posts) == 9
    for post in content.glob("*.md"):
        header = post.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
        keys = [line.partition(":")[0] for line in header]
        assert "Save_as" not in keys and keys.count("Status") == 1, post.name
        assert all(ord(c) >= 32 for line in header for c in line), post.name
    assert any("cannot be a file name" in note for note in report.plan.notes)


def test_the_imported_site_builds_with_no_live_markup(hostile_import, tmp_path):
    _tmp, content, _canary, _before, _report = hostile_import
    output = build_site(tmp_path / "output", PATH=str(content))
    pages = html_pages(output)
    assert {path: live for path, soup in pages if (live := live_markup(soup))} == {}
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and CANARY_TEXT.encode() in p.read_bytes()]
    double = next(soup for path, soup in pages if path == "double-encoded/index.html")
    assert double.find("h1").find("script") is None
    assert not double.select('a[href^="javascript:"]')


@pytest.mark.parametrize(
    "slug",
    ["../x", "..", "a/b", "/etc", "a\\b", ".git", "x\x00y", "line\nbreak", "tab\there", "x" * 201, ""],
)
def test_a_slug_that_is_not_one_file_name_is_refused(slug):
    assert safe_slug(slug) == ""


@pytest.mark.parametrize("slug", ["what-to-do", "σελίδα-2", "post_1", "2014"])
def test_a_wordpress_slug_is_kept_as_it_is(slug):
    assert safe_slug(slug) == slug


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://old.example/wp-content/uploads/2014/02/photo.jpg", "2014/02/photo.jpg"),
        ("https://old.example/wp-content/uploads/2014/../../../etc/hostname", ""),
        ("https://old.example/wp-content/uploads/./2014//x.jpg", "2014/x.jpg"),
        ("https://old.example/%2e%2e/x.jpg", ""),  # read decoded, as the uploads folder names it: `..`
        ("https://old.example/wp-content/uploads/a%2F..%2F..%2Fx.jpg", ""),
        ("https://old.example/wp-content/uploads/2020/03/caf%C3%A9.jpg", "2020/03/café.jpg"),  # a later tester's
        ("https://old.example/wp-content/uploads/.htaccess", ""),
        ("https://old.example/", ""),
        ("http://[::1", ""),
        ("/wp-content/uploads/2014/a.jpg", "2014/a.jpg"),
        ("x)</p><script>alert(1)</script>", ""),  # not an upload at all
        ("https://old.example/wp-content/uploads/2014/a b.jpg", ""),
    ],
)
def test_an_upload_path_never_climbs(url, expected):
    assert upload_path(url) == expected


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("/2014/02/18/what-to-do/", "/2014/02/18/what-to-do/"),
        ("/../../etc/", ""),
        ("/%2e%2e/%2e%2e/x/", ""),
        ("/a%00b/", ""),
        ("/what-to-do/", ""),  # the new address already
    ],
)
def test_an_old_address_stays_inside_the_site(link, expected):
    assert old_address(link, "what-to-do") == expected


def run_import(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    """`invoke import-wordpress` as a user runs it, in a scratch copy of the project."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", "import-wordpress", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": ""},
    )


@pytest.fixture(scope="module")
def scratch_project(tmp_path_factory) -> Path:
    """A copy of the project's code and settings, with its own content folder."""
    project = tmp_path_factory.mktemp("scratch") / "project"
    project.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py", "plugins", "tools", "theme"):
        source = ROOT / name
        if source.is_dir():
            subprocess.run(["cp", "-r", str(source), str(project / name)], check=True)
        else:
            (project / name).write_bytes(source.read_bytes())
    (project / "content").mkdir()
    return project


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing.xml"], "Nothing imported: missing.xml cannot be read"),
        (["notxml.xml"], "Nothing imported: notxml.xml is not valid XML (line 1"),
        (["good.xml", "--uploads", "nowhere"], "Nothing imported: --uploads nowhere: not a folder"),
    ],
)
def test_bad_input_is_one_clear_line(scratch_project, arguments, message):
    (scratch_project / "notxml.xml").write_text("<rss><channel>", encoding="utf-8")
    (scratch_project / "good.xml").write_text(hostile_export(scratch_project / "canary"), encoding="utf-8")
    result = run_import(scratch_project, *arguments)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip().startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("in_the_way", "message"),
    [
        ("content", "Nothing imported: the site's settings are wrong:"),
        ("content/authors", "The import stopped: [Errno 17] File exists"),
    ],
)
def test_a_content_folder_that_cannot_be_written_is_one_clear_line(tmp_path, scratch_project, in_the_way, message):
    project = tmp_path / "project"
    subprocess.run(["cp", "-r", str(scratch_project), str(project)], check=True)
    (project / "good.xml").write_text(hostile_export(tmp_path / "canary"), encoding="utf-8")
    if (project / in_the_way).is_dir():
        (project / in_the_way).rmdir()
    (project / in_the_way).write_text("a file where a folder should be")  # fails for root too
    result = run_import(project, "good.xml")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_import_summary_shows_the_exports_values_as_text(tmp_path, scratch_project):
    """A post_type of `[/]` crashed the summary after every file was written; `[link=...]` printed a hyperlink."""
    from xml.sax.saxutils import escape

    from tests.wxr import export, item

    project = tmp_path / "project"
    subprocess.run(["cp", "-r", str(scratch_project), str(project)], check=True)
    kinds = ["[/]", "[link=https://evil.example]attachment[/link]", "x\u009b2J\u202eevil", "[bold red]loud"]
    items = [item(n, kind=escape(kind), slug=f"p{n}") for n, kind in enumerate(kinds, start=1)]
    (project / "kinds.xml").write_text(export(*items, item(9, "<p>Real.</p>", slug="real")), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "import-wordpress", "kinds.xml"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": "", "FORCE_COLOR": "1", "COLUMNS": "200", "TERM": "xterm-256color"},
    )
    said = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in said, said
    plain = re.sub(r"\x1b\[[0-9;]*m", "", said)  # Rich's own colours
    for shown in ("skipped: [/] items", "skipped: [link=https://evil.example]attachment[/link] items",
                  "skipped: x\\x9b2J\\u202eevil items", "skipped: [bold red]loud items"):  # fmt: skip
        assert shown in plain, plain
    assert "\x1b" not in plain and not re.search("[\x80-\x9f\u202a-\u202e]", plain)


def image_bytes(kind: str) -> bytes:
    """A real, tiny image of this format (Pillow's name: JPEG, PNG, GIF, WEBP)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "teal").save(buffer, kind)
    return buffer.getvalue()


SCRIPTED_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'
UPLOADS = {  # name in uploads/2020/01/ -> content, and whether the import may copy it
    "photo.jpg": (image_bytes("JPEG"), True),
    "photo.png": (image_bytes("PNG"), True),
    "evil.svg": (SCRIPTED_SVG.encode(), False),
    "evil.html": (b"<script>alert(document.domain)</script>", False),
    "page.png": (b"<html><script>alert(1)</script></html>", False),  # named as an image, is a page
    "png.html": (image_bytes("PNG"), False),  # an image named as a page: a server would send it as one
    "png.gif": (image_bytes("PNG"), False),
    "cut.jpg": (image_bytes("JPEG")[:40], False),
}


def test_only_images_vouched_for_by_their_content_are_copied_and_published(tmp_path):
    """An evil.svg and an evil.html referenced as images were copied, published, and ran when opened."""
    from tests.wxr import export, item

    uploads = tmp_path / "uploads" / "2020" / "01"
    uploads.mkdir(parents=True)
    for name, (data, _copied) in UPLOADS.items():
        (uploads / name).write_bytes(data)
    body = "".join(f'<p><img src="https://old.example/wp-content/uploads/2020/01/{n}" alt="{n}"></p>' for n in UPLOADS)
    (tmp_path / "export.xml").write_text(export(item(1, body, slug="images")), encoding="utf-8")
    content = copy_content(tmp_path)
    settings = read_project_settings(content)
    report = import_wordpress(
        tmp_path / "export.xml", settings, salt_file=tmp_path / "salt", uploads=uploads.parent.parent
    )
    copied = sorted(
        p.name for p in (content / "images" / "wordpress").rglob("*") if p.is_file() and p.suffix != ".credit"
    )
    assert copied == sorted(name for name, (_data, ok) in UPLOADS.items() if ok)
    notes = "\n".join(report.plan.notes)
    for name, (_data, ok) in UPLOADS.items():
        assert (f"--uploads file '2020/01/{name}'" in notes) is not ok, name
    assert "an SVG can hold scripts" in notes and "is a PNG image named '.html'" in notes
    output = build_site(tmp_path / "output", PATH=str(content))
    published = [p.name for p in output.rglob("*") if p.suffix in (".svg", ".html") and "wordpress" in p.parts]
    assert published == [], published
    post = next(p for p in content.glob("*.md") if "2020/01/photo.jpg" in p.read_text()).read_text()
    assert "https://old.example/wp-content/uploads/2020/01/evil.svg" in post  # shown from its old address


def test_the_checks_name_a_scripted_svg_or_html_file_under_images(tmp_path):
    """An imported one stops the publish; the writer's own is a note (the writer is trusted)."""
    from publishing.strict import strict_build
    from writing import check_site

    content = copy_content(tmp_path)
    (content / "images" / "wordpress" / "2020").mkdir(parents=True)
    (content / "images" / "wordpress" / "2020" / "evil.svg").write_text(SCRIPTED_SVG)
    (content / "images" / "wordpress" / "page.html").write_text("<p>\n<img src=x onerror=alert(1)>")
    (content / "images" / "mine.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="go()"/>')
    (content / "files" / "wordpress").mkdir(parents=True)
    (content / "files" / "wordpress" / "guide.html").write_text("<script>go()</script>")
    problems = check_site(read_project_settings(content))
    found = {(p.path.rpartition("images/")[2], p.line, p.severity) for p in problems}
    assert {
        ("wordpress/2020/evil.svg", 1, "error"),
        ("wordpress/page.html", 2, "error"),
        ("mine.svg", 1, "note"),
    } <= found
    assert any(p.path.endswith("files/wordpress/guide.html") and p.severity == "error" for p in problems)
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output")}
    stopped = [str(p) for p in strict_build(str(ROOT / "publishconf.py"), overrides)]
    assert any("evil.svg:1: an imported SVG file holds '<script'" in line for line in stopped), stopped
    assert not any("mine.svg" in line for line in stopped)


@pytest.mark.parametrize(
    ("old", "page"),
    [
        ("/2014/02/18/slug/", "2014/02/18/slug/index.html"),
        ("/2014/02/18/slug", "2014/02/18/slug/index.html"),
        ("/version-2.0", "version-2.0/index.html"),
        ("/slug.html", "slug.html"),
        ("/a/slug.HTM", "a/slug.HTM"),
        ("/feeds/all.atom.xml/", "feeds/all.atom.xml/index.html"),  # a folder: the build finds the file in its way
        ("/feeds/all.atom.xml", ""),
        ("/wp-login.php", ""),
        ("/images/photo.jpg", ""),
        ("/%2e%2e/x/", ""),
        ("%2F", ""),  # the home page (found by the long run)
        ("/", ""),
        (f"/{'y' * 255}/", f"{'y' * 255}/index.html"),
        (f"/{'y' * 256}/", ""),  # an outside tester's: it stopped every build, "File name too long"
        (f"/{'é' * 128}/", ""),  # 256 bytes
        ("/" + "/".join(["a" * 200] * 6) + "/", ""),  # 1,200 bytes in all
    ],
)
def test_a_redirect_is_a_folders_page_or_a_page_file_never_another_file(old, page):
    from wordpress.addresses import redirect_file

    assert redirect_file(old)[0] == page


def test_old_addresses_and_dates_a_build_cannot_take_are_named_not_crashes(tmp_path):
    """A WordPress-URL naming the feed stopped the build with 'File exists'; a year 9999 with 'out of range'."""
    from publishing.strict import strict_build
    from writing import check_site

    from tests.wxr import export, item

    items = [
        item(1, "<p>Feed.</p>", slug="feed-post").replace("/2014/02/18/feed-post/", "/feeds/all.atom.xml"),
        item(2, "<p>Home.</p>", slug="home-post").replace("/2014/02/18/home-post/", "/index.html"),
        item(3, "<p>Far.</p>", slug="far-post", date="9999-12-31 23:59:59"),
        item(4, "<p>Long.</p>", slug="long-post").replace("/2014/02/18/long-post/", f"/{'y' * 256}/"),
    ]
    (tmp_path / "export.xml").write_text(export(*items), encoding="utf-8")
    content = copy_content(tmp_path)
    report = import_wordpress(tmp_path / "export.xml", read_project_settings(content), salt_file=tmp_path / "salt")
    notes = "\n".join(report.plan.notes)
    assert "its old address '/feeds/all.atom.xml' names a file (all.atom.xml), not a page" in notes
    assert "has no date ('9999-12-31 23:59:59'): imported as a draft" in notes
    far = (content / "far-post.md").read_text()
    assert "Status: draft" in far and "9999" not in far
    assert "WordPress-URL" not in (content / "feed-post.md").read_text()
    assert "WordPress-URL" not in (content / "long-post.md").read_text()
    assert f"its old address '/{'y' * 256}/' is too long to be a page's path" in notes
    # What a writer (or an older import) can still type: a folder below the feed's file, a year 9999.
    (content / "typed.md").write_text(
        "Title: Typed\nDate: 9999-12-31 23:59+00:00\nAuthor: Chris\nTags: x\n\nText.\n", encoding="utf-8"
    )
    (content / "under-feed.md").write_text(
        "Title: Under\nDate: 2020-01-01\nAuthor: Chris\nTags: x\nWordPress-URL: /feeds/all.atom.xml/\n\nText.\n"
    )
    (content / "long-url.md").write_text(
        f"Title: Long\nDate: 2020-01-01\nAuthor: Chris\nTags: x\nWordPress-URL: /{'y' * 256}/\n\nText.\n"
    )
    (content / "feed-file.md").write_text(
        "Title: File\nDate: 2020-01-01\nAuthor: Chris\nTags: x\nWordPress-URL: /feeds/all.atom.xml\n\nText.\n"
    )
    checked = {str(p) for p in check_site(read_project_settings(content))}
    assert any(line.endswith("typed.md:2: Date '9999-12-31 23:59+00:00' is out of range: the post is left out"
                              " (give a year from 1900 to 2999)") for line in checked), checked  # fmt: skip
    assert any("feed-file.md:5: warning: WordPress-URL /feeds/all.atom.xml names a file" in line for line in checked)
    assert any("long-url.md:5: warning: WordPress-URL" in line and "is too long" in line for line in checked), checked
    output = build_site(tmp_path / "output", PATH=str(content))
    assert (output / "feeds" / "all.atom.xml").is_file() and not (output / "typed").exists()
    assert "Redirect" not in (output / "index.html").read_text()[:300]
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "published"), "COMMENTS_FORMSPREE_ID": "x"}
    stopped = "\n".join(str(p) for p in strict_build(str(ROOT / "publishconf.py"), overrides))
    assert "typed.md:2: Date" in stopped
    assert "under-feed.md:5: WordPress-URL /feeds/all.atom.xml/ is where the new site has its file" in stopped


def test_comments_of_items_sharing_a_post_id_are_held_not_placed_on_another_post(tmp_path):
    """Two items with wp:post_id 301: a comment of the first was stored approved on the second."""
    from comments.store import load_store

    from tests.wxr import BLOG, export, item

    first = item(301, "<p>One.</p>", slug="first-post", comments=("On the first post.",))
    second = item(301, "<p>Two.</p>", slug="second-post").replace("30100", "30199")
    (tmp_path / "export.xml").write_text(export(first, second), encoding="utf-8")
    content = copy_content(tmp_path)
    report = import_wordpress(tmp_path / "export.xml", read_project_settings(content), salt_file=tmp_path / "salt")
    assert "post id '301' is used by 2 items ('first-post', 'second-post'): their comments are held" in "\n".join(
        report.plan.notes
    )
    stored, _errors = load_store(content / "comments")
    assert f"wp-{BLOG}-301-30100" not in stored  # not approved: nothing in the committed store
    queued, _errors = load_store(tmp_path / "comments-queue")
    comment = queued[f"wp-{BLOG}-301-30100"]
    assert comment.status == "pending" and comment.article == "first-post"
    assert any("its post's id '301' is used by 2 items" in reason for reason in comment.reasons)


def test_an_imported_bio_is_one_name_line_and_no_markup(hostile_import):
    _tmp, content, _canary, _before, _report = hostile_import
    bio = next((content / "authors").glob("*.md")).read_text(encoding="utf-8")
    assert bio.startswith("Name: Mallory Photo: ../../../etc/passwd\n\n")
    assert "<script" not in bio
    assert not BeautifulSoup(bio, "html.parser").find("script")


# --- Properties, at function level: whatever the export's fields, every path stays inside content/ ---

PATH_FRAGMENTS = [
    "..", "../", "/", "//", "%2e%2e", "%2F", "%252e", "\\", ".", "\x00", "\n", " ", "~", "C:", "é", "?", "#",
    "wp-content/uploads/", "https://old.example/", "file:///", "javascript:", "-", "_", "index", ".md",
]  # fmt: skip
path_values = st.lists(st.one_of(st.sampled_from(PATH_FRAGMENTS), st.text(max_size=8)), max_size=10).map("".join)
text_values = st.text(max_size=40)


@st.composite
def wordpress_sites(draw):
    """A WordPress export's records with arbitrary slugs, links, titles, image URLs and authors."""
    attachments = {
        str(n): WpAttachment(str(n), draw(path_values), alt=draw(text_values)) for n in range(draw(st.integers(0, 2)))
    }
    items = []
    for number in range(draw(st.integers(1, 4))):
        images = "".join(f'<img src="{html.escape(draw(path_values))}" alt="">' for _ in range(draw(st.integers(0, 2))))
        items.append(
            WpItem(
                id=draw(st.one_of(st.just(str(number)), path_values)),
                type=draw(st.sampled_from(["post", "page"])),
                status="publish",
                title=draw(text_values),
                slug=draw(path_values),
                link=draw(path_values),
                date=None,
                author=draw(text_values),
                content=draw(text_values) + images,
                excerpt=draw(text_values),
                tags=tuple(draw(st.lists(text_values, max_size=2))),
                thumbnail_id=draw(st.sampled_from(["", *attachments])),
                title_html=draw(text_values),
            )
        )
    author = draw(text_values)
    authors = {author: WpAuthor(author, draw(text_values), draw(text_values))}
    return WpSite(draw(text_values), draw(path_values), authors=authors, items=items, attachments=attachments)


RENDER = markdown_renderer(read_project_settings(FIXTURE_CONTENT))  # as the import measures fidelity


def site_slugify(text: str) -> str:
    from pelican.utils import slugify

    return slugify(text)


@given(wordpress_sites())
@example(  # found by the long run: an image left at its (relative) address got a credit file named after it
    WpSite("", "", items=[WpItem("0", "post", "publish", "", "", "", None, "", '<img src="..../../...." alt="">')])
)
@example(WpSite("", "//[", items=[WpItem("0", "post", "publish", "", "", "", None, "", "")]))  # long run: a crash
@example(  # an outside tester's: an author's name and a title with bidi controls reached the terminal
    WpSite("", "", authors={"b": WpAuthor("b", "bob\u202eRTL\u2066X\u200fZ")},
           items=[WpItem("0", "post", "publish", "T\u202ex", "", "", None, "b", "", tags=("t\u2067",))])
)  # fmt: skip
def test_any_export_plans_only_files_inside_content(site):
    planned = plan(site, slugify=site_slugify, existing_authors=set(), render=RENDER)
    paths = [new.path for new in planned.files] + list(planned.downloads.values())
    assert all(not leaves(path) and ".." not in path.split("/") for path in paths), paths
    for new in planned.files:
        header = new.text.split("\n\n", 1)[0].splitlines() if new.path.endswith(".md") else new.text.splitlines()
        assert all((not CONTROLS.search(line) and ":" in line) or line.startswith("#") for line in header), header
        assert not any(BIDI.search(line) for line in header), header  # they reorder what the terminal shows
    posts = [new for new in planned.files if new.path.endswith(".md") and not new.path.startswith("authors/")]
    assert all(re.fullmatch(r"(pages/)?[\w-]+\.md", new.path) for new in posts), [n.path for n in posts]


@given(wordpress_sites(), st.data())
def test_a_post_never_takes_the_slug_of_a_file_the_import_did_not_write(site, data):
    def posts(planned):
        return [n.path for n in planned.files if n.path.endswith(".md") and not n.path.startswith("authors/")]

    first = posts(plan(site, slugify=site_slugify, existing_authors=set()))
    stems = sorted({PurePosixPath(path).stem for path in first})
    taken = {stem.casefold(): f"mine/{stem}.md" for stem in data.draw(st.lists(st.sampled_from(stems), unique=True))}
    planned = plan(site, slugify=site_slugify, existing_authors=set(), taken=taken)
    assert len(posts(planned)) == len(first)  # every post still imported...
    assert not {PurePosixPath(path).stem.casefold() for path in posts(planned)} & set(taken)  # ...nor a writer's slug
    assert {yours for _what, yours, _imported in planned.renamed} <= set(taken.values())
    assert {imported for _what, _yours, imported in planned.renamed} <= set(posts(planned))


@given(path_values)
def test_an_upload_path_is_empty_or_a_plain_relative_path(url):
    relative = upload_path(url)
    assert relative == "" or (not leaves(relative) and all(part not in ("", ".", "..") for part in relative.split("/")))


@example("%2F", "")  # found by the long run: the home page, written as %2F, passed as an old address
@given(path_values, path_values)
def test_an_old_address_is_empty_or_a_path_of_the_site(link, slug):
    from wordpress.addresses import redirect_file

    address = old_address(link, slug)
    assert address == "" or not leaves(unquote(address).strip("/") + "/index.html")
    assert address == "" or redirect_file(address)[0]  # a redirect page can stand there


@given(path_values)
def test_a_path_that_does_not_leave_its_folder_stays_inside_it(relative):
    if not leaves(relative):
        base = Path("/srv/site/output")
        assert Path(os.path.normpath(base / relative)).is_relative_to(base)


@pytest.fixture(scope="module")
def uploads_with_a_way_out(tmp_path_factory) -> Path:
    """An uploads folder holding real files, a symbolic link to a file outside it and one to a folder outside it."""
    tmp = tmp_path_factory.mktemp("uploads-property")
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_text(CANARY_TEXT)
    (outside / "secret.pdf").write_text("%PDF-1.4\n" + CANARY_TEXT)
    uploads = tmp / "uploads"
    (uploads / "2020" / "01").mkdir(parents=True)
    (uploads / "2020" / "01" / "photo.jpg").write_bytes(image_bytes("JPEG"))
    (uploads / "2020" / "01" / "secret.jpg").symlink_to(outside / "secret.jpg")
    (uploads / "2020" / "01" / "guide.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (uploads / "2020" / "01" / "secret.pdf").symlink_to(outside / "secret.pdf")
    (uploads / "2020" / "away").symlink_to(outside, target_is_directory=True)
    return uploads


@given(st.lists(st.one_of(path_values, st.sampled_from([
    "https://old.example/wp-content/uploads/2020/01/photo.jpg",
    "https://old.example/wp-content/uploads/2020/01/secret.jpg",
    "https://old.example/wp-content/uploads/2020/away/secret.jpg",
    "https://old.example/wp-content/uploads/2020/01/../../../outside/secret.jpg",
])), min_size=1, max_size=4))  # fmt: skip
def test_images_are_copied_only_from_inside_the_uploads_folder(uploads_with_a_way_out, urls):
    content = "".join(f'<img src="{html.escape(url)}" alt="x">' for url in urls)
    item = WpItem("1", "post", "publish", "T", "t", "/t/", None, "a", content)
    planned = plan(WpSite("Old", "https://old.example", items=[item]), slugify=site_slugify, existing_authors=set(),
                   uploads=uploads_with_a_way_out)  # fmt: skip
    for source, target in planned.copies:
        assert inside(uploads_with_a_way_out, source) and source.read_bytes() != CANARY_TEXT.encode()
        assert not leaves(target) and target.startswith("images/wordpress/")


@given(st.lists(st.one_of(path_values, st.sampled_from([
    "https://old.example/wp-content/uploads/2020/01/guide.pdf",
    "https://old.example/wp-content/uploads/2020/01/secret.pdf",
    "https://old.example/wp-content/uploads/2020/away/secret.pdf",
    "https://old.example/wp-content/uploads/2020/01/../../../outside/secret.pdf",
    "/wp-content/uploads/2020/01/guide.pdf?x=../../secret.pdf#../..",
    "https://old.example/wp-content/uploads/2020/01/photo.jpg",
])).map(lambda url: f"https://old.example/wp-content/uploads/{url}" if "://" not in url else url),
    min_size=1, max_size=4))  # fmt: skip
def test_linked_files_are_copied_only_from_inside_the_uploads_folder(uploads_with_a_way_out, urls):
    content = "".join(f'<a href="{html.escape(url)}">file</a> ' for url in urls)
    item = WpItem("1", "post", "publish", "T", "t", "/t/", None, "a", content)
    planned = plan(WpSite("Old", "https://old.example", items=[item]), slugify=site_slugify, existing_authors=set(),
                   uploads=uploads_with_a_way_out)  # fmt: skip
    for source, target in planned.copies:
        assert inside(uploads_with_a_way_out, source) and CANARY_TEXT.encode() not in source.read_bytes()
        assert not leaves(target) and target.startswith(("images/wordpress/", "files/wordpress/"))
    for target in planned.to_move.values():
        assert not leaves(target) and target.startswith("files/wordpress/")
    if "https://old.example/wp-content/uploads/2020/01/guide.pdf" in urls:
        assert "files/wordpress/2020/01/guide.pdf" in [target for _source, target in planned.copies]


# What WordPress looks up as it shows a post: blocks, shortcodes, embeds and footnotes, written to break out.
SHOWN_FRAGMENTS = [
    "<!-- wp:latest-posts /-->", '<!-- wp:block {"ref":"1"} /-->', '<!-- wp:block {"ref":"404"} /-->',
    "<!-- wp:footnotes /-->", '<!-- wp:embed {"url":"javascript:alert(1)"} -->', "<!-- /wp:embed -->",
    "<!-- wp:query -->", "<!-- /wp:query -->", '<!-- wp:x {"a":[[[[[[[[[[]]]]]]]]]]} /-->', "[gallery]",
    '[gallery ids="1,2,3"]', "[audio javascript:alert(1)]", "[audio]", '[video src="https://youtu.be/x"]',
    "[embed]javascript:alert(1)[/embed]", "[playlist]", "[[gallery]]", "[caption]", "[/caption]",
    "\nhttps://www.youtube.com/watch?v=x\n", "\njavascript:alert(1)\n", '<sup data-fn="n"><a href="#n">1</a></sup>',
    '<sup data-fn="&quot;&gt;&lt;script&gt;">2</sup>', "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "<pre>", "</pre>", "<!--", "-->", "\n\n", "<p>", "</p>", '"', "{", "}", "<a href='javascript:alert(1)'>",
    # Markdown planted in attributes and addresses (an outside tester's findings)
    '<abbr title="[x](https://a.example/ onfocus=alert(1)//)">', "</abbr>", '<span style="color:red" lang="`x`{: onclick=a}">',
    '<a href="https://a.example/" title="t&#10;&#10;## H {: onclick=alert(2) }&#10;&#10;x">', "</a>",
    '<iframe src="https://www.youtube.com/embed/*x*{:onmouseover=alert(1)}"></iframe>', '<img src="https://old.example/wp-content/uploads/d.jpg">',
]  # fmt: skip
LIBRARY_ATTACHMENTS = {
    "1": WpAttachment("1", "https://old.example/wp-content/uploads/a.jpg", caption="<script>x</script>", parent="7"),
    "2": WpAttachment("2", "javascript:alert(1)//b.jpg", alt='"><script>', parent="7"),
    "3": WpAttachment("3", "https://old.example/wp-content/uploads/c.mp3", parent="7"),
    "4": WpAttachment("4", "https://old.example/wp-content/uploads/d.jpg", alt="d\n\n<script>alert(1)</script>\n\n"),
}
shown_values = st.lists(st.one_of(st.sampled_from(SHOWN_FRAGMENTS), st.text(max_size=8)), max_size=12).map("".join)


@given(
    shown_values,
    st.lists(st.tuples(st.sampled_from(["n", '"><script>', ""]), shown_values), max_size=3),
    shown_values,
)
def test_whatever_wordpress_would_show_the_markdown_renders_without_live_markup(content, notes, reused):
    from tools.wordpress.convert import to_markdown
    from tools.wordpress.displayed import Library

    library = Library(LIBRARY_ATTACHMENTS, {"1": reused + '<!-- wp:block {"ref":"1"} /-->'})  # it includes itself

    def describe(url: str) -> str:  # the media library's alt text, as the import looks it up
        return next((attachment.alt for attachment in LIBRARY_ATTACHMENTS.values() if attachment.url == url), "")

    converted = to_markdown(content, str, describe, library, post_id="7", footnotes=tuple(notes))
    built = RENDER("\n" + converted.markdown)  # after the fields' blank line, as in the post's file
    rendered = BeautifulSoup(built, "html.parser")
    assert not rendered.find(["script", "iframe", "object", "embed", "style", "meta"])
    assert not re.findall(r"<[!?](?!-- -->).{0,20}", built)  # a comment or section a browser ends early
    assert [(t.name, a) for t in rendered.find_all(True) for a in t.attrs if a.lower().startswith("on")] == []
    for tag in rendered.find_all(["a", "img", "audio", "video", "source"]):
        for name in ("href", "src"):
            assert not tag.get(name, "").strip().lower().startswith(("javascript:", "data:")), tag


# Well-formed units of nesting (a block's closing is its opening reversed), as WordPress posts nest them.
BLOCKS = ["<div>", "<blockquote>", "<ul><li>", "<ol><li>", "<table><tr><td>", "<dl><dd>", "<section>", "<center>"]
INLINES = ["<b>", "<i>", "<span>", "<a href='https://old.example/x'>", "<sup>", "<font>", "<em>"]


@given(
    st.lists(st.sampled_from(BLOCKS), max_size=4),
    st.integers(0, 300),
    st.lists(st.sampled_from(INLINES), min_size=1, max_size=3),
    st.integers(0, 300),
    st.booleans(),
)
@example(["<ul>"], 500, ["<b>"], 0, True)  # an outside tester's exports: 500 lists, 300 divisions, 200 bold
@example(["<div>"], 300, ["<b>"], 0, True)
@example([], 0, ["<b>"], 200, True)
def test_any_nesting_depth_converts_and_renders_keeping_its_text_and_images(blocks, deep, inlines, deeper, closed):
    import re as regex

    from tools.wordpress import sanitise
    from tools.wordpress.convert import to_markdown

    opening = [blocks[n % len(blocks)] for n in range(deep if blocks else 0)]
    opening += [inlines[n % len(inlines)] for n in range(deeper)]
    closing = ["".join(f"</{t}>" for t in reversed(regex.findall(r"<(\w+)", unit))) for unit in reversed(opening)]
    inner = "deep <img src='https://old.example/wp-content/uploads/a.png' alt='A photo'> text"
    converted = to_markdown("".join(opening) + inner + ("".join(closing) if closed else ""), str, lambda _url: "")
    rendered = BeautifulSoup(RENDER(converted.markdown), "html.parser")  # never a RecursionError, at any depth
    assert sanitise.flatten(rendered) <= 3 * sanitise.MAX_DEPTH  # what the build walks stays shallow
    if closed:  # well-formed: nothing a reader saw is lost, however deep
        assert "deep" in rendered.get_text() and "text" in rendered.get_text()
        assert rendered.find("img", alt="A photo") is not None


# --- Markdown syntax planted in an export's values (an outside tester's findings) ---

PIC = "https://old.example/wp-content/uploads/2015/01/pic.jpg"
DATED = datetime(2020, 1, 2, 3, 4, tzinfo=UTC)
PIC2 = "https://old.example/wp-content/uploads/2015/01/pic2.jpg"
PIC2_ALT = "A photo <!--> <meta http-equiv=refresh content=0;url=https://attacker.example/lib> --> \\"
PLANTED_ALT = 'A photo\n\n<meta http-equiv="refresh" content="0;url=https://attacker.example/">\n\n<script>alert(1)</script>\n\nend'
PLANTED = {
    "a library alt text with blank lines": f'<p>Hello <img src="{PIC}"></p>',
    "a link inside an inline tag's attribute": (
        '<p>We use <abbr title="[HTML](https://www.w3.org/ tabindex=0 autofocus onfocus=alert(document.domain)//)">'
        "HTML</abbr> daily.</p>"
    ),
    "an attribute list inside an attribute": '<p><span style="color:red" title="*a*{: onclick=alert(1)}">x</span></p>',
    "code and an autolink inside an attribute": '<p><q cite="https://a.example/`x`" title="<https://b.example/>">q</q></p>',
    "a link title with blank lines and an attribute list": (
        '<p>See <a href="https://ok.example/" title="t&#10;&#10;## Heading {: onclick=\'alert(2)\' '
        "style='position:fixed;top:0' }&#10;&#10;x\">this link</a>.</p>"
    ),
    "a link title with blank lines and a script link": (
        '<p>See <a href="https://ok.example/" title="t&#10;&#10;[click](javascript:alert(1))&#10;&#10;x">this</a>.</p>'
    ),
    "an embed address with emphasis and an attribute list": (
        "<iframe src=\"https://www.youtube.com/embed/*x*{:onmouseover=&quot;location='//attacker.example/'&quot;}\">"
        "</iframe>"
    ),
    # The second outside tester's: a quote and a parenthesis ended a title, a backslash the alt text.
    "a caption that ends the image's title early": (
        f'<figure><img src="{PIC}" alt="a"><figcaption>x\'\') &lt;!--&gt; &lt;meta http-equiv=refresh'
        " content=0;url=https://attacker.example/&gt; --&gt; (</figcaption></figure>"
    ),
    "a link title that ends early, in a first paragraph that looks like a field": (
        '<p>Note: read <a href="https://ok.example/" title="x\'\') [Session expired](https://attacker.example/login)'
        "{: style='position:fixed;top:0;left:0;width:100vw;height:100vh' onclick='alert(document.domain)' } (\">this"
        "</a>.</p>"
    ),
    "a library alt text ending with a backslash": f'<p>Hello <img src="{PIC2}"></p>',
}


def rendered_live(html_text: str) -> list[str]:
    """What a browser would run, load or lay over the page, judged apart from the import's own check."""
    soup = BeautifulSoup(html_text, "html.parser")
    found = [str(tag)[:60] for tag in soup.find_all(["script", "meta", "iframe", "object", "embed", "style", "form"])]
    # A browser ends `<!-->` at once, and a `<![CDATA[`, `<!x` or `<?` at the first `>`: Python's parser reads on.
    found += re.findall(r"<[!?](?!-- -->).{0,20}", html_text)
    found += [
        f"{tag.name} {name}" for tag in soup.find_all(True) for name in tag.attrs if name.lower().startswith("on")
    ]
    found += [f"{tag.name} style" for tag in soup.find_all(style=True) if "position" in tag["style"]]
    found += [
        f"{tag.name} {name}"
        for tag in soup.find_all(True)
        for name in ("href", "src")
        if tag.get(name, "").strip().lower().startswith(("javascript:", "data:", "vbscript:"))
    ]
    return found


@pytest.mark.parametrize("name", PLANTED)
def test_markdown_planted_in_an_exports_values_renders_as_text(name):
    item_ = WpItem("1", "post", "publish", "Hello", "hello", "/hello/", DATED, "a", PLANTED[name])
    library = {"9": WpAttachment("9", PIC, PLANTED_ALT), "8": WpAttachment("8", PIC2, PIC2_ALT)}
    site = WpSite("Old", "https://old.example", items=[item_], attachments=library)
    planned = plan(site, slugify=site_slugify, existing_authors=set(), render=RENDER)
    post = next(new for new in planned.files if new.path == "hello.md")
    rendered = RENDER(post.text)  # the whole file, as the build reads it
    assert rendered_live(rendered) == []
    assert "Status: draft" not in post.text, "the converter itself wrote it inert: no post should need the net"
    shown = BeautifulSoup(rendered, "html.parser")
    texts = " ".join([shown.get_text(" "), *(str(v) for tag in shown.find_all(True) for v in tag.attrs.values())])
    for word in ("HTML", "onclick", "onfocus", "javascript", "refresh", "embed", "Session expired"):  # kept, as text
        if word in PLANTED[name] or (word == "refresh" and "alt" in name):
            assert word in texts, (word, rendered)


@pytest.mark.parametrize(
    "markdown",
    [
        "Text *x*{: onclick=alert(1) } more.",
        "<script>alert(1)</script>\n\nText.",
        '<meta http-equiv="refresh" content="0;url=https://attacker.example/">',
        "[click](javascript:alert(1))",
        '<span style="position:fixed;top:0">over</span> text',
        "<svg><a href='javascript:alert(1)'>x</a></svg>",
        "## Heading {: style='position:fixed' }",
        # The second outside tester's: what Python's parser and a browser read apart, a field-like first line.
        "Text <!--> <meta http-equiv=refresh content=0;url=https://attacker.example/> --> more.",
        "Text <![CDATA[ > <img src=x onerror=alert(1)> ]]> more.",
        "Note: [click](javascript:alert(1))",
        '<span class="notice notice--draft">A theme look</span>',
        '<p id="comments">Takes the theme\'s id</p>',
        '<span style="color: var(--x)">Kept words</span>',  # nh3 keeps the style: the words alone are left
    ],
)
def test_markdown_the_converter_let_through_is_imported_cleaned_as_a_draft(markdown, monkeypatch):
    """The last line of defence: whatever the converter writes, a post that would render anything live is not kept."""
    from tools.wordpress import migrate

    def converted(*_args, **_kwargs):
        from tools.wordpress.convert import Converted

        return Converted(markdown)

    monkeypatch.setattr(migrate, "to_markdown", converted)
    item_ = WpItem("1", "post", "publish", "Hello", "hello", "/hello/", DATED, "a", "<p>x</p>")
    site = WpSite("Old", "https://old.example", items=[item_], authors={"a": WpAuthor("a", "Ann", "<p>Bio</p>")})
    planned = plan(site, slugify=site_slugify, existing_authors=set(), render=RENDER)
    post = next(new for new in planned.files if new.path == "hello.md")
    assert "Status: draft" in post.text
    assert rendered_live(RENDER(post.text)) == []
    assert any("would have shown" in note and "imported as a draft" in note for note in planned.notes)
    words = re.sub(r"<[^>]+>|[^A-Za-z ]", " ", markdown).split()
    body = BeautifulSoup(RENDER(post.text), "html.parser").get_text(" ")
    assert post.text.partition("\n\n")[2].strip() and all(w in body for w in words if w.istitle()), "words kept"
    bio = next(new for new in planned.files if new.path.startswith("authors/"))
    assert rendered_live(RENDER(bio.text)) == []
    assert any(note.startswith("author 'Ann': their description would have shown") for note in planned.notes)


def test_a_colour_pasted_from_a_word_processor_is_no_alarm_and_no_post_is_left_empty():
    """The second outside tester's: `rgb(34, 34, 34)` turned an ordinary post into an empty draft."""
    content = '<p><span style="color: rgb(34, 34, 34);">Pasted from a document</span>, with words.</p>'
    item_ = WpItem("1", "post", "publish", "Hello", "hello", "/hello/", DATED, "a", content)
    planned = plan(WpSite("Old", "https://old.example", items=[item_]), slugify=site_slugify, existing_authors=set(),
                   render=RENDER)  # fmt: skip
    post = next(new for new in planned.files if new.path == "hello.md")
    assert "Status: draft" not in post.text and 'style="color' in post.text
    assert "Pasted from a document" in BeautifulSoup(RENDER(post.text), "html.parser").get_text()


def test_the_rendered_check_passes_every_post_of_the_real_exports():
    """No false alarm: every post of WordPress's own test exports is imported as converted."""
    from tests.wxr import BLOCKS, UNIT_TEST
    from tools.wordpress.wxr import read_wxr

    for export in (UNIT_TEST, BLOCKS):
        planned = plan(read_wxr(export.read_text(encoding="utf-8")), slugify=site_slugify, existing_authors=set(),
                       render=RENDER)  # fmt: skip
        assert [note for note in planned.notes if "would have shown" in note] == [], export.name


def test_a_footnote_called_twice_is_no_alarm():
    """Python-Markdown names a note's second call `fnref2:1`: an ordinary post, never a draft."""
    from tools.wordpress.rendered import live_parts

    assert live_parts(RENDER("\nOnce[^1] and twice[^1].\n\n[^1]: The note.\n")) == []
