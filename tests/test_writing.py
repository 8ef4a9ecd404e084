"""The writers' workflow: new posts and authors, `invoke check`, drafts and scheduled posts."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from pelican.settings import read_settings
from publishing.strict import strict_build
from writing import check_site
from writing.checks import ERROR, WARNING, read_header

from tests.sitebuild import FIXTURE_CONTENT, ROOT, build_site, copy_content, page

MISTAKES = Path(__file__).parent / "data" / "mistakes"

EXPECTED = {
    ("no-title.md", 1, ERROR, "missing Title (the first line: 'Title: Your title')"),
    ("bad-date.md", 2, ERROR, "Date '31/31/2020' is not a date (write it like 2024-03-01 09:00)"),
    (
        "unknown-author.md",
        3,
        ERROR,
        "Author 'Nobody Known' has no bio: add content/authors/nobody-known.md, or fix the name",
    ),
    ("empty-tags.md", 4, ERROR, "Tags is empty: give one or more tags, separated by commas"),
    ("bad-status.md", 5, ERROR, "Status 'publsihed' is unknown (use published, draft, hidden)"),
    (
        "same-title-2.md",
        1,
        ERROR,
        "slug 'same-title' is also used by tests/data/mistakes/same-title-1.md: give one of them a 'Slug:'",
    ),
    ("missing-image.md", 5, ERROR, "image images/nothere.jpg does not exist (images go in content/images/)"),
    ("no-alt.md", 8, ERROR, "image images/ok.svg has no alt text (describe it for readers who cannot see it)"),
    ("no-credit.md", 6, ERROR, "image images/nocredit.svg has no credit (add content/images/nocredit.svg.credit)"),
    ("broken-links.md", 6, ERROR, "link to an article that does not exist: /no-such-post/"),
    ("broken-links.md", 7, ERROR, "link to a post that does not exist: {filename}nothere.md"),
    ("not-utf8.md", 3, ERROR, "not UTF-8 text: save the file with the UTF-8 encoding"),
    ("draft-mistake.md", 4, WARNING, "Tags is empty: give one or more tags, separated by commas"),
    (
        "missing-blank-line.md",
        5,
        WARNING,
        "this line ends the metadata: add a blank line before the text, or a ':' after the field name",
    ),
}


def settings_for(path: Path):
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(path)})


@pytest.fixture(scope="module")
def problems():
    return check_site(settings_for(MISTAKES))


def test_each_mistake_is_reported_with_file_line_and_message(problems):
    found = {(Path(p.path).name, p.line, p.severity, p.message) for p in problems}
    assert found == EXPECTED


def test_a_problem_prints_as_file_line_message(problems):
    printed = {str(p) for p in problems}
    assert any(
        line.endswith("bad-date.md:2: Date '31/31/2020' is not a date (write it like 2024-03-01 09:00)")
        for line in printed
    )
    assert any(
        line.endswith("draft-mistake.md:4: warning: Tags is empty: give one or more tags, separated by commas")
        for line in printed
    )


def test_the_fixture_content_has_no_problem():
    assert check_site(settings_for(FIXTURE_CONTENT)) == []


def test_metadata_continuation_lines_and_duplicates():
    header = read_header("Title: A\nLinks: One https://a.example\n    Two https://b.example\nTitle: B\n\nBody")
    assert header.value("links") == "One https://a.example\nTwo https://b.example"
    assert header.problems == [(4, ERROR, "Title is given twice (first on line 1)")]
    assert header.body_line == 6


@pytest.fixture
def project(tmp_path):
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    for folder in ("plugins", "tools", "theme"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def invoke(project, *args):
    # A wide terminal, so that rich does not wrap log lines around its location column.
    env = {**os.environ, "COLUMNS": "400"}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True, check=False, env=env
    )


def test_a_malformed_post_in_a_build_gives_the_same_message_and_no_traceback(project):
    for post in MISTAKES.glob("*.md"):
        if post.name != "README.md":
            shutil.copy(post, project / "content" / post.name)
    result = invoke(project, "build")
    output = " ".join((result.stdout + result.stderr).split())
    assert "content/bad-date.md:2: Date '31/31/2020' is not a date (write it like 2024-03-01 09:00)" in output
    assert "content/same-title-2.md:1: slug 'same-title' is also used by content/same-title-1.md" in output
    assert "content/not-utf8.md:3: not UTF-8 text: save the file with the UTF-8 encoding" in output
    assert "Traceback" not in output


def test_check_command_lists_problems_and_fails_on_errors(project):
    assert invoke(project, "check").stdout.strip() == "0 error(s), 0 warning(s)."
    shutil.copy(MISTAKES / "bad-date.md", project / "content" / "bad-date.md")
    result = invoke(project, "check")
    assert result.returncode == 1
    assert "content/bad-date.md:2: Date '31/31/2020' is not a date" in result.stdout
    assert result.stdout.strip().endswith("1 error(s), 0 warning(s).")


def test_new_post_passes_check_and_builds_as_a_draft(project):
    result = invoke(project, "new-post", "Negotiating Your First Salary", "--tags", "salary, offers")
    assert result.returncode == 0 and "content/negotiating-your-first-salary.md" in result.stdout
    text = (project / "content" / "negotiating-your-first-salary.md").read_text()
    for field in (
        "Title:",
        "Slug:",
        "Date:",
        "Author: Chris",
        "Tags: salary, offers",
        "Summary:",
        "Image:",
        "Image-Alt:",
        "Image-Caption:",
        "Series:",
        "Series-Part:",
        "Toc:",
        "Comments:",
        "Status: draft",
    ):
        assert field in text
    check = invoke(project, "check")
    assert check.returncode == 0, check.stdout
    built = invoke(project, "build")
    assert built.returncode == 0
    # The build task writes the search index after Pelican's build.
    assert "Search index: 1 pages" in built.stdout and (project / "output" / "pagefind" / "pagefind.js").is_file()
    draft = page(project / "output", "drafts/negotiating-your-first-salary/")
    assert "Draft" in draft.select_one(".notice--draft").get_text()
    assert "Write the article here" in draft.select_one(".post__body").get_text()


def test_check_names_a_series_part_or_toc_it_cannot_use(project):
    (project / "content" / "odd.md").write_text(
        "Title: Odd\nDate: 2020-01-01\nAuthor: Chris\nTags: x\nSeries-Part: second\nToc: maybe\n\nText.\n"
    )
    result = invoke(project, "check")
    assert (
        "content/odd.md:5: warning: Series-Part 'second' is not a part number (write e.g. 'Series-Part: 2')"
        in result.stdout
    )
    assert "content/odd.md:6: warning: Toc 'maybe' is not understood (write 'Toc: off' or 'Toc: on')" in result.stdout
    assert "unknown field" not in result.stdout
    assert result.returncode == 0  # warnings: the post still builds


def test_new_post_never_overwrites(project):
    invoke(project, "new-post", "Same Title Twice", "--tags", "x")
    path = project / "content" / "same-title-twice.md"
    path.write_text(path.read_text() + "\nMy precious words.\n")
    again = invoke(project, "new-post", "Same Title Twice")
    assert again.returncode == 1 and "content/same-title-twice.md already exists" in again.stderr
    assert "My precious words." in path.read_text()


def test_new_author_then_a_post_by_them_passes_check(project):
    assert invoke(project, "new-author", "Dana Zoë").returncode == 0
    assert (project / "content" / "authors" / "dana-zoe.md").read_text().startswith("Name: Dana Zoë\n")
    assert invoke(project, "new-post", "A Post by Dana", "--author", "Dana Zoë", "--tags", "x").returncode == 0
    result = invoke(project, "check")
    assert result.returncode == 0, result.stdout


def drafts_and_future(tmp: Path) -> Path:
    content = copy_content(tmp)
    (content / "a-draft.md").write_text(
        "Title: A Draft\nDate: 2020-01-01\nAuthor: Chris\nTags: rejection\nStatus: draft\n\nDraft text.\n"
    )
    (content / "the-future.md").write_text(
        "Title: From the Future\nDate: 2099-01-01\nAuthor: Chris\nTags: rejection\nSummary:\n\nFuture text here.\n"
    )
    return content


def test_drafts_and_future_posts_stay_out_of_production_and_its_feeds(tmp_path):
    output = tmp_path / "out"
    overrides = {
        "PATH": str(drafts_and_future(tmp_path)),
        "OUTPUT_PATH": str(output),
        "SITEURL": "https://blog.example.com",
        "COMMENTS_FORMSPREE_ID": "x",
    }
    assert strict_build(str(ROOT / "publishconf.py"), overrides) == []
    assert (
        not (output / "drafts").exists()
        and not (output / "a-draft").exists()
        and not (output / "from-the-future").exists()
    )
    everything = "\n".join(p.read_text() for p in output.rglob("*") if p.suffix in (".html", ".xml"))
    assert "A Draft" not in everything and "From the Future" not in everything
    titles = [e.title for e in feedparser.parse((output / "feeds" / "all.atom.xml").read_bytes()).entries]
    assert len(titles) == 1


def test_drafts_and_future_posts_show_marked_in_development(tmp_path):
    output = build_site(tmp_path / "out", PATH=str(drafts_and_future(tmp_path)))
    home = page(output, "")
    assert [a.get_text().replace("\xa0", " ") for a in home.select(".drafts a")] == ["A Draft"]
    future = next(s for s in home.select(".post-summary") if "From the Future" in s.get_text())
    assert "Scheduled for" in future.select_one(".notice--scheduled").get_text()
    assert "Future text here." in future.select_one(".post-summary__text").get_text().replace(
        "\xa0", " "
    )  # empty Summary: absent
    assert "Draft" in page(output, "drafts/a-draft/").select_one(".notice--draft").get_text()
    assert "Scheduled" in page(output, "from-the-future/").select_one(".notice--scheduled").get_text()


def test_livereload_says_what_changed():
    sys.path.insert(0, str(ROOT))
    from tasks import changed

    assert changed({"a": 1.0, "b": 2.0}, {"a": 1.0, "b": 3.0, "c": 1.0}) == ["b", "c"]
