"""Moving the old WordPress blog over: both real exports, then a real build of the result."""

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from comments.wpautop import autop
from hypothesis import example, given
from hypothesis import strategies as st
from wordpress import redirect_target
from writing import check_site
from writing.checks import check_metadata
from writing.header import read_header

from tests import wxr
from tests.sitebuild import build_site, page
from tests.wxr import BLOCKS, DATA, SITE, STRIKING_OUT, UNIT_TEST, fresh_content, migrate, settings_for
from tools.comments.queue import Places, load
from tools.wordpress.convert import split_credit, to_markdown
from tools.wordpress.report import report_lines


def load_store(content: Path):
    """The migrated comments: approved ones in content/comments, the rest in the queue beside content/."""
    found = load(Places(content / "comments", content.parent / "comments-queue"))
    return found.comments(), found.errors


def export_facts(path: Path) -> dict:
    """Counts read straight from the export, independently of the importer."""

    def text(element, name):
        found = [c for c in element if c.tag.rpartition("}")[2] == name]
        return (found[0].text or "").strip() if found else ""

    items = ElementTree.parse(path).getroot().find("channel").iter("item")
    facts = {"posts": 0, "pages": 0, "drafts": 0, "tags": set(), "comments": 0}
    for item in items:
        kind, status = text(item, "post_type"), text(item, "status")
        if kind not in ("post", "page") or status not in ("publish", "future", "draft", "pending", "private"):
            continue
        facts[f"{kind}s"] += 1
        facts["drafts"] += status in ("draft", "pending", "private") or bool(text(item, "post_password"))
        facts["tags"] |= {c.text.strip() for c in item if c.tag == "category" and c.get("domain") == "post_tag"}
        facts["comments"] += sum(1 for c in item if c.tag.rpartition("}")[2] == "comment")
    return facts


def test_counts_match_the_export(unit_test_site):
    content, output, report = unit_test_site
    facts = export_facts(UNIT_TEST)
    posts = [p for p in content.glob("*.md")]
    assert len(posts) == facts["posts"] == 58
    assert len(list((content / "pages").glob("*.md"))) == facts["pages"] == 21
    drafts = [p for p in posts + list((content / "pages").glob("*.md")) if "\nStatus: draft\n" in p.read_text()]
    assert len(drafts) == facts["drafts"]
    assert len(list((output / "drafts").glob("*/index.html"))) == facts["drafts"]
    assert len(list((output / "tag").glob("*/index.html"))) >= len(facts["tags"])
    comments, errors = load_store(content)
    assert errors == [] and len(comments) == facts["comments"] == 33
    assert report.plan.skipped == {"attachment items": 37, "nav_menu_item items": 70}


def test_invoke_check_passes_on_the_imported_content(unit_test_site):
    content, _output, _report = unit_test_site
    errors = [str(p) for p in check_site(settings_for(content)) if p.severity == "error"]
    assert errors == []


def test_the_ten_level_reply_chain_is_threaded(unit_test_site):
    content, output, _report = unit_test_site
    comments, _ = load_store(content)

    def depth(comment):
        return 1 + depth(comments[comment.parent]) if comment.parent else 1

    deepest = max(comments.values(), key=depth)
    assert depth(deepest) == 10
    html = page(output, f"{deepest.article}/")
    chain = [deepest]
    while chain[-1].parent:
        chain.append(comments[chain[-1].parent])
    chain.reverse()
    nesting = [len(html.select_one(f"#comment-{c.id}").find_parents("ol")) for c in chain]
    assert nesting[:5] == list(range(nesting[0], nesting[0] + 5))
    assert set(nesting[4:]) == {nesting[4]}  # flattened at the display cap


def test_pending_comments_are_not_published(unit_test_site):
    content, output, _report = unit_test_site
    pending = [c for c in load_store(content)[0].values() if c.status == "pending"]
    assert len(pending) == 3
    everything = "\n".join(p.read_text() for p in output.rglob("*.html"))
    for comment in pending:
        assert f"comment-{comment.id}" not in everything
        assert comment.body.strip()[:40] not in everything


def test_greek_names_survive(unit_test_site):
    content, output, _report = unit_test_site
    greek = [c for c in load_store(content)[0].values() if "Γιάννης" in c.author or "Κώστας" in c.author]
    assert greek
    for comment in greek:
        shown = page(output, f"{comment.article}/").select_one(f"#comment-{comment.id} .comment__author")
        assert shown.get_text(strip=True) == comment.author


