"""The code keeps to the project's lint and format rules (pyproject.toml), so CI catches drift."""

import subprocess
import sys

import pytest

from tests.sitebuild import ROOT


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_lint_never_reads_the_writers_files(tmp_path):
    """A post's code block or encoding is the writer's, judged by `invoke check`: a post must not fail the suite.

    The same settings in a copy of the project with a post ruff would reformat, and one it cannot read.
    """
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "code.md").write_text("Title: Code\n\n```python\nx=[1,\n2]\n```\n")
    (tmp_path / "content" / "latin.md").write_bytes("Title: Caf\xe9\n".encode("latin-1"))
    (tmp_path / "content" / "snippet.py").write_text("x=[1,\n2]\n")
    (tmp_path / "tool.py").write_text("X = 1\n")
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command], cwd=tmp_path, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--show-files", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "tool.py" in listed.stdout and "content" not in listed.stdout
