"""Reader text made inert in GitHub Markdown: no mention, link, reference, image or HTML comes alive.

Reader text only ever goes into a fenced code block (`fenced`), whose fence is longer
than any run of backticks in the text, so nothing in it can close it: GitHub renders
a code block's content as it is (no `@mention`, no autolink, no `#123`, no tag).
Control characters are shown as escapes (`\\x1b`), as on the moderator's terminal.
"""

from __future__ import annotations

import re

from tools.comments.terminal import shown

BACKTICKS = re.compile(r"`+")
LIMIT = 60_000  # characters: GitHub takes 65,536 in an issue's or pull request's body


def fenced(text: str) -> str:
    """A fenced code block holding `text` exactly, whatever it holds."""
    text = shown(text, lines=True)
    longest = max((len(m.group()) for m in BACKTICKS.finditer(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def excerpt(text: str, limit: int = 300) -> str:
    """The start of a text, cut at a word near `limit` characters."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(None, 1)[0] + " …"
