"""Publishing: `invoke gh-pages` against a real local repository, and the GitHub Actions workflow."""

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.sitebuild import FIXTURE_CONTENT, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def git(cwd, *args):
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env={**os.environ, **IDENTITY}
    ).stdout


@pytest.fixture
def checkout(tmp_path):
    """A clone of the project whose `origin` is a bare repository standing in for GitHub."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--bare", "-q", str(origin))
    work = tmp_path / "blog"
    work.mkdir()
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, work / name)
    shutil.copytree(FIXTURE_CONTENT, work / "content")
    for folder in ("plugins", "tools", "theme"):
        shutil.copytree(ROOT / folder, work / folder, ignore=shutil.ignore_patterns("__pycache__"))
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "The blog")
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "-q", "origin", "main")
    return work, origin


def invoke(work, *args, **env):
    variables = {**os.environ, **IDENTITY, "SITEURL": "https://blog.example.com", "FORMSPREE_ID": "test1234", **env}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=work, capture_output=True, text=True, env=variables, check=False
    )


def test_gh_pages_pushes_the_site_and_nothing_else(checkout):
    work, origin = checkout
    result = invoke(work, "gh-pages", GITHUB_PAGES_CNAME="blog.example.com")
    assert result.returncode == 0, result.stdout + result.stderr
    files = set(git(origin, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {"index.html", ".nojekyll", "CNAME", "sitemap.xml", "robots.txt", "404.html"} <= files
    assert "what-to-do-after-striking-out-in-the-job-market/index.html" in files
    assert not {
        f
        for f in files
        if f.endswith((".md", ".py", ".credit")) or f.startswith(("content/", "plugins/", "theme/templates/"))
    }
    assert git(origin, "show", "gh-pages:CNAME").strip() == "blog.example.com"


def test_no_push_commits_locally_only(checkout):
    work, origin = checkout
    result = invoke(work, "gh-pages", "--no-push")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "index.html" in git(work, "ls-tree", "-r", "--name-only", "gh-pages")
    assert "gh-pages" not in git(origin, "branch", "--list")


def test_a_problem_stops_the_publish_before_anything_is_pushed(checkout):
    work, origin = checkout
    (work / "content" / "broken.md").write_text(
        "Title: Broken\nDate: 2016-01-01\nAuthor: Nobody Known\nTags: x\n\n[gone](/gone/)\n"
    )
    result = invoke(work, "gh-pages")
    assert result.returncode == 1
    assert "Not published" in result.stderr and "broken.md" in result.stderr and "has no bio" in result.stderr
    assert "Traceback" not in result.stderr
    assert "gh-pages" not in git(origin, "branch", "--list")


def steps_of(job):
    return job["steps"]


def workflow():
    return yaml.safe_load(WORKFLOW.read_text())


def test_workflow_tests_the_code_builds_the_content_and_deploys_when_both_pass():
    flow = workflow()
    triggers = flow.get("on") or flow.get(True)  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    jobs = flow["jobs"]

    test_runs = [s.get("run", "") for s in steps_of(jobs["test"])]
    assert "pip install -r requirements-dev.txt && invoke test" in test_runs

    build = jobs["build"]
    assert "needs" not in build  # the content is checked while the code is tested
    runs = [s.get("run", "") for s in steps_of(build)]
    assert runs.index("invoke check") < runs.index("invoke publish")
    publish = next(s for s in steps_of(build) if s.get("run") == "invoke publish")
    assert publish["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert publish["env"]["FORMSPREE_ID"] == "${{ vars.FORMSPREE_ID }}"
    uses = [s.get("uses", "") for s in steps_of(build)]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    upload = next(s for s in steps_of(build) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "output" and "pull_request" in upload["if"]

    deploy = jobs["deploy"]
    assert sorted(deploy["needs"]) == ["build", "test"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["group"] == "pages"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps_of(deploy))
    assert flow["permissions"] == {"contents": "read"}


def test_the_daily_publish_runs_at_the_time_the_check_announces():
    from pelican.settings import read_settings

    (schedule,) = (workflow().get("on") or workflow().get(True))["schedule"]
    minute, hour, *every_day = schedule["cron"].split()
    assert every_day == ["*", "*", "*"]
    assert read_settings(str(ROOT / "pelicanconf.py"))["DAILY_PUBLISH_UTC"] == f"{int(hour):02d}:{int(minute):02d}"


def test_the_build_job_stops_on_a_content_mistake_with_its_file_and_line_as_an_annotation(checkout):
    work, _origin = checkout
    (work / "content" / "broken.md").write_text(
        "Title: Broken\nDate: 2016-01-01\nAuthor: Nobody Known\nTags: x\n\n[gone](/gone/)\n"
    )
    steps = [s for s in steps_of(workflow()["jobs"]["build"]) if s.get("run", "").startswith("invoke ")]
    outcomes = [(step["run"], invoke(work, *step["run"].split()[1:], GITHUB_ACTIONS="true")) for step in steps]
    command, first = outcomes[0]
    assert command == "invoke check" and first.returncode == 1
    lines = first.stdout.splitlines()
    assert "content/broken.md:3: Author 'Nobody Known' has no bio: add content/authors/nobody-known.md" in first.stdout
    assert any(
        line.startswith("::error file=content/broken.md,line=3::Author 'Nobody Known' has no bio") for line in lines
    )
    assert any(
        line.startswith("::error file=content/broken.md,line=6::link to a page that does not exist") for line in lines
    )
    # ...and the publish that would follow stops too, naming the same problems.
    _command, publish = outcomes[1]
    assert publish.returncode == 1 and "::error file=content/broken.md,line=3::" in publish.stderr


def test_without_a_form_id_the_publish_says_what_to_set_and_where(checkout):
    work, _origin = checkout
    result = invoke(work, "publish", FORMSPREE_ID="")
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "set the FORMSPREE_ID variable" in message
    assert "Settings > Secrets and variables > Actions > Variables" in message
    assert 'docs/moderating.md, "1. Choose a form service"' in message
    assert "Not published: 1 error(s)" in message
    development = invoke(work, "build", FORMSPREE_ID="")
    assert development.returncode == 0 and "FORMSPREE_ID" not in development.stdout + development.stderr


def test_the_pages_source_files_are_worked_out_only_when_a_link_problem_needs_them(tmp_path):
    """A page's path is formatted anew at each reading: a build with no link problem reads none."""
    from types import SimpleNamespace

    from publishing import OutputChecks

    class Post:
        readings = 0

        def __init__(self, save_as, source_path):
            self._save_as, self.source_path = save_as, source_path

        @property
        def save_as(self):
            Post.readings += 1
            return self._save_as

    generator = SimpleNamespace(articles=[Post("a/index.html", "posts/a.md")], pages=[Post("p.html", "posts/p.md")])
    checks = OutputChecks()
    checks.remember_sources([generator])
    assert Post.readings == 0
    assert checks.sources == {"a/index.html": "posts/a.md", "p.html": "posts/p.md"} and Post.readings == 2
    assert checks.sources and Post.readings == 2  # worked out once
    checks.check(SimpleNamespace(settings={"OUTPUT_PATH": str(tmp_path), "PUBLISHING_CHECK_LINKS": False}))
    assert checks.items == [] and Post.readings == 2  # nothing of the build kept until the next one
    checks.remember_sources([generator])  # a build that stops half-way: the next one's start lets its posts go
    checks.forget(SimpleNamespace())
    assert checks.items == []