def test_edge_cases_build_with_clear_notes(unit_test_site):
    _content, output, report = unit_test_site
    notes = "\n".join(report.plan.notes)
    assert "post 1169 has no title: titled 'Untitled (post 1169)'" in notes
    assert "'Edge Case: No Content' has no content" in notes
    assert "was password-protected: imported as a draft" in notes
    assert (output / "edge-case-no-content" / "index.html").exists()
    assert "Untitled (post 1169)" in page(output, "edge-case-no-title/").find("h1").get_text().replace("\xa0", " ")
    long_title = page(output, "edge-case-many-tags/")
    assert long_title.find("h1") is not None


def test_old_wordpress_addresses_redirect_to_the_new_ones(unit_test_site):
    content, output, _report = unit_test_site
    post = content / "post-format-gallery.md"
    assert "WordPress-URL: /2010/09/10/post-format-gallery/" in post.read_text()
    redirect = page(output, "2010/09/10/post-format-gallery/")
    assert redirect.find("link", rel="canonical")["href"] == "../../../../post-format-gallery/"
    assert (
        redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../../../../post-format-gallery/"
    )
    assert redirect_target("2010/09/10/x", "x/", "https://blog.example.com") == "https://blog.example.com/x/"


def test_the_block_editor_export_with_the_http_namespace(tmp_path):
    content = fresh_content(tmp_path)
    report = migrate(BLOCKS, content)
    facts = export_facts(BLOCKS)
    assert report.plan.counts["posts"] == facts["posts"] == 61 and report.plan.counts["pages"] == facts["pages"] == 1
    assert report.comments.count("imported") == facts["comments"] == 2
    assert [str(p) for p in check_site(settings_for(content)) if p.severity == "error"] == []
    output = build_site(tmp_path / "output", PATH=str(content))
    assert (output / "paragraph" / "index.html").exists()
    assert any("its slug 'tags' is a folder of the new site" in note for note in report.plan.notes)
    assert [r.describe() for r in report.plan.fidelity if r.differences] == []  # what we render keeps its structure
    # What WordPress builds on every view (latest posts, archives, calendar, query loops...) is named, post by post.
    dynamic = {
        f"{r.path}: {name}" for r in report.plan.fidelity for (kind, name), _count in r.missing if kind == "block"
    }
    assert {"latest-posts.md: latest-posts", "calendar.md: calendar", "query-loop.md: query"} <= dynamic
    assert len({r.path for r in report.plan.fidelity if r.missing}) == 31
    lists = page(output, "list/").select_one(".post__body")
    assert lists.select("ol[reversed]") and lists.select('ol[start="4"]')  # the list block's numberings
    notes = page(output, "footnotes/").select_one(".post__body")
    assert [li.p.contents[0].strip() for li in notes.select(".footnote li")] == ["A note", "Another note"]
    for anchor in notes.select('a[href^="#"]'):  # each note's call and each way back lead somewhere
        assert notes.find(id=anchor["href"][1:]) is not None, anchor


def test_caption_and_credit_of_an_image_post(tmp_path):
    content = fresh_content(tmp_path)
    report = migrate(STRIKING_OUT, content)
    text = (content / "what-to-do-after-striking-out.md").read_text()
    assert "Author: Chris" in text and "Tags: job search, rejection" in text and "Category: Careers" in text
    assert "Date: 2014-02-18 09:00-05:00" in text  # the blog's own time (post_date), the same moment as its GMT one
    assert '"Don’t get discouraged if you didn’t get the job."' in text and "Image Credit" not in text
    credit = (content / "images/wordpress/2014/02/missing-out-on-a-job.svg.credit").read_text()
    assert "For: https://careerblog.files.wordpress.com/2014/02/missing-out-on-a-job.svg" in credit
    assert (
        "Creator: David Castillo Dominici\nSource: FreeDigitalPhotos\nSource-URL: http://www.freedigitalphotos.net"
        in credit
    )
    assert report.plan.downloads == {
        "https://careerblog.files.wordpress.com/2014/02/missing-out-on-a-job.svg": "images/wordpress/2014/02/missing-out-on-a-job.svg"
    }
    output = build_site(tmp_path / "output", PATH=str(content))
    article = page(output, "what-to-do-after-striking-out/")
    figure = article.select_one(".post__body figure")
    assert figure.img["alt"] == "missing out on a job"
    assert figure.select_one(".figure__caption").get_text() == "Don’t get discouraged if you didn’t get the job."
    assert figure.select_one(".credit").get_text() == "Image credit: David Castillo Dominici via FreeDigitalPhotos"
    assert article.select_one("blockquote").get_text(" ", strip=True).endswith("— Nelson\xa0Mandela")
    assert "Glad it helped, Sam!" in article.select_one("#comments").get_text()
    assert "Sam & Alex" in article.select_one("#comments").get_text()
    assert "awaiting moderation" not in article.get_text()
    assert "graduated from Georgia State" in (content / "authors" / "chris.md").read_text()  # the existing bio is kept


