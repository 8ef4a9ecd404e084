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
