"""The moderator's commands (`invoke comments.*`): import, list, moderate, review, with what they print."""

from __future__ import annotations

import json
from pathlib import Path

from comments.store import load_store, set_status

from tools import Stop

from .moderation import as_record, export_options, import_rules, parse_ids, pending_queue, select, store_path
from .report import comment_panel, comments_table, import_table


def console():
    """A rich console for tables and prompts."""
    from rich.console import Console

    return Console()


def load_comments(settings):
    """The comment store, with a warning for each file that cannot be read."""
    comments, errors = load_store(store_path(settings))
    for error in errors:
        console().print(f"[yellow]warning:[/] {error}", highlight=False)
    return comments


def import_comments(settings, root: Path, path: str, fmt: str | None) -> None:
    """Import a form service's export into the moderation queue, and print what happened."""
    from comments.model import ExportError
    from comments.settings import comment_settings

    from .importer import email_salt, import_export

    salt = email_salt(root / comment_settings(settings)["COMMENTS_EMAIL_SALT_FILE"])
    try:
        report = import_export(
            Path(path),
            store_path(settings),
            rules=import_rules(settings),
            salt=salt,
            fmt=fmt,
            options=export_options(settings),
        )
    except ExportError as error:
        raise Stop(f"Nothing imported: {error}") from None
    console().print(import_table(report))


def list_comments(settings, status: str, article: str, as_json: bool) -> None:
    """Print the stored comments with this status, on this article (a table, or JSON)."""
    try:
        chosen = select(load_comments(settings).values(), status, article)
    except ValueError as error:
        raise Stop(str(error), code=2) from None
    if as_json:
        print(json.dumps([as_record(comment) for comment in chosen], indent=2, ensure_ascii=False))
    else:
        console().print(comments_table(chosen))


def moderate(settings, ids: str, status: str) -> None:
    """Give the comments with these ids a status; unknown ids change nothing."""
    chosen = parse_ids(ids)
    if not chosen:
        raise Stop("Give one or more comment ids, e.g. nf-5f3a1b2c,wp-12 (see `invoke comments.list`).", code=2)
    try:
        changed = set_status(store_path(settings), load_comments(settings), chosen, status)
    except KeyError as error:
        raise Stop(f"Nothing changed: no comment with id {error.args[0]}.") from None
    for comment in changed:
        print(f"{comment.id}: {status} ({comment.author} on {comment.article})")


def review(settings) -> None:
    """Walk the pending queue: approve, reject, mark as spam or skip each comment."""
    from rich.prompt import Prompt

    comments = load_comments(settings)
    queue = pending_queue(comments.values())
    out = console()
    if not queue:
        out.print("No comment awaits moderation.")
        return
    choices = {"a": "approved", "r": "rejected", "s": "spam"}
    decided = 0
    for number, comment in enumerate(queue, start=1):
        out.print(comment_panel(comment, number, len(queue)))
        answer = Prompt.ask(
            "[a]pprove, [r]eject, [s]pam, s[k]ip, [q]uit", choices=["a", "r", "s", "k", "q"], default="k", console=out
        )
        if answer == "q":
            break
        if answer in choices:
            set_status(store_path(settings), comments, [comment.id], choices[answer])
            decided += 1
            out.print(f"{comment.id}: {choices[answer]}")
    out.print(f"{decided} decided, {len(pending_queue(comments.values()))} still pending.")
