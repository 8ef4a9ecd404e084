"""Where each comment's file lives: the committed store, or the moderation queue on the moderator's machine.

Two places, one file per comment, its place decided by its status alone:

- the **store**, `content/comments/` (COMMENTS_PATH inside the content folder): the
  approved comments, committed and published; and `refused.txt`, the ids (only: no
  name, no text) of the comments refused as spam or rejected, so an import of the
  same export on any machine never brings them back;
- the **queue**, `comments-queue/` (COMMENTS_QUEUE_PATH, in the project's folder,
  git-ignored): the pending comments, and the texts of spam and rejected ones (so a
  decision can be undone), never committed, never inside the content folder.

A comment's file is `<place>/<id>.md`, a name made from its (safe) id. Moderation
changes the status inside the file where it is (an atomic rewrite), then moves it
to the place its status calls for (one rename), then brings `refused.txt` in line.
Whatever stops a command midway, the file's status is the truth and `settle`, run
first by every command that writes, finishes the job: a file in the wrong place is
moved, a comment found in both places keeps the copy in its right place (the newer
if both are), `refused.txt` follows the files, and the temporary files of an
interrupted write are removed. A decision pulled from git wins over a pending copy
in the queue: an approved file in the store, an id in `refused.txt` (the queue's
copy takes that status). A pending, spam or rejected comment found in the store
(committed by an earlier version) is moved to the queue the same way.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from comments.model import APPROVED, PENDING, REJECTED, SPAM, STATUSES, Comment
from comments.store import (
    SAFE_ID,
    StoreError,
    comment_file,
    format_comment,
    is_temporary,
    load_located,
    read_comment_file,
    read_plain_file,
    save_comment,
    write_atomically,
)

REFUSED = (SPAM, REJECTED)
REFUSED_FILE = "refused.txt"
REFUSED_HEADER = (
    "# Comments refused (spam or rejected), by id alone: their text stays in the moderation queue\n"
    "# on the moderator's machine. An import never brings these ids back. One 'id status' a line.\n"
)


class PlaceError(Exception):
    """A folder or file of the store or the queue that cannot be written: one line saying what was done."""


@dataclass(frozen=True)
class Places:
    """The committed store and the moderation queue."""

    store: Path
    queue: Path

    def of(self, status: str) -> Path:
        """The folder where a comment with this status belongs."""
        return self.store if status == APPROVED else self.queue


@dataclass
class Snapshot:
    """Every comment of both places as read, with its file, and the refused ids."""

    places: Places
    store: dict[str, tuple[Path, Comment]] = field(default_factory=dict)
    queue: dict[str, tuple[Path, Comment]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)  # id -> spam | rejected
    errors: list[StoreError] = field(default_factory=list)

    def located(self) -> dict[str, tuple[Path, Comment]]:
        """Each comment once, with its file (the store's copy when both places have one)."""
        return {**self.queue, **self.store}

    def comments(self) -> dict[str, Comment]:
        """Each comment once, by id."""
        return {comment_id: comment for comment_id, (_path, comment) in self.located().items()}

    def known_ids(self) -> set[str]:
        """Every id an import must not use again: stored, queued or refused."""
        return set(self.store) | set(self.queue) | set(self.refused)


def read_refused(store: Path) -> tuple[dict[str, str], list[StoreError]]:
    """The refused ids of `refused.txt`, and the errors of lines that are not 'id status'."""
    path = store / REFUSED_FILE
    try:
        text = read_plain_file(str(path))
    except FileNotFoundError:
        return {}, []
    except StoreError as error:
        return {}, [error]
    except (OSError, UnicodeDecodeError) as error:
        return {}, [StoreError(str(path), 0, f"cannot be read ({getattr(error, 'strerror', None) or error})")]
    refused, errors = {}, []
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):  # Notepad's mark, CRLF
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or not SAFE_ID.match(parts[0]) or parts[1] not in REFUSED:
            errors.append(StoreError(str(path), number, f"expected 'id spam' or 'id rejected', got {line[:80]!r}"))
            continue
        refused[parts[0]] = parts[1]
    return refused, errors


def write_refused(store: Path, refused: dict[str, str]) -> None:
    """Write `refused.txt` (sorted, atomically); not created while nothing is refused."""
    path = store / REFUSED_FILE
    if not refused and not path.exists():
        return
    lines = "".join(f"{comment_id} {status}\n" for comment_id, status in sorted(refused.items()))
    write_atomically(path, REFUSED_HEADER + lines)


