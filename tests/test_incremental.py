"""Incremental rendering (plugins/build_speed): after every kind of edit, the site is byte for byte a cold build's.

A writer edits, adds and removes posts, publishes a draft, approves a comment, edits
a template, a bio, a credit, an image; after each, a build that keeps a cache
renders only the pages whose inputs changed, and its output is compared, file by
file, with a cold build of the same content into an empty folder.
"""

from __future__ import annotations

import functools
import io
import json
import logging
import os
import pickle
import re
import shutil
import sys
from datetime import datetime
from pathlib import Path

import jinja2
import pytest
from build_speed import comments_ahead, fingerprint
from build_speed.fingerprint import LEFT_OUT
from build_speed.offload import Offload
from build_speed.pages import FEED_FOLLOWS, TABLE, PageKeys
from build_speed.writer import SpeedWriter
from comments.store import load_store
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.contents import Content

from benchmarks.synthetic import generate
from tests.sitebuild import ROOT, build_site
from tools.comments.queue import Places, decide, load

SMALL = {"DEFAULT_PAGINATION": 3, "COMMENTS_FORMSPREE_ID": "test1234"}  # listings of several pages


def site_files(root: Path) -> dict[str, bytes]:
    """Every file of a built site, by path."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def differences(warm: Path, cold: Path) -> list[str]:
    """What differs between two built sites: missing, extra or changed files."""
    ours, theirs = site_files(warm), site_files(cold)
    found = [f"only in the incremental build: {name}" for name in sorted(ours.keys() - theirs.keys())]
    found += [f"only in the cold build: {name}" for name in sorted(theirs.keys() - ours.keys())]
    found += [f"differs: {name}" for name in sorted(ours.keys() & theirs.keys()) if ours[name] != theirs[name]]
    return found


class Site:
    """A synthetic site with its theme, built incrementally and cold after each edit."""

    def __init__(self, tmp: Path, posts: int = 9, **settings):
        self.tmp = tmp
        self.extra = settings
        self.content = generate(tmp / "synthetic", posts, 7)  # 7 comments a post: the 7th of each is pending
        self.theme = tmp / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        (self.content / "pages").mkdir()
        (self.content / "pages" / "about.md").write_text("Title: About us\n\nWho writes here.\n")
        self.write(
            "draft.md", "Title: Not Yet\nDate: 2016-01-01\nAuthor: Chris\nTags: topic 01\nStatus: draft\n\nSoon.\n"
        )
        self.write(
            "linking.md",
            "Title: A Post That Links\nDate: 2014-06-01\nAuthor: Chris\nTags: topic 02\n\n"
            "See [the earlier post]({filename}post-00003.md).\n",
        )
        self.builds = 0

    def write(self, name: str, text: str) -> None:
        (self.content / name).write_text(text, encoding="utf-8")

    def edit(self, name: str, old: str, new: str, count: int = 1) -> None:
        path = self.content / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def settings(self) -> dict:
        return {"PATH": str(self.content), "THEME": str(self.theme), **SMALL, **self.extra}

    def incremental(self, caplog) -> tuple[Path, int, int]:
        """Build with the cache; (output, pages rendered, pages kept)."""
        caplog.clear()
        output = build_site(
            self.tmp / "warm",
            CACHE_CONTENT=True,
            LOAD_CONTENT_CACHE=True,
            CACHE_PATH=str(self.tmp / "cache"),
            **self.settings(),
        )
        counts = [re.search(r"(\d+) page\(s\) rendered, (\d+) kept", r.getMessage()) for r in caplog.records]
        rendered, kept = next((int(m[1]), int(m[2])) for m in counts if m)
        return output, rendered, kept

    def cold(self) -> Path:
        self.builds += 1
        return build_site(self.tmp / f"cold-{self.builds}", **self.settings())

    def check(self, caplog, step: str) -> tuple[Path, int, int]:
        """Build both ways after an edit and compare them file by file."""
        output, rendered, kept = self.incremental(caplog)
        found = differences(output, self.cold())
        assert not found, f"after {step}: " + "; ".join(found[:10])
        return output, rendered, kept


def approve_pending_comment(content: Path, article: str) -> None:
    """As `invoke comments.approve` does: the moderator's decision, through the comment tools."""
    comments, errors = load_store(content / "comments")
    assert not errors
    pending = sorted(c.id for c in comments.values() if c.article == article and c.status == "pending")
    decide(load(Places(content / "comments", content.parent / "comments-queue")), pending[:1], "approved")


