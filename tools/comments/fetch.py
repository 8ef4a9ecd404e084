"""`invoke comments.fetch`: the new submissions from the form service's API, imported as `comments.import` does.

Two services have an API to read submissions from:

- **Formspree** (`FORMSPREE_ID`, `FORMSPREE_API_KEY`: the form's API key, Basic
  authentication with an empty user name): `GET /api/0/forms/<id>/submissions`
  with `since` (the newest `_date` fetched before), `order=asc`, `limit` and
  `offset`; the answer is `{"fields": [...], "submissions": [{"_date": ...,
  <the form's fields>}, ...]}`. Pages are asked for until one comes back short.
- **Netlify** (`NETLIFY_FORM_ID`, `NETLIFY_AUTH_TOKEN`: a personal access token, as
  a Bearer token): `GET /api/v1/forms/<id>/submissions` with `page` and
  `per_page`; the answer is a list of `{"id", "created_at", "data": {<the form's
  fields>}}`, newest first. Pages are asked for until one comes back short or
  reaches what was fetched before.

The API's address is `COMMENTS_API_BASE` when set (tests point it at a stand-in on
127.0.0.1), else the service's own. What was fetched is imported exactly as an
export of the same service is (`commands.import_records`: the same checks, the same
ids, so importing that service's export as well changes nothing).

Incremental: the state file (COMMENTS_FETCH_STATE, `fetched.json` in the comment
store, committed with it) keeps, for each service and form, the date of the newest
submission fetched: a date, no personal data. All pages are read before anything is
imported, and the state is written only once the import is done: a bad key, a
network failure, a rate limit that does not end, a malformed answer each stop the
command in one line with nothing imported and the state as it was (so the next
fetch asks again; the import never imports a submission twice).

`--count` reads the same pages and imports nothing: how many submissions wait, and
on which of the site's articles (titles only: never a name or a text, never what a
reader typed in the article field).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from comments.settings import comment_settings
from comments.store import MAX_FILE_BYTES, StoreError, read_plain_file, write_atomically
from dateutil import parser as dateparser

from tools.web import Web, WebError, client, json_of, send

from .exports import FIRST_DATE, FUTURE_SLACK
from .moderation import store_path

BASES = {"formspree": "https://formspree.io", "netlify": "https://api.netlify.com"}
VARIABLES = {"formspree": ("FORMSPREE_ID", "FORMSPREE_API_KEY"), "netlify": ("NETLIFY_FORM_ID", "NETLIFY_AUTH_TOKEN")}
PAGE_SIZE = 100
MAX_STATE_BYTES = MAX_FILE_BYTES  # a date per form: a few hundred bytes
MAX_PAGES = 500  # 50,000 submissions: past that, an API that keeps sending pages is not answering sensibly
STATE_NOTE = (
    "How far `invoke comments.fetch` got: per form, the date of the newest submission fetched "
    "(no personal data). Commit it with the comments."
)


class FetchError(Exception):
    """What stops a fetch: one line; nothing was imported, the state is unchanged."""


@dataclass(frozen=True)
class Source:
    """A form service's API: which service, which form, its key, and where."""

    service: str
    form: str
    key: str
    base: str

    @property
    def name(self) -> str:
        """How messages name it."""
        return self.service.capitalize()

    @property
    def state_key(self) -> str:
        """The state file's key for this form."""
        return f"{self.service}/{self.form}"

    @property
    def format(self) -> str:
        """The export format its records are in (the import's ids follow it)."""
        return f"{self.service}-json"


@dataclass(frozen=True)
class Fetched:
    """What a fetch found: the new records (the service's shape), and the newest date among them."""

    source: Source
    records: list[dict] = field(default_factory=list)
    newest: str = ""  # ISO date, "" when there is nothing new


# Where each service's form id and key are found, and how to get them.
WHERE = {
    "formspree": "the form's id, and its API key from the form's Settings > API tab; see docs/moderating.md. Without "
    "a service, comments posted to `invoke serve` are in exports/local-comments.json: invoke comments.import "
    "exports/local-comments.json",
    "netlify": "the form's id from Forms > comments, and a personal access token from User settings > Applications; "
    "see docs/moderating.md",
}


