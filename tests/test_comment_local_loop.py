"""The whole loop on one machine, as a newcomer runs it on a fresh clone, with no form service anywhere:
`invoke serve`, a comment posted from the article page in Chromium, `invoke comments.import
exports/local-comments.json`, `invoke comments.approve ID`, `invoke build`: the comment is under the article.
And livereload's server takes the form as `invoke serve`'s does."""

import json
import re
import shutil
import subprocess
import sys
import time

import pytest
from pelican.settings import read_settings

from tests.conftest import ARTICLE, tornado_serving
from tests.sitebuild import FIXTURE_CONTENT, ROOT, make_project, running_task
from tests.test_comment_receiver import FORM, post
from tools.comments.receiver import EXPORT, site_receiver
from tools.serve import livereload_server


def invoke(project, *arguments):
    """Run a task as the newcomer types it; its output, which must end well."""
    done = subprocess.run([sys.executable, "-m", "invoke", *arguments], cwd=project, capture_output=True, text=True,
                          check=False, env={"PATH": "/usr/bin:/bin", "HOME": str(project), "COLUMNS": "200"})  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def serving_address(process) -> str:
    lines, deadline = [], time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        lines.append(line)
        if match := re.search(r"Serving output/ at (http://127\.0\.0\.1:\d+/)", line):
            return match[1]
        assert line or process.poll() is None, "".join(lines)
    pytest.fail("".join(lines))


def test_a_comment_goes_from_the_local_server_onto_the_page(browser, site, tmp_path):
    project = make_project(tmp_path / "blog")
    shutil.copytree(site, project / "output")  # what `invoke build` makes of the fixture site (built once a session)
    with running_task(project, "serve", "--port", "0") as server:
        base = serving_address(server)
        context = browser.new_context(java_script_enabled=False)
        tab = context.new_page()
        tab.goto(base + ARTICLE)
        form = tab.locator("#respond form")
        form.locator("input[name=name]").fill("Newcomer")
        form.locator("input[name=email]").fill("newcomer@example.com")
        form.locator("textarea[name=comment]").fill("Tried the **whole loop** on my machine.")
        form.get_by_role("button", name="Post Comment").click()
        tab.wait_for_url("**/comment-received/")
        assert "awaits moderation" in tab.locator("main").inner_text()

        imported = invoke(project, "comments.import", EXPORT.as_posix())
        assert "pending" in imported
        (waiting,) = json.loads(invoke(project, "comments.list", "--status", "pending", "--json"))
        assert waiting["author"] == "Newcomer" and waiting["article"] == ARTICLE.strip("/")
        invoke(project, "comments.approve", waiting["id"])
        invoke(project, "build")
        tab.goto(base + ARTICLE)
        shown = tab.locator(f"#comment-{waiting['id']}")
        assert "Tried the whole loop on my machine." in shown.inner_text()
        assert "newcomer@example.com" not in tab.content()
        context.close()
    assert (project / "content" / "comments" / f"{waiting['id']}.md").is_file()


def test_livereloads_server_takes_the_form_too(site, tmp_path):
    from tornado import web

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(FIXTURE_CONTENT)})
    server = livereload_server(site_receiver(settings, tmp_path), "127.0.0.1")
    server.root, server.default_filename = str(site), "index.html"
    with tornado_serving(web.Application(server.get_web_handlers(b""))) as base:

        class Running:
            server_address = ("127.0.0.1", int(base.rstrip("/").rsplit(":", 1)[1]))

        running = (Running, tmp_path / EXPORT)
        status, headers, _ = post(running, FORM)
        assert status == 303 and headers["Location"] == "/comment-received/"
        assert json.loads((tmp_path / EXPORT).read_text())["submissions"][0]["name"] == "Reader One"
        assert post(running, FORM, headers={"Origin": "https://evil.example"})[0] == 403
        assert post(running, b"", headers={"Content-Length": "999999"})[0] == 413
        assert len(json.loads((tmp_path / EXPORT).read_text())["submissions"]) == 1
