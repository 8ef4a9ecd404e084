"""The comment workflows end to end: stand-ins of the form service and of GitHub's REST API (127.0.0.1),
real git repositories (a bare "origin" and the workflow's fresh checkout), the real commands."""

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pelican.settings import read_settings
from rich.console import Console

from tests.githubapi import REPO, TOKEN, FakeGitHub
from tests.sitebuild import FIXTURE_CONTENT, ROOT
from tools.comments.commands import run_fetch
from tools.github.api import GitHub, GitHubError
from tools.github.git import BRANCH, QUEUE_BRANCH
from tools.github.notice import keep_notice
from tools.github.pull import commands_in, obey, refresh
from tools.web import Web

SLUG = "what-to-do-after-striking-out-in-the-job-market"
TITLE = "What to Do After Striking Out in the Job Market"
FORMSPREE = "/api/0/forms/abcd1234/submissions"
SALT = "s" * 64
HOSTILE = {
    "_date": "2024-05-01T10:00:02.000000",
    "name": "@everyone Eve #1 <b>",
    "email": "eve@example.com",
    "website": "https://evil.example/@admin",
    "comment": "```\n@owner see https://evil.example #1\n<img src=x onerror=alert(1)>\n````\n/approve all",
    "article": SLUG,
    "parent": "",
}
KIND = {
    "_date": "2024-05-01T10:00:01.000000",
    "name": "Kind Reader",
    "email": "kind@example.com",
    "comment": "Thanks, this helped.",
    "article": SLUG,
    "parent": "",
}
READER_TEXT = (
    "@everyone",
    "evil.example",
    "@owner",
    "#1",
    "<img",
    "Kind Reader",
    "Thanks, this helped",
    "@example.com",
)


def outside_code(markdown: str) -> str:
    """The text of a Markdown body outside fenced code blocks and code spans, read as GitHub reads fences."""
    kept, fence = [], ""
    for line in markdown.split("\n"):
        match = re.match(r"^ {0,3}(`{3,}|~{3,})", line)
        if match and (not fence or (match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence))):
            fence = "" if fence else match.group(1)
            continue
        if not fence:
            kept.append(re.sub(r"`[^`]*`", "", line))
    return "\n".join(kept)


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def github(httpserver):
    fake = FakeGitHub()
    fake.install(httpserver)
    return fake


@pytest.fixture
def ci(tmp_path, httpserver, monkeypatch):
    """A bare origin holding the blog (main), and a fresh checkout of it as the workflow gets one."""
    origin, author = tmp_path / "origin.git", tmp_path / "author"
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    git(tmp_path, "init", "--quiet", "-b", "main", str(author))
    shutil.copytree(FIXTURE_CONTENT, author / "content")
    shutil.copy(ROOT / ".gitignore", author / ".gitignore")
    for name, value in (("user.name", "Author"), ("user.email", "author@example.com")):
        git(author, "config", name, value)
    git(author, "add", "-A")
    git(author, "commit", "--quiet", "-m", "The blog")
    git(author, "push", "--quiet", str(origin), "main")
    checkout = tmp_path / "ci"
    git(tmp_path, "clone", "--quiet", str(origin), str(checkout))
    monkeypatch.setenv("COMMENTS_EMAIL_SALT", SALT)
    environ = {"FORMSPREE_ID": "abcd1234", "FORMSPREE_API_KEY": "k", "COMMENTS_API_BASE": httpserver.url_for("/")}
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(checkout / "content")})
    return {"origin": origin, "root": checkout, "environ": environ, "settings": settings}


def client(httpserver):
    return GitHub(REPO, TOKEN, httpserver.url_for("/").rstrip("/"), Web(sleep=lambda s: None))


def files_on(origin: Path, branch: str) -> list[str]:
    return git(origin, "ls-tree", "-r", "--name-only", branch).splitlines()


def event(number, body, association="COLLABORATOR", login="moderator", kind="User"):
    return {
        "issue": {"number": number, "pull_request": {"url": "..."}},
        "comment": {"body": body, "author_association": association, "user": {"login": login, "type": kind}},
    }


# The notice (public repositories) ---------------------------------------------------------------


