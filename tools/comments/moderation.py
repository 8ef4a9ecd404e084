"""What the moderator's commands need: the store's and queue's places, the import rules, listings."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from comments.model import PENDING, STATUSES, Comment
from comments.settings import comment_settings

from .articles import site_articles
from .classify import Rules
from .importer import close_dates
from .queue import PlaceError, Places


def store_path(settings) -> Path:
    """The committed store folder: COMMENTS_PATH inside the content folder."""
    return Path(settings["PATH"]) / comment_settings(settings)["COMMENTS_PATH"]


def first_link(base: Path, place: Path) -> Path | None:
    """The first symbolic link on the way down from `base` to `place` (itself included); None if none.

    A place outside `base` (an absolute setting, or one with `..`) is the settings' own choice:
    only the place itself is looked at.
    """
    place = Path(os.path.normpath(place))
    try:
        parts = place.relative_to(os.path.normpath(base)).parts
    except ValueError:
        return place if place.is_symlink() else None
    current = Path(os.path.normpath(base))
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def places_for(settings, root: Path) -> Places:
    """The store and the queue of this site; the queue is COMMENTS_QUEUE_PATH in the project's folder `root`.

    PlaceError when the queue would be inside the content or output folder (published).
    """
    project = Path(root).resolve()
    queue = project / comment_settings(settings)["COMMENTS_QUEUE_PATH"]
    store = store_path(settings)
    # What readers sent is read and written in the folders the settings name, never through a link (one
    # committed in a pull request is easy to miss): none on the way down from the project, or the content.
    for setting, base, place in (
        ("COMMENTS_QUEUE_PATH", project, queue),
        ("COMMENTS_PATH", Path(settings["PATH"]), store),
    ):
        if (link := first_link(base, place)) is not None:
            raise PlaceError(
                f"{setting} ({place}) goes through {link}, a symbolic link, which is never followed: "
                "put the folder itself there"
            )
    for name in ("PATH", "OUTPUT_PATH"):
        folder = Path(root) / settings.get(name, "") if settings.get(name) else None
        if folder and queue.resolve().is_relative_to(folder.resolve()):
            raise PlaceError(
                f"COMMENTS_QUEUE_PATH ({queue}) is inside {name} ({folder}), which is published: "
                "choose a folder outside it (the default is comments-queue, beside pelicanconf.py)"
            )
    return Places(store, queue)


def import_rules(settings) -> Rules:
    """The classification rules for this site: its settings and its articles."""
    options = comment_settings(settings)
    articles = site_articles(settings)
    return Rules(
        blocklist=tuple(options["COMMENTS_BLOCKLIST"]),
        moderation_words=tuple(options["COMMENTS_MODERATION_WORDS"]),
        max_links=int(options["COMMENTS_MAX_LINKS"] or 0),
        max_length=int(options["COMMENTS_MAX_LENGTH"]),
        auto_approve_known=bool(options["COMMENTS_AUTO_APPROVE_KNOWN"]),
        closed_articles=frozenset(slug for slug, info in articles.items() if info.closed),
        close_dates=close_dates(
            {slug: info.date for slug, info in articles.items()}, options["COMMENTS_CLOSE_AFTER_DAYS"]
        ),
        known_articles=frozenset(articles),
    )


def export_options(settings) -> dict:
    """What the export parsers need from the settings."""
    options = comment_settings(settings)
    return {
        "tz": options["COMMENTS_TIMEZONE"],
        "dayfirst": bool(options["COMMENTS_GOOGLE_DAYFIRST"]),
        "columns": dict(options["COMMENTS_CSV_COLUMNS"]),
    }


def select(comments: Iterable[Comment], status: str = "", article: str = "") -> list[Comment]:
    """Comments with this status and article (empty: any), oldest first."""
    if status and status not in STATUSES:
        raise ValueError(f"unknown status {status!r} (use one of: {', '.join(STATUSES)})")
    chosen = [c for c in comments if (not status or c.status == status) and (not article or c.article == article)]
    return sorted(chosen, key=lambda c: (c.date, c.id))


def as_record(comment: Comment) -> dict:
    """A comment as a JSON-ready dict for `comments.list --json` (no email hash)."""
    return {
        "id": comment.id,
        "article": comment.article,
        "parent": comment.parent or None,
        "status": comment.status,
        "type": comment.type,
        "author": comment.author,
        "website": comment.website or None,
        "date": comment.date.isoformat(),
        "reasons": list(comment.reasons),
        "body": comment.body,
    }


def pending_queue(comments: Iterable[Comment]) -> list[Comment]:
    """The comments awaiting a decision, oldest first."""
    return select(comments, status=PENDING)


def parse_ids(value: str) -> list[str]:
    """Comment ids from 'a,b c' (commas or spaces), without repeats."""
    ids = [i for i in value.replace(",", " ").split() if i]
    return list(dict.fromkeys(ids))
