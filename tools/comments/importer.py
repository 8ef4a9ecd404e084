"""Import an export into the moderation queue: every row ends stored, unchanged, duplicate or skipped.

Re-importing the same or an overlapping export changes nothing: a submission's id
is stable (the service's own when it is safe, else a hash of its content, never of
its email address), and an id already stored, queued or refused is left alone, so a
moderator's decision is never overwritten, on this machine or another.

Reader data never names a path: a comment's file is named after its id, which is
safe by construction (stable_id), and its place is decided by its status
(queue.Places). Nothing an import does writes outside the store and the queue.
What is stored is cleaned first: control characters removed, no email address
anywhere (the address itself becomes a salted hash), an article or parent that
matches nothing shortened and kept only as text, with the reason it is held.

For submissions that do not come from a file (a receiver, a service's API), build
them with exports.formspree_submissions, then call import_submissions.

A second opinion (`Opinion`: Akismet, tools/comments/akismet.py) may be asked about
each new comment that our rules did not already find to be spam: its answer is
recorded among the comment's reasons, and a comment it calls spam is never approved
by itself (a returning commenter's is held).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from comments.model import APPROVED, PENDING, SPAM, Comment, ExportError, RowProblem, Submission
from comments.store import MAX_FILE_BYTES, SAFE_ID, StoreError, format_comment
from comments.text import clean_text, one_line, shortened

from .classify import Rules, classify, described, returning_key
from .exports import parse_export, validate
from .privacy import redact_body, redact_emails
from .queue import REFUSED, Moved, PlaceError, Places, add, ensure_writable, load, settle

IMPORTED, UNCHANGED, DUPLICATE, SKIPPED = "imported", "unchanged", "duplicate", "skipped"
ID_PREFIX = {"formspree-json": "fs", "formspree-csv": "fs", "netlify-json": "nf", "netlify-csv": "nf", "csv": "c"}
SALT_VARIABLE = "COMMENTS_EMAIL_SALT"
MIN_SALT_LENGTH = 32
MAKE_A_SALT = "python3 -c 'import secrets; print(secrets.token_hex(32))'"
# A second opinion on a new comment: (the reason to record, whether it says spam).
Opinion = Callable[[Submission], tuple[str, bool]]


class SaltError(ValueError):
    """The salt is missing where it must be given, too short, or cannot be read or made."""


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
    """The result of an import, row by row, and what settling the places moved first."""

    path: str
    format: str
    rows: tuple[RowOutcome, ...]
    moved: tuple[Moved, ...] = ()

    def count(self, outcome: str, status: str | None = None) -> int:
        """How many rows had this outcome (and, for imported rows, this status)."""
        return sum(1 for r in self.rows if r.outcome == outcome and (status is None or r.status == status))


def email_hash(email: str, salt: bytes) -> str:
    """A salted hash that recognises a returning commenter without keeping the address."""
    email = email.strip().casefold()
    if not email:
        return ""
    return "hmac-sha256:" + hmac.new(salt, email.encode("utf-8"), hashlib.sha256).hexdigest()


def in_ci(environ: Mapping[str, str]) -> bool:
    """Whether this runs in CI (GitHub Actions sets both), where a salt must come from a secret."""
    return bool(environ.get("GITHUB_ACTIONS") or environ.get("CI"))


def checked_salt(value: str, where: str) -> bytes:
    """A salt long enough to resist guessing, else SaltError saying how to make one."""
    if len(value.strip()) < MIN_SALT_LENGTH:
        state = "is empty" if not value.strip() else f"is too short ({len(value.strip())} characters)"
        raise SaltError(
            f"{where} {state}: a salt needs at least {MIN_SALT_LENGTH} random characters; make one with: {MAKE_A_SALT}"
        )
    return value.strip().encode("utf-8")


def committed(path: Path) -> bool:
    """Whether git tracks the file (False when git or the repository is not there: nothing to tell then).

    The salt file is git-ignored, but `git add -f` (or a .gitignore edited) commits it anyway (an
    outside tester's finding): a known salt makes every stored hash a guessable address.
    """
    try:
        found = subprocess.run(
            ["git", "ls-files", "--error-unmatch", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return found.returncode == 0


def kept_salt(salt_file: Path) -> bytes:
    """The salt of the salt file, unless it is committed (then anyone could read it)."""
    try:
        salt = checked_salt(salt_file.read_text(encoding="utf-8"), str(salt_file))
    except (OSError, UnicodeDecodeError) as error:
        raise SaltError(f"{salt_file}: cannot be read ({getattr(error, 'strerror', None) or error})") from None
    if committed(salt_file):
        raise SaltError(
            f"{salt_file} is committed to the repository, where anyone can read it and guess the addresses"
            f" behind the hashes: take it out (git rm --cached {salt_file.name}), delete it so a new one is"
            " made, and rewrite the history that holds it if the repository is public"
        )
    return salt


def email_salt(salt_file: Path, environ: Mapping[str, str] | None = None) -> bytes:
    """The secret salt: $COMMENTS_EMAIL_SALT, else the salt file, made (mode 0600) when missing.

    In CI (GITHUB_ACTIONS or CI set) the variable is required: a new salt there would
    hash every address differently from the moderator's machine.
    """
    environ = os.environ if environ is None else environ
    if SALT_VARIABLE in environ:
        return checked_salt(environ[SALT_VARIABLE], SALT_VARIABLE)
    if in_ci(environ):
        raise SaltError(
            f"{SALT_VARIABLE} is not set: in CI the salt comes from a secret (the moderator's "
            f"{salt_file.name}), never a new one; add it as a repository secret and pass it to the job"
        )
    try:
        handle = os.open(salt_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return kept_salt(salt_file)
    except OSError as error:
        raise SaltError(
            f"{salt_file}: cannot create the salt file ({error.strerror}); make the folder writable, "
            f"or set {SALT_VARIABLE} (make one with: {MAKE_A_SALT})"
        ) from None
    salt = secrets.token_hex(32)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(salt + "\n")
    except OSError as error:
        salt_file.unlink(missing_ok=True)
        raise SaltError(f"{salt_file}: cannot write the salt file ({error.strerror})") from None
    return salt.encode("utf-8")


def content_id(sub: Submission) -> str:
    """An id from a submission's content: never from its email address, which a published id would leak."""
    content = "\0".join((sub.article, sub.name, sub.date.isoformat(), sub.body, sub.service_id))
    return "h-" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]


