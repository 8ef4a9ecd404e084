"""The few GitHub REST calls the comment workflows make, with httpx (tools/web.py: retries, one-line failures).

The address is GITHUB_API_URL (set by GitHub Actions; tests point it at a stand-in on
127.0.0.1), the repository GITHUB_REPOSITORY ("owner/name"), the token GITHUB_TOKEN.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from tools.web import Web, WebError, client, json_of, send

API = "https://api.github.com"
HINTS = {
    401: "GITHUB_TOKEN was refused",
    403: "the workflow's token may not do this: see docs/moderating.md for the permissions and repository settings",
    404: "not found (check GITHUB_REPOSITORY, and the workflow's permissions)",
    422: "GitHub refused the request as it is",
}


class GitHubError(WebError):
    """A GitHub call that failed, or the environment that does not say what to call: one line."""


@dataclass
class GitHub:
    """A repository on GitHub, as the workflow's token sees it."""

    repo: str
    token: str
    base: str = API
    web: Web | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, web: Web | None = None) -> GitHub:
        """From the variables GitHub Actions sets; GitHubError naming what is missing."""
        environ = os.environ if environ is None else environ
        missing = [name for name in ("GITHUB_REPOSITORY", "GITHUB_TOKEN") if not environ.get(name)]
        if missing:
            raise GitHubError(f"{' and '.join(missing)} not set: this runs in a GitHub Actions workflow")
        base = (environ.get("GITHUB_API_URL") or API).rstrip("/")
        return cls(environ["GITHUB_REPOSITORY"], environ["GITHUB_TOKEN"], base, web)

    def call(self, method: str, path: str, **options):
        """One request to the repository's API (`path` after /repos/owner/name); its JSON, or None when empty."""
        web = self.web or Web()
        headers = {"Authorization": f"Bearer {self.token}", "X-GitHub-Api-Version": "2022-11-28",
                   "Accept": "application/vnd.github+json"}  # fmt: skip
        with client(self.base, web, headers=headers) as http:
            try:
                response = send(http, method, f"/repos/{self.repo}{path}", what="GitHub", web=web, hints=HINTS,
                                **options)  # fmt: skip
            except WebError as error:
                raise GitHubError(str(error)) from None
            return json_of(response, "GitHub") if response.content else None

    def listing(self, path: str, params: dict | None = None) -> list:
        """Every item of a list, page by page (100 a page)."""
        found: list = []
        for page in range(1, 51):
            items = self.call("GET", path, params={**(params or {}), "per_page": 100, "page": page})
            if not isinstance(items, list):
                raise GitHubError(f"GitHub answered {path} with something that is not a list")
            found += items
            if len(items) < 100:
                break
        return found

    def repository(self) -> dict:
        """The repository's own description (`private`, `default_branch`, `owner`)."""
        found = self.call("GET", "")
        if not isinstance(found, dict):
            raise GitHubError("GitHub answered the repository's description with something that is not an object")
        return found

    def issues(self, label: str, state: str = "open") -> list[dict]:
        """The issues (not pull requests) with this label."""
        return [i for i in self.listing("/issues", {"labels": label, "state": state}) if "pull_request" not in i]

    def create_issue(self, title: str, body: str, labels: list[str]) -> dict:
        """Open an issue."""
        return self.call("POST", "/issues", json={"title": title, "body": body, "labels": labels})

    def edit_issue(self, number: int, **fields) -> dict:
        """Change an issue's (or a pull request's) title, body or state."""
        return self.call("PATCH", f"/issues/{int(number)}", json=fields)

    def comments(self, number: int) -> list[dict]:
        """The comments on an issue or a pull request, oldest first."""
        return self.listing(f"/issues/{int(number)}/comments")

    def comment(self, number: int, body: str) -> dict:
        """Comment on an issue or a pull request."""
        return self.call("POST", f"/issues/{int(number)}/comments", json={"body": body})

    def pull_request(self, number: int) -> dict:
        """One pull request."""
        return self.call("GET", f"/pulls/{int(number)}")

    def open_pull(self, owner: str, branch: str) -> dict | None:
        """The open pull request from this branch of the repository, if there is one."""
        found = self.listing("/pulls", {"head": f"{owner}:{branch}", "state": "open"})
        return found[0] if found else None

    def create_pull(self, title: str, body: str, head: str, base: str) -> dict:
        """Open a pull request."""
        return self.call("POST", "/pulls", json={"title": title, "body": body, "head": head, "base": base})

    def edit_pull(self, number: int, **fields) -> dict:
        """Change a pull request's title or body."""
        return self.call("PATCH", f"/pulls/{int(number)}", json=fields)

    def set_status(self, sha: str, state: str, context: str, description: str) -> dict:
        """A commit status (shown on the pull request as a check)."""
        fields = {"state": state, "context": context, "description": description[:140]}
        return self.call("POST", f"/statuses/{sha}", json=fields)
