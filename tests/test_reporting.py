"""One set of checks, everywhere: check, build, publish and livereload say the same, once, on one line each."""

import io
import logging
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from writing import report
from writing.problems import ERROR, WARNING, Problem

from tests.sitebuild import make_project, running_task

MISTAKES = Path(__file__).parent / "data" / "mistakes"
PROBLEM_LINE = re.compile(r"^content/[^\s:]+:\d+: .+$")
# What Pelican says of the same mistakes, which our messages replace.
PELICANS_OWN = (
    "UnknownTimezoneWarning",  # dateutil's, naming no file (the check's date-zone says it)
    "Could not process",
    "Empty alt attribute",
    "Cannot get modification stamp",
    "skipping url replacement",
    "There are 2 items",
    "could not find information",
    "Unknown status",
    "Duplicate definition",
    "Replacement Indicator",
)


def invoke(project, *args, **env):
    """Run a task in the project as a writer would, in a narrow terminal."""
    variables = {**os.environ, "COLUMNS": "40", "SITEURL": "https://blog.example.com", "FORMSPREE_ID": "x", **env}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True, check=False, env=variables
    )


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if PROBLEM_LINE.match(line)]


@pytest.fixture(scope="module")
def mistaken(tmp_path_factory):
    """A project whose content holds every mistake of tests/data/mistakes; check, build and publish run once."""
    project = make_project(tmp_path_factory.mktemp("mistakes") / "blog")
    for post in MISTAKES.glob("*.md"):
        if post.name != "README.md":
            shutil.copy(post, project / "content" / post.name)
    for image in (MISTAKES / "images").iterdir():
        shutil.copy(image, project / "content" / "images" / image.name)
    return {task: invoke(project, task) for task in ("check", "build", "publish")}


def test_check_build_and_publish_report_the_same_problems_whole_in_a_narrow_terminal(mistaken):
    check, build, publish = (
        problem_lines(mistaken[t].stdout + mistaken[t].stderr) for t in ("check", "build", "publish")
    )
    assert len(check) > 20 and max(len(line) for line in check) > 100  # far wider than the terminal
    assert set(build) == set(check)
    assert set(publish) == set(check)


@pytest.mark.parametrize("task", ["check", "build", "publish"])
def test_each_problem_once_on_one_line_and_none_of_pelicans_own(mistaken, task):
    result = mistaken[task]
    output = result.stdout + result.stderr
    lines = problem_lines(output)
    assert len(lines) == len(set(lines))
    assert "content/bad-date.md:2: Date '31/31/2020' is not a date (write it like 2024-03-01 09:00)" in lines
    assert not [phrase for phrase in PELICANS_OWN if phrase in output]
    assert "Traceback" not in output


def test_a_missing_image_is_reported_as_missing_not_as_without_credit(mistaken):
    for task in ("check", "build", "publish"):
        output = mistaken[task].stdout + mistaken[task].stderr
        assert "content/missing-image.md:5: image images/nothere.jpg does not exist" in output
        assert "nothere.jpg has no credit" not in output


def test_a_build_that_leaves_posts_out_fails_and_says_which(mistaken):
    build = mistaken["build"]
    assert build.returncode == 1
    summary = build.stderr.strip().splitlines()[-1]
    assert "left out of the site until fixed:" in summary
    for post in ("bad-date", "no-title", "not-utf8", "same-title-2", "bad-status", "unknown-zone"):
        assert f"content/{post}.md" in summary
    assert (
        "Done: Processed" in build.stdout
        and "draft pages in" in build.stdout.split("Done: Processed")[1].split("\n")[0]
    )


def test_the_publish_stops_with_the_count(mistaken):
    publish = mistaken["publish"]
    assert publish.returncode == 1 and "Not published:" in publish.stderr
    assert re.search(r"Not published: \d+ error\(s\)", publish.stderr)


def test_a_comment_file_that_cannot_be_read_is_noted_alike_by_check_and_build(tmp_path):
    """A note, never an error: no comment may stop a build or a publish (issue 12); comments.check says why."""
    project = make_project(tmp_path / "blog")
    store = project / "content" / "comments" / "what-to-do-after-striking-out-in-the-job-market"
    store.mkdir(parents=True)
    (store / "broken.md").write_text("Id: broken\nStatus: aproved\n\nA comment.\n")
    check, build = invoke(project, "check"), invoke(project, "build")
    (line,) = problem_lines(check.stdout)
    assert line.startswith("content/comments/what-to-do-after-striking-out-in-the-job-market/broken.md:2: note:")
    assert line.endswith("(this comment is not shown until the file is fixed; `invoke comments.check` lists them all)")
    assert problem_lines(build.stderr) == [line]
    assert check.returncode == 0 and build.returncode == 0  # a note: nothing of the site is left out
    # Counted as a note, not as a scheduled post (an outside tester's finding).
    assert check.stdout.strip().endswith("0 error(s), 0 warning(s), 1 note(s).")
    assert build.stderr.strip().endswith("0 error(s), 0 warning(s), 1 note(s).")


