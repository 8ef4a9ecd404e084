"""Markdown converted in a second process (build_speed.read_ahead): the same site, or a fallback."""

import functools
import logging
import os
import pickle
import re
import shutil

import markdown
import pytest
import typogrify.filters
from build_speed import processes, read_ahead
from build_speed.read_ahead import helper as helping
from build_speed.read_ahead import typography
from build_speed.read_ahead.frames import complete_frames, frame
from build_speed.read_ahead.helper import ReadAhead, helper_config
from build_speed.read_ahead.reader import ReadAheadMarkdownReader
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from tests.sitebuild import ROOT, build_site, copy_content

POSTS = {
    "plain.md": "Title: A plain post\nDate: 2024-03-01\nAuthor: Chris\nTags: interviews, resumes\n\n"
    '## A heading\n\n"Quotes" -- and dashes --- and *emphasis*...\n\n> A quote.\n\n- a\n- list\n',
    "summary.md": 'Title: Summed up\nDate: 2024-03-02\nSummary: A *formatted* "summary" -- typogrified.\n\n'
    "Text with a [link](https://example.com/) and `code`.\n",
    "twice.md": "Title: First title\nTitle: Second title\nDate: 2024-03-03\n\nA title given twice.\n",
    "slugs.md": "Title: Two slugs\nSlug: first-slug\nSlug: second-slug\nDate: 2024-03-03\n\nThe reader warns.\n",
    "empty.md": "Title: Nothing inside\nDate: 2024-03-04\n\n",
    "broken.md": b"Title: Not UTF-8\nDate: 2024-03-05\n\ncaf\xe9\n",
    "pages/about.md": "Title: About us\n\nA page, read after the articles.\n",
}


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    """The fixture content with posts that exercise each part of reading: metadata, summary, errors, a page."""
    content = copy_content(tmp_path_factory.mktemp("read-ahead"))
    for name, text in POSTS.items():
        (content / name).parent.mkdir(exist_ok=True)
        if isinstance(text, bytes):
            (content / name).write_bytes(text)
        else:
            (content / name).write_text(text, encoding="utf-8")
    return content


@pytest.fixture
def helper_does_everything(monkeypatch):
    """Every Markdown file goes to the helper, and the build waits for all of them before reading."""
    monkeypatch.setattr(read_ahead, "free_cores", lambda: 2)  # as on the standard 2-core machine
    monkeypatch.setattr(helping, "QUEUE_DEPTH", 10_000)
    plan = ReadAhead.plan

    def plan_and_settle(self, paths):
        plan(self, paths)
        self.settle()

    monkeypatch.setattr(ReadAhead, "plan", plan_and_settle)


def site_files(site):
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def converted_count(caplog) -> int:
    counts = [re.search(r"(\d+) file\(s\) converted", r.getMessage()) for r in caplog.records]
    return sum(int(match[1]) for match in counts if match)


def problems(caplog) -> list[str]:
    return sorted(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)


def test_a_site_read_with_the_helper_is_byte_for_byte_the_same(content, tmp_path, helper_does_everything, caplog):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    alone = build_site(tmp_path / "alone", PATH=str(content), BUILD_SPEED_READ_AHEAD_MIN_FILES=None)
    warned_alone = problems(caplog)
    assert converted_count(caplog) == 0
    caplog.clear()
    helped = build_site(tmp_path / "helped", PATH=str(content), BUILD_SPEED_READ_AHEAD_MIN_FILES=1)
    # Every Markdown file but the broken one (which the build then reads, and reports, itself).
    markdown_files = [p for p in content.rglob("*.md") if p.parent.name != "authors" and p.name != "README.md"]
    assert converted_count(caplog) == len(markdown_files) - 1
    assert problems(caplog) == warned_alone
    assert any("slugs.md:3: Slug is given twice (first on line 2)" in message for message in warned_alone)
    assert any("broken.md:4: not UTF-8 text" in message for message in warned_alone)
    assert site_files(helped) == site_files(alone)
    assert typogrify.filters.typogrify is typography.TYPOGRIFY  # typogrify is itself again


def reader_settings(content):
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})


