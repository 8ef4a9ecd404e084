"""The suite never uses the writer's own site: the guard of tests/guard.py trips on every way in."""

import contextlib
import os
import shutil
import subprocess
import sys

import pytest

from tests.guard import ROOT, Guard, ProjectSiteUsed, guard
from tests.sitebuild import build_site


def test_reading_a_post_of_the_projects_content_is_refused_and_noted():
    with pytest.raises(ProjectSiteUsed, match="tests build fixture content"):
        (ROOT / "content" / "README.md").read_text()
    assert guard.take() == [str(ROOT / "content" / "README.md")]


def test_copying_the_projects_content_into_a_scratch_project_is_refused(tmp_path):
    with pytest.raises(ProjectSiteUsed):
        shutil.copytree(ROOT / "content", tmp_path / "content")
    assert guard.take()[0].startswith(str(ROOT / "content"))


def test_a_build_of_the_projects_content_is_noted_even_when_pelican_swallows_the_error(tmp_path):
    with contextlib.suppress(ProjectSiteUsed):  # Pelican may swallow it, or not: the guard noted it either way
        build_site(tmp_path / "out", PATH=str(ROOT / "content"))
    assert any(path.startswith(str(ROOT / "content")) for path in guard.take())


def test_writing_into_the_projects_output_is_refused(tmp_path):
    with pytest.raises(ProjectSiteUsed):
        (ROOT / "output" / "stray.html").open("w")
    assert guard.take() == [str(ROOT / "output" / "stray.html")]


def test_running_a_task_in_the_project_folder_is_refused():
    with pytest.raises(ProjectSiteUsed):
        subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=ROOT, check=False)
    assert "invoke build" in guard.take()[0]


@pytest.mark.parametrize(
    ("args", "cwd", "refused"),
    [
        (["python", "-m", "invoke", "check"], ROOT, True),
        (["/venv/bin/invoke", "--echo", "publish"], ROOT, True),
        (["pelican", "content"], ROOT, True),
        (["python", "-m", "invoke", "check"], ROOT / "tests", False),  # another folder: a copy, a fixture
        (["python", "-m", "invoke", "bench", "--articles", "6"], ROOT, False),  # generates its own site
        (["python", "-m", "invoke", "--list"], ROOT, False),
        (["python", "-m", "ruff", "check", "."], ROOT, False),
        # livereload's warm build process: the project's cache/ unless the overrides give another
        (["python", "-m", "tools.site.warm", "pelicanconf.py", "/tmp/o", '{"PATH": "/tmp/c"}'], ROOT, True),
        (["python", "-m", "tools.site.warm", "pelicanconf.py", "/tmp/o", '{"CACHE_PATH": "cache"}'], ROOT, True),
        (["python", "-m", "tools.site.warm", "pelicanconf.py", "/tmp/o"], ROOT, True),
        (["python", "-m", "tools.site.warm", "pelicanconf.py", "/tmp/o", '{"CACHE_PATH": "/tmp/c"}'], ROOT, False),
    ],
)
def test_which_commands_count_as_using_the_site(args, cwd, refused):
    assert bool(Guard().project_task(args, cwd)) == refused


def test_fixture_content_and_relative_names_are_left_alone(tmp_path):
    fresh = Guard()
    assert fresh.forbidden_path(str(ROOT / "tests" / "data" / "site" / "content" / "x.md")) == ""
    assert fresh.forbidden_path("content") == ""  # a bare name: relative to a folder descriptor, maybe
    assert fresh.forbidden_path(3) == ""
    assert fresh.forbidden_path(os.path.join(str(ROOT), "content", "post.md")) != ""
    assert fresh.forbidden_path(str(ROOT / ".comments-salt")) != ""
