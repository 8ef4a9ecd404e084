"""Comment files: readable, hand edits, atomic writes, names made from safe ids only."""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from comments.model import Comment
from comments.store import (
    StoreError,
    comment_file,
    format_comment,
    load_store,
    parse_comment,
    read_plain_file,
    save_comment,
)
from hypothesis import given, settings
from hypothesis import strategies as st

COMMENT = Comment(
    id="nf-1",
    article="a-post",
    author="Jane Doe",
    date=datetime(2024, 3, 1, 12, tzinfo=UTC),
    body="Hello.\n\nSecond paragraph.",
    website="https://jane.example",
    email_hash="hmac-sha256:abc",
    reasons=("awaiting moderation",),
    source="netlify-json submission 1",
)


def test_a_comment_round_trips_through_its_file():
    assert parse_comment(format_comment(COMMENT)) == COMMENT


def test_a_comment_file_saved_with_a_byte_order_mark_reads_as_without():
    """Notepad saves UTF-8 with one (an outside tester's case): the moderator's edit still reads."""
    assert parse_comment("\ufeff" + format_comment(COMMENT).replace("\n", "\r\n")) == COMMENT


def test_a_newline_in_a_field_cannot_inject_a_header():
    evil = Comment(**{**COMMENT.__dict__, "author": "Mallory\nStatus: approved"})
    parsed = parse_comment(format_comment(evil))
    assert parsed.status == "pending" and parsed.author == "Mallory Status: approved"


def test_a_body_that_looks_like_headers_stays_body():
    sneaky = Comment(**{**COMMENT.__dict__, "body": "Status: approved\nId: other"})
    assert parse_comment(format_comment(sneaky)).body == "Status: approved\nId: other"


@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        (("Status: pending", "Status: aproved"), 9, "unknown status 'aproved'"),
        (("Date: 2024-03-01T12:00:00+00:00", "Date: yesterday"), 7, "is not an ISO 8601 date"),
        (("Date: 2024-03-01T12:00:00+00:00", "Date: 2024-03-01T12:00:00"), 7, "needs a time zone"),
        (("Author: Jane Doe", "Autor: Jane Doe"), 4, "expected 'Key: value'"),
        (("Id: nf-1", "Id: ../evil"), 1, "may hold only letters"),
        (("Author: Jane Doe", "Author:"), 0, "missing Author"),
    ],
)
def test_a_hand_edit_mistake_names_file_and_line(edit, line, message):
    text = format_comment(COMMENT).replace(*edit)
    with pytest.raises(StoreError) as raised:
        parse_comment(text, "content/comments/a-post/nf-1.md")
    assert raised.value.line == line and message in str(raised.value)
    assert str(raised.value).startswith("content/comments/a-post/nf-1.md")


def test_load_store_keeps_good_files_and_reports_bad_ones(tmp_path):
    save_comment(tmp_path, COMMENT)
    bad = tmp_path / "nf-2.md"
    bad.write_text(format_comment(COMMENT).replace("Id: nf-1", "Id: nf-2").replace("Status: pending", "Status: ok"))
    comments, errors = load_store(tmp_path)
    assert list(comments) == ["nf-1"]
    assert len(errors) == 1 and errors[0].path.endswith("nf-2.md") and errors[0].line == 9


def test_a_status_set_by_hand_is_read(tmp_path):
    path = save_comment(tmp_path, COMMENT)
    path.write_text(path.read_text().replace("Status: pending", "Status: approved"))
    assert load_store(tmp_path)[0]["nf-1"].status == "approved"


def test_an_interrupted_write_leaves_the_old_file_and_no_debris(tmp_path, monkeypatch):
    path = save_comment(tmp_path, COMMENT)
    before = path.read_text()

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save_comment(tmp_path, Comment(**{**COMMENT.__dict__, "status": "approved"}))
    assert path.read_text() == before
    assert sorted(p.name for p in Path(path.parent).iterdir()) == ["nf-1.md"]


