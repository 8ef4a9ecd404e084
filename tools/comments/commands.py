"""What each `invoke comments.*` command does; the tasks in tasks.py only wrap these.

Each function takes the site's settings, the project's folder (where the queue and
the salt live) and a rich Console, and prints through it. Anything the moderator
must fix (a bad export, a bad id, a place that cannot be written, a missing salt)
raises CommandError: one line, an exit code, never a traceback. Reader text reaches
the console only as Text made by terminal.as_text.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from comments.model import APPROVED, PENDING, REJECTED, SPAM, Comment, ExportError
from comments.render import render_problem
from comments.settings import comment_settings
from comments.store import SAFE_ID, StoreError
from rich.console import Console
from rich.prompt import Prompt
from rich.text import Text

from tools.web import Web

from .articles import site_articles
from .exports import formspree_submissions, netlify_submissions
from .fetch import (
    FetchError,
    Waiting,
    fetch,
    fetched_until,
    read_state,
    source_for,
    state_file,
    state_of,
    waiting,
    write_state,
)
from .importer import ImportReport, Opinion, SaltError, email_salt, import_export, import_submissions
from .moderation import as_record, export_options, import_rules, parse_ids, places_for, select
from .queue import (
    REFUSED,
    Left,
    Moved,
    PlaceError,
    Places,
    Snapshot,
    broken_chain,
    decision,
    load,
    reread,
    settle,
    unapproved_ancestors,
)
from .report import comment_panel, comments_table, import_table
from .second_opinion import akismet_opinion
from .terminal import as_text, safe_json

# Asks a question with a fixed set of answers; returns one of them ("" when there is no more input).
Ask = Callable[[Text, list[str], str], str]
REVIEW_CHOICES = {"a": APPROVED, "r": REJECTED, "s": SPAM}
REFUSING = (SPAM, REJECTED)  # the statuses refused.txt keeps


class CommandError(Exception):
    """What stops a command: one line for the moderator, and the exit code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def prompt_ask(out: Console) -> Ask:
    """Questions asked on the console (answers may be piped in); no more input counts as no answer."""

    def ask(question: Text, choices: list[str], default: str) -> str:
        try:
            return Prompt.ask(question, choices=choices, default=default, console=out)
        except EOFError:
            out.print()
            return ""

    return ask


def places(settings, root: Path) -> Places:
    """The store and the queue, or CommandError for a queue setting inside a published folder."""
    try:
        return places_for(settings, root)
    except PlaceError as error:
        raise CommandError(str(error), 2) from None


def settled_snapshot(found: Places, root: Path, out: Console) -> Snapshot:
    """Both places read and settled (files moved where their status belongs), saying what moved."""
    snapshot = load(found)
    try:
        moved = settle(snapshot)
    except PlaceError as error:
        raise CommandError(f"Stopped: {error}") from None
    print_moved(moved, found, root, out)
    return snapshot


def print_moved(moved: list[Moved] | tuple[Moved, ...], found: Places, root: Path, out: Console) -> None:
    """Say what settling moved; above all, what left the committed store, whose removal must be committed."""
    store, queue = relative(found.store, root), relative(found.queue, root)
    out_of_store = [m for m in moved if m.target is not None and m.target.parent == found.queue]
    into_store = [m for m in moved if m.target is not None and m.target.parent == found.store]
    removed = [m for m in moved if m.target is None]
    if out_of_store:
        out.print(
            as_text(
                f"Moved {len(out_of_store)} comment(s) that are not approved (pending, spam or rejected) out of "
                f"{store}/ into the moderation queue {queue}/, which is never committed: commit their removal "
                f"(git add -A {store}). Only the ids of refused ones stay, in refused.txt.",
                "yellow",
            ),
            soft_wrap=True,  # one line: a command to copy stays whole
        )
    if into_store:
        out.print(as_text(f"Moved {len(into_store)} approved comment(s) from the queue into {store}/."), soft_wrap=True)
    if removed:
        out.print(as_text(f"Removed {len(removed)} stale copy(ies) of comments kept in both places."), soft_wrap=True)


