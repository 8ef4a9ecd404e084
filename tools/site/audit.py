"""`invoke audit`: Lighthouse's four scores for the production build, served from this machine.

The site's promise (issue 16) is 100 in Lighthouse's performance, accessibility, best
practices and SEO on every page a reader lands on. Lighthouse (pinned in audit/package.json,
installed with `npm ci` on first use) runs in the OS's Chromium against the production build,
built into a temporary folder for the address it is served at, with its search index.

One exception is deliberate: the search page tells search engines not to index it
(`<meta name="robots" content="noindex">`: a page of results for any query is what search
engines ask sites to keep out of their index), which Lighthouse's SEO score counts against it.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import tempfile
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from tools import Stop

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "audit"
LIGHTHOUSE = AUDIT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# (page, category): the audits whose failure there is deliberate, and why.
ALLOWED = {("search", "seo"): {"is-crawlable": "the search page asks not to be indexed (noindex)"}}


@dataclass(frozen=True)
class Score:
    """One page's score in one category, and the audits that cost it points."""

    page: str
    category: str
    score: float
    failing: tuple[str, ...]
    allowed: tuple[str, ...]

    @property
    def met(self) -> bool:
        """100 as Lighthouse shows it (rounded), or short of it only by the audits allowed on this page."""
        return round(self.score * 100) == 100 or not self.failing


def scores(page: str, report: dict) -> list[Score]:
    """The four categories of one Lighthouse JSON report, with the audits that cost points."""
    found = []
    for category in CATEGORIES:
        part = report["categories"][category]
        allowed = ALLOWED.get((page, category), {})
        costly = [
            ref["id"]
            for ref in part["auditRefs"]
            if ref.get("weight", 0) > 0
            and (report["audits"][ref["id"]].get("score") or 0) < 1
            # Informative and not-applicable audits have no score: they cost nothing.
            and report["audits"][ref["id"]].get("score") is not None
        ]
        found.append(
            Score(
                page,
                category,
                part["score"] or 0,
                failing=tuple(a for a in costly if a not in allowed),
                allowed=tuple(a for a in costly if a in allowed),
            )
        )
    return found


def pages_to_audit(output: Path, siteurl: str) -> dict[str, str]:
    """The pages a reader lands on, by name: home, the newest article (the feed's first), a tag page, search."""
    pages = {"home": ""}
    atom = "{http://www.w3.org/2005/Atom}"
    feed = output / "feeds" / "all.atom.xml"
    entry = ET.parse(feed).getroot().find(f"{atom}entry") if feed.is_file() else None
    link = entry.find(f"{atom}link") if entry is not None else None
    if link is not None and link.get("href", "").startswith(f"{siteurl}/"):
        pages["article"] = link.get("href")[len(siteurl) + 1 :]
    if tags := sorted(output.glob("tag/*/index.html")):
        pages["tag"] = f"tag/{tags[0].parent.name}/"
    if (output / "search" / "index.html").is_file():
        pages["search"] = "search/?q=job"
    return pages


def ensure_lighthouse() -> Path:
    """Lighthouse, installed from audit/package-lock.json with npm when missing."""
    if not LIGHTHOUSE.exists():
        if not shutil.which("npm"):
            raise Stop("invoke audit needs Node.js with npm for Lighthouse: `sudo apt-get install nodejs npm`")
        print("Installing Lighthouse for the audit: npm ci in audit/", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=AUDIT, check=False)
    if not LIGHTHOUSE.exists():
        raise Stop("Lighthouse could not be installed: run `npm ci` in audit/ and read what it says")
    return LIGHTHOUSE


def lighthouse(url: str, chromium: str) -> dict:
    """Lighthouse's JSON report of one page (its mobile defaults, as PageSpeed Insights runs it)."""
    flags = "--headless=new --no-sandbox --disable-gpu"
    done = subprocess.run(
        [str(ensure_lighthouse()), url, "--quiet", "--output=json", f"--chrome-flags={flags}",
         f"--only-categories={','.join(CATEGORIES)}"],
        capture_output=True, text=True, check=False, env={**os.environ, "CHROME_PATH": chromium}, timeout=300,
    )  # fmt: skip
    if done.returncode != 0:
        raise Stop(f"Lighthouse failed on {url}: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
    return json.loads(done.stdout)


def audit(settings_file: str) -> list[Score]:
    """Build the production site into a temporary folder, serve it on 127.0.0.1, and score its pages."""
    from tools.serve import SiteServer, address

    from .build import build_summary, run_build, search_index

    chromium = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    if not chromium:
        raise Stop("invoke audit needs Chromium: `sudo apt-get install chromium`")
    with tempfile.TemporaryDirectory(prefix="audit-") as folder:
        output = Path(folder)
        server = SiteServer(("127.0.0.1", 0), functools.partial(quiet_handler(), directory=folder, receiver=None))
        siteurl = address(server).rstrip("/")
        try:
            build_summary(*run_build(settings_file, str(output), SITEURL=siteurl, FEED_DOMAIN=siteurl))
            search_index(settings_file, str(output))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            found = []
            for page, path in pages_to_audit(output, siteurl).items():
                print(f"Lighthouse: {page} ({siteurl}/{path})", flush=True)
                found += scores(page, lighthouse(f"{siteurl}/{path}", chromium))
        finally:
            server.shutdown()
            server.server_close()
    return found


def quiet_handler():
    """The local server's handler, without a log line per request (Lighthouse makes dozens a page)."""
    from tools.serve import SiteHandler

    class Quiet(SiteHandler):
        def log_message(self, *args) -> None:
            pass

    return Quiet


def report(found: list[Score]) -> None:
    """Print the scores as a table; Stop when a page is short of 100 for a reason not allowed."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Lighthouse (mobile), production build")
    for column in ("page", *CATEGORIES):
        table.add_column(column, justify="left" if column == "page" else "right")
    for page in dict.fromkeys(score.page for score in found):
        row = {score.category: score for score in found if score.page == page}
        table.add_row(page, *(_cell(row[c]) for c in CATEGORIES))
    Console().print(table)
    for score in found:
        for name in score.allowed:
            print(f"{score.page}, {score.category}: {name} is allowed: {ALLOWED[(score.page, score.category)][name]}")
    short = [f"{s.page}, {s.category}: {', '.join(s.failing)}" for s in found if not s.met]
    if short:
        raise Stop("Below 100, to fix:\n" + "\n".join(short))
    print("Every page scores 100 in every category (but for what is allowed above).")


def _cell(score: Score) -> str:
    return f"{round(score.score * 100)}" + ("*" if score.allowed else "")
