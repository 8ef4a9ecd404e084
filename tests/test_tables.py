"""Tables in a post read as tables on a phone and a desk, light and dark: ruled cells, a header set apart, their own scroll."""

import functools
import http.server
import threading

import pytest

from tests.conftest import QuietHandler
from tests.sitebuild import build_site, copy_content

WIDE = "| " + " | ".join(f"Quarter {n} median salary" for n in range(1, 9)) + " |\n"
WIDE += "|" + " --- |" * 8 + "\n" + ("| " + " | ".join(f"{n * 1000:,}" for n in range(1, 9)) + " |\n") * 3
NARROW = "| Low | Median | High |\n| --- | --- | --- |\n| 40 | 55 | 90 |\n| 42 | 58 | 95 |\n"


@pytest.fixture(scope="module")
def served_tables(tmp_path_factory):
    """A post with a narrow and a wide table, built and served on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("tables")
    content = copy_content(tmp)
    (content / "salaries.md").write_text(
        "Title: Salaries\nDate: 2020-01-01\nAuthor: Chris\nTags: salary\n\nWhat people earn.\n\n"
        f"{NARROW}\nAnd by quarter:\n\n{WIDE}\nThe end.\n"
    )
    output = build_site(tmp / "out", PATH=str(content))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/salaries/"
    server.shutdown()
    server.server_close()


MEASURE = """() => {
  const [narrow, wide] = document.querySelectorAll('.post__body table');
  const cell = narrow.querySelector('th');
  const style = getComputedStyle(cell);
  const [low, median] = [...narrow.querySelectorAll('th')].map(th => th.getBoundingClientRect());
  return {
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    wideScrolls: wide.scrollWidth > wide.clientWidth,
    wideInsideColumn: wide.getBoundingClientRect().right <= document.querySelector('.post__body').getBoundingClientRect().right + 0.5,
    narrowFits: narrow.scrollWidth <= narrow.clientWidth,
    gap: median.left - low.right,
    padding: parseFloat(style.paddingLeft),
    border: style.borderBottomStyle + ' ' + parseFloat(style.borderBottomWidth),
    headText: style.color,
    headBackground: style.backgroundColor,
    bodyBackground: getComputedStyle(document.body).backgroundColor,
  };
}"""


def luminance(colour: str) -> float:
    """The relative luminance of an `rgb(...)`/`rgba(...)` colour (WCAG)."""
    parts = [float(p) for p in colour[colour.index("(") + 1 : -1].replace(",", " ").split()[:3]]
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_a_table_has_ruled_padded_cells_and_scrolls_in_its_own_box(browser, served_tables, scheme, width):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(served_tables)
    found = tab.evaluate(MEASURE)
    context.close()
    assert found["pageOverflow"] <= 0  # the page never scrolls sideways
    assert found["wideInsideColumn"] and found["narrowFits"]
    assert found["wideScrolls"]  # wider than the column: it scrolls in its own box
    assert found["gap"] >= 0 and found["padding"] >= 8  # "Low" and "Median" never run together
    assert found["border"] == "solid 1"
    assert found["headBackground"] not in (found["bodyBackground"], "rgba(0, 0, 0, 0)")  # the header stands apart
    assert contrast(found["headText"], found["headBackground"]) >= 7