def run_import(path: str, fmt: str | None, settings, root: Path, out: Console) -> ImportReport:
    """`comments.import`: read an export into the store (approved) and the queue (the rest)."""
    found = places(settings, root)
    try:
        salt = email_salt(Path(root) / comment_settings(settings)["COMMENTS_EMAIL_SALT_FILE"])
        report = import_export(
            Path(path),
            found,
            rules=import_rules(settings),
            salt=salt,
            fmt=fmt,
            options=export_options(settings),
            opinion=akismet_opinion(settings),
        )
    except (SaltError, ExportError) as error:
        raise CommandError(f"Nothing imported: {error}") from None
    except PlaceError as error:
        raise CommandError(f"Import stopped: {error}") from None
    print_moved(report.moved, found, Path(root), out)
    out.print(import_table(report))
    return report


RECORD_READERS = {"formspree-json": formspree_submissions, "netlify-json": netlify_submissions}


def import_records(
    records: list, settings, root: Path, *, origin: str, fmt: str = "formspree-json", opinion: Opinion | None = None
) -> ImportReport:
    """Import submissions that arrive as dicts in Formspree's (or, `fmt` "netlify-json", Netlify's) shape.

    From the local receiver or a service's API: the same validation as an export's rows,
    the same ids, the same store and queue; `origin` names where they came from in the
    report; `opinion` is a second opinion on each new comment (Akismet). CommandError as
    for `comments.import`.
    """
    found = places(settings, root)
    try:
        salt = email_salt(Path(root) / comment_settings(settings)["COMMENTS_EMAIL_SALT_FILE"])
        submissions, problems = RECORD_READERS[fmt](records, export_options(settings))
        return import_submissions(
            submissions, problems, fmt, found, rules=import_rules(settings), salt=salt, origin=origin, opinion=opinion
        )
    except SaltError as error:
        raise CommandError(f"Nothing imported: {error}") from None
    except PlaceError as error:
        raise CommandError(f"Import stopped: {error}") from None


def run_fetch(
    settings,
    root: Path,
    out: Console,
    *,
    count: bool = False,
    as_json: bool = False,
    environ=None,
    web: Web | None = None,
) -> ImportReport | Waiting | None:
    """`comments.fetch`: import the service's new submissions (or, `count`, only say how many wait, and where).

    Nothing is imported unless every page was read; the state file moves on only once
    the import is done (tools/comments/fetch.py). CommandError for anything that stops it.
    """
    environ = os.environ if environ is None else environ
    path = state_file(settings)
    try:
        source = source_for(settings, environ)
        forms = read_state(path)
        found = fetch(source, fetched_until(forms, source), export_options(settings)["tz"], web or Web())
    except FetchError as error:
        raise CommandError(str(error)) from None
    if count:
        titles = {slug: info.title for slug, info in site_articles(settings).items()}
        result = waiting(found.records, titles, source)
        if as_json:
            out.file.write(result.as_json() + "\n")
        else:
            out.print(waiting_line(result, source), soft_wrap=True)
        return result
    if not found.records:
        out.print(f"Nothing new at {source.name} since the last fetch.")
        return None
    origin = f"{source.name} ({len(found.records)} new)"
    report = import_records(
        found.records, settings, root, origin=origin, fmt=source.format, opinion=akismet_opinion(settings, environ)
    )
    try:
        write_state(path, forms, source, found.newest)
    except OSError as error:
        raise CommandError(
            f"Imported, but {relative(path, Path(root))} cannot be written ({error.strerror or error}): the next fetch "
            "asks for these submissions again (none is imported twice)"
        ) from None
    print_moved(report.moved, places(settings, root), Path(root), out)
    out.print(import_table(report))
    out.print(as_text(f"Commit {relative(path, Path(root))} with the approved comments: it says how far fetching got."))
    return report


def waiting_line(result: Waiting, source) -> str:
    """How many submissions wait at the service, and on which articles, in one line."""
    if not result.count:
        return f"No new comment waits at {source.name}."
    where = [f"{n} on {title!r}" for title, n in result.titles]
    if result.elsewhere:
        where.append(f"{result.elsewhere} for no article of the site")
    return (
        f"{result.count} new comment(s) wait at {source.name}: {', '.join(where)}. Import them: invoke comments.fetch"
    )


def relative(path, root: Path) -> str:
    """A path as the moderator would type it: relative to the project's folder when inside it."""
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


def located(error, root: Path) -> str:
    """A file's error as 'path:line: message', the path relative to the project."""
    where = relative(error.path, root) + (f":{error.line}" if error.line else "")
    return f"{where}: {error.message}"