def test_the_helper_gives_what_pelicans_reader_gives(content):
    settings = reader_settings(content)
    pelicans = MarkdownReader(settings)
    ours = ReadAheadMarkdownReader(settings)
    paths = [str(content / name) for name in ("plain.md", "summary.md", "empty.md")]
    helper = ReadAhead(helper_config(settings))
    ReadAheadMarkdownReader.helper = helper
    try:
        helper.plan(paths)
        helper.settle()
        for path in reversed(paths):  # the helper converts from the last file back
            assert ours.read(path) == pelicans.read(path)
        assert helper.taken == len(paths)
    finally:
        ReadAheadMarkdownReader.helper = None
        helper.close()


@pytest.mark.parametrize(
    ("new_text", "same_time"),
    [
        ("Title: After\n\nNew words.\n", False),  # another size, another time
        ("Title: Before\n\nNew words.\n", True),  # as `cp -p` or `rsync -t` leave it: same size, same time
    ],
)
def test_a_file_changed_after_the_helper_read_it_is_read_again(content, tmp_path, new_text, same_time):
    post = tmp_path / "changing.md"
    post.write_text("Title: Before\n\nOld words.\n")
    config = helper_config(reader_settings(content))
    helper = ReadAhead(config)
    try:
        helper.plan([str(post)])
        helper.settle()
        modified = post.stat().st_mtime_ns
        post.write_text(new_text)
        # Set back (an outside tester's case), or to a different stamp however coarse the file system's clock.
        os.utime(post, ns=(modified, modified) if same_time else (1, 1))
        assert helper.take(str(post), config) is None
    finally:
        helper.close()


def test_when_the_helper_dies_the_build_reads_on_alone(content, caplog):
    caplog.set_level(logging.INFO, logger="build_speed")
    paths = [str(content / name) for name in ("plain.md", "summary.md")]
    config = helper_config(reader_settings(content))
    helper = ReadAhead(config)
    helper._process.kill()
    helper._process.wait()
    helper.plan(paths)
    assert [helper.take(path, config) for path in paths] == [None, None]
    assert not helper.alive
    assert any("the read-ahead process failed" in r.getMessage() for r in caplog.records)


