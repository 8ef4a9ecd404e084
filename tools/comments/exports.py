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
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from datetime import datetime
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
from dateutil import parser as dateparser

GENERIC_COLUMNS = ("date", *FIELDS)
HONEYPOTS = ("_gotcha", "bot-field")
FORMATS = ("formspree-json", "formspree-csv", "netlify-json", "netlify-csv", "google-csv", "csv", "wxr")

# The column that gives each service's CSV away.
CSV_MARKERS = (("_date", "formspree-csv"), ("Timestamp", "google-csv"), ("created_at", "netlify-csv"))

Parsed = tuple[list[Submission], list[RowProblem]]


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
    header = {h.strip() for h in next(csv.reader(io.StringIO(text)), [])}
    for column, fmt in CSV_MARKERS:
        if column in header:
            return fmt
    mapped = {options.get("columns", {}).get(h, h) for h in header}
    if {"date", "comment", "article"} <= mapped:
        return "csv"
    raise ExportError(f"has a header that no known export has: {', '.join(sorted(header))}")


def load_json(text: str):
    """Parse JSON, naming the line and column of a mistake (e.g. a truncated file)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None


def parse_date(value: str, tz: str, dayfirst: bool = False) -> datetime:
    """A date in any common notation; one without a time zone is taken to be in `tz`."""
    value = str(value or "").strip()
    if not value:
        raise ValueError("has no date")
    try:
        date = dateparser.parse(value, dayfirst=dayfirst)
    except (ValueError, OverflowError):
        raise ValueError(f"date {value!r} is not a date") from None
    if date.tzinfo is None:
        date = date.replace(tzinfo=ZoneInfo(tz))
    return date


def submission_from(fields: dict, where: str, date: datetime, service_id: str = "") -> Submission:
    """A Submission from a row's fields (our field names), checking what is required."""
    values = {k: str(fields.get(k) or "").strip() for k in FIELDS}
    missing = [k for k in ("article", "name", "comment") if not values[k]]
    if missing:
        raise ValueError(f"has no {' and no '.join(missing)}")
    honeypot = next((str(fields[h]) for h in (*HONEYPOTS, "honeypot") if str(fields.get(h) or "").strip()), "")
    return Submission(
        where=where,
        article=values["article"],
        name=values["name"],
        email=values["email"],
        website=values["website"],
        body=str(fields.get("comment") or "").strip(),
        parent=values["parent"],
        date=date,
        service_id=str(service_id or "").strip(),
        honeypot=honeypot,
    )


def rows_of(records, make: Callable[[dict, str], Submission]) -> Parsed:
    """Apply `make` to each (record, where); a failing row becomes a RowProblem."""
    submissions, problems = [], []
    for record, where in records:
        try:
            submissions.append(make(record, where))
        except ValueError as error:
            problems.append(RowProblem(where, str(error)))
    return submissions, problems


def csv_records(text: str, required: tuple[str, ...], columns: dict | None = None):
    """(row dict, "row N (line L)") for each CSV record; checks the header first."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = [(columns or {}).get(h, h) for h in header]
    missing = [c for c in required if c not in reader.fieldnames]
    if missing:
        raise ExportError(f"has no column {', '.join(repr(c) for c in missing)} (its header: {', '.join(header)})")
    records, line = [], reader.line_num + 1
    try:
        for number, row in enumerate(reader, start=1):
            if None in row:
                records.append(({"__error__": "has more cells than the header"}, f"row {number} (line {line})"))
            else:
                records.append((row, f"row {number} (line {line})"))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ExportError(f"is not valid CSV near line {reader.line_num}: {error}") from None
    return records


def checked(make):
    """Wrap a row maker so rows flagged while splitting the CSV are reported."""

    def wrapper(row, where):
        if "__error__" in row:
            raise ValueError(row["__error__"])
        return make(row, where)

    return wrapper


def parse_formspree_json(text: str, options: dict) -> Parsed:
    """Formspree's JSON export: `_date` has no time zone (COMMENTS_TIMEZONE applies)."""
    data = load_json(text)
    if not isinstance(data, dict) or not isinstance(data.get("submissions"), list):
        raise ExportError("has no list of 'submissions'")
    records = [(s, f"submission {n}") for n, s in enumerate(data["submissions"], start=1)]

    def make(record, where):
        if not isinstance(record, dict):
            raise ValueError("is not an object")
        date = parse_date(record.get("_date"), options["tz"])
        return submission_from(record, where, date, record.get("_id") or record.get("id") or "")

    return rows_of(records, make)


