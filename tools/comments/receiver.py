"""The local receiver: a comment form's POST taken by the development server, kept as a Formspree export.

A fresh clone has no form service. Its development build's form posts to
COMMENTS_LOCAL_RECEIVER (`/_comments/receive`) on the server of `invoke serve` or
`invoke livereload`, which hands the request to `Receiver`: the submission is
checked as an import checks a row (the form's fields as text, a name, a text and an
article, a date), appended to `exports/local-comments.json` in Formspree's export
shape (the whole file rewritten atomically, under a lock), and the reader is sent
to the "awaits moderation" page. `invoke comments.import exports/local-comments.json`
then imports it like any export (the same ids every time: importing again changes
nothing).

Everything in the request is the reader's, and untrusted:
- the body is read only when it announces its length, at most MAX_BODY bytes, as
  `application/x-www-form-urlencoded` (what the form sends), ASCII with UTF-8
  percent-escapes; anything else is refused with its status (411, 413, 415, 400);
- a form posted from another site (an `Origin` that is not this server's own, a
  `Host` that is not this computer's name for itself) is refused (403): no page on
  the web can fill the moderator's queue through their browser;
- only the form's fields are kept (name, email, website, comment, article, parent),
  each at most MAX_FIELD characters; a field given twice is refused; the honeypot
  filled: the reader is thanked, and nothing is kept (as Formspree does);
- the reader is always sent to the site's own thanks page (never to an address the
  request names); what the reader sees of a refusal is escaped text;
- the file holds at most MAX_SUBMISSIONS submissions (then 503: import them, then
  delete the file); a file that cannot be read as such an export is never
  overwritten (500, and the console says what to do).

The adapters (tools/serve.py: the standard library's server, and livereload's
Tornado) only move bytes: every decision is here, in `Receiver.check_headers` (before
the body is read) and `Receiver.receive`.
"""

from __future__ import annotations

import html
import ipaddress
import json
import re
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from comments.forms import LOCAL_HONEYPOT
from comments.model import FIELDS, ExportError
from comments.settings import comment_settings
from comments.store import write_atomically

from .exports import formspree_submissions, load_json
from .moderation import export_options

EXPORT = Path("exports") / "local-comments.json"
MAX_BODY = 64 * 1024  # bytes: the form's 5,000-character text, percent-encoded, several times over
MAX_FIELD = 20_000  # characters of one field (the import holds a text above COMMENTS_MAX_LENGTH)
MAX_FIELDS = 20  # name=value pairs in one body: the form sends nine
MAX_SUBMISSIONS = 1_000
FORM_TYPE = "application/x-www-form-urlencoded"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Answer:
    """What the server answers: a status, where to send the reader (a redirect) or a page, and a console line."""

    status: int
    location: str = ""
    page: str = ""  # HTML, every reader value in it escaped
    log: str = ""

    def body(self) -> bytes:
        """The answer's body, UTF-8."""
        return self.page.encode("utf-8")


def refusal(status: int, why: str, log: str = "") -> Answer:
    """A refusal: a short page for the reader saying why (escaped), the same line for the console."""
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8><title>Comment not received</title>"
        f"<h1>Your comment was not received</h1><p>{html.escape(why)}</p>"
        "<p>Go back to the article, correct it, and post it again.</p>"
    )
    return Answer(status, page=page, log=log or f"refused a comment ({status}): {why}")


