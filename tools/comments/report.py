"""Tables and panels for the moderator's commands (rich renderables; the task prints them)."""

from __future__ import annotations

from comments.model import APPROVED, PENDING, REJECTED, SPAM, Comment
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .importer import DUPLICATE, IMPORTED, SKIPPED, UNCHANGED, ImportReport


def import_table(report: ImportReport) -> Group:
    """The import's summary, then one line per row that was not simply imported."""
    summary = Table(title=f"Imported {report.path} ({report.format})", show_header=True)
    summary.add_column("outcome")
    summary.add_column("rows", justify="right")
    for label, outcome, status in (
        ("imported, pending", IMPORTED, PENDING),
        ("imported, approved", IMPORTED, APPROVED),
        ("imported, spam", IMPORTED, SPAM),
        ("imported, rejected", IMPORTED, REJECTED),
        ("already in the store (unchanged)", UNCHANGED, None),
        ("duplicates (not stored)", DUPLICATE, None),
        ("skipped (see below)", SKIPPED, None),
    ):
        summary.add_row(label, str(report.count(outcome, status)))
    summary.add_row(Text("total", style="bold"), Text(str(len(report.rows)), style="bold"))
    details = Table(title="Rows to look at", show_header=True)
    for column in ("row", "outcome", "id", "why"):
        details.add_column(column, overflow="fold")
    for row in report.rows:
        if row.outcome in (SKIPPED, DUPLICATE) or row.status == SPAM:
            style = "red" if row.outcome == SKIPPED else "yellow"
            label = row.outcome if row.outcome != IMPORTED else "spam"
            details.add_row(row.where, Text(label, style=style), row.comment_id, row.detail)
    return Group(summary, details) if details.row_count else Group(summary)


def comments_table(comments: list[Comment]) -> Table:
    """Stored comments, one line each."""
    table = Table(title=f"{len(comments)} comment(s)")
    for column in ("id", "status", "article", "author", "date", "reasons"):
        table.add_column(column, overflow="fold")
    for c in comments:
        table.add_row(c.id, c.status, c.article, c.author, c.date.strftime("%Y-%m-%d %H:%M"), "; ".join(c.reasons))
    return table


def comment_panel(comment: Comment, number: int, total: int) -> Panel:
    """One pending comment, as the review shows it."""
    lines = [
        f"[bold]{comment.author}[/]" + (f" <{comment.website}>" if comment.website else ""),
        f"on {comment.article}" + (f", replying to {comment.parent}" if comment.parent else ""),
        f"{comment.date:%Y-%m-%d %H:%M %Z} · held because: {'; '.join(comment.reasons)}",
    ]
    body = Text(comment.body)
    return Panel(Group(Text.from_markup("\n".join(lines)), Text(""), body), title=f"{number}/{total} · {comment.id}")
