"""Install what the suite needs besides Python packages, when it is missing: Java, axe-core.

`invoke test` is the README's one command that sets up and runs the whole suite on a
fresh machine, so it looks for these first (as it does for Chromium, tests/chromium.py)
and installs what it can: the OS's package as root with apt-get, axe-core with npm from
package-lock.json. What it cannot install stops it with the command to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


class PrerequisiteMissing(RuntimeError):
    """Something the suite needs is missing and could not be installed."""


def apt_install(*packages: str) -> bool:
    """Install Debian packages when running as root on a machine with apt-get; True when it worked."""
    if not (shutil.which("apt-get") and os.geteuid() == 0):
        return False
    names = " ".join(packages)
    print(f"Installing the OS packages {names} for the tests")
    script = f"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {names}"
    return subprocess.run(["sh", "-c", script], check=False).returncode == 0


def ensure_java() -> str:
    """The `java` the Nu Html Checker (v.Nu) runs on, installing the OS's when there is none."""
    if not shutil.which("java"):
        apt_install("default-jre-headless")
    if java := shutil.which("java"):
        return java
    raise PrerequisiteMissing(
        "No Java for the Nu Html Checker, and installing it failed: "
        "`sudo apt-get install default-jre-headless` (Debian/Ubuntu), or any Java 11+ on the PATH."
    )


def ensure_axe() -> Path:
    """axe-core (pinned in package-lock.json), installed with `npm ci` when it is missing."""
    if AXE.is_file():
        return AXE
    if not shutil.which("npm"):
        apt_install("nodejs", "npm")
    if shutil.which("npm"):
        print("Installing axe-core for the accessibility tests: npm ci")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=False)
    if AXE.is_file():
        return AXE
    raise PrerequisiteMissing(
        "axe-core is missing for the accessibility tests, and installing it failed: "
        "install Node.js with npm, then run `npm ci` in the repository's root."
    )


# Workers beyond this many only wait on the suite's longest test files, and each one builds
# sites with helper processes of its own: more would crowd a big machine's memory for nothing.
MAX_WORKERS = 4


def parallel_arguments(cores: int | None = None) -> str:
    """pytest-xdist's arguments: one worker a core this process may use (at most MAX_WORKERS), whole files each.

    Whole files, so a module's fixture site is built once. The cores are the ones this process
    may run on (its affinity), not all the machine has.
    """
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return f"-n {max(1, min(cores, MAX_WORKERS))} --dist loadfile"
