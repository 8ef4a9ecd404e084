"""The store and the moderation queue: one file per comment for life, its place set by its status."""

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from comments.model import Comment
from comments.store import format_comment, load_store, save_comment

from tools.comments import queue as queueing
from tools.comments.queue import REFUSED_FILE, PlaceError, Places, decide, load, settle, unapproved_ancestors

COMMENT = Comment(
    id="nf-1",
    article="a-post",
    author="Jane Doe",
    date=datetime(2024, 3, 1, 12, tzinfo=UTC),
    body="Hello.",
    email_hash="hmac-sha256:abc",
    reasons=("awaiting moderation",),
)


@pytest.fixture
def places(tmp_path) -> Places:
    return Places(tmp_path / "content" / "comments", tmp_path / "comments-queue")


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def queued(places, *comments):
    for comment in comments:
        save_comment(places.queue, comment)


def test_approving_moves_the_one_file_into_the_store_and_changes_only_its_status(places):
    queued(places, COMMENT)
    (changed,) = decide(load(places), ["nf-1"], "approved", when=datetime(2026, 11, 25, tzinfo=UTC))
    assert files(places.store) == ["nf-1.md"] and files(places.queue) == []
    stored = load_store(places.store)[0]["nf-1"]
    assert stored == changed and stored.status == "approved" and stored.body == "Hello."
    assert stored.reasons == ("approved by the moderator on 2026-11-25",)


@pytest.mark.parametrize("status", ["spam", "rejected"])
def test_a_refused_comment_leaves_only_its_id_in_the_store(places, status):
    save_comment(places.store, replace(COMMENT, status="approved"))
    decide(load(places), ["nf-1"], status)
    assert files(places.store) == [REFUSED_FILE] and files(places.queue) == ["nf-1.md"]
    record = (places.store / REFUSED_FILE).read_text()
    assert f"nf-1 {status}\n" in record and "Jane" not in record and "Hello" not in record


def test_undoing_a_refusal_brings_the_comment_back_and_forgets_the_id(places):
    queued(places, COMMENT)
    decide(load(places), ["nf-1"], "spam")
    decide(load(places), ["nf-1"], "approved")
    assert files(places.store) == ["nf-1.md", REFUSED_FILE] and files(places.queue) == []
    assert "nf-1" not in (places.store / REFUSED_FILE).read_text()


def test_every_decision_on_the_same_comment_keeps_one_file(places):
    queued(places, COMMENT)
    for status in ("approved", "pending", "spam", "approved", "rejected", "approved", "approved"):
        decide(load(places), ["nf-1"], status)
        found = load(places)
        assert len(found.store) + len(found.queue) == 1 and not found.errors


def test_an_unknown_id_changes_nothing(places):
    queued(places, COMMENT)
    before = (places.queue / "nf-1.md").read_text()
    with pytest.raises(KeyError, match="nf-9"):
        decide(load(places), ["nf-1", "nf-9"], "approved")
    assert (places.queue / "nf-1.md").read_text() == before and not places.store.exists()


def test_a_store_that_cannot_be_written_changes_nothing(places, monkeypatch):
    queued(places, COMMENT)
    places.store.parent.mkdir(parents=True)
    places.store.write_text("a file where the folder should be")
    before = files(places.queue)
    with pytest.raises(PlaceError, match="cannot write there") as raised:
        decide(load(places), ["nf-1"], "approved")
    assert "nothing was changed" in str(raised.value) and "\n" not in str(raised.value)
    assert files(places.queue) == before and load(places).queue["nf-1"][1].status == "pending"


def test_a_failure_midway_names_what_was_decided_and_leaves_whole_files(places, monkeypatch):
    queued(places, COMMENT, replace(COMMENT, id="nf-2"))
    real_replace, calls = os.replace, []

    def failing_second_time(source, target):
        calls.append(target)
        if len(calls) > 2:  # the first comment: rewrite, then move; the second: its rewrite fails
            raise OSError(30, "Read-only file system", str(target))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_second_time)
    with pytest.raises(PlaceError, match="decided before it stopped: nf-1;"):
        decide(load(places), ["nf-1", "nf-2"], "approved")
    monkeypatch.undo()
    found = load(places)
    assert found.store["nf-1"][1].status == "approved" and found.queue["nf-2"][1].status == "pending"
    assert not found.errors and not [p for p in places.queue.iterdir() if p.name.startswith(".tmp-")]


def test_settle_finishes_a_move_an_interruption_left_halfway(places):
    """Killed between the rewrite in place and the move: the file's status is the truth."""
    queued(places, replace(COMMENT, status="approved"))
    save_comment(places.store, replace(COMMENT, id="nf-2", status="rejected"))
    (places.queue / ".tmp-abc123.part").write_text("half a comm")
    found = load(places)
    moved = settle(found)
    assert {(m.comment_id, m.target.parent.name) for m in moved} == {("nf-1", "comments"), ("nf-2", "comments-queue")}
    assert files(places.store) == ["nf-1.md", REFUSED_FILE] and files(places.queue) == ["nf-2.md"]
    assert "nf-2 rejected" in (places.store / REFUSED_FILE).read_text()
    assert settle(load(places)) == []


