"""The moderator's commands, run as a moderator runs them: `invoke comments.*` in a project."""

import json
import re
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


def test_a_hostile_export_through_every_command_leaves_the_terminal_and_the_disk_alone(project):
    """As an attacker sends it and a moderator runs it: import, list, review, approve, check, build."""
    canary = project.parent / f"{project.name}-canary"
    canary.mkdir()
    (canary / "keep.txt").write_text("untouched")
    names = ["[/]", "\x1b]8;;https://evil.example\x07Bob\x1b]8;;\x07", "\x1b[2JClear", "Eve\u202eexe.txt", "\x9b31mC1"]
    rows = [
        {
            "_date": f"2024-05-01T10:0{n}:00",
            "_id": f"h{n}",
            "name": name,
            "email": f"r{n}@example.com",
            "comment": f"{name} says hi",
            "article": article,
            "parent": "",
        }
        for n, (name, article) in enumerate(
            zip(names, [ARTICLE, "../images", f"../../{canary.name}", ARTICLE, ARTICLE], strict=True)
        )
    ]
    export = project / "exports" / "hostile.json"
    export.parent.mkdir()
    export.write_text(json.dumps({"submissions": rows}))
    images = sorted(p.name for p in (project / "content" / "images").iterdir())
    runs = [
        invoke(project, "comments.import", str(export)),
        invoke(project, "comments.list"),
        invoke(project, "comments.list", "--json"),
        invoke(project, "comments.review", stdin="a\nr\ns\nk\nq\n"),
        invoke(project, "comments.approve", "fs-h3,fs-h4"),
        invoke(project, "comments.check"),
        invoke(project, "build"),
    ]
    for result in runs:
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        assert not re.search("[\x1b\x80-\x9f\u202a-\u202e\r]", result.stdout + result.stderr), result.args
    assert [r.returncode for r in runs] == [0, 0, 0, 0, 0, 0, 0]
    assert "[a]pprove, [r]eject, [s]pam, s[k]ip, [q]uit" in runs[3].stdout
    assert sorted(p.name for p in (project / "content" / "images").iterdir()) == images
    assert [p.name for p in canary.iterdir()] == ["keep.txt"] and (canary / "keep.txt").read_text() == "untouched"
    assert sorted(p.name for p in (project / "content" / "comments").iterdir()) == [
        "fs-h0.md",
        "fs-h3.md",
        "fs-h4.md",
        "refused.txt",
    ]
    html = (project / "output" / ARTICLE / "index.html").read_text()
    assert "Eve" in html and "says hi" in html and "\x1b" not in html


def test_check_names_a_refused_comment_that_refused_txt_does_not_hold(project):
    """An outside tester's: `comments.spam` stopped half-way (or an import's older copy written over refused.txt)
    left the file behind the queue, and check said 0 problems; committed so, another machine's import brings the
    comment back."""
    invoke(project, "comments.import", str(EXPORTS / "netlify.json"))
    assert invoke(project, "comments.spam", "nf-5f3a1b2c9d0e").returncode == 0
    refused = project / "content" / "comments" / "refused.txt"
    refused.write_text(refused.read_text().replace("nf-5f3a1b2c9d0e spam\n", ""))
    result = invoke(project, "comments.check")
    assert result.returncode == 1
    assert "comments-queue/nf-5f3a1b2c9d0e.md: spam, but refused.txt does not say so" in result.stdout


def test_check_exits_non_zero_naming_the_file_and_zero_when_all_is_well(project):
    invoke(project, "comments.import", str(EXPORTS / "netlify.json"))
    assert invoke(project, "comments.check").returncode == 0
    store = project / "content" / "comments"
    store.mkdir(exist_ok=True)
    (store / "nf-broken.md").write_text("Id: nf-broken\nStatus: maybe\n\nx\n")
    result = invoke(project, "comments.check")
    assert result.returncode == 1 and "content/comments/nf-broken.md:2: unknown status 'maybe'" in result.stdout


def test_an_import_stopped_by_sigterm_says_so_and_what_it_left(project, tmp_path):
    """An outside tester's: an import stopped by SIGTERM (a closed terminal, a cancelled job) ended with no word."""
    import json
    import signal
    import time

    rows = [
        {"_id": f"x{n}", "_date": "2024-03-01T12:00:00.000", "name": f"N{n}", "email": f"n{n}@example.org",
         "comment": "Hello there. " * 20, "article": "what-to-do-after-striking-out-in-the-job-market"}
        for n in range(5_000)
    ]  # fmt: skip
    export = tmp_path / "big.json"
    export.write_text(json.dumps({"submissions": rows}))
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "HOME": str(project)}
    importing = subprocess.Popen(
        [sys.executable, "-m", "invoke", "comments.import", str(export)],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    time.sleep(1.5)  # started, reading the rows
    importing.send_signal(signal.SIGTERM)
    _out, err = importing.communicate(timeout=60)
    assert importing.returncode == 143 and "Stopped: every comment file written is whole" in err, err
    assert "Traceback" not in err and not list((project / "comments-queue").glob("*.part"))