def test_uploads_are_copied_and_used_locally(tmp_path):
    import io

    from PIL import Image

    export = tmp_path / "striking-out.jpg.wxr.xml"  # the blog's image as the raster file WordPress keeps
    export.write_text(STRIKING_OUT.read_text(encoding="utf-8").replace("job.svg", "job.jpg"), encoding="utf-8")
    uploads = tmp_path / "uploads"
    (uploads / "2014" / "02").mkdir(parents=True)
    photo = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(photo, "JPEG")
    (uploads / "2014" / "02" / "missing-out-on-a-job.jpg").write_bytes(photo.getvalue())
    content = fresh_content(tmp_path)
    report = migrate(export, content, uploads=uploads)
    assert report.plan.downloads == {}
    assert (content / "images/wordpress/2014/02/missing-out-on-a-job.jpg").is_file()
    assert (
        "![missing out on a job](images/wordpress/2014/02/missing-out-on-a-job.jpg"
        in (content / "what-to-do-after-striking-out.md").read_text()
    )
    output = build_site(tmp_path / "output", PATH=str(content))
    figure = page(output, "what-to-do-after-striking-out/").select_one(".post__body figure")
    assert figure.img["src"] == "../images/wordpress/2014/02/missing-out-on-a-job.jpg"
    assert figure.select_one(".credit").get_text().startswith("Image credit: David Castillo Dominici")


def test_an_svg_in_the_uploads_is_not_copied_and_stays_at_its_address_said_once(tmp_path):
    export = tmp_path / "twice.xml"  # the image shown twice: one note
    text = STRIKING_OUT.read_text(encoding="utf-8")
    export.write_text(text.replace("]]></content:encoded>", "<p><img src='https://careerblog.files.wordpress.com/2014/02/missing-out-on-a-job.svg' alt='again'></p>]]></content:encoded>", 1))  # fmt: skip
    content = fresh_content(tmp_path)
    report = migrate(export, content, uploads=DATA / "uploads")
    assert not (content / "images/wordpress/2014/02/missing-out-on-a-job.svg").exists()
    said = [text for text, _style in report_lines(report, str)]
    assert len([line for line in said if "'2014/02/missing-out-on-a-job.svg' an SVG can hold scripts" in line]) == 1
    post = (content / "what-to-do-after-striking-out.md").read_text()
    assert "(https://careerblog.files.wordpress.com/2014/02/missing-out-on-a-job.svg" in post


def test_files_the_posts_link_to_are_listed_to_move_without_uploads(unit_test_site):
    _content, output, report = unit_test_site
    old = "https://wpthemetestdata.files.wordpress.com"
    assert report.plan.to_move[f"{old}/2018/11/file_block.pdf"] == "files/wordpress/2018/11/file_block.pdf"
    recording = "2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3"
    assert report.plan.to_move[f"{old}/{recording}"] == f"files/wordpress/{recording}"
    assert f'href="{old}/2018/11/file_block.pdf"' in (output / "block-category-common" / "index.html").read_text()


def uploaded_files(uploads: Path, outside: Path) -> dict[str, bytes]:
    """An uploads folder holding good files and bad ones (named as their link in `linking_post` says)."""
    import io
    import zipfile

    document = io.BytesIO()
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    files = {
        "guide.pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "letter.docx": document.getvalue(),
        "talk.mp3": b"ID3\x03\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00" + bytes(200),
        "page.html": b"<script>alert(1)</script>",
        "drawing.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "fake.pdf": b"<html><script>alert(1)</script></html>",
        "run.php": b"<?php system($_GET['c']); ?>",
    }
    for name, data in files.items():
        (uploads / name).write_bytes(data)
    with (uploads / "huge.zip").open("wb") as huge:  # sparse: 60 MB that take no room
        huge.truncate(60 * 1024 * 1024)
    (outside / "secret.pdf").write_bytes(files["guide.pdf"])
    (uploads / "secret.pdf").symlink_to(outside / "secret.pdf")
    return files


