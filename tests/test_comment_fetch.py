"""`invoke comments.fetch` against stand-ins of Formspree's and Netlify's APIs (pytest-httpserver, 127.0.0.1)."""

import base64
import io
import json
import os
import threading
import time

import pytest
from pelican.settings import read_settings
from rich.console import Console
from werkzeug import Response

from tests.sitebuild import ROOT, copy_content
from tools.comments.commands import CommandError, run_fetch
from tools.comments.queue import Places, load
from tools.web import Web

SLUG = "what-to-do-after-striking-out-in-the-job-market"
TITLE = "What to Do After Striking Out in the Job Market"
FORMSPREE = "/api/0/forms/abcd1234/submissions"
NETLIFY = "/api/v1/forms/f1/submissions"


class Project:
    """A copy of the fixture site, its settings, and the environment a fetch runs with."""

    def __init__(self, tmp_path, httpserver, service="formspree"):
        self.root = tmp_path
        self.content = copy_content(tmp_path)
        self.service = service
        self.environ = {"COMMENTS_API_BASE": httpserver.url_for("/").rstrip("/")}
        if service == "formspree":
            self.environ |= {"FORMSPREE_ID": "abcd1234", "FORMSPREE_API_KEY": "key-1"}
        else:
            self.environ |= {"NETLIFY_FORM_ID": "f1", "NETLIFY_AUTH_TOKEN": "token-1"}
        self.sleeps: list[float] = []

    def settings(self):
        return read_settings(
            str(ROOT / "pelicanconf.py"), override={"PATH": str(self.content), "COMMENTS_SERVICE": self.service}
        )

    def fetch(self, **options):
        out = Console(file=io.StringIO(), width=200)
        web = Web(sleep=self.sleeps.append, timeout=options.pop("timeout", 5))
        result = run_fetch(self.settings(), self.root, out, environ=self.environ, web=web, **options)
        return result, out.file.getvalue()

    @property
    def state(self):
        path = self.content / "comments" / "fetched.json"
        return json.loads(path.read_text()) if path.exists() else None

    def comments(self):
        return load(Places(self.content / "comments", self.root / "comments-queue")).comments()


def formspree(n, **fields):
    return {
        "_date": f"2024-05-01T10:{n // 60:02d}:{n % 60:02d}.000000",
        "name": f"Reader {n}",
        "email": f"reader{n}@example.com",
        "website": "",
        "comment": f"Comment number {n}.",
        "article": SLUG,
        "parent": "",
        "_status": {"owner@example.com": {"delivered": True}},
    } | fields


def netlify(n, **data):
    fields = {"name": f"Reader {n}", "email": f"r{n}@example.com", "comment": f"Text {n}.", "article": SLUG}
    return {"id": f"sub{n:04d}", "created_at": f"2024-05-0{1 + n // 1440}T{n // 60 % 24:02d}:{n % 60:02d}:00.000Z",
            "form_name": "comments", "data": fields | data}  # fmt: skip


@pytest.fixture
def project(tmp_path, httpserver):
    return Project(tmp_path, httpserver)


def test_the_first_fetch_imports_everything_and_remembers_a_date_only(project, httpserver):
    page = {"fields": ["_date", "name", "email", "comment", "article"], "submissions": [formspree(1), formspree(2)]}
    basic = "Basic " + base64.b64encode(b":key-1").decode()
    httpserver.expect_oneshot_request(
        FORMSPREE, query_string={"order": "asc", "limit": "100", "offset": "0"}, headers={"Authorization": basic}
    ).respond_with_json(page)
    report, said = project.fetch()
    assert [r.status for r in report.rows] == ["pending", "pending"]
    assert "Commit content/comments/fetched.json" in said
    state = project.state
    assert state["forms"] == {"formspree/abcd1234": {"until": "2024-05-01T10:00:02.000000"}}
    assert "@" not in json.dumps(state) and "Reader" not in json.dumps(state)


def test_nothing_new_changes_nothing(project, httpserver):
    httpserver.expect_oneshot_request(FORMSPREE).respond_with_json({"submissions": [formspree(1)]})
    project.fetch()
    before = project.state
    # `since` may include the newest one fetched before: it is not new.
    httpserver.expect_oneshot_request(
        FORMSPREE, query_string={"order": "asc", "limit": "100", "offset": "0", "since": "2024-05-01T10:00:01.000000"}
    ).respond_with_json({"submissions": [formspree(1)]})
    result, said = project.fetch()
    assert result is None and "Nothing new at Formspree" in said
    assert project.state == before and len(project.comments()) == 1