EDITS = [
    ("a body edit", lambda s: s.edit("post-00004.md", "\n\n", "\n\nA new first paragraph.\n\n")),
    ("a title edit", lambda s: s.edit("post-00004.md", "Title: Synthetic post 4", "Title: Renamed post 4")),
    ("a summary edit", lambda s: s.edit("post-00005.md", "Summary: ", "Summary: Freshly summed up. ")),
    ("a date edit", lambda s: s.edit("post-00002.md", "Date: 2015-01-01 23:00", "Date: 2016-02-01 10:00")),
    ("a tags edit", lambda s: s.edit("post-00006.md", "Tags: ", "Tags: brand new, ")),
    # Related posts weigh shared tags: post 8 now shares post 6's new tag, and both lists change.
    ("a tag shared with another post", lambda s: s.edit("post-00008.md", "Tags: ", "Tags: brand new, ")),
    ("an author change", lambda s: s.edit("post-00007.md", "Author: Sam Ortiz", "Author: Chris")),
    (
        "a post added",
        lambda s: s.write("added.md", "Title: Added\nDate: 2016-03-01\nAuthor: Chris\nTags: topic 03\n\nNew.\n"),
    ),
    ("a post removed", lambda s: (s.content / "post-00001.md").unlink()),
    ("a draft published", lambda s: s.edit("draft.md", "Status: draft\n", "")),
    ("a comment approved", lambda s: approve_pending_comment(s.content, "post-00004")),
    ("a template changed", lambda s: s.edit_theme("templates/partials/tag_list.html", "Tags</h2>", "Filed under</h2>")),
    ("an author bio edit", lambda s: s.edit("authors/chris.md", "\n\n", "\n\nA new line in the bio.\n\n")),
    ("an image credit edit", lambda s: s.edit("images/chart.svg.credit", "Bench Mark", "Someone Else")),
    (
        "an image replaced",
        lambda s: s.edit("images/chart.svg", 'width="1200" height="675"', 'width="800" height="600"'),
    ),
    ("a linked post's slug changed", lambda s: s.edit("post-00003.md", "Slug: post-00003", "Slug: moved-post")),
    ("a page edit", lambda s: s.edit("pages/about.md", "Who writes here.", "Who writes here, and why.")),
    # Every page's Content-Security-Policy widens to the new host (csp: a context value csp_meta reads).
    (
        "an image from another site",
        lambda s: s.edit("post-00005.md", "\n\n", "\n\n![A chart](https://media.example.com/c.png)\n\n"),
    ),
    # The readers' features: neighbours, related posts and series boxes show other posts' data.
    ("a series started", lambda s: s.join_series("post-00006.md", "post-00007.md", "post-00008.md")),
    (
        "a series part added",
        lambda s: s.write(
            "part-four.md",
            "Title: Part four\nSeries: Getting hired\nDate: 2016-04-01\nAuthor: Chris\nTags: topic 03\n\nMore.\n",
        ),
    ),
    ("a series part renamed", lambda s: s.edit("post-00007.md", "Title: Synthetic post 7", "Title: Part two")),
    ("a neighbour's title changed", lambda s: s.edit("post-00000.md", "Title: Synthetic post 0", "Title: First")),
    # Pelican copies the theme's static files on every build, outside the static files it lists.
    ("a theme static file added", lambda s: (s.theme / "static" / "extra.txt").write_text("extra\n")),
    ("a theme static file removed", lambda s: (s.theme / "static" / "extra.txt").unlink()),
    # The templates compile otherwise: code compiled before must not be taken from the cache.
    (
        "a Jinja setting changed",
        lambda s: s.extra.update(JINJA_ENVIRONMENT={"autoescape": True, "auto_reload": False, "trim_blocks": False}),
    ),
]


def join_series(site: Site, *names: str) -> None:
    for name in names:
        site.edit(name, "\nDate:", "\nSeries: Getting hired\nDate:")


Site.join_series = join_series


def edit_theme(site: Site, name: str, old: str, new: str) -> None:
    path = site.theme / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


Site.edit_theme = edit_theme


def test_after_each_kind_of_edit_the_site_is_byte_for_byte_a_cold_build(tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path)
    site.check(caplog, "the first build")
    _, rendered, kept = site.check(caplog, "a build with nothing changed")
    assert rendered == 0 and kept > 40, "a build with nothing changed renders nothing"
    for step, edit in EDITS:
        edit(site)
        site.check(caplog, step)


def test_an_edited_post_renders_only_the_pages_that_show_it(tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path, posts=40)
    output, _, _ = site.incremental(caplog)
    pages = sorted(output.glob("post-*/index.html"))
    before = {page: (page.read_bytes(), page.stat().st_mtime_ns) for page in pages}
    site.edit("post-00020.md", "\n\n", "\n\nA new first paragraph.\n\n")
    _, rendered, kept = site.check(caplog, "a body edit")
    # The post and the pages that show it: its neighbours (older, newer, related posts), its page of the
    # home listing, archives, its tags', author's and category's pages, the feeds. Not the listing pages
    # of its neighbours: they never read `related_posts` nor `older_article` (fingerprint.py, follows).
    assert 0 < rendered < kept / 4
    untouched = [
        page
        for page in pages
        if b"post-00020/" not in before[page][0] + page.read_bytes() and page.read_bytes() == before[page][0]
    ]
    assert len(untouched) > len(pages) / 2
    assert all(page.stat().st_mtime_ns == before[page][1] for page in untouched), "a post not showing it was rewritten"