def source_for(settings, environ: Mapping[str, str] | None = None) -> Source:
    """The API to fetch from, from COMMENTS_SERVICE and the environment; FetchError saying what to set."""
    environ = os.environ if environ is None else environ
    options = comment_settings(settings)
    service = options["COMMENTS_SERVICE"]
    if service not in VARIABLES:
        raise FetchError(
            f"COMMENTS_SERVICE is {service!r}, which has no API to fetch from: download its export and run "
            "invoke comments.import PATH (docs/moderating.md)"
        )
    form_variable, key_variable = VARIABLES[service]
    setting = options["COMMENTS_FORMSPREE_ID"] if service == "formspree" else ""
    form = (setting or environ.get(form_variable) or "").strip()
    key = (environ.get(key_variable) or "").strip()
    missing = [name for name, value in ((form_variable, form), (key_variable, key)) if not value]
    if missing:
        raise FetchError(f"set {' and '.join(missing)} to fetch from {service.capitalize()} ({WHERE[service]})")
    base = (environ.get("COMMENTS_API_BASE") or "").strip().rstrip("/")
    return Source(service, form, key, base or BASES[service])


def state_file(settings) -> Path:
    """The committed state file: COMMENTS_FETCH_STATE in the comment store."""
    return store_path(settings) / comment_settings(settings)["COMMENTS_FETCH_STATE"]


def read_state(path: Path) -> dict:
    """The state file's content ({} when missing); FetchError (one line) when it cannot be read as one."""
    forms, problem = state_of(path)
    if problem:
        raise FetchError(f"{path}: {problem}")
    return forms


def state_of(path: Path) -> tuple[dict, str]:
    """The state file's forms ({} when missing), and what is wrong with it ("" when nothing is).

    Read as the store's files are (store.read_plain_file): a plain file of at most MAX_STATE_BYTES, never
    through a symbolic link, never a pipe or a device (a link to /dev/zero ended in a MemoryError, a pipe hung).
    """
    redo = "(then every submission is fetched again; none is imported twice)"
    try:
        text = read_plain_file(str(path), MAX_STATE_BYTES, what="a fetch state")
        data = json.loads(text)
    except FileNotFoundError:
        return {}, ""
    except StoreError as error:
        return {}, f"{error.message}; or delete it {redo}"
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        return {}, f"cannot be read ({getattr(error, 'strerror', None) or error}): fix or delete it {redo}"
    forms = data.get("forms") if isinstance(data, dict) else None
    if not isinstance(forms, dict) or not all(isinstance(v, dict) for v in forms.values()):
        return {}, "is not a fetch state (no 'forms' object): fix or delete it"
    return forms, ""


def fetched_until(forms: dict, source: Source) -> str:
    """The newest date fetched from this form before ("" for none)."""
    until = forms.get(source.state_key, {}).get("until", "")
    return until if isinstance(until, str) else ""


def write_state(path: Path, forms: dict, source: Source, newest: str) -> None:
    """Record the newest date fetched from this form (atomically)."""
    forms = {**forms, source.state_key: {"until": newest}}
    write_atomically(path, json.dumps({"note": STATE_NOTE, "forms": forms}, indent=2, sort_keys=True) + "\n")


def moment(value, tz: str) -> datetime | None:
    """A service's date as an aware datetime (a date without zone is in `tz`), None when it is none."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = dateparser.isoparse(value.strip())
    except (ValueError, OverflowError):
        return None
    if parsed.tzinfo is None:
        from zoneinfo import ZoneInfo

        parsed = parsed.replace(tzinfo=ZoneInfo(tz))
    return parsed


def date_of(record, source: Source) -> object:
    """A record's date field as the service gives it."""
    if not isinstance(record, dict):
        return None
    return record.get("_date") if source.service == "formspree" else record.get("created_at")


def newer(records: list, source: Source, until: str, tz: str) -> tuple[list, str]:
    """The records after `until`, and the newest date among all that the import can take.

    A record without a readable date is kept (the import says what is wrong with it). A date
    the import refuses as out of range never becomes the state: a submission dated 2999 would
    make every later fetch ask for what came after it, and get nothing, for good.
    """
    since = moment(until, tz) or datetime(1, 1, 1, tzinfo=UTC)
    latest = datetime.now(UTC) + FUTURE_SLACK
    kept, newest = [], (moment(until, tz), until)
    for record in records:
        when = moment(date_of(record, source), tz)
        if when is None or when > since:
            kept.append(record)
        if when is not None and FIRST_DATE <= when <= latest and (newest[0] is None or when > newest[0]):
            newest = (when, date_of(record, source))
    return kept, newest[1] or ""


