"""Comments in a real build: only approved ones, threaded, safe, and never an email."""

import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, build_site, copy_content, page
from tools.comments.classify import Rules
from tools.comments.importer import import_export
from tools.comments.queue import Places, decide, load

EXPORTS = Path(__file__).parent / "data" / "exports"
ARTICLE = "what-to-do-after-striking-out-in-the-job-market/"
PENDING_TEXT = "Internationalised email, still valid."
SPAM_TEXT = "I am a bot."
EMAILS = ("jane@example.com", "ann@example.org", "xss@example.com", "level1@example.com", "用户@例子.广告")


def make_content(tmp: Path) -> Path:
    """The fixture content plus two articles and a store with comments in every status."""
    content = copy_content(tmp)
    (content / "closed-post.md").write_text(
        "Title: A Closed Post\nDate: 2015-01-01\nAuthor: Chris\nTags: rejection\nComments: closed\n\nClosed for comments.\n"
    )
    (content / "quiet-post.md").write_text(
        "Title: A Quiet Post\nDate: 2015-02-01\nAuthor: Chris\nTags: rejection\n\nNobody has said anything yet.\n"
    )
    store = Places(content / "comments", tmp / "comments-queue")
    options = {"tz": "UTC", "dayfirst": False, "columns": {}}
    for name in ("netlify.json", "xss.json", "chain10.csv", "formspree.json"):
        import_export(EXPORTS / name, store, rules=Rules(), salt=b"s", fmt=None, options=options)
    closed = tmp / "closed.csv"
    closed.write_text(
        "date,name,email,website,comment,article,parent,id\n2015-01-02T10:00:00Z,Early Bird,early@example.com,,Said before closing.,a-closed-post,,early\n"
    )
    import_export(closed, store, rules=Rules(), salt=b"s", fmt=None, options=options)
    approve = ["nf-5f3a1b2c9d0e", "nf-5f3a1b2c9d10", "nf-xss0000001", "nf-xss0000002", "c-early"]
    approve += [f"c-chain{n}" for n in range(1, 11)]
    decide(load(store), approve, "approved")
    # As an earlier version kept them: a pending and a spam comment committed in the store.
    for comment_id, status in (("h-0e9f6d7b1c2a3b4c", "pending"), ("nf-spam000001", "spam")):
        (store.store / f"{comment_id}.md").write_text(
            f"Id: {comment_id}\nArticle: what-to-do-after-striking-out-in-the-job-market\nAuthor: Old Queue\n"
            f"Date: 2024-03-01T12:00:00+00:00\nStatus: {status}\n\n{PENDING_TEXT if status == 'pending' else SPAM_TEXT}\n"
        )
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("comments")
    content = make_content(tmp)
    return build_site(tmp / "output", PATH=str(content), COMMENTS_FORMSPREE_ID="test1234")


@pytest.fixture(scope="module")
def article(built):
    return page(built, ARTICLE)


def depth_of(li) -> int:
    return len(li.find_parents("ol"))


def all_output_text(site: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json", ".txt")
    )


def test_approved_comments_are_counted_in_the_header_and_section(article):
    assert article.select_one("#comments-title").get_text(strip=True) == "14 comments"
    assert "14 comments" in article.select_one(".post__header .post-meta").get_text()


def test_home_page_listing_shows_the_count(built):
    summaries = {
        s.select_one("h2").get_text(" ", strip=True).replace("\xa0", " "): s
        for s in page(built, "").select(".post-summary")
    }
    assert (
        "14 comments"
        in summaries["What to Do After Striking Out in the Job Market"].select_one(".post-meta").get_text()
    )
    assert "No comments yet" in summaries["A Quiet Post"].select_one(".post-meta").get_text()


def test_a_reply_sits_under_its_parent(article):
    reply = article.select_one("#comment-nf-5f3a1b2c9d0e > ol.children > #comment-nf-5f3a1b2c9d10")
    assert reply is not None and "Replying to Jane" in reply.get_text()


def test_deep_replies_are_flattened_at_depth_five(article):
    depths = {n: depth_of(article.select_one(f"#comment-c-chain{n}")) for n in range(1, 11)}
    assert [depths[n] - depths[1] for n in range(1, 6)] == [0, 1, 2, 3, 4]
    assert {depths[n] for n in range(5, 11)} == {depths[5]}
    assert not article.select("#comment-c-chain5 .comment-reply-link")
    assert article.select("#comment-c-chain4 .comment-reply-link")