def test_a_page_no_longer_built_is_removed_but_nothing_else(tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path)
    output, _, _ = site.incremental(caplog)
    (output / "notes.txt").write_text("the writer's own file")
    (site.content / "post-00001.md").unlink()
    site.incremental(caplog)
    assert not (output / "post-00001").exists()
    assert (output / "notes.txt").read_text() == "the writer's own file"


class Stopped(Exception):
    """A build stopped half-way (a plugin's failure, Ctrl-C)."""


def test_the_pages_of_a_build_that_stopped_half_way_are_removed_once_no_longer_made(tmp_path, caplog):
    """An outside tester's: posts added, a build that stopped, the posts deleted: their pages stayed for good."""
    from pelican import signals

    from tests.sitebuild import connected

    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path)
    site.incremental(caplog)
    for name in ("fresh-one", "fresh-two"):
        site.write(f"{name}.md", f"Title: {name}\nDate: 2016-05-01\nAuthor: Chris\nTags: fresh\n\nNew.\n")

    def stop_at_the_tag_page(path, context=None):
        if "/tag/fresh/" in str(path):
            raise Stopped(path)

    with connected(signals.content_written, stop_at_the_tag_page), pytest.raises(Stopped):
        site.incremental(caplog)
    output = site.tmp / "warm"
    assert (output / "fresh-one" / "index.html").is_file()  # written before the build stopped
    for name in ("fresh-one", "fresh-two"):
        (site.content / f"{name}.md").unlink()
    site.check(caplog, "posts deleted after a build that stopped half-way")
    assert not (output / "fresh-one").exists() and not (output / "tag" / "fresh").exists()


@pytest.mark.parametrize("damage", ["deleted", "edited by hand"])
def test_a_page_changed_in_the_output_is_written_again(tmp_path, caplog, damage):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path)
    output, _, _ = site.incremental(caplog)
    page = output / "post-00004" / "index.html"
    if damage == "deleted":
        page.unlink()
    else:
        page.write_text("<p>hand-made</p>")
    _, rendered, _ = site.check(caplog, f"a page {damage}")
    assert rendered == 1


@pytest.mark.parametrize("helper", [False, True], ids=["prepared in the build", "prepared in a second process"])
def test_a_warm_process_keeps_the_comments_only_while_their_files_stay(tmp_path, caplog, monkeypatch, helper):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    monkeypatch.setattr(comments_ahead, "memory", comments_ahead.Memory())
    monkeypatch.setattr(fingerprint, "unchanging", fingerprint.Unchanging())
    comments_ahead.remember_between_builds()  # as livereload's warm process does
    fingerprint.unchanging.remember()
    monkeypatch.setattr(comments_ahead, "free_cores", lambda: 2)
    site = Site(tmp_path, BUILD_SPEED_COMMENTS_MIN_FILES=1 if helper else None)
    site.incremental(caplog)
    prepared = []
    monkeypatch.setattr(
        comments_ahead, "Offload", lambda *args, **options: prepared.append(args) or Offload(*args, **options)
    )
    _, rendered, _ = site.incremental(caplog)
    assert prepared == [] and comments_ahead.memory.result is not None  # kept from the last build
    assert rendered == 0 and fingerprint.unchanging._kept  # the comments' pickles kept from the last build too
    approve_pending_comment(site.content, "post-00004")
    site.check(caplog, "a comment approved in a warm process")
    warm = [job for _function, job in prepared if job.load_cache]  # the cold build starts its own
    assert len(warm) == (1 if helper else 0)


def test_a_tampered_table_never_removes_anything_outside_the_output(tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path)
    output, _, _ = site.incremental(caplog)
    outside = tmp_path / "precious.txt"
    outside.write_text("not the build's")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "kept.txt").write_text("not the build's either")
    (output / "link").symlink_to(tmp_path / "elsewhere")
    table_path = tmp_path / "cache" / TABLE
    table = json.loads(table_path.read_text())
    key = next(iter(table["pages"].values()))[0]
    for name, target in (
        ("../precious.txt", outside),
        (str(outside), outside),
        ("link/kept.txt", tmp_path / "elsewhere" / "kept.txt"),
    ):
        status = target.stat()
        table["pages"][name] = [key, status.st_size, status.st_mtime_ns]
    table["pages"]["post-00004"] = [key, 0, 0]  # a folder
    table_path.write_text(json.dumps(table))
    site.check(caplog, "a build after the table was tampered with")
    assert outside.read_text() == "not the build's"
    assert (tmp_path / "elsewhere" / "kept.txt").exists()


# --- Random sequences of edits (Hypothesis) -----------------------------------------------------