def print_errors(snapshot: Snapshot, root: Path, out: Console) -> None:
    """A warning line per file that cannot be read."""
    for error in snapshot.errors:
        out.print(Text.assemble(("warning: ", "yellow"), as_text(located(error, root))), soft_wrap=True)


def run_list(settings, root: Path, out: Console, *, status: str = "", article: str = "", as_json: bool = False) -> None:
    """`comments.list`: the comments of both places, as a table or JSON (reads only, moves nothing)."""
    snapshot = load(places(settings, root))
    try:
        chosen = select(snapshot.comments().values(), status, article)
    except ValueError as error:
        raise CommandError(str(error), 2) from None
    if as_json:
        out.file.write(safe_json([as_record(comment) for comment in chosen]) + "\n")
        return
    print_errors(snapshot, root, out)
    out.print(comments_table(chosen, out.width))


def checked_ids(text: str) -> list[str]:
    """The ids given on the command line, each one that could be an id (else CommandError)."""
    chosen = parse_ids(text)
    if not chosen:
        raise CommandError("Give one or more comment ids, e.g. nf-5f3a1b2c,wp-12 (see `invoke comments.list`).", 2)
    wrong = [i for i in chosen if not SAFE_ID.match(i)]
    if wrong:
        raise CommandError(f"Nothing changed: {', '.join(repr(i) for i in wrong)} is not a comment id.", 2)
    return chosen


def apply(snapshot: Snapshot, ids: list[str], status: str, root: Path, out: Console) -> list[Comment]:
    """decision(), its failures as CommandError; a line for each comment left as it is (changed since shown)."""
    try:
        changed, left = decision(snapshot, ids, status)
    except KeyError as error:
        raise CommandError(f"Nothing changed: no comment with id {error.args[0]}.") from None
    except PlaceError as error:
        raise CommandError(f"Stopped: {error}") from None
    for each in left:
        out.print(Text.assemble(("note: ", "yellow"), as_text(left_line(each, status, root))), soft_wrap=True)
    return changed


def left_line(left: Left, status: str, root: Path) -> str:
    """Why a comment was not given its status, in one line naming its file."""
    why = f"{left.why} ({relative(left.taken, root)})" if left.taken else left.why
    return (
        f"{relative(left.path, root)}: {why}, so left as it is, not {status} "
        "(run the command again to see it as it is now)"
    )


def said(comment: Comment, status: str) -> Text:
    """'id: status (author on article)', as text."""
    return Text.assemble(
        as_text(comment.id), f": {status} (", as_text(comment.author), " on ", as_text(comment.article), ")"
    )


NAMED_PARENTS = 5  # the comments a reply waits for, named after its approval (the nearest first)


@dataclass
class Chains:
    """What the approvals of one command learn of the chains of replies, so that approving a chain of thousands
    walks it once: the comments (read again only after a change), the chains found whole and approved."""

    snapshot: Snapshot
    _comments: dict[str, Comment] | None = None
    whole: set[str] = field(default_factory=set)  # broken_chain's: parents all there, on the same article
    approved_up: set[str] = field(default_factory=set)  # unapproved_ancestors': approved, and all above
    offered: set[str] = field(default_factory=set)  # parents offered for approval and left as they were

    def comments(self) -> dict[str, Comment]:
        if self._comments is None:
            self._comments = self.snapshot.comments()
        return self._comments

    def changed(self, done: list[Comment]) -> None:
        """These comments' statuses changed (no link between comments did: `whole` holds)."""
        if self._comments is not None:
            self._comments.update((comment.id, comment) for comment in done)
        if any(comment.id in self.approved_up for comment in done):  # approved no more
            self.approved_up.clear()

    def reread(self, comment: Comment) -> None:
        """A comment as its file says now (a hand edit): a new Parent: or Article: line makes every chain unsure."""
        before = self.comments().get(comment.id)
        self.changed([comment])
        if before is None or (before.parent, before.article) != (comment.parent, comment.article):
            self.whole.clear()
            self.approved_up.clear()


