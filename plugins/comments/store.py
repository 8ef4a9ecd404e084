"""The comment store: one human-readable file per comment, under content/comments/.

A file is `<store>/<article slug>/<comment id>.md`, `Key: value` lines, a blank
line, then the comment's Markdown exactly as submitted:

    Id: nf-5f3a1b2c9d
    Article: what-to-do-after-striking-out-in-the-job-market
    Parent:
    Author: Jane Doe
    Website: https://jane.example
    Email-Hash: hmac-sha256:8c1f...
    Date: 2024-03-01T12:00:00+00:00
    Type: comment
    Status: pending
    Reasons: two or more links (3)
    Source: netlify-json row 4
    Format: markdown

    Thanks, this helped me after my last interview.

`Format:` says what the text is written in: `markdown` (the comment form's, and
the default when the line is missing) or `html` (a comment imported from
WordPress, whose commenters wrote HTML; rendered with WordPress's comment tags
only, see wordpress_html.py). A file without the line whose `Source:` begins with
`wxr ` was imported from WordPress before the line existed, and is HTML too.
Moderators may change `Status:` by hand (pending, approved, spam, rejected).
Files are written whole and atomically (a temporary file renamed into place),
so an interrupted import never leaves half a comment.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .model import FORMATS, HTML, MARKDOWN, STATUSES, TYPES, Comment

if TYPE_CHECKING:  # store_cache imports this module
    from .store_cache import StoreCache

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
HEADER_FIELDS = (
    ("Id", "id"),
    ("Article", "article"),
    ("Parent", "parent"),
    ("Author", "author"),
    ("Website", "website"),
    ("Email-Hash", "email_hash"),
    ("Date", "date"),
    ("Type", "type"),
    ("Status", "status"),
    ("Reasons", "reasons"),
    ("Source", "source"),
    ("Format", "format"),
)
FIELD_OF = {key.lower(): name for key, name in HEADER_FIELDS}
REQUIRED = ("id", "article", "author", "date", "status")


class StoreError(ValueError):
    """A comment file that cannot be read: names the file and line."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path, self.line, self.message = path, line, message

    def __reduce__(self):
        # Rebuilt from its parts when it comes back from the process that read the store.
        return (type(self), (self.path, self.line, self.message))


def one_line(value: str) -> str:
    """A header value on one line: no newline may smuggle in another header."""
    return " ".join(str(value).split())


def format_comment(comment: Comment) -> str:
    """The text of a comment's file."""
    values = {
        "id": comment.id,
        "article": comment.article,
        "parent": comment.parent,
        "author": comment.author,
        "website": comment.website,
        "email_hash": comment.email_hash,
        "date": comment.date.isoformat(),
        "type": comment.type,
        "status": comment.status,
        "reasons": "; ".join(comment.reasons),
        "source": comment.source,
        "format": comment.format,
    }
    header = "\n".join(f"{key}: {one_line(values[name])}".rstrip() for key, name in HEADER_FIELDS)
    body = comment.body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return f"{header}\n\n{body}\n"


def parse_comment(text: str, path: str = "<comment>") -> Comment:
    """Read a comment file's text; StoreError names the line of any mistake."""
    lines = text.replace("\r\n", "\n").split("\n")
    values: dict[str, str] = {}
    body_start = len(lines)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            body_start = number
            break
        key, sep, value = line.partition(":")
        name = FIELD_OF.get(key.strip().lower())
        if not sep or name is None:
            known = ", ".join(key for key, _ in HEADER_FIELDS)
            raise StoreError(path, number, f"expected 'Key: value' with a key among {known}, got {line!r}")
        values[name] = value.strip()
        if name == "status" and values[name] not in STATUSES:
            raise StoreError(path, number, f"unknown status {values[name]!r} (use one of: {', '.join(STATUSES)})")
        if name == "format" and values[name] not in FORMATS:
            raise StoreError(path, number, f"unknown format {values[name]!r} (use one of: {', '.join(FORMATS)})")
        if name == "type" and values[name] not in TYPES:
            raise StoreError(path, number, f"unknown type {values[name]!r} (use one of: {', '.join(TYPES)})")
        if name == "date":
            try:
                date = datetime.fromisoformat(values[name])
            except ValueError:
                raise StoreError(path, number, f"date {values[name]!r} is not an ISO 8601 date") from None
            if date.tzinfo is None:
                raise StoreError(path, number, f"date {values[name]!r} needs a time zone, e.g. +00:00")
        if name == "id" and not SAFE_ID.match(values[name]):
            raise StoreError(path, number, f"id {values[name]!r} may hold only letters, digits, '-' and '_'")
    missing = [key for key, name in HEADER_FIELDS if name in REQUIRED and not values.get(name)]
    if missing:
        raise StoreError(path, 0, f"missing {', '.join(missing)}")
    return Comment(
        id=values["id"],
        article=values["article"],
        parent=values.get("parent", ""),
        author=values["author"],
        website=values.get("website", ""),
        email_hash=values.get("email_hash", ""),
        date=datetime.fromisoformat(values["date"]),
        type=values.get("type") or "comment",
        status=values["status"],
        reasons=tuple(r.strip() for r in values.get("reasons", "").split(";") if r.strip()),
        source=values.get("source", ""),
        format=values.get("format") or (HTML if values.get("source", "").startswith("wxr ") else MARKDOWN),
        body="\n".join(lines[body_start:]).strip("\n"),
    )