def test_uploaded_files_the_posts_link_to_are_copied_safely_and_linked(tmp_path):
    folder = f"{SITE}/wp-content/uploads/2015/03"
    names = ("guide.pdf", "letter.docx", "page.html", "drawing.svg", "fake.pdf", "run.php", "huge.zip", "secret.pdf")
    links = "".join(f'<p><a href="{folder}/{name}">{name}</a></p>' for name in (*names, "gone.pdf"))
    links += f'<p><a href="{folder}/guide.pdf#page=2">page two</a> <a href="{folder}/page.html">again</a></p>'
    (tmp_path / "export.xml").write_text(
        wxr.export(wxr.item(1, f'{links}[audio mp3="{folder}/talk.mp3"][/audio]', slug="linking"))
    )
    uploads, outside = tmp_path / "uploads" / "2015" / "03", tmp_path / "elsewhere"
    uploads.mkdir(parents=True)
    outside.mkdir()
    files = uploaded_files(uploads, outside)
    content = fresh_content(tmp_path)
    report = migrate(tmp_path / "export.xml", content, uploads=tmp_path / "uploads")
    copied = sorted(p.relative_to(content).as_posix() for p in (content / "files").rglob("*") if p.is_file())
    assert copied == [f"files/wordpress/2015/03/{name}" for name in ("guide.pdf", "letter.docx", "talk.mp3")]
    notes = "\n".join(report.plan.notes)
    for refused, why in {
        "page.html": "is a '.html' file, not a kind the import copies",
        "drawing.svg": "is a '.svg' file, not a kind the import copies",
        "fake.pdf": "is named .pdf but its content is not recognised",
        "run.php": "is a '.php' file, not a kind the import copies",
        "huge.zip": "is 60 MB, more than the 50 MB",
    }.items():
        assert notes.count(f"--uploads file '2015/03/{refused}' {why}") == 1  # once, however many links
    assert report.plan.to_move == {
        f"{folder}/gone.pdf": "files/wordpress/2015/03/gone.pdf",
        f"{folder}/secret.pdf": "files/wordpress/2015/03/secret.pdf",  # its link out of the folder is not followed
    }
    assert [str(p) for p in check_site(settings_for(content)) if p.code == "link"] == []  # every copy is where it leads
    output = build_site(tmp_path / "output", PATH=str(content))
    body = page(output, "linking/").select_one(".post__body")
    hrefs = {a.get_text(): a["href"] for a in body.select("a")}
    for name in ("guide.pdf", "letter.docx"):
        assert hrefs[name] == f"../files/wordpress/2015/03/{name}"
        assert (output / "files/wordpress/2015/03" / name).read_bytes() == files[name]
    for name in ("page.html", "fake.pdf", "run.php", "huge.zip", "secret.pdf", "gone.pdf"):
        assert hrefs[name] == f"{folder}/{name}"
    assert body.select_one("audio")["src"] == "../files/wordpress/2015/03/talk.mp3"
    assert hrefs["page two"] == "../files/wordpress/2015/03/guide.pdf#page=2"


def png() -> bytes:
    """A small real PNG, as an uploads folder holds."""
    import io

    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (4, 3), "teal").save(data, "PNG")
    return data.getvalue()


HAND_WRITTEN = "Title: Mine\nDate: 2020-01-01 10:00\nTags: mine\n\nWritten by hand.\n"


