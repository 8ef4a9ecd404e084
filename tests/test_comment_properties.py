"""Property-based tests of the comment pipeline: arbitrary fields and export shapes, the invariants hold.

Function level (60 examples each in `invoke test`, 10,000 with HYPOTHESIS_PROFILE=long):
parsing, path-making, the store's files, rendering, threading, the terminal, email
removal. Then a few whole-pipeline examples: import, approve, build, read the page.
The long run's figures are in docs/security.md.
"""

import csv
import html
import io
import json
import re
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup
from comments import wordpress_html
from comments.model import HTML, MARKDOWN, Comment, ExportError, Submission
from comments.render import ALLOWED_TAGS, MAX_RENDERED, comment_html
from comments.store import SAFE_ID, StoreError, comment_file, format_comment, parse_comment
from comments.text import clean_text, one_line
from comments.threads import count, thread
from hypothesis import HealthCheck, assume, example, given, settings, target
from hypothesis import strategies as st
from rich.console import Console

from tests.render_budget import (
    CALLS_PER_CHARACTER,
    HTML_PIECES,
    MARKDOWN_PIECES,
    cpu_seconds,
    growth_problem,
    render_calls,
    repeated,
)
from tests.sitebuild import build_site, copy_content, page
from tools.comments.classify import Rules
from tools.comments.exports import formspree_submissions, parse_export
from tools.comments.importer import import_submissions, plan_import
from tools.comments.privacy import redact_body
from tools.comments.queue import Places, decide, load
from tools.comments.terminal import as_text, safe_json, shown

ARTICLE = "what-to-do-after-striking-out-in-the-job-market"
KNOWN = frozenset({ARTICLE, "another-post"})
RULES = Rules(known_articles=KNOWN)
SALT = b"p" * 32
OPTIONS = {"tz": "UTC", "dayfirst": False, "columns": {}}
DATE = datetime(2024, 3, 1, 12, tzinfo=UTC)
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")  # an address: its domain ends in letters

# Text a reader could send: any Unicode, with the characters attacks are made of well represented.
HOSTILE_PIECES = [
    "../",
    "..",
    "/",
    "\\",
    "\x00",
    "\n",
    "\r",
    "\x1b[2J",
    "\x1b]8;;http://x\x07",
    "\x9b",
    "\u202e",
    "\u2066",
    "[/]",
    "[link=http://x]",
    "<script>",
    "javascript:",
    "@",
    "a@b.co",
    "&lt;",
    "`",
    "*",
    "[",
    "](",
    "> ",
    "- ",
    "1. ",
    "    ",
    "\t",
    "Status: approved",
    ARTICLE,
    "а",  # Cyrillic
    "\u200b",
    "\ud800",  # a lone surrogate: JSON's "\ud800" makes one, and no file can hold it
    "\udfff",
]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=8)), max_size=25).map("".join)
markdownish = st.lists(
    st.one_of(
        st.sampled_from(
            ["\n", "\n\n", " ", "> ", "- ", "1. ", "    ", "*", "_", "`", "[", "]", "(", ")", "<", "#", "="]
        ),
        st.text(max_size=4),
    ),
    max_size=400,
).map("".join)


def submission_strategy():
    return st.builds(
        Submission,
        where=st.just("row 1"),
        article=st.one_of(st.sampled_from(sorted(KNOWN)), hostile_text),
        name=hostile_text.map(lambda s: s if s.strip() else s + "N"),
        email=st.one_of(st.just("reader@example.com"), hostile_text),
        body=hostile_text.map(lambda s: s if s.strip() else s + "B"),
        date=st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)),
        website=st.one_of(st.just(""), st.just("https://ok.example"), hostile_text),
        parent=st.one_of(st.just(""), hostile_text),
        service_id=st.one_of(st.just(""), hostile_text),
    )


# Parsing -------------------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(hostile_text, children, max_size=3)),
    max_leaves=10,
)
record = st.fixed_dictionaries(
    {},
    optional={
        "_date": st.one_of(st.just("2024-03-01T12:00:00"), json_values),
        "_id": json_values,
        "name": json_values,
        "email": json_values,
        "comment": json_values,
        "article": st.one_of(st.just(ARTICLE), json_values),
        "parent": json_values,
    },
)


