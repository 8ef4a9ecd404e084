"""The local receiver: real HTTP POSTs to `invoke serve`'s server, as a browser or an attacker would send them."""

import functools
import http.client
import json
import shutil
import threading
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.settings import read_settings

from tests.conftest import ARTICLE
from tests.sitebuild import FIXTURE_CONTENT, ROOT, copy_content
from tools.comments.receiver import EXPORT, MAX_BODY, MAX_SUBMISSIONS, Receiver, site_receiver
from tools.serve import make_server

SLUG = ARTICLE.strip("/")
FORM = {
    "article": SLUG,
    "parent": "",
    "name": "Reader One",
    "email": "reader@example.com",
    "website": "https://reader.example",
    "comment": "This helped me *a lot*.",
    "_gotcha": "",
}


def settings(**overrides):
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(FIXTURE_CONTENT), **overrides})


@pytest.fixture(scope="module")
def running(site, tmp_path_factory):
    """The development build behind `invoke serve`'s server, with the receiver of a project folder (once a module)."""
    root = tmp_path_factory.mktemp("project")
    started = make_server(site, port=0, receiver=site_receiver(settings(), root))
    threading.Thread(target=started.serve_forever, daemon=True).start()
    yield started, root / EXPORT
    started.shutdown()
    started.server_close()


@pytest.fixture
def server(running):
    """The server, its export not yet written."""
    shutil.rmtree(running[1].parent, ignore_errors=True)
    return running


def post(server, body, *, path="/_comments/receive", headers=None):
    """(status, headers, body) of one raw POST; the headers a browser sends unless told otherwise."""
    running, _export = server
    port = running.server_address[1]
    raw = body if isinstance(body, bytes) else urlencode(body).encode("ascii")
    sent = {
        "Host": f"127.0.0.1:{port}",
        "Origin": f"http://127.0.0.1:{port}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(len(raw)),
    }
    sent.update(headers or {})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("POST", path, skip_host=True, skip_accept_encoding=True)
    for name, value in sent.items():
        if value is not None:
            connection.putheader(name, value)
    connection.endheaders()
    try:
        connection.send(raw)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8")
    finally:
        connection.close()


def submissions(export):
    return json.loads(export.read_text(encoding="utf-8"))["submissions"] if export.exists() else []


def test_the_development_build_posts_its_form_to_the_local_receiver(site):
    from tests.sitebuild import page

    article = page(site, ARTICLE)
    form = article.select_one("#respond form")
    assert form["action"] == "/_comments/receive" and form["method"] == "post"
    policy = article.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "form-action 'self'" in policy  # the local server is the site itself
    assert form.select_one("input[name=_gotcha]") is not None and not form.select("input[name=_next]")


def test_a_production_build_never_posts_to_it():
    assert site_receiver(settings(COMMENTS_FORM_REQUIRED=True), ROOT) is None
    assert site_receiver(settings(COMMENTS_FORMSPREE_ID="abcd1234"), ROOT) is None


def test_a_submission_is_kept_in_formspree_shape_and_the_reader_thanked(server):
    status, headers, _ = post(server, FORM)
    assert status == 303 and headers["Location"] == "/comment-received/"
    (kept,) = submissions(server[1])
    assert {k: kept[k] for k in FORM if k != "_gotcha"} == {k: v for k, v in FORM.items() if k != "_gotcha"}
    assert kept["_date"] and len(kept["_id"]) == 16
    post(server, FORM | {"name": "Reader Two"})
    assert [s["name"] for s in submissions(server[1])] == ["Reader One", "Reader Two"]


def test_the_honeypot_filled_is_thanked_and_kept_nowhere(server):
    status, headers, _ = post(server, FORM | {"_gotcha": "I am a robot"})
    assert status == 303 and headers["Location"] == "/comment-received/"
    assert submissions(server[1]) == []