def test_each_comment_has_author_date_permalink_avatar_and_reply(article):
    jane = article.select_one("#comment-nf-5f3a1b2c9d0e")
    link = jane.select_one(".comment__author a")
    assert link.get_text() == "Jane Doe" and link["href"] == "http://jane.example"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]
    assert jane.select_one(".comment__permalink")["href"] == "#comment-nf-5f3a1b2c9d0e"
    assert jane.select_one("time")["datetime"].startswith("2024-03-01T07:00:00-05:00")
    assert jane.select_one(".avatar").get_text() == "JD"
    assert jane.select_one(".comment-reply-link")["href"] == "#reply-nf-5f3a1b2c9d0e"
    assert jane.select_one("#reply-nf-5f3a1b2c9d0e input[name=parent]")["value"] == "nf-5f3a1b2c9d0e"


def test_oldest_first(article):
    top = [li["id"] for li in article.select("#comments > ol.comment-list > li")]
    assert top == ["comment-nf-5f3a1b2c9d0e", "comment-nf-xss0000001", "comment-nf-xss0000002", "comment-c-chain1"]


def test_pending_and_spam_comments_appear_nowhere(built):
    everything = all_output_text(built)
    assert PENDING_TEXT not in everything and SPAM_TEXT not in everything
    assert "Spam Bot" not in everything and "Cheap pills" not in everything


def test_no_email_address_appears_anywhere_in_the_site(built):
    everything = all_output_text(built)
    assert not [e for e in EMAILS if e in everything]
    assert "hmac-sha256" not in everything


def test_nothing_a_reader_submitted_can_run(built, article):
    section = article.select_one("#comments")
    assert not section.find_all(["script", "style", "iframe", "img", "svg"])
    for tag in section.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
        for attribute in ("href", "src", "action"):
            assert not tag.get(attribute, "").lower().startswith(("javascript:", "data:")), tag
    raw = (built / ARTICLE / "index.html").read_text()
    assert "<script>alert" not in raw  # shown as text (&lt;script&gt;), never as a tag
    mallory = article.select_one("#comment-nf-xss0000002")
    assert mallory.select_one(".comment__author").get_text(strip=True) == "Mallory Status: approved"
    assert mallory.select_one(".comment__author a") is None  # its website was refused


def test_the_reply_form_carries_every_field_and_states_the_rules(article):
    form = article.select_one("#respond form.comment-form")
    assert form["action"] == "https://formspree.io/f/test1234" and form["method"] == "post"
    assert form.select_one("h3").get_text() == "Leave a Reply"
    names = {i["name"]: i for i in form.select("input, textarea")}
    assert {"name", "email", "website", "comment", "article", "parent", "_gotcha", "_next"} <= set(names)
    assert (
        names["article"]["value"] == "what-to-do-after-striking-out-in-the-job-market"
        and names["parent"]["value"] == ""
    )
    assert names["email"]["type"] == "email" and names["email"].has_attr("required")
    assert names["name"].has_attr("required") and names["comment"].has_attr("required")
    assert names["website"]["type"] == "url" and not names["website"].has_attr("required")
    notice = form.get_text()
    assert "email address is never published" in notice and "Invalid emails will be marked as spam" in notice


def test_no_comments_yet(built):
    quiet = page(built, "a-quiet-post/")
    assert quiet.select_one("#comments-title").get_text(strip=True) == "No comments yet"
    assert quiet.select_one("#respond form")


def test_closed_comments_keep_existing_ones_and_replace_the_form(built):
    closed = page(built, "a-closed-post/")
    assert closed.select_one("#comment-c-early")
    assert closed.select_one("#respond form") is None and not closed.select(".comment-reply-link")
    assert "Comments are closed." in closed.select_one("#respond").get_text()


def test_the_thanks_page_says_the_comment_awaits_moderation(built):
    thanks = page(built, "comment-received/")
    assert "awaits moderation" in thanks.get_text()