def loopback(host: str) -> bool:
    """Whether a Host header's name (port aside) is this computer's own."""
    try:
        name = (urlsplit(f"//{host}").hostname or "").removesuffix(".")  # `localhost.`: the same name, fully written
    except ValueError:
        return False
    if name in LOOPBACK_NAMES:
        return True
    try:  # an address, not a name that starts like one (`127.attacker.example` is anybody's)
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class Receiver:
    """Takes the form's POSTs for a site: `path` is where the form posts, `root` the project's folder."""

    def __init__(self, settings, root: Path, *, clock: Callable[[], datetime] | None = None):
        options = comment_settings(settings)
        self.path = "/" + options["COMMENTS_LOCAL_RECEIVER"].strip("/")
        self.thanks = "/" + options["COMMENTS_THANKS_URL"].lstrip("/")
        self.export = Path(root) / EXPORT
        self.options = export_options(settings)
        self.zone = ZoneInfo(self.options["tz"])
        self.clock = clock or (lambda: datetime.now(self.zone))
        self.lock = threading.Lock()  # one writer at a time: the server answers requests on many threads

    def handles(self, path: str) -> bool:
        """Whether a request's path (query aside) is the receiver's."""
        return urlsplit(path).path.rstrip("/") == self.path

    def check_headers(self, headers: Mapping[str, str], bound_host: str = "127.0.0.1") -> Answer | None:
        """A refusal decided by the headers alone, before any of the body is read; None: read it (Content-Length)."""
        return sender_refusal(headers, bound_host) or shape_refusal(headers)

    def receive(self, body: bytes) -> Answer:
        """Take one form submission's body; append it to the export, or say why not."""
        try:
            fields = form_fields(body)
        except ValueError as error:
            return refusal(400, str(error))
        if fields.get(LOCAL_HONEYPOT, "").strip():
            return Answer(303, self.thanks, log="ignored a comment with the honeypot field filled (a robot)")
        now = self.clock().astimezone(self.zone).replace(tzinfo=None)
        record = {"_date": now.isoformat(timespec="milliseconds"), "_id": uuid.uuid4().hex[:16]}
        record |= {name: fields.get(name, "") for name in FIELDS}
        _submissions, problems = formspree_submissions([record], self.options)
        if problems:  # what the import would skip: no name, no text, no article
            return refusal(400, f"it {problems[0].message}")
        with self.lock:
            return self.append(record)

    def append(self, record: dict) -> Answer:
        """Add a record to the export file, rewritten whole; never over a file that is not such an export."""
        where = EXPORT.as_posix()
        try:
            export = read_local_export(self.export)
        except ExportError as error:
            return Answer(500, page=server_trouble(), log=f"{where} {error}: move it away (nothing was written)")
        if len(export["submissions"]) >= MAX_SUBMISSIONS:
            return Answer(503, page=server_trouble(), log=f"{where} holds {MAX_SUBMISSIONS} comments already: import "
                          f"them (invoke comments.import {where}), then delete it")  # fmt: skip
        export["submissions"].append(record)
        try:
            write_atomically(self.export, json.dumps(export, indent=1, ensure_ascii=False) + "\n", private=True)
        except OSError as error:
            return Answer(500, page=server_trouble(), log=f"{where} cannot be written ({error.strerror or error})")
        count, article = len(export["submissions"]), record["article"][:80]
        log = f"received a comment for {article!r}: {where} holds {count}; import with: invoke comments.import {where}"
        return Answer(303, self.thanks, log=log)


# A Host header as a browser writes it: a name or an address, then perhaps a port; nothing else.
HOST_SYNTAX = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def own_host(host: str, bound_host: str) -> bool:
    """Whether a Host header names this computer: a loopback name or address; when the server listens on the network
    too (`--host 0.0.0.0`), any address typed as one (192.168.1.5) or the computer's own name. Never another name a
    page's script can point at this computer (DNS rebinding)."""
    if not HOST_SYNTAX.fullmatch(host):  # `evil@localhost`, `localhost#.evil.example`: no browser sends them
        return False
    if loopback(host):
        return True
    if loopback(bound_host):
        return False
    try:
        name = (urlsplit(f"//{host}").hostname or "").lower()
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    computer = socket.gethostname().lower()
    return bool(name) and name in {computer, f"{computer}.local", socket.getfqdn().lower()}