def csv_parser(date_column: str, id_column: str, doc: str):
    """A parser for a service's CSV export, which differ only in their date and id columns."""

    def parse(text: str, options: dict) -> Parsed:
        def make(row, where):
            date = parse_date(row.get(date_column), options["tz"])
            return submission_from(row, where, date, row.get(id_column) or "")

        return rows_of(csv_records(text, (date_column, "comment", "article"), options.get("columns")), checked(make))

    parse.__doc__ = doc
    return parse


parse_formspree_csv = csv_parser("_date", "_id", "Formspree's CSV export: a `_date` column plus the form's fields.")


def parse_netlify_json(text: str, options: dict) -> Parsed:
    """Netlify's submissions JSON: the form's fields are under `data`."""
    data = load_json(text)
    if not isinstance(data, list):
        raise ExportError("is not a list of submissions")
    records = [(s, f"submission {n}") for n, s in enumerate(data, start=1)]

    def make(record, where):
        if not isinstance(record, dict) or not isinstance(record.get("data"), dict):
            raise ValueError("has no 'data' object")
        date = parse_date(record.get("created_at"), options["tz"])
        return submission_from(record["data"], where, date, record.get("id") or "")

    return rows_of(records, make)


parse_netlify_csv = csv_parser("created_at", "id", "Netlify's CSV export: `created_at`, `id` and the form's fields.")


def parse_google_csv(text: str, options: dict) -> Parsed:
    """A Google Forms response sheet: `Timestamp` in the sheet's locale, one column per question.

    Questions are matched to our fields by title, ignoring case ("Name", "Comment"...);
    "Email Address" (collected by the form itself) counts as the email.
    """
    aliases = {f: f for f in FIELDS} | {"email address": "email", "timestamp": "date"}
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    columns = {h.strip(): aliases.get(h.strip().lower(), h.strip()) for h in header}

    def make(row, where):
        date = parse_date(row.get("date"), options["tz"], dayfirst=options.get("dayfirst", False))
        return submission_from(row, where, date)

    return rows_of(csv_records(text, ("date", "comment", "article"), columns), checked(make))


parse_generic_csv = csv_parser(
    "date", "id", "Our own CSV: `date,name,email,website,comment,article,parent`, optional `id`."
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


def parse_wxr(text: str, options: dict) -> Parsed:
    """A WordPress export: every post's and page's comments, with WordPress's decisions."""
    channel = wxr_channel(text)
    submissions, problems = [], []
    slugs = options.get("slugs", {})  # post id -> slug, when the posts were migrated under others
    for item in channel.iter("item"):
        post_id = wp_text(item, "post_id")
        slug = slugs.get(post_id) or wp_text(item, "post_name") or f"post-{post_id}"
        for node in item:
            if local_name(node.tag) != "comment":
                continue
            where = f"comment {wp_text(node, 'comment_id')} of {slug!r}"
            try:
                submissions.append(wxr_comment(node, slug, where, options))
            except ValueError as error:
                problems.append(RowProblem(where, str(error)))
    return submissions, problems


def local_name(tag: str) -> str:
    """An XML tag without its namespace: WordPress exports use http:// or https:// ones."""
    return tag.rpartition("}")[2]


def wp_text(element, name: str) -> str:
    """Text of the WordPress child element `name`, whatever its namespace URI."""
    for child in element:
        if local_name(child.tag) == name:
            return (child.text or "").strip()
    return ""


def wxr_comment(node, slug: str, where: str, options: dict) -> Submission:
    """One <wp:comment> as a Submission carrying WordPress's decision."""
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
        parent=f"wp-{parent}" if parent not in ("", "0") else "",
        date=date,
        service_id=f"wp-{wp_text(node, 'comment_id')}",
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
