"""A stand-in for the part of GitHub's REST API the comment workflows use, served by pytest-httpserver.

It keeps issues, comments, pull requests and statuses in memory, answers as GitHub
does (the shapes the workflow reads), and refuses a request without the token.
"""

from __future__ import annotations

import json
import re

from werkzeug import Request, Response

REPO = "owner/blog"
TOKEN = "gh-token"


class FakeGitHub:
    """One repository's issues, pull requests and statuses."""

    def __init__(self, private: bool = True):
        self.repository = {"full_name": REPO, "private": private, "default_branch": "main", "owner": {"login": "owner"}}
        self.issues: list[dict] = []  # pull requests are issues too, as on GitHub
        self.comments: dict[int, list[dict]] = {}
        self.statuses: list[dict] = []
        self.posted: list[str] = []  # every body the workflow wrote: issues, pull requests, comments

    def install(self, httpserver) -> None:
        """Answer every /repos/... request."""
        httpserver.expect_request(re.compile(r"/repos/.*")).respond_with_handler(self.handle)

    def pulls(self) -> list[dict]:
        return [i for i in self.issues if "pull_request" in i]

    def new_number(self) -> int:
        return len(self.issues) + 1

    def handle(self, request: Request) -> Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return Response('{"message": "Bad credentials"}', status=401, content_type="application/json")
        path = request.path.removeprefix(f"/repos/{REPO}")
        body = request.get_json(silent=True) or {}
        for field in ("body", "title"):
            if isinstance(body.get(field), str):
                self.posted.append(body[field])
        route = (request.method, re.sub(r"\d+", "N", path))
        number = int(re.findall(r"\d+", path)[0]) if re.findall(r"\d+", path) else 0
        answer = self.route(route, number, request, body)
        if answer is None:
            return Response('{"message": "Not Found"}', status=404, content_type="application/json")
        status, data = answer
        return Response(json.dumps(data), status=status, content_type="application/json")

    def route(self, route, number, request, body):
        """(status, JSON) for a known route, else None."""
        if route[1].startswith("/statuses/"):
            self.statuses.append(body | {"sha": request.path.rsplit("/", 1)[-1]})
            return 201, body
        handler = {
            ("GET", ""): lambda: (200, self.repository),
            ("GET", "/issues"): lambda: (200, self.issue_list(request.args)),
            ("POST", "/issues"): lambda: self.create(body, pull=False),
            ("PATCH", "/issues/N"): lambda: self.edit(number, body),
            ("PATCH", "/pulls/N"): lambda: self.edit(number, body),
            ("GET", "/issues/N/comments"): lambda: (200, page_of(self.comments.get(number, []), request.args)),
            ("POST", "/issues/N/comments"): lambda: self.add_comment(number, body),
            ("GET", "/pulls"): lambda: (200, self.pull_list(request.args)),
            ("POST", "/pulls"): lambda: self.create(body, pull=True),
            ("GET", "/pulls/N"): lambda: (200, self.issues[number - 1]),
        }.get(route)
        return handler() if handler else None

    def issue_list(self, args) -> list[dict]:
        found = [i for i in self.issues if i["state"] == args.get("state", "open")]
        if args.get("labels"):
            found = [i for i in found if args["labels"] in [label["name"] for label in i["labels"]]]
        return page_of(found, args)

    def pull_list(self, args) -> list[dict]:
        owner, _, branch = args.get("head", "").partition(":")
        found = [p for p in self.pulls() if p["head"]["ref"] == branch and p["state"] == args.get("state")]
        return found if owner == "owner" else []

    def create(self, body, *, pull: bool):
        made = {"number": self.new_number(), "title": body["title"], "body": body["body"], "state": "open",
                "labels": [{"name": n} for n in body.get("labels", [])],
                "user": {"login": "github-actions[bot]", "type": "Bot"}}  # fmt: skip
        if pull:
            made |= {"pull_request": {}, "head": {"ref": body["head"], "repo": {"full_name": REPO}},
                     "base": {"ref": body["base"]}}  # fmt: skip
        self.issues.append(made)
        return 201, made

    def edit(self, number, body):
        issue = self.issues[number - 1]
        issue.update({k: v for k, v in body.items() if k in ("title", "body", "state")})
        return 200, issue

    def add_comment(self, number, body):
        comment = {"id": 1000 + len(self.posted), "body": body["body"],
                   "user": {"login": "github-actions[bot]", "type": "Bot"}}  # fmt: skip
        self.comments.setdefault(number, []).append(comment)
        return 201, comment


def page_of(items: list, args) -> list:
    """One page of a list, as GitHub pages them."""
    page, size = int(args.get("page", 1)), int(args.get("per_page", 30))
    return items[(page - 1) * size : page * size]
