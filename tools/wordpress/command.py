"""`invoke import-wordpress`: the migration, and the report it prints."""

from __future__ import annotations

import os
from pathlib import Path

from tools import Stop


def import_wordpress(settings_file: str, root: Path, export: str, uploads: str = "", force: bool = False) -> None:
    """Move a WordPress blog over, then print what was created, kept, skipped and what to check."""
    from comments.settings import comment_settings
    from rich.console import Console
    from rich.table import Table

    from tools.comments.importer import SaltError
    from tools.comments.queue import PlaceError
    from tools.comments.report import import_table
    from tools.comments.terminal import as_text
    from tools.site.build import site_settings

    from .manifest import ManifestError
    from .report import report_lines
    from .run import UploadsError, printable
    from .run import import_wordpress as migrate
    from .wxr import WxrError

    try:
        settings = site_settings(settings_file)
    except ValueError as error:  # Pelican's own check of the settings, e.g. no content folder
        raise Stop(f"Nothing imported: the site's settings are wrong: {error}") from None
    salt = root / comment_settings(settings)["COMMENTS_EMAIL_SALT_FILE"]
    try:
        report = migrate(
            Path(export), settings, salt_file=salt, uploads=Path(uploads) if uploads else None, force=force
        )
    except ManifestError as error:
        raise Stop(f"Nothing imported: {printable(str(error))}") from None
    except WxrError as error:
        raise Stop(f"Nothing imported: {export} {printable(error)}") from None
    except UploadsError as error:
        raise Stop(f"Nothing imported: --uploads {uploads}: {printable(error)}") from None
    except SaltError as error:  # checked before anything is written
        raise Stop(f"Nothing imported: {printable(str(error))}") from None
    except PlaceError as error:  # the comments' store or queue cannot be written
        raise Stop(f"The import stopped: {printable(str(error))} (run it again once fixed)") from None
    except OSError as error:  # a read-only content folder, a full disk: what was written is whole
        raise Stop(
            f"The import stopped: {printable(error)} (run it again once fixed: the files written are whole and kept)"
        ) from None
    out = Console()
    # Everything from the export reaches the terminal as text, never as Rich markup or escapes (as_text, printable).
    out.print(f"WordPress import of {printable(export)}", markup=False, highlight=False, soft_wrap=True)
    summary = Table()
    summary.add_column("what")
    summary.add_column("count", justify="right")
    counts = report.plan.counts
    for label, value in (
        ("posts", counts["posts"]),
        ("pages", counts["pages"]),
        ("of which drafts", counts["drafts"]),
        ("tags", sum(1 for key in counts if key.startswith("tag:"))),
        ("comments in the export", counts["comments"]),
        ("files created", len(report.created)),
        ("files updated (an earlier import's, unchanged since)", len(report.updated)),
        ("files unchanged (already as the import writes them)", len(report.unchanged)),
        ("replaced with --force: edited since the import (listed below)", len(report.replaced)),
        ("kept: edited since the import (listed below)", len(report.edited)),
        ("not written again: deleted since the import (listed below)", len(report.deleted)),
        ("kept: not the import's, never overwritten (listed below)", len(report.not_ours)),
        *((f"skipped: {reason}", n) for reason, n in sorted(report.plan.skipped.items())),
    ):
        summary.add_row(as_text(label), str(value))
    out.print(summary)
    out.print(import_table(report.comments))
    content = os.path.relpath(settings["PATH"], root)
    for text, style in report_lines(report, printable, content):
        # Unwrapped: a URL, a path or a post's line split by the terminal's width cannot be copied.
        out.print(text, style=style or None, markup=False, highlight=False, soft_wrap=True)
