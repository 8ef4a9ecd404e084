"""Tables and panels for the moderator's commands (rich renderables; the commands print them).

Every value that comes from a reader or an export reaches them as a Text made by
terminal.as_text: never parsed as Rich markup, its control characters made visible.
"""

from __future__ import annotations

from comments.model import APPROVED, PENDING, REJECTED, SPAM, Comment
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .importer import DUPLICATE, IMPORTED, SKIPPED, UNCHANGED, ImportReport
from .terminal import as_text


def import_table(report: ImportReport) -> Group:
    """The import's summary, then one line per row that was not simply imported."""
    # The heading above the table, not its title: a title is wrapped to the table's width, splitting a long path.
    heading = as_text(f"Imported {report.path} ({report.format})")
    heading.no_wrap, heading.overflow = True, "ignore"
    summary = Table(show_header=True)
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
    details.add_column("row", overflow="fold")
    details.add_column("outcome", no_wrap=True)
    details.add_column("id", no_wrap=True, min_width=max([2, *(len(r.comment_id) for r in report.rows)]))
    details.add_column("why", overflow="fold")
    for row in report.rows:
        if row.outcome in (SKIPPED, DUPLICATE) or row.status == SPAM:
            style = "red" if row.outcome == SKIPPED else "yellow"
            label = row.outcome if row.outcome != IMPORTED else "spam"
            details.add_row(as_text(row.where), Text(label, style=style), as_text(row.comment_id), as_text(row.detail))
    return Group(heading, summary, details) if details.row_count else Group(heading, summary)


# Below this many columns a table of six would fold each field into slivers: one block a comment instead.
TABLE_WIDTH = 110


def comments_table(comments: list[Comment], width: int = TABLE_WIDTH) -> Table | Group:
    """Stored comments, one line each (a block each in a narrow terminal); ids are never wrapped."""
    if width < TABLE_WIDTH:
        return comments_blocks(comments)
    table = Table(title=f"{len(comments)} comment(s)")
    table.add_column("id", no_wrap=True, min_width=max([2, *(len(c.id) for c in comments)]))
    table.add_column("status", no_wrap=True)
    for column in ("article", "author"):
        table.add_column(column, overflow="fold")
    table.add_column("date", no_wrap=True)
    table.add_column("reasons", overflow="fold")
    for c in comments:
        table.add_row(
            as_text(c.id),
            as_text(c.status),
            as_text(c.article),
            as_text(c.author),
            Text(c.date.strftime("%Y-%m-%d %H:%M")),
            as_text("; ".join(c.reasons)),
        )
    return table


def comments_blocks(comments: list[Comment]) -> Group:
    """Stored comments for a narrow terminal: id, status, date and author on a line; article and reasons below."""
    lines: list[Text] = [Text(f"{len(comments)} comment(s)", style="bold")]
    for c in comments:
        lines.append(
            Text.assemble(
                as_text(c.id, "bold"),
                "  ",
                as_text(c.status),
                "  ",
                c.date.strftime("%Y-%m-%d %H:%M"),
                "  ",
                as_text(c.author),
            )
        )
        lines.append(Text.assemble("  on ", as_text(c.article)))
        if c.reasons:
            lines.append(Text.assemble("  ", as_text("; ".join(c.reasons), "dim")))
    return Group(*lines)


def comment_panel(comment: Comment, number: int, total: int) -> Panel:
    """One pending comment, as the review shows it."""
    heading = Text.assemble(as_text(comment.author, "bold"), (" <", ""), as_text(comment.website), (">", ""))
    if not comment.website:
        heading = as_text(comment.author, "bold")
    place = Text.assemble("on ", as_text(comment.article))
    if comment.parent:
        place.append_text(Text.assemble(", replying to ", as_text(comment.parent)))
    held = Text.assemble(f"{comment.date:%Y-%m-%d %H:%M %Z} · held because: ", as_text("; ".join(comment.reasons)))
    body = as_text(comment.body, lines=True)
    title = Text(f"{number}/{total} · {comment.id}")
    return Panel(Group(heading, place, held, Text(""), body), title=title)
