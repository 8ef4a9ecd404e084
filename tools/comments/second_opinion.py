"""Akismet as a second opinion on each new comment, with the maintained `akismet` client (optional).

With AKISMET_API_KEY set, `comments.import` and `comments.fetch` ask Akismet's
comment-check about each new comment our own rules did not find to be spam, and
record the answer among its reasons: "Akismet: spam", "Akismet: spam (blatant)",
"Akismet: not spam", or "Akismet: not checked (why)". Its verdict never publishes
anything: a comment it calls spam is never approved by itself (importer.with_opinion);
the moderator decides.

What it is sent: the fields we have (name, email address, website, text, the
article's address, the date, the reader's IP address, browser and referrer when the
export carries them). The email address is used for that call only and never stored.
Akismet requires the reader's IP address: a submission without one (Formspree's
API and export give none) is "not checked".

Akismet down, slow (AKISMET_TIMEOUT seconds, default 5), or refusing the key never
blocks an import: the comment is recorded as "not checked", and after the first
failure the rest of the import does not wait for it again.

Settings (environment variables):
    AKISMET_API_KEY    the key (none: no second opinion)
    AKISMET_BLOG_URL   the site's address as registered with Akismet (default: SITEURL
                       when it is an absolute address)
    AKISMET_API_URL    Akismet's address (default https://rest.akismet.com): a stand-in
                       for tests. The client builds its URLs itself; its documented
                       `http_client` hook gets a transport that sends them there.
    AKISMET_TIMEOUT    seconds for one answer (default 5)

Reporting the moderator's verdicts back (submit-spam, submit-ham) needs the reader's
IP address and email, which we do not keep: it is left out.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC
from urllib.parse import urlsplit

import akismet
import httpx
from comments.model import Submission

from .importer import Opinion

API = "https://rest.akismet.com"
TIMEOUT = 5.0


class ElsewhereTransport(httpx.BaseTransport):
    """Sends every request to another scheme, host and port (a stand-in), path and query unchanged."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.scheme, self.host, self.port = parts.scheme or "http", parts.hostname or "127.0.0.1", parts.port
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Forward the request to the stand-in."""
        request.url = request.url.copy_with(scheme=self.scheme, host=self.host, port=self.port)
        request.headers["Host"] = request.url.netloc.decode("ascii")
        return self.inner.handle_request(request)

    def close(self) -> None:
        """Close the real transport."""
        self.inner.close()


def blog_address(settings, environ: Mapping[str, str]) -> str:
    """The site's address as Akismet knows it: AKISMET_BLOG_URL, else an absolute SITEURL, else ""."""
    address = (environ.get("AKISMET_BLOG_URL") or "").strip() or str(settings.get("SITEURL") or "")
    return address.rstrip("/") if address.startswith(("http://", "https://")) else ""


def akismet_opinion(settings, environ: Mapping[str, str] | None = None) -> Opinion | None:
    """The second opinion for this site, None without AKISMET_API_KEY."""
    environ = os.environ if environ is None else environ
    key = (environ.get("AKISMET_API_KEY") or "").strip()
    if not key:
        return None
    blog = blog_address(settings, environ)
    if not blog:
        return lambda sub: ("Akismet: not checked (set AKISMET_BLOG_URL to the site's address)", False)
    try:
        timeout = float(environ.get("AKISMET_TIMEOUT") or TIMEOUT)
    except ValueError:
        timeout = TIMEOUT
    base = (environ.get("AKISMET_API_URL") or "").strip()
    transport = ElsewhereTransport(base) if base and base.rstrip("/") != API else None
    http = httpx.Client(timeout=timeout, headers={"User-Agent": akismet.USER_AGENT}, transport=transport)
    return Akismet(akismet.SyncClient(config=akismet.Config(key=key, url=blog), http_client=http), blog)


class Akismet:
    """Asks Akismet about each submission; once it has failed, says "not checked" without asking again."""

    def __init__(self, client: akismet.SyncClient, blog: str):
        self.client, self.blog = client, blog
        self.down = ""  # why Akismet cannot be asked, once known
        self.verified = False

    def __call__(self, sub: Submission) -> tuple[str, bool]:
        """(the reason to record, whether Akismet says spam)."""
        if not sub.ip:
            return "Akismet: not checked (the submission has no IP address, which Akismet requires)", False
        if not self.down and not self.verified:
            self.down = self.problem_with_key()
        if self.down:
            return f"Akismet: not checked ({self.down})", False
        try:
            verdict = self.client.comment_check(**arguments(sub, self.blog))
        except akismet.RequestError:
            self.down = "Akismet did not answer"
        except akismet.AkismetError as error:
            self.down = f"Akismet's answer was not understood: {str(error)[:80]}"
        if self.down:
            return f"Akismet: not checked ({self.down})", False
        if verdict == akismet.CheckResponse.DISCARD:
            return "Akismet: spam (blatant)", True
        if verdict == akismet.CheckResponse.SPAM:
            return "Akismet: spam", True
        return "Akismet: not spam", False

    def problem_with_key(self) -> str:
        """Why the key cannot be used ("" when Akismet accepts it)."""
        try:
            accepted = self.client.verify_key()
        except akismet.RequestError:
            return "Akismet did not answer"
        except akismet.AkismetError as error:
            return f"Akismet's answer was not understood: {str(error)[:80]}"
        self.verified = accepted
        return "" if accepted else "Akismet refused AKISMET_API_KEY"


def arguments(sub: Submission, blog: str) -> dict:
    """comment-check's arguments for a submission: the fields we have."""
    found = {
        "user_ip": sub.ip,
        "user_agent": sub.user_agent,
        "referrer": sub.referrer,
        "permalink": f"{blog}/{sub.article}/" if sub.article.isascii() and "/" not in sub.article else "",
        "comment_type": "reply" if sub.parent else "comment",
        "comment_author": sub.name,
        "comment_author_email": sub.email,
        "comment_author_url": sub.website,
        "comment_content": sub.body,
        "comment_date_gmt": sub.date.astimezone(UTC).isoformat(),
        "blog_charset": "UTF-8",
    }
    return {name: value for name, value in found.items() if value}