@given(st.lists(st.one_of(record, json_values), max_size=8))
def test_every_record_of_any_shape_is_a_submission_or_a_named_problem(records):
    submissions, problems = formspree_submissions(records, OPTIONS)
    assert len(submissions) + len(problems) == len(records)
    assert all(p.where.startswith("submission ") and p.message for p in problems)


def export_json(records: list) -> str:
    """A Formspree export's text, as a service writes it: non-ASCII (lone surrogates too) as escapes."""
    return json.dumps({"submissions": records})


# A JSON number thousands of digits long: Python refuses to convert one of 4,300 digits or more.
huge_number = st.integers(4_000, 6_000).map(lambda digits: "9" * digits)
json_export = st.lists(
    st.fixed_dictionaries(
        {"_date": st.just("2024-03-01T12:00:00"), "name": hostile_text, "comment": hostile_text},
        optional={"_id": st.one_of(hostile_text, st.just("HUGE")), "article": st.just(ARTICLE)},
    ),
    max_size=4,
).map(lambda records: export_json(records).replace('"HUGE"', "9" * 4500))


@given(
    st.one_of(
        hostile_text,
        st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace")),
        json_export,
        huge_number.map(lambda digits: '{"submissions": [{"_id": ' + digits + "}]}"),
    )
)
def test_any_text_is_an_export_or_a_refusal(text):
    try:
        _fmt, submissions, _problems = parse_export(text, None, OPTIONS)
    except ExportError as error:
        assert str(error)
        return
    for sub in submissions:  # whatever a row held, what is read can be written, and its id is short
        for value in (sub.name, sub.body, sub.article, sub.parent, sub.website, sub.email, sub.service_id):
            value.encode("utf-8")
        assert len(sub.service_id) <= 1000


CELL = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(
    st.lists(st.tuples(CELL, CELL, CELL, CELL), min_size=1, max_size=6),
    st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_a_well_formed_csv_is_read_row_for_row(rows, quoting):
    if quoting == csv.QUOTE_MINIMAL:  # Python's writer leaves a lone '\r' unquoted: a line break to any reader
        rows = [tuple(cell.replace("\r", "") for cell in row) for row in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=quoting)
    writer.writerow(["date", "name", "email", "website", "comment", "article", "parent"])
    for name, website, comment, parent in rows:
        writer.writerow(["2024-03-01T12:00:00Z", name, "a@example.com", website, comment, ARTICLE, parent])
    _fmt, submissions, problems = parse_export(buffer.getvalue(), "csv", OPTIONS)
    assert len(submissions) + len(problems) == len(rows)
    for sub in submissions:
        assert sub.article == ARTICLE


@given(st.lists(st.tuples(CELL, CELL), min_size=2, max_size=5), st.data())
def test_a_quote_left_open_never_merges_rows_into_one_comment(rows, data):
    lines = ["date,name,email,website,comment,article,parent"]
    for n, (name, comment) in enumerate(rows, start=1):
        safe = [v.replace('"', "").replace(",", " ").replace("\n", " ").replace("\r", " ") for v in (name, comment)]
        lines.append(f"2024-03-0{n}T12:00:00Z,{safe[0]},r{n}@example.com,,{safe[1]},{ARTICLE},")
    broken = data.draw(st.integers(1, len(rows) - 1))
    lines[broken] = lines[broken].replace(f"r{broken}@example.com,,", f'r{broken}@example.com,,"', 1)
    try:
        _fmt, submissions, _problems = parse_export("\n".join(lines) + "\n", "csv", OPTIONS)
    except ExportError as error:
        assert "line" in str(error)
        return
    for sub in submissions:  # whatever was read, no row carries another reader's address
        assert len(EMAIL.findall(sub.body)) == 0, sub.body


# Path-making and the store's files ------------------------------------------------------------


@given(st.lists(submission_strategy(), max_size=6))
def test_every_comment_is_named_by_a_safe_id_inside_its_place(submissions):
    new, outcomes = plan_import(submissions, [], "formspree-json", existing={}, rules=RULES, salt=SALT)
    assert len(outcomes) == len(submissions)
    places = Places(Path("/site/content/comments"), Path("/site/comments-queue"))
    for comment in new:
        assert SAFE_ID.match(comment.id)
        assert comment_file(places.of(comment.status), comment.id).parent == places.of(comment.status)
        assert comment.status != "approved"  # no rule approves, whatever the fields
        if comment.article not in KNOWN:
            assert comment.status in ("pending", "spam")
        text = format_comment(comment)
        assert not EMAIL.search(text.replace(comment.email_hash, "")), text
        assert parse_comment(text).id == comment.id


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(submission_strategy(), min_size=1, max_size=4))
def test_an_import_writes_nothing_outside_the_store_and_the_queue(submissions):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "work" / "project"
        root.mkdir(parents=True)
        places = Places(root / "content" / "comments", root / "comments-queue")
        report = import_submissions(submissions, [], "formspree-json", places, rules=RULES, salt=SALT)
        written = [p for p in Path(folder).rglob("*") if p.is_file()]
        assert all(p.parent in (places.store, places.queue) for p in written), written
        assert len(report.rows) == len(submissions)
        found = load(places)
        assert not found.errors and len(found.comments()) == report.count("imported")