@pytest.mark.parametrize(
    ("form", "status", "said"),
    [
        (FORM | {"name": "  "}, 400, "it has no name"),
        # Found by an outside tester: a name of invisible characters showed as a blank author.
        (FORM | {"name": "\u200b\u200b"}, 400, "it has no name"),
        (FORM | {"name": "\u3164"}, 400, "it has no name"),
        (FORM | {"comment": "\u2800\u200d"}, 400, "it has no comment"),
        ({k: v for k, v in FORM.items() if k != "comment"}, 400, "it has no comment"),
        (FORM | {"article": ""}, 400, "it has no article"),
        (FORM | {"comment": "x" * 20_001}, 400, "too long"),
        (b"name=Caf%E9&comment=hi&article=a", 400, "not UTF-8"),
        (b"name=Caf\xc3\xa9&comment=hi&article=a", 400, "outside ASCII"),
        (b"name=a&name=b&comment=hi&article=a", 400, "is given more than once"),
        (b"&".join(b"f%d=1" % n for n in range(40)), 400, "more than 20 fields"),
    ],
)
def test_what_the_import_would_refuse_is_refused_with_why(server, form, status, said):
    code, _headers, page = post(server, form)
    assert code == status and said in page
    assert submissions(server[1]) == []


def test_a_body_longer_than_allowed_is_refused_before_it_is_read(server):
    status, _headers, page = post(server, b"", headers={"Content-Length": str(MAX_BODY + 1)})
    assert status == 413 and "too long" in page


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Content-Type": "application/json"}, 415),
        ({"Content-Type": "multipart/form-data; boundary=x"}, 415),
        ({"Content-Type": None}, 415),
        ({"Content-Length": None, "Transfer-Encoding": "chunked"}, 411),
        ({"Content-Length": "\u00b2"}, 411),  # a digit to str.isdigit, not to int()
        ({"Content-Length": "-1"}, 411),
        ({"Origin": "https://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Host": "evil.example:80", "Origin": "http://evil.example:80"}, 403),  # DNS rebinding
        # Found by an outside tester: a name that starts like a loopback address is anybody's.
        ({"Host": "127.attacker.example:80", "Origin": "http://127.attacker.example:80"}, 403),
        ({"Host": "127.0.0.1.nip.io:80", "Origin": "http://127.0.0.1.nip.io:80"}, 403),
    ],
)
def test_a_request_a_browser_form_of_this_site_would_not_send_is_refused(server, headers, status):
    assert post(server, FORM, headers=headers)[0] == status
    assert submissions(server[1]) == []


@pytest.mark.parametrize(
    ("host", "own"),
    [("127.0.0.1:8000", True), ("127.3.4.5", True), ("[::1]:8000", True), ("localhost:80", True), ("localhost.", True),
     ("127.attacker.example", False), ("127.0.0.1.evil.example", False), ("0.0.0.0", False), ("[::2]", False)],
)  # fmt: skip
def test_only_a_loopback_address_or_localhost_is_this_computer(host, own):
    from tools.comments.receiver import loopback

    assert loopback(host) is own


@pytest.mark.parametrize(
    ("host", "own"),
    [("127.0.0.1:8000", True), ("192.168.1.5:8000", True), ("[fe80::1]:8000", True), ("localhost", True),
     ("evil.example:8000", False), ("127.attacker.example", False), ("", False)],
)  # fmt: skip
def test_a_server_listening_on_the_network_takes_addresses_and_its_own_name_never_another_name(host, own):
    """A later tester's: on `--host 0.0.0.0` the Host was not checked at all, so any page could post (DNS rebinding)."""
    import socket

    from tools.comments.receiver import own_host, sender_refusal

    assert own_host(host, "0.0.0.0") is own
    assert own_host(socket.gethostname(), "0.0.0.0") and not own_host(socket.gethostname(), "127.0.0.1")
    assert (sender_refusal({"Host": host}, "0.0.0.0") is None) is own


def test_hostile_values_are_kept_as_text_and_import_as_any_export(server, tmp_path):
    from tools.comments.commands import import_records

    hostile = FORM | {
        "name": "<script>alert(1)</script>\x1b[31m",
        "comment": "@everyone see [x](javascript:alert(1)) \u202e",
        "article": "../../etc",
        "parent": "../x",
    }
    assert post(server, hostile)[0] == 303
    content = copy_content(tmp_path)
    report = import_records(submissions(server[1]), settings(PATH=str(content)), tmp_path, origin="local")
    (row,) = report.rows
    assert row.outcome == "imported" and row.status == "pending"
    assert not (tmp_path / "etc").exists()


