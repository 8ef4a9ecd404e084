"""What a comment is, at each stage: a row of an export, then a stored comment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

PENDING, APPROVED, SPAM, REJECTED = "pending", "approved", "spam", "rejected"
STATUSES = (PENDING, APPROVED, SPAM, REJECTED)
COMMENT, PINGBACK, TRACKBACK = "comment", "pingback", "trackback"
TYPES = (COMMENT, PINGBACK, TRACKBACK)
# What a comment's text is written in: Markdown (our form), or HTML (a comment imported from WordPress).
MARKDOWN, HTML = "markdown", "html"
FORMATS = (MARKDOWN, HTML)
# The fields every comment form posts, and so every export carries.
FIELDS = ("name", "email", "website", "comment", "article", "parent")


@dataclass(frozen=True)
class Submission:
    """One submission read from an export, before classification.

    `where` says where it came from ("row 3", "line 120") for messages; `status`
    is a decision already taken elsewhere (WordPress), else None; `hold` says why
    it must wait for a moderator whatever was decided (its export is ambiguous about it).
    """

    where: str
    article: str
    name: str
    email: str
    body: str
    date: datetime
    website: str = ""
    parent: str = ""
    service_id: str = ""
    honeypot: str = ""
    type: str = COMMENT
    status: str | None = None
    format: str = MARKDOWN
    hold: str = ""
    # What some exports carry about the request: only for a second opinion (Akismet), never stored.
    ip: str = ""
    user_agent: str = ""
    referrer: str = ""


@dataclass(frozen=True)
class Comment:
    """A comment in the store. It never holds an email address, only a salted hash."""

    id: str
    article: str
    author: str
    date: datetime
    body: str
    status: str = PENDING
    parent: str = ""
    website: str = ""
    email_hash: str = ""
    type: str = COMMENT
    reasons: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""
    format: str = MARKDOWN  # MARKDOWN or HTML: how the body is rendered


@dataclass(frozen=True)
class RowProblem:
    """A row of an export that could not be read; the rest of the export still imports."""

    where: str
    message: str


class ExportError(ValueError):
    """An export that cannot be read at all; nothing is imported from it."""


def comments_closed(metadata: dict) -> bool:
    """True when an article's metadata says `Comments: closed` (or off, no, false)."""
    return str(metadata.get("comments", "")).strip().lower() in ("closed", "off", "no", "false")
