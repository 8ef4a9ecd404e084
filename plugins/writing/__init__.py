"""writing: the writers' safety net in the build, and drafts and scheduled posts marked.

Every build checks the posts' metadata the way `invoke check` does (a date that
does not parse, an empty Tags, an unknown Status, a slug used twice, a broken
link to another post) and reports each problem as `content/post.md:LINE:
message`, where Pelican alone would only say "Could not process".

Sets `scheduled` (True for a post dated in the future) on every article, so the
development build can mark it; production (publishconf.py) does not publish
such posts until their date (WITH_FUTURE_DATES = False) and never builds drafts.

Empty optional fields (`Summary:`, `Image:` left blank by `invoke new-post`)
count as absent.

No settings of its own; it reads PATH, ARTICLE_EXCLUDES, IGNORE_FILES,
AUTHOR_BIOS_PATH and SLUG_REGEX_SUBSTITUTIONS.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page
from pelican.utils import slugify

from .checks import ERROR, bio_names, check_content, check_metadata, content_files, read_header

logger = logging.getLogger(__name__)

# Problems the other plugins report already in a build (bios; series and contents, by
# post_navigation and reading): not repeated. Image
# problems are image_credits' to report, so a build does not even look for them.
REPORTED_ELSEWHERE = ("Author ", "Series-Part ", "Toc ")


def site_slugify(settings):
    """Pelican's slugify with this site's substitutions."""
    substitutions = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    return lambda text: slugify(text, regex_subs=substitutions)


def check_site(settings, posts=None, *, images: bool = True) -> list:
    """`invoke check`: every problem of every post under the content folder."""
    root = Path(settings["PATH"])
    excluded = list(settings.get("ARTICLE_EXCLUDES", [])) + list(settings.get("PAGE_PATHS", []))
    posts = posts if posts is not None else content_files(root, excluded, settings.get("IGNORE_FILES", []))
    pages = content_files(root / "pages", [], settings.get("IGNORE_FILES", [])) if (root / "pages").is_dir() else []
    # A page that is not UTF-8 is Pelican's to report; its title is all that is needed here.
    titles = {p: read_header(p.read_text(encoding="utf-8", errors="replace")).value("title") for p in pages}
    page_slugs = {site_slugify(settings)(title or p.stem) for p, title in titles.items()}
    authors = bio_names(root / settings.get("AUTHOR_BIOS_PATH", "authors"))
    return check_content(posts, root, authors, site_slugify(settings), page_slugs=frozenset(page_slugs), images=images)


def report_problems(generator):
    """Before Pelican reads the posts, say clearly what is wrong in them."""
    for problem in check_site(generator.settings, images=False):
        if problem.message.startswith(REPORTED_ELSEWHERE):
            continue
        level = logging.ERROR if problem.severity == ERROR else logging.WARNING
        logger.log(level, "%s:%d: %s", problem.path, problem.line, problem.message)


def drop_empty_fields(instance):
    """An optional field left empty is no field at all (e.g. 'Summary:' from new-post)."""
    if not isinstance(instance, (Article, Page)):
        return
    for key in [k for k, v in instance.metadata.items() if isinstance(v, str) and not v.strip()]:
        del instance.metadata[key]
        if key == "summary":
            instance.__dict__.pop("_summary", None)
        elif hasattr(instance, key):
            delattr(instance, key)


def mark_scheduled(generator):
    """Mark posts dated in the future, for the development build to show."""
    for article in generator.articles + generator.drafts:
        now = datetime.now(article.date.tzinfo) if article.date.tzinfo else datetime.now()
        article.scheduled = article.date > now


__all__ = ["check_metadata", "check_site"]


def relink_cached_content(generators):
    """Posts served from the content cache resolve `{static}` and `{filename}` links in this build.

    Pelican keeps the context a post was read with in the post (`_context`), and the
    generator-level cache pickles it with the post: a cached post then looks its
    links up in the previous build's context, saved before the static files were
    listed, and leaves `{static}/images/x.svg` in the page. Point every article and
    page Pelican read (its own record, `generated_content`) at this build's context.
    """
    context = generators[0].context  # every generator shares this one
    for content in context["generated_content"].values():
        if content is not None:  # None: a file that failed to read
            content._context = context


def register():
    """Connect the plugin to Pelican's signals."""
    signals.article_generator_init.connect(report_problems)
    signals.content_object_init.connect(drop_empty_fields)
    signals.article_generator_finalized.connect(mark_scheduled)
    signals.all_generators_finalized.connect(relink_cached_content)