POSTS = [f"post-{n:05d}.md" for n in range(9)]
TAGS = ["topic 01", "topic 02", "careers", "a brand new tag", "Ümlaut & co"]
EDIT = st.one_of(
    st.tuples(st.just("body"), st.sampled_from(POSTS), st.text(max_size=40)),
    st.tuples(
        st.just("title"),
        st.sampled_from(POSTS),
        st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=30),
    ),
    st.tuples(st.just("date"), st.sampled_from(POSTS), st.datetimes(datetime(2010, 1, 1), datetime(2020, 1, 1))),
    st.tuples(st.just("tags"), st.sampled_from(POSTS), st.lists(st.sampled_from(TAGS), min_size=1, max_size=3)),
    st.tuples(st.just("author"), st.sampled_from(POSTS), st.sampled_from(["Chris", "Sam Ortiz", "Jonas Berg"])),
    st.tuples(st.just("add"), st.integers(0, 3), st.sampled_from(TAGS)),
    st.tuples(st.just("remove"), st.sampled_from(POSTS), st.none()),
    st.tuples(st.just("draft"), st.sampled_from(POSTS), st.none()),
    st.tuples(st.just("comment"), st.sampled_from(POSTS), st.none()),
)


def apply(site: Site, edit: tuple) -> None:
    """One random edit of the synthetic site; an edit of a post that is gone does nothing."""
    kind, target, value = edit
    path = site.content / target if isinstance(target, str) else site.content / f"added-{target}.md"
    if kind == "add":
        path.write_text(f"Title: Added {target}\nDate: 2016-0{target + 1}-01\nAuthor: Chris\nTags: {value}\n\nNew.\n")
        return
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    if kind == "remove":
        path.unlink()
        return
    if kind == "comment":
        approve_pending_comment(site.content, path.stem)
        return
    if kind == "body":
        body = f"{value}\n\n{body}"
    elif kind == "title":
        fields["Title"] = " ".join(value.split()) or "x"
    elif kind == "date":
        fields["Date"] = f"{value:%Y-%m-%d %H:%M}"
    elif kind == "tags":
        fields["Tags"] = ", ".join(value)
    elif kind == "author":
        fields["Author"] = value
    elif kind == "draft":
        fields["Status"] = "published" if fields.get("Status") == "draft" else "draft"
    path.write_text("\n".join(f"{k}: {v}" for k, v in fields.items()) + "\n\n" + body, encoding="utf-8")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A synthetic site built once with a cache, to start each random sequence from (same paths every time)."""
    tmp = tmp_path_factory.mktemp("random-edits")
    site = Site(tmp / "site")
    build_site(
        site.tmp / "warm",
        CACHE_CONTENT=True,
        LOAD_CONTENT_CACHE=True,
        CACHE_PATH=str(site.tmp / "cache"),
        **site.settings(),
    )
    shutil.copytree(site.tmp, tmp / "pristine", symlinks=True)
    return site, tmp / "pristine"


# caplog is shared by the examples on purpose: Site.incremental clears it before each build.
@settings(
    max_examples=max(3, settings.default.max_examples // 15),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(EDIT, min_size=1, max_size=4))
def test_after_any_sequence_of_edits_the_site_is_byte_for_byte_a_cold_build(pristine, caplog, edits):
    site, snapshot = pristine
    caplog.set_level(logging.DEBUG, logger="build_speed")
    for folder in ("synthetic", "theme", "warm", "cache"):
        shutil.rmtree(site.tmp / folder, ignore_errors=True)
        shutil.copytree(snapshot / folder, site.tmp / folder, symlinks=True)
    for number, edit in enumerate(edits):
        apply(site, edit)
        if number % 2 or number == len(edits) - 1:  # a build after some edits, not all: edits pile up too
            site.incremental(caplog)
    cold = build_site(site.tmp / "cold", **site.settings())
    found = differences(site.tmp / "warm", cold)
    shutil.rmtree(cold)
    assert not found, f"after {edits}: " + "; ".join(found[:10])


def test_a_template_page_outside_the_theme_is_rendered_every_time(tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="build_speed")
    extra = tmp_path / "extra.html"  # TEMPLATE_PAGES: a template the site key does not count
    extra.write_text('{% extends "base.html" %}{% block content %}<p>First words.</p>{% endblock content %}')
    site = Site(tmp_path, TEMPLATE_PAGES={str(extra): "extra/index.html"})
    site.check(caplog, "the first build")
    extra.write_text(extra.read_text().replace("First words.", "Second words."))
    output, _, _ = site.check(caplog, "a template page edited")
    assert "Second words." in (output / "extra" / "index.html").read_text()


class Found(Exception):
    """An article met while pickling (holds_content)."""


def holds_content(value) -> bool:
    """Whether a value is, or holds (in a list, a dict, an object's attributes), an article or page."""

    def found(_obj):
        raise Found

    pickler = pickle.Pickler(io.BytesIO(), protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {kind: found for kind in subclasses_of(Content)}
    pickler.fast = True
    try:
        pickler.dump(value)
    except Found:
        return True
    except Exception:  # cannot tell: it might
        return True
    return False


def subclasses_of(kind: type) -> set[type]:
    found = {kind}
    for sub in kind.__subclasses__():
        found |= subclasses_of(sub)
    return found


def contents_in(values) -> set[int]:
    """The ids of the articles and pages in values (lists, dicts, listing pages), not those they point to."""
    found, seen, pending = set(), set(), [values]
    while pending:
        value = pending.pop()
        if isinstance(value, Content):
            found.add(id(value))
        elif id(value) in seen or isinstance(value, (str, bytes, int, float, type)):
            continue
        else:
            seen.add(id(value))
            if isinstance(value, dict):
                pending += value.values()
            elif isinstance(value, (list, tuple, set, frozenset)):
                pending += value
            elif hasattr(value, "__dict__") and not callable(value):
                pending += vars(value).values()
    return found


class Watch:
    """Every attribute holding articles read on an article while a page renders, that its key does not count."""

    def __init__(self, monkeypatch):
        self.on, self.page, self.follows, self.top = False, None, None, set()
        self.reached: set[str] = set()
        self.pages: list[str] = []
        page_key, render, write_feed = PageKeys.page_key, jinja2.Template.render, SpeedWriter.write_feed
        get = Content.__getattribute__
        watch = self

        def keyed(keys, template, localcontext):
            key = page_key(keys, template, localcontext)
            top = contents_in([value for _name, *value in keys.read_values(template, localcontext)])
            watch.start(localcontext.get("output_file"), keys.follows(keys.reads(template)), top, on=False)
            return key

        def rendered(template, *args, **kwargs):
            watch.on = watch.page is not None
            try:
                return render(template, *args, **kwargs)
            finally:
                watch.stop()

        def feed(writer, elements, context, path=None, *args, **kwargs):
            watch.start(path, FEED_FOLLOWS, contents_in(list(elements)), on=True)
            try:
                return write_feed(writer, elements, context, path, *args, **kwargs)
            finally:
                watch.stop()

        def attribute(obj, name):
            value = get(obj, name)
            if watch.on and name not in LEFT_OUT and name in get(obj, "__dict__"):
                watch.on = False  # holds_content reads attributes too
                try:
                    watch.check(obj, name, value, get(obj, "source_path"))
                finally:
                    watch.on = True
            return value

        monkeypatch.setattr(PageKeys, "page_key", keyed)
        monkeypatch.setattr(jinja2.Template, "render", rendered)
        monkeypatch.setattr(SpeedWriter, "write_feed", feed)
        monkeypatch.setattr(Content, "__getattribute__", attribute)

    def start(self, page, follows, top, on):
        self.page, self.follows, self.top, self.on = page, follows, top, on

    def stop(self):
        self.pages.append(self.page)
        self.on, self.page = False, None

    def check(self, obj, name, value, source) -> None:
        if not holds_content(value):
            return
        if id(obj) not in self.top:
            self.reached.add(f"{self.page}: {source}.{name}, two steps away")
        elif self.follows is not None and name not in self.follows:
            self.reached.add(f"{self.page}: .{name}, which its key does not follow")


def test_no_page_reaches_an_article_its_key_does_not_count(tmp_path, caplog, monkeypatch):
    """Whatever renders a page (its templates, the functions they call, the feed writer) reads another
    article only through an attribute its key follows, and never two steps away (fingerprint.py).

    Every attribute read on an article while a page renders is watched: one holding articles must be
    counted by the page's key. A function added to the templates that reaches other articles fails here
    until it is declared in build_speed/inputs.py (FOLLOWING_FUNCTIONS).
    """
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path, posts=20)
    site.join_series("post-00006.md", "post-00007.md", "post-00008.md")
    watch = Watch(monkeypatch)
    site.incremental(caplog)
    assert not watch.reached, sorted(watch.reached)[:10]
    assert any(page and page.startswith("post-00007") for page in watch.pages)
    assert any(page and page.endswith(".xml") for page in watch.pages)


TERMINATED = """
import os, signal, sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/plugins"]
from pelican import signals
from tools.site.build import run_build

def terminate(path, context=None):
    if "/tag/" in str(path):  # some pages written, more to come
        os.kill(os.getpid(), signal.SIGTERM)

signals.content_written.connect(terminate)
run_build("pelicanconf.py", sys.argv[2], PATH=sys.argv[3], CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True,
          CACHE_PATH=sys.argv[4], COMMENTS_FORMSPREE_ID="test1234")
"""


def test_a_build_stopped_by_sigterm_records_the_pages_it_wrote(tmp_path):
    """The second outside tester's: `kill`, a closed terminal or a cancelled job left its pages for good."""
    import subprocess
    import sys

    site = Site(tmp_path)
    output, cache = tmp_path / "terminated", tmp_path / "terminated-cache"
    stopped = subprocess.run(
        [sys.executable, "-c", TERMINATED, str(ROOT), str(output), str(site.content), str(cache)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert stopped.returncode == 128 + 15, stopped.stderr[-2000:]
    table = json.loads((cache / TABLE).read_text(encoding="utf-8"))
    assert table["site"] == "stopped" and any(name.startswith("post-") for name in table["pages"]), table["site"]


def test_a_static_file_no_longer_copied_is_removed_from_the_output_and_nothing_else(tmp_path, caplog):
    """The fourth tester's: a deleted image stayed in output/ after `invoke build`, unlike a clean build."""
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path)
    shutil.copy(site.content / "images" / "chart.svg", site.content / "images" / "five.svg")
    (site.content / "images" / "five.svg.credit").write_text("Creator: Q\nSource: Pics\n")
    output, _rendered, _kept = site.incremental(caplog)
    assert (output / "images" / "five.svg").is_file()
    (output / "images" / "mine.txt").write_text("the owner's own file")
    for name in ("five.svg", "five.svg.credit"):
        (site.content / "images" / name).unlink()
    site.incremental(caplog)
    assert not (output / "images" / "five.svg").exists()
    assert (output / "images" / "mine.txt").read_text() == "the owner's own file"  # never one the build did not copy
    (output / "images" / "mine.txt").unlink()
    site.check(caplog, "an image deleted")  # byte for byte a cold build


def test_a_page_rendered_every_time_is_removed_once_no_longer_made(tmp_path, caplog):
    """The sixth tester's: a post with an {attach} link has no key (it moves a file as it renders), so its page was
    never recorded: renamed or deleted, its old page stayed for good."""
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path)
    (site.content / "files").mkdir()
    (site.content / "files" / "notes.txt").write_text("the notes")
    site.write(
        "attaching.md", "Title: Attaching\nDate: 2016-01-01\nAuthor: Chris\nTags: x\n\n[n]({attach}files/notes.txt)\n"
    )
    output, _rendered, _kept = site.incremental(caplog)
    assert (output / "attaching" / "index.html").is_file()
    site.edit("attaching.md", "Tags: x\n", "Tags: x\nSlug: renamed\n")
    site.check(caplog, "a post with an {attach} link renamed")  # byte for byte a cold build
    assert not (output / "attaching").exists()


def test_a_redirect_from_an_old_address_comes_and_goes_as_on_a_cold_build(tmp_path, caplog):
    """Found by an outside tester: a Slug changed with the old address kept in WordPress-URL got a false "is a page of
    the new site already" and no redirect (the post's old page, about to be removed, stood there); and a redirect
    page stayed for good once its line, or its post, was gone."""
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path)
    post = "Title: Imported\nDate: 2014-02-18\nAuthor: Chris\nTags: topic 01\n{extra}\nText.\n"
    site.write("imported.md", post.format(extra="Slug: old-address\n"))
    site.check(caplog, "the post at its first address")
    site.write("imported.md", post.format(extra="Slug: new-address\nWordPress-URL: /old-address/\n"))
    output, _, _ = site.check(caplog, "the address changed, the old one kept in WordPress-URL")
    assert "moved to" in (output / "old-address" / "index.html").read_text()
    assert not [r for r in caplog.records if "is a page of the new site already" in r.getMessage()]
    site.write("imported.md", post.format(extra="Slug: new-address\nWordPress-URL: /2014/02/18/imported/\n"))
    output, _, _ = site.check(caplog, "another old address")
    assert not (output / "old-address").exists()
    site.write(
        "imported.md", post.format(extra="Slug: new-address\nWordPress-URL: /2014/02/18/imported/\nStatus: draft\n")
    )
    output, _, _ = site.check(caplog, "the post made a draft")
    assert not (output / "2014").exists()
    site.write("imported.md", post.format(extra="Slug: new-address\nWordPress-URL: /2014/02/18/imported/\n"))
    site.check(caplog, "published again")
    site.extra["WORDPRESS_REDIRECTS"] = False  # a later tester's: the redirects switched off stayed
    output, _, _ = site.check(caplog, "redirects switched off")
    assert not (output / "2014").exists()
    del site.extra["WORDPRESS_REDIRECTS"]
    site.check(caplog, "redirects switched on again")
    (site.content / "imported.md").unlink()
    output, _, _ = site.check(caplog, "the post deleted")
    assert not (output / "2014").exists()


