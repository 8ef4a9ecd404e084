"""Import an export into the comment store: every row ends stored, unchanged, duplicate or skipped.

Re-importing the same or an overlapping export changes nothing: a submission's id
is stable (the service's own id, else a hash of its content), and an id already
in the store is left alone, so a moderator's decision is never overwritten.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from comments.model import APPROVED, Comment, ExportError, RowProblem, Submission
from comments.store import SAFE_ID, load_store, save_comment

from .classify import Rules, classify
from .exports import parse_export

IMPORTED, UNCHANGED, DUPLICATE, SKIPPED = "imported", "unchanged", "duplicate", "skipped"
ID_PREFIX = {"formspree-json": "fs", "formspree-csv": "fs", "netlify-json": "nf", "netlify-csv": "nf", "csv": "c"}


@dataclass(frozen=True)
class RowOutcome:
    """What became of one row of an export."""

    where: str
    outcome: str
    comment_id: str = ""
    article: str = ""
    status: str = ""
    detail: str = ""


@dataclass(frozen=True)
class ImportReport:
    """The result of an import, row by row."""

    path: str
    format: str
    rows: tuple[RowOutcome, ...]

    def count(self, outcome: str, status: str | None = None) -> int:
        """How many rows had this outcome (and, for imported rows, this status)."""
        return sum(1 for r in self.rows if r.outcome == outcome and (status is None or r.status == status))


def email_hash(email: str, salt: bytes) -> str:
    """A salted hash that recognises a returning commenter without keeping the address."""
    email = email.strip().casefold()
    if not email:
        return ""
    return "hmac-sha256:" + hmac.new(salt, email.encode("utf-8"), hashlib.sha256).hexdigest()


def email_salt(salt_file: Path) -> bytes:
    """The secret salt: $COMMENTS_EMAIL_SALT, else the salt file (created on first use)."""
    if os.environ.get("COMMENTS_EMAIL_SALT"):
        return os.environ["COMMENTS_EMAIL_SALT"].encode("utf-8")
    if not salt_file.exists():
        salt_file.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
        salt_file.chmod(0o600)
    return salt_file.read_text(encoding="utf-8").strip().encode("utf-8")


def stable_id(sub: Submission, fmt: str) -> str:
    """The service's own id when it has one, else a hash of the submission's content."""
    prefix = ID_PREFIX.get(fmt, "")
    if sub.service_id:
        candidate = sub.service_id if not prefix else f"{prefix}-{sub.service_id}"
        if SAFE_ID.match(candidate):
            return candidate
    content = "\0".join((sub.article, sub.name, sub.email, sub.date.isoformat(), sub.body, sub.service_id))
    return "h-" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]


def normalised(text: str) -> str:
    """Text compared for duplicates: case and spacing ignored."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def plan_import(
    submissions: list[Submission],
    problems: list[RowProblem],
    fmt: str,
    *,
    existing: dict[str, Comment],
    rules: Rules,
    salt: bytes,
) -> tuple[list[Comment], list[RowOutcome]]:
    """Decide, without writing, what each row becomes. Pure: returns the new comments."""
    outcomes = [RowOutcome(p.where, SKIPPED, detail=p.message) for p in problems]
    ids = {id(sub): stable_id(sub, fmt) for sub in submissions}
    known = rules.known_comments | set(existing) | set(ids.values())
    approved_hashes = set(rules.known_approved) | {c.email_hash for c in existing.values() if c.status == APPROVED}
    seen: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for c in existing.values():
        seen.setdefault((c.article, normalised(c.body)), []).append((c.author.casefold(), c.email_hash))
    new: list[Comment] = []
    taken = set(existing)
    for sub in sorted(submissions, key=lambda s: s.date):
        comment_id, hashed = ids[id(sub)], email_hash(sub.email, salt)
        if comment_id in taken:
            outcomes.append(RowOutcome(sub.where, UNCHANGED, comment_id, sub.article, detail="already in the store"))
            continue
        authors = seen.get((sub.article, normalised(sub.body)), [])
        if any(name == sub.name.casefold() or (hashed and mail == hashed) for name, mail in authors):
            outcomes.append(RowOutcome(sub.where, DUPLICATE, comment_id, sub.article, detail="same author, same text"))
            continue
        these_rules = replace(rules, known_comments=frozenset(known), known_approved=frozenset(approved_hashes))
        status, reasons, website = classify(sub, hashed, these_rules)
        comment = Comment(
            id=comment_id,
            article=sub.article,
            parent=sub.parent,
            author=sub.name,
            website=website,
            email_hash=hashed,
            date=sub.date,
            type=sub.type,
            status=status,
            reasons=reasons,
            source=f"{fmt} {sub.where}",
            body=sub.body,
            format=sub.format,
        )
        new.append(comment)
        taken.add(comment_id)
        seen.setdefault((sub.article, normalised(sub.body)), []).append((sub.name.casefold(), hashed))
        if status == APPROVED and hashed:
            approved_hashes.add(hashed)
        outcomes.append(RowOutcome(sub.where, IMPORTED, comment_id, sub.article, status, "; ".join(reasons)))
    return new, outcomes


def read_export(path: Path) -> str:
    """An export's text (UTF-8, with or without a byte-order mark)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExportError("does not exist") from None
    except IsADirectoryError:
        raise ExportError("is a folder, not an export file") from None
    except UnicodeDecodeError as error:
        raise ExportError(f"is not UTF-8 text (byte {error.start})") from None


def import_export(
    path: Path, store: Path, *, rules: Rules, salt: bytes, fmt: str | None, options: dict
) -> ImportReport:
    """Parse an export, plan the import, then write each new comment whole."""
    try:
        fmt, submissions, problems = parse_export(read_export(path), fmt, options)
    except ExportError as error:
        raise ExportError(f"{path}: {error}") from None
    existing, _errors = load_store(store)
    new, outcomes = plan_import(submissions, problems, fmt, existing=existing, rules=rules, salt=salt)
    for comment in new:
        save_comment(store, comment)
    return ImportReport(str(path), fmt, tuple(outcomes))


def close_dates(article_dates: dict, days: int | None) -> dict:
    """article slug -> the date after which comments close, from COMMENTS_CLOSE_AFTER_DAYS."""
    if not days:
        return {}
    return {slug: date + timedelta(days=int(days)) for slug, date in article_dates.items()}