def stable_id(sub: Submission, fmt: str) -> str:
    """The service's own id when it makes a safe one, else a hash of the submission's content."""
    prefix = ID_PREFIX.get(fmt, "")
    if sub.service_id:
        candidate = sub.service_id if not prefix else f"{prefix}-{sub.service_id}"
        if SAFE_ID.match(candidate):
            return candidate
    return content_id(sub)


def in_circles(parents: Mapping[str, str]) -> set[str]:
    """The ids whose parents, followed up, go round in a circle (one replying to itself included).

    Each id is walked once (a chain of thousands of replies is linear, not quadratic): a walk
    stops at an id already settled, and settles every id it went through.
    """
    circling: dict[str, bool] = {}
    for start in parents:
        path: dict[str, None] = {}  # in walking order
        current = start
        while current in parents and current not in circling and current not in path:
            path[current] = None
            current = parents[current]
        ends_in_circle = current in path or circling.get(current, False)
        circling.update(dict.fromkeys(path, ends_in_circle))
    return {comment_id for comment_id, circles in circling.items() if circles}


def held_replies(submissions: list[Submission], ids: list[str], existing: dict[str, Comment]) -> list[Submission]:
    """Replies that could never show wait for a moderator to fix their Parent: line: one replying to itself,
    one whose parents go round in a circle, one replying to a comment on another article (this export's and the
    store's comments together)."""
    # A stored comment is what it is: a row with its id (left out as "already in the store") never stands in for
    # it, or a reader's decoy row, on another article, would let a reply across articles through. Of the rows
    # sharing an id, the one plan_import takes (the earliest, then the first written) is the one that counts.
    taken = list(reversed(sorted(zip(ids, submissions, strict=True), key=lambda pair: pair[1].date)))
    parents = {i: sub.parent for i, sub in taken} | {c.id: c.parent for c in existing.values()}
    articles = {i: sub.article for i, sub in taken} | {c.id: c.article for c in existing.values()}
    circling = in_circles(parents)
    held = []
    for comment_id, sub in zip(ids, submissions, strict=True):
        why = "replies to itself" if sub.parent == comment_id else "its replies go round in a circle"
        current = sub.parent if comment_id in circling else ""
        other = articles.get(sub.parent)
        if not current and sub.parent and other is not None and other != sub.article:
            current, why = sub.parent, f"replies to a comment on another article ({described(other)})"
        held.append(replace(sub, hold="; ".join(filter(None, (sub.hold, why)))) if current else sub)
    return held


