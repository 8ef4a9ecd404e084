"""Comment files: one human-readable file per comment, in the store or the moderation queue.

The committed store (content/comments/) holds the approved comments; the moderation
queue (a git-ignored folder on the moderator's machine, see tools/comments/queue.py)
holds the others. A comment's file is `<folder>/<comment id>.md`: a name the store
makes from a safe id (letters, digits, '-' and '_'), never from what a reader sent.
Files in subfolders (`<article>/<id>.md`, the layout of earlier versions) are read too.
A file is `Key: value` lines, a blank line, then the comment's Markdown as submitted
(control characters removed, see text.py):

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
Moderators may change `Status:` by hand (pending, approved, spam, rejected); the
next moderation command moves the file where its status belongs. Files are written
whole and atomically (a temporary file `.tmp-*.part` renamed into place), so an
interrupted import never leaves half a comment.

Only plain files are read, of at most MAX_FILE_BYTES: a symbolic link (to /dev/zero,
to the salt file), a pipe (which would block the reader) or a device in the store is
an error naming it, never followed or opened for reading.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .model import FORMATS, HTML, MARKDOWN, STATUSES, TYPES, Comment
from .text import clean_text, one_line

if TYPE_CHECKING:  # store_cache imports this module
    from .store_cache import StoreCache

SAFE_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_-]{0,99}\Z")  # \Z: "$" would let a final newline in
# What an interrupted write leaves behind (git-ignored; the next moderation command removes it).
TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".tmp-", ".part"
# The years a stored date may have: far enough from year 1 and 9999 that no time zone overflows.
FIRST_YEAR, LAST_YEAR = 1900, 2999
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
# A comment file's largest size: a comment's text is at most a few tens of thousands of characters.
MAX_FILE_BYTES = 1 << 20
READ_STEP = 1 << 16  # bytes read at a time beyond the size fstat gave
LINKED_FILE = "is a symbolic link, which is never followed: put the file (or folder) itself here"
LINKED_STORE = "is a symbolic link, which is never followed: put the comment folder itself here"
NOT_A_FOLDER = "is a file, not a folder of comment files: move it away (no comment in it is read or shown)"
UNREAD = "no comment in it is read or shown until its permissions let you read it"
REQUIRED = ("id", "article", "author", "date", "status")


class StoreError(ValueError):
    """A comment file that cannot be read: names the file and line."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path, self.line, self.message = path, line, message

    def __reduce__(self):
        # Rebuilt from its parts when it comes back from the process that read the store.
        return (type(self), (self.path, self.line, self.message))


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
        "reasons": "; ".join(one_line(r).replace(";", ",") for r in comment.reasons),
        "source": comment.source,
        "format": comment.format,
    }
    if missing := [key for key, name in HEADER_FIELDS if name in REQUIRED and not one_line(values[name])]:
        raise ValueError(f"comment {comment.id!r} has no {', '.join(missing)}: it would not be read back")
    header = "\n".join(f"{key}: {one_line(values[name])}".rstrip() for key, name in HEADER_FIELDS)
    body = clean_text(comment.body).strip("\n")
    return f"{header}\n\n{body}\n"


def parse_date(value: str, path: str, number: int) -> datetime:
    """A header's ISO 8601 date with its time zone, in the years a page can show."""
    try:
        date = datetime.fromisoformat(value)
    except ValueError:
        raise StoreError(path, number, f"date {value!r} is not an ISO 8601 date") from None
    if date.tzinfo is None:
        raise StoreError(path, number, f"date {value!r} needs a time zone, e.g. +00:00")
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise StoreError(path, number, f"date {value!r} is out of range (years {FIRST_YEAR} to {LAST_YEAR})")
    return date


