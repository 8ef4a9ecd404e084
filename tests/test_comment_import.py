"""Importing exports into the store and the queue: idempotent, atomic, private, nothing silently dropped."""

import json
import re
from pathlib import Path

import pytest
from comments.model import ExportError

from tools.comments.classify import Rules
from tools.comments.importer import DUPLICATE, IMPORTED, SKIPPED, UNCHANGED, import_export
from tools.comments.queue import Places, decide, load

EXPORTS = Path(__file__).parent / "data" / "exports"
CORPUS = Path(__file__).parent / "data" / "wordpress"  # copies of ../shared/corpus, see SOURCES.md
ARTICLE = "what-to-do-after-striking-out-in-the-job-market"
RULES = Rules(known_articles=frozenset({ARTICLE}), blocklist=("casino",))
OPTIONS = {"tz": "UTC", "dayfirst": False, "columns": {}}
SALT = b"test-salt"


def places(folder: Path) -> Places:
    return Places(folder / "store", folder / "queue")


def run(path, folder, fmt=None, rules=RULES):
    return import_export(Path(path), places(folder), rules=rules, salt=SALT, fmt=fmt, options=OPTIONS)


def load_store(folder: Path):
    """Every comment of both places, and the errors."""
    found = load(places(folder))
    return found.comments(), found.errors


def set_status(folder: Path, ids, status):
    return decide(load(places(folder)), ids, status)


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def records_in(name: str) -> int:
    data = json.loads((EXPORTS / name).read_text())
    return len(data["submissions"] if isinstance(data, dict) else data)


@pytest.mark.parametrize("name", ["formspree.json", "netlify.json", "xss.json", "duplicates.json"])
def test_every_row_ends_stored_unchanged_duplicate_or_skipped(tmp_path, name):
    report = run(EXPORTS / name, tmp_path)
    assert len(report.rows) == records_in(name)
    assert {r.outcome for r in report.rows} <= {IMPORTED, UNCHANGED, DUPLICATE, SKIPPED}
    stored, errors = load_store(tmp_path)
    assert errors == [] and len(stored) == report.count(IMPORTED)


def test_classification_of_the_formspree_fixture(tmp_path):
    report = run(EXPORTS / "formspree.json", tmp_path)
    status = {r.where: (r.outcome, r.status, r.detail) for r in report.rows}
    assert status["submission 1"][:2] == (IMPORTED, "pending")
    assert status["submission 2"][:2] == (IMPORTED, "pending")  # internationalised email is valid
    assert status["submission 3"][1:] == ("spam", "honeypot field filled")
    assert status["submission 4"][1:] == ("spam", "link in the name")
    assert status["submission 5"][1] == "pending" and "2 links" in status["submission 5"][2]
    assert status["submission 6"][1] == "spam" and "invalid email" in status["submission 6"][2]
    assert "unknown article 'no-such-article'" in status["submission 7"][2]
    assert "replies to unknown comment 'nf-doesnotexist'" in status["submission 8"][2]
    assert status["submission 9"] == (SKIPPED, "", "date 'not a date' is not a date")


def test_reimporting_the_same_export_changes_nothing(tmp_path):
    first = run(EXPORTS / "formspree.json", tmp_path)
    before = snapshot(tmp_path)
    second = run(EXPORTS / "formspree.json", tmp_path)
    assert snapshot(tmp_path) == before
    assert second.count(IMPORTED) == 0 and second.count(UNCHANGED) == first.count(IMPORTED)


def test_an_overlapping_export_adds_only_the_new_rows(tmp_path):
    data = json.loads((EXPORTS / "netlify.json").read_text())
    partial = tmp_path / "first.json"
    partial.write_text(json.dumps(data[1:]))
    store = tmp_path / "site"
    run(partial, store)
    report = run(EXPORTS / "netlify.json", store)
    assert (report.count(IMPORTED), report.count(UNCHANGED)) == (1, 1)


def test_reimport_never_overwrites_a_moderators_decision(tmp_path):
    run(EXPORTS / "netlify.json", tmp_path)
    set_status(tmp_path, ["nf-5f3a1b2c9d0e"], "approved")
    run(EXPORTS / "netlify.json", tmp_path)
    assert load_store(tmp_path)[0]["nf-5f3a1b2c9d0e"].status == "approved"


