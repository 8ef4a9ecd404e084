"""build_speed's guards: the Pelican internals it leans on, its version check, its off switch, its declared inputs."""

from __future__ import annotations

import logging
import os
import re
import shutil
import time

import pytest
from build_speed import inputs, internals, parallel, writer
from build_speed.internals import INTERNALS, WRITTEN_FOR, source_digest
from pelican import signals

from benchmarks.synthetic import generate
from tests.sitebuild import ROOT, build_site, connected, copy_content


def site_files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def site_folders(root):
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir()}


@pytest.mark.parametrize("name", sorted(INTERNALS))
def test_each_internal_it_leans_on_is_as_it_was_written_for(name):
    """Pelican's internals, and smartypants' (the shortcuts)."""
    try:
        found = source_digest(name)
    except (ImportError, AttributeError) as error:
        pytest.fail(f"{name} is gone ({error}): see what relies on it in build_speed/internals.py")
    assert found == INTERNALS[name], (
        f"{name} changed: review what relies on it (listed in build_speed/internals.py), "
        f"then record its new digest {found!r} there"
    )


def test_it_was_written_for_the_pelican_the_project_pins_and_runs():
    pins = dict(re.findall(r"^([\w-]+)==(\S+)", (ROOT / "requirements.txt").read_text(), re.MULTILINE))
    assert pins["pelican"] == WRITTEN_FOR == internals.running_pelican(), (
        "Pelican's pin changed: run this suite, review each internal it reports, then set WRITTEN_FOR"
    )


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic site of 12 posts with comments (the read-ahead and the comments' helper need a few files)."""
    return generate(tmp_path_factory.mktemp("synthetic"), 12, 3)


@pytest.fixture(scope="module")
def cold_without_build_speed(synthetic, tmp_path_factory):
    """The synthetic site built cold with every speed-up off: what every build of it must give."""
    return build_site(tmp_path_factory.mktemp("off") / "output", PATH=str(synthetic), BUILD_SPEED=False)


def test_on_another_pelican_it_says_so_once_and_builds_the_same_site_without_its_speed_ups(
    synthetic, tmp_path, monkeypatch, caplog
):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    fast = build_site(tmp_path / "fast", PATH=str(synthetic), BUILD_SPEED_READ_AHEAD_MIN_FILES=1)
    assert any("converting Markdown in a second process" in r.getMessage() for r in caplog.records)
    caplog.clear()
    monkeypatch.setattr(internals, "running_pelican", lambda: "4.99.0")
    monkeypatch.setattr(internals, "_said", set())
    for attempt in ("first", "second"):
        other = build_site(tmp_path / attempt, PATH=str(synthetic), BUILD_SPEED_READ_AHEAD_MIN_FILES=1)
        assert site_files(other) == site_files(fast)
    said = [r for r in caplog.records if "was written for Pelican" in r.getMessage()]
    assert len(said) == 1 and "this is Pelican 4.99.0" in said[0].getMessage() and said[0].levelno == logging.WARNING
    assert not any("second process" in r.getMessage() for r in caplog.records)


def logging_in_the_second_process(monkeypatch, parent: int) -> None:
    """Every page the forked rendering process renders logs a warning naming it."""
    render = parallel.render

    def render_and_say(page):
        if os.getpid() != parent:
            logging.getLogger("build_speed.test").warning("rendered apart: %s", page.path)
        render(page)

    monkeypatch.setattr(parallel, "render", render_and_say)


@pytest.mark.parametrize("cache", [False, True], ids=["cold", "with a cache"])
def test_with_build_speed_off_the_site_is_the_same(
    synthetic, cold_without_build_speed, tmp_path, cache, *, caplog, monkeypatch
):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    cached = {"CACHE_CONTENT": cache, "LOAD_CONTENT_CACHE": cache}
    logging_in_the_second_process(monkeypatch, os.getpid())
    on = build_site(
        tmp_path / "on",
        PATH=str(synthetic),
        CACHE_PATH=str(tmp_path / "on-cache"),
        BUILD_SPEED_PARALLEL_MIN_PAGES=1,  # the cold build renders half its pages in a forked process
        BUILD_SPEED_RELATED_MIN_POSTS=1,  # the related posts ranked in a second process
        **cached,
    )
    assert any("related posts of 12 posts in a second process" in r.getMessage() for r in caplog.records)
    apart = [r.getMessage() for r in caplog.records if r.name == "build_speed.test"]
    if cache:  # incremental rendering renders as Pelican does
        assert not apart
    else:  # the second process's records reach the build's handlers, each page once
        assert len(apart) > 20 and len(set(apart)) == len(apart)
        assert all(message.startswith(f"rendered apart: {tmp_path / 'on'}") for message in apart)
    caplog.clear()
    if cache:
        off = build_site(
            tmp_path / "off", PATH=str(synthetic), CACHE_PATH=str(tmp_path / "off-cache"), BUILD_SPEED=False, **cached
        )
        assert not any("page(s) rendered" in r.getMessage() for r in caplog.records)  # no speed-up ran
    else:
        off = cold_without_build_speed
    assert site_files(off) == site_files(on)
    assert site_folders(off) == site_folders(on)  # the noted pages' folders made when they are rendered


def test_when_the_second_rendering_process_fails_the_build_renders_its_pages_itself(
    synthetic, cold_without_build_speed, tmp_path, monkeypatch
):
    parent, render = os.getpid(), parallel.render

    def render_or_fail(page):
        if os.getpid() != parent:
            raise RuntimeError("a second process that fails")
        render(page)

    monkeypatch.setattr(parallel, "render", render_or_fail)
    apart = build_site(tmp_path / "apart", PATH=str(synthetic), BUILD_SPEED_PARALLEL_MIN_PAGES=1)
    assert site_files(apart) == site_files(cold_without_build_speed)
    assert site_folders(apart) == site_folders(cold_without_build_speed)


def test_only_the_folder_of_the_page_just_noted_or_kept_is_left_alone(tmp_path):
    class Writer:
        _noting = None
        _kept_folder = None

    stand_in = writer.FoldersWhenRendered(Writer())
    stand_in.makedirs(str(tmp_path / "a feed" / "folder"), exist_ok=True)  # no page noted or kept: made now
    Writer._noting = parallel.Noted(None, {}, {})
    stand_in.makedirs(str(tmp_path / "a noted page"), exist_ok=True)  # made when it is rendered
    Writer._noting, Writer._kept_folder = None, str(tmp_path / "a kept page")
    stand_in.makedirs(str(tmp_path / "a kept page"), exist_ok=True)  # there already, as its file is
    stand_in.makedirs(str(tmp_path / "another page"), exist_ok=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a feed", "another page"]
    assert stand_in.path is os.path and stand_in.sep == os.sep  # everything else is os itself


def test_every_template_function_and_feed_receiver_of_a_build_is_declared(tmp_path):
    seen = {}

    def look(generator):
        seen["functions"] = inputs.undeclared_template_functions(generator.env, generator.settings)
        seen["feeds"] = [name for name in inputs.feed_receivers() if name not in inputs.FEED_RECEIVERS]

    signals.article_generator_finalized.connect(look)
    try:
        build_site(tmp_path / "out", PATH=str(copy_content(tmp_path)))
    finally:
        signals.article_generator_finalized.disconnect(look)
    assert seen["functions"] == [], (
        "a plugin adds template functions build_speed does not know: declare each in build_speed/inputs.py "
        "(docs/performance.md, Adding an input), or incremental builds render every page"
    )
    assert seen["feeds"] == [], "declare each feed receiver in build_speed/inputs.py (docs/performance.md)"


def test_an_undeclared_template_function_makes_every_page_render_and_is_named_once(synthetic, tmp_path, caplog):
    def add_filter(generator):
        generator.env.filters["reads_a_file"] = lambda value: value

    caplog.set_level(logging.DEBUG, logger="build_speed")
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    build_site(tmp_path / "out", PATH=str(synthetic), **cached)
    signals.generator_init.connect(add_filter)
    try:
        caplog.clear()
        build_site(tmp_path / "out", PATH=str(synthetic), **cached)
        build_site(tmp_path / "out", PATH=str(synthetic), **cached)
    finally:
        signals.generator_init.disconnect(add_filter)
    warned = [r for r in caplog.records if "'reads_a_file' is not declared" in r.getMessage()]
    assert len(warned) == 1
    counts = [r.getMessage() for r in caplog.records if "page(s) rendered" in r.getMessage()]
    assert counts and all(message.startswith("build_speed: 0 page(s) rendered") is False for message in counts)


def test_the_related_posts_of_the_last_build_come_back_only_for_the_same_posts_and_code(tmp_path):
    from build_speed.remembered import Remembered
    from related_posts.ranking import Post, related

    calls = []

    def ranking(posts, **options):
        calls.append(len(posts))
        return related(posts, **options)

    posts = [Post(f"p{n}", float(n), frozenset({"a", f"t{n % 3}"}), (("word", n),)) for n in range(12)]
    path = tmp_path / "related.pickle"
    first = Remembered(ranking, path, code="v1")(posts, most=3)
    assert Remembered(ranking, path, code="v1")(list(posts), most=3) == first and calls == [12]
    Remembered(ranking, path, code="v2")(posts, most=3)  # other code: ranked anew
    Remembered(ranking, path, code="v2")(posts[:-1], most=3)  # other posts
    Remembered(ranking, path, code="v2")(posts[:-1], most=4)  # other settings
    assert calls == [12, 12, 11, 11]
    path.write_bytes(b"damaged")
    assert Remembered(ranking, path, code="v2")(posts, most=3) == first and calls[-1] == 12


def test_the_related_posts_are_remembered_across_processes(tmp_path):
    """Sets of strings come out in another order in another process: the digest sorts them."""
    import subprocess
    import sys

    script = (
        "import sys; sys.path[:0] = ['plugins']\n"
        "from build_speed.remembered import arguments_digest\n"
        "from related_posts.ranking import Post\n"
        "posts = [Post(f'p{n}', 1.0, frozenset(f'tag {m}' for m in range(n)), ()) for n in range(20)]\n"
        "print(arguments_digest('code', (posts,), {'most': 5}))\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            check=True,
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1 and len(next(iter(digests)).strip()) == 64


def test_with_build_speed_off_the_related_posts_are_ranked_directly():
    import related_posts
    from build_speed.related_ahead import RankedElsewhere, install
    from build_speed.remembered import Remembered

    install({"CACHE_PATH": "cache"}, on=True, min_posts=None)
    assert isinstance(related_posts.rank, RankedElsewhere) and isinstance(related_posts.rank.memo, Remembered)
    install({"CACHE_PATH": "cache"}, on=False, min_posts=500)
    assert isinstance(related_posts.rank, RankedElsewhere) and related_posts.rank.memo is None
    install({"CACHE_PATH": "cache"}, on=False, min_posts=None)
    assert related_posts.rank is related_posts.related


def write_post(content, name: str, title: str, date: str, body: str = "Text.") -> None:
    (content / name).write_text(
        f"Title: {title}\nDate: {date}\nAuthor: Chris\nTags: career\nSummary: A post.\n\n{body}\n", encoding="utf-8"
    )


def test_the_content_check_of_the_last_build_comes_back_only_while_its_files_and_the_clock_allow(tmp_path, monkeypatch):
    """Any file of the content folder but the comment store, the reading key or the clock make it check anew."""
    from datetime import UTC, datetime, timedelta

    import comments  # noqa: F401  (a build loads it: its store is what the check leaves out)
    import writing
    from build_speed.remembered import RememberedCheck
    from pelican.settings import read_settings

    content = copy_content(tmp_path)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    calls, holds = [], {"until": None}

    def checking(settings):
        calls.append(1)
        return writing.Checked(writing.check_site(settings), holds["until"])

    path, key = tmp_path / "check.pickle", {"reading": "v1"}

    def check():
        return RememberedCheck(checking, path, lambda: key["reading"])(settings)

    first = check()
    assert check() == first and len(calls) == 1
    (content / "comments").mkdir(exist_ok=True)
    (content / "comments" / "new.json").write_text("{}", encoding="utf-8")  # the comment store: which files exist
    assert check() == first and len(calls) == 2
    (content / "comments" / "new.json").write_text('{"a": 1}', encoding="utf-8")  # not what they hold
    assert check() == first and len(calls) == 2
    write_post(content, "broken.md", "Broken", "2024-01-02", "A [link]({filename}missing.md).")
    assert [p.code for p in check().problems] == ["link"] and len(calls) == 3  # a new post
    (content / "images" / "striking-out.svg.credit").write_text("Image Credit: Someone Else\n", encoding="utf-8")
    assert "credit-file" in [p.code for p in check().problems] and len(calls) == 4  # a credit file
    key["reading"] = "v2"
    check()
    assert len(calls) == 5  # other settings or plugin code
    holds["until"] = datetime.now(UTC) - timedelta(seconds=1)
    (content / "broken.md").unlink()
    check()
    check()
    assert len(calls) == 7  # its answer held until a moment now past: checked every time
    holds["until"] = datetime.now(UTC) + timedelta(hours=1)
    kept = check()
    assert check() == kept and kept.holds_until == holds["until"] and len(calls) == 8
    path.write_bytes(b"damaged")
    assert check() == kept and len(calls) == 9
    import build_speed.remembered

    class SetBack(datetime):  # the clock set back (by hand, by a VM's restore) to before the answer was found
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) - timedelta(days=1)

    monkeypatch.setattr(build_speed.remembered, "datetime", SetBack)
    check()
    assert len(calls) == 10


def test_the_content_check_says_until_when_its_answer_holds(tmp_path):
    """A scheduled post holds it until its date; a file without a date in a dated URL, not at all."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from pelican.settings import read_settings
    from writing import checked_site

    content = copy_content(tmp_path)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    assert checked_site(settings).holds_until is None
    zone = ZoneInfo(settings["TIMEZONE"])
    soon, later = (datetime.now(zone) + timedelta(days=days) for days in (3, 9))
    write_post(content, "later.md", "Later", f"{later:%Y-%m-%d %H:%M}")
    write_post(content, "soon.md", "Soon", f"{soon:%Y-%m-%d %H:%M}")
    assert checked_site(settings).holds_until == soon.replace(second=0, microsecond=0)
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text("Title: About\n\nAbout us.\n", encoding="utf-8")
    now = datetime.now(zone)
    dated = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(content), "PAGE_URL": "{date:%Y}/{slug}/"}
    )
    assert checked_site(dated, now=now).holds_until == now


def test_builds_with_a_cache_report_the_content_check_of_the_last_build_the_same_way(tmp_path, caplog):
    content = copy_content(tmp_path)
    write_post(content, "broken.md", "Broken", "2024-01-02", "A [link]({filename}missing.md).")
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}

    def reported():
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            build_site(tmp_path / "output", PATH=str(content), **cached)
        return sorted(r.getMessage() for r in caplog.records if "broken.md" in r.getMessage())

    first = reported()
    assert first and any("missing.md" in message for message in first)
    assert (tmp_path / "cache" / "build_speed-check.pickle").is_file()
    assert reported() == first  # from the kept answer
    write_post(content, "broken.md", "Broken", "2024-01-02", "Fixed.")
    assert reported() == []


def test_a_build_that_read_nothing_anew_and_kept_every_page_leaves_the_cache_files_as_they_were(tmp_path):
    import json
    import pickle

    content = copy_content(tmp_path)
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    build_site(tmp_path / "output", PATH=str(content), **cached)
    build_site(tmp_path / "output", PATH=str(content), **cached)  # the page table's first keep-everything build
    saved, table = tmp_path / "cache" / "ArticlesGenerator", tmp_path / "cache" / "build_speed-pages.json"
    stamps = {}
    for path in (saved, table):
        stamps[path] = path.stat().st_mtime_ns - 10**9
        os.utime(path, ns=(stamps[path], stamps[path]))  # a second back: a rewrite could not go unseen
    build_site(tmp_path / "output", PATH=str(content), **cached)
    assert {path: path.stat().st_mtime_ns for path in stamps} == stamps  # nothing read, every page kept
    write_post(content, "new.md", "New", "2024-01-02")
    build_site(tmp_path / "output", PATH=str(content), **cached)
    assert any(name.endswith("new.md") for name in pickle.loads(saved.read_bytes()))
    assert "new/index.html" in json.loads(table.read_text())["pages"]
    assert (tmp_path / "output" / "new" / "index.html").is_file()


def test_the_content_check_with_its_last_findings_finds_what_a_fresh_check_finds_after_each_edit(tmp_path):
    """The warm process's memo, file by file (writing.CheckMemo), across edits of every kind a check reads."""
    import comments  # noqa: F401  (a build loads it: its store is what the check leaves out)
    from build_speed.site import file_stamps
    from pelican.settings import read_settings
    from writing import CheckMemo, checked_site

    content = copy_content(tmp_path)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    memo, moment = CheckMemo(context="the settings and code"), [1_700_000_000]

    def touched(path):  # each edit gets a new modification time, as an editor's save a moment later would
        moment[0] += 1
        os.utime(path, (moment[0], moment[0]))

    def edit(name, text):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
        touched(content / name)

    post = "Title: {}\nDate: 2024-01-0{}\nAuthor: Chris\nTags: career\nSummary: A post.\n\n{}\n"
    edits = [
        ("a post added", lambda: edit("one.md", post.format("One", 2, "A [link]({filename}two.md)."))),
        ("the post it links to added", lambda: edit("two.md", post.format("Two", 3, "Text."))),
        ("a body edited", lambda: edit("two.md", post.format("Two", 3, "![An image](/images/none.png)"))),
        ("the image it shows added", lambda: edit("images/none.png", "not really a png")),
        ("a title edited into a duplicate address", lambda: edit("one.md", post.format("Two", 2, "Text."))),
        ("a body edited, the duplicate kept", lambda: edit("one.md", post.format("Two", 2, "Other text."))),
        (
            "a tag edited, the duplicate kept",
            lambda: edit("one.md", post.format("Two", 2, "Text.").replace("career", "X")),
        ),
        (
            "a draft",
            lambda: edit("two.md", post.format("Two", 3, "Status: draft\n\nText.").replace("\n\nStatus", "\nStatus")),
        ),
        ("an author without a bio", lambda: edit("one.md", post.format("One", 2, "Text.").replace("Chris", "Ann"))),
        ("her bio added", lambda: edit("authors/ann.md", "Title: Ann\n\nAnn writes.\n")),
        ("a credit file edited", lambda: edit("images/striking-out.svg.credit", "Nonsense: x\n")),
        ("a post removed", (content / "two.md").unlink),
        (
            "a scheduled post",
            lambda: edit("three.md", post.format("Three", 4, "Text.").replace("2024-01-04", "2999-01-01")),
        ),
    ]
    for what, change in [("as it is", lambda: None), *edits]:
        change()
        memo.stamps = file_stamps(content, {content / "comments"})
        fresh = checked_site(settings)
        assert checked_site(settings, memo=memo) == fresh, what
        assert checked_site(settings, memo=memo) == fresh, f"{what}, checked again"


def test_the_content_checks_memo_sees_the_clock_pass_a_scheduled_posts_date(tmp_path):
    """The site-wide part of a kept check (the site map, addresses shared) holds only until a scheduled post goes out."""
    from datetime import UTC, datetime, timedelta

    import comments  # noqa: F401  (a build loads it: its store is what the check leaves out)
    from build_speed.site import file_stamps
    from pelican.settings import read_settings
    from writing import CheckMemo, checked_site

    content = copy_content(tmp_path)
    write_post(content, "later.md", "Later", "2030-06-01", "Out in June.")
    write_post(content, "links.md", "Links", "2024-01-02", "See [later]({filename}later.md).")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    memo = CheckMemo(context="the settings and code", stamps=file_stamps(content, {content / "comments"}))
    before, after = (datetime(2030, 6, 1, tzinfo=UTC) + timedelta(days=d) for d in (-1, 1))
    for now in (before, before, after, after, before):
        fresh = checked_site(settings, now=now)
        assert checked_site(settings, now=now, memo=memo) == fresh, now
    scheduled = [p for p in checked_site(settings, now=before).problems if p.path.endswith("later.md")]
    assert scheduled and not [p for p in checked_site(settings, now=after).problems if p.path.endswith("later.md")]


def test_a_post_left_out_by_the_check_gives_its_tags_no_page_before_or_after_its_date(tmp_path):
    """Found by an outside tester: a scheduled post at another's address, its tag linked from a third post."""
    from datetime import UTC, datetime, timedelta

    import comments  # noqa: F401  (a build loads it: its store is what the check leaves out)
    from build_speed.site import file_stamps
    from pelican.settings import read_settings
    from writing import CheckMemo, checked_site

    content = copy_content(tmp_path)
    write_post(content, "first.md", "First", "2024-01-02")
    (content / "sched.md").write_text(
        "Title: Sched\nSlug: first\nDate: 2030-06-01\nAuthor: Chris\nTags: brandnewtag\n\nText.\n", encoding="utf-8"
    )
    write_post(content, "linker.md", "Linker", "2024-01-03", "See [the tag]({tag}brandnewtag).")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    memo = CheckMemo(context="the settings and code", stamps=file_stamps(content, {content / "comments"}))
    before, after = (datetime(2030, 6, 1, tzinfo=UTC) + timedelta(days=d) for d in (-1, 1))
    for now in (before, after):
        fresh = checked_site(settings, now=now)
        assert checked_site(settings, now=now, memo=memo) == fresh, now
        linker = [p.message for p in fresh.problems if p.path.endswith("linker.md")]
        assert any("brandnewtag" in message for message in linker), (now, linker)  # no page: the post is left out
        assert any(p.path.endswith("sched.md") and p.code == "slug" for p in fresh.problems)


@pytest.mark.parametrize("with_find", [True, False], ids=["listed by find", "listed here"])
def test_the_comment_stores_listing_changes_with_any_file_and_only_then(tmp_path, monkeypatch, with_find):
    import shutil as shell

    from build_speed.comments_ahead import StoreScan
    from comments.prepare import Job

    if not with_find:
        monkeypatch.setattr(shell, "which", lambda _name: None)
    elif shell.which("find") is None:
        pytest.fail("GNU find is part of the machine this project builds on (findutils)")
    store = tmp_path / "comments"
    (store / "a-post").mkdir(parents=True)
    comment = store / "a-post" / "1.md"
    comment.write_text("Author: Ann\n\nHello.\n", encoding="utf-8")
    job = Job(store=store, cache_folder=tmp_path / "cache", load_cache=True, show_pingbacks=False, max_depth=5)

    def digest():
        return StoreScan(job).digest()

    first = digest()
    assert first.startswith("find " if with_find else "here ") and digest() == first
    os.utime(comment, ns=(10**18, 10**18))  # the same size, another time: edited
    edited = digest()
    assert edited != first
    (store / "a-post" / "2.md").write_text("Author: Bo\n\nHi.\n", encoding="utf-8")
    added = digest()
    assert added not in (first, edited)
    (store / "a-post" / "2.md").unlink()
    assert digest() != added  # (its folder's time counts too, for find)
    shell.rmtree(store)
    assert digest().startswith("here ")  # no store: find fails, listed here (nothing)


def test_the_content_checks_kept_answer_sees_files_behind_links_to_folders_and_with_any_name(tmp_path):
    """Found by an outside tester: an image added behind a linked folder, a post named `.x.md`."""
    import comments  # noqa: F401  (a build loads it: its store is what the check leaves out)
    import writing
    from build_speed.remembered import RememberedCheck
    from pelican.settings import read_settings

    content = copy_content(tmp_path)
    (content / "images").rename(tmp_path / "real-images")
    (content / "images").symlink_to(tmp_path / "real-images", target_is_directory=True)
    (tmp_path / "real-images" / "loop").symlink_to(content, target_is_directory=True)  # a loop of links ends
    write_post(content, "shows.md", "Shows", "2024-01-02", "![An image]({static}images/other.svg)")
    write_post(content, ".dotted.md", "Dotted", "2024-01-03", "Text.")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})

    def check():
        return [
            str(p) for p in RememberedCheck(writing.checked_site, tmp_path / "check.pickle", str)(settings).problems
        ]

    assert any("other.svg" in p and "does not exist" in p for p in check())
    shutil.copy(tmp_path / "real-images" / "striking-out.svg", tmp_path / "real-images" / "other.svg")
    assert check() == [str(p) for p in writing.check_site(settings)] and not any("does not exist" in p for p in check())
    (content / ".dotted.md").write_text((content / ".dotted.md").read_text().replace("Chris", "Chrys"))
    assert any(".dotted.md" in p and "Chrys" in p for p in check())


