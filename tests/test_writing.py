"""The writers' workflow: new posts and authors, `invoke check`, drafts and scheduled posts."""

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import feedparser
import pytest
from pelican.settings import read_settings
from publishing.strict import strict_build
from writing import check_site
from writing.checks import ERROR, WARNING, read_header
from writing.problems import NOTE

from tests.sitebuild import FIXTURE_CONTENT, ROOT, build_site, copy_content, make_project, page

MISTAKES = Path(__file__).parent / "data" / "mistakes"

MISTAKES_SHOWN = "tests/data/mistakes"
STATUS_UNREAD = (
    "this line looks like a Status line, but Pelican does not read it as one, so the post would be published:"
    " write it exactly as 'Status: draft', among the lines at the top, before the blank line"
)
LEADS_NOWHERE = "starts with '/', so it breaks when the site's address has a path (e.g. https://you.github.io/blog/)"
EXPECTED = {
    ("no-title.md", 1, ERROR, "missing Title (the first line: 'Title: Your title')"),
    (
        "search-title.md",
        1,
        ERROR,
        "its address, search/, is the search page's: the search page is left out (give it another 'Slug:', or move"
        " the search page with SEARCH_URL and SEARCH_SAVE_AS in pelicanconf.py)",
    ),
    (  # YAML-style front matter, which Pelican reads: only its list is a mistake
        "front-matter.md",
        4,
        WARNING,
        "tags '[errors, yaml]' is a YAML list, which Pelican reads as names holding the brackets:"
        " write 'tags: errors, yaml'",
    ),
    (
        "bad-modified.md",
        3,
        ERROR,
        "Modified 'someday' is not a date (write it like 2024-03-01 09:00): the post is left out until then",
    ),
    (
        "archives-title.md",
        1,
        ERROR,
        "its address, /archives/, is the address of the site's /archives/ page: give it a 'Slug:' line"
        " (it is left out of the site until then)",
    ),
    (
        "slug-outside.md",
        2,
        ERROR,
        "its page would be written at ../../outside/index.html, outside the site: give it another 'Slug:' (it is left"
        " out of the site until then)",
    ),
    # An outside tester's: a Slug holding '?', '#' or '\\' passed the check and the build, and the publish blamed the
    # broken links to it on other posts.
    *(
        (
            f"slug-{name}.md",
            5,
            ERROR,
            f"its address, /{url}/, holds '{mark}', {why}, so no link reaches its page: give it another 'Slug:' (it is"
            " left out of the site until then)",
        )
        for name, url, mark, why in (
            ("query", "why?", "?", "where a browser ends the page's address (the rest is a query)"),
            ("hash", "c#-tips", "#", "where a browser ends the page's address (the rest is a place in the page)"),
            ("backslash", "a\\b", "\\", "which a browser reads as '/'"),
        )
    ),
    *(
        (
            "link-marks.md",
            line,
            ERROR,
            f"link {{{mark}}}{value}: Pelican knows no {{{mark}}} and leaves the link as"
            f" written: did you mean {{{meant}}}{more}?",
        )
        for line, mark, value, meant, more in (
            (5, "tags", "", "tag", ""),
            (7, "filname", "good.md", "filename", ""),
            (7, "home", "", "index", " (the home page)"),
            (7, "Filename", "good.md", "filename", ""),
        )
    ),
    # The next tester's: a bio shows on every post of its author, where an address relative to the page leads
    # elsewhere each time, and a `{filename}` of no file leads nowhere.
    (
        "dana.md",
        3,
        ERROR,
        "link {filename}good.md in a bio leads nowhere: Pelican finds its file from the bio's folder, or from content/"
        " with a leading '/' ({filename}/its-file), and there is none there",
    ),
    (
        "dana.md",
        3,
        ERROR,
        "link archives/ in a bio leads nowhere on most pages: a bio shows on every post of its author and on the"
        " author's page, at other depths; give the full address (https://...), or a mark ({index}, {tag}its-name,"
        " {filename}/its-file.md)",
    ),
    # An outside tester's: a note left open published the writer's private words (and the check said the title
    # showed less than it did).
    (
        "open-notes.md",
        1,
        ERROR,
        "Title 'Salary <!-- TODO better title' opens a note (<!--) it never closes, so the page shows the note's words:"
        " close it with -->, or take it out",
    ),
    *(
        (
            "open-notes.md",
            line,
            ERROR,
            f"this note (<!--){where} is not closed in its paragraph, so readers see it as"
            " text: close it with -->, or take it out (in the same paragraph)",
        )
        for line, where in ((5, " in the Summary"), (9, ""))
    ),
    (
        "emoji-tags.md",
        4,
        WARNING,
        "tag '🚀' has no letter or digit to make its page's address from: write it in words (it is left off the post"
        " until then)",
    ),
    (
        "emoji-tags.md",
        4,
        WARNING,
        "tag 'C#' shares its page, /tag/c/, with tag 'C++' on the same post: the post shows 'C++' only; name one of"
        " them apart",
    ),
    ("bad-date.md", 2, ERROR, "Date '31/31/2020' is not a date (write it like 2024-03-01 09:00)"),
    (
        "summary-link.md",
        6,
        ERROR,
        "link to a page that does not exist: /absolute/link/; to link to a post, write {filename}its-file.md",
    ),
    (
        "unknown-zone.md",
        2,
        ERROR,
        "Date '2024-07-01 10:00 PST' names its time zone as Pelican cannot read it everywhere ('PST'): write the offset"
        " from UTC instead (2024-07-01 10:00-07:00 for 10:00 in California in summer), or leave the zone out for the"
        " site's TIMEZONE: the post is left out until then",
    ),
    (
        "ambiguous-date.md",
        2,
        WARNING,
        "Date '05/03/2020' is read as 3 May 2020 (month first): write 2020-05-03, or 2020-03-05 if you meant 5 March",
    ),
    (
        "unknown-author.md",
        3,
        ERROR,
        f"Author 'Nobody Known' has no bio: add {MISTAKES_SHOWN}/authors/nobody-known.md"
        ' (`invoke new-author "Nobody Known"`), or fix the name',
    ),
    ("typos.md", 3, ERROR, "Author 'Chriss' has no bio: did you mean 'Chris'?"),
    ("typos.md", 5, WARNING, "unknown field 'Sumary': did you mean 'Summary'?"),
    (
        "long-title.md",
        1,
        ERROR,
        "its address would be named long-words-long-words-long-words-long-wo…, 274 bytes, more than a file name may"
        " be: add a shorter 'Slug:' line (at most 200 characters; the post is left out of the site until then)",
    ),
    (
        "long-tag.md",
        4,
        ERROR,
        "the page of the tag 'longtaglongtaglongtaglongtaglongtaglongt' would be named"
        " longtaglongtaglongtaglongtaglongtaglongt…, 210 bytes, more than a file name may be: shorten it in"
        " 'Tags:' (at most 200 characters; the post is left out of the site until then)",
    ),
    (
        "outside-links.md",
        6,
        ERROR,
        "{static}../../pelicanconf.py leads outside the content folder tests/data/mistakes/, whose files alone are"
        " published: copy the file into tests/data/mistakes/ and link it from there",
    ),
    (
        "modified-early.md",
        3,
        WARNING,
        "Modified '2020-02-01' is before Date '2020-03-01': the page would say it was updated before it was"
        " published (Modified is the day of the last change: fix one of them)",
    ),
    ("status-after-blank.md", 6, ERROR, STATUS_UNREAD),
    ("status-look-alike.md", 5, ERROR, STATUS_UNREAD),
    (
        "status-empty.md",
        5,
        ERROR,
        "Status is empty, so the post would be published: write its value on the same line"
        " (use published, draft, hidden)",
    ),
    (
        "misspelt-status.md",
        5,
        ERROR,
        "unknown field 'Stauts': did you mean 'Status'? Without a Status line this post would be published:"
        " fix the field's name (or remove it)",
    ),
    ("empty-tags.md", 4, ERROR, "Tags is empty: give one or more tags, separated by commas"),
    (
        "bad-status.md",
        5,
        ERROR,
        "Status 'publsihed' is unknown: did you mean 'published'? (use published, draft, hidden)",
    ),
    (
        "same-title-2.md",
        1,
        ERROR,
        f"slug 'same-title' is also the address of {MISTAKES_SHOWN}/same-title-1.md, which keeps it:"
        " give this one another 'Slug:' (it is left out of the site until then)",
    ),
    (
        "missing-image.md",
        5,
        ERROR,
        f"image images/nothere.jpg does not exist: save it in {MISTAKES_SHOWN}/images/ and write images/its-name",
    ),
    (
        "no-alt.md",
        8,
        ERROR,
        "image images/ok.svg has no alt text: describe it for readers who cannot see it between the brackets"
        f" (![what it shows](images/ok.svg)), or as 'Alt:' in {MISTAKES_SHOWN}/images/ok.svg.credit",
    ),
    (
        "no-alt.md",
        10,
        ERROR,
        "image images/ok.svg has no alt text: describe it for readers who cannot see it in its tag"
        f""" (alt="what it shows"), or as 'Alt:' in {MISTAKES_SHOWN}/images/ok.svg.credit""",
    ),
    (
        "no-alt-lead.md",
        5,
        ERROR,
        "image images/ok.svg has no alt text: describe it for readers who cannot see it in an 'Image-Alt:' line,"
        f" or as 'Alt:' in {MISTAKES_SHOWN}/images/ok.svg.credit",
    ),
    (
        "no-credit.md",
        6,
        ERROR,
        f"image images/nocredit.svg has no credit (add {MISTAKES_SHOWN}/images/nocredit.svg.credit)",
    ),
    (
        "broken-links.md",
        6,
        ERROR,
        "link to a page that does not exist: /no-such-post/; to link to a post, write {filename}its-file.md",
    ),
    (
        "broken-links.md",
        7,
        ERROR,
        f"link to a post that does not exist: {{filename}}nothere.md (check the file's name in {MISTAKES_SHOWN}/)",
    ),
    ("broken-links.md", 7, ERROR, f"link /tag/a/ {LEADS_NOWHERE}: write {{tag}}a"),
    (
        "old-address.md",
        6,
        ERROR,
        "link to a page that does not exist: /2014/02/18/old-post/; to link to a post, write {filename}its-file.md",
    ),
    ("root-link.md", 6, ERROR, f"link /good/ {LEADS_NOWHERE}: write {{filename}}good.md"),
    (
        "reference-link.md",
        8,
        ERROR,
        f"link to a post that does not exist: {{filename}}gone.md (check the file's name in {MISTAKES_SHOWN}/)",
    ),
    (
        "to-a-draft.md",
        6,
        ERROR,
        f"link to a draft ({MISTAKES_SHOWN}/draft-mistake.md): it is broken for readers until that post is published",
    ),
    (
        "to-the-future.md",
        6,
        ERROR,
        f"link to a post scheduled for 2099-01-01 09:00 ({MISTAKES_SHOWN}/future.md): it is broken for readers until then",
    ),
    ("image-as-link.md", 6, ERROR, "link to a page that does not exist: images/ok.svg (write {static}images/ok.svg)"),
    (
        "localhost.md",
        6,
        ERROR,
        "link to http://127.0.0.1:8000/good/: readers cannot reach your own computer; link to a page of the site",
    ),
    ("not-utf8.md", 3, ERROR, "not UTF-8 text: save the file with the UTF-8 encoding"),
    (
        "future.md",
        2,
        NOTE,
        "scheduled for 2099-01-01 09:00: appears on Thursday 2099-01-01, with the daily publish at 14:17 UTC"
        " (09:17 America/New_York)",
    ),
    ("draft-mistake.md", 4, WARNING, "Tags is empty: give one or more tags, separated by commas"),
    (
        "found.svg.credit",
        1,
        WARNING,
        "a placeholder credit (its Source, 'The old blog', says where the image was found, not who made it):"
        " write the image's real Creator, Source and Licence (Creator, Licence missing), then delete this line",
    ),
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


def test_a_post_saved_with_a_byte_order_mark_passes_the_check_as_it_builds(tmp_path):
    """Notepad saves UTF-8 with one; Pelican drops it, so the check does too (an outside tester's case)."""
    content = copy_content(tmp_path)
    post = next(path for path in content.glob("*.md") if path.read_text(encoding="utf-8").startswith("Title:"))
    post.write_text("\ufeff" + post.read_text(encoding="utf-8"), encoding="utf-8")
    assert check_site(settings_for(content)) == []


def test_metadata_continuation_lines_and_duplicates():
    header = read_header("Title: A\nLinks: One https://a.example\n    Two https://b.example\nTitle: B\n\nBody")
    assert header.value("links") == "One https://a.example\nTwo https://b.example"
    assert header.problems == [(4, ERROR, "Title is given twice (first on line 1): keep one", "twice-out")]
    assert header.body_line == 6


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "blog")


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
    assert "content/same-title-2.md:1: slug 'same-title' is also the address of content/same-title-1.md" in output
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
    # The writer publishes it with new-post's text still in it (an outside tester's): named, and publish stops.
    assert "warning: the text new-post wrote is still here" in check.stdout + check.stderr  # a draft: in progress
    post = project / "content" / "negotiating-your-first-salary.md"
    post.write_text(post.read_text().replace("Status: draft", "Status: published"))
    published = invoke(project, "check")
    assert published.returncode != 0 and "the text new-post wrote is still here" in published.stdout


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
    assert "dana-zoe.md:6: warning: the text new-author wrote is still here ('Who Dana Zoë is," in result.stdout


