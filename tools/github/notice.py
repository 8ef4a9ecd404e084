"""One issue, "N comments awaiting moderation", kept up to date from `invoke comments.fetch --count --json`.

For a public repository: the issue says how many submissions wait at the form
service and on which of the site's articles (their titles, which the site publishes
anyway), never a name, an address or a text: nothing a reader typed reaches it (the
count keeps the titles of known articles only). It is found by its label; opened
when comments wait and none is open, edited when the count changes, closed when none
waits.
"""

from __future__ import annotations

import json
from pathlib import Path

from .api import GitHub, GitHubError
from .markdown import fenced

LABEL = "comments-awaiting-moderation"


def read_count(path: Path) -> dict:
    """What `comments.fetch --count --json` wrote; GitHubError when it is not that."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise GitHubError(f"{path}: cannot read the count ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("count"), int):
        raise GitHubError(f"{path}: is not what `invoke comments.fetch --count --json` writes")
    return data


def title_of(count: int) -> str:
    """The issue's title."""
    return f"{count} comment{'' if count == 1 else 's'} awaiting moderation"


def body_of(waiting: dict) -> str:
    """The issue's body: the count by article title, and what to do. No reader text."""
    lines = [f"**{waiting['count']}** new comment(s) wait at the form service, on these articles:", ""]
    articles = [a for a in waiting.get("articles", []) if isinstance(a, dict)]
    rows = [f"{int(a.get('count', 0))} on {a.get('title', '')}" for a in articles]
    if waiting.get("unknown_articles"):
        rows.append(f"{int(waiting['unknown_articles'])} for no article of the site")
    lines += [fenced("\n".join(rows)), ""]
    lines += [
        "Their names and texts stay at the form service until you fetch them on your computer:",
        "",
        "```sh\ninvoke comments.fetch     # import them into your moderation queue (never committed)\n"
        "invoke comments.review    # approve, reject or mark as spam\n"
        "git add -A content/comments && git commit -m 'Comments' && git push\n```",
        "",
        "This issue is kept up to date by `.github/workflows/comments.yml` and closed when nothing waits.",
    ]
    return "\n".join(lines)


def keep_notice(github: GitHub, waiting: dict) -> str:
    """Open, edit or close the one notice issue; says what it did."""
    count = int(waiting["count"])
    found = sorted(github.issues(LABEL), key=lambda issue: issue["number"])
    issue = found[0] if found else None
    if count == 0:
        if issue is None:
            return "No comment waits; no notice open."
        github.edit_issue(issue["number"], title=title_of(0), body="No comment waits.", state="closed")
        return f"No comment waits: closed #{issue['number']}."
    title, body = title_of(count), body_of(waiting)
    if issue is None:
        created = github.create_issue(title, body, [LABEL])
        return f"Opened #{created['number']}: {title}."
    if issue.get("title") != title or issue.get("body") != body:
        github.edit_issue(issue["number"], title=title, body=body)
        return f"Updated #{issue['number']}: {title}."
    return f"#{issue['number']} is up to date: {title}."
