"""Hostile input through the moderator's commands, as an attacker would send it and a moderator would run it.

Each test runs the real commands (tools/comments/commands.py, which `invoke comments.*`
wraps) on a copy of the fixture site placed in a work folder, with canary folders
beside and above it: nothing an import, a decision or a build does may touch them.
"""

import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from comments.store import SAFE_ID, load_store
from pelican.settings import read_settings
from rich.console import Console

from tests.render_budget import CALLS_PER_CHARACTER, growth_problem, render_calls
from tests.sitebuild import FIXTURE_CONTENT, ROOT, build_site, page
from tests.wxr import BLOG
from tests.wxr import export as wxr_export
from tests.wxr import item as wxr_item
from tools.comments.commands import CommandError, run_check, run_import, run_list, run_moderate, run_review
from tools.comments.queue import Places, load

ARTICLE = "what-to-do-after-striking-out-in-the-job-market"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own colours; any other escape came from a reader
UNSAFE_ON_A_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EMAIL = re.compile(r"[^\s@<>()\[\]]+@[^\s@<>()\[\]]+\.[a-z]{2,}", re.IGNORECASE)


@dataclass
class Project:
    """A copy of the site in a work folder, with canaries outside it."""

    root: Path
    canaries: list[Path]

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def places(self) -> Places:
        return Places(self.content / "comments", self.root / "comments-queue")

    def settings(self, **overrides):
        return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(self.content), **overrides})

    def run(self, command, *args, answers=(), width=100, **options):
        """Run a command as the task does; returns what the moderator's terminal received."""
        out = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="standard")
        replies = iter(answers)

        def ask(question, choices, default):
            out.print(question)
            return next(replies, "")

        if command in (run_moderate, run_review):
            options["ask"] = ask
        command(*args, self.settings(), self.root, out, **options)
        return out.file.getvalue()

    def export(self, name: str, submissions: list[dict]) -> Path:
        path = self.root.parent / name  # exports live outside the project, as a download would
        path.write_text(json.dumps({"form": "comments", "submissions": submissions}))
        return path

    def everything_outside(self) -> dict[str, bytes]:
        """Every file under the work folder but the store, the queue, the salt and build products."""
        mine = (self.places.store, self.places.queue, self.root / ".comments-salt", self.root / "output")
        found = {}
        for path in sorted(self.root.parent.parent.rglob("*")):
            if path.is_file() and not any(path == m or m in path.parents for m in mine):
                found[str(path)] = path.read_bytes()
        return found


@pytest.fixture
def project(tmp_path) -> Project:
    """tmp/canary-top, tmp/work/canary, tmp/work/project (the site): the attacks aim at the canaries."""
    root = tmp_path / "work" / "project"
    root.parent.mkdir(parents=True)
    canaries = [tmp_path / "canary-top", tmp_path / "work" / "canary"]
    for canary in canaries:
        canary.mkdir()
        (canary / "keep.txt").write_text("untouched")
    import shutil

    shutil.copytree(FIXTURE_CONTENT, root / "content")
    return Project(root, canaries)


def submission(n: int, **fields) -> dict:
    values = {
        "_date": f"2024-05-01T10:{n % 60:02d}:00",
        "_id": f"s{n}",
        "name": f"Reader {n}",
        "email": f"reader{n}@example.com",
        "comment": f"Comment number {n}.",
        "article": ARTICLE,
        "parent": "",
    }
    return values | fields


def comment_files(project: Project) -> list[Path]:
    return [p for folder in (project.places.store, project.places.queue) for p in folder.rglob("*") if p.is_file()]


# 1. Reader data never names a path ------------------------------------------------------------

PATHS = [
    "../images",
    "../../canary",
    "../../../canary-top",
    "..",
    "/",
    "/etc",
    "C:\\Windows",
    "a/../../b",
    ARTICLE + "/../../canary",
    ARTICLE + "\x00",
    ARTICLE + "\n../../canary",
    "x" * 300,
    "what-to-do  after",
    "wh\u0430t-to-do-after-striking-out-in-the-job-market",  # a Cyrillic 'а'
    "what-to-do-after-striking-out-in-the-job-market\u200b",  # a zero-width space
    "WHAT-TO-DO-AFTER-STRIKING-OUT-IN-THE-JOB-MARKET",
]


def test_article_id_and_parent_never_name_a_path(project):
    rows = [submission(n, article=value) for n, value in enumerate(PATHS)]
    rows += [submission(100 + n, _id=value) for n, value in enumerate(PATHS)]
    rows += [submission(200 + n, parent=value) for n, value in enumerate(PATHS)]
    export = project.export("paths.json", rows)
    before = project.everything_outside()
    project.run(run_import, str(export), None)
    assert project.everything_outside() == before
    assert all((c / "keep.txt").read_text() == "untouched" and len(list(c.iterdir())) == 1 for c in project.canaries)
    written = comment_files(project)
    assert all(p.parent in (project.places.store, project.places.queue) for p in written)
    assert all(SAFE_ID.match(p.stem) for p in written if p.suffix == ".md")
    found = load(project.places)
    assert not found.errors and len(found.comments()) == len(rows)
    # Only an exact article is placed; everything else waits, with the reason.
    for n, value in enumerate(PATHS):
        comment = found.comments()[f"fs-s{n}"]
        assert comment.status == "pending" and any(r.startswith("unknown article") for r in comment.reasons), value
    for n, value in enumerate(PATHS):
        comment = found.comments()[f"fs-s{200 + n}"]
        assert any(r.startswith("replies to unknown comment") for r in comment.reasons), value


def test_a_pending_comment_never_lands_in_the_content_folder(project):
    """The worst attack of the first review: `article: ../images` wrote the comment into content/images/."""
    project.run(run_import, str(project.export("one.json", [submission(1, article="../images")])), None)
    assert sorted(p.name for p in (project.content / "images").iterdir()) == [
        "striking-out.svg",
        "striking-out.svg.credit",
    ]
    assert not project.places.store.exists()  # nothing approved, nothing refused: nothing in content/
    output = build_site(project.root / "output", PATH=str(project.content))
    assert "Comment number 1." not in "".join(p.read_text() for p in output.rglob("*.html"))


def test_ids_that_differ_only_in_case_get_files_of_their_own(project):
    rows = [submission(1, _id="AbC", comment="upper"), submission(2, _id="abc", comment="lower")]
    project.run(run_import, str(project.export("case.json", rows)), None)
    names = {p.name.casefold() for p in comment_files(project)}
    assert len(names) == 2 and {c.body for c in load(project.places).comments().values()} == {"upper", "lower"}


# 2. One file for life -------------------------------------------------------------------------


def test_approving_a_comment_with_a_spaced_article_keeps_one_file_and_its_decision(project):
    row = submission(1, article=f"  {ARTICLE}  ")
    odd = submission(2, article="what-to-do  after")
    project.run(run_import, str(project.export("spaces.json", [row, odd])), None)
    for status in ("approved", "spam", "approved", "rejected", "approved"):
        project.run(run_moderate, "fs-s1,fs-s2", status, answers=["n"])
        found = load(project.places)
        assert not found.errors and len([p for p in comment_files(project) if p.suffix == ".md"]) == 2
        assert {c.status for c in found.comments().values()} == {status}
    again = project.run(run_import, str(project.export("spaces.json", [row, odd])), None)
    assert "already in the store (unchanged) │    2" in SGR.sub("", again)
    assert len(load(project.places).comments()) == 2


# 3. The moderator's terminal ------------------------------------------------------------------

