"""The whole moderation loop in CI, for a private repository: one pull request, decided by comments on it.

`refresh` (hourly, and by hand): check out the moderation branch and the queue's
branch (git.py), fetch and import the new submissions exactly as `invoke
comments.fetch` does, commit what changed, and open or update the one pull request
listing each waiting comment: its id, article, name, website, reasons and the start
of its text, all in code blocks (markdown.py), so no `@mention`, link, `#reference`
or HTML a reader wrote comes alive.

`obey` (a comment on that pull request): the lines of the comment that are commands,

    /approve ID [ID...]    /approve all    /reject ID [ID...]    /spam ID [ID...]

(ids separated by spaces or commas; a line quoted with `>` or inside a code block is
never a command, so quoting a reader's text or another comment commands nothing)
are obeyed only when the comment's author is the repository's owner, a member of
its organisation or a collaborator (GitHub's `author_association`); anyone else is
ignored and told so once; a bot's comment (this workflow's own) is ignored. Each
command is applied with `invoke comments.approve`'s code (commands.run_moderate):
unknown ids change nothing and are named in the answer. Merging the pull request
publishes the approved comments.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from comments.model import APPROVED, PENDING, REJECTED, SPAM, Comment
from rich.console import Console

from tools.comments.articles import site_articles
from tools.comments.commands import CommandError, places, run_fetch, run_moderate
from tools.comments.fetch import state_file
from tools.comments.moderation import select, store_path
from tools.comments.queue import load

from .api import GitHub, GitHubError
from .git import BRANCH, ahead, checkout_moderation, commit_store, restore_queue, save_queue
from .markdown import LIMIT, excerpt, fenced

ALLOWED = ("OWNER", "MEMBER", "COLLABORATOR")
STATUSES = {"approve": APPROVED, "reject": REJECTED, "spam": SPAM}
COMMAND = re.compile(r"^ {0,3}/(approve|reject|spam)\b(.*)$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
IGNORED_MARK = "<!-- comments-moderation: ignored {login} -->"
HELP = (
    "Decide with a comment on this pull request, one command a line:\n\n"
    "```text\n/approve ID ID...\n/approve all\n/reject ID...\n/spam ID...\n```\n\n"
    "Only the repository's owners, members and collaborators are obeyed. Merging this pull request publishes the "
    "approved comments. Its build is checked by the workflow itself (the `comments / build` status below)."
)


@dataclass(frozen=True)
class Command:
    """One command line of a moderator's comment."""

    status: str
    ids: tuple[str, ...]
    every: bool  # /approve all
    line: str


def commands_in(body: str) -> list[Command]:
    """The command lines of a comment; quoted lines and code blocks are never commands."""
    found, fence = [], ""
    for line in str(body or "").replace("\r\n", "\n").split("\n"):
        if match := FENCE.match(line):
            mark, rest = match.group(1), match.group(2)
            if not fence:
                if not (mark[0] == "`" and "`" in rest):  # an info string holds no backtick (CommonMark)
                    fence = mark
                    continue
            # As CommonMark closes a fence: the same mark, as long at least, and nothing after it but spaces
            # (a line ````js inside a block is text: the commands after it are quoted, as GitHub shows them).
            elif mark[0] == fence[0] and len(mark) >= len(fence) and not rest.strip():
                fence = ""
                continue
        if fence:
            continue
        if not (match := COMMAND.match(line)):
            continue
        words = tuple(dict.fromkeys(match.group(2).replace(",", " ").split()))
        every = match.group(1) == "approve" and words == ("all",)
        found.append(Command(STATUSES[match.group(1)], () if every else words, every, line.strip()[:200]))
    return found


def pending_comments(settings, root: Path) -> list[Comment]:
    """The comments waiting in the queue, oldest first."""
    return select(load(places(settings, root)).comments().values(), PENDING)


def pull_body(pending: list[Comment], titles: dict[str, str]) -> str:
    """The pull request's body: each waiting comment, reader text in code blocks only, then how to decide."""
    parts = [f"**{len(pending)}** comment(s) await moderation." if pending else "No comment awaits moderation.", ""]
    shown = 0
    for comment in pending:
        details = [
            f"Article: {titles.get(comment.article, comment.article)}",
            f"Name:    {comment.author}",
            *([f"Website: {comment.website}"] if comment.website else []),
            f"Date:    {comment.date.isoformat(timespec='minutes')}",
            f"Reasons: {'; '.join(comment.reasons)}",
            *([f"Replies to: {comment.parent}"] if comment.parent else []),
            "",
            excerpt(comment.body),
        ]
        section = f"### `{comment.id}`\n\n{fenced(chr(10).join(details))}\n"
        if sum(len(p) for p in parts) + len(section) > LIMIT - 2000:
            break
        parts.append(section)
        shown += 1
    if shown < len(pending):
        parts.append(f"… and {len(pending) - shown} more (`invoke comments.list --status pending` shows them all).\n")
    parts.append(HELP)
    return "\n".join(parts)


def pull_title(count: int) -> str:
    """The pull request's title."""
    return f"Comments: {count} awaiting moderation" if count else "Comments: moderated, ready to merge"


