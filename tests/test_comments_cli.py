"""The moderator's commands, run as a moderator runs them: `invoke comments.*` in a project."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import FIXTURE_CONTENT, ROOT

EXPORTS = Path(__file__).parent / "data" / "exports"
ARTICLE = "what-to-do-after-striking-out-in-the-job-market"


@pytest.fixture
def project(tmp_path):
    """A copy of the project to import into, so the real store is never touched."""
    for name in ("pelicanconf.py", "tasks.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    for folder in ("plugins", "tools", "theme"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("comments", "__pycache__"))
    for package in ("plugins", "tools"):
        shutil.copytree(
            ROOT / package / "comments", tmp_path / package / "comments", ignore=shutil.ignore_patterns("__pycache__")
        )
    return tmp_path


def invoke(project, *args, stdin=""):
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "COLUMNS": "200", "HOME": str(project)}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def stored(project):
    """Every comment file of the store and the queue, by id."""
    files = [*(project / "content" / "comments").rglob("*.md"), *(project / "comments-queue").rglob("*.md")]
    return {p.stem: p.read_text() for p in files}


def test_import_prints_a_summary_and_reimport_changes_nothing(project):
    first = invoke(project, "comments.import", str(EXPORTS / "formspree.json"))
    assert first.returncode == 0, first.stderr
    assert "imported, pending" in first.stdout and "submission 9" in first.stdout and "is not a date" in first.stdout
    before = stored(project)
    assert len(before) == 8
    second = invoke(project, "comments.import", str(EXPORTS / "formspree.json"))
    assert "already in the store (unchanged) │    8" in second.stdout
    assert stored(project) == before


def test_a_malformed_export_is_refused_without_a_traceback(project):
    result = invoke(project, "comments.import", str(EXPORTS / "truncated.json"))
    assert result.returncode == 1
    assert (
        "Nothing imported:" in result.stderr and "truncated.json" in result.stderr and "line 1, column" in result.stderr
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert not (project / "content" / "comments").exists() and not (project / "comments-queue").exists()


def test_format_option_overrides_detection(project):
    result = invoke(project, "comments.import", str(EXPORTS / "missing-column.csv"), "--format", "csv")
    assert result.returncode == 1 and "has no column 'comment'" in result.stderr


def test_list_json_filters_and_moderation(project):
    invoke(project, "comments.import", str(EXPORTS / "netlify.json"))
    invoke(project, "comments.import", str(EXPORTS / "formspree.json"))
    listed = json.loads(invoke(project, "comments.list", "--json", "--status", "pending", "--article", ARTICLE).stdout)
    assert {"id", "article", "parent", "status", "author", "date", "reasons"} <= set(listed[0])
    assert all(item["status"] == "pending" and item["article"] == ARTICLE for item in listed)
    assert "nf-5f3a1b2c9d10" in {item["id"] for item in listed}

    approved = invoke(project, "comments.approve", "nf-5f3a1b2c9d0e,nf-5f3a1b2c9d10")
    assert approved.returncode == 0 and "nf-5f3a1b2c9d0e: approved" in approved.stdout
    spam = invoke(project, "comments.spam", "nf-5f3a1b2c9d10")
    assert spam.returncode == 0
    statuses = {i["id"]: i["status"] for i in json.loads(invoke(project, "comments.list", "--json").stdout)}
    assert statuses["nf-5f3a1b2c9d0e"] == "approved" and statuses["nf-5f3a1b2c9d10"] == "spam"


def test_an_unknown_id_is_an_error_and_changes_nothing(project):
    invoke(project, "comments.import", str(EXPORTS / "netlify.json"))
    before = stored(project)
    result = invoke(project, "comments.reject", "nf-5f3a1b2c9d0e,nope")
    assert result.returncode == 1 and "no comment with id nope" in result.stderr
    assert stored(project) == before


def test_review_walks_the_pending_queue(project):
    invoke(project, "comments.import", str(EXPORTS / "netlify.json"))
    result = invoke(project, "comments.review", stdin="a\nr\n")
    assert result.returncode == 0, result.stderr
    assert "1/2" in result.stdout and "Jane Doe" in result.stdout
    assert "2 decided, 0 still pending." in result.stdout
    statuses = {i["id"]: i["status"] for i in json.loads(invoke(project, "comments.list", "--json").stdout)}
    assert statuses == {"nf-5f3a1b2c9d0e": "approved", "nf-5f3a1b2c9d10": "rejected"}


def test_review_can_stop_midway(project):
    invoke(project, "comments.import", str(EXPORTS / "netlify.json"))
    result = invoke(project, "comments.review", stdin="k\nq\n")
    assert "0 decided, 2 still pending." in result.stdout


def test_the_salt_stays_out_of_the_store(project):
    invoke(project, "comments.import", str(EXPORTS / "netlify.json"))
    salt = project / ".comments-salt"
    assert salt.exists() and oct(salt.stat().st_mode)[-3:] == "600"
    assert salt.read_text().strip() not in "".join(stored(project).values())
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".comments-salt" in ignored and "/comments-queue/" in ignored