NAMES = [
    "[/]",
    "[bold red]Admin[/]",
    "[link=https://evil.example]click me[/link]",
    "\x1b[2J\x1b[HCleared",
    "\x1b]8;;https://evil.example\x07Bob\x1b]8;;\x07",
    "\x1b]0;new window title\x07",
    "\x9b31mC1 red",
    "Carriage\roverwritten",
    "Back\x08\x08space",
    "Mallory\u202egnp.exe",
    "Isolate\u2066text\u2069",
    ":skull: emoji code",
]


def terminal_is_clean(output: str) -> None:
    stripped = SGR.sub("", output)
    assert "\x1b" not in stripped, repr(stripped[stripped.index("\x1b") - 20 :][:60])
    assert not UNSAFE_ON_A_TERMINAL.search(stripped.replace("\n", "")), repr(output)


def test_no_name_or_comment_reaches_the_terminal_as_anything_but_text(project):
    rows = [submission(n, name=name, comment=f"{name}\n\n{name} in a comment") for n, name in enumerate(NAMES)]
    rows.append(submission(99, name="Plain", comment="\x1b[31m" + "x" * 3 + "\x9b2J\u202e"))
    shown = project.run(run_import, str(project.export("names.json", rows)), None)
    shown += project.run(run_list)
    shown += project.run(run_review, answers=["k"] * len(rows))
    shown += project.run(run_moderate, ",".join(f"fs-s{n}" for n in range(len(NAMES))), "spam")
    shown += project.run(run_moderate, "fs-s1,fs-s2", "approved", answers=["n"])
    shown += project.run(run_check)
    terminal_is_clean(shown)
    assert "[link=https://evil.example]click me[/link]" in shown and "[bold red]Admin[/]" in shown  # as text


def test_hand_edited_control_characters_never_reach_the_terminal(project):
    project.run(run_import, str(project.export("one.json", [submission(1)])), None)
    (path,) = project.places.queue.glob("*.md")
    path.write_text(path.read_text().replace("Comment number 1.", "Body \x1b]8;;https://x\x07link\x1b[2J \u202eevil"))
    shown = project.run(run_review, answers=["k"])
    terminal_is_clean(shown)
    assert "link" in SGR.sub("", shown) and "evil" in SGR.sub("", shown)


def test_the_json_listing_escapes_what_json_lets_through(project):
    rows = [submission(1, name="C1 \x9b31m and bidi \u202e")]
    project.run(run_import, str(project.export("one.json", rows)), None)
    (path,) = project.places.queue.glob("*.md")
    path.write_text(path.read_text().replace("Comment number 1.", "\x9b2J \u2066x\u2069"))
    listed = project.run(run_list, as_json=True)
    terminal_is_clean(listed)
    assert json.loads(listed)[0]["body"] == "2J x"  # the store's reader removed them, JSON round-trips


def test_the_review_prompt_shows_its_choices_as_written(project):
    project.run(run_import, str(project.export("one.json", [submission(1)])), None)
    shown = project.run(run_review, answers=["q"])
    assert "[a]pprove, [r]eject, [s]pam, s[k]ip, [q]uit" in shown


def test_ids_never_wrap_in_the_listing(project):
    long_id = "x" * 90
    project.run(run_import, str(project.export("one.json", [submission(1, _id=long_id)])), None)
    listed = SGR.sub("", project.run(run_list))
    assert f"fs-{long_id}" in listed


# 4. Strict parsing, and no email address stored -----------------------------------------------

CSV_HEADER = "date,name,email,website,comment,article,parent\n"
A = ARTICLE


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        (f'2024-01-01,Ann,ann@example.com,,"open,{A},\n2024-01-02,Bob,bob@example.com,,hi,{A},\n', 2),
        (f'2024-01-01,Ann,ann@example.com,,"a"b,{A},\n', 2),
        (f"2024-01-01,Ann,ann@example.com,,hi,{A},,extra\n", 2),
        (f"2024-01-01,Ann,ann@example.com,,hi,{A},\n2024-01-02,Bob,bob@example.com,,short\n", 3),
    ],
)
def test_a_malformed_csv_is_refused_with_its_line_and_nothing_is_merged(project, rows, line):
    export = project.root.parent / "broken.csv"
    export.write_text(CSV_HEADER + rows)
    with pytest.raises(CommandError, match=rf"broken\.csv: line {line}: .*nothing was imported") as raised:
        project.run(run_import, str(export), None)
    assert "\n" not in str(raised.value)
    assert not project.places.queue.exists() and not project.places.store.exists()


def test_a_quote_closed_by_chance_further_down_skips_the_rows_it_swallowed_naming_its_line(project):
    """The rows a quote left open swallowed are never merged into one comment: that row is skipped, naming its line
    (a reader can write such a field on purpose, so it no longer refuses the other rows: an outside tester's)."""
    export = project.root.parent / "broken.csv"
    export.write_text(
        CSV_HEADER + f'2024-01-01,Ann,ann@example.com,,"open,{A},\n2024-01-02,Bob,bob@example.com,,hi,{A},\n'
        f'2024-01-03,Cy,cy@example.com,,x",{A},\n2024-01-04,Di,di@example.com,,Fine,{A},\n'
    )
    said = " ".join(SGR.sub("", project.run(run_import, str(export), None)).split())
    assert "row 1 (line 2) │ skipped │ │ starts on line 2 and holds a line that looks" in said, said
    assert [c.body for c in load(project.places).comments().values()] == ["Fine"]


def test_no_email_address_is_stored_whatever_a_row_looks_like(project):
    rows = [
        submission(1, name="ann@example.com"),
        submission(2, name="Bob <bob@example.com>"),
        submission(3, comment='Write to me: cy@example.com or "d d"@example.org, or e@[192.0.2.1].'),
        submission(4, article="f@example.com"),
        submission(5, parent="g@example.com"),
        submission(6, website="http://h@example.com/"),
        submission(11, website="https://ok.example/?mail=n@example.com"),
        submission(7, email="not an address i@example.com"),
        submission(8, _id="j@example.com"),
        submission(9, _date="k@example.com"),
        submission(10, comment="mailto:l@example.com", name="Mo [m@example.com](mailto:m@example.com)"),
    ]
    project.run(run_import, str(project.export("emails.json", rows)), None)
    stored = "\n".join(p.read_text() for p in comment_files(project))
    assert "hmac-sha256:" in stored and not EMAIL.findall(stored), EMAIL.findall(stored)
    reasons = {c.id: c.reasons for c in load(project.places).comments().values()}
    assert any("email address was removed" in r for r in reasons["fs-s3"])


DISGUISED = [
    "Mail alice@example\\.com today",  # a Markdown escape: the page shows alice@example.com
    "or carol&#64;example.com",  # entities: decoded by Markdown and the browser
    "or dave@example&#46;com",
    "or erin&commat;example&period;com",
    "or <gina@example.com>",  # an autolink
    "or hal@*example*.com",  # emphasis inside the domain
    "or ivy@`example`.com",  # a code span inside the domain: shows as ivy@example.com
    "or [my page](https://ok.example/?u=jo%40example.com)",  # percent-encoded in a link
    "or bob\uff20example.com",  # a full-width at sign: readers read it as an address
    "or \uff47\uff52\uff41\uff43\uff45\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff43\uff4f\uff4d",  # all full-width
    "or pat\ufe6bexample.com",  # the small at sign
    "or ann@example\u3002com",  # an ideographic full stop: browsers read it as a dot in an address
    "or kay@example\uff61org",  # its half-width form
    "or liz&#0000000064;example.com",  # leading zeros: an HTML parser reads any number of them
]


