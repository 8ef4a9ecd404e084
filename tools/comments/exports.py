"""Read the form services' exports into Submissions, detecting the format from the content.

Formats (the names `--format` takes):
    formspree-json  {"fields": [...], "submissions": [{"_date": "2024-03-01T12:00:00.000", ...}]}
    formspree-csv   a header with `_date` and the form's fields
    netlify-json    [{"id": ..., "created_at": ..., "data": {...}, "form_name": ...}, ...]
    netlify-csv     a header with `created_at` (and `id`) and the form's fields
    google-csv      a Google Forms response sheet: `Timestamp` then one column per question
    csv             `date,name,email,website,comment,article,parent` (optional `id`, `ip`,
                    `user_agent`); COMMENTS_CSV_COLUMNS maps other titles onto these
    wxr             a WordPress export (WXR), http:// or https:// namespace

Every form uses the field names name, email, website, comment, article, parent.
A file that cannot be read at all raises ExportError; a row that cannot be read
becomes a RowProblem and the other rows still import.

Parsing is strict: a CSV with a quote left open or a row whose number of fields is
not the header's is refused whole, with its line, never read as one merged row; a
JSON nested too deeply is refused as a file. Every row is validated before anything
is written, and a row that fails is skipped with its number and why: a field that
is not text (a list, an object) or that holds a lone surrogate (`"\\ud800"`, which
JSON allows and no file can hold), an id longer than MAX_ID_LENGTH (a JSON number
of thousands of digits is kept as its digits, never converted), a date outside
FIRST_DATE..now+2 days or with a time zone no one knows ("ABCDE").
`formspree_submissions` and `netlify_submissions` read submissions that are already
dicts in the service's shape (the local receiver, a service's API): the same checks.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import math
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from comments.model import (
    APPROVED,
    COMMENT,
    FIELDS,
    HTML,
    PENDING,
    REJECTED,
    SPAM,
    TYPES,
    ExportError,
    RowProblem,
    Submission,
)
from comments.text import shortened
from dateutil import parser as dateparser
from dateutil.parser import UnknownTimezoneWarning
from writing.header import NAMED_OFFSET

GENERIC_COLUMNS = ("date", *FIELDS)
HONEYPOTS = ("_gotcha", "bot-field")
FORMATS = ("formspree-json", "formspree-csv", "netlify-json", "netlify-csv", "google-csv", "csv", "wxr")

# The column that gives each service's CSV away.
CSV_MARKERS = (("_date", "formspree-csv"), ("Timestamp", "google-csv"), ("created_at", "netlify-csv"))

Parsed = tuple[list[Submission], list[RowProblem]]
# The dates a comment may have: none before the blog's old platform, none in the future
# (two days of slack for a clock or a zone set wrong).
FIRST_DATE = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=2)
FIELD_LIMIT = 4 << 20  # characters of a CSV field: four times what a comment's file may hold (store.MAX_FILE_BYTES)
MAX_ID_LENGTH = 1_000  # characters of a service's id (theirs are 10 to 40; a longer safe one is hashed)
MAX_NUMBER_DIGITS = 100  # a longer JSON number stays its digits (Python refuses to convert 4,300 and more)
SURROGATE = re.compile("[\ud800-\udfff]")


def parse_export(text: str, fmt: str | None, options: dict) -> tuple[str, list[Submission], list[RowProblem]]:
    """Parse an export's text; `fmt` None means detect it. Returns the format used."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ExportError("is empty")
    fmt = fmt or detect_format(text, options)
    if fmt not in PARSERS:
        raise ExportError(f"unknown format {fmt!r} (use one of: {', '.join(FORMATS)})")
    submissions, problems = PARSERS[fmt](text, options)
    return fmt, submissions, problems