def test_a_re_run_rewrites_only_what_the_import_wrote_never_a_writers_file(tmp_path):
    image = f"{SITE}/wp-content/uploads/2015/01/photo.png"
    (tmp_path / "export.xml").write_text(
        wxr.export(
            wxr.item(1, f'<p><img src="{image}" alt="A photo"></p>', slug="post-1", comments=("First!",)),
            wxr.item(2, "<p>Two.</p>", slug="post-2"),
            wxr.item(3, f'<p><img src="{image}" alt="A photo"></p>', slug="post-3"),
        )
    )
    content = fresh_content(tmp_path)
    mine, also_mine = content / "post-1.md", content / "renamed-by-me.md"  # one by file name, one by Slug:
    mine.write_text(HAND_WRITTEN)
    also_mine.write_text(HAND_WRITTEN.replace("Tags: mine", "Tags: mine\nSlug: post-2"))
    first = migrate(tmp_path / "export.xml", content)
    assert [(yours, imported) for _what, yours, imported in first.plan.renamed] == [
        ("post-1.md", "post-1-1.md"),
        ("renamed-by-me.md", "post-2-2.md"),
    ]
    assert mine.read_text() == HAND_WRITTEN and "Slug: post-2\n" in also_mine.read_text()
    assert [c.article for c in load_store(content)[0].values()] == ["post-1-1"]  # its comments go with it
    edited = content / "post-3.md"
    edited.write_text(edited.read_text() + "\nAn edit made after the import.\n")
    (tmp_path / "uploads/2015/01").mkdir(parents=True)
    (tmp_path / "uploads/2015/01/photo.png").write_bytes(png())
    # Run again with the uploads, as the report says: the untouched post now shows the copy; the edited one is named.
    again = migrate(tmp_path / "export.xml", content, uploads=tmp_path / "uploads")
    assert mine.read_text() == HAND_WRITTEN
    assert "](images/wordpress/2015/01/photo.png)" in (content / "post-1-1.md").read_text()
    # The credit stays as it was, naming the old address too: post-3, edited, still shows the image from there.
    assert [new.path for new in again.updated] == ["post-1-1.md"]
    assert f"For: {image}\n" in (content / "images/wordpress/2015/01/photo.png.credit").read_text()
    assert [new.path for new in again.edited] == ["post-3.md"]
    assert again.still_linking == {"post-3.md": [image]}
    said = "\n".join(text for text, _style in report_lines(again, str))
    assert f"content/post-3.md: still links to 1 old address(es) now copied here, e.g. {image}" in said
    assert "yours content/post-1.md; imported as content/post-1-1.md" in said
    assert again.comments.count("unchanged") == 1
    # --force takes the import's version of what it wrote, and still never a writer's file.
    (content / "images/wordpress/2015/01/photo.png").write_bytes(b"my own edit of the image")
    forced = migrate(tmp_path / "export.xml", content, uploads=tmp_path / "uploads", force=True)
    assert "An edit made after the import." not in edited.read_text() and mine.read_text() == HAND_WRITTEN
    assert {n.path for n in forced.replaced} == {
        "post-3.md",
        "images/wordpress/2015/01/photo.png",
    } and not forced.updated
    assert forced.not_ours == [] and forced.comments.count("unchanged") == 1
    # A file of yours where the import would write a credit or a copy is kept, and named.
    manifest = json.loads((content / "wordpress-import.json").read_text())
    del manifest["files"]["images/wordpress/2015/01/photo.png.credit"]
    (content / "wordpress-import.json").write_text(json.dumps(manifest))
    (content / "images/wordpress/2015/01/photo.png.credit").write_text("Creator: Me\nLicence: CC0\n")
    kept = migrate(tmp_path / "export.xml", content, force=True)
    assert [n.path for n in kept.not_ours] == ["images/wordpress/2015/01/photo.png.credit"]
    assert (content / "images/wordpress/2015/01/photo.png.credit").read_text() == "Creator: Me\nLicence: CC0\n"
    assert "content/images/wordpress/2015/01/photo.png.credit (credit for" in "\n".join(
        text for text, _style in report_lines(kept, str)
    )


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Don't give up. (Image Credit: Ann via Pics)", ("Don't give up.", ("Ann", "Pics"))),
        ("A view. Photo credit: Pics", ("A view.", ("", "Pics"))),
        ("Just a caption", ("Just a caption", None)),
        ("The bay. Photo: Ann via Pics", ("The bay.", ("Ann", "Pics"))),
        ("Photo: my dog", ("Photo: my dog", None)),  # "Photo:" alone says what, not who
        ("Credit: Pics", ("", ("", "Pics"))),
    ],
)
def test_a_trailing_credit_is_split_from_the_caption(caption, expected):
    text, credit = split_credit(caption)
    assert (text, (credit.creator, credit.source) if credit else None) == expected