comment_fields = st.builds(
    Comment,
    id=st.from_regex(SAFE_ID, fullmatch=True),
    article=hostile_text.map(lambda s: s if one_line(s) else s + "A"),
    author=hostile_text.map(lambda s: s if one_line(s) else s + "N"),
    date=st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2998, 1, 1), timezones=st.just(UTC)),
    body=hostile_text,
    status=st.sampled_from(["pending", "approved", "spam", "rejected"]),
    parent=hostile_text,
    website=hostile_text,
    reasons=st.lists(hostile_text, max_size=3).map(tuple),
    source=hostile_text,
)


@given(comment_fields)
def test_a_stored_comment_round_trips_and_no_field_smuggles_a_header(comment):
    parsed = parse_comment(format_comment(comment))
    assert (parsed.id, parsed.status, parsed.date) == (comment.id, comment.status, comment.date)
    for value in (parsed.article, parsed.author, parsed.parent, parsed.website, parsed.source, *parsed.reasons):
        assert not UNSAFE.search(value) and value == one_line(value)
    assert parsed.body == clean_text(comment.body).strip("\n")


@given(hostile_text)
def test_any_file_text_is_a_comment_or_a_named_mistake(text):
    try:
        parse_comment(text, "x.md")
    except StoreError as error:
        assert str(error).startswith("x.md")


# Rendering, the terminal, email removal ---------------------------------------------------------


htmlish = st.lists(
    st.one_of(
        st.sampled_from(["<b>", "</b>", "<a href='", "'>", "</a>", "<p>", "<pre>", "<li", "<", ">", "\n", " ", "&"]),
        st.text(max_size=4),
    ),
    max_size=300,
).map("".join)


LONG_RUN = settings().max_examples >= 1000
# A rendering takes about 80 ms: the suite's run takes half its examples here (the long run takes them all).
RENDERINGS = settings().max_examples if LONG_RUN else max(1, settings().max_examples // 2)


@settings(max_examples=RENDERINGS)
@given(st.one_of(markdownish, hostile_text))
def test_any_comment_renders_to_allowed_html_only_and_quickly(text):
    started = time.perf_counter()
    html = str(comment_html(text))
    target(
        time.perf_counter() - started, label="seconds to render one Markdown comment"
    )  # the long run seeks slow ones
    assert_allowed(html, ALLOWED_TAGS, {"href", "rel"})


@settings(max_examples=RENDERINGS)
@given(st.one_of(htmlish, hostile_text))
def test_any_wordpress_comment_renders_to_allowed_html_only_and_quickly(text):
    started = time.perf_counter()
    html = str(comment_html(text, HTML))
    target(time.perf_counter() - started, label="seconds to render one WordPress comment")
    assert_allowed(html, wordpress_html.ALLOWED_TAGS, {"href", "rel", "title", "datetime"})


def adversarial_unit(pieces):
    """A short run of a parser's special characters, to be repeated: what pathological inputs are made of."""
    return (
        st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=2)), min_size=1, max_size=4)
        .map("".join)
        .filter(lambda unit: unit.strip())
    )