def detect_format(text: str, options: dict) -> str:
    """Name the export's format from its content."""
    start = text.lstrip()[:1]
    if start == "<":
        if "wordpress.org/export/" in text[:5000]:
            return "wxr"
        raise ExportError("is XML but not a WordPress export (WXR)")
    if start in "{[":
        data = load_json(text)
        if isinstance(data, dict) and "submissions" in data:
            return "formspree-json"
        if isinstance(data, list) and all(isinstance(i, dict) and "created_at" in i and "data" in i for i in data):
            return "netlify-json"
        raise ExportError("is JSON but neither a Formspree nor a Netlify export")
    try:
        written = next(csv.reader(io.StringIO(text)), [])
    except csv.Error as error:
        raise ExportError(f"is not valid CSV on line 1: {error}") from None
    header = {h.strip() for h in written}
    # The service's own column, as it writes it; the first one of the header wins: a reader's fields come after the
    # form's, and one named `_date` in a Netlify export made every other row dateless.
    markers = dict(CSV_MARKERS)
    if found := next((markers[name] for name in written if name in markers), None):
        return found
    mapped = {options.get("columns", {}).get(h, h) for h in header}
    if {"date", "comment", "article"} <= mapped:
        return "csv"
    named = ", ".join(repr(shortened(h, 40)) for h in sorted(header)[:12])
    raise ExportError(f"has a header that no known export has: {named}")