def load(places: Places) -> Snapshot:
    """Read both places."""
    store, store_errors = load_located(places.store)
    queue, queue_errors = load_located(places.queue)
    refused, refused_errors = read_refused(places.store)
    return Snapshot(
        places,
        {i: (Path(p), c) for i, (p, c) in store.items()},
        {i: (Path(p), c) for i, (p, c) in queue.items()},
        refused,
        store_errors + queue_errors + refused_errors,
    )


def ensure_writable(folder: Path) -> None:
    """Make sure a file can be written in `folder` (made if missing) before anything changes; PlaceError if not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise PlaceError(f"{folder}: cannot write there ({error.strerror or error}); nothing was changed") from None


def move(source: Path, target: Path) -> None:
    """Move a comment's file: one rename, or a copy then a removal across file systems."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(source, target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        private = source.stat().st_mode & 0o077 == 0  # a queue's file stays the owner's alone
        write_atomically(target, source.read_text(encoding="utf-8"), private=private)
        source.unlink()


def remove_debris(places: Places) -> list[Path]:
    """Remove the temporary files interrupted writes left in both places."""
    removed = []
    for folder in (places.store, places.queue):
        for root, _folders, names in os.walk(folder):
            for name in names:
                if is_temporary(name):
                    path = Path(root) / name
                    path.unlink(missing_ok=True)
                    removed.append(path)
    return removed


@dataclass(frozen=True)
class Moved:
    """A file settle moved (or removed, when `target` is None), and why."""

    comment_id: str
    source: Path
    target: Path | None
    status: str


def settle(snapshot: Snapshot) -> list[Moved]:
    """Put every file where its status belongs, keep one copy of each comment, and refused.txt in line.

    Changes the snapshot to match; returns what moved. PlaceError when a place cannot be
    written (every file stays whole; what was not moved is moved by the next command).
    """
    try:
        return settled(snapshot)
    except OSError as error:
        raise PlaceError(
            f"{error.filename or snapshot.places.store}: cannot tidy ({error.strerror or error})"
        ) from None


def settled(snapshot: Snapshot) -> list[Moved]:
    """settle's work, OSError and all."""
    places, moved = snapshot.places, []
    remove_debris(places)
    for comment_id in sorted(set(snapshot.store) & set(snapshot.queue)):
        stored, queued = snapshot.store[comment_id], snapshot.queue[comment_id]
        keep_store = kept_in_store(stored, queued)
        path, comment = queued if keep_store else stored
        path.unlink()
        moved.append(Moved(comment_id, path, None, comment.status))
        del (snapshot.queue if keep_store else snapshot.store)[comment_id]
    for comment_id, (path, comment) in sorted(snapshot.store.items()):
        if comment.status != APPROVED:
            target = comment_file(places.queue, comment_id)
            move(path, target)
            moved.append(Moved(comment_id, path, target, comment.status))
            del snapshot.store[comment_id]
            snapshot.queue[comment_id] = (target, comment)
    for comment_id, (path, comment) in sorted(snapshot.queue.items()):
        if comment.status == APPROVED:
            target = comment_file(places.store, comment_id)
            move(path, target)
            moved.append(Moved(comment_id, path, target, comment.status))
            del snapshot.queue[comment_id]
            snapshot.store[comment_id] = (target, comment)
    for comment_id, (path, comment) in sorted(snapshot.queue.items()):
        if comment.status == PENDING and comment_id in snapshot.refused:  # refused elsewhere (refused.txt)
            status = snapshot.refused[comment_id]
            refused = replace(comment, status=status, reasons=(*comment.reasons, f"{status} in {REFUSED_FILE}"))
            save_comment(path.parent, refused, path)
            snapshot.queue[comment_id] = (path, refused)
    if (refused := refused_after(snapshot)) != snapshot.refused:
        write_refused(places.store, refused)
        snapshot.refused = refused
    remove_empty_folders(places.store)
    return moved


def remove_empty_folders(store: Path) -> None:
    """Remove the store's subfolders (an earlier version's `<article>/`) that moving left empty."""
    for root, _folders, _names in sorted(os.walk(store), reverse=True):
        if Path(root) != store:
            with contextlib.suppress(OSError):  # not empty, or not ours to remove: left alone
                os.rmdir(root)


def kept_in_store(stored: tuple[Path, Comment], queued: tuple[Path, Comment]) -> bool:
    """Of two copies of a comment, whether to keep the store's: the one in its right place, a decision
    rather than a pending copy (a decision pulled from git, say), else the newer."""
    store_right, queue_right = stored[1].status == APPROVED, queued[1].status != APPROVED
    if store_right != queue_right:
        return store_right
    if store_right and queued[1].status == PENDING:
        return True
    return stored[0].stat().st_mtime_ns >= queued[0].stat().st_mtime_ns


