"""Build a real site with the project's settings into a folder, for the tests.

Tests never read the site's own content/ (a writer's next post must not break
them): they build the fixture site under tests/data/site/content, or content
they make themselves, and take their expectations from it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings
from publishing.strict import fresh_warnings

ROOT = Path(__file__).resolve().parent.parent
# The fixture site: one article (the seed article), its author's bio, its credited image.
FIXTURE_CONTENT = ROOT / "tests" / "data" / "site" / "content"


def build_site(output: Path, settings_file: str = "pelicanconf.py", **overrides) -> Path:
    """Run a whole Pelican build of the project's settings into `output` (the fixture content unless PATH is given)."""
    fresh_warnings()
    settings = read_settings(
        str(ROOT / settings_file),
        override={
            "PATH": str(FIXTURE_CONTENT),
            "OUTPUT_PATH": str(output),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            **overrides,
        },
    )
    Pelican(settings).run()
    return output


@contextmanager
def connected(pelican_signal, receiver) -> Iterator[None]:
    """`receiver` connected to one of Pelican's signals for the builds inside the block, and only those."""
    pelican_signal.connect(receiver)
    try:
        yield
    finally:
        pelican_signal.disconnect(receiver)


def copy_content(tmp: Path) -> Path:
    """A copy of the fixture content, to build or change freely."""
    content = tmp / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def make_project(folder: Path, content: Path = FIXTURE_CONTENT) -> Path:
    """A copy of the project (settings, tasks, plugins, tools, theme) with fixture content, to run tasks in."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("plugins", "tools", "theme"):  # with the compiled modules (conftest.py), still valid in the copy
        shutil.copytree(ROOT / name, folder / name)
    shutil.copytree(content, folder / "content")
    return folder


@contextmanager
def running_task(project: Path, *task: str, **env: str) -> Iterator[subprocess.Popen]:
    """A task that keeps running (livereload, preview --serve), its output merged on stdout; Ctrl-C at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", *task],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **env},
    )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def page(output: Path, path: str) -> BeautifulSoup:
    """Parse one built page; `path` is a URL path such as 'tag/networking/'."""
    target = output / path
    if path == "" or path.endswith("/"):
        target = target / "index.html"
    return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