def fetch(source: Source, until: str, tz: str, web: Web) -> Fetched:
    """Every submission after `until`, all pages read; FetchError (one line) for any failure."""
    form_variable, key_variable = VARIABLES[source.service]
    hints = {
        401: f"the API key was refused: check {key_variable}",
        403: "the API key may not read this form's submissions (for Formspree, the API needs a paid plan)",
        404: f"no form {source.form!r} there: check {form_variable}",
    }
    pages = formspree_pages if source.service == "formspree" else netlify_pages
    try:
        records = pages(source, until, tz, web, hints)
    except WebError as error:
        raise FetchError(f"Nothing fetched: {error}") from None
    kept, newest = newer(records, source, until, tz)
    return Fetched(source, kept, newest if kept else "")


def formspree_pages(source: Source, until: str, tz: str, web: Web, hints) -> list:
    """Formspree's submissions after `until`, oldest first, page by page (`limit`, `offset`)."""
    records: list = []
    with client(source.base, web, auth=("", source.key)) as http:
        for page in range(MAX_PAGES):
            params = {"order": "asc", "limit": PAGE_SIZE, "offset": page * PAGE_SIZE}
            if until:
                params["since"] = until
            response = send(http, "GET", f"/api/0/forms/{source.form}/submissions", what=source.name, web=web,
                            hints=hints, params=params)  # fmt: skip
            data = json_of(response, source.name)
            if not isinstance(data, dict) or not isinstance(data.get("submissions"), list):
                raise WebError(f"{source.name} answered JSON without a list of 'submissions' (page {page + 1})")
            records += data["submissions"]
            if len(data["submissions"]) < PAGE_SIZE:
                return records
    raise WebError(f"{source.name} kept sending pages ({MAX_PAGES} of {PAGE_SIZE}): try again later")


def netlify_pages(source: Source, until: str, tz: str, web: Web, hints) -> list:
    """Netlify's submissions, newest first, page by page (`page`, `per_page`), until the ones fetched before."""
    since = moment(until, tz)
    records: list = []
    with client(source.base, web, headers={"Authorization": f"Bearer {source.key}"}) as http:
        for page in range(1, MAX_PAGES + 1):
            response = send(http, "GET", f"/api/v1/forms/{source.form}/submissions", what=source.name, web=web,
                            hints=hints, params={"page": page, "per_page": PAGE_SIZE})  # fmt: skip
            data = json_of(response, source.name)
            if not isinstance(data, list):
                raise WebError(f"{source.name} answered JSON that is not a list of submissions (page {page})")
            records += data
            dates = [moment(date_of(record, source), tz) for record in data]
            reached = since is not None and any(d is not None and d <= since for d in dates)
            if len(data) < PAGE_SIZE or reached:
                return records
    raise WebError(f"{source.name} kept sending pages ({MAX_PAGES} of {PAGE_SIZE}): try again later")


@dataclass(frozen=True)
class Waiting:
    """How many submissions wait, and on which of the site's articles (titles; nothing a reader typed)."""

    count: int
    titles: tuple[tuple[str, int], ...]  # (article title, how many), most first
    elsewhere: int  # for no article of the site

    def as_json(self) -> str:
        """The count as the notice workflow reads it."""
        return json.dumps(
            {"count": self.count, "articles": [{"title": t, "count": n} for t, n in self.titles],
             "unknown_articles": self.elsewhere}, ensure_ascii=False)  # fmt: skip


def waiting(records: list, titles: Mapping[str, str], source: Source) -> Waiting:
    """Count the records by article: a known article's title, else counted as 'no known article'."""
    found: Counter[str] = Counter()
    elsewhere = 0
    for record in records:
        fields = record.get("data") if source.service == "netlify" and isinstance(record, dict) else record
        article = fields.get("article") if isinstance(fields, dict) else None
        slug = article.strip() if isinstance(article, str) else ""
        if slug in titles:
            found[titles[slug]] += 1
        else:
            elsewhere += 1
    return Waiting(len(records), tuple(sorted(found.items(), key=lambda item: (-item[1], item[0]))), elsewhere)