@pytest.mark.parametrize("where", ["filter", "markdown"])
def test_a_function_in_the_settings_counts_by_what_it_does_not_its_name(tmp_path, caplog, where):
    """An outside tester's: a Jinja filter (or a Markdown slugify) in the settings counted by its name only, so a
    change to its body left every page that uses it stale, in a new process and in the warm one."""
    site = Site(tmp_path, posts=3)
    edit_theme(site, "templates/base.html", "<footer", "<p class=probe>{{ SITENAME|probe }}</p><footer")
    settings = tmp_path / "siteconf.py"
    body = {"filter": "return text.upper()", "markdown": "return 'a-' + text.lower().replace(' ', '-')"}

    def write(step: str) -> None:
        settings.write_text(
            f"from pelicanconf import *\n\ndef probe(text, *_args):\n    {body[where]}  # {step}\n\n"
            "JINJA_FILTERS = {'probe': probe}\n"
            "MARKDOWN = {**MARKDOWN, 'extension_configs': {**MARKDOWN['extension_configs'],"
            " 'markdown.extensions.toc': {**MARKDOWN['extension_configs'].get('markdown.extensions.toc', {}),"
            " 'slugify': probe}}}\n",
            encoding="utf-8",
        )

    write("first")
    site.edit("post-00001.md", "\n\n", "\n\n## A heading\n\nText.\n\n")
    run = lambda output, **more: build_site(output, str(settings), **site.settings(), **more)  # noqa: E731
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    run(tmp_path / "warm", **cache)
    body = {"filter": "return text[::-1]", "markdown": "return 'b-' + text.lower().replace(' ', '-')"}
    write("second")
    found = differences(run(tmp_path / "warm", **cache), run(tmp_path / "cold"))
    assert not found, found


