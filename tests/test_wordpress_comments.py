"""Comments imported from WordPress show as their commenters wrote them: WordPress's comment tags, nothing else."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from comments.model import HTML
from comments.render import comment_html
from comments.store import format_comment, load_store, parse_comment
from hypothesis import given
from hypothesis import strategies as st

from tests.sitebuild import build_site, page
from tests.test_comment_render import ATTACKS
from tests.wxr import export, fresh_content, item, migrate

GRAVATAR = (
    "This user it trying to be anonymous.\n\n\n\tThey used a fake email, so there should be no "
    '<a href="https://gravatar.com//" title="Gravatar" rel="nofollow">Gravatar</a> associated with it.\n'
    "\tThey did not speify a website, so there should be no link to it in the comment."
)


def shown(text: str) -> BeautifulSoup:
    return BeautifulSoup(str(comment_html(text, HTML)), "html.parser")


def test_the_commenters_tags_become_formatting():
    soup = shown(
        '<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <code>c</code> <del datetime="2014-02-18">d</del> <s>s</s> '
        '<strike>old</strike> <abbr title="as soon as possible">ASAP</abbr> <acronym title="for the win">FTW</acronym> '
        '<q cite="https://x.example">q</q> <cite>Who</cite>\n<blockquote cite="https://x.example">Quoted</blockquote>'
    )
    for name in ("b", "strong", "i", "em", "code", "del", "s", "abbr", "q", "cite", "blockquote"):
        assert soup.find(name) is not None, name
    assert not soup.find(["strike", "acronym"])  # obsolete in HTML5: their current equivalents
    assert [s.get_text() for s in soup.find_all("s")] == ["s", "old"]
    assert soup.find("abbr", string="FTW")["title"] == "for the win"


def test_a_link_is_a_link_and_indentation_is_not_code():
    soup = shown(GRAVATAR)
    link = soup.find("a")
    assert link.get_text() == "Gravatar" and link["href"] == "https://gravatar.com//"
    assert set(link["rel"]) >= {"nofollow", "ugc"}
    assert not soup.find(["pre", "code"])
    assert "<a " not in soup.get_text() and len(soup.find_all("p")) == 2
    assert soup.find_all("p")[1].find("br") is not None  # its line break, as WordPress shows it


def test_any_other_tag_is_its_text():
    soup = shown(
        '<h1>Heading</h1><img src="https://x.example/i.png" alt="pic"><ul><li>one</li></ul><table><tr><td>c</td>'
    )
    assert not soup.find(["h1", "img", "ul", "li", "table", "td"])
    assert [p.get_text() for p in soup.find_all("p")] == ["Heading", "one", "c"]
    assert "<" not in soup.get_text()


@pytest.mark.parametrize(
    "attack", [*ATTACKS, '<a href="javascript:alert(1)">x</a>', '<a href="data:text/html,x">y</a>']
)
def test_nothing_active_survives_in_a_wordpress_comment(attack):
    soup = shown(attack)
    assert not soup.find_all(["script", "style", "iframe", "img", "svg"])
    assert "alert(1)</" not in str(soup)
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.startswith("on")], tag
        href = tag.get("href", "")
        assert not href or href.startswith(("http://", "https://")), href


@given(st.text(alphabet=st.sampled_from("<>/=\"' abscriptlonerfhj:\n\t&#"), max_size=60))
def test_any_wordpress_comment_renders_to_the_allowlist_only(text):
    allowed = {"p", "br", "a", "abbr", "b", "blockquote", "cite", "code", "del", "em", "i", "q", "s", "strong"}
    soup = shown(text)
    for tag in soup.find_all(True):
        assert tag.name in allowed
        assert set(tag.attrs) <= ATTRIBUTES.get(tag.name, set()), tag


ATTRIBUTES = {"a": {"href", "rel"}, "abbr": {"title"}, "del": {"datetime"}}


def test_a_tag_keeps_only_its_own_attributes_not_a_title_or_lang_on_any_tag():
    """An outside tester's: nh3 kept `title` and `lang` on every tag (its generic attributes), an address's way in."""
    soup = shown('<b title="t" lang="en">b</b> <q title="x" cite="https://x.example">q</q> <abbr lang="fr">A</abbr>')
    assert [(tag.name, dict(tag.attrs)) for tag in soup.find_all(["b", "q", "abbr"])] == [
        ("b", {}), ("q", {}), ("abbr", {})
    ]  # fmt: skip


def test_the_store_says_which_comments_are_html(tmp_path):
    content = fresh_content(tmp_path)
    (tmp_path / "export.xml").write_text(export(item(1, "A post.", slug="post", comments=(GRAVATAR,))))
    migrate(tmp_path / "export.xml", content)
    [stored] = [*(content / "comments").rglob("*.md"), *(tmp_path / "comments-queue").rglob("*.md")]
    assert "\nFormat: html\n" in stored.read_text()
    comments, errors = load_store(stored.parent)
    assert errors == [] and [c.format for c in comments.values()] == [HTML]
    # A file imported from WordPress before the Format line existed is still HTML.
    older = stored.read_text().replace("Format: html\n", "")
    assert parse_comment(older).format == HTML
    assert "Format: markdown" in format_comment(parse_comment(older.replace("Source: wxr", "Source: csv")))
    output = build_site(tmp_path / "output", PATH=str(content))
    body = page(output, "post/").select_one("#comments .comment__body, #comments")
    assert body.find("a", string="Gravatar") is not None and "<a href" not in body.get_text()
    assert body.find("pre") is None


def test_the_theme_unit_test_comments_show_their_formatting(unit_test_site):
    _content, output, _report = unit_test_site
    everything = "".join(p.read_text(encoding="utf-8") for p in output.glob("*/index.html"))
    assert "&lt;a href=" not in everything and "&lt;img" not in everything and "&lt;strong&gt;" not in everything


def test_comments_of_two_blogs_or_two_posts_never_share_an_id_and_a_re_import_adds_none(tmp_path):
    content = fresh_content(tmp_path)
    exports = {  # WordPress numbers comments per blog: each of these has a comment 100
        "blog.xml": export(item(1, "<p>One.</p>", slug="one", comments=("On the first blog.",))),
        "other-blog.xml": export(
            item(1, "<p>One.</p>", slug="one", comments=("On the other blog.",)), site="https://other.example.org"
        ),
        # An export that claims the first blog's address, with another post: its comment is another comment.
        "same-address.xml": export(item(1, "<p>Again.</p>", slug="again", comments=("Same address.",)).replace(
            "<wp:post_id>1</wp:post_id>", "<wp:post_id>77</wp:post_id>"
        )),
    }  # fmt: skip
    for name, text in exports.items():
        (tmp_path / name).write_text(text)
        assert migrate(tmp_path / name, content).comments.count("imported") == 1, name
    stored, errors = load_store(content / "comments")
    assert errors == [] and len(stored) == 3
    assert {c.body for c in stored.values()} == {"On the first blog.", "On the other blog.", "Same address."}
    assert {c.article for c in stored.values()} == {"one", "one-1", "again"}  # the other blog's post, renamed
    for name in exports:  # each export again: the same ids, nothing new
        assert migrate(tmp_path / name, content).comments.count("unchanged") == 1, name
    assert len(load_store(content / "comments")[0]) == 3


def test_the_comments_of_an_item_not_brought_over_never_land_on_a_post_with_its_slug(tmp_path):
    """A later tester's: an attachment named like a post of the site (as WordPress often names them), and a post in
    the trash, had their approved comments published under that post."""
    content = fresh_content(tmp_path)
    (tmp_path / "blog.xml").write_text(
        export(
            item(1, "<p>Hello.</p>", slug="hello-world", comments=("On the post.",)),
            item(9, "", slug="hello-world", kind="attachment", status="inherit", comments=("On the attachment.",)),
            item(10, "<p>Gone.</p>", slug="hello-world", status="trash", comments=("On the trashed post.",)),
        )
    )
    rows = migrate(tmp_path / "blog.xml", content).comments.rows
    assert [(row.comment_id.rsplit("-", 2)[-2], row.status) for row in rows] == [
        ("1", "approved"), ("9", "pending"), ("10", "pending")
    ], rows  # fmt: skip
    assert "its WordPress item (attachment) is not one of this site's posts" in rows[1].detail
    assert "its WordPress item (post with status 'trash') is not one of this site's posts" in rows[2].detail
    stored, errors = load_store(content / "comments")
    assert errors == [] and [c.body for c in stored.values()] == ["On the post."]
