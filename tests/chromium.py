"""Find, or install, the headless Chromium the browser tests drive with Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# The OS's Chromium first: it needs no download, which this project's machines
# cannot always make. Playwright's own browser is the fallback.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
# Flags for a quiet headless run on a closed network (no background requests).
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class ChromiumMissing(RuntimeError):
    """No Chromium could be found or installed."""


def playwright_browser() -> str:
    """Path of a Chromium that `playwright install` downloaded, or ""."""
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    for pattern in ("chromium_headless_shell-*/*/chrome-headless-shell", "chromium-*/chrome-linux*/chrome"):
        found = sorted(root.glob(pattern))
        if found:
            return str(found[-1])
    return ""


def find_chromium() -> str:
    """Path of a Chromium to drive: $CHROMIUM_PATH, the OS's, or Playwright's; "" if none."""
    configured = os.environ.get("CHROMIUM_PATH", "")
    if configured and Path(configured).exists():
        return configured
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return playwright_browser()


def install_chromium() -> str:
    """Install a Chromium (the OS package as root, else Playwright's) and return its path."""
    attempts = []
    if shutil.which("apt-get") and os.geteuid() == 0:
        attempts.append(
            ["sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"]
        )
    attempts.append([sys.executable, "-m", "playwright", "install", "chromium"])
    for command in attempts:
        print("No Chromium found; installing one: " + " ".join(command[-1:] if command[0] == "sh" else command))
        if subprocess.run(command, check=False).returncode == 0 and find_chromium():
            return find_chromium()
    raise ChromiumMissing(
        "No headless Chromium for the browser tests, and installing one failed.\n"
        "Install it yourself: `sudo apt-get install chromium` (Debian/Ubuntu), or\n"
        "`python -m playwright install chromium`, or point CHROMIUM_PATH at a Chrome/Chromium binary."
    )


def ensure_chromium() -> str:
    """A usable Chromium's path, installing one when none is found."""
    return find_chromium() or install_chromium()
