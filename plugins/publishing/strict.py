"""A strict build: run Pelican and collect what must stop a publish.

What stops it: every error, and every warning but a content warning of the
writing plugin's checks (an unknown field, a draft's problem), which `invoke
check` does not count as an error either. The publish task prints the build's
problems as they come (writing.report); this collects them for tests and tools.
"""

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
        from writing.report import problem_of  # the writing plugin sits beside this one

        problem = problem_of(record)
        if problem is None:
            self.messages.append(" ".join(record.getMessage().split()))
        elif problem.severity == "error":
            self.messages.append(str(problem))


def fresh_warnings() -> None:
    """Let the next build report its warnings again.

    Pelican reports each warning once per process; livereload, tests and strict
    publishes build several times in one process and each build must see its own.
    """
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def strict_build(settings_file: str, overrides: dict | None = None) -> list[str]:
    """Build the site; return every problem that must stop a publish (empty: safe to publish)."""
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