def refused_after(snapshot: Snapshot) -> dict[str, str]:
    """The refused ids as the files say: a file's status wins; ids without a file are kept."""
    refused = dict(snapshot.refused)
    for comment_id, (_path, comment) in snapshot.located().items():
        if comment.status in REFUSED:
            refused[comment_id] = comment.status
        else:
            refused.pop(comment_id, None)
    return refused


def reread(snapshot: Snapshot, comment_id: str) -> Comment | StoreError:
    """A comment's file read again, as it is now (edited by hand since the command started, say); the snapshot
    follows what a readable file says, so a decision is taken on what is shown next."""
    path, _known = snapshot.located()[comment_id]
    now = read_comment_file(str(path))
    if isinstance(now, Comment) and now.id != comment_id:
        return StoreError(str(path), 1, f"the file name must be the id: {now.id}.md")
    if isinstance(now, Comment):
        (snapshot.store if comment_id in snapshot.store else snapshot.queue)[comment_id] = (path, now)
    return now


def decided(comment: Comment, status: str, when: datetime) -> Comment:
    """The comment with the moderator's decision: the status, and the decision among its reasons."""
    kept = tuple(r for r in comment.reasons if r != "awaiting moderation" and " by the moderator on " not in r)
    return replace(comment, status=status, reasons=(*kept, f"{status} by the moderator on {when.date().isoformat()}"))


def decide(snapshot: Snapshot, ids: list[str], status: str, when: datetime | None = None) -> list[Comment]:
    """decision()'s comments decided (a comment whose file changed since it was read is left as it is)."""
    return decision(snapshot, ids, status, when)[0]


@dataclass(frozen=True)
class Left:
    """A comment a decision left as it is, and why: its file changed since the command read it (a hand edit made
    while a prompt waited), or the place its status calls for holds a file of its name."""

    comment_id: str
    path: Path
    why: str
    taken: Path | None = None  # the file in the place its status calls for


def decision(
    snapshot: Snapshot, ids: list[str], status: str, when: datetime | None = None
) -> tuple[list[Comment], list[Left]]:
    """Give the comments with these ids a status, each in its one file; all ids must exist, or nothing changes.

    Returns the comments decided, and those left as they are: a file that no longer says what the
    snapshot read (the moderator edited it while the command waited: rewriting it from the snapshot
    would put back what they removed) or a comment whose new place holds a file of its name (never
    overwritten). KeyError names unknown ids; PlaceError a place that cannot be written (before anything
    changed). An OSError midway leaves every file whole, the decisions made so far made, and settle to finish.
    """
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r} (use one of: {', '.join(STATUSES)})")
    located = snapshot.located()
    unknown = [i for i in ids if i not in located]
    if unknown:
        raise KeyError(", ".join(unknown))
    # Both places (the file may move, refused.txt may change), and any folder a file is rewritten in.
    for folder in {snapshot.places.store, snapshot.places.queue, *(located[i][0].parent for i in ids)}:
        ensure_writable(folder)
    when = when or datetime.now().astimezone()
    changed: list[Comment] = []
    left: list[Left] = []
    try:
        decide_each(snapshot, [(i, *located[i]) for i in ids], status, when, changed=changed, left=left)
    except OSError as error:
        done = ", ".join(c.id for c in changed) or "none"
        raise PlaceError(
            f"{error.filename or snapshot.places.queue}: cannot write ({error.strerror or error}); "
            f"decided before it stopped: {done}; every file is whole, the rest unchanged",
        ) from None
    return changed, left


def why_left(path: Path, comment: Comment, target: Path) -> tuple[str, Path | None]:
    """Why a decision must leave this comment as it is (("", None) when it may go ahead): its file no longer
    says what was read, or its new place `target` (another file than its own) holds a file already."""
    now = read_comment_file(str(path))
    if now != comment:
        return ("gone since it was shown" if not os.path.lexists(path) else "changed since it was shown"), None
    if target != path and os.path.lexists(target):
        return "a file of its name is where it would go, and is never overwritten", target
    return "", None


