"""The site's articles as the importer needs them: slug, date, and whether comments are closed.

Read with Pelican's own readers and settings, so a slug here is the slug the
build gives (from `Slug:`, or from the title).
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from datetime import datetime

from comments.model import comments_closed
from pelican.contents import Article
from pelican.readers import Readers


@dataclass(frozen=True)
class ArticleInfo:
    """What classification needs to know of an article."""

    slug: str
    date: datetime
    closed: bool


def article_files(settings) -> list[str]:
    """Paths (relative to PATH) of the files Pelican reads as articles."""
    root = settings["PATH"]
    excluded = set(settings.get("ARTICLE_EXCLUDES", [])) | set(settings.get("PAGE_PATHS", []))
    ignores = settings.get("IGNORE_FILES", [])
    extensions = tuple("." + e for e in Readers(settings).extensions)
    found = []
    for folder, dirs, files in os.walk(root):
        relative = os.path.relpath(folder, root)
        dirs[:] = [d for d in dirs if os.path.normpath(os.path.join(relative, d)) not in excluded]
        for name in files:
            if name.endswith(extensions) and not any(fnmatch.fnmatch(name, pattern) for pattern in ignores):
                found.append(os.path.normpath(os.path.join(relative, name)))
    return sorted(found)


def site_articles(settings) -> dict[str, ArticleInfo]:
    """slug -> ArticleInfo for every article file that can be read."""
    readers = Readers(settings)
    articles = {}
    for path in article_files(settings):
        try:
            article = readers.read_file(base_path=settings["PATH"], path=path, content_class=Article, context={})
        except Exception:
            continue
        articles[article.slug] = ArticleInfo(article.slug, article.date, comments_closed(article.metadata))
    return articles