def test_every_page_is_read_then_imported_once(project, httpserver):
    everything = [formspree(n) for n in range(1, 206)]
    for offset in (0, 100, 200):
        httpserver.expect_oneshot_request(
            FORMSPREE, query_string={"order": "asc", "limit": "100", "offset": str(offset)}
        ).respond_with_json({"submissions": everything[offset : offset + 100]})
    report, _said = project.fetch()
    assert report.count("imported") == 205 and len(project.comments()) == 205
    assert project.state["forms"]["formspree/abcd1234"]["until"] == everything[-1]["_date"]


def test_netlify_pages_newest_first_stop_at_what_was_fetched(tmp_path, httpserver):
    project = Project(tmp_path, httpserver, "netlify")
    newest_first = [netlify(n) for n in range(150, 0, -1)]
    auth = {"Authorization": "Bearer token-1"}
    httpserver.expect_oneshot_request(
        NETLIFY, query_string={"page": "1", "per_page": "100"}, headers=auth
    ).respond_with_json(newest_first[:100])
    httpserver.expect_oneshot_request(NETLIFY, query_string={"page": "2", "per_page": "100"}).respond_with_json(
        newest_first[100:]
    )
    report, _ = project.fetch()
    assert report.count("imported") == 150
    assert "nf-sub0150" in project.comments()  # the same ids as an import of Netlify's export
    two_more = [netlify(152), netlify(151), *newest_first[:98]]
    httpserver.expect_oneshot_request(NETLIFY, query_string={"page": "1", "per_page": "100"}).respond_with_json(
        two_more
    )
    report, _ = project.fetch()  # the first page reaches what was fetched: no second page asked for
    assert [r.comment_id for r in report.rows] == ["nf-sub0151", "nf-sub0152"]


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (
            Response("Unauthorized", status=401),
            "Formspree answered 401 Unauthorized: the API key was refused: check FORMSPREE_API_KEY",
        ),
        (Response("no", status=404), "no form 'abcd1234' there: check FORMSPREE_ID"),
        (Response("<html>oops</html>", status=200, content_type="text/html"), "not JSON"),
        (Response('{"submissions": [', status=200, content_type="application/json"), "not JSON"),
        (Response('{"forms": []}', status=200, content_type="application/json"), "without a list of 'submissions'"),
        (Response("[" * 100_000 + "]" * 100_000, content_type="application/json"), "not JSON"),
        (Response("down", status=500), "Formspree answered 500"),
    ],
)
def test_a_failure_is_one_line_and_nothing_is_imported(project, httpserver, answer, said):
    httpserver.expect_request(FORMSPREE).respond_with_response(answer)
    with pytest.raises(CommandError) as stopped:
        project.fetch()
    message = str(stopped.value)
    assert message.startswith("Nothing fetched: ") and said in message and "\n" not in message
    assert project.comments() == {} and project.state is None


def test_a_malformed_second_page_imports_nothing_of_the_first(project, httpserver):
    httpserver.expect_oneshot_request(
        FORMSPREE, query_string={"order": "asc", "limit": "100", "offset": "0"}
    ).respond_with_json({"submissions": [formspree(n) for n in range(100)]})
    httpserver.expect_oneshot_request(
        FORMSPREE, query_string={"order": "asc", "limit": "100", "offset": "100"}
    ).respond_with_data("{", content_type="application/json")
    with pytest.raises(CommandError, match="not JSON"):
        project.fetch()
    assert project.comments() == {} and project.state is None


def test_a_service_too_slow_is_one_line(project, httpserver):
    def slow(request):
        time.sleep(1.5)
        return Response("{}", content_type="application/json")

    httpserver.expect_request(FORMSPREE).respond_with_handler(slow)
    with pytest.raises(CommandError, match=r"Formspree did not answer within 0.5 s"):
        project.fetch(timeout=0.5)


def test_a_service_unreachable_is_one_line(project):
    project.environ["COMMENTS_API_BASE"] = "http://127.0.0.1:9"  # discard: nothing listens there
    with pytest.raises(CommandError, match=r"cannot reach Formspree at http://127.0.0.1:9"):
        project.fetch()


def test_a_rate_limit_is_waited_out_as_the_service_asks(project, httpserver):
    for _ in range(2):
        httpserver.expect_ordered_request(FORMSPREE).respond_with_response(
            Response("slow down", status=429, headers={"Retry-After": "7"})
        )
    httpserver.expect_ordered_request(FORMSPREE).respond_with_response(Response("busy", status=503))
    httpserver.expect_ordered_request(FORMSPREE).respond_with_json({"submissions": [formspree(1)]})
    report, _ = project.fetch()
    assert report.count("imported") == 1 and project.sleeps == [7.0, 7.0, 8.0]  # then the back-off's third wait


