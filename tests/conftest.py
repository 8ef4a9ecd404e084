"""Shared fixtures: a built site, a local web server and a headless browser; the guard on the project's own site."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property-based tests: a small run in `invoke test` (it must stay quick), and a long
# run of its own (`HYPOTHESIS_PROFILE=long`, at least 10,000 examples a property),
# recorded in docs/security.md.
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "long", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
# Pelican loads our plugins as top-level packages from plugins/; tests do too,
# so a test and a build share one copy of each module.
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from tests.chromium import LAUNCH_ARGS, find_chromium  # noqa: E402
from tests.guard import guard  # noqa: E402
from tests.sitebuild import build_site  # noqa: E402

# The suite tests the code, whatever the writer's site holds and whatever their shell exports:
# the variables the settings and the reports read are the tests' to set.
for variable in ("SITEURL", "FORMSPREE_ID", "GITHUB_PAGES_CNAME", "GITHUB_PAGES_REMOTE", "GITHUB_PAGES_BRANCH",
                 "COMMENTS_EMAIL_SALT", "GITHUB_ACTIONS", "CI", "NO_COLOR"):  # fmt: skip
    os.environ.pop(variable, None)
guard.install()


def pytest_configure(config):
    """Once, in the process that starts the workers: the project's modules byte-compiled.

    With PYTHONDONTWRITEBYTECODE set (as on this project's machines) nothing else writes them, and
    every process a test starts (an `invoke` command, a warm build process, a build's helpers)
    would compile the plugins' and tools' sources again.
    """
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: the controller did it
        return
    import compileall

    for folder in ("plugins", "tools", "benchmarks"):
        compileall.compile_dir(ROOT / folder, quiet=2)


@pytest.fixture(autouse=True)
def never_the_projects_own_site():
    """Fail a test that read or wrote the writer's content/, output/ or cache/ (see tests/guard.py)."""
    yield
    if touched := guard.take():
        pytest.fail(guard.explain(touched), pytrace=False)


ARTICLE = "what-to-do-after-striking-out-in-the-job-market/"


@pytest.fixture(autouse=True)
def not_in_ci_for_the_salt(monkeypatch):
    """Tests run as on the moderator's machine, CI or not: the comment salt is made in a file they give.

    (In CI, GITHUB_ACTIONS and CI are set and a missing COMMENTS_EMAIL_SALT is an error;
    the tests of that set these variables themselves.)
    """
    for name in ("GITHUB_ACTIONS", "CI", "COMMENTS_EMAIL_SALT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def unit_test_site(tmp_path_factory):
    """WordPress's theme unit test export, imported as `invoke import-wordpress` does, then built: once a session."""
    from tests.wxr import UNIT_TEST, fresh_content, migrate

    tmp = tmp_path_factory.mktemp("wp")
    content = fresh_content(tmp)
    report = migrate(UNIT_TEST, content)
    return content, build_site(tmp / "output", PATH=str(content)), report


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The fixture site (tests/data/site), built once with the development settings."""
    return build_site(tmp_path_factory.mktemp("site"))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that keeps the test output clean and never lets a page be cached.

    Tests rebuild the site and reload within a second: a heuristically cached
    page would show the previous build.
    """

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def served_site(site):
    """The built site served over HTTP on 127.0.0.1; yields its base URL."""
    yield from serve(site)


def serve(folder: Path):
    """Serve a folder over HTTP on 127.0.0.1 (a free port) while the caller's fixture lasts; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def indexed_site(tmp_path_factory):
    """The fixture site with approved comments and a few more posts, built, then indexed by Pagefind.

    Returns (output folder, search.SearchIndex).
    """
    from search import index_site

    from tests.readers_content import post
    from tests.test_comments_build import make_content

    tmp = tmp_path_factory.mktemp("search")
    content = make_content(tmp)
    post(content, "zeppelin-tag", title="Tagged, Not Said", date="2016-01-01", tags="zeppelin", text="Plain words.")
    post(
        content, "quiet-hidden", title="Hidden", date="2016-01-02", tags="x", text="Stowaway.", extra="Status: hidden\n"
    )
    output = build_site(tmp / "output", PATH=str(content), COMMENTS_FORMSPREE_ID="test1234")
    return output, index_site(output)


@pytest.fixture(scope="session")
def served_indexed_site(indexed_site):
    """The indexed site served over HTTP on 127.0.0.1; yields its base URL."""
    yield from serve(indexed_site[0])


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright. Missing Chromium is a failure, not a skip."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if not executable:
        pytest.fail("No Chromium found: run the suite with `invoke test`, which installs one.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def browser_page(browser):
    """A fresh browser tab; closed after the test."""
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@contextlib.contextmanager
def tornado_serving(application):
    """A tornado application (livereload's server) on a free port of 127.0.0.1, in a thread; its base URL."""
    import asyncio
    import socket

    from tornado import httpserver

    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen()
    listening.setblocking(False)
    loop = asyncio.new_event_loop()

    def serve():
        asyncio.set_event_loop(loop)
        httpserver.HTTPServer(application).add_sockets([listening])
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}/"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        listening.close()