def test_feeds_carry_no_comment(built):
    feed = (built / "feeds" / "all.atom.xml").read_text()
    assert "Replying to Jane" not in feed and PENDING_TEXT not in feed


def test_ids_are_unique_on_the_page(article):
    ids = [tag["id"] for tag in article.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_netlify_forms_are_marked_for_netlify(tmp_path):
    site = build_site(tmp_path / "out", PATH=str(make_content(tmp_path)), COMMENTS_SERVICE="netlify")
    form = page(site, ARTICLE).select_one("#respond form")
    assert form["data-netlify"] == "true" and form["netlify-honeypot"] == "bot-field" and form["name"] == "comments"
    assert form.select_one("input[name=form-name]")["value"] == "comments"
    assert form.select_one("input[name=bot-field]") is not None


def test_broken_or_misplaced_comment_files_never_stop_a_strict_publish(tmp_path):
    """A typo in a comment file, an approved comment for a post that is gone: left out, noted, published."""
    from comments.model import Comment
    from comments.store import save_comment
    from publishing.strict import strict_build

    content = make_content(tmp_path)
    broken = next((content / "comments").rglob("nf-5f3a1b2c9d0e.md"))
    broken.write_text(broken.read_text().replace("Status: approved", "Status: aproved"))
    lost = Comment(id="lost-1", article="gone", author="Ann", date=datetime(2024, 3, 1, tzinfo=UTC), body="Hi")
    save_comment(content / "comments", replace(lost, status="approved"))
    output = tmp_path / "out"
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(output), "COMMENTS_FORMSPREE_ID": "x"}
    assert strict_build(str(ROOT / "publishconf.py"), overrides) == []
    assert page(output, ARTICLE).select_one("#comment-nf-5f3a1b2c9d0e") is None
    assert page(output, ARTICLE).select_one("#comment-nf-5f3a1b2c9d10") is None  # its reply waits with it


def test_comments_close_after_a_number_of_days(tmp_path):
    site = build_site(
        tmp_path / "out", PATH=str(make_content(tmp_path)), COMMENTS_FORMSPREE_ID="x", COMMENTS_CLOSE_AFTER_DAYS=30
    )
    article = page(site, ARTICLE)
    assert article.select_one("#comment-nf-5f3a1b2c9d0e") is not None
    assert (
        article.select_one("#respond form") is None
        and "Comments are closed." in article.select_one("#respond").get_text()
    )


def with_status(content: Path, status: str) -> Path:
    """The commented article marked with this status (hidden, draft)."""
    post = content / "what-to-do-after-striking-out-in-the-job-market.md"
    post.write_text(post.read_text().replace("\n\n", f"\nStatus: {status}\n\n", 1))
    return content


@pytest.mark.parametrize(("status", "where"), [("hidden", ARTICLE), ("draft", "drafts/" + ARTICLE)])
def test_a_hidden_article_and_a_lone_draft_show_their_comments_and_the_form(tmp_path, status, where, caplog):
    content = with_status(make_content(tmp_path), status)
    if status == "draft":  # the only article left to write is the draft: nothing is written before it
        for post in ("closed-post.md", "quiet-post.md"):
            (content / post).unlink()
    site = build_site(tmp_path / "out", PATH=str(content), COMMENTS_FORMSPREE_ID="test1234")
    shown = page(site, where)
    assert shown.select_one("#comments-title").get_text(strip=True) == "14 comments"
    assert shown.select_one("#respond form") is not None
    assert not any("unknown article 'what-to-do" in r.getMessage() for r in caplog.records)


def test_approved_comments_for_an_unknown_article_are_reported_as_info(tmp_path, caplog):
    from comments.model import Comment
    from comments.store import save_comment

    content = make_content(tmp_path)
    lost = Comment(id="lost-1", article="no-such-post", author="Ann", date=datetime(2024, 3, 1, tzinfo=UTC), body="Hi")
    save_comment(content / "comments", replace(lost, status="approved"))
    caplog.set_level(logging.INFO)
    build_site(tmp_path / "out", PATH=str(content), COMMENTS_FORMSPREE_ID="test1234")
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert "1 approved comment(s) for unknown article 'no-such-post' are not shown" in infos
    assert not any("unknown article" in r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)
    assert not any("unknown article 'what-to-do" in m for m in infos)
