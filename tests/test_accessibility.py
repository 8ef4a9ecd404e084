"""axe-core (npm, pinned in package.json; `.ci/run` installs it with `npm ci`) on the home, article
and search pages, in a real browser, light and dark: no violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ARTICLE, ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def violations(tab, url: str, wait_for: str | None = None) -> list[str]:
    tab.goto(url, wait_until="networkidle")
    if wait_for:
        tab.locator(wait_for).first.wait_for()
    tab.add_script_tag(path=str(AXE))
    found = tab.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(
            v => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`)"""
    )
    return list(found)


@pytest.fixture(scope="module", autouse=True)
def axe_ready():
    if not Path(AXE).is_file():
        pytest.fail("axe-core is missing: run `npm ci` in the repository's root (`.ci/run` does)")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("path", "wait_for"),
    [("", None), (ARTICLE, None), ("search/?q=discouraged", ".search-results li a"), ("search/", None)],
)
def test_no_accessibility_violations(browser, served_indexed_site, scheme, path, wait_for):
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    try:
        assert violations(tab, served_indexed_site + path, wait_for) == []
    finally:
        context.close()
