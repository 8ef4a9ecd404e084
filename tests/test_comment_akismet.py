"""Akismet as a second opinion at import, against a stand-in of its API (pytest-httpserver, 127.0.0.1)."""

import io
from urllib.parse import parse_qs

import pytest
from pelican.settings import read_settings
from rich.console import Console
from werkzeug import Response

from tests.sitebuild import ROOT, copy_content
from tools.comments.commands import run_import
from tools.comments.queue import Places, load

SLUG = "what-to-do-after-striking-out-in-the-job-market"
HEADER = "date,name,email,website,comment,article,parent,id,ip,user_agent\n"


def row(n, comment, ip="203.0.113.7", email=None, name=None):
    return (
        f"2024-05-01T10:0{n}:00Z,{name or f'Reader {n}'},{email or f'reader{n}@example.com'},,{comment},{SLUG},,r{n},"
        f"{ip},Mozilla/5.0\n"
    )


@pytest.fixture
def project(tmp_path, httpserver, monkeypatch):
    monkeypatch.setenv("AKISMET_API_KEY", "akismet-key")
    monkeypatch.setenv("AKISMET_API_URL", httpserver.url_for("/"))
    monkeypatch.setenv("AKISMET_BLOG_URL", "https://blog.example")
    monkeypatch.setenv("AKISMET_TIMEOUT", "2")
    content = copy_content(tmp_path)

    def run(rows, **settings):
        export = tmp_path / "export.csv"
        export.write_text(HEADER + "".join(rows), encoding="utf-8")
        overrides = {"PATH": str(content), **settings}
        out = Console(file=io.StringIO(), width=200)
        run_import(str(export), None, read_settings(str(ROOT / "pelicanconf.py"), override=overrides), tmp_path, out)
        return load(Places(content / "comments", tmp_path / "comments-queue")).comments()

    return run


def stand_in(httpserver, key="valid"):
    """Akismet: the key is `key`; a comment with 'pills' is spam, with 'blatant-bot' blatant spam."""
    asked = []

    def check(request):
        form = {k: v[0] for k, v in parse_qs(request.get_data(as_text=True)).items()}
        asked.append(form)
        if "blatant-bot" in form.get("comment_content", ""):
            return Response("true", headers={"X-akismet-pro-tip": "discard"})
        return Response("true" if "pills" in form.get("comment_content", "") else "false")

    httpserver.expect_request("/1.1/verify-key", method="POST").respond_with_data(key)
    httpserver.expect_request("/1.1/comment-check", method="POST").respond_with_handler(check)
    return asked


def test_akismets_verdict_is_recorded_among_the_reasons(project, httpserver):
    asked = stand_in(httpserver)
    comments = project(
        [row(1, "Thanks for this."), row(2, "Cheap pills here"), row(3, "blatant-bot"), row(4, "No address", ip="")]
    )
    assert comments["c-r1"].reasons[-1] == "Akismet: not spam"
    assert comments["c-r2"].reasons[-1] == "Akismet: spam"
    assert comments["c-r3"].reasons[-1] == "Akismet: spam (blatant)"
    assert "no IP address" in comments["c-r4"].reasons[-1]
    assert {c.status for c in comments.values()} == {"pending"}  # a second opinion: the moderator decides
    sent = asked[0]
    assert sent["user_ip"] == "203.0.113.7" and sent["comment_author_email"] == "reader1@example.com"
    assert sent["blog"] == "https://blog.example" and sent["permalink"] == f"https://blog.example/{SLUG}/"
    assert sent["api_key"] == "akismet-key"
    assert len(asked) == 3  # never asked without an IP address


def test_the_readers_address_is_sent_for_the_call_only(project, httpserver, tmp_path):
    stand_in(httpserver)
    project([row(1, "Thanks.", email="private@example.org")])
    for path in tmp_path.rglob("*.md"):
        assert "private@example.org" not in path.read_text(encoding="utf-8")


def test_a_spam_verdict_never_lets_a_comment_approve_itself(project, httpserver, tmp_path):
    from tools.comments.queue import decide

    stand_in(httpserver)
    comments = project([row(1, "Approved by hand.")])
    decide(load(Places(tmp_path / "content" / "comments", tmp_path / "comments-queue")), ["c-r1"], "approved")
    again = [
        row(2, "Cheap pills", email="reader1@example.com", name="Reader 1"),
        row(3, "Thanks again.", email="reader1@example.com", name="Reader 1"),
    ]
    comments = project(again, COMMENTS_AUTO_APPROVE_KNOWN=True)
    assert comments["c-r2"].status == "pending" and "against a spam verdict" in comments["c-r2"].reasons[-1]
    assert comments["c-r3"].status == "approved" and comments["c-r3"].reasons[-1] == "Akismet: not spam"


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (Response("oops", status=500), "Akismet did not answer"),
        (Response("maybe"), "not understood"),
    ],
)
def test_akismet_down_never_blocks_an_import(project, httpserver, answer, why):
    httpserver.expect_request("/1.1/verify-key").respond_with_data("valid")
    httpserver.expect_request("/1.1/comment-check").respond_with_response(answer)
    comments = project([row(1, "One."), row(2, "Two."), row(3, "Three.")])
    assert len(comments) == 3
    assert all(why in c.reasons[-1] and c.reasons[-1].startswith("Akismet: not checked") for c in comments.values())
    checks = [entry for entry, _ in httpserver.log if entry.path == "/1.1/comment-check"]
    assert len(checks) == 1  # after the first failure, the import does not wait for it again


def test_akismet_unreachable_or_refusing_the_key_never_blocks_an_import(project, httpserver, monkeypatch):
    stand_in(httpserver, key="invalid")
    comments = project([row(1, "One.")])
    assert comments["c-r1"].reasons[-1] == "Akismet: not checked (Akismet refused AKISMET_API_KEY)"
    monkeypatch.setenv("AKISMET_API_URL", "http://127.0.0.1:9")
    comments = project([row(2, "Two.")])
    assert comments["c-r2"].reasons[-1] == "Akismet: not checked (Akismet did not answer)"


def test_without_a_key_akismet_is_never_asked(project, httpserver, monkeypatch):
    monkeypatch.delenv("AKISMET_API_KEY")
    comments = project([row(1, "One.")])
    assert not any("Akismet" in r for r in comments["c-r1"].reasons) and not httpserver.log


def test_an_address_a_reader_posts_as_a_field_never_reaches_akismet_as_the_requests(project, httpserver, tmp_path):
    """An outside tester's: `ip`, `user_agent` and `referrer` posted to Formspree beside the form's fields were sent
    as the request's, and a forged address earned "Akismet: not spam"."""
    import json

    from tools.comments.exports import parse_formspree_json

    record = {"_date": "2024-05-01T10:00:00", "name": "R", "email": "r@example.com", "comment": "Hi", "article": SLUG,
              "ip": "8.8.8.8", "user_agent": "Mozilla/5.0 (Trusted)", "referrer": "https://blog.example/"}  # fmt: skip
    (submission,), problems = parse_formspree_json(json.dumps({"submissions": [record]}), {"tz": "UTC"})
    assert not problems and (submission.ip, submission.user_agent, submission.referrer) == ("", "", "")