def test_a_comment_in_both_places_keeps_the_copy_in_its_right_place(places):
    save_comment(places.store, replace(COMMENT, status="approved"))
    queued(places, COMMENT)
    settle(load(places))
    assert files(places.store) == ["nf-1.md"] and files(places.queue) == []
    assert load(places).store["nf-1"][1].status == "approved"


def test_queue_files_committed_by_an_earlier_version_move_out_of_the_store(places):
    legacy = places.store / "a-post"
    save_comment(legacy, replace(COMMENT, id="old-1", status="spam"))
    save_comment(legacy, replace(COMMENT, id="old-2"))
    save_comment(legacy, replace(COMMENT, id="old-3", status="approved"))
    moved = settle(load(places))
    assert sorted(m.comment_id for m in moved) == ["old-1", "old-2"]
    assert files(places.store) == ["a-post/old-3.md", REFUSED_FILE] and files(places.queue) == ["old-1.md", "old-2.md"]
    assert (places.store / REFUSED_FILE).read_text().endswith("old-1 spam\n")


def test_a_refused_id_without_its_text_stays_refused(places):
    places.store.mkdir(parents=True)
    (places.store / REFUSED_FILE).write_text("nf-7 spam\nnot a line\n../x spam\n")
    found = load(places)
    assert found.refused == {"nf-7": "spam"}
    assert [e.line for e in found.errors] == [2, 3]
    assert "nf-7" in found.known_ids()


def test_new_files_never_overwrite_one_of_the_same_name(places):
    queued(places, COMMENT)
    before = (places.queue / "nf-1.md").read_text()
    found = load(places)
    found.queue.clear()  # as if the file appeared meanwhile (a case-insensitive disk, say)
    with pytest.raises(FileExistsError):
        queueing.add(found, [replace(COMMENT, body="Another text")])
    assert (places.queue / "nf-1.md").read_text() == before


def test_the_ancestors_a_reply_waits_for(places):
    chain = {
        "a": replace(COMMENT, id="a", status="approved"),
        "b": replace(COMMENT, id="b", parent="a"),
        "c": replace(COMMENT, id="c", parent="b", status="spam"),
        "d": replace(COMMENT, id="d", parent="c"),
        "loop1": replace(COMMENT, id="loop1", parent="loop2"),
        "loop2": replace(COMMENT, id="loop2", parent="loop1"),
    }
    assert [c.id for c in unapproved_ancestors(chain, "d")] == ["c", "b"]
    assert [c.id for c in unapproved_ancestors(chain, "loop1")] == ["loop2"]


def test_a_hand_edited_status_is_honoured_by_the_next_command(places):
    path = save_comment(places.queue, COMMENT)
    path.write_text(format_comment(COMMENT).replace("Status: pending", "Status: approved"))
    settle(load(places))
    assert files(places.store) == ["nf-1.md"]


def test_a_decision_pulled_from_git_wins_over_the_pending_copy_in_the_queue(places):
    """Approved or refused on another machine, committed, pulled: the local queue follows."""
    queued(places, COMMENT, replace(COMMENT, id="nf-2"))
    save_comment(places.store, replace(COMMENT, status="approved"))
    (places.store / REFUSED_FILE).write_text("nf-2 spam\n")
    settle(load(places))
    found = load(places)
    assert found.store["nf-1"][1].status == "approved" and "nf-1" not in found.queue
    assert found.queue["nf-2"][1].status == "spam" and found.refused == {"nf-2": "spam"}


def test_a_decision_keeps_what_was_written_since_the_command_read_the_places(places):
    """An outside tester's: a hand edit made while a command waited was overwritten from the copy it had read."""
    queued(places, COMMENT, replace(COMMENT, id="nf-2"), replace(COMMENT, id="nf-3"))
    snapshot = load(places)
    edited = format_comment(COMMENT).replace("Hello.", "Hello (edited).")
    (places.queue / "nf-1.md").write_text(edited)
    save_comment(places.store, replace(COMMENT, id="nf-2", status="approved", body="Pulled from git."))
    places.store.mkdir(exist_ok=True)
    (places.store / REFUSED_FILE).write_text("nf-9 spam\n")  # refused on another machine, pulled meanwhile
    changed, left = queueing.decision(snapshot, ["nf-1", "nf-3"], "spam")
    assert [c.id for c in changed] == ["nf-3"]
    assert [(x.comment_id, x.why) for x in left] == [("nf-1", "changed since it was shown")]
    assert (places.queue / "nf-1.md").read_text() == edited
    changed, left = queueing.decision(snapshot, ["nf-2"], "approved")
    assert not changed and left[0].taken == places.store / "nf-2.md"
    assert load_store(places.store)[0]["nf-2"].body == "Pulled from git."
    assert (places.store / REFUSED_FILE).read_text().splitlines()[-2:] == ["nf-3 spam", "nf-9 spam"]


def test_refused_txt_with_a_byte_order_mark_and_crlf_is_read_whole(places):
    places.store.mkdir(parents=True)
    (places.store / REFUSED_FILE).write_bytes(b"\xef\xbb\xbfnf-7 spam\r\n# a note\r\nnf-8 rejected\r\n")
    found = load(places)
    assert found.refused == {"nf-7": "spam", "nf-8": "rejected"} and found.errors == []
