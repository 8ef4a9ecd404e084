"""Reading the form services' exports: every format, detected from the content."""

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from comments.model import APPROVED, PENDING, REJECTED, ExportError

from tools.comments.exports import detect_format, parse_export, wxr_blog

EXPORTS = Path(__file__).parent / "data" / "exports"
CORPUS = Path(__file__).parent / "data" / "wordpress"  # copies of ../shared/corpus, see SOURCES.md
OPTIONS = {"tz": "America/New_York", "dayfirst": False, "columns": {}}
ARTICLE = "what-to-do-after-striking-out-in-the-job-market"


def parse_text(text, fmt=None, **options):
    return parse_export(text, fmt, {**OPTIONS, **options})


def parse(name, fmt=None, **options):
    """Parse a fixture export file, as the importer reads it (BOM tolerated)."""
    return parse_text((EXPORTS / name).read_text(encoding="utf-8-sig"), fmt, **options)


@pytest.mark.parametrize(
    ("name", "fmt", "rows"),
    [
        ("formspree.json", "formspree-json", 8),
        ("formspree.csv", "formspree-csv", 2),
        ("netlify.json", "netlify-json", 2),
        ("netlify.csv", "netlify-csv", 1),
        ("google.csv", "google-csv", 1),
        ("generic.csv", "csv", 1),
        ("chain10.csv", "csv", 10),
        ("entities.wxr.xml", "wxr", 2),
    ],
)
def test_each_format_is_detected_from_its_content(name, fmt, rows):
    detected, submissions, _problems = parse(name)
    assert detected == fmt
    assert len(submissions) == rows


def test_formspree_dates_without_zone_take_the_configured_one():
    _fmt, subs, _ = parse("formspree.json")
    assert subs[0].date.isoformat() == "2024-03-01T12:00:00-05:00"


def test_a_row_with_a_bad_date_is_reported_by_number_and_the_rest_import():
    _fmt, subs, problems = parse("formspree.json")
    assert [(p.where, p.message) for p in problems] == [("submission 9", "date 'not a date' is not a date")]
    assert len(subs) == 8


def test_honeypot_and_internationalised_email_are_read():
    _fmt, subs, _ = parse("formspree.json")
    by_name = {s.name: s for s in subs}
    assert by_name["Spam Bot"].honeypot == "filled by a bot"
    assert by_name["Zoë Δημήτρης"].email == "用户@例子.广告"


def test_csv_with_bom_crlf_and_multiline_quoted_body():
    fmt, subs, problems = parse("formspree.csv")
    assert fmt == "formspree-csv" and problems == []
    assert subs[0].body == 'Line one\nline two\n\nline four, with "quotes"'
    assert subs[1].where == "row 2 (line 6)"


def test_netlify_fields_come_from_data_and_ids_from_the_service():
    _fmt, subs, _ = parse("netlify.json")
    jane = next(s for s in subs if s.name == "Jane Doe")
    assert (jane.service_id, jane.website, jane.date) == (
        "5f3a1b2c9d0e",
        "jane.example",
        datetime(2024, 3, 1, 12, tzinfo=UTC),
    )


def test_google_timestamp_in_the_sheets_locale():
    _fmt, subs, _ = parse("google.csv")
    assert subs[0].date.isoformat() == "2024-03-14T10:23:45-04:00"
    assert (subs[0].name, subs[0].email) == ("Lee", "lee@example.com")
    day_first = parse_text(
        "Timestamp,Name,Email,Comment,Article\n03/04/2024 10:00:00,A,a@b.example,x,y\n", dayfirst=True
    )
    assert day_first[1][0].date.month == 4


def test_generic_csv_keeps_its_zone_and_id():
    _fmt, subs, _ = parse("generic.csv")
    assert subs[0].date.isoformat() == "2024-05-01T09:00:00+02:00"
    assert subs[0].service_id == "42"


def test_column_mapping_setting_reads_any_csv():
    columns = {
        "Posted at": "date",
        "Who": "name",
        "Mail": "email",
        "Homepage": "website",
        "Text": "comment",
        "Post": "article",
        "Reply to": "parent",
    }
    fmt, subs, problems = parse("mapped.csv", columns=columns)
    assert (fmt, problems, subs[0].name, subs[0].body) == ("csv", [], "Pat", "Mapped columns.")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.json", "is not valid JSON (line 1, column"),
        ("empty.csv", "is empty"),
        ("missing-column.csv", "has a header that no known export has"),
    ],
)
def test_unreadable_files_say_what_is_wrong(name, message):
    with pytest.raises(ExportError, match=message.replace("(", r"\(")):
        parse(name)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<html><body>not an export</body></html>", "is XML but not a WordPress export"),
        ('{"hello": "world"}', "neither a Formspree nor a Netlify export"),
        ('<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>', "is not valid XML"),
    ],
)
def test_unrecognised_content_says_what_it_is(text, message):
    with pytest.raises(ExportError, match=message):
        parse_text(text)