adversarial = st.one_of(
    st.tuples(adversarial_unit(MARKDOWN_PIECES), st.just(MARKDOWN)),
    st.tuples(adversarial_unit(HTML_PIECES), st.just(HTML)),
)


@settings(max_examples=RENDERINGS)
@example(("[a](&amp;&amp;&amp;", MARKDOWN))  # the long run: linear, but dearer a character up to 10,000
@given(adversarial)
def test_repeating_any_special_characters_costs_work_in_proportion_to_the_length(case):
    unit, fmt = case
    assert not growth_problem(unit, fmt), (unit, fmt, growth_problem(unit, fmt))


@settings(max_examples=200 if LONG_RUN else 5)
@given(adversarial)
def test_a_comment_at_the_rendering_cap_stays_within_its_budget(case):
    unit, fmt = case
    text = repeated(unit, MAX_RENDERED)
    calls = render_calls(text, fmt)
    target(calls / MAX_RENDERED, label="calls a character")
    assert calls <= CALLS_PER_CHARACTER * MAX_RENDERED, (unit, fmt, calls)
    if LONG_RUN:  # a generous ceiling, checked only in the long run (the default one is never timed)
        assert cpu_seconds(text, fmt, repeats=1) < 2.0, (unit, fmt)


def assert_allowed(html: str, tags, attributes) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in tags, tag.name
        assert set(tag.attrs) <= attributes, tag.attrs
        if tag.name == "a":
            assert tag["href"].lower().startswith(("http://", "https://"))
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", html)


@given(hostile_text, st.booleans())
def test_the_terminal_receives_text_only(text, lines):
    safe = shown(text, lines=lines)
    assert not UNSAFE.search(safe.replace("\n", "") if lines else safe)
    out = Console(file=io.StringIO(), width=60, color_system=None, force_terminal=False)
    out.print(as_text(text, lines=lines))
    printed = out.file.getvalue()
    assert "\x1b" not in printed and not re.search("[\x80-\x9f\u202a-\u202e\u2066-\u2069\r]", printed)
    if not re.search("[\ud800-\udfff]", text):  # JSON reads two lone surrogates in a row as one character
        assert json.loads(safe_json({"v": text}))["v"] == text
    safe_json({"v": text}).encode("utf-8")  # a lone surrogate, which no file holds, is an escape here too


ADDRESSES = ["jane@example.com", "j.d+x@mail.example.org", "用户@例子.广告"]


@st.composite
def disguised_address(draw, address: str, fmt: str) -> str:
    """An address written the ways a page decodes: entities, escapes, percent-encoding, markup inside it."""
    written = []
    for character in address:
        way = draw(st.sampled_from(["as is", "as is", "decimal", "hex", "named", "escape", "percent"]))
        named = {"@": "&commat;", ".": "&period;", "+": "&plus;"}.get(character)
        written.append(
            {
                "decimal": f"&#{ord(character)};",
                "hex": f"&#x{ord(character):x};",
                "named": named or character,
                "escape": "\\" + character if character in "@.+" else character,
                "percent": f"%{ord(character):02X}" if ord(character) < 128 else character,
            }.get(way, character)
        )
    domain = len(written) - len(address.partition("@")[2])  # where the domain's characters start
    markup = draw(st.sampled_from(["", "*", "_", "`"] if fmt == MARKDOWN else ["", "<b>", "<em>", "<code>"]))
    if markup and domain + 2 < len(written):  # a piece of the domain in emphasis, code or a tag
        closing = markup if fmt == MARKDOWN else "</" + markup[1:]
        written[domain] = markup + written[domain]
        written[domain + 1] = written[domain + 1] + closing
    return "".join(written)