def test_a_rate_limit_that_does_not_end_gives_up_in_one_line(project, httpserver):
    httpserver.expect_request(FORMSPREE).respond_with_response(Response("no", status=429))
    with pytest.raises(CommandError, match=r"Formspree is limiting requests \(429\) after 5 tries: try again later"):
        project.fetch()
    assert project.sleeps == [2.0, 4.0, 8.0, 16.0] and project.comments() == {}


def test_missing_settings_say_what_to_set(project):
    del project.environ["FORMSPREE_API_KEY"]
    with pytest.raises(CommandError, match="set FORMSPREE_API_KEY to fetch from Formspree"):
        project.fetch()


def test_count_says_how_many_and_where_with_no_reader_text(project, httpserver):
    hostile = formspree(3, name="@everyone Eve", comment="Buy https://spam.example", article="@admin http://x.example")
    httpserver.expect_request(FORMSPREE).respond_with_json({"submissions": [formspree(1), formspree(2), hostile]})
    _result, said = project.fetch(count=True, as_json=True)
    assert json.loads(said) == {"count": 3, "articles": [{"title": TITLE, "count": 2}], "unknown_articles": 1}
    for reader_text in ("Reader", "Eve", "@", "http", "example.com", "Comment number"):
        assert reader_text not in said
    assert project.comments() == {} and project.state is None
    _, line = project.fetch(count=True)
    assert line.startswith(f"3 new comment(s) wait at Formspree: 2 on '{TITLE}', 1 for no article of the site")


def test_an_answer_larger_than_any_page_is_refused_unread(project, httpserver, monkeypatch):
    monkeypatch.setattr("tools.web.MAX_ANSWER", 10_000)
    httpserver.expect_request(FORMSPREE).respond_with_json({"submissions": [formspree(n) for n in range(100)]})
    with pytest.raises(CommandError, match="Formspree answered more than"):
        project.fetch()
    assert project.comments() == {}


def test_a_date_the_import_refuses_never_becomes_the_fetchs_state(project, httpserver):
    """An outside tester's: a submission dated 2999 was skipped, yet its date became the state, and every later
    fetch asked for what came after 2999."""
    httpserver.expect_oneshot_request(FORMSPREE).respond_with_json(
        {"submissions": [formspree(1), formspree(2, _date="2999-12-31T23:59:59.000")]}
    )
    report, _said = project.fetch()
    assert sorted(r.outcome for r in report.rows) == ["imported", "skipped"]
    assert project.state["forms"]["formspree/abcd1234"]["until"] == formspree(1)["_date"]


def test_an_answer_that_drips_in_is_given_up_on_at_the_timeout(project, httpserver):
    """An outside tester's: the timeout was each read's, and an answer sending a byte now and then never ended."""

    def drip(request):
        def slowly():
            for _ in range(40):
                time.sleep(0.1)
                yield b" "

        return Response(slowly(), content_type="application/json", headers={"Content-Length": "1000"})

    httpserver.expect_request(FORMSPREE).respond_with_handler(drip)
    started = time.monotonic()
    with pytest.raises(CommandError, match=r"Formspree did not answer within 0.5 s"):
        project.fetch(timeout=0.5)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda path: path.symlink_to("/dev/zero"), "is a symbolic link, which is never followed"),
        (lambda path: path.symlink_to("elsewhere.json"), "is a symbolic link, which is never followed"),
        (os.mkfifo, "is not a plain file (a pipe, a device...)"),
        (
            lambda path: path.write_text('{"forms": {}, "x": "' + "x" * (2 << 20) + '"}'),
            "is larger than a fetch state can be (1,048,576 bytes at most)",
        ),
    ],
    ids=["link-to-dev-zero", "link", "fifo", "huge"],
)
def test_a_state_file_that_is_no_plain_file_is_one_line_never_read_and_the_check_names_it(project, make, said):
    """An outside tester's: fetched.json linked to /dev/zero ended in a MemoryError traceback, a FIFO hung the fetch;
    the store's other files were refused already."""
    from tools.comments.commands import run_check

    store = project.content / "comments"
    store.mkdir(exist_ok=True)
    (store / "elsewhere.json").write_text('{"forms": {}}')
    make(store / "fetched.json")
    outcome = []

    def fetch_and_check():
        try:
            project.fetch()
        except CommandError as error:
            outcome.append(str(error))
        checked = Console(file=io.StringIO(), width=300)
        run_check(project.settings(), project.root, checked)
        outcome.append(checked.file.getvalue())

    worker = threading.Thread(target=fetch_and_check, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert len(outcome) == 2, f"no answer in 30 s: {outcome}"
    stopped, checked = outcome
    assert stopped.startswith(f"{store / 'fetched.json'}: {said}") and "\n" not in stopped, stopped
    assert f"content/comments/fetched.json: {said}" in checked and "1 problem(s)" in checked, checked