def test_a_theme_static_file_no_longer_in_the_theme_is_removed_after_builds_that_copied_it_again(tmp_path, caplog):
    """An outside tester's: a theme's static file deleted stayed in the output for good (Pelican copies the theme's
    files on every build, outside the static files it lists, so each build gives them a new stamp)."""
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path, posts=3)
    extra = site.theme / "static" / "css" / "extra.css"
    extra.write_text("p { color: red }\n")
    output, _, _ = site.incremental(caplog)
    assert (output / "theme" / "css" / "extra.css").is_file()
    site.incremental(caplog)  # nothing changed: the file is copied again all the same, with a new stamp
    extra.unlink()
    site.check(caplog, "a theme static file removed after a build with nothing changed")


@pytest.mark.parametrize("speed", [True, False], ids=["speed-ups on", "speed-ups off"])
def test_a_damaged_content_cache_is_no_cache_not_a_stop(tmp_path, caplog, speed):
    """An outside tester's: a cache file of other bytes (`garbage`) stopped every build until it was deleted."""
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path, posts=3, BUILD_SPEED=speed)
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    build_site(tmp_path / "warm", **cache, **site.settings())
    (tmp_path / "cache" / "ArticlesGenerator").write_bytes(b"garbage\n")
    site.edit("post-00001.md", "\n\n", "\n\nAn edit.\n\n")
    found = differences(build_site(tmp_path / "warm", **cache, **site.settings()), site.cold())
    assert not found, found
    assert any("Cannot unpickle cache" in r.getMessage() and "damaged" in r.getMessage() for r in caplog.records)