def load_json(text: str):
    """Parse JSON, naming the line and column of a mistake (e.g. a truncated file)."""
    try:
        return json.loads(text, parse_int=json_integer)
    except json.JSONDecodeError as error:
        raise ExportError(f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except RecursionError:
        raise ExportError("is JSON nested too deeply to be an export") from None


def json_integer(digits: str) -> int | str:
    """A JSON integer: a number, or its digits when it is too long to be one anyone meant."""
    return int(digits) if len(digits) <= MAX_NUMBER_DIGITS else digits


class PartialDate(ValueError):
    """A date without its day, month or year (`2024-03`, `March 2020`)."""


# Two days unlike in every part: what dateutil fills in from one (a date with no day, `2024-03`) differs in the other.
DATE_DEFAULTS = (datetime(2001, 1, 1, 0, 0, 0), datetime(2002, 2, 2, 1, 1, 1))


def read_date(value: str, dayfirst: bool = False) -> tuple[datetime, str]:
    """dateutil's reading of a date, and the time zone it did not know and ignored ("" when none).

    ValueError for a date without its day, month or year: dateutil would take them from today.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnknownTimezoneWarning)
        date, other = (dateparser.parse(value, dayfirst=dayfirst, default=default) for default in DATE_DEFAULTS)
    if (date.year, date.month, date.day) != (other.year, other.month, other.day):
        raise PartialDate(value)
    unknown = [w for w in caught if issubclass(w.category, UnknownTimezoneWarning)]
    return date, (str(unknown[0].message).split("tzname ", 1)[-1].split(" ", 1)[0] if unknown else "")


# A year in a date: four digits on their own (not part of a longer number: a Unix time is not a date here).
YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def parse_date(value: str, tz: str, dayfirst: bool = False) -> datetime:
    """A date in any common notation; one without a time zone is taken to be in `tz`; an unknown zone is refused."""
    value = text_of(value, "date").strip()
    if not value:
        raise ValueError("has no date")
    shown = repr(shortened(value, 40))
    if match := NAMED_OFFSET.search(value):  # dateutil reads `UTC+14` as fourteen hours behind
        raise ValueError(f"date {shown} names its zone with an offset ({match['named']!r}), which reads two ways:"
                         " give the offset alone (+14:00)")  # fmt: skip
    try:
        date, unknown_zone = read_date(value, dayfirst)
    except PartialDate:
        raise ValueError(f"date {shown} has no day, month or year: give a whole date (2024-03-01 12:00)") from None
    except (ValueError, OverflowError, TypeError):
        raise ValueError(f"date {shown} is not a date") from None
    try:
        if not unknown_zone:
            date = date if date.tzinfo is not None else date.replace(tzinfo=ZoneInfo(tz))
            in_range = FIRST_DATE <= date <= datetime.now(UTC) + FUTURE_SLACK
    except (ValueError, OverflowError, TypeError):
        raise ValueError(f"date {shown} is not a date") from None
    if not YEAR.search(value):  # dateutil fills what is missing from today: `-1` would be this month's first
        raise ValueError(f"date {shown} has no four-digit year: give a whole date (2024-03-01 12:00)")
    if unknown_zone:
        raise ValueError(
            f"date {shown} has a time zone, {shortened(unknown_zone, 20)!r}, that is not known:"
            " give an offset (+02:00) or UTC"
        )
    if not in_range:
        raise ValueError(f"date {shown} is out of range (before {FIRST_DATE:%Y} or in the future)")
    return date


def text_of(value, field: str) -> str:
    """A field's value as text: a string, a number, or nothing; anything else (a list, an object) is refused.

    A string holding a lone surrogate (JSON's `"\\ud800"`) is refused too: no file can hold it.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        if SURROGATE.search(value):
            raise ValueError(f"field {field!r} holds a lone surrogate (an escape such as \\ud800 that is no character)")
        return value
    if isinstance(value, float) and not math.isfinite(value):  # 1e999 and 2e999 are both `inf`: never an id
        raise ValueError(f"field {field!r} is {value}, no number anyone wrote")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"field {field!r} is not text")


# Characters that show nothing though they are no space to str.strip(): Hangul and Braille fillers.
FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Unicode categories that show nothing on their own: controls, format characters (zero-width spaces, bidi marks),
# spaces and separators, combining marks with no letter to sit on.
UNSEEN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


def looks_empty(text: str) -> bool:
    """Whether a value shows nothing: empty, or only invisible characters (a name of zero-width spaces)."""
    return all(c in FILLERS or unicodedata.category(c) in UNSEEN for c in text)


def submission_from(
    fields: dict, where: str, date: datetime, service_id: str = "", *, request: bool = False
) -> Submission:
    """A Submission from a row's fields (our field names), checking what is required.

    `request`: the fields carry the request's address, browser and referrer, set by the service
    (Netlify) or the moderator (our own CSV). Elsewhere such fields are ones a reader posted beside
    the form's, and never reach Akismet as the request's (a forged address earned "not spam").
    """
    raw = {k: text_of(fields.get(k), k) for k in FIELDS}
    values = {k: v.strip() for k, v in raw.items()}
    missing = [k for k in ("article", "name", "comment") if looks_empty(values[k])]
    if missing:
        raise ValueError(f"has no {' and no '.join(missing)}")
    honeypot = next(
        (text_of(fields.get(h), h) for h in (*HONEYPOTS, "honeypot") if text_of(fields.get(h), h).strip()), ""
    )
    service_id = checked_id(text_of(service_id, "id").strip())
    return Submission(
        where=where,
        article=values["article"],
        name=values["name"],
        email=values["email"],
        website=values["website"],
        body=values["comment"],
        parent=values["parent"],
        date=date,
        service_id=service_id,
        honeypot=honeypot,
        **(request_details(fields) if request else {}),
    )


def checked_id(service_id: str) -> str:
    """A service's id, refused when it is longer than any service's (a JSON number of thousands of digits)."""
    if len(service_id) > MAX_ID_LENGTH:
        raise ValueError(f"its id is {len(service_id):,} characters long (at most {MAX_ID_LENGTH:,})")
    return service_id


# A submission's fields, by the names a form gives them.
SUBMISSION_FIELDS = (("article", "article"), ("name", "name"), ("email", "email"), ("website", "website"),
                     ("comment", "body"), ("parent", "parent"), ("id", "service_id"))  # fmt: skip


def validate(sub: Submission) -> None:
    """Check a submission made elsewhere (a receiver, an API) as a row is checked: ValueError says why."""
    for field, attribute in SUBMISSION_FIELDS:
        text_of(getattr(sub, attribute), field)
    checked_id(sub.service_id)


def request_details(fields: dict) -> dict[str, str]:
    """The request's address, browser and referrer when an export carries them (for Akismet only; never stored)."""
    # The names Netlify and our own CSV give them, alone: another one (`user_ip`) would be a reader's field.
    names = {"ip": ("ip",), "user_agent": ("user_agent",), "referrer": ("referrer",)}
    found = {}
    for ours, theirs in names.items():
        value = next((fields[name] for name in theirs if isinstance(fields.get(name), str) and fields[name]), "")
        found[ours] = value.strip()[:500]
    return found


def rows_of(records, make: Callable[[dict, str], Submission]) -> Parsed:
    """Apply `make` to each (record, where); a failing row, or a record that is a ValueError (a row the reading
    refused: csv_records), becomes a RowProblem."""
    submissions, problems = [], []
    for record, where in records:
        if isinstance(record, ValueError):
            problems.append(RowProblem(where, str(record)))
            continue
        try:
            submissions.append(make(record, where))
        except ValueError as error:
            problems.append(RowProblem(where, str(error)))
    return submissions, problems


def csv_records(text: str, required: tuple[str, ...], columns: dict | None = None):
    """(row dict, "row N (line L)") for each CSV record; checks the header, then the shape of every row.

    Strict: a quote left open, a stray quote, or a row with more or fewer fields than the
    header refuses the whole file, naming the line. A quoted field that swallows lines looking
    like rows of their own (a quote left open, closed by chance further down; or a reader's text
    written so, which must not block the others') is a ValueError in the record's place.
    """
    # A field as long as a comment file may be, and more: the comment is then skipped by its row (too long for the
    # store), where Python's 131,072 characters refused the whole file for one reader's long text.
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        raw = list(reader.fieldnames or [])
    except csv.Error as error:
        raise ExportError(f"is not valid CSV on line 1: {error}") from None
    header = [h.strip() for h in raw]
    read = {*GENERIC_COLUMNS, *required, "_id", "_date"}  # the columns a comment is read from
    reader.fieldnames = apart_from_look_alikes(raw, columns or {})
    for name, count in Counter(reader.fieldnames).items():
        if count > 1 and name in read:  # DictReader would keep the last one's value, and drop the others' silently
            where = [str(n) for n, given in enumerate(reader.fieldnames, start=1) if given == name]
            raise ExportError(
                f"has the column {shortened(name, 40)!r} more than once (columns {', '.join(where)}): which one holds"
                " the comment's value is unsure; remove or rename the others"
            )
    missing = [c for c in required if c not in reader.fieldnames]
    if missing:
        named = ", ".join(repr(shortened(h, 40)) for h in header[:12])
        raise ExportError(f"has no column {', '.join(repr(c) for c in missing)} (its header: {named})")
    records, line = [], reader.line_num + 1
    try:
        for number, row in enumerate(reader, start=1):
            where = f"row {number} (line {line})"
            if None in row or None in row.values():
                cells = len(header) + len(row.get(None, ())) - sum(1 for v in row.values() if v is None)
                raise ExportError(
                    f"line {line}: {where} has {cells} fields where the header has {len(header)}: a quote or a comma "
                    "is out of place (nothing was imported; fix the line, or export the file again)"
                )
            # A row that looks as if it swallowed others is skipped alone: a reader can write one on purpose.
            swallowed = swallowed_row(row, header, required[0], line) if reader.line_num > line else ""
            records.append((ValueError(swallowed) if swallowed else row, where))
            line = reader.line_num + 1
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ExportError(
                f"line {line}: a field is longer than {csv.field_size_limit():,} characters, which no comment is (a"
                " quote left open?): nothing was imported"
            ) from None
        raise ExportError(
            f"line {line}: is not valid CSV ({error}; a quote left open?), nothing was imported"
        ) from None
    return records


def apart_from_look_alikes(raw: list[str], columns: dict) -> list[str]:
    """The columns' names as rows are read: a column one of COMMENTS_CSV_COLUMNS names, else as written (spaces
    around it aside); one named like another with spaces around (`comment `, ` date`) is set apart.

    Such a column is a field a reader posted beside the form's: it is never read, so it takes no
    other column's place (the honeypot's, an id's, an address's), and never makes a name twice
    (which refuses the whole file). Of the columns with one name, the mapped one comes first,
    then the one written exactly so; when none is, all of them are set apart. Two columns written
    exactly alike stay, for the file to be refused.
    """
    stripped = [name.strip() for name in raw]
    names = [columns.get(name, name) for name in stripped]
    # 2: named by COMMENTS_CSV_COLUMNS; 1: written exactly as the name; 0: with spaces around it.
    rank = [
        2 if name != bare else int(written == name) for written, bare, name in zip(raw, stripped, names, strict=True)
    ]
    renamed = list(names)
    for name, count in Counter(names).items():
        if count < 2:
            continue
        alike = [i for i, given in enumerate(names) if given == name]
        best = max(rank[i] for i in alike)
        first = [i for i in alike if rank[i] == best]
        if len(first) > 1 and best > 0:
            continue  # written exactly alike, or mapped alike: which one holds the value is unsure
        for index in alike:
            if len(first) > 1 or index != first[0]:
                renamed[index] = f"{raw[index]!r}, not read (a column named like {name!r})"
    return renamed


def swallowed_row(row: dict, header: list[str], date_column: str, line: int) -> str:
    """Why a record spanning lines is skipped ("" when it is not): a line inside one of its fields reads as a whole
    row itself (a quote left open in the file, or a reader's text written so)."""
    for value in row.values():
        for inner in value.split("\n")[1:] if isinstance(value, str) else ():
            try:
                cells = next(csv.reader([inner]), [])
            except csv.Error:
                continue
            if len(cells) == len(header) and looks_like_date(dict(zip(row, cells, strict=False)).get(date_column)):
                return (
                    f"starts on line {line} and holds a line that looks like another row ({shortened(inner, 40)!r}):"
                    " skipped, the other rows imported. If a quote is left open there, fix it and import again;"
                    " if a reader wrote it so, add it by hand"
                )
    return ""


def looks_like_date(value) -> bool:
    """Whether a cell reads as a date."""
    try:
        return bool(value) and read_date(value)[0] is not None
    except (ValueError, OverflowError, TypeError):
        return False


def parse_formspree_json(text: str, options: dict) -> Parsed:
    """Formspree's JSON export: `_date` has no time zone (COMMENTS_TIMEZONE applies)."""
    data = load_json(text)
    if not isinstance(data, dict) or not isinstance(data.get("submissions"), list):
        raise ExportError("has no list of 'submissions'")
    return formspree_submissions(data["submissions"], options)


def formspree_submissions(records: Iterable, options: dict, label: str = "submission") -> Parsed:
    """Submissions that are dicts in Formspree's shape (`_date`, `_id`, the form's fields), from any source.

    What a receiver or a service's API hands over goes through the same checks as an export's rows.
    """
    numbered = [(record, f"{label} {n}") for n, record in enumerate(records, start=1)]

    def make(record, where):
        if not isinstance(record, dict):
            raise ValueError("is not an object")
        date = parse_date(record.get("_date"), options["tz"])
        # `_id` alone: the service's. An `id` beside the form's fields is one of them, which a reader may
        # post (an id they choose would take the place of another comment's).
        return submission_from(record, where, date, record.get("_id") or "")

    return rows_of(numbered, make)


def csv_parser(date_column: str, id_column: str, doc: str, *, request: bool = False):
    """A parser for a service's CSV export, which differ only in their date and id columns (and `request`:
    whether its columns `ip`, `user_agent` and `referrer` are the request's, see submission_from)."""

    def parse(text: str, options: dict) -> Parsed:
        def make(row, where):
            date = parse_date(row.get(date_column), options["tz"])
            return submission_from(row, where, date, row.get(id_column) or "", request=request)

        return rows_of(csv_records(text, (date_column, "comment", "article"), options.get("columns")), make)

    parse.__doc__ = doc
    return parse


parse_formspree_csv = csv_parser("_date", "_id", "Formspree's CSV export: a `_date` column plus the form's fields.")


def parse_netlify_json(text: str, options: dict) -> Parsed:
    """Netlify's submissions JSON: the form's fields are under `data`."""
    data = load_json(text)
    if not isinstance(data, list):
        raise ExportError("is not a list of submissions")
    return netlify_submissions(data, options)


def netlify_submissions(records: Iterable, options: dict, label: str = "submission") -> Parsed:
    """Submissions that are dicts in Netlify's shape (`id`, `created_at`, the fields under `data`), from any source."""
    numbered = [(record, f"{label} {n}") for n, record in enumerate(records, start=1)]

    def make(record, where):
        if not isinstance(record, dict) or not isinstance(record.get("data"), dict):
            raise ValueError("has no 'data' object")
        date = parse_date(record.get("created_at"), options["tz"])
        return submission_from(record["data"], where, date, record.get("id") or "", request=True)

    return rows_of(numbered, make)


parse_netlify_csv = csv_parser(
    "created_at", "id", "Netlify's CSV export: `created_at`, `id` and the form's fields.", request=True
)


def parse_google_csv(text: str, options: dict) -> Parsed:
    """A Google Forms response sheet: `Timestamp` in the sheet's locale, one column per question.

    Questions are matched to our fields by title, ignoring case ("Name", "Comment"...);
    "Email Address" (collected by the form itself) counts as the email.
    """
    aliases = {f: f for f in FIELDS} | {"email address": "email", "timestamp": "date"}
    try:
        header = next(csv.reader(io.StringIO(text, newline=""), strict=True), [])
    except csv.Error as error:
        raise ExportError(f"is not valid CSV on line 1: {error}") from None
    columns = {h.strip(): aliases.get(h.strip().lower(), h.strip()) for h in header}

    def make(row, where):
        date = parse_date(row.get("date"), options["tz"], dayfirst=options.get("dayfirst", False))
        return submission_from(row, where, date)

    return rows_of(csv_records(text, ("date", "comment", "article"), columns), make)


parse_generic_csv = csv_parser(
    "date", "id", "Our own CSV: `date,name,email,website,comment,article,parent`, optional `id`.", request=True
)


WP_STATUS = {"1": APPROVED, "approve": APPROVED, "0": PENDING, "hold": PENDING, "trash": REJECTED, "spam": SPAM}


def wxr_channel(text: str):
    """The <channel> of a WordPress export (WXR); ExportError says why a text is not one."""
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError as error:
        line, column = error.position
        raise ExportError(f"is not valid XML (line {line}, column {column})") from None
    channel = root.find("channel")
    if channel is None or "wordpress.org/export/" not in text[:5000]:
        raise ExportError("is not a WordPress export (WXR): export it from Tools > Export in WordPress")
    return channel


def wxr_blog(addresses: Iterable[str]) -> str:
    """A short key of the blog an export is from: a digest of its first address (host and path, any scheme).

    Give its base_blog_url, link and base_site_url, in that order (WordPress.com
    writes the same base_site_url, wordpress.com, for every blog), then its title for
    an export that gives no address. Every export of a
    blog has the same key, and two blogs have different ones.
    """
    for address in addresses:
        try:
            parts = urlsplit(address.strip())
        except ValueError:
            continue
        where = parts.netloc.casefold() + parts.path.rstrip("/")
        if where:
            return hashlib.sha256(where.encode("utf-8")).hexdigest()[:8]
    return "blog"


def channel_blog(channel) -> str:
    """The blog key (wxr_blog) of an export's <channel>."""
    return wxr_blog(wp_text(channel, name) for name in ("base_blog_url", "link", "base_site_url", "title"))


def parse_wxr(text: str, options: dict) -> Parsed:
    """A WordPress export: every post's and page's comments, with WordPress's decisions."""
    channel = wxr_channel(text)
    submissions, problems = [], []
    slugs = options.get("slugs", {})  # post id -> slug, when the posts were migrated under others
    blog = channel_blog(channel)
    items = list(channel.iter("item"))
    uses = Counter(wp_text(item, "post_id") for item in items)
    for item in items:
        post_id = wp_text(item, "post_id")
        twice = uses[post_id] > 1  # an edited or merged export: which post's comments these are is unsure
        slug = (not twice and slugs.get(post_id)) or wp_text(item, "post_name") or f"post-{post_id}"
        for node in item:
            if local_name(node.tag) != "comment":
                continue
            where = f"comment {wp_text(node, 'comment_id')} of {slug!r}"
            try:
                comment = wxr_comment(node, slug, where, options, f"{blog}-{post_id}")
            except ValueError as error:
                problems.append(RowProblem(where, str(error)))
                continue
            if twice:
                comment = replace(comment, hold=f"its post's id {shortened(post_id, 20)!r} is used by {uses[post_id]} "
                                  "items of the export: check which post it belongs to")  # fmt: skip
            elif why := not_on_this_site(item, post_id, slugs):
                comment = replace(comment, hold=why)
            submissions.append(comment)
    return submissions, problems


# The WordPress items whose comments a reader saw under a post or a page: what the migration brings over.
SHOWN_TYPES = frozenset({"post", "page"})
NOT_SHOWN_STATUSES = frozenset({"trash", "auto-draft", "inherit"})


def not_on_this_site(item, post_id: str, slugs: dict) -> str:
    """Why the comments of an export's item have no post here to show on ("" when they have one).

    An attachment's or a trashed post's slug may be one of the site's own posts: its approved
    comments landed there (an outside tester's finding). With `slugs` (the migration's), an item
    it did not bring over; without, one that is not a post or a page, or is in the trash.
    """
    kind, status = wp_text(item, "post_type") or "post", wp_text(item, "status")
    if (slugs and post_id not in slugs) or kind not in SHOWN_TYPES or status in NOT_SHOWN_STATUSES:
        described = kind if kind not in SHOWN_TYPES else f"{kind} with status {status!r}"
        return (
            f"its WordPress item ({shortened(described, 40)}) is not one of this site's posts: check where it belongs"
        )
    return ""


def local_name(tag: str) -> str:
    """An XML tag without its namespace: WordPress exports use http:// or https:// ones."""
    return tag.rpartition("}")[2]


def wp_text(element, name: str) -> str:
    """Text of the WordPress child element `name`, whatever its namespace URI."""
    for child in element:
        if local_name(child.tag) == name:
            return (child.text or "").strip()
    return ""


def wxr_comment(node, slug: str, where: str, options: dict, post: str = "blog-0") -> Submission:
    """One <wp:comment> as a Submission carrying WordPress's decision.

    Its id and its parent's, `wp-<post>-<comment id>`, name the blog and the post
    (`post`: "<wxr_blog>-<post id>"): two blogs' comments, or two exports claiming
    one blog, never share one; each re-import of an export gives the same.
    """
    gmt = wp_text(node, "comment_date_gmt")
    if gmt and not gmt.startswith("0000"):
        date = parse_date(gmt, "UTC")
    else:  # WordPress leaves the GMT date empty on some held comments.
        date = parse_date(wp_text(node, "comment_date"), options["tz"])
    approved = wp_text(node, "comment_approved")
    if approved not in WP_STATUS:
        raise ValueError(f"has an unknown comment_approved value {approved!r}")
    kind = wp_text(node, "comment_type") or COMMENT
    parent = wp_text(node, "comment_parent")
    return Submission(
        where=where,
        article=slug,
        name=html.unescape(wp_text(node, "comment_author")) or "Anonymous",
        email=wp_text(node, "comment_author_email"),
        website=wp_text(node, "comment_author_url"),
        body=wp_text(node, "comment_content"),
        parent=f"wp-{post}-{parent}" if parent not in ("", "0") else "",
        date=date,
        service_id=f"wp-{post}-{wp_text(node, 'comment_id')}",
        type=kind if kind in TYPES else COMMENT,
        status=WP_STATUS[approved],
        format=HTML,  # WordPress commenters write HTML (its comment tags), not Markdown
    )


PARSERS = {
    "formspree-json": parse_formspree_json,
    "formspree-csv": parse_formspree_csv,
    "netlify-json": parse_netlify_json,
    "netlify-csv": parse_netlify_csv,
    "google-csv": parse_google_csv,
    "csv": parse_generic_csv,
    "wxr": parse_wxr,
}