def test_a_clean_build_says_nothing_but_done_and_succeeds(tmp_path):
    project = make_project(tmp_path / "blog")
    result = invoke(project, "build")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # nor the comment form's notice, in development


def test_a_record_with_several_lines_is_written_on_one():
    out = io.StringIO()
    handler = report.LineHandler(out, annotations=False, colour=False)
    logging.getLogger("some.plugin").addHandler(handler)
    try:
        logging.getLogger("some.plugin").warning("first line\n\tsecond line")
        logging.getLogger("some.plugin").warning("content/a.md:3: a problem\nof a plugin")
    finally:
        logging.getLogger("some.plugin").removeHandler(handler)
    assert out.getvalue().splitlines() == [
        "warning: first line second line",
        "content/a.md:3: a problem of a plugin",
    ]
    assert (handler.errors, handler.warnings) == (1, 1)  # a problem in a file is an error, whoever finds it


def test_a_files_name_or_value_never_reaches_the_terminal_as_an_escape_or_a_bidi_control():
    """An export's author name once reached `invoke build` and `invoke check` with its bidi controls raw."""
    out = io.StringIO()
    handler = report.LineHandler(out, annotations=False, colour=True)
    handler.show(Problem("content/authors/bob\u202eRTL.md", 3, "the bio of bob\u202eRTL\u2066X\u200fZ has no text"))
    logging.getLogger("some.plugin").addHandler(handler)
    try:
        logging.getLogger("some.plugin").warning("a title \x1b]0;owned\x07 \x1b[2J cleared")
    finally:
        logging.getLogger("some.plugin").removeHandler(handler)
    written = out.getvalue()
    assert not re.search("[\u202e\u2066\u200f\x07]|\x1b[^\\[]", written.replace("\x1b[", "")), written
    assert "bob\\u202eRTL.md:3:" in written and "bob\\u202eRTL\\u2066X\\u200fZ has no text" in written
    assert "a title \\x1b]0;owned\\x07 \\x1b[2J cleared" in written


def test_in_github_actions_each_problem_is_also_an_annotation_on_its_file():
    out = io.StringIO()
    handler = report.LineHandler(out, annotations=True, colour=False)
    handler.show(Problem("content/a,b.md", 4, "Date '100%' is not a date", ERROR))
    handler.show(Problem("content/c.md", 2, "unknown field 'x'", WARNING))
    assert out.getvalue().splitlines() == [
        "content/a,b.md:4: Date '100%' is not a date",
        "::error file=content/a%2Cb.md,line=4::Date '100%25' is not a date",
        "content/c.md:2: warning: unknown field 'x'",
        "::warning file=content/c.md,line=2::unknown field 'x'",
    ]


def unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


@given(path=st.text(min_size=1), message=st.text())
def test_an_annotation_is_one_command_whatever_the_file_and_message(path, message):
    command = report.annotation(Problem(path, 7, message))
    assert "\n" not in command and "\r" not in command
    head, _, data = command.partition("::")[2].partition("::")
    assert unescape(data) == message
    assert head.startswith("error file=") and head.endswith(",line=7")
    assert unescape(head.removeprefix("error file=").removesuffix(",line=7")) == path


def test_a_file_pelican_leaves_out_for_a_reason_the_checks_missed_becomes_a_problem(tmp_path):
    report.current.begin(tmp_path, [])
    record = logging.LogRecord("pelican.generators", logging.ERROR, "", 0, "Could not process %s", ("./odd.md",), None)
    try:
        raise ValueError("a reader plugin broke")
    except ValueError:
        assert report.echoes.filter(record)
    assert record.getMessage().endswith("odd.md:1: left out of the site: it could not be read (a reader plugin broke)")
    assert record.levelno == logging.ERROR


def test_pelicans_message_about_a_file_the_checks_reported_is_dropped(tmp_path):
    post = tmp_path / "bad.md"
    report.current.begin(tmp_path, [Problem(str(post), 2, "Date 'x' is not a date", code="date")])
    record = logging.LogRecord("pelican.generators", logging.ERROR, "", 0, "Could not process %s", ("./bad.md",), None)
    assert not report.echoes.filter(record)


def free_port() -> int:
    """A port free right now (livereload cannot tell which port it took when given 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, seconds: float = 20):
    """GET a URL, waiting for the server to listen (it says so a moment before it does)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
                return response
        except urllib.error.HTTPError:
            raise
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class Lines:
    """The output of a running process, line by line, as it comes."""

    def __init__(self, process):
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            self.queue.put(line.rstrip("\n"))

    def until(self, needle: str, seconds: float = 60) -> list[str]:
        """Every line up to the next one holding `needle`."""
        deadline, got = time.monotonic() + seconds, []
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.5)
            except queue.Empty:
                continue
            got.append(line)
            self.seen.append(line)
            if needle in line:
                return got
        raise AssertionError(f"no {needle!r} within {seconds} s; got {got}")