def test_paragraphs_lists_tables_code_and_quotes_convert():
    html = (
        "First line\nsecond line\n\nNew paragraph.\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<table><tr><th>A</th></tr><tr><td>1</td></tr></table>\n<pre>x = 1\n\ny = 2</pre>\n"
        "<blockquote>Quote<cite>Who</cite></blockquote>"
    )
    markdown = to_markdown(html, lambda u: u, lambda u: "").markdown
    assert "First line  \nsecond line\n\nNew paragraph." in markdown
    assert "- one\n- two" in markdown and "| A |\n| --- |\n| 1 |" in markdown
    assert "```\nx = 1\n\ny = 2\n```" in markdown
    assert "> Quote\n>\n> --- Who" in markdown
    assert autop("<h2>T</h2>\nText") == "<h2>T</h2>\n<p>Text</p>\n"  # as WordPress writes it


def test_a_file_that_is_not_a_wordpress_export_imports_nothing(tmp_path):
    from tools.wordpress.wxr import WxrError

    bad = tmp_path / "bad.xml"
    bad.write_text("<rss><channel><item></item></channel></rss>")
    with pytest.raises(WxrError, match="not a WordPress export"):
        migrate(bad, fresh_content(tmp_path))
    assert not re.search(r"\.md$", " ".join(p.name for p in (tmp_path / "content").glob("*")))


def test_a_wordpress_url_where_the_new_site_has_a_page_is_one_warning_on_its_line_in_check_build_and_publish(
    tmp_path, caplog
):
    from publishing.strict import strict_build

    from tests.sitebuild import ROOT, copy_content

    content = copy_content(tmp_path)
    for slug, old in (("archives-post", "/archives/"), ("tagged", "/tag/rejection/"), ("moved", "/2014/02/18/old/")):
        (content / f"{slug}.md").write_text(
            f"Title: {slug}\nDate: 2014-02-18\nAuthor: Chris\nTags: rejection\nWordPress-URL: {old}\n\nText.\n"
        )
    checked = [str(p) for p in check_site(settings_for(content)) if p.code == "wordpress-url"]
    assert checked == [
        f"{content}/archives-post.md:5: warning: WordPress-URL /archives/ is already the address of the site's"
        " /archives/ page: no redirect can be written there (old links to it show that page); remove this line",
        f"{content}/tagged.md:5: warning: WordPress-URL /tag/rejection/ is already the address of the page of the"
        " tag 'rejection': no redirect can be written there (old links to it show that page); remove this line",
    ]
    output = tmp_path / "out"
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(output), "COMMENTS_FORMSPREE_ID": "x"}
    assert strict_build(str(ROOT / "publishconf.py"), overrides) == []  # nothing that stops a publish
    said = [r.getMessage() for r in caplog.records if "WordPress-URL" in r.getMessage()]
    assert len(said) == 2 and all(message in checked for message in said)  # each once, as the check said it
    assert "archives" in page(output, "archives/").title.get_text().lower()  # the site's page is left alone
    assert page(output, "2014/02/18/old/").find("meta", attrs={"http-equiv": "refresh"})


def test_without_the_checks_the_wordpress_plugin_names_the_file_and_line_itself(tmp_path, caplog):
    from wordpress import refused

    post = tmp_path / "archives-post.md"
    post.write_text("Title: A\nDate: 2014-02-18\nWordPress-URL: /archives/\n\nText.\n")
    refused(str(post), "is a page of the new site already: no redirect written (remove this line)", "/archives/")
    assert caplog.messages == [
        f"{post}:3: WordPress-URL /archives/ is a page of the new site already: no redirect written (remove this line)"
    ]


def test_the_import_writes_no_wordpress_url_where_the_new_site_has_a_page(tmp_path):
    from tests.wxr import export, item

    content = fresh_content(tmp_path)
    (tmp_path / "export.xml").write_text(
        export(
            item(1, "Archives.", title="Archives", slug="archives", link="/archives/"),
            item(2, "Moved away.", title="Old", slug="old", link="/moved/"),  # its old address: post 3's new one
            item(3, "Here now.", title="Moved", slug="moved", link="/2014/02/18/moved/"),
        )
    )
    report = migrate(tmp_path / "export.xml", content)
    assert "WordPress-URL" not in (content / "archives-post.md").read_text()
    assert "WordPress-URL" not in (content / "old.md").read_text()
    assert "WordPress-URL: /2014/02/18/moved/" in (content / "moved.md").read_text()
    notes = "\n".join(report.plan.notes)
    assert "post 'Archives': its old address /archives/ is the site's /archives/ page on the new site" in notes
    assert f"post 'Old': its old address /moved/ is the page of {content}/moved.md on the new site" in notes
    assert [str(p) for p in check_site(settings_for(content)) if p.code == "wordpress-url"] == []