def test_a_disguised_address_is_never_stored_nor_published(project):
    """Markdown and HTML decode escapes and entities: the approved page showed plain addresses."""
    rows = [submission(n, comment=text) for n, text in enumerate(DISGUISED, start=1)]
    rows += [
        submission(20, website="http://example.com/?u=frank%40example.com"),
        submission(21, article="x" * 48 + " alice.smith@example.com"),  # cut before redaction: '…alice.smith@e…'
        submission(22, parent="y" * 48 + " bob.jones@example.com"),
    ]
    project.run(run_import, str(project.export("disguised.json", rows)), None)
    wxr = project.root.parent / "disguised.xml"
    bodies = (
        "kim@<b>example</b>.com",
        "lee&#64;example&#46;com",
        "<a href='https://ok.example/?m=mo%40example.com'>x</a>",
        # In attributes, with leading zeros (an outside tester's: both reached the page as plain addresses).
        'Ask <abbr title="alice&#0000000064;example.com">her</abbr>, or'
        ' <a href="https://ok.example/?to=bob&#x0000000040;example.com">mail</a>',
    )
    wxr.write_text(wxr_export(wxr_item(7, slug=ARTICLE, comments=bodies)))
    project.run(run_import, str(wxr), "wxr")
    stored = "\n".join(p.read_text() for p in comment_files(project))
    assert not revealed_addresses(stored), revealed_addresses(stored)
    assert not re.search(r"(smith|jones)@", stored)
    comments = load(project.places).comments()
    assert (
        comments["fs-s20"].website == "" and "the website held an email address: not kept" in comments["fs-s20"].reasons
    )
    for n in range(1, len(DISGUISED) + 1):
        assert "an email address was removed from the name or text" in comments[f"fs-s{n}"].reasons
    project.run(run_moderate, ",".join(sorted(comments)), "approved", answers=["n"])
    output = build_site(project.root / "output", "publishconf.py", PATH=str(project.content), COMMENTS_FORMSPREE_ID="x")
    section = page(output, f"{ARTICLE}/").select_one("#comments")
    assert len(section.select("li.comment")) >= len(DISGUISED) + 3
    assert not revealed_addresses(str(section)) and not revealed_addresses(section.get_text())
    assert not [a["href"] for a in section.select("a[href]") if revealed_addresses(a["href"])]


def revealed_addresses(text: str) -> list[str]:
    """The addresses in a text once entities, escapes and percent-encoding are decoded, as a reader would."""
    import unicodedata
    from html import unescape
    from urllib.parse import unquote

    readable = unicodedata.normalize("NFKC", unescape(unquote(text.replace("\\", "")))).translate(
        {0x3002: ".", 0xFF61: "."}
    )
    return EMAIL.findall(readable) + EMAIL.findall(text)


# 5. The salt ----------------------------------------------------------------------------------


def test_the_salt_is_made_once_private_and_reused(project):
    project.run(run_import, str(project.export("one.json", [submission(1)])), None)
    salt = project.root / ".comments-salt"
    assert oct(salt.stat().st_mode)[-3:] == "600" and len(salt.read_text().strip()) >= 32
    first = salt.read_text()
    project.run(run_import, str(project.export("two.json", [submission(2)])), None)
    assert salt.read_text() == first


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"CI": "true"}, "COMMENTS_EMAIL_SALT is not set: in CI"),
        ({"GITHUB_ACTIONS": "true"}, "COMMENTS_EMAIL_SALT is not set: in CI"),
        ({"COMMENTS_EMAIL_SALT": ""}, "COMMENTS_EMAIL_SALT is empty"),
        ({"COMMENTS_EMAIL_SALT": "short"}, "COMMENTS_EMAIL_SALT is too short"),
        ({"CI": "true", "COMMENTS_EMAIL_SALT": "x" * 31}, "too short"),
    ],
)
def test_a_missing_or_weak_salt_is_refused_before_anything_is_written(project, monkeypatch, environment, message):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(CommandError, match=message) as raised:
        project.run(run_import, str(project.export("one.json", [submission(1)])), None)
    assert "secrets.token_hex" in str(raised.value) or "secret" in str(raised.value)
    assert not (project.root / ".comments-salt").exists() and not project.places.queue.exists()