def every_value(headers, name: str) -> list[str]:
    """Every value of a header: from http.server's headers (email's Message), tornado's (livereload's), or a dict."""
    if hasattr(headers, "get_list"):  # tornado's HTTPHeaders, whose get_all() gives every header
        return list(headers.get_list(name))
    if hasattr(headers, "get_all"):
        return list(headers.get_all(name) or ())
    value = headers.get(name)
    return [] if value is None else [value]


def sender_refusal(headers: Mapping[str, str], bound_host: str) -> Answer | None:
    """A refusal of a form posted from another site, or to a name that is not this computer's (DNS rebinding)."""
    if any(len(every_value(headers, name)) > 1 for name in ("Host", "Origin")):
        log = "refused a comment with two Host or Origin headers"
        return refusal(403, "the request was not sent by a browser", log)
    host = headers.get("Host") or ""
    if not own_host(host, bound_host):
        why = "this server takes comments only from pages it serves itself"
        return refusal(403, why, f"refused a comment sent to the host name {host[:80]!r} (not this computer's own)")
    origin = headers.get("Origin")
    if origin is not None and origin != f"http://{host}":
        return refusal(403, "the form was posted from another site", f"refused a comment posted from {origin[:80]!r}")
    return None


def shape_refusal(headers: Mapping[str, str]) -> Answer | None:
    """A refusal of a body that is not a form as a browser sends it, or that is too long to read."""
    kind = (headers.get("Content-Type") or "").partition(";")[0].strip().lower()
    if kind != FORM_TYPE:
        return refusal(415, f"the form must be sent as {FORM_TYPE}, not {kind[:60] or 'nothing'!r}")
    length = headers.get("Content-Length") or ""
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower() or not (length.isascii() and length.isdigit()):
        return refusal(411, "the request must say its length (Content-Length)")
    if int(length) > MAX_BODY:
        return refusal(413, f"the comment is too long ({int(length):,} bytes; at most {MAX_BODY:,})")
    return None


def form_fields(body: bytes) -> dict[str, str]:
    """The fields of a form body (ASCII, UTF-8 percent-escapes); ValueError says what is wrong with it."""
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        raise ValueError("the form was not encoded as a browser encodes it (a raw byte outside ASCII)") from None
    try:
        pairs = parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError:
        raise ValueError("a field is not UTF-8 text") from None
    except ValueError:
        raise ValueError(f"the form has more than {MAX_FIELDS} fields") from None
    kept = {name: values for name, values in pairs.items() if name in (*FIELDS, LOCAL_HONEYPOT)}
    twice = sorted(name for name, values in kept.items() if len(values) > 1)
    if twice:
        raise ValueError(f"the field {twice[0]!r} is given more than once")
    long = sorted(name for name, values in kept.items() if len(values[0]) > MAX_FIELD)
    if long:
        raise ValueError(f"the field {long[0]!r} is too long (at most {MAX_FIELD:,} characters)")
    return {name: values[0] for name, values in kept.items()}


def read_local_export(path: Path) -> dict:
    """The receiver's export as it is ({"fields", "submissions"}; a new one when missing); ExportError if unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {"fields": ["_date", "_id", *FIELDS], "submissions": []}
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"cannot be read ({getattr(error, 'strerror', None) or error})") from None
    data = load_json(text)
    if not isinstance(data, dict) or not isinstance(data.get("submissions"), list):
        raise ExportError("is not a Formspree export (no list of 'submissions')")
    return data


def server_trouble() -> str:
    """The page a reader sees when the receiver cannot keep a comment (the console says why)."""
    return (
        "<!doctype html><html lang=en><meta charset=utf-8><title>Comment not received</title>"
        "<h1>Your comment could not be kept</h1><p>The local server could not save it: its console says why.</p>"
    )


def site_receiver(settings, root: Path) -> Receiver | None:
    """The receiver for a site whose form posts to the local server (no service configured, development), else None."""
    from comments.forms import LOCAL, FormSettingError, form_spec

    try:
        form = form_spec(comment_settings(settings), settings.get("SITEURL", ""))
    except FormSettingError:
        return None
    return Receiver(settings, root) if form.service == LOCAL else None
