"""The site's articles and pages as the importer needs them: slug, date, whether comments are closed, title.

Read with Pelican's own readers and settings, so a slug here is the slug the
build gives (from `Slug:`, or from the title). A comment's `article` must be one
of these slugs exactly. A post Pelican cannot read is left out (its comments are
held as "unknown article" until it is fixed); a post without a date is known,
with no date (so COMMENTS_CLOSE_AFTER_DAYS does not close it).
"""

from __future__ import annotations

import fnmatch
import logging
import os
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from comments.model import comments_closed
from markupsafe import Markup
from pelican.contents import Article, Page
from pelican.readers import Readers


@dataclass(frozen=True)
class ArticleInfo:
    """What classification needs to know of an article or page."""

    slug: str
    date: datetime | None
    closed: bool
    title: str = ""


def article_files(settings, pages: bool = False) -> list[str]:
    """Paths (relative to PATH) of the files Pelican reads as articles (or, with `pages`, as pages)."""
    root = settings["PATH"]
    page_paths = [os.path.normpath(p) for p in settings.get("PAGE_PATHS", [])]
    excluded = set() if pages else {os.path.normpath(p) for p in settings.get("ARTICLE_EXCLUDES", [])} | set(page_paths)
    ignores = settings.get("IGNORE_FILES", [])
    extensions = tuple("." + e for e in Readers(settings).extensions)
    found = []
    for top in page_paths if pages else ["."]:
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            relative = os.path.relpath(folder, root)
            dirs[:] = [d for d in dirs if os.path.normpath(os.path.join(relative, d)) not in excluded]
            for name in files:
                if name.endswith(extensions) and not any(fnmatch.fnmatch(name, pattern) for pattern in ignores):
                    found.append(os.path.normpath(os.path.join(relative, name)))
    return sorted(found)


def plain_title(title) -> str:
    """A title as text: the reader's HTML (typogrify's entities, inline tags) read back to one line of text."""
    return " ".join(Markup(str(title or "")).striptags().replace("\xa0", " ").split())


@contextmanager
def readers_quiet():
    """Pelican's readers say nothing while the comment tools read the posts (an image without alt text, a date's
    unknown zone): `invoke check` and the build report each such problem with its file and line."""
    pelican_logger = logging.getLogger("pelican")
    level = pelican_logger.level
    pelican_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        pelican_logger.setLevel(level)


def site_articles(settings) -> dict[str, ArticleInfo]:
    """slug -> ArticleInfo for every article and page file that can be read."""
    with readers_quiet():
        return read_articles(settings)


def read_articles(settings) -> dict[str, ArticleInfo]:
    """slug -> ArticleInfo, Pelican's readers speaking as they do."""
    readers = Readers(settings)
    articles = {}
    for pages in (True, False):
        for path in article_files(settings, pages):
            try:
                item = readers.read_file(
                    base_path=settings["PATH"], path=path, content_class=Page if pages else Article, context={}
                )
                slug, date, closed = item.slug, getattr(item, "date", None), comments_closed(item.metadata)
                title = plain_title(getattr(item, "title", "")) or slug
            except Exception:  # any post Pelican cannot read: the build reports it, the import skips it
                continue
            if slug:
                articles[slug] = ArticleInfo(slug, date, closed, title)
    return articles