@given(st.lists(st.text(max_size=12), max_size=3), st.lists(st.text(max_size=12), max_size=3))
@example(tags=[], categories=[";"])  # found by the property test itself: Pelican splits Tags at any semicolon
@example(tags=["a;b", "c"], categories=[])
def test_every_imported_post_is_tagged_as_the_checks_want(tags, categories):
    from tools.wordpress.migrate import Plan, one_line, post_file, post_tags
    from tools.wordpress.wxr import WpItem

    post = WpItem(
        "1", "post", "publish", "T", "t", "", None, "chrisw", "", tags=tuple(tags), categories=tuple(categories)
    )
    result = Plan()
    chosen = post_tags(post, "t.md", result)
    text = post_file({"Title": "T", "Date": "2020-01-02 10:00", "Tags": ", ".join(chosen)}, "Text.\n")
    assert [p.message for p in check_metadata("t.md", read_header(text))] == []
    if not any(one_line(t).replace(",", "").replace(";", "").strip() for t in tags):  # the report says which, why
        assert result.tagged_from_categories == ["t.md"] or result.untagged == ["t.md"]


def test_posts_with_a_category_only_or_nothing_pass_the_checks_and_the_report_says_so(tmp_path):
    category = '<category domain="category" nicename="careers"><![CDATA[Careers]]></category>'
    (tmp_path / "export.xml").write_text(
        wxr.export(
            wxr.item(1, "<p>One.</p>", slug="filed", extra=category),
            wxr.item(2, "<p>Two.</p>", slug="nowhere"),
            wxr.item(3, "<p>Three.</p>", slug="a-page", kind="page"),
        )
    )
    content = fresh_content(tmp_path)
    report = migrate(tmp_path / "export.xml", content)
    assert "\nTags: Careers\n" in (content / "filed.md").read_text()
    assert "\nTags: Uncategorized\n" in (content / "nowhere.md").read_text()
    assert "Tags:" not in (content / "pages/a-page.md").read_text()  # a page needs none
    assert [str(p) for p in check_site(settings_for(content)) if p.severity == "error"] == []
    said = "\n".join(text for text, _style in report_lines(report, str))
    assert "1 post(s) had categories but no tags in WordPress" in said and "  content/filed.md" in said
    assert "1 post(s) had no tag and no category in WordPress" in said and "  content/nowhere.md" in said


@pytest.mark.parametrize(
    ("address", "old"),
    [
        ("https://other.example/evil/", ""),  # another site: no old address of this blog
        ("https://other.example/2014/02/18/post-1/", ""),
        ("http://OLD.example.com/2014/02/18/post-1/", "/2014/02/18/post-1/"),  # the blog's host, any case or scheme
        ("/2014/02/18/post-1/", "/2014/02/18/post-1/"),  # a path alone is on the blog's site
    ],
)
def test_only_an_address_on_the_blogs_own_site_becomes_an_old_address(tmp_path, address, old):
    text = wxr.export(wxr.item(1, "<p>One.</p>", kind="page")).replace(f"<link>{SITE}/2014/02/18/post-1/", "<link>")
    (tmp_path / "export.xml").write_text(text.replace("<link></link>", f"<link>{address}</link>"))
    content = fresh_content(tmp_path)
    report = migrate(tmp_path / "export.xml", content)
    written = (content / "pages/post-1.md").read_text()
    assert (f"WordPress-URL: {old}\n" in written) if old else ("WordPress-URL" not in written)
    foreign = [n for n in report.plan.notes if "is not on the blog's own site" in n]
    assert foreign == ([] if old else [f"page 1 'A post': its address in the export, {address!r}, is not on the blog's own site: not an old address of it, so no redirect (no WordPress-URL written)"])  # fmt: skip