def test_livereload_shows_each_problem_once_keeps_serving_and_rebuilds_after_the_fix(tmp_path):
    project = make_project(tmp_path / "blog")
    broken = project / "content" / "broken.md"
    broken.write_text("Title: Broken\nDate: 31/31/2020\nAuthor: Chris\nTags: x\n\nText.\n")
    port = free_port()
    with running_task(project, "livereload", "--port", str(port), COLUMNS="40") as process:
        lines = Lines(process)
        first = lines.until("Serving on")
        problem = "content/broken.md:2: Date '31/31/2020' is not a date (write it like 2024-03-01 09:00)"
        assert first.count(problem) == 1
        assert any("left out of the site until fixed: content/broken.md" in line for line in first)
        with pytest.raises(urllib.error.HTTPError) as missing:
            fetch(f"http://127.0.0.1:{port}/broken/deep/address/")
        assert missing.value.code == 404 and b"Page not found" in missing.value.read()
        time.sleep(1.1)  # a new modification time
        broken.write_text("Title: Broken\nDate: 2020-01-31\nAuthor: Chris\nTags: x\n\nText.\n")
        rebuilt = lines.until("Rebuilt in")
        assert not [line for line in rebuilt if "broken.md" in line and "content/broken.md" in line.split(" after")[0]]
        assert fetch(f"http://127.0.0.1:{port}/broken/").status == 200
        assert len([line for line in lines.seen if line.startswith("Serving on") or "Serving on" in line]) == 1


def test_pelicans_warning_of_a_tag_with_no_slug_is_dropped_once_the_check_named_the_tag(tmp_path):
    def warning():
        return logging.LogRecord(
            "pelican.urlwrappers",
            logging.WARNING,
            "",
            0,
            'Unable to generate valid slug for %s "%s".',
            ("Tag", "🚀"),
            None,
        )

    report.current.begin(tmp_path, [])
    assert report.echoes.filter(warning())  # nothing said it: Pelican's own line stays
    told = "tag '🚀' has no letter or digit to make its page's address from: write it in words"
    report.current.begin(tmp_path, [Problem(str(tmp_path / "a.md"), 4, told, WARNING, code="tag")])
    assert not report.echoes.filter(warning())
    report.current.begin(tmp_path, [])


def test_the_closing_line_shows_a_left_out_files_name_without_its_escapes():
    """The second outside tester's: a file named with ESC and a bidi override reached the terminal raw here."""
    handler = report.LineHandler(io.StringIO(), annotations=False, colour=False)
    line = report.summary(handler, ["content/dup\x1b[31m\u202e2.md"])
    assert "\x1b" not in line and "\u202e" not in line and "dup\\x1b[31m\\u202e2.md" in line


def test_pelicans_duplicate_definition_echo_of_a_continued_field_is_dropped_once_the_check_said_it(tmp_path):
    """The fourth tester's: a field continued on a second line made the build print Pelican's own line too."""
    post = str(tmp_path / "d2.md")
    record = logging.LogRecord(
        "pelican.readers", logging.WARNING, "", 0, "Duplicate definition of `%s` for %s. Using first one.",
        ("tags", post), None,
    )  # fmt: skip
    report.current.begin(tmp_path, [])
    assert report.echoes.filter(record)
    told = "Tags goes on to this line, which Pelican leaves out: write Tags on one line"
    report.current.begin(tmp_path, [Problem(post, 6, told, WARNING, code="metadata")])
    assert not report.echoes.filter(record)
    report.current.begin(tmp_path, [])


def test_a_bio_whose_name_makes_no_address_is_named(tmp_path):
    from writing.bios import check_bios

    (tmp_path / "rocket.md").write_text("Name: 🚀\n\nWho they are.\n", encoding="utf-8")
    [found] = [p for p in check_bios(tmp_path, tmp_path, lambda name: "") if "no letter or digit" in p.message]
    assert (found.line, found.severity) == (1, ERROR)


def test_a_message_names_a_link_only_as_a_whole_word_for_the_publish_to_leave_it():
    """An outside tester's: the publish left a broken image `images/a#1.png` to the checks, which had said nothing
    about it, because its last part `a` was in a warning about another field."""
    from writing.report import mentions

    warning = "unknown field 'Colour': Pelican keeps it, but no template shows it (a typo?)"
    assert not mentions(warning, "a") and not mentions("image images/a%231.png has no credit", "images/a")
    assert mentions("link to a page that does not exist: /no-such-page/", "/no-such-page/")
    assert mentions("image images/photo.jpg has no credit (add images/photo.jpg.credit)", "photo.jpg")
    assert not mentions("image images/photo.jpg.bak is missing", "photo.jpg")
    assert mentions("there is no images/photo.jpg.", "photo.jpg")
