"""Build a real site with the project's settings into a folder, for the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings
from publishing.strict import fresh_warnings

ROOT = Path(__file__).resolve().parent.parent


def build_site(output: Path, settings_file: str = "pelicanconf.py", **overrides) -> Path:
    """Run a whole Pelican build of the project's settings into `output`."""
    fresh_warnings()
    settings = read_settings(
        str(ROOT / settings_file),
        override={"OUTPUT_PATH": str(output), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, **overrides},
    )
    Pelican(settings).run()
    return output


def copy_content(tmp: Path) -> Path:
    """A copy of the real content without its comments, to build or change freely."""
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("comments"))
    return content


def page(output: Path, path: str) -> BeautifulSoup:
    """Parse one built page; `path` is a URL path such as 'tag/networking/'."""
    target = output / path
    if path == "" or path.endswith("/"):
        target = target / "index.html"
    return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