def normalised(text: str) -> str:
    """Text compared for duplicates: case and spacing ignored."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def as_text(value: str, limit: int = 100) -> str:
    """A reader's value kept only as text (it matched nothing): one line, no address, then short.

    Cut after the addresses are removed: cut first, `…alice.smith@e…` would keep part of one.
    """
    return shortened(redact_emails(one_line(value)), limit)


def stored_comment(
    sub: Submission, comment_id: str, fmt: str, hashed: str, decision: tuple[str, tuple[str, ...], str], *, rules: Rules
) -> Comment:
    """The comment as the store keeps it: cleaned, no email address anywhere, values that match nothing as text."""
    status, reasons, website = decision
    article_known = rules.known_articles is None or sub.article in rules.known_articles
    parent_known = not sub.parent or sub.parent in rules.known_comments
    return Comment(
        id=comment_id,
        article=sub.article if article_known else as_text(sub.article) or "(none)",
        parent=sub.parent if parent_known else as_text(sub.parent),
        author=redact_emails(one_line(sub.name)) or "Anonymous",
        website=website,
        email_hash=hashed,
        date=sub.date,
        type=sub.type,
        status=status,
        reasons=tuple(redact_emails(one_line(r)) for r in reasons),
        source=as_text(f"{fmt} {sub.where}", 200),
        body=redact_body(clean_text(sub.body), sub.format).strip("\n"),
        format=sub.format,
    )


def known_outcome(
    sub: Submission,
    comment_id: str,
    refused: Mapping[str, str],
    earlier: set[str],
    written: set[str],
    *,
    unreadable: Mapping[str, StoreError] | None = None,
) -> RowOutcome | None:
    """The outcome of a row whose comment is known already (refused earlier, in the store, a row above), or whose
    id names a file that cannot be read (skipped, naming it: written beside it or over it, never); else None."""
    if comment_id in refused:
        detail = f"refused earlier ({refused[comment_id]})"
        return RowOutcome(sub.where, UNCHANGED, comment_id, sub.article, detail=detail)
    if comment_id in earlier:
        return RowOutcome(sub.where, UNCHANGED, comment_id, sub.article, detail="already in the store")
    if comment_id in written:
        return RowOutcome(sub.where, DUPLICATE, comment_id, sub.article, detail="same id as a row above")
    if unreadable and comment_id in unreadable:
        return RowOutcome(sub.where, SKIPPED, comment_id, sub.article, detail=blocked(unreadable[comment_id]))
    return None


def too_long(sub: Submission, comment_id: str, size: int) -> RowOutcome:
    """A row skipped as no comment file could hold it: the store would never read it back (and, left in the queue,
    every later import would meet its file again and stop)."""
    detail = f"too long: its file would be {size:,} bytes, and the store reads {MAX_FILE_BYTES:,} at most"
    return RowOutcome(sub.where, SKIPPED, comment_id, sub.article, detail=detail)


def blocked(error: StoreError) -> str:
    """Why a row whose id names a file that cannot be read is skipped."""
    return (
        f"a file of this id cannot be read: {error}; fix or remove it (invoke comments.check lists such files), "
        "then import again"
    )


def unreadable_ids(errors: list[StoreError]) -> dict[str, StoreError]:
    """The ids named by files of the store or the queue that cannot be read (a broken date, a folder named like
    a comment file), with the error: an import must neither write beside them nor over them."""
    found: dict[str, StoreError] = {}
    for error in errors:
        stem, suffix = os.path.splitext(os.path.basename(error.path))
        if suffix == ".md" and SAFE_ID.match(stem):
            found.setdefault(stem, error)
    return found


def plan_import(
    submissions: list[Submission],
    problems: list[RowProblem],
    fmt: str,
    *,
    existing: dict[str, Comment],
    rules: Rules,
    salt: bytes,
    refused: Mapping[str, str] | None = None,
    opinion: Opinion | None = None,
    unreadable: Mapping[str, StoreError] | None = None,
) -> tuple[list[Comment], list[RowOutcome]]:
    """Decide, without writing, what each row becomes; returns the new comments. Pure, but for `opinion`.

    A submission that a parser did not check (one made by a receiver, say) is checked
    first as a row is: one that no file could hold is skipped, with why. `unreadable`: the
    ids whose file (or a folder named like it) cannot be read, and why: such a row is
    skipped, naming the file, never written beside it or over it.
    """
    refused = refused or {}
    unreadable = unreadable or {}
    outcomes = [RowOutcome(p.where, SKIPPED, detail=p.message) for p in problems]
    checked = []
    for sub in submissions:
        try:
            validate(sub)
        except ValueError as error:
            outcomes.append(RowOutcome(sub.where, SKIPPED, detail=str(error)))
        else:
            checked.append(sub)
    stable_ids = [stable_id(sub, fmt) for sub in checked]
    submissions = held_replies(checked, stable_ids, existing)
    ids = {id(sub): comment_id for sub, comment_id in zip(submissions, stable_ids, strict=True)}
    known = rules.known_comments | set(existing) | set(refused) | set(ids.values())
    approved_hashes = set(rules.known_approved) | {
        returning_key(c.email_hash, c.author) for c in existing.values() if c.status == APPROVED and c.email_hash
    }
    seen: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for c in existing.values():
        seen.setdefault((c.article, normalised(c.body)), []).append((c.author.casefold(), c.email_hash))
    new: list[Comment] = []
    earlier = set(existing) | set(refused)
    # Ids differing only in case would be one file on a case-insensitive disk (macOS, Windows).
    folded = {i.casefold() for i in (*earlier, *unreadable)}
    written: set[str] = set()
    for sub in sorted(submissions, key=lambda s: s.date):
        comment_id, hashed = ids[id(sub)], email_hash(sub.email, salt)
        fresh = comment_id not in earlier and comment_id not in written and comment_id not in unreadable
        if fresh and comment_id.casefold() in folded:
            comment_id = content_id(sub)
        known_already = known_outcome(sub, comment_id, refused, earlier, written, unreadable=unreadable)
        if known_already is not None:
            outcomes.append(known_already)
            continue
        authors = seen.get((sub.article, normalised(sub.body)), [])
        if any(name == sub.name.casefold() or (hashed and mail == hashed) for name, mail in authors):
            outcomes.append(RowOutcome(sub.where, DUPLICATE, comment_id, sub.article, detail="same author, same text"))
            continue
        these_rules = replace(rules, known_comments=frozenset(known), known_approved=frozenset(approved_hashes))
        decision = classify(sub, hashed, these_rules)
        if opinion is not None and sub.status is None and decision[0] != SPAM:
            decision = with_opinion(decision, *opinion(sub))
        comment = stored_comment(sub, comment_id, fmt, hashed, decision, rules=these_rules)
        if (size := len(format_comment(comment).encode("utf-8"))) > MAX_FILE_BYTES:  # the store would not read it
            outcomes.append(too_long(sub, comment_id, size))
            continue
        new.append(comment)
        written.add(comment_id)
        folded.add(comment_id.casefold())
        seen.setdefault((sub.article, normalised(sub.body)), []).append((sub.name.casefold(), hashed))
        if comment.status == APPROVED and hashed:
            approved_hashes.add(returning_key(hashed, comment.author))
        outcomes.append(
            RowOutcome(sub.where, IMPORTED, comment_id, comment.article, comment.status, "; ".join(comment.reasons))
        )
    return new, outcomes


def with_opinion(decision: tuple[str, tuple[str, ...], str], reason: str, says_spam: bool):
    """A decision with a second opinion among its reasons; never approved by itself against a spam verdict."""
    status, reasons, website = decision
    if says_spam and status == APPROVED:
        return PENDING, (*reasons, reason, "held: not approved by itself against a spam verdict"), website
    return status, (*reasons, reason), website


def import_submissions(
    submissions: list[Submission],
    problems: list[RowProblem],
    fmt: str,
    places: Places,
    *,
    rules: Rules,
    salt: bytes,
    origin: str = "",
    opinion: Opinion | None = None,
) -> ImportReport:
    """Import submissions already read (from an export, a receiver, an API) into the store and the queue.

    Settles both places first. PlaceError when a place cannot be written: before anything
    is written, or, midway, saying how many comments were written (each whole).
    """
    snapshot = load(places)
    moved = settle(snapshot)
    existing = snapshot.comments()
    new, outcomes = plan_import(
        submissions,
        problems,
        fmt,
        existing=existing,
        rules=rules,
        salt=salt,
        refused=snapshot.refused,
        opinion=opinion,
        unreadable=unreadable_ids(snapshot.errors),
    )
    folders = {places.of(comment.status) for comment in new}
    if any(comment.status in REFUSED for comment in new):
        folders.add(places.store)  # refused.txt
    for folder in folders:
        ensure_writable(folder)
    try:
        add(snapshot, new)
    except OSError as error:
        done = sum(1 for c in new if c.id in snapshot.store or c.id in snapshot.queue)
        raise PlaceError(
            f"{error.filename or places.queue}: cannot write ({error.strerror or error}); {done} of {len(new)} new "
            "comment(s) were written, each whole: run the import again to finish",
        ) from None
    return ImportReport(origin, fmt, tuple(outcomes), tuple(moved))


MAX_EXPORT_BYTES = 256 << 20  # an export of 100,000 comments is about 60 MB
READ_STEP = 1 << 20


def read_export(path: Path) -> str:
    """An export's text (UTF-8, with or without a byte-order mark), read only from a plain file of sensible size.

    A pipe or a device (`/dev/zero`, a FIFO) is refused before a byte is read: opening does
    not block (O_NONBLOCK), and what was opened is checked first.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ExportError("does not exist") from None
    except OSError as error:
        raise ExportError(f"cannot be read ({error.strerror or error})") from None
    try:
        status = os.fstat(handle)
        if stat.S_ISDIR(status.st_mode):
            raise ExportError("is a folder, not an export file")
        if not stat.S_ISREG(status.st_mode):
            raise ExportError("is not a plain file (a pipe, a device...): not read")
        if status.st_size > MAX_EXPORT_BYTES:
            raise ExportError(f"is larger than an export can be ({MAX_EXPORT_BYTES:,} bytes at most): not read")
        chunks, size = [], 0
        while size <= MAX_EXPORT_BYTES and (chunk := os.read(handle, min(READ_STEP, MAX_EXPORT_BYTES + 1 - size))):
            chunks.append(chunk)  # a file growing meanwhile is read no further than the limit
            size += len(chunk)
        data = b"".join(chunks)
    except OSError as error:
        raise ExportError(f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(handle)
    if len(data) > MAX_EXPORT_BYTES:
        raise ExportError(f"is larger than an export can be ({MAX_EXPORT_BYTES:,} bytes at most): not read")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExportError(f"is not UTF-8 text (byte {error.start})") from None


def import_export(
    path: Path,
    places: Places,
    *,
    rules: Rules,
    salt: bytes,
    fmt: str | None,
    options: dict,
    opinion: Opinion | None = None,
) -> ImportReport:
    """Parse an export, plan the import, then write each new comment whole, in its place.

    A WordPress export's approvals are kept only when `fmt` asks for one ("wxr": `--format wxr`,
    or the WordPress migration): a file found to be one by its content (`exports/formspree.json`
    that is WXR inside, handed over by anyone) would otherwise publish its comments by itself.
    """
    asked = fmt
    try:
        fmt, submissions, problems = parse_export(read_export(path), fmt, options)
    except ExportError as error:
        raise ExportError(f"{path}: {error}") from None
    if fmt == "wxr" and asked != "wxr":
        submissions = [unconfirmed(sub) for sub in submissions]
    return import_submissions(
        submissions, problems, fmt, places, rules=rules, salt=salt, origin=str(path), opinion=opinion
    )


UNCONFIRMED = "approved in a WordPress export read as one by its content: confirm it, or import with --format wxr"


def unconfirmed(sub: Submission) -> Submission:
    """A WordPress export's approved comment, judged as a new one (spam rules first), held with why."""
    if sub.status != APPROVED:
        return sub  # rejected or spam: a stricter decision is kept
    return replace(sub, status=None, hold="; ".join(filter(None, (sub.hold, UNCONFIRMED))))


def close_dates(article_dates: dict, days: int | None) -> dict:
    """article slug -> the date after which comments close, from COMMENTS_CLOSE_AFTER_DAYS."""
    if not days:
        return {}
    return {slug: date + timedelta(days=int(days)) for slug, date in article_dates.items() if date is not None}