def test_a_missing_column_is_named_when_the_format_is_given():
    with pytest.raises(ExportError, match="has no column 'comment'"):
        parse("missing-column.csv", fmt="csv")


def test_wordpress_decisions_dates_and_entities():
    _fmt, subs, problems = parse("entities.wxr.xml")
    held, trashed = subs
    assert problems == []
    assert held.name == "Tom & Jerry «cartoon»"
    assert held.status == PENDING and trashed.status == REJECTED
    assert held.date.isoformat() == "2014-02-20T10:00:00-05:00"  # no GMT date: the site's zone
    blog = wxr_blog(["Fixture"])  # no address in this export: its title names the blog
    assert trashed.parent == f"wp-{blog}-7-3" and trashed.service_id == f"wp-{blog}-7-4"


def test_real_wordpress_com_export_https_namespace():
    fmt, subs, problems = parse_text((CORPUS / "themeunittestdata.wordpress.xml").read_text(encoding="utf-8"))
    assert fmt == "wxr" and problems == []
    assert len(subs) == 33
    assert sum(s.status == PENDING for s in subs) == 3
    assert sum(s.parent != "" for s in subs) == 10
    assert sorted(s.type for s in subs if s.type != "comment") == ["pingback", "pingback", "trackback", "trackback"]
    assert "John Γιάννης Doe Κάποιος" in {s.name for s in subs}
    assert any(s.name.startswith("Ping 1 « What’s a tellyworth?") for s in subs)


def test_real_wordpress_core_export_http_namespace():
    fmt, subs, _ = parse_text((CORPUS / "64-block-test-data.xml").read_text(encoding="utf-8"))
    assert fmt == "wxr" and len(subs) == 2
    assert all(s.status == APPROVED and s.date.tzinfo is not None for s in subs)


def test_detection_needs_no_format_option():
    assert detect_format("date,name,email,website,comment,article,parent\n", {}) == "csv"


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("-1", "date '-1' has no day, month or year: give a whole date (2024-03-01 12:00)"),
        ("3/4", "date '3/4' has no day, month or year"),
        ("3/4/24", "date '3/4/24' has no four-digit year"),
        ("2024-03", "date '2024-03' has no day, month or year"),  # a later tester's: stored as the 27th
        ("March 2020", "date 'March 2020' has no day, month or year"),
        ("2024-01-01 10:00 UTC+14", "date '2024-01-01 10:00 UTC+14' names its zone with an offset ('UTC+14')"),
        ("2024-01-01 10:00 GMT -5", "date '2024-01-01 10:00 GMT -5' names its zone with an offset"),
    ],
)
def test_a_date_dateutil_would_complete_or_read_backwards_is_refused_by_its_row(written, said):
    """Outside testers': `-1` was read as the first of this month, `2024-03` as its 27th, `UTC+14` stored as -14:00."""
    from tools.comments.exports import parse_date

    with pytest.raises(ValueError, match=re.escape(said)):
        parse_date(written, "UTC")
    assert parse_date("2024-01-01 10:00 +14:00", "UTC").utcoffset().total_seconds() == 14 * 3600


def test_an_id_of_infinity_is_refused_by_its_row_not_taken_as_another_rows_duplicate():
    """An outside tester's: `"_id": 1e999` and `"_id": 2e999` both became `fs-inf`, and the second row was dropped."""
    rows = [
        {"_date": f"2024-03-0{n}T12:00:00.000", "_id": number, "name": f"R{n}", "email": f"r{n}@example.org",
         "comment": f"Comment {n}.", "article": ARTICLE}
        for n, number in ((1, "1e999"), (2, "2e999"), (3, "-1e999"))
    ]  # fmt: skip
    text = "{" + '"submissions": [' + ", ".join(
        json.dumps(row).replace(f'"{row["_id"]}"', row["_id"]) for row in rows
    ) + "]}"  # fmt: skip
    _fmt, subs, problems = parse_text(text)
    assert subs == [] and [p.where for p in problems] == ["submission 1", "submission 2", "submission 3"], problems
    assert all("no number anyone wrote" in p.message for p in problems)


