"""The whole comment loop in a real browser, with JavaScript off:
form -> form service -> export -> import -> approve -> rebuild -> comment on the page -> reply."""

import functools
import http.server
import threading

import pytest
from pelican.settings import read_settings

from tests.conftest import ARTICLE, QuietHandler
from tests.formservice import FormService
from tests.sitebuild import ROOT, build_site, copy_content
from tools.comments.importer import import_export
from tools.comments.moderation import export_options, import_rules, places_for
from tools.comments.queue import decide, load


@pytest.fixture
def blog(tmp_path):
    """A copy of the content, served from 127.0.0.1, rebuilt on demand, posting to a stand-in service."""
    content = copy_content(tmp_path)
    output = tmp_path / "output"
    output.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    with FormService(tmp_path / "export.json") as service:
        overrides = {
            "PATH": str(content),
            "COMMENTS_SERVICE": "custom",
            "COMMENTS_FORM_ACTION": service.url,
            "SITEURL": site,
        }
        settings = read_settings(str(ROOT / "pelicanconf.py"), override=overrides)

        def rebuild():
            build_site(output, **overrides)

        def import_and_approve():
            places = places_for(settings, tmp_path)
            report = import_export(
                service.export,
                places,
                rules=import_rules(settings),
                salt=b"e2e",
                fmt=None,
                options=export_options(settings),
            )
            new = [row.comment_id for row in report.rows if row.outcome == "imported"]
            decide(load(places), new, "approved")
            return new

        rebuild()
        yield {
            "url": f"{site}/{ARTICLE}",
            "service": service,
            "rebuild": rebuild,
            "import_and_approve": import_and_approve,
        }
    server.shutdown()
    server.server_close()


def fill(form, name, email, comment, website=""):
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=website]").fill(website)
    form.locator("textarea[name=comment]").fill(comment)
    form.get_by_role("button", name="Post Comment").click()


def test_a_comment_and_a_reply_go_through_moderation_onto_the_page(browser, blog):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(blog["url"])
    assert "No comments yet" in tab.locator("#comments-title").inner_text()

    fill(
        tab.locator("#respond form"),
        "Reader One",
        "reader@example.com",
        "This helped me *a lot*.",
        "https://reader.example",
    )
    tab.wait_for_url("**/comment-received/")
    assert "awaits moderation" in tab.locator("main").inner_text()
    submitted = blog["service"].submissions[0]["data"]
    assert submitted["article"] == "what-to-do-after-striking-out-in-the-job-market" and submitted["parent"] == ""
    assert submitted["_gotcha"] == ""

    (parent_id,) = blog["import_and_approve"]()
    blog["rebuild"]()
    tab.goto(blog["url"])
    comment = tab.locator(f"#comment-{parent_id}")
    assert "This helped me a lot." in comment.inner_text()
    assert comment.locator(".comment__author a").get_attribute("rel") == "nofollow ugc noopener"
    assert "reader@example.com" not in tab.content()

    comment.get_by_role("link", name="Reply to Reader One").click()
    reply_form = tab.locator(f"#reply-{parent_id} form")
    assert reply_form.is_visible()
    fill(reply_form, "Chris", "chris@example.com", "Glad it did!")
    tab.wait_for_url("**/comment-received/")
    assert blog["service"].submissions[1]["data"]["parent"] == parent_id

    (reply_id,) = blog["import_and_approve"]()
    blog["rebuild"]()
    tab.goto(blog["url"])
    reply = tab.locator(f"#comment-{parent_id} > ol.children > #comment-{reply_id}")
    assert "Glad it did!" in reply.inner_text()
    assert "2 comments" in tab.locator("#comments-title").inner_text()
    context.close()


def test_the_browser_refuses_an_invalid_email_before_sending(browser_page, blog):
    browser_page.goto(blog["url"])
    form = browser_page.locator("#respond form")
    fill(form, "Typo", "not-an-email", "Hello")
    assert browser_page.url == blog["url"]
    assert form.locator("input[name=email]:invalid").count() == 1
    assert blog["service"].submissions == []


def test_required_fields_are_required(browser_page, blog):
    browser_page.goto(blog["url"])
    browser_page.locator("#respond form").get_by_role("button", name="Post Comment").click()
    assert browser_page.url == blog["url"] and blog["service"].submissions == []