def test_only_the_receivers_address_takes_a_post(server):
    assert post(server, FORM, path="/what-to-do-after-striking-out-in-the-job-market/")[0] == 405
    assert post(server, FORM, path="/_comments/receive/")[0] == 303  # with or without its slash


def test_an_export_that_is_not_ours_is_never_overwritten(server):
    export = server[1]
    export.parent.mkdir(parents=True)
    export.write_text("my notes", encoding="utf-8")
    assert post(server, FORM)[0] == 500
    assert export.read_text(encoding="utf-8") == "my notes"


def test_many_readers_at_once_lose_nothing(server):
    threads = [threading.Thread(target=post, args=(server, FORM | {"name": f"Reader {n}"})) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(s["name"] for s in submissions(server[1])) == sorted(f"Reader {n}" for n in range(12))


def test_a_full_export_asks_for_an_import(tmp_path):
    receiver = Receiver(settings(), tmp_path)
    export = tmp_path / EXPORT
    export.parent.mkdir()
    export.write_text(json.dumps({"submissions": [{}] * MAX_SUBMISSIONS}), encoding="utf-8")
    answer = receiver.receive(urlencode(FORM).encode())
    assert answer.status == 503 and "invoke comments.import" in answer.log


@given(body=st.binary(max_size=2000))
def test_any_body_is_taken_or_refused_never_a_crash(body):
    receiver = property_receiver()
    receiver.export.unlink(missing_ok=True)
    answer = receiver.receive(body)
    assert answer.status in (303, 400) and "<script" not in answer.page.lower().replace("&lt;script", "")


@given(fields=st.dictionaries(st.sampled_from([*FORM, "_id", "_date", "x"]), st.text(max_size=300), max_size=9))
def test_any_field_values_are_kept_as_sent_or_refused(fields):
    receiver = property_receiver()
    receiver.export.unlink(missing_ok=True)
    answer = receiver.receive(urlencode(fields).encode("ascii"))
    after = submissions(receiver.export)
    if answer.status == 303 and not fields.get("_gotcha", "").strip():
        kept = after[-1]
        assert {k: kept[k] for k in FORM if k != "_gotcha"} == {k: fields.get(k, "") for k in FORM if k != "_gotcha"}
        assert kept["_id"] != fields.get("_id") or "_id" not in fields  # the reader never names the id or the date
    else:
        assert after == [] and answer.status in (303, 400)


@functools.cache
def property_receiver() -> Receiver:
    """One receiver for every example (its folder removed when the tests end)."""
    import tempfile

    folder = tempfile.TemporaryDirectory(prefix="receiver-")
    receiver = Receiver(settings(), Path(folder.name))
    receiver.folder = folder  # kept alive as long as the receiver
    return receiver


@pytest.mark.parametrize(
    "host", ["evil@localhost", "localhost#.evil.example", "localhost/x", "local host", "localhost:"]
)
def test_a_host_header_no_browser_writes_is_refused(host):
    """An outside tester's: `Host: evil@localhost` and `localhost#.evil.example` were taken as this computer."""
    from tools.comments.receiver import own_host

    assert not own_host(host, "127.0.0.1") and not own_host(host, "0.0.0.0")


@pytest.mark.parametrize("name", ["Host", "Origin"])
def test_two_host_or_origin_headers_are_refused(name):
    """An outside tester's: of two Origin headers, the first was judged and the second never read."""
    from email.message import Message

    from tools.comments.receiver import sender_refusal

    headers = Message()
    headers["Host"] = "127.0.0.1:8000"
    headers["Origin"] = "http://127.0.0.1:8000"
    headers[name] = "evil.example" if name == "Host" else "https://evil.example"
    answer = sender_refusal(headers, "127.0.0.1")
    assert answer is not None and answer.status == 403


def test_two_origin_headers_are_refused_under_livereload_too():
    """livereload's server (tornado) gives its headers otherwise than http.server does."""
    from tornado.httputil import HTTPHeaders

    from tools.comments.receiver import sender_refusal

    headers = HTTPHeaders()
    headers.add("Host", "127.0.0.1:8000")
    headers.add("Origin", "http://127.0.0.1:8000")
    assert sender_refusal(headers, "127.0.0.1") is None
    headers.add("Origin", "https://evil.example")
    assert sender_refusal(headers, "127.0.0.1").status == 403