def test_ids_are_stable_hashes_when_the_service_has_none(tmp_path):
    first = {r.comment_id for r in run(EXPORTS / "formspree.json", tmp_path).rows if r.comment_id}
    assert all(re.fullmatch(r"h-[0-9a-f]{16}", i) for i in first)
    again = {r.comment_id for r in run(EXPORTS / "formspree.json", tmp_path / "other").rows if r.comment_id}
    assert first == again


def test_an_id_a_reader_posts_among_the_form_fields_is_never_the_comments_id(tmp_path):
    """Formspree's API gives no id: an `id` beside the form's fields is one a reader posted, and an id they choose
    could take the place of another comment's (the later one "already in the store")."""
    data = json.loads((EXPORTS / "formspree.json").read_text())
    for record in data["submissions"]:
        record.pop("_id", None)
        record["id"] = "chosen"
    chosen = tmp_path / "chosen.json"
    chosen.write_text(json.dumps(data))
    report = run(chosen, tmp_path / "site")
    ids = [r.comment_id for r in report.rows if r.comment_id]
    assert ids and all(re.fullmatch(r"h-[0-9a-f]{16}", i) for i in ids), ids
    assert len(set(ids)) == len(ids)


def test_duplicates_are_reported_and_stored_once(tmp_path):
    report = run(EXPORTS / "duplicates.json", tmp_path)
    assert [r.outcome for r in report.rows] == [IMPORTED, DUPLICATE, DUPLICATE]
    assert len(load_store(tmp_path)[0]) == 1


def test_a_reply_to_a_comment_earlier_in_the_export_is_not_held(tmp_path):
    report = run(EXPORTS / "netlify.json", tmp_path)
    reply = next(r for r in report.rows if r.comment_id == "nf-5f3a1b2c9d10")
    assert reply.detail == "awaiting moderation"
    assert load_store(tmp_path)[0]["nf-5f3a1b2c9d10"].parent == "nf-5f3a1b2c9d0e"


def test_no_email_address_reaches_the_store(tmp_path):
    for name in ("formspree.json", "netlify.json", "formspree.csv", "google.csv", "generic.csv", "xss.json"):
        run(EXPORTS / name, tmp_path)
    run(CORPUS / "themeunittestdata.wordpress.xml", tmp_path, rules=Rules())
    text = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "store").rglob("*"))
    text += "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "queue").rglob("*"))
    assert "Email-Hash: hmac-sha256:" in text
    addresses = {
        "jane@example.com",
        "ann@example.org",
        "lee@example.com",
        "max@example.com",
        "用户@例子.广告",
        "anon@example.com",
    }
    assert not [a for a in addresses if a in text]
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "an email address in the store"


def test_returning_commenters_are_recognised_by_hash_when_enabled(tmp_path):
    run(EXPORTS / "netlify.json", tmp_path)
    set_status(tmp_path, ["nf-5f3a1b2c9d0e"], "approved")
    later = tmp_path / "later.json"
    later.write_text(
        json.dumps(
            [
                {
                    "id": f"later0000{n}",
                    "created_at": f"2024-09-0{n}T00:00:00Z",
                    "data": {
                        "name": name,
                        "email": "JANE@example.com",
                        "comment": f"Me again, {n}.",
                        "article": ARTICLE,
                    },
                }
                for n, name in ((1, "jane  doe"), (2, "J. Doe"))
            ]
        )
    )
    report = run(later, tmp_path, rules=Rules(known_articles=RULES.known_articles, auto_approve_known=True))
    # The same address and the same name, as WordPress asks: the address alone may be anyone's who knows it.
    assert [row.status for row in report.rows] == ["approved", "pending"]


def test_wordpress_comments_keep_their_decisions_and_threads(tmp_path):
    report = run(CORPUS / "themeunittestdata.wordpress.xml", tmp_path, "wxr", rules=Rules())
    comments, errors = load_store(tmp_path)
    assert errors == [] and report.count(IMPORTED) == len(comments) == 33
    statuses = [c.status for c in comments.values()]
    assert statuses.count("pending") == 3 and statuses.count("approved") == 30
    assert sum(1 for c in comments.values() if c.parent) == 10
    assert all(c.parent in comments for c in comments.values() if c.parent)
    assert run(CORPUS / "themeunittestdata.wordpress.xml", tmp_path, rules=Rules()).count(UNCHANGED) == 33