def test_a_column_given_twice_is_refused_naming_both_and_a_huge_field_says_what_it_is():
    """An outside tester's: a second `comment` column silently won over the first; a 200 KB field spoke of a limit."""
    twice = "date,name,email,website,comment,article,parent,comment\n2024-03-01 12:00,A,a@b.org,,One,x,,Two\n"
    with pytest.raises(ExportError, match=r"has the column 'comment' more than once \(columns 5, 8\)"):
        parse_text(twice, "csv")
    huge = "date,name,email,website,comment,article,parent\n2024-03-01 12:00,A,a@b.org,," + "x" * 5_000_000 + ",x,\n"
    with pytest.raises(ExportError, match=r"line 2: a field is longer than 4,194,304 characters"):
        parse_text(huge, "csv")
    # A later tester's: one reader's 131,073 characters refused the whole file; now that row alone goes.
    long = "date,name,email,website,comment,article,parent\n2024-03-01 12:00,A,a@b.org,,Hi,x,\n"
    long += "2024-03-02 12:00,B,b@b.org,," + "x" * 200_000 + ",x,\n"
    _fmt, subs, _problems = parse_text(long, "csv")
    assert [len(sub.body) for sub in subs] == [2, 200_000]  # the import skips or holds it by its length


def test_one_readers_text_never_blocks_the_other_rows_of_a_csv():
    """An outside tester's: a reader who posted a line looking like a row, or a field named `comment ` (a space
    after), made the whole export unimportable, blaming a quote that was not there."""
    header = "date,name,email,website,comment,article,parent\n"
    swallowing = '2024-01-02 10:00,B,b@example.org,,"nice post\n2024-01-01,a,b,c,d,e,f",x,\n'
    text = header + "2024-01-01 10:00,A,a@example.org,,First,x,\n" + swallowing + "2024-01-03 10:00,C,,,Third,x,\n"
    _fmt, subs, problems = parse_text(text, "csv")
    assert [s.name for s in subs] == ["A", "C"]
    assert [p.where for p in problems] == ["row 2 (line 3)"]
    assert "looks like another row ('2024-01-01,a,b,c,d,e,f'): skipped, the other rows imported" in problems[0].message
    posted = "date,name,email,website,comment,article,parent,comment \n2024-03-01 12:00,A,a@b.org,,Mine,x,,Theirs\n"
    _fmt, subs, problems = parse_text(posted, "csv")
    assert [s.body for s in subs] == ["Mine"] and problems == []


@pytest.mark.parametrize(
    ("text", "options", "bodies"),
    [
        # a) `date ` and ` date`, with no `date` column: both set apart, not "the column 'date' more than once".
        ("_date,name,email,website,comment,article,parent,_gotcha,date , date\n"
         "2024-03-01T12:00:00.000,Jane,jane@example.com,,Legit,x,,,,\n"
         "2024-03-02T12:00:00.000,Mal,m@example.com,,evil,x,,,a,b\n", {}, ["Legit", "evil"]),
        # b) `_gotcha ` never stands in for the honeypot.
        ("_date,name,email,website,comment,article,parent,_gotcha,_gotcha \n"
         "2024-03-01T12:00:00.000,Bot,b@example.com,,Buy,x,,filled by bot,\n", {}, ["Buy"]),
        # d) a reader's `article` never takes the place of the column COMMENTS_CSV_COLUMNS names so.
        ("Posted at,Who,Mail,Text,Post,article\n2024-03-01 12:00,Jane,j@example.com,Hello,x,elsewhere\n",
         {"columns": {"Posted at": "date", "Who": "name", "Mail": "email", "Text": "comment", "Post": "article"}},
         ["Hello"]),
    ],
)  # fmt: skip
def test_a_column_a_reader_names_like_another_never_takes_its_place_nor_blocks_the_file(text, options, bodies):
    """A later tester's: `date ` and ` date` refused a whole Formspree CSV, `_gotcha ` turned the honeypot off, `id `
    took another row's id, and a reader's `article` beat the mapped column."""
    from tools.comments.exports import parse_export

    _fmt, subs, problems = parse_export(text, None, {"tz": "UTC", **options})
    assert [s.body for s in subs] == bodies and problems == [], problems
    assert all(s.article == "x" for s in subs)
    assert [bool(s.honeypot) for s in subs] == [s.name == "Bot" for s in subs]


def test_a_readers_id_ip_or_date_column_changes_no_other_row():
    from tools.comments.exports import parse_export

    text = (
        "date,name,email,website,comment,article,parent,id,ip,id ,ip ,user_ip\n"
        "2024-03-01 12:00,Max,m@example.com,,Hi,x,,42,,,,\n"
        "2024-03-02 12:00,Mal,l@example.com,,Ho,x,,43,,42,8.8.8.8,9.9.9.9\n"
    )
    _fmt, subs, problems = parse_export(text, None, {"tz": "UTC"})
    assert [(s.service_id, s.ip) for s in subs] == [("42", ""), ("43", "")] and problems == []
    netlify = "created_at,id,name,email,comment,article,_date\n2024-03-01 12:00,n1,Ann,a@example.com,Hi,x,\n"
    assert parse_export(netlify, None, {"tz": "UTC"})[0] == "netlify-csv"  # a reader's `_date` field, later