def after_approval(
    chains: Chains, comment: Comment, out: Console, ask: Ask, articles: set[str] | None, *, root: Path
) -> None:
    """What an approval still waits for: a parent not approved (offered for approval too), an unknown article."""
    snapshot = chains.snapshot
    if articles is not None and comment.article not in articles:
        out.print(
            Text.assemble(
                ("note: ", "yellow"),
                as_text(comment.id),
                " is for ",
                as_text(repr(comment.article)),
                ", which is none of the site's articles: it shows nowhere (edit its Article: line to move it)",
            )
        )
    if broken := broken_chain(chains.comments(), comment.id, chains.whole):
        out.print(Text.assemble(("note: ", "yellow"), as_text(broken)), soft_wrap=True)
        return
    waiting = unapproved_ancestors(chains.comments(), comment.id, chains.approved_up)
    if not waiting:
        return
    # A parent offered once in this command and left pending is not shown and asked about again, for each reply.
    pending = [c for c in waiting if c.status == PENDING and c.id not in chains.offered]
    refused = [c for c in waiting if c.status in REFUSED]
    names = Text(", ").join(Text.assemble(as_text(c.id), f" ({c.status})") for c in waiting[:NAMED_PARENTS])
    if len(waiting) > NAMED_PARENTS:  # a long chain: its length, not every name again for every reply
        names.append(f" and {len(waiting) - NAMED_PARENTS:,} more above")
    out.print(
        Text.assemble(
            as_text(comment.id), " replies to a comment that is not approved: ", names, "; it shows once they are."
        )
    )
    if refused:
        out.print(as_text("A refused comment in the chain keeps the reply hidden until it is approved."))
    if pending:
        # Shown whole before the question, and no by default: a parent is published only once read.
        for number, parent in enumerate(pending, start=1):
            out.print(comment_panel(parent, number, len(pending)))
        question = Text.assemble("Approve ", Text(", ").join(as_text(c.id) for c in pending), " too?")
        if ask(question, ["y", "n"], "n") == "y":
            approved = apply(snapshot, [c.id for c in pending], APPROVED, root, out)
            for done in approved:
                out.print(said(done, APPROVED), soft_wrap=True)
            chains.changed(approved)
        else:
            chains.offered.update(c.id for c in pending)


def run_moderate(ids: str, status: str, settings, root: Path, out: Console, *, ask: Ask) -> list[Comment]:
    """`comments.approve/reject/spam`: give comments a status, in their one file each."""
    chosen = checked_ids(ids)
    snapshot = settled_snapshot(places(settings, root), Path(root), out)
    changed = apply(snapshot, chosen, status, Path(root), out)
    articles = set(site_articles(settings)) if status == APPROVED else None
    for comment in changed:
        out.print(said(comment, status), soft_wrap=True)
    if status == APPROVED:
        chains = Chains(snapshot)
        for comment in changed:
            after_approval(chains, comment, out, ask, articles, root=Path(root))
    return changed


def run_review(settings, root: Path, out: Console, ask: Ask) -> int:
    """`comments.review`: walk the pending queue, oldest first; returns how many were decided."""
    snapshot = settled_snapshot(places(settings, root), Path(root), out)
    queue = select(snapshot.comments().values(), PENDING)
    if not queue:
        out.print("No comment awaits moderation.")
        return 0
    articles = set(site_articles(settings))
    question = Text("[a]pprove, [r]eject, [s]pam, s[k]ip, [q]uit")
    decided = 0
    chains = Chains(snapshot)
    for number, listed in enumerate(queue, start=1):
        if chains.comments()[listed.id].status != PENDING:
            continue  # approved meanwhile, as the parent of a reply
        comment = reread(snapshot, listed.id)  # shown as it is now: a file edited since the command started
        if isinstance(comment, StoreError):
            out.print(Text.assemble(("note: ", "yellow"), as_text(f"{located(comment, Path(root))}: skipped")))
            continue
        chains.reread(comment)
        if comment.status != PENDING:
            continue  # its Status: line was edited meanwhile
        out.print(comment_panel(comment, number, len(queue)))
        answer = ask(question, ["a", "r", "s", "k", "q"], "k")
        if answer in ("q", ""):
            break
        if answer in REVIEW_CHOICES:
            for done in apply(snapshot, [comment.id], REVIEW_CHOICES[answer], Path(root), out):
                chains.changed([done])
                decided += 1
                out.print(said(done, REVIEW_CHOICES[answer]), soft_wrap=True)
                if answer == "a":
                    after_approval(chains, done, out, ask, articles, root=Path(root))
    still = len(select(snapshot.comments().values(), PENDING))
    out.print(f"{decided} decided, {still} still pending.")
    return decided