def comment_path(store: Path, comment: Comment) -> Path:
    """Where a comment's file lives in the store."""
    return store / comment.article / f"{comment.id}.md"


def store_files(store: Path) -> list[str]:
    """Every comment file in the store, sorted by the parts of its path (as pathlib sorts paths)."""
    found = []
    for folder, _folders, names in os.walk(store):
        found += [os.path.join(folder, name) for name in names if name.endswith(".md")]
    return sorted(found, key=lambda path: path.split(os.sep))


def read_comment_file(path: str) -> Comment | StoreError:
    """One file's comment, or the error that says what is wrong with it."""
    try:
        with open(path, encoding="utf-8") as stream:
            return parse_comment(stream.read(), path)
    except StoreError as error:
        return error
    except UnicodeDecodeError:
        return StoreError(path, 0, "is not UTF-8 text")
    except OSError as error:
        return StoreError(path, 0, f"cannot be read ({error.strerror})")


def index_store(outcomes: list[tuple[str, Comment | StoreError]]) -> tuple[dict[str, Comment], list[StoreError]]:
    """The comments by id, and the errors (a file's own, or a comment whose id clashes or misnames its file)."""
    comments: dict[str, Comment] = {}
    errors: list[StoreError] = []
    for path, outcome in outcomes:
        if isinstance(outcome, StoreError):
            errors.append(outcome)
        elif os.path.splitext(os.path.basename(path))[0] != outcome.id:
            errors.append(StoreError(path, 1, f"the file name must be the id: {outcome.id}.md"))
        elif outcome.id in comments:
            errors.append(StoreError(path, 1, f"id {outcome.id} is used twice"))
        else:
            comments[outcome.id] = outcome
    return comments, errors


def load_store(store: Path, cache: StoreCache | None = None) -> tuple[dict[str, Comment], list[StoreError]]:
    """Every readable comment, keyed by id, and the errors of the files that are not.

    With a `cache` (store_cache.StoreCache), files unchanged since it was saved are not read again.
    """
    if not store.is_dir():
        return {}, []
    outcomes = []
    prefix = len(os.path.join(store, ""))  # store_files' paths all start with it
    for path in store_files(store):
        if cache is None:
            outcomes.append((path, read_comment_file(path)))
            continue
        name = path[prefix:]
        try:
            status = os.stat(path)
        except OSError:
            outcomes.append((path, read_comment_file(path)))  # gone meanwhile: as without a cache
            continue
        stamp = (status.st_mtime_ns, status.st_size)
        outcome = cache.outcome(name, stamp, path)
        if outcome is None:
            outcome = read_comment_file(path)
            cache.remember(name, stamp, outcome)
        outcomes.append((path, outcome))
    return index_store(outcomes)


def write_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all: a temporary file, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_comment(store: Path, comment: Comment) -> Path:
    """Write one comment to the store (atomically) and return its path."""
    path = comment_path(store, comment)
    write_atomically(path, format_comment(comment))
    return path


def set_status(
    store: Path, comments: dict[str, Comment], ids: list[str], status: str, when: datetime | None = None
) -> list[Comment]:
    """Give the comments with these ids a new status; all ids must exist, or nothing changes.

    The decision joins the comment's reasons, replacing "awaiting moderation".
    """
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r} (use one of: {', '.join(STATUSES)})")
    unknown = [i for i in ids if i not in comments]
    if unknown:
        raise KeyError(", ".join(unknown))
    day = (when or datetime.now().astimezone()).date().isoformat()
    changed = []
    for comment_id in ids:
        previous = comments[comment_id]
        kept = tuple(r for r in previous.reasons if r != "awaiting moderation" and " by the moderator on " not in r)
        updated = replace(previous, status=status, reasons=(*kept, f"{status} by the moderator on {day}"))
        save_comment(store, updated)
        comments[comment_id] = updated
        changed.append(updated)
    return changed