def parse_comment(text: str, path: str = "<comment>") -> Comment:
    """Read a comment file's text; StoreError names the line of any mistake."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")  # a byte-order mark: Notepad's
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
            raise StoreError(path, number, f"expected 'Key: value' with a key among {known}, got {line[:80]!r}")
        values[name] = one_line(value)
        if name == "status" and values[name] not in STATUSES:
            raise StoreError(path, number, f"unknown status {values[name]!r} (use one of: {', '.join(STATUSES)})")
        if name == "format" and values[name] not in FORMATS:
            raise StoreError(path, number, f"unknown format {values[name]!r} (use one of: {', '.join(FORMATS)})")
        if name == "type" and values[name] not in TYPES:
            raise StoreError(path, number, f"unknown type {values[name]!r} (use one of: {', '.join(TYPES)})")
        if name == "date":
            parse_date(values[name], path, number)
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
        body=clean_text("\n".join(lines[body_start:])).strip("\n"),
    )


def comment_file(folder: Path, comment_id: str) -> Path:
    """Where the comment with this id is written in a folder: a name made from the id, which must be safe."""
    if not SAFE_ID.match(comment_id):
        raise ValueError(f"{comment_id!r} is not a safe comment id")
    return folder / f"{comment_id}.md"


def is_temporary(name: str) -> bool:
    """Whether a file name is one of write_atomically's temporary files."""
    return name.startswith(TEMPORARY_PREFIX) and name.endswith(TEMPORARY_SUFFIX)


def store_files(store: Path) -> list[str]:
    """Every comment file in the store, sorted by the parts of its path (as pathlib sorts paths).

    A link to a folder is listed too, never followed: reading it reports it (a comment
    folder linked to one outside the repository would show the first line of its files);
    so is a folder named like a comment file (`fs-s3.md/`), which holds no comment where an
    import would write one.
    """
    found = []
    for folder, folders, names in os.walk(store):  # os.walk never goes down a link to a folder
        found += [os.path.join(folder, name) for name in names if name.endswith(".md") and not name.startswith(".")]
        found += [  # and a folder named like a comment file: reading it says what it is
            os.path.join(folder, name)
            for name in folders
            if not name.startswith(".") and (name.endswith(".md") or os.path.islink(os.path.join(folder, name)))
        ]
    return sorted(found, key=lambda path: path.split(os.sep))


def read_plain_file(path: str, limit: int = MAX_FILE_BYTES, *, what: str = "a comment file") -> str:
    """A file's UTF-8 text, read only when it is a plain file of at most `limit` bytes (else StoreError,
    saying what the file is meant to be: `what`).

    A symbolic link is not followed, and a pipe or a device not read: opening does not
    block (O_NONBLOCK), and what was opened is checked before a byte is read.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        if error.errno == errno.ELOOP or os.path.islink(path):
            raise StoreError(path, 0, LINKED_FILE) from None
        raise
    try:
        status = os.fstat(handle)
        if stat.S_ISDIR(status.st_mode):
            raise StoreError(path, 0, "is a folder where a file should be: not read; move what it holds, remove it")
        if not stat.S_ISREG(status.st_mode):
            raise StoreError(path, 0, "is not a plain file (a pipe, a device...): not read; remove it")
        # What fstat says is there and a byte more, not the whole limit: a read of the limit
        # allocates a megabyte for every 500-byte comment (0.27 s against 0.07 s for 10,000 files).
        chunks, size, wanted = [], 0, min(status.st_size, limit) + 1
        while size <= limit and (chunk := os.read(handle, min(wanted, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
            wanted = READ_STEP  # a file that grew since fstat (or says 0 bytes, as /proc's do) is read on
    finally:
        os.close(handle)
    data = b"".join(chunks)
    if len(data) > limit:
        raise StoreError(path, 0, f"is larger than {what} can be ({limit:,} bytes at most): not read")
    return data.decode("utf-8")


def read_comment_file(path: str) -> Comment | StoreError:
    """One file's comment, or the error that says what is wrong with it."""
    try:
        return parse_comment(read_plain_file(path), path)
    except StoreError as error:
        return error
    except UnicodeDecodeError:
        return StoreError(path, 0, "is not UTF-8 text")
    except OSError as error:
        return StoreError(path, 0, f"cannot be read ({error.strerror})")


