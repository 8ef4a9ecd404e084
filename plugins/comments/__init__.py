"""comments: moderated, threaded comments for a static site.

Readers post the "Leave a Reply" form to a hosted form service (in development,
with none configured, to the local server: forms.py); the moderator fetches or
imports the submissions into the comment store (`invoke comments.fetch`, `.import`),
moderates it (`invoke comments.list`, `.approve`, `.review`...), and the build
shows the approved comments under their article. Settings and their defaults
are in `settings.py`; the store's format in `store.py`. This package is what
the build loads; the moderator's commands (import, classification, moderation,
reports) are in `tools/comments/` and use the same model and store.

Sets on every article and page: `comments` (threads.ShownComment tuple),
`comment_count` and `comments_open`; adds `comment_form_spec` (forms.FormSpec, or None when the
service is not configured) to the template context. Nothing but approved
comments ever reaches an article, so nothing else can reach the output.

No comment can stop a build or a strict publish: a comment file the build cannot
read is left out with a note (`path:LINE: note: ...`, which `invoke check` gives
too and which never stops `invoke publish`), an approved comment whose article
does not exist with an info line; `invoke comments.check` names each file and why.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from .forms import LOCAL, FormSettingError, form_spec
from .model import comments_closed
from .prepare import Job, PreparedComments, prepare_comments
from .settings import comment_settings
from .store import load_store
from .threads import count

logger = logging.getLogger(__name__)
# A comment file that cannot be read: a note (never an error: no comment may stop a build or a publish).
NOT_SHOWN = "%s (this comment is not shown until the file is fixed; `invoke comments.check` lists them all)"
CONTEXT_KEY = "prepared_comments"  # this build's PreparedComments, prepared once
# Where else a build's comments may be prepared already (build_speed: in a second process, while
# the articles are read): functions taking the Job and giving its PreparedComments, or None.
elsewhere: list[Callable[[Job], PreparedComments | None]] = []
# Whether a build wants its comments attached as soon as the articles are read, not just before the
# first is written (build_speed, in a build keeping page keys: the feeds' keys then see the articles as
# every page's do): functions taking the Job.
attach_early: list[Callable[[Job], bool]] = []


def comments_open(item, options: dict, now: datetime) -> bool:
    """Whether an article or page still takes comments (metadata, then COMMENTS_CLOSE_AFTER_DAYS)."""
    if comments_closed(item.metadata):
        return False
    days, date = options["COMMENTS_CLOSE_AFTER_DAYS"], getattr(item, "date", None)
    return not (days and date and now > date + timedelta(days=int(days)))


def preparation_job(settings) -> Job:
    """What this build's comments depend on, from the settings."""
    options = comment_settings(settings)
    caching = settings.get("CACHE_CONTENT")
    return Job(
        store=Path(settings["PATH"]) / options["COMMENTS_PATH"],
        cache_folder=Path(settings["CACHE_PATH"]) if caching else None,
        load_cache=bool(caching and settings.get("LOAD_CONTENT_CACHE")),
        show_pingbacks=bool(options["COMMENTS_SHOW_PINGBACKS"]),
        max_depth=max(1, int(options["COMMENTS_MAX_DEPTH"])),
        timezone=settings.get("TIMEZONE") or "UTC",
    )


def prepared(job: Job) -> PreparedComments:
    """The job's result: from elsewhere when it was prepared there, else prepared here."""
    for source in elsewhere:
        ready = source(job)
        if ready is not None:
            return ready
    return prepare_comments(job)


def note_not_shown(error) -> None:
    """Say, as a note (never a warning or an error that would stop a publish), that a comment file is not shown."""
    try:
        from writing.problems import NOTE, Problem, display  # the writing plugin sits beside this one
        from writing.report import log_problem
    except ImportError:  # a site without the writing plugin
        logger.info(NOT_SHOWN, error)
        return
    log_problem(Problem(display(error.path), error.line or 1, NOT_SHOWN % error.message, NOTE), logger)


def store_problems(settings) -> list[tuple[str, int, str]]:
    """(path, line, message) of each comment file a build cannot read, as the build notes it (`invoke check`)."""
    _comments, errors = load_store(Path(settings["PATH"]) / comment_settings(settings)["COMMENTS_PATH"])
    return [(str(error.path), error.line or 1, NOT_SHOWN % error.message) for error in errors]