def problems_of(snapshot: Snapshot, articles: set[str], root: Path) -> list[Text]:
    """What keeps a comment off the site or out of place, one line each, naming its file."""
    found = [as_text(located(error, root)) for error in snapshot.errors]
    approved = {i: c for i, (_p, c) in snapshot.store.items() if c.status == APPROVED}
    every = {**snapshot.comments(), **approved}
    whole: set[str] = set()
    shown: set[str] = set()
    for path, comment in sorted(snapshot.store.values()):
        if problem := store_problem(comment, articles, approved, every, memo=(whole, shown)):
            found.append(as_text(f"{relative(path, root)}: {problem}"))
    for path, comment in sorted(snapshot.queue.values()):
        if comment.status == APPROVED:
            found.append(as_text(f"{relative(path, root)}: approved but still in the queue (the next moderation "
                                 "command moves it)"))  # fmt: skip
        elif comment.status in REFUSING and snapshot.refused.get(comment.id) != comment.status:
            # A command stopped half-way (or another one's older copy written over it): another machine's import
            # would bring the comment back, once refused.txt is committed so (an outside tester's finding).
            found.append(as_text(f"{relative(path, root)}: {comment.status}, but refused.txt does not say so (a"
                                 " command was stopped): the next moderation command writes it; run one before"
                                 " committing"))  # fmt: skip
    return found


def store_problem(
    comment: Comment,
    articles: set[str],
    approved: dict[str, Comment],
    every: dict[str, Comment] | None = None,
    memo: tuple[set[str], set[str]] | None = None,
) -> str:
    """Why a comment of the store is out of place or not shown as it is ("" when all is well).

    `every`: the comments of both places, the approved ones as `approved` has them. `memo`: the chains found
    whole and shown so far (broken_chain, unreachable), for a caller asking about every comment.
    """
    if comment.status != APPROVED:
        return (
            f"a {comment.status} comment in the committed store (the next moderation command moves it to the "
            "queue; then commit its removal)"
        )
    if comment.article not in articles:
        return f"approved, but its article {comment.article!r} is none of the site's: shown nowhere (fix Article:)"
    whole, shown = memo or (None, None)
    chains = every if every is not None else approved
    if why := broken_chain(chains, comment.id, whole) or unreachable(comment, approved, shown):
        return f"approved, but not shown: {why}"
    if problem := render_problem(comment.body, comment.format):
        return f"its text is {problem}: shown as plain text"
    return ""


def unreachable(comment: Comment, approved: dict[str, Comment], shown: set[str] | None = None) -> str:
    """Why an approved reply cannot be shown although its parent is approved ("" when it can).

    `shown`, kept by a caller asking about many comments of the same `approved`: the ids found shown so
    far (see broken_chain's `whole`).
    """
    seen, current, chain = {comment.id}, comment, [comment.id]
    while current.parent:
        if shown is not None and current.parent in shown and approved[current.parent].article == comment.article:
            break  # the rest of the chain shows, on this article
        parent = approved.get(current.parent)
        if parent is None:
            return f"{current.id} replies to {current.parent!r}, which is not approved (it shows once that is)"
        if parent.article != comment.article:
            return f"{current.id} replies to {parent.id}, which is on another article ({parent.article!r})"
        if parent.id in seen:
            return f"its replies go round in a circle ({parent.id})"
        seen.add(parent.id)
        chain.append(parent.id)
        current = parent
    if shown is not None:
        shown.update(chain)
    return ""


def run_check(settings, root: Path, out: Console) -> int:
    """`comments.check`: every comment file that cannot be read or shown, and why; returns how many."""
    snapshot = load(places(settings, root))
    found = problems_of(snapshot, set(site_articles(settings)), Path(root))
    if problem := state_of(state_file(settings))[1]:  # comments.fetch's state, beside the comments
        found.append(as_text(f"{relative(state_file(settings), Path(root))}: {problem}"))
    for line in found:
        out.print(line, soft_wrap=True)
    pending = sum(1 for _p, c in snapshot.queue.values() if c.status == PENDING)
    out.print(
        f"{len(found)} problem(s); {len(snapshot.store)} comment(s) in the store, {pending} pending in the queue, "
        f"{len(snapshot.refused)} refused."
    )
    return len(found)