def index_files(
    outcomes: list[tuple[str, Comment | StoreError]],
) -> tuple[dict[str, tuple[str, Comment]], list[StoreError]]:
    """(path, comment) by id, and the errors (a file's own, or a comment whose id clashes or misnames its file)."""
    located: dict[str, tuple[str, Comment]] = {}
    errors: list[StoreError] = []
    for path, outcome in outcomes:
        if isinstance(outcome, StoreError):
            errors.append(outcome)
        elif os.path.splitext(os.path.basename(path))[0] != outcome.id:
            errors.append(StoreError(path, 1, f"the file name must be the id: {outcome.id}.md"))
        elif outcome.id in located:
            errors.append(StoreError(path, 1, f"id {outcome.id} is used twice (also {located[outcome.id][0]})"))
        else:
            located[outcome.id] = (path, outcome)
    return located, errors


def index_store(outcomes: list[tuple[str, Comment | StoreError]]) -> tuple[dict[str, Comment], list[StoreError]]:
    """The comments by id, and the errors (a file's own, or a comment whose id clashes or misnames its file)."""
    located, errors = index_files(outcomes)
    return {comment_id: comment for comment_id, (_path, comment) in located.items()}, errors


def read_outcomes(store: Path, cache: StoreCache | None = None) -> list[tuple[str, Comment | StoreError]]:
    """Each comment file's path and what it holds (a comment, or its error)."""
    if store.is_symlink():
        return [(str(store), StoreError(str(store), 0, LINKED_STORE))]
    if not store.is_dir():  # none yet, the usual case; a file in its place holds no comment, and is said
        return [(str(store), StoreError(str(store), 0, NOT_A_FOLDER))] if store.exists() else []
    try:
        os.scandir(store).close()  # os.walk says nothing of a folder it cannot read: every comment unseen
    except OSError as error:
        return [(str(store), StoreError(str(store), 0, f"cannot be read ({error.strerror or error}): {UNREAD}"))]
    outcomes = []
    prefix = len(os.path.join(store, ""))  # store_files' paths all start with it
    for path in store_files(store):
        if cache is None:
            outcomes.append((path, read_comment_file(path)))
            continue
        name = path[prefix:]
        try:
            status = os.lstat(path)  # a symbolic link is never followed, here either
        except OSError:
            outcomes.append((path, read_comment_file(path)))  # gone meanwhile: as without a cache
            continue
        stamp = (status.st_mtime_ns, status.st_size)
        outcome = cache.outcome(name, stamp, path)
        if outcome is None:
            outcome = read_comment_file(path)
            cache.remember(name, stamp, outcome)
        outcomes.append((path, outcome))
    return outcomes


def load_store(store: Path, cache: StoreCache | None = None) -> tuple[dict[str, Comment], list[StoreError]]:
    """Every readable comment, keyed by id, and the errors of the files that are not.

    With a `cache` (store_cache.StoreCache), files unchanged since it was saved are not read again.
    """
    return index_store(read_outcomes(store, cache))


def load_located(folder: Path) -> tuple[dict[str, tuple[str, Comment]], list[StoreError]]:
    """Every readable comment of a folder with the path it was read from (moderation rewrites it there)."""
    return index_files(read_outcomes(folder))


def write_atomically(path: Path, text: str, *, private: bool = False) -> None:
    """Write a file whole or not at all: a temporary file, then a rename.

    The file gets the permissions any new file gets (the umask: a post or a comment file
    readable as the writer's others are); `private` ones (what readers sent and nobody
    moderated yet, an export with their addresses) are the owner's alone (0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o600 if private else 0o666 & ~current_umask())  # mkstemp makes every file 0600
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """This process's umask (Python reads it only by setting it, then setting it back)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def save_comment(folder: Path, comment: Comment, path: Path | None = None) -> Path:
    """Write one comment (atomically) to `path`, by default its own file in `folder`, and return where."""
    path = path or comment_file(folder, comment.id)
    write_atomically(path, format_comment(comment))
    return path