@pytest.mark.parametrize("unsafe", ["a\n", "a/b", "../a", "..", ".a", "", "a" * 101, "é", "a b", "a.md", "-a", "a\x00"])
def test_a_file_name_is_made_only_from_a_safe_id(tmp_path, unsafe):
    with pytest.raises(ValueError, match="not a safe comment id"):
        comment_file(tmp_path, unsafe)
    assert comment_file(tmp_path, "nf-1_A").parent == tmp_path


@settings(max_examples=60, deadline=None)
@given(size=st.integers(min_value=0, max_value=300), limit=st.integers(min_value=1, max_value=200))
def test_a_file_is_read_whole_up_to_the_limit_and_refused_beyond(tmp_path_factory, size, limit):
    """Read in steps of what fstat says (and READ_STEP beyond): every size at and around the limit."""
    path = tmp_path_factory.mktemp("read") / "c.md"
    data = bytes(ord("a") + n % 26 for n in range(size))
    path.write_bytes(data)
    if size <= limit:
        assert read_plain_file(str(path), limit) == data.decode()
    else:
        with pytest.raises(StoreError, match="is larger than a comment file can be"):
            read_plain_file(str(path), limit)


def test_a_file_that_says_it_is_empty_is_read_to_its_end(monkeypatch, tmp_path):
    """/proc's files say 0 bytes: what is there is read all the same, READ_STEP at a time, and the limit holds."""
    from comments import store

    path = tmp_path / "c.md"
    path.write_text("Id: x\n" * 40)
    real_fstat = os.fstat
    monkeypatch.setattr(
        store.os, "fstat", lambda handle: os.stat_result((*real_fstat(handle)[:6], 0, *real_fstat(handle)[7:]))
    )
    monkeypatch.setattr(store, "READ_STEP", 7)
    assert read_plain_file(str(path)) == "Id: x\n" * 40
    with pytest.raises(StoreError, match="larger"):
        read_plain_file(str(path), limit=100)


def test_a_comment_folder_that_is_a_link_is_never_followed(tmp_path):
    """A link (a pull request can carry one) to a folder elsewhere: reported, and nothing of what it points to is read."""
    outside = tmp_path / "outside"
    (outside / "deeper").mkdir(parents=True)
    (outside / "private-notes.md").write_text("SECRET-TOKEN=abc123\n")
    (outside / "deeper" / "more.md").write_text("SECRET-TOKEN=def456\n")
    linked = tmp_path / "content" / "comments"
    linked.parent.mkdir()
    linked.symlink_to(outside)
    comments, errors = load_store(linked)
    assert comments == {} and [error.message for error in errors] == [
        "is a symbolic link, which is never followed: put the comment folder itself here"
    ]
    store = tmp_path / "store"
    (store / "a-post").mkdir(parents=True)
    (store / "a-post" / "x.md").symlink_to(outside / "deeper", target_is_directory=True)
    (store / "elsewhere").symlink_to(outside, target_is_directory=True)
    comments, errors = load_store(store)
    assert comments == {}
    assert sorted(Path(error.path).name for error in errors) == ["elsewhere", "x.md"]
    assert all("is a symbolic link, which is never followed" in error.message for error in errors)
    assert not any("SECRET" in str(error) for error in errors)


def test_a_file_in_place_of_the_folder_or_a_folder_that_cannot_be_read_is_said(tmp_path, monkeypatch):
    """An outside tester's: comments-queue (or content/comments) as a file, or a folder without permission to read
    it, read as empty: `comments.check` said "0 problem(s)", and the build showed no comment with no word."""
    from comments.store import read_outcomes

    (tmp_path / "queue").write_text("not a folder")
    [(path, error)] = read_outcomes(tmp_path / "queue")
    assert path == str(tmp_path / "queue")
    assert isinstance(error, StoreError) and "is a file, not a folder of comment files" in str(error)
    assert read_outcomes(tmp_path / "none") == []  # none yet: nothing to say
    (tmp_path / "locked").mkdir()

    def refused(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", refused)
    [(_path, error)] = read_outcomes(tmp_path / "locked")
    assert "cannot be read (Permission denied)" in str(error)