def test_an_author_name_with_a_comma_is_one_author_as_pelican_reads_it(project):
    """An outside tester's: the check split 'Author: Anne-Marie O'Neil, PhD' into two unknown authors, while
    Pelican reads `Author:` as one name (only `Authors:` is a list: at semicolons if any, else commas)."""
    assert invoke(project, "new-author", "Anne-Marie O'Neil, PhD").returncode == 0
    content = project / "content"
    (content / "one.md").write_text(post("One", "2024-01-01", body="By her.").replace(
        "Author: Chris", "Author: Anne-Marie O'Neil, PhD"
    ))  # fmt: skip
    (content / "two.md").write_text(post("Two", "2024-01-02", body="By both.").replace(
        "Author: Chris", "Authors: Anne-Marie O'Neil, PhD; Chris"
    ))  # fmt: skip
    found = [p for p in check_site(settings_for(content)) if p.code == "author"]
    assert found == [], found
    output = build_site(project / "out", PATH=str(content))
    assert [a.get_text() for a in page(output, "two/").select(".post-meta a[rel=author]")] == [
        "Anne-Marie O'Neil, PhD",
        "Chris",
    ]
    again = invoke(project, "new-author", "Dana Zoë"), invoke(project, "new-author", "Dana Zoë")
    assert "choose another name" in again[1].stdout + again[1].stderr


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
    from tools.site.live import changed

    assert changed({"a": 1.0, "b": 2.0}, {"a": 1.0, "b": 3.0, "c": 1.0}) == ["b", "c"]


@pytest.mark.parametrize(
    ("date", "appears"),
    [
        ("2024-03-05 09:00", "2024-03-05 14:17"),  # 14:00 UTC in winter: the same day's publish
        ("2024-03-05 09:30", "2024-03-06 14:17"),  # after it: the next day's
        ("2024-07-05 10:17", "2024-07-05 14:17"),  # summer time: 14:17 UTC exactly
        ("2024-12-31 23:59", "2025-01-01 14:17"),
    ],
)
def test_a_scheduled_post_appears_with_the_first_daily_publish_after_its_date(date, appears):
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from writing.schedule import first_publish

    local = datetime.fromisoformat(date).replace(tzinfo=ZoneInfo("America/New_York"))
    assert first_publish(local, "14:17") == datetime.fromisoformat(appears).replace(tzinfo=UTC)


def test_check_lists_scheduled_posts_with_their_day(project):
    (project / "content" / "later.md").write_text(
        "Title: Later\nDate: 2099-06-01 08:00\nAuthor: Chris\nTags: rejection\n\nSoon.\n"
    )
    result = invoke(project, "check")
    assert result.returncode == 0
    assert (
        "content/later.md:2: note: scheduled for 2099-06-01 08:00: appears on Monday 2099-06-01,"
        " with the daily publish at 14:17 UTC (10:17 America/New_York)" in result.stdout
    )
    assert result.stdout.strip().endswith("0 error(s), 0 warning(s), 1 scheduled post(s).")


def test_new_post_with_an_unknown_author_names_the_known_ones(project):
    invoke(project, "new-author", "Dana Zoë")
    result = invoke(project, "new-post", "A Post", "--author", "Dana Zoe", "--tags", "x")
    assert result.returncode == 0  # the draft is written all the same
    assert "no author is called 'Dana Zoe' (did you mean 'Dana Zoë'?)" in result.stderr
    assert "Known authors: Chris, Dana Zoë." in result.stderr
    same = invoke(project, "new-post", "Another Post", "--author", "chris", "--tags", "x")
    assert same.stderr == "" and "Author: Chris\n" in (project / "content" / "another-post.md").read_text()


def test_a_drafts_tags_and_author_link_only_to_pages_that_exist(tmp_path):
    content = copy_content(tmp_path)
    (content / "authors" / "dana.md").write_text("Name: Dana\n\nDana writes.\n")
    (content / "a-draft.md").write_text(
        "Title: A Draft\nDate: 2020-01-01\nAuthor: Dana\nTags: rejection, brand new tag\nStatus: draft\n\nText.\n"
    )
    output = build_site(tmp_path / "out", PATH=str(content))
    draft = page(output, "drafts/a-draft/")
    tags = {li.get_text(strip=True): li.a for li in draft.select(".tag-list li")}
    assert tags["rejection"] is not None and tags["brand new tag"] is None
    assert not (output / "tag" / "brand-new-tag").exists()
    assert not draft.select(".post-meta a[rel=author]")  # Dana has no page: no published post of hers
    assert draft.select_one(".author-box__name a") is None
    for link in draft.select("a[href]"):  # and every link of the draft's page leads somewhere
        href = link["href"].split("#")[0]
        if href and not href.startswith(("http", "mailto:")):
            target = (output / "drafts" / "a-draft" / href).resolve()
            assert target.exists() or (target / "index.html").exists(), href


def post(title: str, date: str, extra: str = "", body: str = "Text.") -> str:
    return f"Title: {title}\nDate: {date}\nAuthor: Chris\nTags: offers\n{extra}\n{body}\n"


def test_a_slug_that_takes_another_posts_address_is_reported_on_its_own_file_and_left_out(tmp_path):
    content = copy_content(tmp_path)
    (content / "negotiating-your-first-salary.md").write_text(
        post("Negotiating Your First Salary", "2024-01-01", "Slug: negotiating-your-first-salary\n")
    )
    (content / "how-to-follow-up.md").write_text(
        post(
            "How to Follow Up",
            "2023-06-01",  # older, but its Slug is the one that takes another post's address
            "Slug: negotiating-your-first-salary\n",
            "See [the salary post]({filename}negotiating-your-first-salary.md).",
        )
    )
    (content / "reading-list.md").write_text(
        post("Reading List", "2024-02-01", body="Read [the follow-up post]({filename}how-to-follow-up.md).")
    )
    found = [str(p) for p in check_site(settings_for(content)) if p.code in ("slug", "link")]
    assert found == [
        f"{content}/how-to-follow-up.md:5: slug 'negotiating-your-first-salary' is also the address of"
        f" {content}/negotiating-your-first-salary.md, which keeps it: give this one another 'Slug:'"
        " (it is left out of the site until then)",
        f"{content}/reading-list.md:6: link to {content}/how-to-follow-up.md, which is left out of the site"
        " until its errors are fixed",
    ]
    output = build_site(tmp_path / "out", PATH=str(content))
    assert "First" in page(output, "negotiating-your-first-salary/").select_one("h1").get_text()  # A, not B
    assert not (output / "how-to-follow-up").exists()


SITES_OWN = {  # a post a writer may well write, at an address the site keeps for itself: (file, extra lines, title)
    "tags.md": ("", "Tags", "its address, /tags/, is the address of the site's /tags/ page: give it a 'Slug:' line"),
    "archive.md": ("", "Archives", "its address, /archives/, is the address of the site's /archives/ page"),
    "under-tag.md": (
        "Slug: tag/interviews\n",
        "Under a tag",
        "its address, /tag/interviews/, is the address of the page of the tag",
    ),
    "feed.md": (
        "Slug: feeds/all.atom.xml\n",
        "Feed",
        "its address, /feeds/all.atom.xml/, is the address of the site's",
    ),
    "pagefind.md": ("", "Pagefind", "its address, /pagefind/, is inside /pagefind/, which holds the search index"),
    "rocket.md": ("", "🚀", "its title has no letter or digit to make its address from: give it a 'Slug:' line"),
    # The second outside tester's: a Save_as over the site's own files, and slugs written another way.
    "home.md": ("Save_as: index.html\nURL: /\n", "Home", "its address, /, is the address of the home page"),
    "tags-file.md": ("Save_as: tags/index.html\nURL: tags/?x\n", "Tags file", "would be written at tags/index.html,"),
    "atom.md": ("Save_as: feeds/all.atom.xml\nURL: feeds/all.atom.xml#x\n", "Atom", "at feeds/all.atom.xml, the file"),
    "cname.md": ("Save_as: CNAME\nURL: CNAME\n", "Cname", "is the address of the site's /CNAME page"),
    "page-two.md": ("Slug: page/2\n", "Page two", "page/2/index.html, a page of a listing"),
    "index-slug.md": ("Slug: index.html\n", "Index", "inside the file of the home page"),
    "dot-tags.md": ("Slug: ./tags\n", "Dot tags", "would be written at tags/index.html, the file of the site's /tags/"),
    "double.md": ("Slug: tag//interviews\n", "Double", "tag/interviews/index.html, the file of the page of the tag"),
    "on-image.md": ("Slug: images/striking-out.svg\n", "On image", "inside images/striking-out.svg, a file the site"),
    # The third outside tester's: a draft's Save_as, the theme's and the images' folders by the file written.
    "draft-home.md": ("Status: draft\nSave_as: index.html\n", "Draft home", "index.html, the file of the home page"),
    "theme-file.md": ("Save_as: theme\n", "Theme file", "inside /theme/, which holds the theme's files"),
    "theme-js.md": ("Save_as: theme/js/search.js\n", "Theme js", "inside /theme/, which holds the theme's files"),
    "images-folder.md": ("Save_as: images\n", "Images folder", "inside /images/, where the site copies images"),
    "image-copy.md": ("Save_as: images/photo-480w.png\n", "Image copy", "inside /images/, where the site copies"),
}


def test_a_post_at_an_address_the_site_keeps_for_itself_is_named_and_left_out_not_a_stopped_build(tmp_path):
    """An outside tester's: such a post passed the check, then stopped every build ('Failed to overwrite'), or
    (Pagefind) vanished when the search index replaced its folder."""
    content = copy_content(tmp_path)
    for name, (extra, title, _message) in SITES_OWN.items():
        (content / name).write_text(
            post(title, "2024-01-01", extra, body=f"The body of {name}.").replace("Tags: offers", "Tags: interviews")
        )
    found = {Path(p.path).name: p.message for p in check_site(settings_for(content)) if p.code == "slug"}
    for name, (_extra, _title, message) in SITES_OWN.items():
        assert message in found.get(name, "").replace("warning: ", ""), (name, found.get(name))
        assert found[name].endswith("(it is left out of the site until then)")
    output = build_site(tmp_path / "out", PATH=str(content))  # never stops
    assert "Tags" in page(output, "tags/").select_one("h1").get_text()  # the site's own pages, as they were
    assert "interviews" in page(output, "tag/interviews/").select_one("h1").get_text().lower()
    assert (output / "feeds" / "all.atom.xml").is_file()
    pages = " ".join(path.read_text(encoding="utf-8") for path in output.rglob("*.html"))
    assert not [name for name in SITES_OWN if f"The body of {name}." in pages]


def test_a_tag_that_makes_no_address_is_left_off_and_two_that_share_one_are_named(tmp_path):
    """An outside tester's: `🚀` wrote its page over the tags' folder and its feeds as hidden files."""
    content = copy_content(tmp_path)
    (content / "emoji.md").write_text(post("Emoji Tags", "2024-01-01").replace("Tags: offers", "Tags: 🚀, C++, C#"))
    found = sorted(p.message for p in check_site(settings_for(content)) if p.code == "tag")
    assert found == [
        "tag 'C#' shares its page, /tag/c/, with tag 'C++' on the same post: the post shows 'C++' only; name one of"
        " them apart",
        "tag '🚀' has no letter or digit to make its page's address from: write it in words (it is left off the"
        " post until then)",
    ]
    output = build_site(tmp_path / "out", PATH=str(content))
    assert not (output / "tag" / "index.html").exists() and not (output / "feeds" / "tag" / ".atom.xml").exists()
    assert [a["href"] for a in page(output, "emoji-tags/").select("a[rel=tag]")] == ["../tag/c/"]  # C++, once