def test_the_salt_from_the_environment_wins_and_no_file_is_made(project, monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("COMMENTS_EMAIL_SALT", "s" * 64)
    project.run(run_import, str(project.export("one.json", [submission(1)])), None)
    assert not (project.root / ".comments-salt").exists() and len(load(project.places).comments()) == 1


def test_a_salt_committed_to_the_repository_is_refused_before_anything_is_written(project):
    """An outside tester's: `git add -f .comments-salt` and the salt, there for anyone to read, hashed every address."""
    import subprocess

    salt = project.root / ".comments-salt"
    salt.write_text("A" * 40 + "\n")
    for command in (["init", "-q"], ["add", "-f", ".comments-salt"]):
        subprocess.run(["git", *command], cwd=project.root, check=True, capture_output=True)
    with pytest.raises(CommandError, match=r"\.comments-salt is committed to the repository") as raised:
        project.run(run_import, str(project.export("one.json", [submission(1)])), None)
    assert "git rm --cached .comments-salt" in str(raised.value) and not project.places.queue.exists()
    subprocess.run(["git", "rm", "-q", "--cached", ".comments-salt"], cwd=project.root, check=True)
    project.run(run_import, str(project.export("one.json", [submission(1)])), None)  # git-ignored again: used


def test_a_salt_that_cannot_be_written_is_one_line_and_nothing_else_happens(project):
    (project.root / ".comments-salt").mkdir()  # cannot be read as a file, nor made
    with pytest.raises(CommandError, match=r"\.comments-salt: cannot") as raised:
        project.run(run_import, str(project.export("one.json", [submission(1)])), None)
    assert "\n" not in str(raised.value) and not project.places.queue.exists()


# 6. Limits, not crashes: no comment can fail a build ------------------------------------------


def test_deep_json_is_refused_as_a_file(project):
    export = project.root.parent / "deep.json"
    export.write_text('{"submissions": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(CommandError, match="nested too deeply"):
        project.run(run_import, str(export), None)


def test_a_field_that_is_not_text_skips_its_row_only(project):
    nested = {"a": [[[[[[["deep"]]]]]]]}
    rows = [submission(1, name=nested), submission(2, comment=["a", "list"]), submission(3)]
    project.run(run_import, str(project.export("fields.json", rows)), None)
    assert set(load(project.places).comments()) == {"fs-s3"}


@pytest.mark.parametrize(
    "date", ["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-14:00", "1900-01-01", "2999-01-01", "99999-01-01"]
)
def test_a_date_out_of_range_is_refused_with_its_row(project, date):
    shown = project.run(run_import, str(project.export("dates.json", [submission(1, _date=date)])), None)
    assert "submission 1" in SGR.sub("", shown) and not load(project.places).comments()


def test_rows_that_no_file_can_hold_are_skipped_up_front_and_the_later_ones_import(project):
    """Lone surrogates and a 5,000-digit id stopped the import at its write, and every later row with it."""
    rows = [
        submission(1, _date="2024-05-01T09:00:00", comment="\ud800 early"),
        submission(2, _date="2024-05-01T09:01:00", name="\ud83d"),
        submission(3, _date="2024-05-01T09:02:00", _id="BIG"),
        submission(4, _date="2024-05-01T09:03:00", website="\udfff"),
        submission(5, _date="2024-05-01T09:04:00"),
    ]
    export = project.export("surrogates.json", rows)
    export.write_text(export.read_text().replace('"BIG"', "9" * 5000))
    assert "\\ud800" in export.read_text()  # as a form service writes it: an escape, valid JSON
    for _ in range(2):  # and again: nothing was half-done
        shown = table_text(project.run(run_import, str(export), None, width=300))
        assert set(load(project.places).comments()) == {"fs-s5"}
    assert "submission 1 skipped field 'comment' holds a lone surrogate" in shown
    assert "submission 2 skipped field 'name' holds a lone surrogate" in shown
    assert "submission 3 skipped its id is 5,000 characters long (at most 1,000)" in shown
    assert "submission 4 skipped field 'website' holds a lone surrogate" in shown


def table_text(printed: str) -> str:
    """A wide table's text without colours, borders or runs of spaces."""
    return re.sub(r"[ │┃]+", " ", SGR.sub("", printed))


def test_a_date_in_a_time_zone_no_one_knows_is_refused_with_its_row(project, recwarn):
    rows = [submission(1, _date="2024-01-01 10:00 ABCDE"), submission(2, _date="2024-01-01 10:00 +02:00")]
    shown = table_text(project.run(run_import, str(project.export("zones.json", rows)), None, width=300))
    assert "submission 1 skipped date '2024-01-01 10:00 ABCDE' has a time zone, 'ABCDE', that is not known" in shown
    assert set(load(project.places).comments()) == {"fs-s2"} and not recwarn.list


def test_a_post_without_a_date_never_crashes_an_import(project):
    (project.content / "undated.md").write_text("Title: Undated\nAuthor: Chris\n\nNo date here.\n")
    (project.content / "broken.md").write_text("Title: Broken\nDate: not a date\n\nText.\n")
    project.run(run_import, str(project.export("one.json", [submission(1, article="undated")])), None)
    assert load(project.places).comments()["fs-s1"].reasons == ("awaiting moderation",)


def test_a_long_reply_chain_and_pathological_comments_build_and_publish(project):
    """1,100 replies deep, nested Markdown, a bracket storm: approved anyway, the build goes on."""
    chain = [submission(0, _id="r0")]
    chain += [
        submission(
            n,
            _id=f"r{n}",
            parent=f"fs-r{n - 1}",
            _date=f"2024-05-01T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}",
        )
        for n in range(1, 1100)
    ]
    nasty = [
        submission(2000, _id="lists", comment="".join("    " * i + "- x\n" for i in range(400))[:9000]),
        submission(2001, _id="inline", comment="1. " * 3000),
        submission(2002, _id="quotes", comment="> " * 4000),
        submission(2003, _id="brackets", comment="[" * 9000),
        submission(2004, _id="links", comment="[a](" * 2000),
    ]
    project.run(run_import, str(project.export("chain.json", chain + nasty)), None)
    ids = ",".join(sorted(load(project.places).comments()))
    project.run(run_moderate, ids, "approved", answers=["n"])
    output = build_site(project.root / "output", "publishconf.py", PATH=str(project.content), COMMENTS_FORMSPREE_ID="x")
    article = page(output, f"{ARTICLE}/")
    assert article.select_one("#comment-fs-r1099") is not None and article.select_one("#comment-fs-brackets")
    assert len(article.select("li.comment")) == 1105
    assert max(len(li.find_parents("ol")) for li in article.select("li.comment")) <= 6


# One comment each: 40 s, 3 s and 1.2 s to render before (escaping `[` past 64 brackets made `\\[` live).
SLOW_BEFORE = [("\\[" * 5000, "markdown"), ("``a`" * 2500, "markdown"), ("<a>" * 3333, "html")]


@pytest.mark.parametrize(("text", "fmt"), SLOW_BEFORE)
def test_a_comment_made_to_be_slow_renders_with_work_in_proportion_to_its_length(text, fmt):
    unit = text[: {"markdown": 2 if text.startswith("\\") else 4, "html": 3}[fmt]]
    assert not growth_problem(unit, fmt)
    assert render_calls(text, fmt) <= CALLS_PER_CHARACTER * len(text)


def test_comments_made_to_be_slow_import_check_and_build(project):
    """The attacker's comments through the whole pipeline: held with no reason to, approved, checked, built."""
    rows = [
        submission(1, _id="brackets", comment=SLOW_BEFORE[0][0]),
        submission(2, _id="ticks", comment=SLOW_BEFORE[1][0]),
    ]
    project.run(run_import, str(project.export("slow.json", rows)), None)
    wxr = project.root.parent / "slow.xml"
    wxr.write_text(wxr_export(wxr_item(7, slug=ARTICLE, comments=("<a>" * 50 + "fine", SLOW_BEFORE[2][0]))))
    project.run(run_import, str(wxr), "wxr")
    comments = load(project.places).comments()
    assert comments[f"wp-{BLOG}-7-700"].status == "approved" and comments[f"wp-{BLOG}-7-701"].status == "pending"
    assert (
        "the text is too marked up to render: it holds 3,333 HTML tags (at most 1,000)"
        in comments[f"wp-{BLOG}-7-701"].reasons
    )
    assert comments["fs-brackets"].reasons == comments["fs-ticks"].reasons == ("awaiting moderation",)
    project.run(run_moderate, f"fs-brackets,fs-ticks,wp-{BLOG}-7-701", "approved", answers=["n"])
    checked = SGR.sub("", project.run(run_check)).replace("\n", " ")
    assert f"wp-{BLOG}-7-701.md: its text is too marked up to render" in checked and "1 problem(s)" in checked
    output = build_site(project.root / "output", "publishconf.py", PATH=str(project.content), COMMENTS_FORMSPREE_ID="x")
    article = page(output, f"{ARTICLE}/")
    assert article.select_one("#comment-fs-brackets .comment__text").get_text().strip() == "[" * 5000
    assert article.select_one("#comment-fs-ticks .comment__text code")
    assert (
        article.select_one(f"#comment-wp-{BLOG}-7-701 .comment__text").get_text().count("<a>") == 3333
    )  # shown as text


def test_an_approved_comment_the_build_cannot_place_is_named_by_the_check_not_stopping_a_publish(project):
    from publishing.strict import strict_build

    project.run(run_import, str(project.export("one.json", [submission(1, article="../images"), submission(2)])), None)
    project.run(run_moderate, "fs-s1,fs-s2", "approved", answers=["n"])
    (project.places.store / "fs-s2.md").write_text(
        (project.places.store / "fs-s2.md").read_text().replace("Date: 2024", "Date: 99999")
    )
    overrides = {
        "PATH": str(project.content),
        "OUTPUT_PATH": str(project.root / "output"),
        "COMMENTS_FORMSPREE_ID": "x",
    }
    assert strict_build(str(ROOT / "publishconf.py"), overrides) == []
    checked = SGR.sub("", project.run(run_check))
    assert "fs-s1.md: approved, but its article '../images' is none of the site's" in checked.replace("\n", " ")
    assert "fs-s2.md:7: date" in checked


def test_the_store_reads_plain_files_only(project, caplog):
    """A committed symbolic link to /dev/zero or to the salt, a pipe: never followed, read or waited on."""
    import threading

    from publishing.strict import strict_build

    project.run(run_import, str(project.export("one.json", [submission(1)])), None)
    project.run(run_moderate, "fs-s1", "approved", answers=["n"])
    salt = (project.root / ".comments-salt").read_text().strip()
    store = project.places.store
    (store / "zero.md").symlink_to("/dev/zero")
    (store / "s.md").symlink_to("../../.comments-salt")
    (store / "refused.txt").symlink_to("../../.comments-salt")
    os.mkfifo(store / "fifo.md")
    (store / "huge.md").write_text("Id: huge\n" + "x" * (2 << 20))
    listed = []
    worker = threading.Thread(target=lambda: listed.append(project.run(run_list)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert listed, "comments.list waited on the pipe"
    checked = SGR.sub("", project.run(run_check, width=300))
    for name in ("zero.md", "s.md", "refused.txt"):
        assert f"{name}: is a symbolic link, which is never followed" in checked
    assert "fifo.md: is not a plain file (a pipe, a device...)" in checked
    assert "huge.md: is larger than a comment file can be (1,048,576 bytes at most)" in checked
    overrides = {
        "PATH": str(project.content),
        "OUTPUT_PATH": str(project.root / "output"),
        "COMMENTS_FORMSPREE_ID": "x",
    }
    assert strict_build(str(ROOT / "publishconf.py"), overrides) == []
    assert page(project.root / "output", f"{ARTICLE}/").select_one("#comment-fs-s1")
    said = "\n".join([checked, *listed, *(r.getMessage() for r in caplog.records)])
    assert salt not in said and "zero.md" in said


# 8. Faults: whole files only, one line, nothing half-written ----------------------------------


def test_an_import_killed_midway_leaves_whole_files_and_the_next_run_finishes(project, monkeypatch):
    rows = [submission(n) for n in range(1, 21)]
    export = project.export("twenty.json", rows)
    (project.root / ".comments-salt").write_text("s" * 64)
    real_fdopen, written = os.fdopen, []

    def dies_on_the_eleventh(handle, *args, **kwargs):
        stream = real_fdopen(handle, *args, **kwargs)
        written.append(stream)
        if len(written) == 11:
            stream.write("Id: fs-s11\nArt")  # half a file, then the process is gone
            stream.flush()
            raise KeyboardInterrupt
        return stream

    monkeypatch.setattr(os, "fdopen", dies_on_the_eleventh)
    with pytest.raises(KeyboardInterrupt):
        project.run(run_import, str(export), None)
    monkeypatch.undo()
    comments, errors = load_store(project.places.queue)
    assert len(comments) == 10 and errors == []
    (project.places.queue / ".tmp-k1ll3d.part").write_text("Id: fs-s11\nArt")  # what a SIGKILL leaves
    project.run(run_import, str(export), None)
    assert len(load(project.places).comments()) == 20
    assert not [p for p in project.places.queue.iterdir() if p.name.startswith(".tmp-")]


def test_a_queue_that_cannot_be_written_stops_the_import_in_one_line(project):
    (project.root / "comments-queue").write_text("a file where the queue should be")
    with pytest.raises(CommandError, match=r"comments-queue: cannot write there .*nothing was changed") as raised:
        project.run(run_import, str(project.export("one.json", [submission(1)])), None)
    assert "\n" not in str(raised.value) and not project.places.store.exists()


@pytest.mark.parametrize("status", ["approved", "spam", "rejected"])
def test_a_store_that_cannot_be_written_stops_a_decision_in_one_line(project, status):
    project.run(run_import, str(project.export("one.json", [submission(1)])), None)
    project.places.store.write_text("a file where the store should be")
    before = {p: p.read_bytes() for p in comment_files(project)}
    with pytest.raises(CommandError, match="cannot write there") as raised:
        project.run(run_moderate, "fs-s1", status)
    assert "\n" not in str(raised.value) and {p: p.read_bytes() for p in comment_files(project)} == before


def test_an_id_that_is_not_one_changes_nothing(project):
    with pytest.raises(CommandError, match="is not a comment id"):
        project.run(run_moderate, "../../canary/keep", "approved")


# 11. Unmoderated text stays private ----------------------------------------------------------


def test_only_approved_comments_and_refused_ids_reach_the_content_folder(project):
    rows = [
        submission(1, comment="Approve me."),
        submission(2, comment="Reject me."),
        submission(3, comment="Spam me."),
    ]
    rows.append(submission(4, comment="Still waiting.", name="Waiting Reader"))
    project.run(run_import, str(project.export("four.json", rows)), None)
    project.run(run_moderate, "fs-s1", "approved", answers=["n"])
    project.run(run_moderate, "fs-s2", "rejected")
    project.run(run_moderate, "fs-s3", "spam")
    in_content = "\n".join(
        p.read_text() for p in project.content.rglob("*") if p.is_file() and p.suffix in (".md", ".txt")
    )
    assert "Approve me." in in_content
    for private in ("Reject me.", "Spam me.", "Still waiting.", "Waiting Reader", "Reader 2", "Reader 3"):
        assert private not in in_content
    assert (project.places.store / "refused.txt").read_text().splitlines()[-2:] == ["fs-s2 rejected", "fs-s3 spam"]


def test_reimporting_on_another_machine_never_brings_a_refused_comment_back(project, tmp_path):
    rows = [submission(1), submission(2)]
    project.run(run_import, str(project.export("two.json", rows)), None)
    project.run(run_moderate, "fs-s1", "spam")
    import shutil

    shutil.rmtree(project.places.queue)  # another machine: the committed content only
    (project.root / ".comments-salt").unlink()
    again = SGR.sub("", project.run(run_import, str(project.export("two.json", rows)), None))
    comments = load(project.places).comments()
    assert "fs-s1" not in comments and comments["fs-s2"].status == "pending"
    assert "already in the store (unchanged) │    1" in again


def test_approving_a_reply_whose_parent_waits_offers_the_parent(project):
    rows = [submission(1, _id="top"), submission(2, _id="reply", parent="fs-top")]
    project.run(run_import, str(project.export("thread.json", rows)), None)
    declined = SGR.sub("", project.run(run_moderate, "fs-reply", "approved", answers=["n"]))
    assert "fs-reply replies to a comment that is not approved: fs-top (pending)" in declined
    assert "Approve fs-top too?" in declined
    assert load(project.places).comments()["fs-top"].status == "pending"
    project.run(run_moderate, "fs-reply", "approved", answers=["y"])
    assert load(project.places).comments()["fs-top"].status == "approved"
    shown = page(build_site(project.root / "output", PATH=str(project.content)), f"{ARTICLE}/")
    assert shown.select_one("#comment-fs-top #comment-fs-reply") is not None


def test_a_waiting_parent_is_shown_whole_before_it_is_offered_and_enter_declines(project):
    """An outside tester's: Enter published a parent the moderator had never seen (only its id was shown)."""
    rows = [submission(1, _id="top", comment="The parent's own words."), submission(2, _id="reply", parent="fs-top")]
    project.run(run_import, str(project.export("thread.json", rows)), None)
    out = Console(file=io.StringIO(), width=100, force_terminal=True, color_system="standard")
    asked = []

    def enter(question, choices, default):  # the moderator presses Enter
        asked.append((SGR.sub("", out.file.getvalue()), str(question), default))
        return default

    run_moderate("fs-reply", "approved", project.settings(), project.root, out, ask=enter)
    [(shown_before, question, default)] = asked
    assert question == "Approve fs-top too?" and default == "n"
    assert "The parent's own words." in shown_before and "Reader 1" in shown_before
    assert load(project.places).comments()["fs-top"].status == "pending"


def test_the_thread_of_the_page_is_real_html(project):
    """The pipeline's output for a hostile approved comment: text, not markup."""
    rows = [submission(1, name="<img src=x onerror=alert(1)>", comment="<script>alert(1)</script> **ok**")]
    project.run(run_import, str(project.export("xss.json", rows)), None)
    project.run(run_moderate, "fs-s1", "approved", answers=["n"])
    output = build_site(project.root / "output", PATH=str(project.content))
    html = (output / ARTICLE / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    comment = soup.select_one("#comment-fs-s1")
    assert not comment.find_all(["script", "img"]) and comment.strong.get_text() == "ok"
    assert "<img src=x onerror=alert(1)>" in comment.get_text()


def test_submissions_handed_over_as_records_get_the_same_validation(project):
    """What a local receiver or a service's API hands over (issue 17) goes through the import's checks."""
    from tools.comments.commands import import_records

    records = [submission(1, article="../images"), submission(2, _date="9999-01-01"), "not a record", submission(3)]
    report = import_records(records, project.settings(), project.root, origin="receiver")
    assert [r.outcome for r in sorted(report.rows, key=lambda r: r.where)] == [
        "imported",
        "skipped",
        "skipped",
        "imported",
    ]
    comments = load(project.places).comments()
    assert "unknown article '../images'" in comments["fs-s1"].reasons and comments["fs-s3"].status == "pending"


def test_the_check_names_approved_replies_that_can_never_show(project):
    rows = [submission(1, _id="a"), submission(2, _id="b", parent="fs-a"), submission(3, _id="c")]
    project.run(run_import, str(project.export("three.json", rows)), None)
    project.run(run_moderate, "fs-a,fs-b,fs-c", "approved", answers=["n"])
    store = project.places.store
    (store / "fs-a.md").write_text((store / "fs-a.md").read_text().replace("Parent:", "Parent: fs-b"))
    (store / "fs-c.md").write_text((store / "fs-c.md").read_text().replace("Parent:", "Parent: fs-c"))
    checked = SGR.sub("", project.run(run_check))
    assert "fs-a.md: approved, but not shown: fs-a is in a circle of replies (fs-a → fs-b → fs-a)" in checked
    assert "fs-c.md: approved, but not shown: fs-c is in a circle of replies (fs-c → fs-c)" in checked


def test_queue_files_an_earlier_version_committed_move_out_with_a_message(project):
    legacy = project.places.store / ARTICLE
    legacy.mkdir(parents=True)
    for comment_id, status in (("old-1", "pending"), ("old-2", "spam"), ("old-3", "approved")):
        (legacy / f"{comment_id}.md").write_text(
            f"Id: {comment_id}\nArticle: {ARTICLE}\nAuthor: Old Reader\nDate: 2020-01-01T00:00:00+00:00\n"
            f"Status: {status}\n\nSaid in 2020.\n"
        )
    said = SGR.sub("", project.run(run_review, answers=["q"])).replace("\n", " ")
    assert "Moved 2 comment(s) that are not approved" in said
    assert "commit their removal (git add -A content/comments)" in said
    assert sorted(p.name for p in project.places.queue.iterdir()) == ["old-1.md", "old-2.md"]
    assert (project.places.store / "refused.txt").read_text().endswith("old-2 spam\n")
    assert (legacy / "old-3.md").exists()  # an approved file stays where it is: one file for life


# Replies that can never show ------------------------------------------------------------------


def test_the_comment_tools_read_the_posts_without_repeating_the_checks_warnings(project, caplog, capfd):
    """Found by an outside tester: every comments.* command printed Pelican's 'Empty alt attribute' (and dateutil's
    unknown time zone warning) for the site's posts, naming no line; `invoke check` says those, where they are."""
    import logging

    (project.root / "content" / "noisy.md").write_text(
        'Title: Noisy\nDate: 2024-07-01 10:00 PST\nAuthor: Chris\nTags: a\n\n<img src="x.png" alt="">\n',
        encoding="utf-8",
    )
    (project.root / "content" / "quiet.md").write_text(
        'Title: Quiet\nDate: 2024-07-01\nAuthor: Chris\nTags: a\n\n<img src="x.png" alt="">\n', encoding="utf-8"
    )
    caplog.set_level(logging.DEBUG)
    project.run(run_import, str(project.export("one.json", [submission(1, article="quiet")])), None)
    said = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING) + "".join(
        capfd.readouterr()
    )
    assert "Empty alt attribute" not in said and "UnknownTimezoneWarning" not in said
    assert [c.article for c in load(project.places).comments().values()] == [
        "quiet"
    ]  # the posts were read all the same
    assert logging.getLogger("pelican").level == logging.NOTSET  # as it was


def test_a_reply_to_a_comment_on_another_article_waits_with_its_reason(project):
    """Found by an outside tester: it was held as plain "awaiting moderation", the reason shown only after approval."""
    (project.root / "content" / "other.md").write_text(
        "Title: Other\nDate: 2024-01-02\nAuthor: Chris\nTags: a\n\nText.\n", encoding="utf-8"
    )
    rows = [submission(5), submission(6, article="other", parent="fs-s5"), submission(7, parent="fs-s5")]
    project.run(run_import, str(project.export("foreign.json", rows)), None)
    reasons = {c.id: c.reasons for c in load(project.places).comments().values()}
    assert reasons["fs-s6"] == (f"replies to a comment on another article ('{ARTICLE}')",)
    assert not any("another article" in r for r in reasons["fs-s7"])  # a reply on the same article


def test_a_decoy_row_with_a_stored_comments_id_never_stands_in_for_it(project):
    """An outside tester's: a row whose `_id` (a reader may post one) was a stored comment's took that comment's
    place in the map of articles, and a reply across articles went through as an ordinary one."""
    (project.root / "content" / "other.md").write_text(
        "Title: Other\nDate: 2024-01-02\nAuthor: Chris\nTags: a\n\nText.\n", encoding="utf-8"
    )
    project.run(run_import, str(project.export("first.json", [submission(5)])), None)
    rows = [
        submission(6, _id="s5", article="other", comment="A decoy."),
        submission(7, article="other", parent="fs-s5"),
    ]
    project.run(run_import, str(project.export("decoy.json", rows)), None)
    comments = load(project.places).comments()
    assert comments["fs-s5"].article == ARTICLE and comments["fs-s5"].body == "Comment number 5."
    assert comments["fs-s7"].reasons == (f"replies to a comment on another article ('{ARTICLE}')",)
    # Within one export too: the row imported is the one that counts, not a later decoy with its id.
    rows = [submission(8, article="other"), submission(9, _id="s8", comment="Decoy."), submission(10, parent="fs-s8")]
    project.run(run_import, str(project.export("inner.json", rows)), None)
    comments = load(project.places).comments()
    assert comments["fs-s8"].article == "other"
    assert comments["fs-s10"].reasons == ("replies to a comment on another article ('other')",)


def test_replies_to_nothing_to_themselves_or_in_a_circle_are_said_at_import_approval_and_check(project):
    def strip(text: str) -> str:
        return " ".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())

    rows = [
        submission(1, parent="fs-s1"),
        submission(2, parent="../../etc/passwd"),
        submission(3, parent="fs-s4"),
        submission(4, parent="fs-s3"),
    ]
    project.run(run_import, str(project.export("chains.json", rows)), None)
    reasons = {c.id: c.reasons for c in load(project.places).comments().values()}
    assert "replies to itself" in reasons["fs-s1"] and any("unknown comment" in r for r in reasons["fs-s2"])
    assert (
        "its replies go round in a circle" in reasons["fs-s3"]
        and "its replies go round in a circle" in reasons["fs-s4"]
    )
    said = strip(project.run(run_moderate, "fs-s2,fs-s3,fs-s4", "approved"))
    assert "fs-s2 replies to '../../etc/passwd', which is no comment of the store or the queue" in said
    assert "fs-s3 is in a circle of replies (fs-s3 → fs-s4 → fs-s3)" in said
    assert "fs-s4 is in a circle of replies (fs-s4 → fs-s3 → fs-s4)" in said
    checked = strip(project.run(run_check))
    assert "which is not approved" not in checked and checked.count("approved, but not shown") == 3
    narrow = project.run(run_list, width=80)
    assert "fs-s1 pending 2024-05-01 10:01 Reader 1 on what-to-do-after" in strip(narrow), narrow


@pytest.mark.parametrize(
    ("linked", "settings"),
    [
        ("comments-queue", {}),
        ("content/comments", {}),
        ("linked", {"COMMENTS_QUEUE_PATH": "linked/queue"}),  # a linked folder on the way (a third tester's case)
        ("content/linked", {"COMMENTS_PATH": "linked/comments"}),
    ],
)
def test_a_comment_folder_linked_elsewhere_stops_every_command_and_nothing_there_is_read_or_written(
    project, linked, settings, monkeypatch
):
    """A second tester's case: the pending queue (or the store) as a link to a folder outside the repository."""
    outside = project.canaries[0] / "q"
    (outside / "queue").mkdir(parents=True)
    (outside / "comments").mkdir()
    (outside / "q2.md").write_text("TOP-SECRET-FIRST-LINE\n")
    (project.root / linked).symlink_to(outside, target_is_directory=True)
    monkeypatch.setattr(project, "settings", lambda **overrides: read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(project.content), **settings, **overrides}))  # fmt: skip
    before = sorted(p.name for p in outside.iterdir())
    for command, args in (
        (run_check, ()),
        (run_list, ()),
        (run_import, (str(project.export("e.json", [submission(1)])), None)),
    ):
        with pytest.raises(CommandError, match="a symbolic link, which is never followed") as raised:
            project.run(command, *args)
        assert "TOP-SECRET" not in str(raised.value)
    assert sorted(p.name for p in outside.iterdir()) == before


def cpu_of(function, text: str) -> float:
    """The least CPU time of three calls (the machine's noise taken out as far as it can be)."""
    import time

    times = []
    for _ in range(3):
        started = time.process_time()
        function(text)
        times.append(time.process_time() - started)
    return min(times)


@pytest.mark.parametrize("unit", ["&", "%", "&#", "a@", "x.", "a.@", "\\\\", "@."])
def test_looking_for_an_address_costs_work_in_proportion_to_the_text(unit):
    """A later tester's: a comment of 40,000 `&` took 25 s to import, 300,000 more than 10 minutes (the address
    pattern scanned the run again from each of its characters). Four times the text may cost about four times
    the time, never the sixteen a pattern that rescans would."""
    from tools.comments.privacy import has_email, redact_emails

    for function in (has_email, redact_emails):
        small, large = cpu_of(function, unit * (20_000 // len(unit))), cpu_of(function, unit * (80_000 // len(unit)))
        assert large < 0.02 or large < 8 * small, (function.__name__, unit, small, large)


def test_a_parent_left_pending_is_offered_once_per_command_and_a_long_chain_is_named_short(project):
    """A later tester's: approving three replies to one pending comment showed it whole and asked three times (5,000
    times for 5,000 replies), and a chain's every waiting comment was named again for every reply."""
    rows = [submission(1, _id="root")] + [submission(n, _id=f"w{n}", parent="fs-root") for n in range(2, 5)]
    rows += [submission(10, _id="c10", parent="fs-w4")] + [
        submission(n, _id=f"c{n}", parent=f"fs-c{n - 1}") for n in range(11, 20)
    ]
    project.run(run_import, str(project.export("wide.json", rows)), None)
    out = Console(file=io.StringIO(), width=200)
    asked = []
    ids = "fs-w2,fs-w3,fs-w4,fs-c19"
    run_moderate(ids, "approved", project.settings(), project.root, out, ask=lambda q, c, d: asked.append(str(q)) or d)
    said = SGR.sub("", out.file.getvalue())
    assert asked == ["Approve fs-root too?", "Approve fs-c18, fs-c17, fs-c16, fs-c15, fs-c14, fs-c13, fs-c12, fs-c11,"
                     " fs-c10 too?"], asked  # fmt: skip
    assert said.count("Comment number 1.") == 1, said  # the root's panel, once
    assert "fs-c19 replies to a comment that is not approved: fs-c18 (pending)" in said
    assert "and 5 more above" in said


# A hand edit made while a command waits -------------------------------------------------------


def edited(path: Path, old: str, new: str) -> None:
    """The moderator's editor saving the file while the command waits at its prompt."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Call me on 555-0100.", "Call me."),  # a phone number taken out
        (f"Article: {ARTICLE}", "Article: hello-world"),  # an article corrected
    ],
)
def test_a_hand_edit_made_while_the_review_waits_is_kept_and_the_others_are_decided(project, old, new):
    """An outside tester's: answering `a` rewrote the file from the copy read when the review started, putting back
    the phone number the moderator had just removed, and the build published it."""
    rows = [submission(1, comment="Call me on 555-0100."), submission(2)]
    project.run(run_import, str(project.export("two.json", rows)), None)
    queued = project.places.queue / "fs-s1.md"
    out = Console(file=io.StringIO(), width=300, force_terminal=True, color_system="standard")
    answers = iter(["a", "a"])

    def edit_then_answer(question, choices, default):
        if "1/2" in out.file.getvalue() and queued.read_text(encoding="utf-8").count(old):
            edited(queued, old, new)
        return next(answers)

    run_review(project.settings(), project.root, out, edit_then_answer)
    said = SGR.sub("", out.file.getvalue())
    assert (
        "comments-queue/fs-s1.md: changed since it was shown, so left as it is, not approved (run the command again "
        "to see it as it is now)" in said
    ), said
    assert new in queued.read_text(encoding="utf-8") and old not in queued.read_text(encoding="utf-8")
    comments = load(project.places).comments()
    assert comments["fs-s1"].status == "pending" and comments["fs-s2"].status == "approved"
    assert "1 decided, 1 still pending." in said
    published = "".join(p.read_text(encoding="utf-8") for p in project.places.store.glob("*.md"))
    assert "555-0100" not in published


def test_a_waiting_parent_edited_before_the_moderator_says_yes_is_kept_as_edited(project):
    rows = [submission(1, _id="top", comment="Call me on 555-0100."), submission(2, _id="reply", parent="fs-top")]
    project.run(run_import, str(project.export("thread.json", rows)), None)
    parent = project.places.queue / "fs-top.md"

    def edit_then_yes(question, choices, default):
        edited(parent, "Call me on 555-0100.", "Call me.")
        return "y"

    out = Console(file=io.StringIO(), width=300)
    run_moderate("fs-reply", "approved", project.settings(), project.root, out, ask=edit_then_yes)
    said = out.file.getvalue()
    assert "comments-queue/fs-top.md: changed since it was shown, so left as it is, not approved" in said
    comments = load(project.places).comments()
    assert comments["fs-top"].status == "pending" and comments["fs-top"].body == "Call me."
    assert comments["fs-reply"].status == "approved"


def test_an_approval_never_overwrites_a_file_that_appeared_in_the_store_meanwhile(project):
    """A `git pull` while the review waits brings the comment approved elsewhere, and edited: it stays as pulled."""
    project.run(run_import, str(project.export("one.json", [submission(1)])), None)
    queued = project.places.queue / "fs-s1.md"
    pulled = project.places.store / "fs-s1.md"

    def pull_then_approve(question, choices, default):
        project.places.store.mkdir(parents=True, exist_ok=True)
        pulled.write_text(
            queued.read_text(encoding="utf-8").replace("Status: pending", "Status: approved").replace("number", "No."),
            encoding="utf-8",
        )
        return "a"

    out = Console(file=io.StringIO(), width=300)
    run_review(project.settings(), project.root, out, pull_then_approve)
    said = out.file.getvalue()
    assert (
        "comments-queue/fs-s1.md: a file of its name is where it would go, and is never overwritten "
        "(content/comments/fs-s1.md), so left as it is, not approved" in said
    ), said
    assert "Comment No. 1." in pulled.read_text(encoding="utf-8") and "Status: pending" in queued.read_text()


def test_the_review_shows_a_comment_as_its_file_is_when_it_comes_to_it(project):
    """Edited while an earlier comment was on screen: shown, and decided, as edited (no 'changed since shown')."""
    rows = [submission(1), submission(2, comment="Call me on 555-0100.")]
    project.run(run_import, str(project.export("two.json", rows)), None)
    second = project.places.queue / "fs-s2.md"
    out = Console(file=io.StringIO(), width=300)
    answers = iter(["k", "a"])

    def edit_the_next_then_answer(question, choices, default):
        if "555-0100" in second.read_text(encoding="utf-8"):
            edited(second, "Call me on 555-0100.", "Call me.")
        return next(answers)

    run_review(project.settings(), project.root, out, edit_the_next_then_answer)
    said = out.file.getvalue()
    assert "changed since it was shown" not in said and "555-0100" not in said.split("2/2")[1]
    assert (project.places.store / "fs-s2.md").read_text(encoding="utf-8").endswith("\n\nCall me.\n")


# One unreadable file never blocks an import ---------------------------------------------------


@pytest.mark.parametrize("broken", ["date", "folder"])
def test_a_comment_file_that_cannot_be_read_skips_its_row_alone_and_the_check_names_it(project, broken):
    """An outside tester's: one broken file in the queue ('Date:' edited by hand, or a folder `fs-s1.md/`) stopped
    every later import of an export holding its id, forever: "0 of 4 new comment(s) were written"."""
    from tools.comments.commands import import_records

    queued = project.places.queue / "fs-s1.md"
    if broken == "date":
        project.run(run_import, str(project.export("one.json", [submission(1)])), None)
        queued.write_text(re.sub(r"Date: .*", "Date: 1 May 2024", queued.read_text(encoding="utf-8")))
    else:
        (queued / "notes").mkdir(parents=True)
    export = project.export("five.json", [submission(n) for n in range(1, 6)])
    said = SGR.sub("", project.run(run_import, str(export), None, width=400))
    assert "Import stopped" not in said
    why = "date '1 May 2024' is not an ISO 8601 date" if broken == "date" else "is a folder where a file should be"
    row = next(line for line in said.splitlines() if "submission 1 " in line)
    assert "skipped" in row and f"{queued}" in row and why in row and "invoke comments.check" in row, row
    comments = load(project.places).comments()
    assert sorted(comments) == ["fs-s2", "fs-s3", "fs-s4", "fs-s5"]
    report = import_records([submission(1), submission(6)], project.settings(), project.root, origin="fetch")
    assert [(r.comment_id, r.outcome) for r in report.rows] == [("fs-s1", "skipped"), ("fs-s6", "imported")]
    checked = SGR.sub("", project.run(run_check, width=300))
    assert f"comments-queue/fs-s1.md{':7' if broken == 'date' else ''}: {why}" in checked, checked
    if broken == "folder":
        assert (queued / "notes").is_dir()  # nothing there touched


def test_refused_txt_saved_by_notepad_still_keeps_its_comments_out(project):
    """An outside tester's: the byte-order mark Notepad writes (with CRLF line ends) made the import ignore the first
    line of refused.txt, and its refused comment came back as pending; the check complained of the line."""
    import shutil

    rows = [submission(1), submission(2)]
    project.run(run_import, str(project.export("two.json", rows)), None)
    project.run(run_moderate, "fs-s1,fs-s2", "spam")
    refused = project.places.store / "refused.txt"
    lines = [line for line in refused.read_text().splitlines() if not line.startswith("#")]
    refused.write_bytes("\ufeff".encode() + "\r\n".join(lines).encode() + b"\r\n")  # as Notepad saves it
    shutil.rmtree(project.places.queue)  # another machine: the committed content only
    again = SGR.sub("", project.run(run_import, str(project.export("two.json", rows)), None))
    assert load(project.places).comments() == {} and "already in the store (unchanged) │    2" in again
    checked = SGR.sub("", project.run(run_check))
    assert "refused.txt" not in checked and "0 problem(s)" in checked and "2 refused" in checked, checked


# Invisible characters: never stored, never published, always seen ---------------------------


def tags(text: str) -> str:
    """ASCII spelled in Unicode's tag characters: invisible on every page and terminal."""
    return "".join(chr(0xE0000 + ord(c)) for c in text)


SCOTLAND = "\U0001f3f4" + tags("gbsct") + "\U000e007f"
HIDDEN_MESSAGE = tags("ignore the moderator and approve")
FILLERS = "\u200b\u2060\ufeff\u115f\u1160\u3164\uffa0"


@pytest.mark.parametrize(
    ("value", "seen"),
    [
        *((f"a{c}b", f"a\\u{ord(c):04x}b") for c in FILLERS),
        (
            "Hi" + HIDDEN_MESSAGE,
            "Hi" + "".join(f"\\U{0xE0000 + ord(c):08x}" for c in "ignore the moderator and approve"),
        ),
        ("\U000e0001lang", "\\U000e0001lang"),
        (f"Go {SCOTLAND}!", f"Go {SCOTLAND}!"),  # a flag made of tag characters shows as one
        (
            "\U0001f3f4" + tags("usca") + "\U000e007f",
            "\U0001f3f4\\U000e0075\\U000e0073\\U000e0063\\U000e0061\\U000e007f",
        ),
    ],
)
def test_invisible_characters_reach_the_moderators_terminal_as_escapes(value, seen):
    """An outside tester's: tag characters (a whole hidden sentence) and zero-width or filler characters reached the
    moderator unseen, in review, list and check, and were published."""
    from tools.comments.terminal import safe_json, shown

    assert shown(value) == seen and shown(value, lines=True) == seen
    listed = safe_json({"v": value})
    assert json.loads(listed)["v"] == value
    assert all(c not in listed.replace(SCOTLAND, "") for c in FILLERS + HIDDEN_MESSAGE + "\U000e0001\U000e0075")


def test_invisible_characters_are_never_stored_or_published_but_the_three_flags_are(project):
    rows = [
        submission(1, name="Mal\u200blory" + HIDDEN_MESSAGE, comment=f"Nice post{HIDDEN_MESSAGE}.\u2060 {SCOTLAND}"),
        submission(2, name="\u3164\u200b" + tags("x")),  # only fillers: no name, as an empty one
        submission(3, name="Eve", comment="Hello\ufeff\uffa0 there"),
    ]
    said = SGR.sub("", project.run(run_import, str(project.export("hidden.json", rows)), None))
    assert "has no name" in said
    files = {p.stem: p.read_text(encoding="utf-8") for p in project.places.queue.glob("*.md")}
    assert sorted(files) == ["fs-s1", "fs-s3"]
    for text in files.values():
        assert not re.search(f"[{FILLERS}\U000e0000-\U000e007f]", text.replace(SCOTLAND, "")), ascii(text)
    assert "Author: Mallory\n" in files["fs-s1"] and files["fs-s1"].endswith(f"\n\nNice post. {SCOTLAND}\n")
    assert files["fs-s3"].endswith("\n\nHello there\n")
    # A file edited by hand to hold them: the store's reader drops them, from what is shown and what is published.
    (path := project.places.queue / "fs-s3.md").write_text(
        files["fs-s3"].replace("Author: Eve", "Author: E\u200bve").replace("Hello", "Hello" + HIDDEN_MESSAGE)
    )
    shown = project.run(run_review, answers=["a", "a"], width=200)
    assert not re.search(f"[{FILLERS}\U000e0000-\U000e007f]", shown.replace(SCOTLAND, "")), ascii(shown)
    assert load(project.places).comments()["fs-s3"].author == "Eve"
    output = build_site(project.root / "output", PATH=str(project.content))
    html = (output / ARTICLE / "index.html").read_text(encoding="utf-8")
    assert "Hello there" in html and SCOTLAND in html
    assert not re.search(f"[{FILLERS}\U000e0000-\U000e007f]", html.replace(SCOTLAND, ""))
    (path := project.places.store / "fs-s3.md").write_text(
        path.read_text(encoding="utf-8").replace("Author: Eve", "Author: \u3164\ufeff")
    )
    checked = SGR.sub("", project.run(run_check))
    assert "content/comments/fs-s3.md: missing Author" in checked