@given(hostile_text, st.sampled_from(ADDRESSES), hostile_text, st.sampled_from([MARKDOWN, HTML]), st.data())
def test_no_address_survives_redaction_nor_shows_once_rendered(before, address, after, fmt, data):
    written = data.draw(disguised_address(address, fmt))
    text = redact_body(before + " " + written + " " + after, fmt)
    assert address not in text and not EMAIL.search(text)
    decoded = html.unescape(unquote(text.replace("\\", "")))  # what a browser or a reader decodes
    assert address not in decoded, decoded
    shown = BeautifulSoup(str(comment_html(text, fmt)), "html.parser")
    assert address not in shown.get_text() and address not in html.unescape(unquote(str(shown)))


# Threads ------------------------------------------------------------------------------------------


@given(st.lists(st.integers(-1, 40), min_size=1, max_size=40), st.integers(1, 12))
def test_threads_of_any_shape_show_each_comment_once_within_the_depth(parents, max_depth):
    comments = [
        Comment(
            id=f"c{n}",
            article="a",
            author="A",
            date=DATE + timedelta(minutes=n),
            body="x",
            status="approved",
            parent="" if p < 0 else f"c{p}",
        )
        for n, p in enumerate(parents)
    ]
    nodes = thread(comments, max_depth, render=lambda text, fmt: text)
    seen, waiting = [], list(nodes)
    while waiting:
        node = waiting.pop()
        seen.append(node.id)
        assert 1 <= node.depth <= min(max_depth, 10)
        waiting.extend(node.children)
    assert len(seen) == len(set(seen)) == count(nodes)
    by_id = {c.id: c for c in comments}
    for comment_id in seen:  # a shown reply's ancestors are all shown, up to a top-level comment
        chain, current = set(), by_id[comment_id]
        while current.parent:
            assert current.parent in seen and current.parent not in chain
            chain.add(current.parent)
            current = by_id[current.parent]


def test_a_chain_of_any_length_threads_without_recursion():
    chain = [Comment(id="c0", article="a", author="A", date=DATE, body="x", status="approved")]
    chain += [
        replace(chain[0], id=f"c{n}", parent=f"c{n - 1}", date=DATE + timedelta(seconds=n)) for n in range(1, 20_000)
    ]
    nodes = thread(chain, 5, render=lambda text, fmt: text)
    assert count(nodes) == 20_000


# Whole pipeline: import, approve, build -----------------------------------------------------------

PIPELINE_EXAMPLES = 25 if settings().max_examples >= 1000 else 3


@settings(max_examples=PIPELINE_EXAMPLES, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    st.lists(
        st.fixed_dictionaries({"name": hostile_text, "comment": markdownish, "website": hostile_text}),
        min_size=1,
        max_size=4,
    )
)
def test_whatever_readers_send_the_approved_page_holds_only_text_and_safe_html(rows):
    assume(all(r["name"].strip() and r["comment"].strip() for r in rows))
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        content = copy_content(tmp)
        places = Places(content / "comments", tmp / "comments-queue")
        records = [
            {**row, "_date": f"2024-03-0{n}T12:00:00", "_id": f"p{n}", "email": f"r{n}@example.com", "article": ARTICLE}
            for n, row in enumerate(rows, start=1)
        ]
        submissions, problems = formspree_submissions(records, OPTIONS)
        report = import_submissions(submissions, problems, "formspree-json", places, rules=RULES, salt=SALT)
        ids = [row.comment_id for row in report.rows if row.outcome == "imported"]
        decide(load(places), ids, "approved")
        output = build_site(tmp / "output", PATH=str(content), COMMENTS_FORMSPREE_ID="x")
        html = (output / ARTICLE / "index.html").read_text()
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e]", html)
        section = page(output, f"{ARTICLE}/").select_one("#comments")
        assert len(section.select("li.comment")) == len(ids)
        for tag in section.select(".comment__text *"):
            assert tag.name in ALLOWED_TAGS and not [a for a in tag.attrs if a.startswith("on")]
        for link in section.select("a[href]"):
            assert link["href"].startswith(("http://", "https://", "#")), link
        assert "r1@example.com" not in html
