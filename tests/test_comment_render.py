"""What readers see of a comment: sanitised HTML, avatars, threads."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from comments.model import Comment
from comments.render import avatar_hue, comment_html, initials
from comments.threads import count, publishable, thread

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "![img](https://evil.example/x.png)",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "<svg onload=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "`<script>` in code is fine",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_nothing_active_survives(attack):
    soup = BeautifulSoup(str(comment_html(attack)), "html.parser")
    assert not soup.find_all(["script", "style", "iframe", "img", "svg"])
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.startswith("on")], tag
        href = tag.get("href", "")
        assert not href or href.startswith(("http://", "https://")), href


def test_a_link_that_is_not_http_becomes_plain_text():
    soup = BeautifulSoup(str(comment_html("[click](javascript:alert(1)) and [ok](https://ok.example)")), "html.parser")
    assert [a.get("href") for a in soup.find_all("a")] == ["https://ok.example"]
    assert "click and ok" in soup.get_text()


def test_raw_html_is_shown_as_text():
    assert BeautifulSoup(str(comment_html("<b>bold?</b>")), "html.parser").get_text().strip() == "<b>bold?</b>"


def test_markdown_formatting_and_safe_links_remain():
    soup = BeautifulSoup(str(comment_html("**Yes** and *no*\n\n> quoted\n\n[site](https://ok.example)")), "html.parser")
    assert soup.strong.get_text() == "Yes" and soup.em.get_text() == "no" and soup.blockquote
    assert soup.a["href"] == "https://ok.example" and soup.a["rel"] == ["nofollow", "ugc", "noopener"]


@pytest.mark.parametrize(
    ("name", "expected"), [("Jane Q. Doe", "JD"), ("zoë", "Z"), ("Δημήτρης Π", "ΔΠ"), ("42", "?"), ("", "?")]
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_avatar_colour_is_stable_and_in_range():
    assert avatar_hue("Jane") == avatar_hue("jane") and 0 <= avatar_hue("Jane") < 8


START = datetime(2024, 1, 1, tzinfo=UTC)


def c(cid, parent="", minutes=0, status="approved", kind="comment"):
    return Comment(
        id=cid,
        article="a",
        author=cid.upper(),
        date=START + timedelta(minutes=minutes),
        body=cid,
        parent=parent,
        status=status,
        type=kind,
    )


def shape(nodes):
    return [(n.id, n.depth, shape(n.children)) if n.children else (n.id, n.depth) for n in nodes]


def test_replies_nest_under_their_parent_oldest_first():
    nodes = thread([c("b", minutes=5), c("a"), c("a2", "a", 3), c("a1", "a", 1)])
    assert shape(nodes) == [("a", 1, [("a1", 2), ("a2", 2)]), ("b", 1)]


def test_a_ten_level_chain_is_flattened_at_the_cap():
    chain = [c("l1")] + [c(f"l{n}", f"l{n - 1}", n) for n in range(2, 11)]
    nodes = thread(chain, max_depth=5)
    level4 = nodes[0].children[0].children[0].children[0]
    assert [(n.id, n.depth) for n in level4.children] == [(f"l{n}", 5) for n in range(5, 11)]
    assert not any(n.can_reply for n in level4.children) and level4.can_reply
    assert count(nodes) == 10


def test_a_reply_whose_parent_is_not_shown_is_hidden():
    comments = [c("a", status="pending"), c("b", "a", 1), c("d", "b", 2), c("e")]
    nodes = thread(publishable(comments))
    assert shape(nodes) == [("e", 1)]


def test_only_approved_comments_and_no_pingbacks_by_default():
    comments = [
        c("a"),
        c("p", status="pending"),
        c("s", status="spam"),
        c("r", status="rejected"),
        c("pb", kind="pingback"),
    ]
    assert [x.id for x in publishable(comments)] == ["a"]
    assert [x.id for x in publishable(comments, show_pingbacks=True)] == ["a", "pb"]


def test_a_shown_comment_holds_only_what_its_page_shows():
    stored = replace(c("a"), email_hash="hmac-sha256:0f0f", reasons=("looks fine",), source="netlify row 3")
    (node,) = thread([stored], tz=ZoneInfo("America/New_York"))
    assert (node.comment.id, node.comment.author, node.comment.date) == ("a", "A", START)
    assert node.comment.date.tzinfo == ZoneInfo("America/New_York")
    assert (node.comment.body, node.comment.email_hash, node.comment.reasons, node.comment.source) == ("", "", (), "")
    assert str(node.body_html) == "<p>a</p>"


def test_a_link_keeps_its_address_and_no_other_attribute():
    """An outside tester's: nh3 kept `title` (and `lang`) on every element, though the threat model says `href` only."""
    written = '[click](http://a.example "t\\" onmouseover=alert(\'title\')")'
    soup = BeautifulSoup(str(comment_html(written)), "html.parser")
    assert {name for tag in soup.find_all(True) for name in tag.attrs} <= {"href", "rel"}, soup