def test_a_manifest_that_cannot_be_read_stops_the_import_before_anything_is_written(tmp_path):
    from tools.wordpress.manifest import ManifestError

    content = fresh_content(tmp_path)
    (content / "wordpress-import.json").write_text('<<<<<<< HEAD\n{"files": {}}\n=======\n')  # a merge conflict
    before = sorted(p for p in content.rglob("*"))
    with pytest.raises(
        ManifestError, match=r"wordpress-import.json cannot be read .*: restore it from git .* or fix it"
    ):
        migrate(STRIKING_OUT, content)
    assert sorted(p for p in content.rglob("*")) == before
    # One entry that is not what an import writes stops it too (dropped, its file would count as yours).
    (content / "wordpress-import.json").write_text('{"files": {"x.md": {"blog": 1, "sha256": "x"}}}')
    with pytest.raises(ManifestError, match=r"the entry for 'x.md' is not a blog and a sha256"):
        migrate(STRIKING_OUT, content)
    assert sorted(p for p in content.rglob("*")) == before


def test_a_writers_html_post_keeps_its_slug_against_an_imported_post(tmp_path):
    content = fresh_content(tmp_path)
    page_of_mine = '<html><head><title>Mine</title><meta name="slug" content="yyy"></head><body>Mine.</body></html>'
    (content / "my-page.html").write_text(page_of_mine)
    (tmp_path / "export.xml").write_text(wxr.export(wxr.item(1, "<p>Theirs.</p>", slug="yyy")))
    report = migrate(tmp_path / "export.xml", content)
    assert (content / "my-page.html").read_text() == page_of_mine and not (content / "yyy.md").exists()
    assert [(yours, imported) for _what, yours, imported in report.plan.renamed] == [("my-page.html", "yyy-1.md")]


def test_imported_files_get_the_usual_permissions_and_unmoderated_comments_stay_private(tmp_path):
    import os

    mask = os.umask(0o022)
    try:
        content = fresh_content(tmp_path)
        (tmp_path / "export.xml").write_text(wxr.export(wxr.item(1, "<p>Text.</p>", slug="perm", comments=("Hi",))))
        migrate(tmp_path / "export.xml", content)
    finally:
        os.umask(mask)
    assert (content / "perm.md").stat().st_mode & 0o777 == 0o644
    assert (content / "wordpress-import.json").stat().st_mode & 0o777 == 0o644
    queued = [p for p in tmp_path.rglob("*.md") if "queue" in p.parent.name]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in queued)


def test_a_run_without_uploads_after_one_with_them_keeps_the_posts_on_the_copies(tmp_path):
    image, pdf = f"{SITE}/wp-content/uploads/2015/01/photo.png", f"{SITE}/wp-content/uploads/2015/01/cv.pdf"
    body = f'<p><img src="{image}" alt="A photo"></p><p><a href="{pdf}">My CV</a></p>'
    (tmp_path / "export.xml").write_text(wxr.export(wxr.item(1, body, slug="with-files")))
    (tmp_path / "uploads/2015/01").mkdir(parents=True)
    (tmp_path / "uploads/2015/01/photo.png").write_bytes(png())
    (tmp_path / "uploads/2015/01/cv.pdf").write_bytes(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )
    content = fresh_content(tmp_path)
    migrate(tmp_path / "export.xml", content, uploads=tmp_path / "uploads")
    post = content / "with-files.md"
    copied = post.read_text()
    assert "](images/wordpress/2015/01/photo.png)" in copied and "{static}/files/wordpress/2015/01/cv.pdf" in copied
    again = migrate(tmp_path / "export.xml", content)  # the uploads folder not given this time
    assert post.read_text() == copied and again.plan.downloads == {} and again.plan.to_move == {}


def test_a_post_the_writer_deleted_after_the_import_is_not_brought_back_but_with_force(tmp_path):
    (tmp_path / "export.xml").write_text(wxr.export(wxr.item(1, "<p>One.</p>", slug="one"), wxr.item(2, "<p>2</p>")))
    content = fresh_content(tmp_path)
    migrate(tmp_path / "export.xml", content)
    (content / "one.md").unlink()
    again = migrate(tmp_path / "export.xml", content)
    assert not (content / "one.md").exists() and [new.path for new in again.deleted] == ["one.md"]
    assert "content/one.md" in "\n".join(text for text, _style in report_lines(again, str, "content"))
    forced = migrate(tmp_path / "export.xml", content, force=True)
    assert (content / "one.md").is_file() and [new.path for new in forced.created] == ["one.md"]