def prepared_for_build(generator) -> PreparedComments:
    """This build's comments, prepared once and kept in the context."""
    if CONTEXT_KEY not in generator.context:
        settings = generator.settings
        options = comment_settings(settings)
        job = preparation_job(settings)
        ready = prepared(job)
        for error in ready.errors:
            note_not_shown(error)
        try:
            form = generator.context["comment_form_spec"] = form_spec(options, settings.get("SITEURL", ""))
            if form.service == LOCAL:
                logger.info("comments form: no service configured; it posts to the local receiver of `invoke serve`")
        except FormSettingError as error:
            # Development builds stay calm about it (a fresh clone has no form id); production must not ship it.
            level = logging.WARNING if options["COMMENTS_FORM_REQUIRED"] else logging.INFO
            logger.log(level, "comments form: %s. Until then, articles say 'Comments are not open yet'.", error)
            generator.context["comment_form_spec"] = None
        generator.context[CONTEXT_KEY] = ready
    return generator.context[CONTEXT_KEY]


def attach(generator, items) -> None:
    """Give each item its approved comments, threaded, their count, and whether it is open."""
    options = comment_settings(generator.settings)
    threads = prepared_for_build(generator).threads
    now = datetime.now(ZoneInfo(generator.settings.get("TIMEZONE") or "UTC"))
    for item in items:
        item.comments = threads.get(item.slug, ())
        item.comment_count = count(item.comments)
        item.comments_open = comments_open(item, options, now)


# Every list of articles and of pages a generator writes (Pelican 4.12's generate_articles,
# generate_drafts and PagesGenerator.generate_output).
ARTICLE_LISTS = ("translations", "articles", "hidden_translations", "hidden_articles", "drafts", "drafts_translations")
PAGE_LISTS = ("translations", "pages", "hidden_translations", "hidden_pages", "draft_translations", "draft_pages")
attached: weakref.WeakSet = weakref.WeakSet()  # this build's generators whose items have their comments


def attach_all(generator, lists) -> None:
    """Once per build: every article or page the generator writes gets its comments."""
    if generator not in attached:
        attached.add(generator)
        attach(generator, [item for name in lists for item in getattr(generator, name, [])])


def articles_read(generator) -> None:
    """The articles are read; they get their comments just before the first one is written.

    Not now: the comments may still be on their way from the second process, and the
    feeds, written first, do not need them. A generator with no article to write, and so
    no signal before its drafts and listings are written, gets them now; so do the
    articles of a build that asks for them early (`attach_early`).
    """
    if not any(getattr(generator, name, None) for name in ARTICLE_LISTS[:4]) or wanted_early(generator.settings):
        attach_all(generator, ARTICLE_LISTS)


def wanted_early(settings) -> bool:
    """Whether this build wants its comments attached as soon as the articles are read."""
    job = preparation_job(settings)
    return any(early(job) for early in attach_early)


def article_about_to_be_written(generator, content=None) -> None:
    """The first article is about to be written: every article gets its comments."""
    attach_all(generator, ARTICLE_LISTS)


def page_about_to_be_written(generator, content=None) -> None:
    """The first page is about to be written (a WordPress page could have comments)."""
    attach_all(generator, PAGE_LISTS)


def warn_orphans(generator, writer=None) -> None:
    """The articles are written: say (as info) which approved comments' article or page does not exist."""
    ready = generator.context.get(CONTEXT_KEY)
    written = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")
    slugs = {item.slug for key in written for item in generator.context.get(key, [])}
    for slug, orphans in sorted(ready.approved.items() if ready else ()):
        if slug not in slugs:
            logger.info("%d approved comment(s) for unknown article %r are not shown", orphans, slug)


def register():
    """Connect the plugin to Pelican's signals."""
    # Imported here, not above: a second process preparing the comments imports this package
    # and has no use for Pelican, whose import would cost it 0.2 s.
    from pelican import signals

    signals.article_generator_finalized.connect(articles_read)
    signals.article_generator_write_article.connect(article_about_to_be_written)
    signals.page_generator_write_page.connect(page_about_to_be_written)
    signals.article_writer_finalized.connect(warn_orphans)