class Slugger:
    """A callable object a site's settings may hold (a slugify with its own separator)."""

    def __init__(self, separator: str):
        self.separator = separator

    def slug(self, text: str) -> str:
        return text.replace(" ", self.separator)


def closing_over(value):
    def function(text):
        return text + value

    return function


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (Slugger("-").slug, Slugger("_").slug),  # a method: the object it is bound to counts
        (re.compile("a").sub, re.compile("b").sub),  # a builtin method: its pattern counts
        (closing_over("x"), closing_over("y")),  # a closure: what it closes over counts
        (functools.partial(str.replace, "a"), functools.partial(str.replace, "b")),
    ],
)
def test_values_in_the_settings_that_do_otherwise_have_other_digests(one, other):
    from build_speed.site import settings_digest

    assert settings_digest({"SLUGIFY": one}) != settings_digest({"SLUGIFY": other})
    assert settings_digest({"SLUGIFY": one}) == settings_digest({"SLUGIFY": one})


def test_the_settings_digest_is_the_same_in_another_process():
    """A digest that changed from one process to the next would render every page of every `invoke build`."""
    import subprocess
    import sys

    from build_speed.site import settings_digest
    from pelican.settings import read_settings

    code = (
        "import sys; sys.path[:0] = ['plugins', '.']\n"
        "from build_speed.site import settings_digest\nfrom pelican.settings import read_settings\n"
        "print(settings_digest(read_settings('pelicanconf.py')))"
    )
    theirs = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert theirs.stdout.strip() == settings_digest(read_settings(str(ROOT / "pelicanconf.py")))