def test_two_posts_of_the_same_title_leave_the_newer_one_out(tmp_path):
    content = copy_content(tmp_path)
    (content / "b-newer.md").write_text(post("Same Title", "2024-01-02"))
    (content / "z-older.md").write_text(post("Same Title", "2024-01-01"))
    [found] = [p for p in check_site(settings_for(content)) if p.code == "slug"]
    assert (Path(found.path).name, found.line) == ("b-newer.md", 1)
    assert "is also the address of" in found.message and "z-older.md" in found.message


def test_build_and_publish_count_a_scheduled_post_as_scheduled_not_as_a_draft(project):
    (project / "content" / "later.md").write_text(post("Later", "2099-06-01 08:00"))
    build = invoke(project, "build")
    assert build.returncode == 0
    assert build.stderr.strip().endswith("0 error(s), 0 warning(s), 1 scheduled post(s).")
    env = {**os.environ, "COLUMNS": "400", "FORMSPREE_ID": "test", "SITEURL": "https://you.github.io/blog"}
    publish = subprocess.run(
        [sys.executable, "-m", "invoke", "publish"], cwd=project, capture_output=True, text=True, check=False, env=env
    )
    assert publish.returncode == 0, publish.stdout + publish.stderr
    assert "Done: Processed 1 article, 0 drafts," in publish.stdout  # Pelican's own line: the seed post only
    assert "(0 error(s), 0 warning(s), 1 scheduled post(s): see above)" in publish.stdout
    assert "content/later.md:2: note: scheduled for 2099-06-01 08:00" in publish.stderr


def test_a_post_whose_title_changed_keeps_its_address_against_a_newer_one(tmp_path):
    content = copy_content(tmp_path)
    (content / "negotiating-your-first-salary.md").write_text(  # retitled; its Slug kept its address
        post("Salary Talks", "2024-01-01", "Slug: negotiating-your-first-salary\n")
    )
    (content / "first-salary.md").write_text(post("Negotiating Your First Salary", "2024-03-01"))
    [found] = [p for p in check_site(settings_for(content)) if p.code == "slug"]
    assert (Path(found.path).name, found.line) == ("first-salary.md", 1)


def test_new_post_and_new_author_with_very_long_names_make_short_files_that_pass_check(project):
    title, name = "Très long " * 40, "Maximiliana " * 30
    assert invoke(project, "new-author", name).returncode == 0
    result = invoke(project, "new-post", title, "--author", name.strip(), "--tags", "x")
    assert result.returncode == 0, result.stderr
    (post,) = [p for p in (project / "content").glob("tres-long-*.md")]
    assert len(post.stem) <= 80 and post.stem.endswith("long") and f"Slug: {post.stem}\n" in post.read_text()
    assert max(len(p.stem) for p in (project / "content" / "authors").glob("*.md")) <= 80
    post.write_text(post.read_text().replace("Status: draft\n", ""))
    check = invoke(project, "check")
    # The author's page would be named after the name: too long a name is said, with the fix.
    assert check.returncode == 1 and "shorten it in 'Author:'" in check.stdout, check.stdout
    assert "Traceback" not in check.stdout + check.stderr + result.stdout + result.stderr


def test_an_image_in_an_html_comment_is_no_image_of_the_post():
    """Nothing in a comment shows (an outside tester's case): it asks for no alt text and no credit."""
    from writing.header import prose_lines

    body = [
        "Text <!-- ![old](gone.png) --> and ![kept](a.png).",
        "<!-- a draft note",
        '<img src="hidden.png">',
        "--> ![after](b.png)",
        "`<!-- in code -->` ![code](c.png)",
    ]
    lines = prose_lines(body, 10)
    text = " ".join(line for _number, line in lines)
    assert "gone.png" not in text and "hidden.png" not in text
    assert [number for number, line in lines if "png" in line] == [10, 13, 14]


def test_an_image_shown_in_an_indented_code_block_is_no_image_but_one_in_a_list_is():
    """Python-Markdown's rule: a block indented by four spaces is code, unless it goes on with a list."""
    from writing.header import prose_lines

    body = [
        "Write it like this:",
        "",
        '    <img src="example.png">',
        "    ![example](example2.png)",
        "",
        "- a list item",
        "",
        "    ![in the list](listed.png)",
        "",
        "A paragraph",
        "    ![lazy](lazy.png)",
        "",
        "\t![tabbed](tabbed.png)",
    ]
    text = " ".join(line for _number, line in prose_lines(body, 1))
    assert "example.png" not in text and "example2.png" not in text and "tabbed.png" not in text
    assert "listed.png" in text and "lazy.png" in text


# Markdown that shows an image, or not, as Python-Markdown reads it with the site's extensions (outside testers' cases).
SHOWN_OR_NOT = [
    "Text.\n\n    code\n![a](x.png)\n",  # a code block, then a paragraph with no blank line
    "Text[^1].\n\n[^1]: note\n\n    ![a](x.png)\n",  # a footnote goes on
    "Term\n:   def\n\n    ![a](x.png)\n",  # a definition goes on
    "Some text <!-- note\n\n![a](x.png)\n\nend -->",  # an unclosed comment in a paragraph is text
    '<span title="<!--">x</span> ![a](x.png)',
    "<!-- a --!> ![a](x.png) -->",  # --!> ends a comment
    "```\n\n![a](x.png)\n",  # a fence never closed is text
    "Para\n<!--\n![a](x.png)\n-->\n",
    "Text.\n\n<!--\n\n![a](x.png)\n\n-->\n",
    "Text <!-- ![a](x.png) --> more\n",
    "Write it like this:\n\n    ![a](x.png)\n",
    "- a list item\n\n    ![a](x.png)\n",
    "A paragraph\n    ![a](x.png)\n",
    "```\n![a](x.png)\n```\n",
]


@pytest.mark.parametrize("body", SHOWN_OR_NOT)
def test_the_check_sees_an_image_where_python_markdown_shows_one(body):
    """Where the page shows an image the check reads it (its alt text and credit checked); where not, not."""
    import markdown
    from pelican.readers import MarkdownReader
    from writing.header import prose_lines

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    MarkdownReader(settings)  # lists the extensions in MARKDOWN, as the build's reader does
    html = markdown.Markdown(**settings["MARKDOWN"]).convert(body)
    shown = re.search(r"<img\b", re.sub(r"<!--.*?-->", "", html, flags=re.S)) is not None
    checked = any("x.png" in line for _number, line in prose_lines(body.split("\n"), 1))
    assert checked == shown


def test_a_post_in_another_language_has_a_folder_address_and_its_language_and_direction(tmp_path):
    """An outside tester's: `Lang: ar` moved a post to /slug-ar.html, its text marked English and left to right."""
    content = copy_content(tmp_path)
    (content / "arabic.md").write_text(post("Arabic Post", "2024-01-01", "Lang: ar\n", body="نص عربي."))
    (content / "linking.md").write_text(post("Linking", "2024-01-02", body="See [it]({filename}arabic.md)."))
    assert [p for p in check_site(settings_for(content)) if Path(p.path).name in ("arabic.md", "linking.md")] == []
    output = build_site(tmp_path / "out", PATH=str(content))
    article = page(output, "arabic-post-ar/").select_one("article.post .post__body")  # its text, not the labels
    assert (article["lang"], article["dir"]) == ("ar", "rtl")
    assert page(output, "linking/").find("a", string="it")["href"] == "../arabic-post-ar/"
    assert not page(output, "linking/").select_one("article.post").has_attr("lang")  # the site's own language
    for listing in ("", "tag/offers/"):  # a later tester's: its summary on the listings, marked too
        summaries = {s.h2.get_text(strip=True).replace("\xa0", " "): s for s in page(output, listing).select("article")}
        arabic = summaries["Arabic Post"]
        for marked in (arabic.h2, arabic.select_one(".post-summary__text")):  # its title and text, not the labels
            assert (marked["lang"], marked["dir"]) == ("ar", "rtl")
        assert not arabic.has_attr("lang") and not summaries["Linking"].h2.has_attr("lang")


@pytest.mark.parametrize(
    ("lang", "attributes"),
    [("ar", ' lang="ar" dir="rtl"'), ("AR", ' lang="ar" dir="rtl"'), ("he_IL", ' lang="he-IL" dir="rtl"'),
     ("fr-ca", ' lang="fr-CA"'), ("zh-Hant", ' lang="zh-Hant"'), ("en", ""), ("EN", ""), ("", ""), ("<x>", "")],
)  # fmt: skip
def test_a_posts_language_is_marked_as_html_wants_it_whatever_its_case(lang, attributes):
    """A later tester's: `Lang: AR` or `he_IL` got no dir="rtl"."""
    from reading import language_attributes

    assert str(language_attributes(lang, "en", ["ar", "he"])) == attributes


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Front\ndate: 2020-01-01\n---\nBody.\n",
        "---\ntitle: Front\n...\nBody: not a field.\n",
        "--- yaml\ntitle: Front\n\nBody.\n",
        "Title: Plain\nDate: 2020-01-01\n\n---\n\nA rule, not front matter.\n",
        "---\n---\nBody.\n",
    ],
)
def test_the_check_reads_the_fields_python_markdown_reads_front_matter_or_not(text):
    import markdown

    converter = markdown.Markdown(extensions=["meta"])
    converter.convert(text)
    header = read_header(text)
    assert {key: value for key, (_line, value) in header.fields.items()} == {
        key: "\n".join(values) for key, values in converter.Meta.items()
    }


def test_a_slug_with_spaces_or_capitals_is_named_with_the_form_to_write():
    from writing.checks import check_metadata

    header = read_header("Title: Hello\nSlug: Hello World\nDate: 2024-01-01\nTags: x\n\nText.\n")
    [found] = [p for p in check_metadata("hello.md", header) if p.code == "slug-form"]
    assert (found.line, found.severity) == (2, WARNING) and "write it like 'hello-world'" in found.message
    plain = read_header("Title: Hello\nSlug: hello-world\nDate: 2024-01-01\nTags: x\n\nText.\n")
    assert not [p for p in check_metadata("hello.md", plain) if p.code == "slug-form"]


def test_fields_are_read_as_pelican_reads_them_over_two_lines_and_at_semicolons(tmp_path):
    """The third outside tester's: the check joined a field's second line (Pelican keeps the first, or cannot read
    a title so), and split tags at commas only (Pelican splits at semicolons when there is one)."""
    content = copy_content(tmp_path)
    (content / "wrapped.md").write_text(post("Wrapped", "2024-01-01", "Slug: tags\n    extra\n"))
    (content / "wrapped-title.md").write_text(post("Wrapped title", "2024-01-02").replace(
        "Title: Wrapped title", "Title: Wrapped\n    title"
    ))  # fmt: skip
    (content / "semicolons.md").write_text(post("Semicolons", "2024-01-03").replace(
        "Tags: offers", "Tags: salary; negotiation"
    ))  # fmt: skip
    (content / "on-tag.md").write_text(post("On tag", "2024-01-04", "Slug: tag/negotiation\n"))
    found = {(Path(p.path).name, p.line, p.severity, p.message) for p in check_site(settings_for(content))}
    assert (
        "wrapped.md",
        6,
        WARNING,
        "Slug goes on to this line, which Pelican leaves out: write Slug on one line",
    ) in found
    assert any(name == "wrapped.md" and "is the address of the site's /tags/ page" in m for name, _l, _s, m in found)
    assert (
        "wrapped-title.md",
        2,
        ERROR,
        "Title goes on to this line, which Pelican cannot read: write Title on one line",
    ) in found
    assert any(name == "on-tag.md" and "the page of the tag 'negotiation'" in m for name, _l, _s, m in found)
    output = build_site(tmp_path / "out", PATH=str(content))  # never stops
    assert "Tags" in page(output, "tags/").select_one("h1").get_text()


