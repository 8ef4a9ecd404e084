"""comments: moderated, threaded comments for a static site.

Readers post the "Leave a Reply" form to a hosted form service; the moderator
imports the service's export into the comment store (`invoke comments.import`),
moderates it (`invoke comments.list`, `.approve`, `.review`...), and the build
shows the approved comments under their article. Settings and their defaults
are in `settings.py`; the store's format in `store.py`.

Sets on every article: `comments` (threads.ShownComment tuple), `comment_count`
and `comments_open`; adds `comment_form_spec` (forms.FormSpec, or None when the
service is not configured) to the template context. Nothing but approved
comments ever reaches an article, so nothing else can reach the output.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals

from .articles import comments_closed
from .forms import FormSettingError, form_spec
from .settings import comment_settings
from .store import load_store
from .threads import count, publishable, thread

logger = logging.getLogger(__name__)


def comments_open(article, options: dict, now: datetime) -> bool:
    """Whether an article still takes comments (metadata, then COMMENTS_CLOSE_AFTER_DAYS)."""
    if comments_closed(article.metadata):
        return False
    days = options["COMMENTS_CLOSE_AFTER_DAYS"]
    return not (days and now > article.date + timedelta(days=int(days)))


def attach_comments(generator):
    """Give each article its approved comments, threaded, and the form's settings."""
    settings = generator.settings
    options = comment_settings(settings)
    comments, errors = load_store(Path(settings["PATH"]) / options["COMMENTS_PATH"])
    for error in errors:
        logger.warning("%s (this comment is not shown until the file is fixed)", error)
    try:
        generator.context["comment_form_spec"] = form_spec(options, settings.get("SITEURL", ""))
    except FormSettingError as error:
        logger.warning("comments form: %s; the form is replaced by a notice", error)
        generator.context["comment_form_spec"] = None
    by_article = defaultdict(list)
    for comment in publishable(comments.values(), options["COMMENTS_SHOW_PINGBACKS"]):
        by_article[comment.article].append(comment)
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    now = datetime.now(zone)
    articles = generator.articles + generator.translations + generator.drafts + generator.drafts_translations
    for article in articles:
        article.comments = thread(by_article.pop(article.slug, []), options["COMMENTS_MAX_DEPTH"], zone)
        article.comment_count = count(article.comments)
        article.comments_open = comments_open(article, options, now)
    for slug, orphans in sorted(by_article.items()):
        logger.warning("%d approved comment(s) for unknown article %r are not shown", len(orphans), slug)


def register():
    """Connect the plugin to Pelican's signals."""
    signals.article_generator_finalized.connect(attach_comments)