def private_repository(github: GitHub) -> dict:
    """The repository's description; GitHubError when it is public (its branches would publish the queue)."""
    repository = github.repository()
    if not repository.get("private"):
        raise GitHubError(
            "the moderation pull request needs a private repository: in a public one its branches, the queue's "
            "included, are public. Use the notice instead (COMMENTS_MODERATION unset; docs/moderating.md)"
        )
    return repository


def save(settings, root: Path, message: str) -> bool:
    """Commit and push what changed: the store and the fetch state on BRANCH, the queue on its own branch.

    True when the moderation branch changed (its build is then checked again).
    """
    found = places(settings, root)
    store = store_path(settings)
    paths = [str(Path(store).relative_to(root)) if Path(store).is_absolute() else str(store)]
    state = state_file(settings)
    if not Path(state).is_relative_to(store):
        paths.append(str(Path(state).relative_to(root)) if Path(state).is_absolute() else str(state))
    changed = commit_store(root, paths, message)
    save_queue(root, found.queue, message)
    return changed


def update_pull(github: GitHub, settings, root: Path, owner: str, base: str) -> str:
    """Open or edit the one pull request; says what it did."""
    pending = pending_comments(settings, root)
    titles = {slug: info.title for slug, info in site_articles(settings).items()}
    title, body = pull_title(len(pending)), pull_body(pending, titles)
    pull = github.open_pull(owner, BRANCH)
    if pull is None:
        if not ahead(root, base):
            return "Nothing to moderate."
        pull = github.create_pull(title, body, BRANCH, base)
        return f"Opened #{pull['number']}: {title}."
    if pull.get("title") != title or pull.get("body") != body:
        github.edit_pull(pull["number"], title=title, body=body)
    return f"#{pull['number']}: {title}."


def quiet_console() -> Console:
    """A console whose output is kept, not shown (what the commands print is for a terminal)."""
    return Console(file=io.StringIO(), width=200, color_system=None)


def refresh(settings, root: Path, github: GitHub, *, environ=None, web=None) -> tuple[str, bool]:
    """Fetch and import the new submissions on the moderation branch, save both branches, update the pull request.

    Returns what it did, and whether the moderation branch changed.
    """
    repository = private_repository(github)
    base = repository.get("default_branch") or "main"
    checkout_moderation(root, base)
    restore_queue(root, places(settings, root).queue)
    try:
        run_fetch(settings, root, quiet_console(), environ=environ, web=web)
    except CommandError as error:
        raise GitHubError(str(error)) from None
    changed = save(settings, root, "Comments: fetched from the form service")
    return update_pull(github, settings, root, repository["owner"]["login"], base), changed


def obey(event: dict, settings, root: Path, github: GitHub) -> tuple[str, bool]:
    """Apply the commands of a comment on the moderation pull request; what it did, whether the branch changed."""
    comment, issue = event.get("comment") or {}, event.get("issue") or {}
    if "pull_request" not in issue:
        return "Not a pull request: nothing to do.", False
    user = comment.get("user") or {}
    if user.get("type") == "Bot":
        return "A bot's comment: ignored.", False
    commands = commands_in(comment.get("body", ""))
    if not commands:
        return "No command in the comment.", False
    repository = private_repository(github)
    pull = github.pull_request(issue["number"])
    head = pull.get("head") or {}
    if (
        head.get("ref") != BRANCH
        or (head.get("repo") or {}).get("full_name") != github.repo
        or pull.get("state") != "open"
    ):
        return "Not the open moderation pull request: nothing to do.", False
    login = str(user.get("login", ""))
    if comment.get("author_association") not in ALLOWED:
        return answer_stranger(github, issue["number"], login), False
    base = repository.get("default_branch") or "main"
    checkout_moderation(root, base)
    restore_queue(root, places(settings, root).queue)
    said = [apply(command, settings, root) for command in commands]
    changed = save(settings, root, f"Comments: moderated by {login}")
    done = update_pull(github, settings, root, repository["owner"]["login"], base)
    github.comment(issue["number"], "Done:\n\n" + fenced("\n".join(said)) + f"\n\n{done}")
    return done, changed


def apply(command: Command, settings, root: Path) -> str:
    """Apply one command with `invoke comments.approve`'s code; one line (or a few) saying what happened."""
    ids = [c.id for c in pending_comments(settings, root)] if command.every else list(command.ids)
    if not ids:
        return f"{command.line}: " + ("no comment awaits moderation" if command.every else "give one or more ids")
    out = quiet_console()
    try:
        changed = run_moderate(",".join(ids), command.status, settings, root, out, ask=lambda *_: "n")
    except CommandError as error:
        return f"{command.line}: {error}"
    notes = [line for line in out.file.getvalue().splitlines() if "replies to a comment" in line or "note:" in line]
    return "\n".join([f"{c.id}: {command.status}" for c in changed] + notes)


def answer_stranger(github: GitHub, number: int, login: str) -> str:
    """Tell someone who may not moderate, once, that their commands were ignored."""
    mark = IGNORED_MARK.format(login=re.sub(r"[^A-Za-z0-9-]", "", login))
    if any(mark in str(c.get("body", "")) for c in github.comments(number)):
        return "Ignored a comment from someone who may not moderate (told before)."
    github.comment(
        number,
        f"{mark}\nThis comment was ignored: only the repository's owners, members and collaborators can moderate "
        "comments here.",
    )
    return "Ignored a comment from someone who may not moderate (told once)."
