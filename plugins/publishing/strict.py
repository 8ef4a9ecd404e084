"""A strict build: run Pelican and collect every warning, so a publish can refuse to ship them."""

from __future__ import annotations

import logging

from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def fresh_warnings() -> None:
    """Let the next build report its warnings again.

    Pelican reports each warning once per process; livereload, tests and strict
    publishes build several times in one process and each build must see its own.
    """
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def strict_build(settings_file: str, overrides: dict | None = None) -> list[str]:
    """Build the site; return every warning and error it logged (empty: safe to publish)."""
    fresh_warnings()
    collector = _Collect()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        Pelican(read_settings(settings_file, override=overrides or {})).run()
    except Exception as error:
        collector.messages.append(f"the build failed: {error}")
    finally:
        root.removeHandler(collector)
    return collector.messages