def test_a_build_that_stops_half_way_has_its_posts_let_go_when_the_next_build_starts(tmp_path):
    from pelican import signals
    from publishing import checks

    from tests.sitebuild import connected, copy_content
    from tools import Stop
    from tools.site.build import run_build

    content, held = copy_content(tmp_path), []

    def stop(_sender, **_kwargs):
        held.append(len(checks.items))
        raise RuntimeError("a plugin fails")

    for signal in (signals.article_writer_finalized, signals.article_generator_init):  # late, then early
        with connected(signal, stop), pytest.raises(Stop, match="a plugin fails"):
            run_build(str(ROOT / "pelicanconf.py"), str(tmp_path / "out"), PATH=str(content),
                      CACHE_PATH=str(tmp_path / "cache"))  # fmt: skip
    assert held[0] > 0 and held[1] == 0 and checks.items == []  # held by the first, let go as the second started


def test_only_an_error_of_the_checks_stands_in_for_a_broken_link_of_the_output(tmp_path, monkeypatch):
    """A later tester's: an {attach} warning naming photo.jpg made the publish leave another page's broken srcset of
    that file to the checks, and it printed "no error"; a warning lets the publish go on, and the broken page too."""
    from publishing import reported_already
    from writing import report
    from writing.problems import ERROR, WARNING, Problem

    post = tmp_path / "a.md"
    post.write_text("Title: A\n", encoding="utf-8")
    words = ("images/photo.jpg", "photo.jpg")
    for severity, stands_in in ((WARNING, False), (ERROR, True)):
        monkeypatch.setattr(report.current, "problems", [Problem(str(post), 6, "image images/photo.jpg: x", severity,
                                                                 code="image")])  # fmt: skip
        assert reported_already(None, words) is stands_in
        assert reported_already(str(post), words) is stands_in
