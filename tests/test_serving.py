"""Local serving like GitHub Pages: real HTTP requests to `invoke serve`'s server and to `invoke preview --serve`."""

import contextlib
import re
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode, urljoin

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ARTICLE, tornado_serving
from tests.sitebuild import ROOT, make_project, running_task
from tools.serve import address, make_server


@pytest.fixture(scope="module")
def served(site):
    """The development build of the fixture site, behind `invoke serve`'s server on a free port."""
    with threaded_serving(site) as base:
        yield base


def get(url: str, method: str = "GET"):
    """(status, headers, body) of a request; an error status is an answer too."""
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def stylesheets(url: str, body: bytes) -> list[str]:
    soup = BeautifulSoup(body, "html.parser")
    return [urljoin(url, link["href"]) for link in soup.select('link[rel="stylesheet"]')]


@pytest.mark.parametrize("missing", ["nowhere/", "a/b/c/d/nowhere/", "no-such-file.html", "tag/no-such-tag/"])
def test_a_missing_page_gets_the_sites_404_page_with_its_styles(served, missing):
    url = served + missing
    status, headers, body = get(url)
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert "Page not found" in BeautifulSoup(body, "html.parser").h1.get_text()
    sheets = stylesheets(url, body)
    assert len(sheets) >= 4
    for sheet in sheets:
        sheet_status, sheet_headers, _ = get(sheet)
        assert sheet_status == 200 and sheet_headers["Content-Type"].startswith("text/css"), sheet


def test_a_head_request_for_a_missing_page_gets_404_and_no_body(served):
    status, headers, body = get(served + "nowhere/", method="HEAD")
    assert status == 404 and body == b"" and int(headers["Content-Length"]) > 0


def test_pages_folders_and_extensionless_addresses_are_served_as_on_github_pages(served, site):
    assert get(served + ARTICLE)[0] == 200
    status, _headers, body = get(served + ARTICLE.rstrip("/"))  # redirected to the folder
    assert status == 200 and b"What to Do After Striking Out" in body
    (site / "plain.html").write_text("<!doctype html><title>plain</title><p>plain page</p>", encoding="utf-8")
    try:
        assert get(served + "plain")[2].endswith(b"plain page</p>")
    finally:
        (site / "plain.html").unlink()


def test_preview_serves_the_production_build_at_a_local_address(tmp_path):
    project = make_project(tmp_path / "blog")
    with running_task(project, "preview", "--serve", "--port", "0", FORMSPREE_ID="test1234") as process:
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if match := re.search(r"Serving the production build at (http://127\.0\.0\.1:\d+/)", line):
                break
            assert line or process.poll() is None, "".join(lines)
        else:
            pytest.fail("".join(lines))
        base = match[1]
        status, _headers, body = get(base + ARTICLE)
        assert status == 200
        soup = BeautifulSoup(body, "html.parser")
        assert soup.find("link", rel="canonical")["href"] == base + ARTICLE  # absolute, to this address
        for sheet in stylesheets(base + ARTICLE, body):
            assert sheet.startswith(base) and get(sheet)[0] == 200
        missing_status, _headers, missing = get(base + "deep/down/nowhere/")
        assert missing_status == 404 and all(get(s)[0] == 200 for s in stylesheets(base, missing))
        assert "links to localhost" not in "".join(lines)  # the site links to its own address


