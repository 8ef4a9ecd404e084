"""The two branches of the pull-request flow, written with git in the workflow's checkout.

- BRANCH (`comments/moderation`): the default branch plus what moderation changes in
  the committed store (approved comments, `refused.txt`) and the fetch state. Its
  pull request is what publishes, once merged.
- QUEUE_BRANCH (`comments-queue`): a branch of its own (no common history) holding
  only the moderation queue: the pending comments, the texts of refused ones. CI
  machines start empty, and the queue is git-ignored; this branch is where it lives
  between runs. It is never merged, so its files never reach the default branch. Any
  branch of a public repository is public: the flow refuses to run there (pull.py).

Commits are the workflow's bot's (IDENTITY); the checkout's own credentials push
(actions/checkout keeps the workflow's token for it).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

BRANCH = "comments/moderation"
QUEUE_BRANCH = "comments-queue"
REMOTE = "origin"
IDENTITY = {
    "GIT_AUTHOR_NAME": "github-actions[bot]",
    "GIT_AUTHOR_EMAIL": "41898282+github-actions[bot]@users.noreply.github.com",
    "GIT_COMMITTER_NAME": "github-actions[bot]",
    "GIT_COMMITTER_EMAIL": "41898282+github-actions[bot]@users.noreply.github.com",
}


class GitError(Exception):
    """A git command that failed: one line."""


def git(root: Path, *args: str, env: dict | None = None, cwd: Path | None = None, check: bool = True) -> str:
    """Run git in the checkout; its output (stripped). GitError with git's own last line when it fails."""
    result = subprocess.run(
        ["git", *args],
        cwd=cwd or root,
        env={**os.environ, **IDENTITY, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if check and result.returncode:
        last = (result.stderr.strip().splitlines() or ["failed"])[-1]
        raise GitError(f"git {args[0]}: {last}")
    return result.stdout.strip()


def remote_branch(root: Path, branch: str) -> bool:
    """Whether the remote has this branch (fetched into origin/...)."""
    return bool(git(root, "branch", "-r", "--list", f"{REMOTE}/{branch}"))


def checkout_moderation(root: Path, base: str) -> None:
    """Check out BRANCH: the remote's, brought up to date with `base`, else a new one from `base`."""
    git(root, "fetch", "--quiet", REMOTE)
    if not remote_branch(root, BRANCH):
        git(root, "checkout", "--quiet", "-B", BRANCH, f"{REMOTE}/{base}")
        return
    git(root, "checkout", "--quiet", "-B", BRANCH, f"{REMOTE}/{BRANCH}")
    try:
        git(root, "merge", "--quiet", "--no-edit", f"{REMOTE}/{base}")
    except GitError:
        git(root, "merge", "--abort", check=False)
        raise GitError(
            f"{BRANCH} cannot take {base}'s changes without a conflict (both changed the same comment file): "
            f"merge {base} into {BRANCH} by hand, or close its pull request and delete the branch"
        ) from None


def ahead(root: Path, base: str) -> int:
    """How many commits BRANCH has that `base` has not."""
    return int(git(root, "rev-list", "--count", f"{REMOTE}/{base}..HEAD") or 0)


def commit_store(root: Path, paths: list[str], message: str) -> bool:
    """Commit the changes under `paths` on BRANCH and push it; False when nothing changed."""
    git(root, "add", "--all", "--", *paths)
    if not git(root, "diff", "--cached", "--name-only"):
        return False
    git(root, "commit", "--quiet", "-m", message)
    git(root, "push", "--quiet", REMOTE, f"HEAD:refs/heads/{BRANCH}")
    return True


def restore_queue(root: Path, queue: Path) -> None:
    """Put QUEUE_BRANCH's files into the queue folder (nothing when the branch does not exist yet)."""
    queue.mkdir(parents=True, exist_ok=True)
    if not remote_branch(root, QUEUE_BRANCH):
        return
    with tempfile.TemporaryDirectory() as scratch:
        index = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        git(root, "read-tree", f"{REMOTE}/{QUEUE_BRANCH}", env=index)
        git(root, "checkout-index", "--all", "--force", f"--prefix={queue}{os.sep}", env=index)


def save_queue(root: Path, queue: Path, message: str) -> bool:
    """Commit the queue folder as it is onto QUEUE_BRANCH and push it; False when nothing changed."""
    parent = f"{REMOTE}/{QUEUE_BRANCH}" if remote_branch(root, QUEUE_BRANCH) else ""
    with tempfile.TemporaryDirectory() as scratch:
        alone = {"GIT_INDEX_FILE": str(Path(scratch) / "index"), "GIT_DIR": str(git_dir(root)),
                 "GIT_WORK_TREE": str(queue)}  # fmt: skip
        git(root, "add", "--all", "--force", ".", env=alone, cwd=queue)
        tree = git(root, "write-tree", env=alone, cwd=queue)
    if parent and git(root, "rev-parse", f"{parent}^{{tree}}") == tree:
        return False
    commit = git(root, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
    git(root, "push", "--quiet", REMOTE, f"{commit}:refs/heads/{QUEUE_BRANCH}")
    git(root, "fetch", "--quiet", REMOTE, QUEUE_BRANCH)
    return True


def git_dir(root: Path) -> Path:
    """The checkout's .git folder, absolute."""
    found = Path(git(root, "rev-parse", "--git-dir"))
    return found if found.is_absolute() else (Path(root) / found).resolve()