@pytest.mark.parametrize("kind", ["helper", "base class", "jinja extension"])
def test_code_the_settings_use_from_a_module_of_the_site_counts_too(tmp_path, caplog, monkeypatch, kind):
    """A later tester's: a filter calling a helper in another module of the site, a class whose base is there, or
    a Jinja extension named by a string: the module edited, every page stayed as it was."""
    site = Site(tmp_path, posts=3)
    edit_theme(site, "templates/base.html", "<footer", "<p class=probe>{{ SITENAME|probe }}</p><footer")
    helpers = tmp_path / "helpers"
    helpers.mkdir()
    monkeypatch.syspath_prepend(str(helpers))
    module = helpers / "sitehelp.py"
    settings = tmp_path / "siteconf.py"
    uses = {
        "helper": "import sitehelp\n\ndef probe(text):\n    return sitehelp.decorate(text)\n",
        "base class": "import sitehelp\n\nclass Probe(sitehelp.Base):\n    pass\n\nprobe = Probe()\n",
        "jinja extension": "def probe(text):\n    return text\n\n"
        "JINJA_ENVIRONMENT = {**JINJA_ENVIRONMENT, 'extensions': ['sitehelp.Stamp']}\n",
    }
    settings.write_text(f"from pelicanconf import *\n\n{uses[kind]}\nJINJA_FILTERS = {{'probe': probe}}\n")

    def write_module(mark: str) -> None:
        module.write_text(
            "from jinja2.ext import Extension\n\n"
            f"def decorate(text):\n    return '{mark}' + text\n\n"
            f"class Base:\n    def __call__(self, text):\n        return '{mark}' + text\n\n"
            f"class Stamp(Extension):\n    def preprocess(self, source, name, filename=None):\n"
            f"        return source.replace('</footer>', '<!--{mark}--></footer>')\n"
        )
        monkeypatch.delitem(sys.modules, "sitehelp", raising=False)  # read anew, as a new process would

    run = lambda output, **more: build_site(output, str(settings), **site.settings(), **more)  # noqa: E731
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    write_module("one ")
    run(tmp_path / "warm", **cache)
    write_module("two ")
    found = differences(run(tmp_path / "warm", **cache), run(tmp_path / "cold"))
    assert not found, found


def test_a_template_in_a_folder_the_theme_links_in_counts_as_the_themes(tmp_path, caplog):
    """A later tester's: with `templates/partials` a link to a folder elsewhere, an edit there left pages stale."""
    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path, posts=3)
    partials = site.theme / "templates" / "partials"
    elsewhere = tmp_path / "partials-real"
    shutil.move(partials, elsewhere)
    partials.symlink_to(elsewhere, target_is_directory=True)
    site.check(caplog, "the first build")
    path = elsewhere / "tag_list.html"
    path.write_text(path.read_text(encoding="utf-8").replace("Tags</h2>", "Filed under</h2>"), encoding="utf-8")
    site.check(caplog, "a template edited in a linked folder")


def test_a_post_put_in_place_with_its_old_time_or_saved_while_read_is_read_again(tmp_path, caplog):
    """An outside tester's: Pelican's cache stamped a post with its modification time alone, after reading it. A
    post replaced by another version with the same time (`cp -p`, `unzip`, `touch -r`) kept its old page, feeds and
    related posts; one saved again while the build read it kept the old text under the new time. Both for good."""
    from pelican import signals

    from tests.sitebuild import connected

    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path)
    post = site.content / "post-00004.md"
    site.incremental(caplog)
    stamp = post.stat()
    for same_size in (False, True):
        text, before = post.read_text(encoding="utf-8"), post.stat().st_size
        body = text.split("\n\n", 1)[1].split("\n", 1)[0]
        new = ("Same length, other words. " * 40)[: len(body)] if same_size else "Another text, of another length."
        post.write_text(text.replace(body, new, 1), encoding="utf-8")
        assert (post.stat().st_size == before) == same_size
        os.utime(post, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # put in place with the old time
        site.check(caplog, "a post put back with its old time")
    # A save while the build reads the post: after it is read, before Pelican caches it.
    saved = []

    def save_again(content):
        if getattr(content, "source_path", "") == str(post) and not saved:
            saved.append(post.read_text(encoding="utf-8"))
            post.write_text(saved[0].replace("Same length", "Saved while read"), encoding="utf-8")

    site.edit("post-00004.md", "Same length", "Same length edited")
    with connected(signals.content_object_init, save_again):
        site.incremental(caplog)
    assert saved
    site.check(caplog, "a post saved while it was read")  # the next build reads the saved text


def test_an_image_replaced_by_another_of_the_same_time_gets_new_smaller_copies(tmp_path, caplog):
    """An outside tester's: two photos unzipped from one batch share their modification time; one put in place of the
    other (`cp -p`) kept the first one's smaller copies, which the page's srcset offers at common widths."""
    from PIL import Image

    caplog.set_level(logging.DEBUG, logger="build_speed")
    site = Site(tmp_path)
    images = site.content / "images"
    for name, colour in (("red.jpg", (200, 0, 0)), ("blue.jpg", (0, 0, 200))):
        Image.new("RGB", (1600, 900), colour).save(tmp_path / name, quality=90)
        os.utime(tmp_path / name, ns=(1_600_000_000 * 10**9, 1_600_000_000 * 10**9))  # one batch, one time
    shutil.copy2(tmp_path / "red.jpg", images / "photo.jpg")
    (images / "photo.jpg.credit").write_text("Creator: Q\nSource: Pics\n")
    site.edit("post-00002.md", "images/chart.svg", "images/photo.jpg")
    output, _, _ = site.check(caplog, "a photo added")
    assert (output / "images" / "photo-800w.jpg").is_file()
    shutil.copy2(tmp_path / "blue.jpg", images / "photo.jpg")  # `cp -p`: the same modification time
    site.check(caplog, "the photo replaced by another of the same time")