@pytest.mark.parametrize(
    ("name", "message"),
    [("truncated.json", "not valid JSON"), ("empty.csv", "is empty"), ("nope.json", "does not exist")],
)
def test_a_bad_file_imports_nothing_and_names_the_file(tmp_path, name, message):
    with pytest.raises(ExportError, match=message) as raised:
        run(EXPORTS / name, tmp_path)
    assert name in str(raised.value)
    assert not (tmp_path / "store").exists() and not (tmp_path / "queue").exists()


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(
        "date,name,email,website,comment,article,parent\n2024-01-01,Zoë,z@x.org,,Héllo,a,\n".encode("latin-1")
    )
    with pytest.raises(ExportError, match="is not UTF-8 text"):
        run(latin, tmp_path)


def test_a_device_a_pipe_a_folder_or_a_missing_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """Found by an outside tester: `comments.import /dev/zero` took 5.7 GB in 15 s, a named pipe hung."""
    import os

    from tools.comments import importer

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # nothing writes to it: reading it would wait for ever
    cases = [
        (Path("/dev/zero"), "is not a plain file"),
        (fifo, "is not a plain file"),
        (tmp_path, "is a folder"),
        (tmp_path / "missing.csv", "does not exist"),
    ]
    for path, message in cases:
        with pytest.raises(ExportError, match=message):
            run(path, tmp_path / "places")
    big = tmp_path / "big.csv"
    big.write_text("date,name,email,website,comment,article,parent\n" + "x" * 2000)
    monkeypatch.setattr(importer, "MAX_EXPORT_BYTES", 1000)
    with pytest.raises(ExportError, match="larger than an export can be"):
        run(big, tmp_path / "places")
    assert not (tmp_path / "places").exists()


def test_a_ten_level_chain_is_stored_with_its_parents(tmp_path):
    run(EXPORTS / "chain10.csv", tmp_path)
    comments, _ = load_store(tmp_path)
    assert comments["c-chain10"].parent == "c-chain9" and comments["c-chain1"].parent == ""
    assert all("unknown comment" not in " ".join(c.reasons) for c in comments.values())


def test_a_comment_no_file_could_hold_is_skipped_and_later_imports_go_on(tmp_path):
    """An outside tester's: a 1.1 MB comment was written to a file the store refuses to read, then every later
    import met that file again and stopped, for good."""
    big = {"_date": "2024-03-01T12:00:00.000", "_id": "big1", "name": "Big", "email": "big@example.org",
           "comment": "x" * 1_100_000, "article": ARTICLE}  # fmt: skip
    first = {"_date": "2024-03-02T12:00:00.000", "_id": "ok1", "name": "Alice", "email": "a@example.org",
             "comment": "first", "article": ARTICLE}  # fmt: skip
    later = {**first, "_date": "2024-03-03T12:00:00.000", "_id": "ok2", "name": "Bob", "comment": "second"}
    (tmp_path / "one.json").write_text(json.dumps({"submissions": [big, first]}))
    (tmp_path / "two.json").write_text(json.dumps({"submissions": [big, first, later]}))
    report = run(tmp_path / "one.json", tmp_path / "places")
    skipped = [r for r in report.rows if r.outcome == SKIPPED]
    assert len(skipped) == 1 and "too long: its file would be" in skipped[0].detail, report.rows
    report = run(tmp_path / "two.json", tmp_path / "places")
    assert sorted(r.comment_id for r in report.rows if r.outcome == IMPORTED) == ["fs-ok2"]
    comments, errors = load_store(tmp_path / "places")
    assert sorted(comments) == ["fs-ok1", "fs-ok2"] and errors == []


def test_a_wordpress_export_found_by_its_content_approves_nothing_by_itself(tmp_path):
    """An outside tester's: WXR saved as `exports/formspree-2024-03.json` (handed over by anyone) was read as one by
    its content, and its comment, marked approved, was published whatever the spam rules said."""
    crafted = tmp_path / "formspree-2024-03.json"
    crafted.write_bytes((CORPUS / "themeunittestdata.wordpress.xml").read_bytes())
    report = run(crafted, tmp_path / "site", rules=Rules())
    comments, _ = load_store(tmp_path / "site")
    assert comments and report.count(IMPORTED) == len(comments)
    assert not [c for c in comments.values() if c.status == "approved"]
    held = [c for c in comments.values() if any("confirm it, or import with --format wxr" in r for r in c.reasons)]
    # The 30 it approved, judged as new comments: 4 without an email address are spam, the rest wait; the 3 WordPress
    # held stay held.
    assert len(held) == 26 and [c.status for c in comments.values()].count("spam") == 4