@contextlib.contextmanager
def threaded_serving(folder, receiver=None):
    """`invoke serve`'s server for `folder` on a free port, in a thread; its base URL."""
    server = make_server(folder, port=0, receiver=receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield address(server)
    finally:
        server.shutdown()
        server.server_close()


def livereload_serving(folder, receiver=None):
    """livereload's server put together as `invoke livereload` does (tools/site/live.py), serving `folder`."""
    from tornado import web

    from tools.serve import livereload_handler, livereload_server

    server = livereload_server(receiver, "127.0.0.1")
    server.SFH = livereload_handler(folder)
    server.root, server.default_filename = str(folder), "index.html"
    return tornado_serving(web.Application(server.get_web_handlers(b"")))


SERVING = {"invoke serve": threaded_serving, "invoke livereload": livereload_serving}


def answer(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    """(status, headers) of one request, redirects not followed."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, parts.path or "/", body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        connection.close()


@pytest.mark.parametrize("serving", SERVING)
def test_every_answer_tells_the_browser_not_to_keep_it(site, tmp_path, serving):
    from pelican.settings import read_settings

    from tests.sitebuild import FIXTURE_CONTENT
    from tests.test_comment_receiver import FORM
    from tools.comments.receiver import site_receiver

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(FIXTURE_CONTENT)})
    receiver = site_receiver(settings, tmp_path)
    with SERVING[serving](site, receiver) as base:
        form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": base.rstrip("/")}
        posted = urlencode(FORM).encode("ascii")
        answers = {
            "a page": answer(base + ARTICLE),
            "a page's head": answer(base + ARTICLE, "HEAD"),
            "a stylesheet": answer(base + stylesheets(base, get(base)[2])[0].removeprefix(base)),
            "the 404 page": answer(base + "nowhere/"),
            "a folder's redirect": answer(base + ARTICLE.rstrip("/")),
            "a refused method": answer(base + ARTICLE, "PUT"),
            "a comment taken": answer(base + receiver.path.lstrip("/"), "POST", posted, form),
            "a comment refused": answer(
                base + receiver.path.lstrip("/"), "POST", posted, {**form, "Origin": "https://evil.example"}
            ),
        }
    assert answers["a folder's redirect"][0] == 301 and answers["a comment taken"][0] == 303
    for what, (status, headers) in answers.items():
        assert headers.get_all("Cache-Control") == ["no-store"], (what, status)


@pytest.mark.parametrize("serving", SERVING)
def test_an_address_without_html_finds_the_html_file_as_on_github_pages(tmp_path, serving):
    (tmp_path / "about.html").write_text("<!doctype html><title>about</title><p>about page</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<!doctype html><title>missing</title><h1>Page not found</h1>", "utf-8")
    with SERVING[serving](tmp_path) as base:
        status, headers, body = get(base + "about")
        assert status == 200 and headers["Content-Type"].startswith("text/html") and body.endswith(b"about page</p>")
        assert get(base + "nothing")[0] == 404


@pytest.mark.parametrize("serving", SERVING)
@pytest.mark.parametrize("address", ["/" + "b" * 300, "/" + "a/" * 3000, "/%00", "/index.html%00", "/abc%00def"])
def test_an_address_no_file_can_have_is_not_found(site, serving, address):
    with SERVING[serving](site) as base:
        status, headers = answer(base.rstrip("/") + address)
    assert status == 404 and headers.get_all("Cache-Control") == ["no-store"]


def test_a_folder_without_an_index_is_not_found_as_on_github_pages(served, site):
    status, _headers, body = get(served + "images/")
    assert status == 404 and "Page not found" in BeautifulSoup(body, "html.parser").h1.get_text()


@pytest.mark.parametrize("serving", SERVING)
def test_after_a_rebuild_following_a_link_shows_the_new_page_not_the_browsers_copy(browser_page, tmp_path, serving):
    """A page built a day ago, sent with only its Last-Modified date, is "fresh" to a browser for 2.4 hours."""
    import os

    page = tmp_path / "post" / "index.html"
    page.parent.mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><title>home</title><a href="post/">the post</a>', "utf-8")
    page.write_text("<!doctype html><title>post</title><p>first build</p>", encoding="utf-8")
    a_day_ago = time.time() - 86400
    os.utime(page, (a_day_ago, a_day_ago))
    with SERVING[serving](tmp_path) as base:
        browser_page.goto(base + "post/")
        assert browser_page.locator("p").inner_text() == "first build"
        page.write_text("<!doctype html><title>post</title><p>rebuilt</p>", encoding="utf-8")
        browser_page.goto(base)
        browser_page.get_by_role("link", name="the post").click()
        browser_page.wait_for_url("**/post/")
        assert browser_page.locator("p").inner_text() == "rebuilt"
