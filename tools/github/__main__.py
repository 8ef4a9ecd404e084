"""`python -m tools.github COMMAND`: what .github/workflows/comments.yml runs (one line out; exit 1 on failure).

    notice FILE        keep the notice issue up to date from `invoke comments.fetch --count --json > FILE`
    refresh            fetch and import on the moderation branch, open or update its pull request
    obey               apply the commands of the comment that started the workflow (GITHUB_EVENT_PATH)
    status OUTCOME     the moderation branch's build, as a commit status: success or failure

Run from the project's folder (the workflow's checkout), with the variables GitHub
Actions sets (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_EVENT_PATH) and
the form service's and the salt's secrets.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path.cwd()
USAGE = "usage: python -m tools.github notice FILE | refresh | obey | status success|failure"


def settings():
    """The project's development settings (pelicanconf.py), as the comment commands read them."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))


def changed_output(said: str, changed: bool) -> str:
    """Tell the workflow (its step output `changed`) whether the moderation branch changed; returns `said`."""
    if output := os.environ.get("GITHUB_OUTPUT"):
        with open(output, "a", encoding="utf-8") as stream:
            stream.write(f"changed={'true' if changed else 'false'}\n")
    return said


def run(arguments: list[str]) -> str:
    """Do what the arguments say; returns the line to print."""
    from tools.comments.terminal import shown

    from .api import GitHub, GitHubError
    from .git import GitError, git
    from .notice import keep_notice, read_count
    from .pull import obey, refresh

    if not arguments or arguments[0] not in ("notice", "refresh", "obey", "status"):
        raise SystemExit(USAGE)
    github = GitHub.from_environment()
    command = arguments[0]
    try:
        if command == "notice" and len(arguments) == 2:
            return keep_notice(github, read_count(Path(arguments[1])))
        if command == "refresh":
            return changed_output(*refresh(settings(), ROOT, github))
        if command == "obey":
            event = json.loads(Path(os.environ["GITHUB_EVENT_PATH"]).read_text(encoding="utf-8"))
            return changed_output(*obey(event, settings(), ROOT, github))
        if command == "status" and len(arguments) == 2 and arguments[1] in ("success", "failure"):
            state = arguments[1]
            about = (
                "the site builds with the moderated comments" if state == "success" else "the build failed: see the run"
            )
            github.set_status(git(ROOT, "rev-parse", "HEAD"), state, "comments / build", about)
            return f"comments / build: {state}"
    except (GitHubError, GitError, KeyError, OSError, ValueError) as error:
        raise SystemExit(f"Stopped: {shown(error)}") from None
    raise SystemExit(USAGE)


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]
    print(run(sys.argv[1:]))
