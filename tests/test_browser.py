"""The article page in a real browser: clean console, no sideways scroll, a working skip link."""

import pytest

from tests.conftest import ARTICLE


def open_article(tab, served_site, width=390):
    errors = []
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    tab.set_viewport_size({"width": width, "height": 800})
    tab.goto(served_site + ARTICLE, wait_until="networkidle")
    return errors


def test_article_page_has_no_console_errors(browser_page, served_site):
    errors = open_article(browser_page, served_site)
    assert (
        browser_page.locator("h1").inner_text().replace("\xa0", " ")
        == "What to Do After Striking Out in the Job Market"
    )
    assert errors == []


@pytest.mark.parametrize("width", [320, 390, 1440])
def test_no_horizontal_scroll(browser_page, served_site, width):
    open_article(browser_page, served_site, width)
    overflow = browser_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_skip_link_moves_focus_to_the_main_content(browser_page, served_site):
    open_article(browser_page, served_site)
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    assert browser_page.locator("a.skip-link").is_visible()
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main"


def test_page_is_readable_with_javascript_off(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(served_site + ARTICLE)
    assert "Good luck!" in tab.locator("main").inner_text().replace("\xa0", " ")
    assert tab.locator("figure figcaption .credit").inner_text().startswith("Image credit:")
    context.close()


def test_dark_mode_changes_the_colours(browser, served_site):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        tab = context.new_page()
        tab.goto(served_site + ARTICLE)
        colours[scheme] = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours["light"] != colours["dark"]
