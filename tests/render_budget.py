"""How much work rendering one comment takes: a count of calls (deterministic) and CPU time (for growth only).

A comment's rendering must be bounded whatever its text. Timing a render is noisy on
a shared machine, so the tests compare work between two sizes of the same text (linear
growth: about 4 times the work for 4 times the text; a quadratic renderer does 16) and
count function calls, which are the same on every run. Calls miss work done inside one
C call (a regular expression rescanning the text), so growth is checked in CPU time too,
as a ratio between sizes, never against a clock.
"""

from __future__ import annotations

import cProfile
import time

from comments.render import comment_html

SMALL, LARGE = 500, 2_000  # characters: four times the text
# Linear work grows about 4 times from SMALL to LARGE; quadratic work, 16 times. Some linear
# work costs more a character until a construct is long enough (a link's destination that never
# closes: 35 calls a character at 500, 64 at 2,000, 73 from 10,000 on): up to 7.2 times, found
# by the long run.
MAX_CALL_GROWTH = 8.0
MAX_TIME_GROWTH = 10.0
MIN_MEASURED = 0.005  # seconds at LARGE below which a ratio is noise, not growth
# Calls at LARGE that a ratio ignores: a text that takes another path at LARGE (a WordPress comment
# past its tag limit is shown as text) may cost a few times more calls, none of them growing.
CALL_FLOOR = 10_000
# Calls a character of the worst text measured (`![` repeated: about 830) may cost, with room.
CALLS_PER_CHARACTER = 1_500

# What Markdown and WordPress's HTML make syntax of: repeated, each is a pathological input of some parser.
MARKDOWN_PIECES = [
    "\\", "\\[", "[", "]", "(", ")", "![", "](", "[a](", "[a][", "[^", "`", "``", "*", "**", "_", "__", "~",
    "<", ">", "<a", "<http://", "&", "&#", "&amp;", "&#64;", "#", "=", "-", "|", "{", "}", ":", '"', "'",
    "\n", "\n\n", " ", "  ", "\t", "- ", "1. ", "> ", "    ", "[x]: /u", "<!--", "</", "a", "@", "http://",
]  # fmt: skip
HTML_PIECES = [
    "<", ">", "</", "<a>", "</a>", "<a href='", "'>", "<b>", "<p>", "<pre>", "<svg>", "<script>", "<br>",
    "<li>", "<blockquote>", "<!--", "-->", "&", "&#", "&amp;", "=", '"', "/", "[audio", "<source>",
    "\n", "\n\n", " ", "  ", "\t", "a", "[", "`", "*",
]  # fmt: skip


def repeated(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def render_calls(text: str, fmt: str) -> int:
    """Function calls (Python and C) made while rendering the comment."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        comment_html(text, fmt)
    finally:
        profiler.disable()
    return sum(entry.callcount for entry in profiler.getstats())


def cpu_seconds(text: str, fmt: str, repeats: int = 3) -> float:
    """The least CPU time of a few renderings of the comment (the others were disturbed)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        comment_html(text, fmt)
        best = min(best, time.process_time() - started)
    return best


def growth_problem(unit: str, fmt: str) -> str:
    """Why rendering `unit` repeated grows faster than its length ("" when it does not)."""
    small, large = render_calls(repeated(unit, SMALL), fmt), render_calls(repeated(unit, LARGE), fmt)
    if large > MAX_CALL_GROWTH * small + CALL_FLOOR:
        return f"{large / small:.1f} times the calls for 4 times the text ({small:,} -> {large:,})"
    if large > CALLS_PER_CHARACTER * LARGE:
        return f"{large / LARGE:,.0f} calls a character"
    small_time, large_time = cpu_seconds(repeated(unit, SMALL), fmt), cpu_seconds(repeated(unit, LARGE), fmt)
    if large_time >= MIN_MEASURED and large_time > MAX_TIME_GROWTH * small_time + 0.002:
        return f"{large_time / max(small_time, 1e-6):.1f} times the CPU time for 4 times the text"
    return ""