def test_the_notice_is_one_issue_with_the_count_and_titles_and_no_reader_text(tmp_path, httpserver, github):
    from tests.sitebuild import copy_content

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(copy_content(tmp_path))})
    environ = {"FORMSPREE_ID": "abcd1234", "FORMSPREE_API_KEY": "k", "COMMENTS_API_BASE": httpserver.url_for("/")}
    gh = client(httpserver)

    def count(*submissions):
        out = Console(file=io.StringIO(), width=200)
        with_answer(httpserver, {"submissions": list(submissions)})
        run_fetch(settings, tmp_path, out, count=True, as_json=True, environ=environ, web=Web())
        return json.loads(out.file.getvalue())

    said = keep_notice(gh, count(KIND, HOSTILE, HOSTILE | {"article": "@admin https://evil.example"}))
    assert said == "Opened #1: 3 comments awaiting moderation."
    (issue,) = github.issues
    assert issue["title"] == "3 comments awaiting moderation" and issue["labels"] == [
        {"name": "comments-awaiting-moderation"}
    ]
    assert TITLE in issue["body"] and "1 for no article of the site" in issue["body"]
    for posted in github.posted:
        assert not any(text in posted for text in READER_TEXT)
    assert keep_notice(gh, count(KIND)) == "Updated #1: 1 comment awaiting moderation."
    assert keep_notice(gh, count(KIND)) == "#1 is up to date: 1 comment awaiting moderation."
    assert keep_notice(gh, count()) == "No comment waits: closed #1."
    assert github.issues[0]["state"] == "closed" and len(github.issues) == 1
    assert not list((tmp_path / "content" / "comments").glob("*.md"))  # a count imports nothing


def with_answer(httpserver, answer):
    httpserver.expect_oneshot_request(FORMSPREE).respond_with_json(answer)


def test_the_notice_command_runs_as_the_workflow_calls_it(tmp_path, httpserver, github):
    waiting = tmp_path / "waiting.json"
    waiting.write_text(json.dumps({"count": 2, "articles": [{"title": TITLE, "count": 2}], "unknown_articles": 0}))
    environ = {
        **os.environ,
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_API_URL": httpserver.url_for("/"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tools.github", "notice", str(waiting)], cwd=ROOT, env=environ, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "Opened #1: 2 comments awaiting moderation."
    environ["GITHUB_TOKEN"] = "wrong"
    done = subprocess.run([sys.executable, "-m", "tools.github", "notice", str(waiting)], cwd=ROOT, env=environ,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert (
        done.returncode == 1
        and done.stderr.strip() == "Stopped: GitHub answered 401 Unauthorized: GITHUB_TOKEN was refused"
    )


# The pull request (private repositories) --------------------------------------------------------


def test_the_whole_loop_in_a_pull_request(ci, httpserver, github):
    gh = client(httpserver)
    with_answer(httpserver, {"submissions": [KIND, HOSTILE]})
    said, changed = refresh(ci["settings"], ci["root"], gh, environ=ci["environ"], web=Web())
    assert said == "Opened #1: Comments: 2 awaiting moderation." and changed
    origin = ci["origin"]
    moderation, queue = files_on(origin, BRANCH), files_on(origin, QUEUE_BRANCH)
    assert "content/comments/fetched.json" in moderation and not any("queue" in f for f in moderation)
    assert len(queue) == 2 and all(f.endswith(".md") for f in queue)  # the queue lives on its own branch
    assert files_on(origin, "main") == [f for f in moderation if f != "content/comments/fetched.json"]
    (pull,) = github.pulls()
    ids = re.findall(r"^### `([^`]+)`$", pull["body"], flags=re.MULTILINE)
    assert len(ids) == 2 and "/approve ID" in pull["body"]
    outside = outside_code(pull["body"])
    assert not any(text in outside for text in READER_TEXT) and "/approve all" not in outside

    kind, hostile = sorted(ids, key=pull["body"].index)
    body = f"Thanks!\n/approve {kind}\n> /approve all\n```\n/spam {kind}\n```\n/spam {hostile}"
    said, changed = obey(event(1, body), ci["settings"], ci["root"], gh)
    assert changed and said == "#1: Comments: moderated, ready to merge."
    moderation = files_on(origin, BRANCH)
    assert f"content/comments/{kind}.md" in moderation and "content/comments/refused.txt" in moderation
    assert git(origin, "show", f"{BRANCH}:content/comments/refused.txt").endswith(f"{hostile} spam")
    assert files_on(origin, QUEUE_BRANCH) == [f"{hostile}.md"]  # the spam's text stays in the queue, never merged
    reply = github.comments[1][-1]["body"]
    assert f"{kind}: approved" in reply and f"{hostile}: spam" in reply
    assert github.pulls()[0]["title"] == "Comments: moderated, ready to merge"


def test_commands_from_others_are_ignored_and_answered_once(ci, httpserver, github):
    gh = client(httpserver)
    with_answer(httpserver, {"submissions": [KIND]})
    refresh(ci["settings"], ci["root"], gh, environ=ci["environ"], web=Web())
    before = files_on(ci["origin"], BRANCH)
    for association in ("NONE", "CONTRIBUTOR", "FIRST_TIMER"):
        said, changed = obey(event(1, "/approve all", association, "stranger"), ci["settings"], ci["root"], gh)
        assert not changed and said.startswith("Ignored a comment from someone who may not moderate")
    assert files_on(ci["origin"], BRANCH) == before
    answers = [c["body"] for c in github.comments[1]]
    assert len(answers) == 1 and "only the repository's owners, members and collaborators" in answers[0]
    assert "@stranger" not in answers[0]
    said, changed = obey(event(1, "/approve all", "MEMBER", "helper", kind="Bot"), ci["settings"], ci["root"], gh)
    assert (said, changed) == ("A bot's comment: ignored.", False)
    github.issues[0]["head"]["repo"]["full_name"] = "stranger/blog"  # a fork's branch of the same name
    said, changed = obey(event(1, "/approve all"), ci["settings"], ci["root"], gh)
    assert (said, changed) == ("Not the open moderation pull request: nothing to do.", False)


def test_unknown_ids_change_nothing_and_are_named(ci, httpserver, github):
    gh = client(httpserver)
    with_answer(httpserver, {"submissions": [KIND]})
    refresh(ci["settings"], ci["root"], gh, environ=ci["environ"], web=Web())
    queue = files_on(ci["origin"], QUEUE_BRANCH)
    _said, changed = obey(event(1, "/reject nope-123\n/spam ../etc"), ci["settings"], ci["root"], gh)
    assert not changed and files_on(ci["origin"], QUEUE_BRANCH) == queue
    reply = github.comments[1][-1]["body"]
    assert "no comment with id nope-123" in reply and "'../etc' is not a comment id" in reply
    _said, changed = obey(event(1, "/approve all"), ci["settings"], ci["root"], gh)
    assert changed and files_on(ci["origin"], QUEUE_BRANCH) == []


def test_a_public_repository_never_gets_the_pull_request(ci, httpserver):
    fake = FakeGitHub(private=False)
    fake.install(httpserver)
    with pytest.raises(GitHubError, match="needs a private repository"):
        refresh(ci["settings"], ci["root"], client(httpserver), environ=ci["environ"], web=Web())
    assert not git(ci["origin"], "branch", "--list", QUEUE_BRANCH)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("/approve a1 b2,c3", [("approved", ("a1", "b2", "c3"), False)]),
        ("/approve all", [("approved", (), True)]),
        ("/reject all", [("rejected", ("all",), False)]),  # only approve has "all"
        ("   /spam x\n/approved y\nplease /approve z", [("spam", ("x",), False)]),
        ("> /approve all\n>/spam x", []),
        ("~~~\n/approve all\n~~~\n````\n```\n/spam x\n````\n/reject y", [("rejected", ("y",), False)]),
        ("    /approve all", []),  # an indented code block
        # A later tester's: a line of backticks with text after it closes no fence (GitHub shows what follows as code).
        ("```\nGreat post!\n````js\n/approve all\n/spam fs-legit1\n```\n/reject z", [("rejected", ("z",), False)]),
        ("``` `x`\n/approve all", [("approved", (), True)]),  # backticks in the info string: no fence opens
    ],
)
def test_which_lines_are_commands(body, expected):
    assert [(c.status, c.ids, c.every) for c in commands_in(body)] == expected


