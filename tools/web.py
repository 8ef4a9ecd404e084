"""Asking a web API for JSON, with httpx: retries on rate limits, and every failure as one line.

What the form services and GitHub answer is untrusted like any input: an answer
that is not the JSON expected, or larger than MAX_ANSWER, is a WebError, never a
traceback. A rate limit (429,
or 403 with no requests left, GitHub's way) or a service briefly unavailable (502,
503, 504) is retried after the wait the answer asks for (`Retry-After`, or GitHub's
`X-RateLimit-Reset`), else an exponential back-off, at most MAX_WAIT seconds a time
and TRIES tries in all; then it gives up with one line.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

TRIES = 5
FIRST_WAIT = 2.0  # seconds; doubled at each retry
MAX_WAIT = 60.0
TIMEOUT = 30.0  # seconds for one request
RETRIED = (429, 502, 503, 504)
MAX_ANSWER = 50_000_000  # bytes: 500 pages of submissions are far less
USER_AGENT = "second-round-comments (+https://getpelican.com)"


class WebError(Exception):
    """A request that failed: one line saying what happened and, when it is the user's to fix, what to do."""


@dataclass
class Web:
    """How to wait between tries (tests give a fake sleep), and how long."""

    sleep: Callable[[float], None] = time.sleep
    first_wait: float = FIRST_WAIT
    tries: int = TRIES
    timeout: float = TIMEOUT


def client(base: str, web: Web, **options) -> httpx.Client:
    """An httpx client for one API at `base`."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **options.pop("headers", {})}
    return httpx.Client(base_url=base, timeout=web.timeout, headers=headers, follow_redirects=False, **options)


def wait_asked(response: httpx.Response, now: float) -> float | None:
    """The seconds a rate-limited answer asks to wait (Retry-After, X-RateLimit-Reset), None if it says nothing."""
    retry_after = response.headers.get("Retry-After", "").strip()
    if retry_after.isdigit():
        return float(retry_after)
    if retry_after:
        try:
            return max(0.0, parsedate_to_datetime(retry_after).timestamp() - now)
        except (TypeError, ValueError):
            pass
    reset = response.headers.get("X-RateLimit-Reset", "").strip()
    if reset.isdigit() and response.headers.get("X-RateLimit-Remaining") == "0":
        return max(0.0, float(reset) - now)
    return None


def rate_limited(response: httpx.Response) -> bool:
    """Whether an answer says to come back later."""
    if response.status_code in RETRIED:
        return True
    return response.status_code == 403 and response.headers.get("X-RateLimit-Remaining") == "0"


def send(
    http: httpx.Client,
    method: str,
    url: str,
    *,
    what: str,
    web: Web,
    hints: Mapping[int, str] | None = None,
    **options,
) -> httpx.Response:
    """Send a request, retrying while rate-limited; WebError for anything but a 2xx answer in the end.

    `what` names the service in messages ("Formspree"); `hints` says what to do for a status (401: "check the key").
    """
    wait = web.first_wait
    for attempt in range(1, web.tries + 1):
        request = http.build_request(method, url, **options)
        try:
            response = within(web.timeout, lambda request=request: bounded(http, request, what), what)
        except httpx.TimeoutException:
            raise WebError(f"{what} did not answer within {web.timeout:g} s (try again later)") from None
        except httpx.HTTPError as error:
            raise WebError(f"cannot reach {what} at {http.base_url} ({error.__class__.__name__}: {error})") from None
        if rate_limited(response) and attempt < web.tries:
            asked = wait_asked(response, time.time())
            web.sleep(min(MAX_WAIT, asked if asked is not None else wait))
            wait *= 2
            continue
        if response.is_success:
            return response
        status = response.status_code
        if rate_limited(response):
            raise WebError(f"{what} is limiting requests ({status}) after {web.tries} tries: try again later")
        hint = (hints or {}).get(status, "")
        raise WebError(f"{what} answered {status} {response.reason_phrase}" + (f": {hint}" if hint else ""))
    raise AssertionError("unreachable")  # pragma: no cover


def within(seconds: float, call: Callable[[], httpx.Response], what: str) -> httpx.Response:
    """`call()`, given `seconds` in all, WebError after that.

    httpx's timeout is each read's: an answer sending a byte now and then would never end. The
    request runs in a thread of its own, left behind when it is too slow (a daemon thread: the
    command ends all the same, and the connection with it).
    """
    outcome: dict[str, object] = {}

    def run():
        try:
            outcome["response"] = call()
        except BaseException as error:  # raised again in the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name="web-request", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise WebError(f"{what} did not answer within {seconds:g} s (try again later)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"]


def bounded(http: httpx.Client, request: httpx.Request, what: str) -> httpx.Response:
    """Send a request and read its answer, at most MAX_ANSWER bytes of it (WebError beyond)."""
    response = http.send(request, stream=True)
    try:
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > MAX_ANSWER:
                raise WebError(f"{what} answered more than {MAX_ANSWER // 1_000_000} MB: not what was asked for")
    finally:
        response.close()
    return httpx.Response(response.status_code, headers=response.headers, content=bytes(body), request=request)


def json_of(response: httpx.Response, what: str):
    """An answer's JSON; WebError when it is none."""
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise WebError(f"{what} answered with something that is not JSON ({len(response.content):,} bytes)") from None
