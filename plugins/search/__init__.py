"""search: full-text search with Pagefind, written after Pelican's build.

The theme's search page (the direct template "search", at SEARCH_URL) reads `?q=`
and shows results as the reader types, with a script of our own that loads
Pagefind's from the site (theme/static/js/search.js); every page's header has a
plain search form that goes there. Without JavaScript the page says so and leads to
the archives, tags and authors (docs/writing.md).

The index is written by the tasks after Pelican's build (indexing.py):
`invoke build` and `invoke publish` index the site before they finish; `invoke
livereload` indexes in the background after each rebuild, so a rebuild is not
slowed. Pelican's link check leaves the index folder alone
(PUBLISHING_WRITTEN_LATER); `index_and_check` indexes and then checks the links
into it.

What is indexed: articles and pages (the theme marks them `data-pagefind-body`):
their title, text, tags and authors; not the comments, the author's bio, the boxes
around the text, nor any listing page.

Settings (defaults in DEFAULTS):
    SEARCH_INDEX_FOLDER = "pagefind"   where the index goes, in the output folder
    SEARCH_URL = "search/"             the search page (SEARCH_SAVE_AS: its file); the
                                       page exists while "search" is in DIRECT_TEMPLATES

Adds `search_page` (the search page's URL, or None when there is no search page)
and `search_bundle` (the index folder's URL, relative to the site) to the template
context.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals

from .indexing import BackgroundIndexing, SearchIndex, SearchIndexError, index_site

__all__ = ["BackgroundIndexing", "SearchIndex", "SearchIndexError", "index_and_check", "index_folder", "index_site"]

logger = logging.getLogger(__name__)

DEFAULTS = {"SEARCH_INDEX_FOLDER": "pagefind", "SEARCH_URL": "search/"}


def setting(settings, name) -> str:
    """A setting of this plugin, falling back to its documented default."""
    return str(settings.get(name) or DEFAULTS[name])


def index_folder(settings) -> str:
    """The index folder, relative to the output folder, without slashes at its ends."""
    return setting(settings, "SEARCH_INDEX_FOLDER").strip("/")


def index_and_check(output: Path, settings) -> tuple[SearchIndex | None, list[str]]:
    """Index a built site, then check every link into the index; (index, problems as text)."""
    from publishing.linkcheck import check_site

    try:
        made = index_site(output, index_folder(settings))
    except SearchIndexError as error:
        return None, [f"the search index: {error}"]
    later = (index_folder(settings) + "/",)
    problems = check_site(output, settings.get("SITEURL", ""), later=later, only_later=True)
    return made, [f"page {p.page}: {p.message}: {p.url}" for p in problems]


def add_context(generator) -> None:
    """Tell the theme where the search page and the index are."""
    settings = generator.settings
    has_page = "search" in settings.get("DIRECT_TEMPLATES", ())
    generator.context["search_page"] = setting(settings, "SEARCH_URL") if has_page else None
    generator.context["search_bundle"] = index_folder(settings) + "/"


def shown(path: str) -> str:
    """A source path as the writer knows it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def give_way_to_content(generators) -> None:
    """A post or page at the search page's address keeps it; the search page is left out, with a warning.

    A blog moved from WordPress may well have a page called "search": Pelican would
    stop on the second file written to the same place.
    """
    settings = generators[0].settings
    save_as = settings.get("SEARCH_SAVE_AS")
    if "search" not in settings.get("DIRECT_TEMPLATES", ()) or not save_as:
        return
    lists = ("articles", "hidden_articles", "drafts", "translations", "pages", "hidden_pages", "draft_pages")
    taken = [item for g in generators for name in lists for item in getattr(g, name, []) if item.save_as == save_as]
    if not taken:
        return
    logger.warning(
        "%s: its address, %s, is the search page's: the search page is left out (give it another 'Slug:', "
        "or move the search page with SEARCH_URL and SEARCH_SAVE_AS in pelicanconf.py)",
        shown(taken[0].source_path),
        taken[0].url,
    )
    for generator in generators:
        if hasattr(generator, "generate_direct_templates"):  # its own settings, not the build's shared ones
            generator.settings = {**generator.settings, "SEARCH_SAVE_AS": ""}
        generator.context["search_page"] = None


def register():
    """Connect the plugin to Pelican's signals."""
    signals.generator_init.connect(add_context)
    signals.all_generators_finalized.connect(give_way_to_content)
