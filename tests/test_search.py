"""Search: the index Pagefind writes after Pelican's build, and the search page in a real browser."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.conftest import ARTICLE
from tests.sitebuild import page

SEED_TITLE = "What to Do After Striking Out in the Job Market"


@pytest.fixture
def indexed(indexed_site):
    """The indexed site (conftest) and what its indexing made."""
    return indexed_site


@pytest.fixture
def served(served_indexed_site):
    """Its address on 127.0.0.1."""
    return served_indexed_site


def test_the_index_holds_the_published_articles_only(indexed):
    output, made = indexed
    articles = [
        p for p in output.glob("*/index.html") if page(output, p.parent.name + "/").select("[data-pagefind-body]")
    ]
    assert made.pages == len(articles) == 4  # the seed, two commented posts, the tagged one; not the hidden one
    assert made.bytes > 0 and (output / "pagefind" / "pagefind.js").is_file()
    assert not list(output.parent.glob(".output-search-*"))  # the work folder is gone


def test_list_pages_comments_and_boxes_are_not_indexed(indexed):
    output, _ = indexed
    for listing in ("", "tags/", "tag/rejection/", "author/chris/", "archives/", "search/"):
        assert page(output, listing).select("[data-pagefind-body]") == [], listing
    article = page(output, ARTICLE)
    body = article.select_one("[data-pagefind-body]")
    assert body.find(id="comments") is None  # comments are outside what is indexed
    for box in body.select(".share, .author-box__bio, .toc, .series"):
        assert box.has_attr("data-pagefind-ignore"), box["class"]


def search_page(tab, served, query: str = ""):
    errors = []
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(served + "search/" + (f"?q={query}" if query else ""))
    return errors


def result_links(tab) -> list[tuple[str, str]]:
    tab.locator(".search-results li a").first.wait_for()
    return [
        (link.inner_text().replace("\xa0", " "), link.get_attribute("href"))
        for link in tab.locator(".search-results li a").all()
    ]


def test_typing_a_word_lists_the_seed_article(browser_page, served):
    errors = search_page(browser_page, served)
    browser_page.locator("#search-q").press_sequentially("discouraged", delay=20)
    titles = result_links(browser_page)
    assert titles[0][0] == SEED_TITLE
    assert urljoin(served, titles[0][1]) == served + ARTICLE
    assert "discouraged" in browser_page.locator(".search-results mark").first.inner_text().lower()
    assert "q=discouraged" in browser_page.url  # the address can be shared
    assert errors == []


def test_the_address_with_q_shows_results_at_once(browser_page, served):
    errors = search_page(browser_page, served, "discouraged")
    assert browser_page.locator("#search-q").input_value() == "discouraged"
    assert result_links(browser_page)[0][0] == SEED_TITLE
    assert "1 article matches" in browser_page.locator("#search-status").inner_text()
    assert errors == []


@pytest.mark.parametrize(("query", "title"), [("zeppelin", "Tagged, Not Said"), ("Chris", SEED_TITLE)])
def test_tags_and_authors_are_searched(browser_page, served, query, title):
    search_page(browser_page, served, query)
    assert title in [t for t, _ in result_links(browser_page)]


@pytest.mark.parametrize("query", ["Jane", "Stowaway"])  # a commenter's words; a hidden post's
def test_comments_and_hidden_posts_are_not_found(browser_page, served, query):
    search_page(browser_page, served, query)
    browser_page.locator("#search-status", has_text="No article matches").wait_for()  # no script: the page's CSP
    assert browser_page.locator(".search-results li").count() == 0


def test_the_header_form_of_every_page_goes_to_the_search(browser_page, served):
    browser_page.goto(served + ARTICLE)
    browser_page.locator("#site-search-q").fill("discouraged")
    browser_page.locator("#site-search-q").press("Enter")
    browser_page.wait_for_url("**/search/?q=discouraged")
    assert result_links(browser_page)[0][0] == SEED_TITLE


def test_without_javascript_the_search_page_says_so_and_leads_on(browser, served):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(served + "search/?q=discouraged")
    main = tab.locator("main").inner_text()
    assert "needs JavaScript, which is off" in main
    assert tab.locator(".search-results li").count() == 0
    tab.get_by_role("link", name="The archives").click()
    tab.wait_for_url("**/archives/")
    assert tab.get_by_role("link", name=SEED_TITLE.replace(" Market", "\xa0Market")).count() == 1
    context.close()


def test_an_article_loads_no_search_script(indexed):
    output, _ = indexed
    for path in ("", ARTICLE, "tags/"):
        soup = page(output, path)
        assert not soup.find_all("script", src=True) and not soup.select("link[rel=modulepreload]"), path
    search = page(output, "search/")
    assert [s["src"] for s in search.find_all("script", src=True)] == ["../theme/js/search.js"]


def test_livereload_indexes_in_the_background_and_a_newer_build_stops_a_stale_run(site, tmp_path):
    import shutil

    from search import BackgroundIndexing

    output = tmp_path / "output"
    shutil.copytree(site, output)
    said = []
    indexing = BackgroundIndexing(output, "pagefind", said.append)
    indexing.restart()
    indexing.restart()  # a newer build: the first run is stopped, only the second swaps its index in
    indexing.wait()
    assert said == ["Search index updated: 1 pages in " + said[0].split(" in ")[1]]
    assert (output / "pagefind" / "pagefind.js").is_file()
    indexing.restart()
    indexing.stop()  # stopped at once: the index in place stays whole, no work folder is left
    assert (output / "pagefind" / "pagefind-entry.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_failed_indexing_says_why(tmp_path):
    from search import SearchIndexError, index_site

    (tmp_path / "output").mkdir()  # nothing built
    with pytest.raises(SearchIndexError, match=r"Pagefind failed .*not able to build an index"):
        index_site(tmp_path / "output")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_page_at_the_search_address_keeps_it_and_the_search_page_gives_way(tmp_path, caplog):
    import logging

    from tests.sitebuild import build_site, copy_content

    content = copy_content(tmp_path)
    (content / "pages").mkdir()
    (content / "pages" / "search.md").write_text(
        "Title: Search\nSlug: search\n\nOur own search page, from WordPress.\n"
    )
    with caplog.at_level(logging.WARNING):
        output = build_site(tmp_path / "out", PATH=str(content))
    assert "from WordPress" in page(output, "search/").get_text().replace("\xa0", " ")
    assert page(output, ARTICLE).select_one("form.site-search") is None  # no header form leads to it
    assert any(
        # said by the checks, with the line, once (the search plugin's own words are dropped as said)
        "search.md:2: its address, search/, is the search page's: the search page is left out" in r.getMessage()
        for r in caplog.records
    )


# The strictest policy the search page can live with: everything from the site, WebAssembly compiled.
SEARCH_POLICY = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; base-uri 'none'"
)


def test_search_works_under_a_strict_content_security_policy(browser, indexed):
    """Without 'wasm-unsafe-eval' this fails: Pagefind cannot compile its WebAssembly."""
    import functools
    import http.server
    import threading

    from tests.conftest import QuietHandler

    class PolicyHandler(QuietHandler):
        def end_headers(self):
            self.send_header("Content-Security-Policy", SEARCH_POLICY)
            super().end_headers()

    handler = functools.partial(PolicyHandler, directory=str(indexed[0]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    tab = context.new_page()
    try:
        errors = search_page(tab, f"http://127.0.0.1:{server.server_address[1]}/", "discouraged")
        assert result_links(tab)[0][0] == SEED_TITLE
        assert errors == []  # a policy violation is a console error
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_the_production_build_searches_under_its_own_policy(browser, tmp_path):
    """publishconf.py, built for a local address as `invoke preview --serve` does: its CSP meta tags in force."""
    import functools
    import http.server
    import threading

    from pelican.settings import read_settings
    from publishing.strict import strict_build
    from search import index_and_check

    from tests.conftest import QuietHandler
    from tests.sitebuild import ROOT, copy_content

    output = tmp_path / "output"
    output.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    overrides = {"SITEURL": site, "FEED_DOMAIN": site, "PATH": str(copy_content(tmp_path)), "OUTPUT_PATH": str(output)}
    overrides |= {"COMMENTS_FORMSPREE_ID": "test1234", "DELETE_OUTPUT_DIRECTORY": False}
    context = browser.new_context()
    tab = context.new_page()
    try:
        assert strict_build(str(ROOT / "publishconf.py"), overrides) == []
        assert index_and_check(output, read_settings(str(ROOT / "publishconf.py"), override=overrides))[1] == []
        assert (
            "'wasm-unsafe-eval'"
            in page(output, "search/").select_one("meta[http-equiv=Content-Security-Policy]")["content"]
        )
        assert (
            "'wasm-unsafe-eval'"
            not in page(output, ARTICLE).select_one("meta[http-equiv=Content-Security-Policy]")["content"]
        )
        errors = search_page(tab, site + "/", "discouraged")
        assert result_links(tab)[0][0] == SEED_TITLE
        tab.goto(site + "/" + ARTICLE)
        assert errors == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_a_work_folder_left_by_a_stopped_index_run_is_removed_by_the_next(tmp_path):
    """The third outside tester's: SIGTERM while the index was written left `.output-search-*` in the project."""
    import os

    from search.indexing import LEFT_BEHIND_SECONDS, remove_left_behind

    old, recent = tmp_path / ".output-search-old", tmp_path / ".output-search-now"
    for folder in (old, recent):
        (folder / "pagefind").mkdir(parents=True)
    long_ago = os.stat(old).st_mtime - LEFT_BEHIND_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    remove_left_behind(tmp_path, ".output-search-")
    assert not old.exists() and recent.exists()  # a run still going keeps its folder