def test_a_scheduled_posts_tag_page_and_the_sites_own_pagination_are_addresses_the_site_keeps(tmp_path):
    """The third outside tester's: the development build shows a scheduled post and its tag's page; and a site
    paginating at /2/ instead of /page/2/ has its listings' later pages there."""
    content = copy_content(tmp_path)
    (content / "soon.md").write_text(post("Soon", "2099-01-01").replace("Tags: offers", "Tags: launch"))
    (content / "on-launch.md").write_text(post("On launch", "2024-01-01", "Slug: tag/launch\n"))
    (content / "two.md").write_text(post("Two", "2024-01-02", "Slug: 2\n"))
    patterns = ((1, "{url}", "{save_as}"), (2, "{base_name}/{number}/", "{base_name}/{number}/index.html"))
    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(content), "PAGINATION_PATTERNS": patterns}
    )
    found = {Path(p.path).name: p.message for p in check_site(settings) if p.code == "slug"}
    assert "the page of the tag 'launch'" in found.get("on-launch.md", ""), found
    assert "a page of a listing" in found.get("two.md", ""), found


def test_a_status_line_after_front_matter_is_named_as_one_after_the_fields():
    """The third outside tester's: after a closing `---`, `Status: draft` is text, and the post was published."""
    for text in ("---\nTitle: A\n---\n\nStatus: draft\n\nBody.\n", "---\nTitle: A\n---\nStatus: draft\n\nBody.\n"):
        header = read_header(text)
        assert [code for _line, _severity, _message, code in header.problems] == ["status-line"], text


def test_an_author_or_category_that_makes_no_address_leaves_the_post_out(tmp_path):
    """The third outside tester's: an emoji-only author wrote author/index.html and hidden feeds."""
    content = copy_content(tmp_path)
    (content / "emoji-author.md").write_text(post("Emoji Author", "2024-01-01").replace("Author: Chris", "Author: 🚀"))
    (content / "emoji-category.md").write_text(post("Emoji Category", "2024-01-02", "Category: ⭐️\n"))
    found = {Path(p.path).name: p.message for p in check_site(settings_for(content)) if p.code == "slug"}
    assert found["emoji-author.md"].startswith("author '🚀' has no letter or digit to make its page's address from")
    assert found["emoji-category.md"].startswith("category '⭐️' has no letter or digit")
    output = build_site(tmp_path / "out", PATH=str(content))
    assert not (output / "author" / "index.html").exists() and not (output / "category" / "index.html").exists()
    assert not list((output / "feeds").rglob(".*.xml"))


def test_new_post_and_new_author_write_what_a_terminal_would_obey_as_text_only(project):
    """The fourth tester's: an escape sequence and a bidi control typed in a title went into the file raw."""
    assert invoke(project, "new-post", "Evil \x1b[31mx\u202e title").returncode == 0
    assert invoke(project, "new-author", "Osc \x1b]0;t\x07 Name").returncode == 0
    written = "".join(p.read_text(encoding="utf-8") for p in (project / "content").rglob("*.md"))
    assert "\x1b" not in written and "\u202e" not in written and "\x07" not in written
    assert "Title: Evil [31mx title" in written and "Name: Osc ]0;t Name" in written


def test_a_save_as_in_another_posts_way_and_a_tab_indented_field_are_read_as_pelican_reads_them(tmp_path):
    """The fourth tester's: a Save_as at another post's folder stopped the build; a Summary continued with a tab
    (Python-Markdown makes it four spaces) ended the fields for the check alone."""
    content = copy_content(tmp_path)
    article = "what-to-do-after-striking-out-in-the-job-market"
    (content / "in-the-way.md").write_text(post("In the way", "2024-01-01", f"Save_as: {article}\n"))
    (content / "inside.md").write_text(post("Inside", "2024-01-02", f"Save_as: {article}/index.html/x.html\n"))
    (content / "tab.md").write_text(
        "Title: Tab\nDate: 2024-01-03\nSummary: one\n\ttwo\nAuthor: Chris\nTags: x\n\nBody.\n"
    )
    found = [(Path(p.path).name, p.message) for p in check_site(settings_for(content)) if p.severity == ERROR]
    assert {name for name, _message in found} == {"in-the-way.md", "inside.md"}, found  # the first post keeps it
    assert any(
        name == "inside.md" and f"inside the file of the page of {content}/{article}.md" in m for name, m in found
    )
    assert any(name == "in-the-way.md" and "needs a folder" in m for name, m in found)
    output = build_site(tmp_path / "out", PATH=str(content))  # never stops
    assert (output / article / "index.html").is_file()
    assert "one two" in page(output, "tab/").find("meta", attrs={"name": "description"})["content"]


def test_of_two_posts_in_each_others_way_the_one_whose_address_is_its_own_keeps_its_page(tmp_path):
    """The fifth tester's: both posts were left out, the innocent one too; and a Save_as of exactly another post's
    file was not caught (that page was overwritten)."""
    content = copy_content(tmp_path)
    (content / "alpha.md").write_text(post("Alpha", "2024-01-01", "Slug: alpha\n"))  # its title's own slug
    (content / "beta.md").write_text(post("Beta", "2024-01-02", "Slug: alpha/index.html\n"))
    (content / "gamma.md").write_text(post("Gamma", "2024-01-03", "Save_as: alpha/index.html\n"))
    found = [(Path(p.path).name, p.message) for p in check_site(settings_for(content)) if p.code == "slug"]
    assert {name for name, _message in found} == {"beta.md", "gamma.md"}, found
    assert any(name == "gamma.md" and f"over the page of {content}/alpha.md" in m for name, m in found), found
    output = build_site(tmp_path / "out", PATH=str(content))
    assert "Alpha" in page(output, "alpha/").select_one("h1").get_text()


def test_authors_at_commas_that_split_a_bios_name_and_author_beside_authors_are_named(project):
    """The fifth tester's: `Authors: Smith, John` (a bio named 'Smith, John') made two authors, and `Author:`
    beside `Authors:` was dropped without a word."""
    assert invoke(project, "new-author", "Smith, John").returncode == 0
    content = project / "content"
    (content / "commas.md").write_text(post("Commas", "2024-01-01").replace("Author: Chris", "Authors: Smith, John"))
    (content / "both.md").write_text(
        post("Both", "2024-01-02").replace("Author: Chris", "Author: Chris\nAuthors: Smith, John; Chris")
    )
    found = {
        (Path(p.path).name, p.severity): p.message for p in check_site(settings_for(content)) if p.code == "author"
    }
    assert "separate the authors with semicolons, e.g. 'Authors: Smith, John; ...'" in found[("commas.md", ERROR)]
    assert found[("both.md", WARNING)] == "Author is left out when Authors is given: put every author in Authors"


def test_an_image_that_is_a_link_to_a_file_outside_the_content_folder_is_named_by_the_check(tmp_path, caplog):
    """Found by an outside tester: the check passed, the build copied nothing and `invoke publish` failed."""
    import logging

    content = copy_content(tmp_path)
    (tmp_path / "elsewhere.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (content / "images" / "photo.svg").symlink_to(tmp_path / "elsewhere.svg")
    (content / "images" / "photo.svg.credit").write_text("Creator: Me\n")
    (content / "linked.md").write_text(
        "Title: Linked\nDate: 2024-01-02\nAuthor: Chris\nTags: a\n\n![A photo](images/photo.svg)\n\n"
        "And [the file]({static}/images/photo.svg).\n"
    )
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    found = [(p.line, p.severity, p.message) for p in check_site(settings) if p.path.endswith("linked.md")]
    assert [(line, severity) for line, severity, _ in found] == [(6, ERROR), (8, ERROR)]
    assert all("leads outside the content folder" in message and "elsewhere.svg" in message for *_, message in found)
    assert found[0][2].startswith("image images/photo.svg ") and found[1][2].startswith("{static}/images/photo.svg ")
    caplog.set_level(logging.WARNING)
    build_site(tmp_path / "output", PATH=str(content))
    told = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    # The check's three (the file itself, the image, the link: a later tester's, for a file no post uses), no echo
    assert len([m for m in told if "photo.svg" in m]) == 3, told
    assert any(m.endswith("images/photo.svg:1: this file is a link to " + str(tmp_path / "elsewhere.svg") +
                          f", outside the content folder {content}/, whose files alone are published: copy the file"
                          " itself here, in the link's place") for m in told), told  # fmt: skip


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Salary <Negotiation> Tips", "Salary Tips"),
        ("Use <br> tags", "Use tags"),
        ('A <div class="x">box</div>', "A box"),
        ("Why <style> matters", "Why"),  # a later tester's: the rest of the title went with it
        ("<K,V> maps", "maps"),
        ("<C#> intro", "intro"),
        ("A <!-- x --> b", "A b"),
        ("<Intro>", ""),  # nothing left: the post is left out (the build finds no title)
        ("<jobs@example.com>", ""),
        ("Fine <em>emphasis</em> and <abbr title='x'>HR</abbr>", None),
        ("Salary &lt;Negotiation&gt; Tips", None),
        ("3 < 5 and 7 > 2", None),
        ("a <3 b", None),
        ("Tom &amp; Jerry", None),
    ],
)
def test_a_title_whose_page_shows_less_than_its_text_is_named(title, shown):
    """Found by an outside tester: `Title: Salary <Negotiation> Tips` showed as "Salary  Tips", nothing said."""
    from writing.checks import check_metadata

    header = read_header(f"Title: {title}\nDate: 2024-01-01\nTags: a\n\nText.\n")
    found = [p for p in check_metadata("post.md", header) if p.code in ("title-html", "title")]
    if shown is None:
        assert found == []
    elif shown:
        assert [(p.line, p.severity) for p in found] == [(1, WARNING)]
        assert found[0].message.startswith(f"Title {title!r} shows as {shown!r}: its page leaves HTML out")
    else:
        assert [(p.line, p.severity, p.code) for p in found] == [(1, ERROR, "title")]
        assert "shows nothing once its HTML is left out" in found[0].message


def test_a_file_whose_name_writes_its_accents_apart_is_named_as_such(tmp_path):
    """Found by an outside tester: a file saved by macOS (NFD), a link typed `café` (NFC): 'did you mean' the same."""
    import unicodedata

    content = copy_content(tmp_path)
    apart = unicodedata.normalize("NFD", "café")
    (content / f"{apart}.md").write_text(post("Cafe", "2024-01-02"), encoding="utf-8")
    shutil.copy(content / "images" / "striking-out.svg", content / "images" / f"{apart}.svg")
    (content / "images" / f"{apart}.svg.credit").write_text("Creator: Me\n", encoding="utf-8")
    (content / "links.md").write_text(
        post("Links", "2024-01-03", body="[cafe]({filename}café.md)\n\n![A cup](images/café.svg)\n\n"
             "[file]({static}/images/café.svg)"), encoding="utf-8"
    )  # fmt: skip
    found = {p.line: p.message for p in check_site(settings_for(content)) if p.path.endswith("links.md")}
    assert sorted(found) == [6, 8, 10]
    assert found[6].endswith(f"did you mean {{filename}}{apart}.md? (they look the same, but the file's name writes"
                             " its accents as separate marks, as macOS saves names: type the file's name again to"
                             " rename it)")  # fmt: skip
    assert f"did you mean images/{apart}.svg? (they look the same" in found[8]
    assert f"did you mean {{static}}/images/{apart}.svg? (they look the same" in found[10]
    # A later tester's: the other way round, the link is what to type again
    (content / f"{apart}.md").rename(content / "café.md")
    (content / "links.md").write_text(post("Links", "2024-01-03", body=f"[cafe]({{filename}}{apart}.md)"))
    (message,) = [p.message for p in check_site(settings_for(content)) if p.path.endswith("links.md")]
    assert message.endswith(
        "(they look the same, but the link writes its accents as separate marks: type the link again)"
    )


def test_a_blank_first_line_is_named_as_what_hides_the_metadata():
    """Found by an outside tester: four 'missing' errors, and nothing said of the blank line that caused them."""
    from writing.checks import check_metadata

    found = check_metadata("post.md", read_header("\nTitle: A post\nDate: 2024-01-01\nTags: a\n\nText.\n"))
    assert (1, ERROR, "the file starts with a blank line, which ends the metadata before it begins: remove it") in [
        (p.line, p.severity, p.message) for p in found
    ]
    assert not [p for p in check_metadata("post.md", read_header("Title: A post\nDate: 2024-01-01\nTags: a\n\nText.\n"))
                if "blank line" in p.message]  # fmt: skip
    assert not [
        p for p in check_metadata("page.md", read_header("\nJust text, no metadata.\n")) if "blank" in p.message
    ]