def test_a_helper_that_cannot_start_leaves_the_build_as_it_was(content, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(processes, "PLUGINS_ROOT", str(tmp_path))  # the child cannot import the plugin
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setattr(read_ahead, "free_cores", lambda: 2)
    caplog.set_level(logging.INFO, logger="build_speed")
    alone = build_site(tmp_path / "alone", PATH=str(content), BUILD_SPEED_READ_AHEAD_MIN_FILES=None)
    helped = build_site(tmp_path / "helped", PATH=str(content), BUILD_SPEED_READ_AHEAD_MIN_FILES=1)
    assert site_files(helped) == site_files(alone)


def test_no_helper_for_a_warm_build_a_small_site_or_a_single_core(content, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    started = "converting Markdown in a second process"
    monkeypatch.setattr(read_ahead, "free_cores", lambda: 2)
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    build_site(tmp_path / "out", PATH=str(content), BUILD_SPEED_READ_AHEAD_MIN_FILES=3, **cached)
    assert any(started in r.getMessage() for r in caplog.records)
    caplog.clear()
    # Warm: only the two files that failed to read are read again (never cached).
    build_site(tmp_path / "out", PATH=str(content), BUILD_SPEED_READ_AHEAD_MIN_FILES=3, **cached)
    build_site(tmp_path / "small", PATH=str(content), BUILD_SPEED_READ_AHEAD_MIN_FILES=100)
    monkeypatch.setattr(read_ahead, "free_cores", lambda: 1)
    build_site(tmp_path / "single", PATH=str(content), BUILD_SPEED_READ_AHEAD_MIN_FILES=1)
    assert not any(started in r.getMessage() for r in caplog.records)


def test_typogrify_is_reused_only_for_the_very_texts_and_call_the_helper_had(monkeypatch):
    monkeypatch.setattr(typogrify.filters, "typogrify", typography.reuse_or_typogrify)
    monkeypatch.setattr(typography.smartypants.Attr, "default", 3)
    call = typography.Call((["pre"],), {}, 3)
    body, title = '<p>"Hello" -- world</p>', 'A "quoted" title'
    typography.expect([(body, "body from the helper"), (title, "title from the helper")], call)
    copy = "".join(['<p>"Hello" -- world', "</p>"])  # equal, but not the object the reader returned
    assert typography.reuse_or_typogrify(copy, ["pre"]) != "body from the helper"
    assert typography.reuse_or_typogrify(title, ["code"]) != "title from the helper"  # other tags: typogrify's own
    assert typography.reuse_or_typogrify(body, ["pre"]) == "body from the helper"
    assert typography.reuse_or_typogrify(body, ["pre"]) != "body from the helper"  # once only
    typography.expect([(title, "title from the helper")], call)
    monkeypatch.setattr(typography.smartypants.Attr, "default", 1)  # another smartypants mode
    assert typography.reuse_or_typogrify(title, ["pre"]) != "title from the helper"
    typography.stop_reusing()
    assert typogrify.filters.typogrify is typography.TYPOGRIFY


def test_frames_come_out_whole_however_the_bytes_arrive():
    data = frame({"a": 1}) + frame("two") + frame(None)
    buffer, items = bytearray(), []
    for i in range(0, len(data), 5):
        buffer += data[i : i + 5]
        items += complete_frames(buffer)
    assert items == [{"a": 1}, "two", None] and not buffer


def test_the_helper_settings_travel_and_an_unpicklable_one_stops_it_early():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert pickle.loads(pickle.dumps(helper_config(settings))) == helper_config(settings)
    with pytest.raises((pickle.PicklingError, TypeError, AttributeError)):
        ReadAhead({**helper_config(settings), "MARKDOWN": {"extensions": [lambda: None]}})


def test_a_plugins_own_smartypants_keeps_every_post_in_the_build(content, tmp_path, helper_does_everything, caplog):
    """The helper loads no plugin: with another plugin's quotes in place, it does not start (an outside tester's case)."""
    import smartypants

    library = smartypants.convert_quotes

    @functools.wraps(library)  # a name, module and qualified name like the library's own: not its code
    def guillemets(text):
        return library(text).replace("&#8220;", "&#171;&#160;").replace("&#8221;", "&#160;&#187;")

    caplog.set_level(logging.DEBUG, logger="build_speed")
    (tmp_path / "content").mkdir()
    posts = tmp_path / "content"
    shutil.copytree(content, posts, dirs_exist_ok=True)
    (posts / "quotes.md").write_text(
        'Title: Quotes\nDate: 2024-01-02\nAuthor: Chris\nTags: interviews\n\nShe said "we will see".\n'
    )
    smartypants.convert_quotes = guillemets  # as that plugin's register() would
    try:
        helped = build_site(tmp_path / "helped", PATH=str(posts), BUILD_SPEED_READ_AHEAD_MIN_FILES=1)
        alone = build_site(tmp_path / "alone", PATH=str(posts), BUILD_SPEED=False)
    finally:
        smartypants.convert_quotes = library
    assert converted_count(caplog) == 0
    assert any("a plugin converts its own way" in r.getMessage() for r in caplog.records)
    assert "&#171;&#160;we will" in (helped / "quotes" / "index.html").read_text(encoding="utf-8")
    assert site_files(helped) == site_files(alone)


def test_settings_a_plugin_changes_after_the_helper_started_are_the_ones_the_posts_are_read_with(
    content, tmp_path, helper_does_everything, caplog
):
    """Whichever runs first, build_speed's plan or another plugin's change to Markdown's settings, none of a stale helper's work is used."""
    caplog.set_level(logging.DEBUG, logger="build_speed")

    def permalinks(generator):
        generator.settings["MARKDOWN"]["extension_configs"]["markdown.extensions.toc"]["permalink"] = True

    build_site(tmp_path / "first", PATH=str(content))  # build_speed's receivers connected: they run first
    signals.article_generator_init.connect(permalinks)
    try:
        alone = build_site(tmp_path / "alone", PATH=str(content), BUILD_SPEED_READ_AHEAD_MIN_FILES=None)
        helped = build_site(tmp_path / "helped", PATH=str(content), BUILD_SPEED_READ_AHEAD_MIN_FILES=3)
    finally:
        signals.article_generator_init.disconnect(permalinks)
    assert any("the conversion changed since the read-ahead started" in r.getMessage() for r in caplog.records)
    assert 'class="headerlink"' in (helped / "a-plain-post" / "index.html").read_text(encoding="utf-8")
    assert site_files(helped) == site_files(alone)


def test_a_helper_whose_settings_no_longer_hold_gives_nothing_and_stops(content):
    config = helper_config(reader_settings(content))
    helper = ReadAhead(config)
    path = str(content / "plain.md")
    helper.plan([path])
    helper.settle()
    changed = {**config, "TYPOGRIFY": not config["TYPOGRIFY"]}
    assert helper.take(path, changed) is None and not helper.alive


def test_a_markdown_extension_object_in_the_settings_keeps_the_helper_at_work(
    content, tmp_path, helper_does_everything, caplog
):
    """An extension given as an object (it travels by pickle) equals only itself: the settings still count as unchanged."""
    from markdown.extensions.toc import TocExtension

    caplog.set_level(logging.DEBUG, logger="build_speed")
    objects = {"extensions": [TocExtension(permalink=True)], "output_format": "html5"}
    alone = build_site(tmp_path / "alone", PATH=str(content), MARKDOWN=objects, BUILD_SPEED_READ_AHEAD_MIN_FILES=None)
    helped = build_site(tmp_path / "helped", PATH=str(content), MARKDOWN=objects, BUILD_SPEED_READ_AHEAD_MIN_FILES=3)
    assert converted_count(caplog) > 0
    assert not any("the conversion changed since" in r.getMessage() for r in caplog.records)
    assert 'class="headerlink"' in (helped / "a-plain-post" / "index.html").read_text(encoding="utf-8")
    assert site_files(helped) == site_files(alone)


def test_the_conversion_settings_compare_by_value_and_see_a_change_made_in_place():
    from markdown.extensions.toc import TocExtension

    extension = TocExtension(permalink=True)
    config = {"MARKDOWN": {"extensions": [extension], "extension_configs": {}}, "TYPOGRIFY_IGNORE_TAGS": {"pre", "sup"}}
    before = helping.comparable(config)
    markdown.Markdown(extensions=[extension]).convert("# A title")  # the object now holds that Markdown
    assert helping.comparable(config) == before
    assert helping.comparable({**config, "TYPOGRIFY_IGNORE_TAGS": {"sup", "pre"}}) == before
    config["MARKDOWN"]["extension_configs"]["markdown.extensions.extra"] = {}  # a plugin's change, in place
    assert helping.comparable(config) != before
    assert helping.comparable({**config, "MARKDOWN": {"extensions": [TocExtension(permalink=False)]}}) != before


def test_a_plugin_that_changes_a_librarys_data_keeps_every_post_in_the_build(
    content, tmp_path, helper_does_everything, caplog
):
    """smartypants' tags to skip, grown by another plugin (an outside tester's case): the helper, a fresh process, would not know."""
    import smartypants

    caplog.set_level(logging.DEBUG, logger="build_speed")
    posts = tmp_path / "content"
    shutil.copytree(content, posts)
    (posts / "keys.md").write_text(
        'Title: Keys\nDate: 2024-01-02\nAuthor: Chris\nTags: interviews\n\nPress <span class="key">"Enter"</span> -- then wait.\n'
    )
    tags = list(smartypants.tags_to_skip)
    smartypants.tags_to_skip.append("span")  # as that plugin's register() would
    try:
        helped = build_site(tmp_path / "helped", PATH=str(posts), BUILD_SPEED_READ_AHEAD_MIN_FILES=1)
        alone = build_site(tmp_path / "alone", PATH=str(posts), BUILD_SPEED=False)
    finally:
        smartypants.tags_to_skip[:] = tags
    assert any("smartypants.tags_to_skip differs from a fresh process's" in r.getMessage() for r in caplog.records)
    assert '<span class="key">"Enter"</span>' in (helped / "keys" / "index.html").read_text(encoding="utf-8")
    assert site_files(helped) == site_files(alone)


def test_the_libraries_data_compare_module_by_module():
    from build_speed.read_ahead.conversion import first_difference, library_data

    ours = library_data()
    assert "smartypants" in ours and "markdown.util" in ours and first_difference(ours, library_data()) is None
    theirs = {**ours, "smartypants": {**ours["smartypants"], "tags_to_skip": ("list", ("pre",))}}
    assert first_difference(theirs, ours) == "smartypants.tags_to_skip"
    assert first_difference({"markdown.only_there": {"x": 1}}, ours) is None  # a module one side has not loaded


def quoted_posts(content, tmp_path):
    posts = tmp_path / "content"
    shutil.copytree(content, posts)
    (posts / "quotes.md").write_text(
        'Title: Quotes\nDate: 2024-01-02\nAuthor: Chris\nTags: interviews\n\nShe said "we will see" -- twice & <b>then</b>.\n'
    )
    return posts


@pytest.mark.parametrize("change", ["attr", "late-function", "markdown-function"])
def test_what_another_plugin_changes_in_the_libraries_keeps_the_site_as_the_build_alone_makes_it(
    change, content, tmp_path, helper_does_everything, caplog
):
    """A second tester's cases: smartypants.Attr (an object) changed; widont replaced once the helper runs;
    a function of Markdown's own modules replaced. None of the helper's results are used then."""
    import markdown.serializers
    import smartypants
    import typogrify.filters

    caplog.set_level(logging.DEBUG, logger="build_speed")
    posts = quoted_posts(content, tmp_path)
    escape = markdown.serializers._escape_cdata
    widont = typogrify.filters.widont

    def late(generator):
        typogrify.filters.widont = lambda text: text  # once build_speed's plan has started the helper

    if change == "attr":
        smartypants.Attr.q = 0  # an attribute of the object smartypants.Attr: no quotes converted
    elif change == "markdown-function":
        markdown.serializers._escape_cdata = lambda text: escape(text).replace("twice", "TWICE")
    build_site(tmp_path / "first", PATH=str(posts), BUILD_SPEED=False)  # build_speed's receivers run first from here
    signals.article_generator_preread.connect(late) if change == "late-function" else None
    try:
        helped = build_site(tmp_path / "helped", PATH=str(posts), BUILD_SPEED_READ_AHEAD_MIN_FILES=1)
        alone = build_site(tmp_path / "alone", PATH=str(posts), BUILD_SPEED=False)
    finally:
        signals.article_generator_preread.disconnect(late)
        vars(smartypants.Attr).pop("q", None)
        markdown.serializers._escape_cdata = escape
        typogrify.filters.widont = widont
    assert any(
        "differs from a fresh process's" in r.getMessage() or "the conversion changed since" in r.getMessage()
        for r in caplog.records
    )
    assert site_files(helped) == site_files(alone)


def test_a_plain_cold_build_of_many_posts_reads_with_the_helper(tmp_path, monkeypatch, caplog):
    """No test hook: the helper's answers arrive while the build reads, and its checks let them through."""
    from benchmarks.synthetic import generate

    monkeypatch.setattr(read_ahead, "free_cores", lambda: 2)
    caplog.set_level(logging.DEBUG, logger="build_speed")
    content = generate(tmp_path, 120, 0)
    build_site(tmp_path / "out", PATH=str(content))
    assert converted_count(caplog) > 0
    assert not any("reading alone" in r.getMessage() or "differs" in r.getMessage() for r in caplog.records)


def test_an_object_in_a_librarys_module_that_cannot_be_compared_makes_the_build_read_alone(monkeypatch):
    """Whatever another plugin puts in a library's module, comparing never stops the build: it reads alone."""
    import smartypants

    class Refuses:
        __module__ = "smartypants"

        @property
        def __dict__(self):
            raise RuntimeError("no")

    monkeypatch.setattr(smartypants, "odd", Refuses(), raising=False)
    helper = ReadAhead(helper_config(read_settings(str(ROOT / "pelicanconf.py"))))
    try:
        with pytest.raises(helping.LibrariesChanged, match="could not be compared"):
            helper._receive(wait=True)  # the helper's first answer: its libraries' data, compared
    finally:
        helper.close()