def decide_each(
    snapshot: Snapshot, chosen: list, status: str, when: datetime, *, changed: list[Comment], left: list[Left]
) -> None:
    """decide's work on each (id, path, comment), appending to `changed` and `left` as it goes."""
    place = snapshot.places.of(status)
    for comment_id, path, previous in chosen:
        now_at = path if path.parent == place else comment_file(place, comment_id)
        why, taken = why_left(path, previous, now_at)  # checked last thing before writing: a hand edit is kept
        if why:
            left.append(Left(comment_id, path, why, taken))
            continue
        updated = decided(previous, status, when)
        save_comment(path.parent, updated, path)  # in place first: the status is the truth
        if now_at != path:
            move(path, now_at)
        snapshot.store.pop(comment_id, None)
        snapshot.queue.pop(comment_id, None)
        (snapshot.store if status == APPROVED else snapshot.queue)[comment_id] = (now_at, updated)
        changed.append(updated)
    if changed:
        refused_now(snapshot, changed)


def refused_now(snapshot: Snapshot, changed: list[Comment]) -> None:
    """Bring refused.txt in line with these decisions, over the file as it is now (a hand edit made while
    the command waited is kept); as the snapshot read it when it cannot be read now."""
    current, errors = read_refused(snapshot.places.store)
    refused = dict(snapshot.refused if errors else current)
    for comment in changed:
        if comment.status in REFUSED:
            refused[comment.id] = comment.status
        else:
            refused.pop(comment.id, None)
    if refused != current or errors:
        write_refused(snapshot.places.store, refused)
    snapshot.refused = refused


def add(snapshot: Snapshot, comments: list[Comment]) -> list[Path]:
    """Write new comments, each in its place; never over an existing file. Returns the files written."""
    written = []
    for comment in comments:
        path = comment_file(snapshot.places.of(comment.status), comment.id)
        if path.exists():  # a file of the same name (on a case-insensitive disk, say): never overwritten
            raise FileExistsError(errno.EEXIST, "a comment file of this name exists already", str(path))
        write_atomically(path, format_comment(comment), private=comment.status != APPROVED)  # unmoderated: private
        (snapshot.store if comment.status == APPROVED else snapshot.queue)[comment.id] = (path, comment)
        written.append(path)
    if (refused := refused_after(snapshot)) != snapshot.refused:
        write_refused(snapshot.places.store, refused)
        snapshot.refused = refused
    return written


def unapproved_ancestors(
    comments: dict[str, Comment], comment_id: str, approved_up: set[str] | None = None
) -> list[Comment]:
    """The comments a reply waits for (its parent, that one's parent... not approved), nearest first.

    `approved_up`, kept by a caller asking about many comments of the same `comments`: the ids
    found approved with all their ancestors, where a walk stops (approving a chain of thousands
    of replies walks it once, not once for each of them).
    """
    found, seen = [], {comment_id}
    parent = comments[comment_id].parent
    while parent in comments and parent not in seen and (approved_up is None or parent not in approved_up):
        seen.add(parent)
        if comments[parent].status != APPROVED:
            found.append(comments[parent])
        parent = comments[parent].parent
    if approved_up is not None and not found and (not parent or parent in approved_up):  # up to a comment of its own
        approved_up.update(i for i in seen if comments[i].status == APPROVED and i != comment_id)
        if comments[comment_id].status == APPROVED:
            approved_up.add(comment_id)
    return found


def broken_chain(comments: dict[str, Comment], comment_id: str, whole: set[str] | None = None) -> str:
    """Why a reply can never show, whatever is approved: a parent that is no comment, on another article, a circle.

    "" when its chain of parents is whole (approved or not: unapproved_ancestors says what it waits for).
    `whole`, kept by a caller asking about many comments of the same `comments`: the ids found whole so far,
    so that a chain of thousands of replies is walked once, not once for each of them.
    """
    comment = comments[comment_id]
    seen, current, chain = {comment_id}, comment, [comment_id]
    while current.parent:
        if whole is not None and current.parent in whole and comments[current.parent].article == comment.article:
            break  # the rest of the chain is whole, on this article
        parent = comments.get(current.parent)
        if parent is None:
            return (
                f"{current.id} replies to {current.parent!r}, which is no comment of the store or the queue: it shows "
                "nowhere until its Parent: line names one (or is removed, to show it as a comment of its own)"
            )
        if parent.article != comment.article:
            return f"{current.id} replies to {parent.id}, which is on another article ({parent.article!r})"
        if parent.id in seen:
            circle = " → ".join([*chain, parent.id])
            return f"{comment_id} is in a circle of replies ({circle}): it shows nowhere until a Parent: line is fixed"
        seen.add(parent.id)
        chain.append(parent.id)
        current = parent
    if whole is not None:
        whole.update(chain)
    return ""