def test_a_script_or_an_event_handler_in_a_post_is_said_not_to_run(tmp_path):
    """Found by an outside tester: a gist's <script src> or an onclick in a post was silently dead in production; a
    later one: no warning for what does run (the site's own script, a source the post's CSP field allows, JSON-LD),
    nor for attributes that are no event handler (`one`, `data-onclick`, `onclick=` inside another's value)."""
    content = copy_content(tmp_path)
    body = (
        '<script src="https://gist.github.com/x.js"></script>\n\n'  # 6
        '<button onclick="go()">Go</button>\n\n'  # 8
        '`<script>` in code is text.\n\n```\n<a onclick="x">\n```\n\n'
        '<div\n  class="x"\n  onmouseover="y()">split</div>\n\n'  # 16: a tag over three lines
        "<script>alert(1)</script>\n\n"  # 20
        '<script src="{static}/files/chart.js"></script>\n\n'
        '<script type="application/ld+json">{"a": 1}</script>\n\n'
        '<p one="1" only="x" data-onclick="z" title="set online=true">fine</p>\n\n'
        '<script src="https://widgets.example/w.js"></script>\n\n'
        "<scripts>not one</scripts> and <script-loader></script-loader>\n\n"
        "Plain text says onclick=x without a tag."
    )
    (content / "embeds.md").write_text(
        post("Embeds", "2024-01-02", "CSP: script-src https://widgets.example\n", body=body), encoding="utf-8"
    )
    (content / "files").mkdir(exist_ok=True)
    (content / "files" / "chart.js").write_text("chart();\n")  # the site's own script, there
    found = [(p.line, p.message) for p in check_site(settings_for(content)) if p.path.endswith("embeds.md")]
    assert [line for line, _ in found] == [7, 9, 17, 21], found
    assert found[0][1].startswith("a <script> from https://gist.github.com does not run on the site")
    assert found[1][1].startswith("an onclick handler does not run") and "onmouseover" in found[2][1]
    assert found[3][1].startswith("an inline <script> does not run")


def test_a_tag_left_off_its_post_takes_no_address(tmp_path):
    """Found by an outside tester: a post with `Slug: tag` was left out, blamed on the page of the tag '🚀' of another
    post, a tag left off that post (it has no address) and so given no page."""
    content = copy_content(tmp_path)
    (content / "slug-tag.md").write_text(post("Slug Tag", "2024-01-02", "Slug: tag\n"), encoding="utf-8")
    (content / "rocket.md").write_text(post("Rocket", "2024-01-03").replace("Tags: offers", "Tags: 🚀, b"))
    found = [(Path(p.path).name, p.code) for p in check_site(settings_for(content)) if p.severity == ERROR]
    assert found == []
    output = build_site(tmp_path / "out", PATH=str(content))
    assert page(output, "tag/").find("h1").get_text(strip=True).replace("\xa0", " ") == "Slug Tag"


def test_a_summary_is_read_as_the_body_is_and_its_images_are_said_not_to_show(tmp_path):
    """A later tester's: a link shown as code in a Summary, or in a comment, stopped the publish; an image there asked
    for a credit, though the listing drops it."""
    content = copy_content(tmp_path)
    (content / "summaries.md").write_text(
        post("Summaries", "2024-01-02", "Summary: Write `[text](/old-url/)` <!-- [x](/gone/) -->\n"
             "    and look ![chart](images/x.svg) here.\n"), encoding="utf-8"
    )  # fmt: skip
    found = [(p.line, p.severity, p.message) for p in check_site(settings_for(content)) if p.path.endswith("maries.md")]
    assert found == [(6, WARNING, "image images/x.svg is not shown: a Summary keeps text and links only")]


@pytest.mark.parametrize("local", ["UTC", "America/Los_Angeles"])
@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2024-07-01 10:00 PST", "('PST')"),
        ("July 1, 2024 10am PDT", "('PDT')"),
        ("2024-07-01 10:00 UTC+2", "('UTC+2')"),  # a later tester's: read by dateutil as two hours behind UTC
        ("2024-07-01 10:00 GMT-05:00", "('GMT-05:00')"),
        ("2024-07-01 10:00 UTC +2", "('UTC +2')"),  # read as UTC, the +2 dropped
        ("2024-03-01 09:00 EST-5", "('EST-5')"),  # a third tester's: +05:00 on one computer, an error on another
        ("2024-03-01 09:00 CST+6", "('CST+6')"),
        ("2024-07-01 10:00 America/Los_Angeles", "with an offset such as -07:00"),
        ("2024-07-01 10:00 utc", "with an offset such as -07:00"),
        ("2024-03-01 09:00 EST5EDT", "with an offset such as -07:00"),
        ("2024-07-01T10:00:00-07:00", ""),
        ("2024-07-01 10:00 +0000", ""),
        ("2024-07-01 10:00 Z", ""),
        ("2024-07-01 10:00 UTC", ""),
        ("2024-07-01 10:00 GMT", ""),
    ],
)
def test_a_date_is_read_the_same_on_every_computer_or_named(monkeypatch, local, value, said):
    """A zone's name dateutil knows only as this computer's (PST in California) would pass here and fail in CI."""
    import time

    from writing.checks import date_problems
    from writing.header import parse_date

    monkeypatch.setenv("TZ", local)
    time.tzset()
    parse_date.cache_clear()
    try:
        found = [p.message for p in date_problems("post.md", 2, "date", value)]
    finally:
        monkeypatch.undo()
        time.tzset()
        parse_date.cache_clear()
    assert (said in found[0]) if said else found == [], found


def test_a_static_file_no_post_uses_that_leads_out_of_the_content_folder_is_named_where_it_is(tmp_path, caplog):
    """A later tester's: an unused image linking out of content/ (or to nothing), or a bio's photo doing so, passed
    the check and stopped the publish, named by no line or by the wrong file."""
    import logging

    content = copy_content(tmp_path)
    (tmp_path / "elsewhere.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (content / "images" / "unused.svg").symlink_to(tmp_path / "elsewhere.svg")
    (content / "images" / "dangling.svg").symlink_to(tmp_path / "nothing.svg")
    (content / "images" / "authors").mkdir(exist_ok=True)
    (content / "images" / "authors" / "chris.svg").symlink_to(tmp_path / "elsewhere.svg")
    bio = content / "authors" / "chris.md"
    bio.write_text(
        re.sub(r"(?m)^Photo:.*\n", "", bio.read_text()).replace("\n\n", "\nPhoto: images/authors/chris.svg\n\n", 1)
    )
    found = {(Path(p.path).name, p.line): p.message for p in check_site(settings_for(content)) if p.severity == ERROR}
    assert sorted(found) == [("chris.md", 2), ("chris.svg", 1), ("dangling.svg", 1), ("unused.svg", 1)], found
    assert "which does not exist" in found[("dangling.svg", 1)]
    assert found[("chris.md", 2)].startswith("photo images/authors/chris.svg leads outside the content folder")
    caplog.set_level(logging.WARNING)
    build_site(tmp_path / "output", PATH=str(content))
    told = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [m for m in told if "STATIC_PATHS" in m or "not copied" in m], told  # no echo naming no file
    # nor, in a publish, a post blamed for the bio's photo it shows (a later tester's)
    published = strict_build(
        str(ROOT / "publishconf.py"),
        {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "published"), "SITEURL": "https://site.example"},
    )
    assert not [m for m in published if "missing asset" in m], published


def test_a_static_link_to_a_missing_file_is_named_once_as_missing(tmp_path, caplog):
    """A later tester's: a missing file (no link) was called 'a link to nothing' by the build, at line 1."""
    import logging

    content = copy_content(tmp_path)
    (content / "missing.md").write_text(post("Missing", "2024-01-02", body="[guide]({static}files/missing.pdf)"))
    assert [(p.line, p.code) for p in check_site(settings_for(content)) if p.path.endswith("missing.md")] == [
        (6, "link")
    ]
    caplog.set_level(logging.WARNING)
    build_site(tmp_path / "output", PATH=str(content))
    assert not [r for r in caplog.records if "link to nothing" in r.getMessage()]


@pytest.mark.parametrize(
    ("src", "sources", "runs"),
    [
        ("https://sub.gist.github.com/x.js", ("'self'", "https://*.gist.github.com"), True),  # a later tester's
        ("https://gist.github.com/x.js", ("https://*.gist.github.com",), False),  # a wildcard is for subdomains
        ("https://cdn.example/dir/x.js", ("https://cdn.example/dir/",), True),
        ("https://cdn.example/a.js", ("https://cdn.example/a.js",), True),
        ("https://cdn.example/b.js", ("https://cdn.example/a.js",), False),
        ("https://cdn.example:8443/a.js", ("cdn.example:*",), True),
        ("https://cdn.example:8443/a.js", ("cdn.example",), False),
        ("//cdn.example/a.js", ("https:",), True),
        ("http://x.example/a.js", ("https://x.example",), False),
        ("https://evil.example/a.js", ("'self'",), False),
        ("{static}/files/chart.js", ("'self'",), True),
    ],
)
def test_a_script_source_is_matched_as_the_content_security_policy_matches_it(src, sources, runs):
    from writing.scripts import allowed

    assert allowed(src, sources) is runs


def test_an_import_map_or_a_framed_document_s_script_is_refused_as_an_inline_script_is():
    """The last tester's: an `<iframe srcdoc>` with a script and an inline import map got no warning."""
    from writing.scripts import inert_scripts

    lines = [(1, '<iframe srcdoc="<script>x()</script>"></iframe>'), (3, '<script type="importmap">{}</script>')]
    assert [p.line for p in inert_scripts("post.md", lines, {})] == [1, 3]
    assert inert_scripts("post.md", lines, {"CSP_SOURCES": {"script-src": ["'unsafe-inline'"]}}) == []


def test_a_script_in_another_language_than_javascript_is_no_script_that_would_run():
    from writing.scripts import inert_scripts

    lines = [(1, '<script language="vbscript">MsgBox 1</script>'), (2, '<script language="javascript">x()</script>')]
    assert [p.line for p in inert_scripts("post.md", lines, {})] == [2]


def test_a_csp_fields_mistakes_are_named_at_its_line_once(tmp_path, caplog):
    """A later tester's: they showed only at publish, at line 1."""
    import logging

    content = copy_content(tmp_path)
    (content / "csp.md").write_text(
        post("Csp", "2024-01-02", "CSP: script-src bogus^^; frobnicate-src https://x.example\n")
    )
    found = [(p.line, p.severity) for p in check_site(settings_for(content)) if p.path.endswith("csp.md")]
    assert found == [(5, ERROR), (5, ERROR)]  # what it meant to allow is refused: the publish stops
    caplog.set_level(logging.WARNING)
    build_site(tmp_path / "output", PATH=str(content))
    told = [r.getMessage() for r in caplog.records if "CSP field" in r.getMessage()]
    assert len(told) == 2 and all("csp.md:5: " in message for message in told), told


def test_a_script_video_or_embed_of_a_missing_file_is_named_by_the_check(tmp_path):
    """A later tester's: the check passed, and the publish failed on 'missing asset', naming no file."""
    content = copy_content(tmp_path)
    body = (
        '<script src="{static}images/x.js"></script>\n\n<video src="{static}files/clip.mp4" '
        'poster="{static}images/still.png"></video>\n\n<object data="{static}files/doc.pdf"></object>\n\n'
        '<iframe src="https://video.example/embed/1" title="x"></iframe>'
    )
    (content / "media.md").write_text(post("Media", "2024-01-02", body=body))
    found = [(p.line, p.code) for p in check_site(settings_for(content)) if p.path.endswith("media.md")]
    assert [line for line, code in found if code == "link"] == [6, 8, 8, 10], found


def test_a_javascript_link_in_a_post_is_named_by_the_check_as_by_the_publish(tmp_path):
    """A later tester's: `invoke publish` stopped on it, `invoke check` said nothing."""
    content = copy_content(tmp_path)
    (content / "js.md").write_text(
        post("Js", "2024-01-02", body="[Click](javascript:alert(1)) and [mail](mailto:a@b.c)")
    )
    found = [(p.line, p.severity, p.message) for p in check_site(settings_for(content)) if p.path.endswith("js.md")]
    assert found == [(6, ERROR, "a javascript: link runs code (the site's policy blocks it): link to a page instead")]


