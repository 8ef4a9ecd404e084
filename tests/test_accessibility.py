"""axe-core (npm, pinned in package.json; `.ci/run` installs it with `npm ci`) on the home, article
and search pages, in a real browser, light and dark: no violation.

A test that cannot fail is a defect: before the dark scheme's buttons were fixed, it found
their white text on a light accent (color-contrast)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ARTICLE, ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def violations(tab, url: str, wait_for: str | None = None, rules: list[str] | None = None) -> list[str]:
    tab.goto(url)
    if wait_for:
        tab.locator(wait_for).first.wait_for()
    tab.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"], **({"runOnly": rules} if rules else {})}
    found = tab.evaluate(
        """async (options) => (await axe.run(document, options)).violations.map(
            v => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`)""",
        options,
    )
    return list(found)


@pytest.fixture(scope="module", autouse=True)
def axe_ready():
    if not Path(AXE).is_file():
        pytest.fail("axe-core is missing: run `npm ci` in the repository's root (`.ci/run` does)")


# Every rule in the light scheme; in the dark one, what its colours change: contrast.
@pytest.mark.parametrize("mode", [("light", None), ("dark", ["color-contrast"])], ids=["light", "dark"])
@pytest.mark.parametrize(
    ("path", "wait_for"),
    [("", None), (ARTICLE, None), ("search/?q=discouraged", ".search-results li a"), ("search/", None)],
)
def test_no_accessibility_violations(browser, served_indexed_site, mode, path, wait_for):
    scheme, rules = mode
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    try:
        assert violations(tab, served_indexed_site + path, wait_for, rules) == []
    finally:
        context.close()
