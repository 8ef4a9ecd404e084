"""What one warning costs a build: Pelican's Rich handler beside ours (`python -m benchmarks.warning_cost`).

Logs 2,000 distinct warnings (what 1,000 posts without bios and credits print) through
each handler into memory, three times in turns, and prints the time a warning and the
lines it takes. Not a test: timings on a shared machine are noisy.
"""

from __future__ import annotations

import io
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

WARNINGS = 2000


def rich_handler(stream) -> logging.Handler:
    """Pelican's own handler (what `pelican.log.init` installs), on an 80-column console."""
    from rich.console import Console
    from rich.logging import RichHandler

    return RichHandler(console=Console(file=stream, width=80))


def our_handler(stream) -> logging.Handler:
    """The builds' handler since issue 13."""
    from writing.report import LineHandler

    return LineHandler(stream, annotations=False, colour=False)


def cost(make, turn: int) -> tuple[float, float]:
    """(milliseconds a warning, lines a warning) through one handler."""
    stream = io.StringIO()
    log = logging.getLogger(f"warning_cost.{make.__name__}.{turn}")
    log.propagate = False
    log.addHandler(make(stream))
    started = time.perf_counter()
    for n in range(WARNINGS):
        # Distinct each time: Pelican's logger class drops a message it has seen in the process.
        log.warning("content/%s-%05d.md:3: Author %r has no bio: add content/authors/%s.md", log.name, n, "X", "x")
    elapsed = time.perf_counter() - started
    return elapsed / WARNINGS * 1000, stream.getvalue().count("\n") / WARNINGS


def main() -> None:
    """Print the cost of a warning through each handler, three turns."""
    for turn in range(3):
        for make in (rich_handler, our_handler):
            ms, lines = cost(make, turn)
            total = ms * WARNINGS / 1000
            print(f"{make.__name__:13} {ms:.4f} ms a warning, {lines:.1f} line(s) each; {WARNINGS} take {total:.3f} s")


if __name__ == "__main__":
    main()