def test_a_field_behind_an_invisible_character_is_named_as_such():
    """A later tester's: a zero-width space pasted before `Date:` asked for "a ':' after the field name"."""
    from writing.checks import check_metadata

    found = check_metadata("post.md", read_header("Title: T\n\u200bDate: 2024-01-01\nTags: a\n\nText.\n"))
    assert (2, ERROR) in [(p.line, p.severity) for p in found]
    assert any("starts with an invisible character (ZERO WIDTH SPACE)" in p.message for p in found)


@pytest.mark.parametrize("colon", ["\uff1a", "\ufe55", "\u2236", "\ua789"])
def test_a_field_with_a_colon_that_only_looks_like_one_is_named_as_such(colon):
    """A writer typing with a Japanese or Chinese input method writes `Title：`, which Pelican reads as text."""
    from writing.checks import check_metadata

    found = check_metadata("post.md", read_header(f"Title{colon}面接のあとで\nDate: 2024-01-01\n\nText.\n"))
    named = [p for p in found if p.line == 1 and p.severity == ERROR and "which Pelican does not read" in p.message]
    assert named and f"Title is followed by '{colon}'" in named[0].message, found


@pytest.mark.parametrize("indent", ["    ", "\t", "     "])
def test_an_indented_status_line_is_an_error_not_a_warning_about_the_field_above(tmp_path, indent):
    """An outside tester's: `    Status: draft` after Tags was a warning about Tags, and the publish showed the draft."""
    content = copy_content(tmp_path)
    (content / "secret.md").write_text(
        f"Title: Secret\nDate: 2024-08-04 09:00\nAuthor: Chris\nTags: nbsp\n{indent}Status: draft\n\nSecret text.\n"
    )
    found = [(p.line, p.severity, p.message) for p in check_site(settings_for(content)) if p.path.endswith("secret.md")]
    assert (5, ERROR) in [(line, severity) for line, severity, _ in found], found
    assert any("indented, so Pelican reads it as more of Tags" in message for _, _, message in found), found


def test_a_field_with_a_space_before_its_colon_is_named_as_such():
    """An outside tester's: `Title : x` was told to add a ':' after the field name, which it had."""
    from writing.checks import check_metadata

    found = check_metadata("post.md", read_header("Title : Space before colon\nDate: 2024-01-01\n\nText.\n"))
    assert (1, ERROR, "Title has a space before its ':', so Pelican reads it as text: write 'Title:'") in [
        (p.line, p.severity, p.message) for p in found
    ], found


def test_a_post_saved_with_an_ending_pelican_does_not_read_is_named_and_a_mkd_post_is_checked(tmp_path):
    """An outside tester's: `post.MD` and `post.txt` (Windows saves them so) vanished from the site without a word."""
    content = copy_content(tmp_path)
    text = post("Upper", "2024-01-02")
    for name in ("m4.MD", "m6.txt", "notes.docx", "pages/about.Markdown"):
        (content / name).parent.mkdir(exist_ok=True)
        (content / name).write_text(text)
    (content / "checked.mkd").write_text(post("Checked", "2024-13-02"))  # Pelican reads .mkd: so does the check
    (content / "extra").mkdir()
    (content / "extra" / "robots.txt").write_text("User-agent: *\n")  # a static file: published as it is
    settings = {**settings_for(content), "STATIC_PATHS": ["images", "files", "extra/robots.txt"]}
    found = {(p.path.split("content/")[-1], p.severity, p.message) for p in check_site(settings)}
    assert not any(path.startswith("extra/") for path, _, _ in found), found
    assert (
        "m4.MD",
        WARNING,
        "Pelican does not read a .MD file: this is not published (rename it m4.md, if it is a post)",
    ) in found
    assert (
        "m6.txt",
        WARNING,
        "Pelican does not read a .txt file: this is not published (rename it m6.md, if it is a post)",
    ) in found
    assert any(path == "notes.docx" and "save it as Markdown" in message for path, _, message in found)
    assert any(path == "pages/about.Markdown" for path, _, _ in found)
    assert any(path == "checked.mkd" and severity == ERROR for path, severity, _ in found), found


def test_links_the_publish_finds_broken_are_found_by_the_check_at_their_line(tmp_path):
    """An outside tester's: a link with spaces to a draft, a wiki-style link, a <picture>'s srcset passed the check,
    then stopped the publish (at line 1, or at the Image: line)."""
    content = copy_content(tmp_path)
    (content / "My Draft Post.md").write_text(post("Draft with spaces", "2024-01-03", "Status: draft\n"))
    body = (
        "[spaces]({filename}My Draft Post.md)\n\n"
        "[bad wiki]([[other post]])\n\n"
        '<picture><source srcset="images/Photo.JPG 2x, images/missing-small.jpg 1x"><img src="images/striking-out.svg" alt="x"></picture>\n'
    )
    (content / "links.md").write_text(post("Links", "2024-01-02", body=body))
    found = [(p.line, p.severity, p.message) for p in check_site(settings_for(content)) if p.path.endswith("links.md")]
    lines = {line for line, severity, _ in found if severity == ERROR}
    assert {6, 8, 10} <= lines, found
    assert any(line == 6 and "draft" in message for line, _, message in found), found
    assert sum(1 for line, _, message in found if line == 10) == 2, found  # each address of the srcset


def test_an_image_written_with_escapes_or_parentheses_is_found_and_one_named_with_a_hash_is_told_to_rename(tmp_path):
    """An outside tester's: `My%20Photo%20(final)%20v2.JPG` (copied from a browser) was cut at the bracket and said
    not to exist; `#1.png`, which exists, was said not to exist either (its name ends the address at '#')."""
    from PIL import Image

    content = copy_content(tmp_path)
    for name in ("My Photo (final) v2.JPG", "#1.png"):
        Image.new("RGB", (40, 30), (9, 9, 9)).save(content / "images" / name, format="PNG" if "#" in name else "JPEG")
        (content / "images" / f"{name}.credit").write_text("Creator: Ann\nSource: Pics\n")
    body = "![A photo](images/My%20Photo%20(final)%20v2.JPG)\n\n![Number one](images/#1.png)\n"
    (content / "photos.md").write_text(post("Photos", "2024-01-02", body=body))
    found = [(p.line, p.message) for p in check_site(settings_for(content)) if p.path.endswith("photos.md")]
    assert found == [
        (8, "image images/#1.png: its file name holds '#', where an address ends its path (the rest is not part of"
         " the name): rename the file without '#'")
    ], found  # fmt: skip
    output = build_site(tmp_path / "output", PATH=str(content))
    figure = page(output, "photos/").select(".post__body figure")[0]
    assert figure.img["width"] == "40" and "Ann" in figure.get_text()


@pytest.mark.parametrize(
    ("typed", "note"),
    [("chris", ""), ("CHRIS", ""), (unicodedata.normalize("NFD", "José Ñúñez"), " (they look the same")],
)
def test_an_author_written_otherwise_than_its_bio_is_a_warning_not_a_missing_bio(tmp_path, typed, note):
    """An outside tester's: `Author: chris` passed silently (the box showed "chris", the author page "Chris"), and
    a name pasted with separate accents was "no bio: did you mean" the very same-looking name, though the build
    found the bio (by the author's address)."""
    content = copy_content(tmp_path)
    (content / "authors" / "jose.md").write_text("Name: José Ñúñez\n\nWrites about careers.\n")
    bio = "José Ñúñez" if "J" in typed else "Chris"
    (content / "typed.md").write_text(post("Typed", "2024-01-02").replace("Author: Chris", f"Author: {typed}"))
    found = [(p.severity, p.message) for p in check_site(settings_for(content)) if p.path.endswith("typed.md")]
    assert len(found) == 1 and found[0][0] == WARNING, found
    assert found[0][1].startswith(f"Author {typed!r} is {bio!r} in its bio{note}"), found


def test_a_tag_written_otherwise_is_told_on_the_post_that_writes_it_so_not_on_the_others(tmp_path):
    """An outside tester's: a new post's `job  search` (two spaces) was reported on the post with `job search`."""
    content = copy_content(tmp_path)
    (content / "a-tag-space.md").write_text(
        post("Tag space", "2024-01-05").replace("Tags: offers", "Tags: job  search")
    )
    found = [(p.path, p.message) for p in check_site(settings_for(content)) if "shares its page" in p.message]
    assert len(found) == 1 and found[0][0].endswith("a-tag-space.md"), found
    assert "tag 'job  search' shares its page, /tag/job-search/, with tag 'job search' (" in found[0][1]


def test_a_script_in_a_bio_is_named_as_one_in_a_post_is(tmp_path):
    """An outside tester's: a bio's inline `<script>` was published with no word, where a post's is named."""
    content = copy_content(tmp_path)
    bio = content / "authors" / "chris.md"
    bio.write_text(bio.read_text(encoding="utf-8") + "\n<script>track()</script>\n", encoding="utf-8")
    (content / "s.md").write_text(post("S", "2024-01-02", body="<script>track()</script>"))
    found = {(p.path.rsplit("/", 1)[-1], p.message) for p in check_site(settings_for(content)) if "script" in p.message}
    in_post = {message for path, message in found if path == "s.md"}
    in_bio = {message for path, message in found if path == "chris.md"}
    assert in_post and in_bio == in_post, found


@pytest.mark.parametrize(
    "lines",
    [
        "Summary: x\n    Status: draft",  # under a Summary, which goes on: its text
        "Summary: x\n\tstatus: DRAFT",
        "Summary: x\n    more of it\n        Status: hidden",
        "\u0405tatus: draft",  # a Cyrillic Ѕ
        "St\u0430tus: draft",  # a Cyrillic а
        "Stauts: draft",  # misspelt
        "Summary: a\nmore text\nStatus: draft",  # a stray line ended the fields: the Status is text
        "Summary: a\n  more\nStatus: draft",
    ],
)
def test_every_status_line_pelican_would_not_read_is_an_error(lines):
    """A later tester's: these drafts were published, the check saying nothing or only warning."""
    from writing.checks import check_metadata

    found = check_metadata(
        "post.md", read_header(f"Title: T\nDate: 2024-01-01\nAuthor: Chris\nTags: a\n{lines}\n\nText.\n")
    )
    assert any(p.severity == ERROR and "would be published" in p.message for p in found), found