def test_a_page_pelicans_rules_refuse_to_write_is_neither_rendered_nor_listed(tmp_path):
    """Two tag pages on one file (a tag whose name makes no slug): Pelican writes one, and the sitemap lists it once."""
    content = copy_content(tmp_path)
    (content / "bangs.md").write_text(
        "Title: Bangs\nDate: 2020-01-01\nAuthor: Chris\nTags: 🚀, jobs\nSummary: s\n\nBody.\n", encoding="utf-8"
    )
    sites = [
        build_site(tmp_path / name, PATH=str(content), TAGS_SAVE_AS="tag/index.html", **speed)
        for name, speed in (("on", {"BUILD_SPEED_PARALLEL_MIN_PAGES": 1}), ("off", {"BUILD_SPEED": False}))
    ]
    sitemap = (sites[0] / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("tag/</loc>") == 1, sitemap
    assert site_files(sites[0]) == site_files(sites[1])


def test_a_file_written_twice_ends_as_pelicans_last_write_left_it(tmp_path, monkeypatch):
    """A plugin overriding a page: the two writes never race between the two rendering processes."""
    parent = os.getpid()

    class Template:
        def __init__(self, text, slow_here=False):
            self.text, self.slow_here = text, slow_here

        def render(self, _localcontext):
            if self.slow_here and os.getpid() == parent:
                time.sleep(0.3)  # without the rule, this first write would land after the second
            return self.text

    def noted(text, path, **options):
        return parallel.Noted(Template(text, **options), {"localsiteurl": None}, {}, str(path), True)

    twice = tmp_path / "race" / "x.html"
    pages = [noted("ORIGINAL", twice, slow_here=True), noted("OVERRIDE", twice)]
    pages += [noted(f"page {n}", tmp_path / f"p{n}" / "index.html") for n in range(4)]
    monkeypatch.setattr(parallel, "free_cores", lambda: 2)
    parallel.render_all(pages, 1)
    assert twice.read_text() == "OVERRIDE"
    assert [(tmp_path / f"p{n}" / "index.html").read_text() for n in range(4)] == [f"page {n}" for n in range(4)]


def test_a_build_that_stops_half_way_leaves_nothing_of_its_own_behind(tmp_path, synthetic, monkeypatch):
    import smartypants
    from build_speed.smartypants_shortcuts import LIBRARY

    from tools import Stop
    from tools.site.build import run_build

    def boom(generator, content=None):
        raise RuntimeError("a plugin fails while the pages are noted")

    monkeypatch.setattr(parallel, "free_cores", lambda: 2)
    with connected(signals.article_generator_write_article, boom), pytest.raises(Stop, match="The build stopped"):
        run_build(str(ROOT / "pelicanconf.py"), str(tmp_path / "out"), PATH=str(synthetic),
                  BUILD_SPEED_PARALLEL_MIN_PAGES=1, CACHE_PATH=str(tmp_path / "cache"))  # fmt: skip
    assert not parallel.window.noting and not signals.content_written.is_muted
    assert all(getattr(smartypants, name) is function for name, function in LIBRARY.items())
    import pelican.writers

    assert pelican.writers.os is os


def test_every_library_the_plugins_import_is_part_of_the_reading_key():
    """An outside tester's: markdown-it-py (the comments' Markdown) was not, so kept comments outlived its upgrade."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    from build_speed.site import LIBRARIES

    def normal(name: str) -> str:
        return name.lower().replace("_", "-")

    distributions = packages_distributions()
    ours = {path.name for path in (ROOT / "plugins").iterdir() if path.is_dir()}
    imported = set()
    for source in (ROOT / "plugins").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    third_party = {
        normal(dist) for name in imported - ours - set(sys.stdlib_module_names) for dist in distributions.get(name, [])
    }
    assert third_party, "the plugins import libraries"
    missing = sorted(third_party - {normal(name) for name in LIBRARIES})
    assert not missing, f"add {missing} to build_speed.site.LIBRARIES (their versions decide what a build makes)"