# The workflow files -----------------------------------------------------------------------------

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_every_workflow_file_is_valid_against_githubs_schema():
    assert len(WORKFLOWS) >= 2
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         *map(str, WORKFLOWS)], capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_comments_workflow_only_calls_the_python_hourly():
    import yaml

    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "comments.yml").read_text())
    triggers = flow.get("on") or flow[True]
    assert triggers["schedule"] == [{"cron": "23 * * * *"}] and triggers["issue_comment"] == {"types": ["created"]}
    assert flow["permissions"] == {"contents": "read"}  # each job asks for what it needs, no more
    assert flow["jobs"]["notice"]["permissions"] == {"contents": "read", "issues": "write"}
    runs = [step["run"] for job in flow["jobs"].values() for step in job["steps"] if "run" in step]
    for command in runs:
        assert re.fullmatch(r"(pip install -r requirements\.txt|invoke [^;|]+|python -m tools\.github [^;|]+)", command)
    notice = [s.get("run", "") for s in flow["jobs"]["notice"]["steps"]]
    assert 'invoke comments.fetch --count --json > "$RUNNER_TEMP/waiting.json"' in notice
    assert flow["jobs"]["pull-request"]["env"]["COMMENTS_EMAIL_SALT"] == "${{ secrets.COMMENTS_EMAIL_SALT }}"


def test_the_build_is_reported_on_the_branch_as_a_status(ci, httpserver, github):
    environ = {**os.environ, "GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": httpserver.url_for("/"),
               "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}  # fmt: skip
    for outcome in ("failure", "success"):
        done = subprocess.run([sys.executable, "-m", "tools.github", "status", outcome], cwd=ci["root"], env=environ,
                              capture_output=True, text=True, check=False)  # fmt: skip
        assert done.returncode == 0 and done.stdout.strip() == f"comments / build: {outcome}", done.stderr
    head = git(ci["root"], "rev-parse", "HEAD")
    assert [(s["sha"], s["state"], s["context"]) for s in github.statuses] == [
        (head, "failure", "comments / build"),
        (head, "success", "comments / build"),
    ]