@pytest.mark.parametrize("name", ["v1.html", "v2.htm", "v3.rst"])
def test_a_post_written_in_html_or_restructuredtext_is_named_and_never_published(tmp_path, name):
    """A later tester's: Pelican read `.html` and `.rst` posts, which the check never checked: a misspelt draft
    status in one was published."""
    content = copy_content(tmp_path)
    html = (
        '<html><head><title>Html post</title><meta name="date" content="2024-01-02"><meta name="author" content="Chris">'
        '<meta name="tags" content="offers"><meta name="stauts" content="draft"></head><body>Hi</body></html>'
    )
    rst = "Rst post\n########\n\n:date: 2024-01-02\n:author: Chris\n:tags: offers\n:stauts: draft\n\nHi.\n"
    (content / name).write_text(html if "htm" in name else rst)
    found = [(p.severity, p.message) for p in check_site(settings_for(content)) if p.path.endswith(name)]
    assert found and found[0][0] == WARNING and "save it as Markdown" in found[0][1], found
    output = build_site(tmp_path / "output", PATH=str(content))
    assert not (output / "html-post").exists() and not (output / "rst-post").exists()
    assert "Html post" not in (output / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("space", ["\u00a0", "\u2009", "\u202f"])
def test_a_no_break_or_thin_space_before_the_colon_is_named(space):
    """A later tester's: `Summary\u00a0: hi` (French keyboards) was told to add a ':' after the field name."""
    from writing.checks import check_metadata

    found = check_metadata("post.md", read_header(f"Title: T\nDate: 2024-01-01\nSummary{space}: hi\n\nText.\n"))
    assert any("Summary has a space before its ':'" in p.message for p in found), found


def test_a_filename_link_written_with_percent_escapes_is_found_as_pelican_finds_it(tmp_path):
    """A later tester's: `{filename}other%20post.md` worked in the build, yet the check said it did not exist."""
    content = copy_content(tmp_path)
    (content / "other post.md").write_text(post("Other post", "2024-01-03"))
    (content / "links.md").write_text(post("Links", "2024-01-02", body="[a]({filename}other%20post.md)"))
    assert [p for p in check_site(settings_for(content)) if p.path.endswith("links.md")] == []


def test_a_note_where_it_shows_as_text_is_named(tmp_path):
    """A later tester's: `<!-- -->` in a caption or a credit file showed on the page as text."""
    content = copy_content(tmp_path)
    (content / "captioned.md").write_text(
        post("Captioned", "2024-01-02", "Image: images/striking-out.svg\nImage-Caption: Our office <!-- ask legal -->\n",
             body='![Alt](images/striking-out.svg "Figure")')
    )  # fmt: skip
    credit = content / "images" / "striking-out.svg.credit"
    credit.write_text(credit.read_text(encoding="utf-8") + "# a note of the credit file's own <!-- fine -->\n")
    credit.write_text(credit.read_text(encoding="utf-8").replace("Creator:", "Creator: <!-- verify --> ", 1))
    found = [
        (p.path.rsplit("/", 1)[-1], p.line, p.severity) for p in check_site(settings_for(content)) if p.code == "note"
    ]
    assert ("captioned.md", 6, ERROR) in found, found  # private words published: an error (the next tester's)
    assert [line for path, line, _ in found if path.endswith(".credit")] != [], found
    assert all(
        not (path.endswith(".credit") and line == len(credit.read_text().splitlines())) for path, line, _ in found
    )


@pytest.mark.parametrize(
    ("body", "said", "alt"),
    [
        ("![Our team <!-- ask legal --> at work](images/striking-out.svg)",
         (ERROR, "image images/striking-out.svg's alt text holds an HTML comment ('<!--'), which shows there as"
                   " text: only the post's text hides notes (move it there, or remove it)"),
         "Our team <!-- ask legal --> at work"),
        ('<img src="images/striking-out.svg" alt="Our team <!-- ask legal --> at work">',
         (ERROR, "the alt of this <img> holds an HTML comment ('<!--'), where the build ends the tag: the page breaks"
                 " there (its attribute never closes, the image is not shown): remove the comment"),
         ""),
    ],
)  # fmt: skip
def test_a_note_in_a_body_images_alt_text_is_named_as_it_shows_there(tmp_path, body, said, alt):
    """A later tester's: a note in an image's alt text was read out by screen readers (in an HTML tag, it broke
    the tag), and the check was silent."""
    content = copy_content(tmp_path)
    (content / "noted.md").write_text(post("Noted", "2024-01-02", body=body + "\n\nText <!-- a note --> here."))
    found = [(p.line, p.severity, p.message) for p in check_site(settings_for(content)) if p.path.endswith("noted.md")]
    assert found == [(6, *said)], found
    output = build_site(tmp_path / "out", PATH=str(content))
    assert page(output, "noted/").select_one(".post__body img").get("alt") == alt  # as the message says


@pytest.mark.parametrize(
    ("body", "line", "said"),
    [
        ("<img src=\"images/striking-out.svg\" alt='Offers > rejections'>", 6, "the alt of this <img> holds '>'"),
        ('<img src="images/striking-out.svg" alt="Offers > rejections">', 6, "the alt of this <img> holds '>'"),
        ('Text.\n\n<img src="images/striking-out.svg"\n     alt="A chart <!-- multi\n     line --> here">', 9,
         "the alt of this <img> holds an HTML comment ('<!--')"),
        ('<img src="images/striking-out.svg" alt="ok" title="T <!-- n3 --> t">', 6,
         "the title of this <img> holds an HTML comment"),
        ('<abbr title="a -> b">arrow</abbr>', 6, "the title of this <abbr> holds '>'"),
    ],
)  # fmt: skip
def test_a_greater_than_sign_inside_a_tags_attribute_is_named_where_the_build_breaks_the_page(
    tmp_path, body, line, said
):
    """An outside tester's: `alt='Offers > rejections'` passed every check, and typogrify, ending the tag at the `>`,
    curled the closing quote: the attribute never closed and swallowed the rest of the page."""
    content = copy_content(tmp_path)
    (content / "tagged.md").write_text(post("Tagged", "2024-01-02", body=body))
    found = [(p.line, p.severity, p.message) for p in check_site(settings_for(content)) if p.path.endswith("tagged.md")]
    assert [(number, severity) for number, severity, _ in found] == [(line, ERROR)], found
    assert found[0][2].startswith(said), found
    # Written as the message says, the page holds the tag whole.
    fixed = body.replace(" -> ", " -&gt; ").replace(" > ", " &gt; ")
    fixed = re.sub(r"<!--.*?-->", "", fixed, flags=re.DOTALL)
    (content / "tagged.md").write_text(post("Tagged", "2024-01-02", body=fixed))
    assert [p for p in check_site(settings_for(content)) if p.path.endswith("tagged.md")] == []
    output = build_site(tmp_path / "out", PATH=str(content))
    tag = page(output, "tagged/").select_one(".post__body img, .post__body abbr")
    assert tag is not None and "&#8217;" not in str(tag) and "\u2019" not in str(tag), tag


def test_an_address_no_parser_can_read_is_named_at_its_line_and_stops_no_command(tmp_path, monkeypatch):
    """An outside tester's: `[bad](http://[bad)` (or a menu item so written) made `invoke check` print a traceback,
    and the build stop with "Invalid IPv6 URL", naming nothing."""
    from tools.site.build import run_build

    content = copy_content(tmp_path)
    (content / "bad.md").write_text(
        post("Bad", "2024-01-02", "WordPress-URL: http://[bad/2014/x/\nSummary: See <http://[sum>.\n",
             body='[bad](http://[bad) and ![x](http://[bad/i.png)\n\n<script src="https://[z/x.js"></script>\n\n'
                  '[port](http://example.com:99999/) and <http://[auto>')
    )  # fmt: skip
    found = [(p.line, p.message) for p in check_site(settings_for(content)) if p.path.endswith("bad.md")]
    assert found == [
        (5, "WordPress-URL 'http://[bad/2014/x/' is not a valid address: no redirect"),
        (6, "link http://[sum is not a valid address (a bracket or a port out of place?)"),
        (8, "Image 'http://[bad/i.png' is not a valid address: write images/its-name"),
        (8, "link http://[bad is not a valid address (a bracket or a port out of place?)"),
        (10, "link https://[z/x.js is not a valid address (a bracket or a port out of place?)"),
        (12, "link http://example.com:99999/ is not a valid address (a bracket or a port out of place?)"),
        (12, "link http://[auto is not a valid address (a bracket or a port out of place?)"),
    ], found
    monkeypatch.chdir(tmp_path)
    menu = [("Bad", "http://[bad"), ("Port", "https://example.com:99999/")]
    handler, left_out = run_build(
        "publishconf.py",
        str(tmp_path / "out"),
        strict=True,
        PATH=str(content),
        COMMENTS_FORMSPREE_ID="x",
        MENUITEMS=menu,
    )
    assert handler.errors >= 9 and left_out == []  # listed, each with its line; the build went to its end, post in


def srcsets_said_and_built(tmp_path, content, title: str, body: str) -> tuple[list, list]:
    """A post of this body: what the check says of its srcsets, (line, severity, message), and its built images."""
    name = title.lower()
    (content / f"{name}.md").write_text(post(title, "2024-01-02", body=body))
    said = [
        (p.line, p.severity, p.message)
        for p in check_site(settings_for(content))
        if p.path.endswith(f"{name}.md") and "srcset" in p.message
    ]
    output = build_site(tmp_path / "out", PATH=str(content))
    return said, page(output, f"{name}/").select(".post__body img")


def test_a_srcset_the_writer_writes_is_left_out_of_a_local_image_and_named_elsewhere(tmp_path):
    """An outside tester's: `srcset="images/nothere.png 2x"` and `srcset="{static}images/x.svg 2x"` passed the check
    and the build, and reached the page as written, where the publish found them missing."""
    content = copy_content(tmp_path)
    body = (
        '<img src="images/striking-out.svg" srcset="images/nothere.png 2x" alt="a">\n\n'
        'Inline <img src="{static}images/striking-out.svg" srcset="{static}images/striking-out.svg 2x" alt="b">.\n\n'
        '<picture><source srcset="{static}images/striking-out.svg"><img src="images/striking-out.svg" alt="c">'
        "</picture>\n\n"
        '<img src="https://cdn.example.org/x.png" srcset="https://cdn.example.org/x2.png 2x" alt="d">\n'
    )
    said, images = srcsets_said_and_built(tmp_path, content, "Sets", body)
    assert [(line, severity) for line, severity, _ in said] == [(6, WARNING), (8, WARNING), (10, ERROR)], said
    assert said[0][2].startswith("this image's srcset is left out of the page") and said[1][2] == said[0][2]
    assert said[2][2].startswith("srcset address {static}images/striking-out.svg: the build resolves addresses")
    assert [image.get("srcset") for image in images[:2]] == [None, None]  # left out, as the check says
    assert images[-1]["srcset"] == "https://cdn.example.org/x2.png 2x"  # a remote image's: as written


def test_a_srcset_given_by_a_markdown_attribute_list_is_named_as_an_html_ones(tmp_path):
    """An outside tester's: `![a](images/x.svg){: srcset="..."}` lost its srcset with no word, and a relative
    srcset beside another site's image reached the page as written, where it leads nowhere: the check read
    srcset in HTML tags only."""
    content = copy_content(tmp_path)
    body = (
        '![A](images/striking-out.svg){: srcset="images/striking-out.svg 2x"}\n\n'
        "![B](https://cdn.example.org/b.png){: .wide srcset='b-2x.png 2x, https://cdn.example.org/b3.png 3x'}\n\n"
        "![C][c]{srcset=c-2x.png}\n\n"
        '![D](https://cdn.example.org/d.png){: srcset="https://cdn.example.org/d2.png 2x" }\n\n'
        "A [srcset](https://example.org/srcset) link, and ![E](https://cdn.example.org/e.png) with no list.\n\n"
        "[c]: https://cdn.example.org/c.png\n"
    )
    said, images = srcsets_said_and_built(tmp_path, content, "Listed", body)
    assert [(line, severity) for line, severity, _ in said] == [(6, WARNING), (8, ERROR), (10, ERROR)], said
    assert said[0][2].startswith("this image's srcset is left out of the page")
    assert said[1][2].startswith("srcset address b-2x.png: the build resolves addresses in src alone")
    assert said[2][2].startswith("srcset address c-2x.png:")
    assert images[0].get("srcset") is None  # left out, as the check says
    assert images[3]["srcset"] == "https://cdn.example.org/d2.png 2x"  # full addresses: as written


def test_an_attach_link_to_a_shared_file_is_named_and_an_attach_image_is_placed_as_any_other(tmp_path):
    """An outside tester's: `[x]({attach}images/striking-out.svg)` in a new post moved the image to that post's
    address, and the publish stopped on the other post, whose lead image it was (or on Pelican's own message, with
    no line, when another link had named it first); an image written so stays where it is."""
    content = copy_content(tmp_path)
    body = "[the picture]({attach}images/striking-out.svg)\n\n![A square]({attach}images/striking-out.svg)"
    (content / "attach.md").write_text(post("Attach", "2024-01-02", body=body))
    found = [(p.line, p.severity, p.message) for p in check_site(settings_for(content)) if p.path.endswith("attach.md")]
    assert [(line, severity, message) for line, severity, message in found if "move" in message] == [
        (6, ERROR, "{attach}images/striking-out.svg would move images/striking-out.svg out of images/, shared by every"
                   " post, to this post's address: write {static}images/striking-out.svg")
    ], found  # fmt: skip
    (content / "attach.md").write_text(
        post("Attach", "2024-01-02", body="![A square]({attach}images/striking-out.svg)")
    )
    assert [p for p in check_site(settings_for(content)) if p.path.endswith("attach.md") and "move" in p.message] == []
    output = build_site(tmp_path / "out", PATH=str(content))
    assert (output / "images" / "striking-out.svg").is_file()  # the lead image of the other post stays


@pytest.mark.parametrize(
    "body",
    [
        '<!-- <img src="images/striking-out.svg" alt="old > new"> -->',
        'Text <!-- a note that starts here\n<img alt="a > b">\n--> and ends.',
        'Code `<a\ntitle="x > y">` over two lines.',
        '- An item\n\n    ```\n    <b title="a > b">x</b>\n    ```',
        '> ```\n> <b title="a > b">x</b>\n> ```',
        'Use <code><span title="a > b">x</span></code> or <kbd><b title="c > d">k</b></kbd>.',
    ],
)
def test_a_tag_in_code_or_in_a_note_is_no_broken_tag(tmp_path, body):
    """A later tester's: tags in a note, in a code span over lines, in a fence inside a list or a quote, or in a
    <code> element were named as breaking the page, which came out whole (and stopped the publish)."""
    content = copy_content(tmp_path)
    (content / "coded.md").write_text(post("Coded", "2024-01-02", body=body))
    assert [p for p in check_site(settings_for(content)) if p.path.endswith("coded.md") and p.code == "tag"] == []


def test_a_greater_than_sign_in_a_summarys_a_titles_or_a_bios_tag_is_named_at_its_line(tmp_path):
    """A later tester's: in a Summary, a Title or a bio, such a tag broke the home page, the heading, the author box."""
    content = copy_content(tmp_path)
    (content / "summed.md").write_text(
        post('Pay <abbr title="pay > perks">OK</abbr>', "2024-01-02", 'Summary: With <abbr title="a > b">AB</abbr>.\n')
    )
    bio = next((content / "authors").glob("*.md"))
    bio.write_text(bio.read_text(encoding="utf-8") + '\nSee <abbr title="Georgia > Atlanta">GSU</abbr>.\n')
    found = [(Path(p.path).name, p.line) for p in check_site(settings_for(content)) if p.code == "tag"]
    bio_line = len(bio.read_text(encoding="utf-8").splitlines())
    assert sorted(found) == sorted([("summed.md", 1), ("summed.md", 5), (bio.name, bio_line)]), found


def test_a_tag_written_over_several_lines_is_checked_as_one(tmp_path):
    """A later tester's: `<img` then `src="images/nope.png">` on the next line passed the check, and the publish
    stopped on it ten times; an image with no credit so written was published with none."""
    content = copy_content(tmp_path)
    body = (
        '<img\n  src="images/nope.png">\n\nText <a\nhref="/2014/02/18/old-post/">old</a>.\n\n'
        '<picture><source\n  srcset="images/striking-out.svg"\n  media="(min-width: 800px)">'
        '<img src="images/striking-out.svg" alt="x"></picture>'
    )
    (content / "spread.md").write_text(post("Spread", "2024-01-02", body=body))
    found = [(p.line, p.message[:40]) for p in check_site(settings_for(content)) if p.path.endswith("spread.md")]
    assert [line for line, _ in found] == [6, 9, 12], found
    assert found[0][1].startswith("image images/nope.png does not exist")
    assert found[1][1].startswith("link to a page that does not exist")
    assert found[2][1].startswith("srcset address images/striking-out.svg")


@pytest.mark.parametrize("unit", ["<img ", "<a ", '<b x="a>b" ', "<code ", '<img alt="'])
def test_a_line_of_tags_left_open_costs_work_in_proportion_to_its_length(unit):
    """Found reading the change: `<img ` ten thousand times took the image reading 47 s, a tag's attributes 15 s
    (each open tag read the rest of the line). Ten times the line must cost about ten times the work, not a hundred."""
    import time

    from writing.checks import body_images, joined_tags
    from writing.tags import broken_tags

    def cost(repeats: int) -> float:
        line = unit * repeats + ">"
        best = float("inf")
        for _ in range(5):  # this process's CPU time, the best of five: other processes' load counts for nothing
            started = time.process_time()
            list(body_images([(1, line)], {}))
            joined_tags([(1, line), (2, "x")])
            broken_tags("p.md", line, 1, {})
            best = min(best, time.process_time() - started)
        return best

    assert cost(20_000) < 30 * max(cost(2_000), 1e-4)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"])
def test_a_pasted_line_separator_is_no_line_end_for_the_check_as_for_markdown(tmp_path, separator):
    """An outside tester's: a title holding U+2028 (text pasted from a web page) read as two lines, so its Date,
    Author and Tags were "missing" and the publish stopped; in the body, every problem after one was named a
    line too far. Markdown, Pelican, editors and grep count line feeds only."""
    content = copy_content(tmp_path)
    body = f"A paragraph{separator}pasted{separator}in.\n\nSee [this](/old-post/) and more."
    (content / "pasted.md").write_text(post(f"Pasted from the web{separator}continued", "2024-01-02", body=body))
    found = [(p.line, p.message) for p in check_site(settings_for(content)) if p.path.endswith("pasted.md")]
    assert [line for line, _ in found] == [8], found  # the link, on the file's eighth line
    assert "/old-post/" in found[0][1]


def test_a_tag_link_is_judged_by_the_page_pelican_links_not_by_the_spelling(tmp_path):
    """An outside tester's: `{tag}cafe` with the tag spelled `Café` was "a tag no published post has", and stopped
    the publish, though Pelican links the very page of Café (same slug)."""
    content = copy_content(tmp_path)
    (content / "cafe.md").write_text(post("Coffee", "2024-01-02").replace("Tags: offers", "Tags: Café, Salary Talk"))
    body = "[a]({tag}cafe), [b]({tag}CAFÉ), [c]({tag}salary-talk), [d]({tag}Salary  Talk) and [e]({tag}cafes#x)."
    body += " [f]({tag}cafe#top), [g]({tag}cafe?x=1)."  # the next tester's: Pelican keeps what follows the name
    (content / "links.md").write_text(post("Links", "2024-01-03", body=body))
    found = [(p.line, p.message) for p in check_site(settings_for(content)) if p.path.endswith("links.md")]
    assert found == [(6, "link to the tag 'cafes', which no published post has: did you mean {tag}Café?")], found


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("Para.\n\n<!-- a note\nover lines -->\n\nMore.", None),
        ("Text <!-- a note --> more.", None),
        ("Text <!-- a note\nstill --> more.", None),  # closed in its paragraph
        ("Write `<!--` to open a note.", None),
        ("```\n<!-- open\n```\n", None),
        ("Para.\n\n    <!-- in an indented code block\n\nMore.", None),
        ("<div>\n<!-- note -->\n</div>", None),
        ("Text <!-- a --!> b", None),
        ("Para.\n\n<!-- open for good\n\nMore.", 3),
        ("Text <!-- open\n\nMore --> here.", 1),  # closed in another paragraph: Markdown shows it
        ("<!-- a -->\n\nB <!-- c --> d\n\nE <!-- f", 5),
        # The next tester's: read with the site's extensions, as the build reads it (md_in_html).
        ('<details markdown="1">\n<summary>S</summary>\n\nText <!-- SECRET\n\n</details>', 4),
        # The last tester's: a note shown in code, or written escaped, is no note.
        ("An HTML note starts with `<!--`.\n\nYou will see &lt;!-- and the words.", None),
        ("Press <kbd><!--</kbd> to open one.", None),
        ("Escaped &lt;!-- here, and an open one <!-- here.", 1),
    ],
)
def test_a_note_left_open_is_named_where_it_opens_and_a_closed_one_never(body, line):
    from writing.notes import markdown_options, open_notes

    markdown_settings = markdown_options(read_settings(str(ROOT / "pelicanconf.py")))
    found = [p.line for p in open_notes("post.md", body, 1, markdown_settings)]
    assert found == ([line] if line else [])


def test_a_post_with_old_mac_line_ends_reads_as_pelican_reads_it(tmp_path):
    """The next tester's: a post saved with CR alone between its lines read as one line to the check (its Date,
    Tags and Author "missing", the publish stopped), which Pelican reads line by line."""
    content = copy_content(tmp_path)
    (content / "cr.md").write_bytes(
        b"Title: CR post\rDate: 2020-01-01 09:00\rAuthor: Chris\rTags: cr\r\rSee [x](/nope/).\r"
    )
    found = [(p.line, p.message) for p in check_site(settings_for(content)) if p.path.endswith("cr.md")]
    assert [line for line, _ in found] == [6] and "/nope/" in found[0][1], found


@pytest.mark.parametrize("slug", ["why%3F", "50%25-off"])
def test_a_slug_holding_a_percent_sign_is_left_out_as_one_holding_the_character_it_escapes(tmp_path, slug):
    """The next tester's: `Slug: why%3F` is served as /why?/ and `50%25-off` as /50%-off/: no link reached either."""
    content = copy_content(tmp_path)
    (content / "pct.md").write_text(post("Percent", "2024-01-02", f"Slug: {slug}\n"))
    found = [p.message for p in check_site(settings_for(content)) if p.path.endswith("pct.md") and p.code == "slug"]
    assert found and f"its address, /{slug}/, holds '%'" in found[0], found


def test_with_slugs_keeping_their_case_a_name_link_in_another_case_is_named(tmp_path):
    """The next tester's: with SLUGIFY_PRESERVE_CASE, `{author}chris` leads to /author/chris/, and the page is
    /author/Chris/; the check took the name in any case."""
    content = copy_content(tmp_path)
    (content / "links.md").write_text(post("Links", "2024-01-03", body="[a]({author}chris) and [b]({author}Chris)."))
    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(content), "SLUGIFY_PRESERVE_CASE": True}
    )
    found = [p.message for p in check_site(settings) if p.path.endswith("links.md")]
    assert found == ["link to the author 'chris', which no published post has: did you mean {author}Chris?"], found


def test_an_image_written_in_code_or_with_code_in_its_alt_is_no_note(tmp_path):
    """The last tester's: ``Write `![diagram <!-- todo -->](images/x.svg)`.`` and ``![The `<!--` marker](...)``."""
    content = copy_content(tmp_path)
    body = "Write `![diagram <!-- todo -->](images/striking-out.svg)`.\n\n![The `<!--` marker](images/striking-out.svg)"
    (content / "coded.md").write_text(post("Coded", "2024-01-02", body=body))
    assert [p for p in check_site(settings_for(content)) if p.path.endswith("coded.md") and p.code == "note"] == []


def test_a_note_left_open_in_a_bio_is_named(tmp_path):
    """The next tester's: a bio's open note showed on every post of its author, and on the author's page."""
    content = copy_content(tmp_path)
    bio = content / "authors" / "chris.md"
    bio.write_text(bio.read_text(encoding="utf-8") + "\nHe also writes. <!-- BIOSECRET his salary\n", encoding="utf-8")
    found = [(p.line, p.severity) for p in check_site(settings_for(content)) if p.code == "note"]
    assert found == [(len(bio.read_text(encoding="utf-8").splitlines()), ERROR)], found


def test_a_link_mark_in_any_attribute_pelican_replaces_is_judged(tmp_path):
    """The next tester's: `<form action="{hom}">` or `<blockquote cite="{filname}x.md">` passed the check, and the
    publish stopped on Pelican's own message, with no file or line."""
    content = copy_content(tmp_path)
    body = (
        '<form action="{hom}"><button>Go</button></form>\n\n'
        '<blockquote cite="{filname}x.md">Quoted.</blockquote>\n\n'
        '<meta name="x" content="plain words, no address"> <blockquote cite="https://example.com/q">Q.</blockquote>\n\n'
        '<blockquote cite="{filename}nothere.md">Gone.</blockquote>\n'
    )
    (content / "marks.md").write_text(post("Marks", "2024-01-02", body=body))
    found = [(p.line, p.message[:40]) for p in check_site(settings_for(content)) if p.path.endswith("marks.md")]
    assert found == [
        (6, "link {hom}: Pelican knows no {hom} and l"),
        (8, "link {filname}x.md: Pelican knows no {fi"),
        (12, "link to a post that does not exist: {fil"),
    ], found


def test_a_credit_file_with_old_mac_line_ends_or_a_byte_order_mark_reads_as_the_build_reads_it(tmp_path):
    """The last tester's: a credit file with CR line ends was "a credit needs at least a Creator or a Source" (the
    page showed the whole credit), and one with a byte-order mark before a `# <!-- -->` line a note shown."""
    content = copy_content(tmp_path)
    credit = content / "images" / "striking-out.svg.credit"
    fields = credit.read_text(encoding="utf-8").replace("\r\n", "\n").strip().split("\n")
    credit.write_bytes("\r".join(fields).encode("utf-8") + b"\r")
    assert [p for p in check_site(settings_for(content)) if p.path.endswith(".credit")] == []
    credit.write_bytes(b"\xef\xbb\xbf# Credit for it <!-- ask David -->\n" + "\n".join(fields).encode("utf-8") + b"\n")
    assert [p for p in check_site(settings_for(content)) if p.path.endswith(".credit")] == []
