"""Fingerprints of the values a page's template reads: equal fingerprints, equal values.

A fingerprint is a digest of the value's pickle, with a few kinds of objects made
canonical or cut short:

- an article or page (any Pelican Content) counts with everything it carries: its
  text, its metadata and whatever plugins attached to it (comments, bios, lead image,
  neighbours, related posts...), but not the build's context and settings it points
  to (the settings are part of every page's key, and the settings themselves, read
  by a template, count as a marker). Another article it points to (a
  neighbour, a translation, a related post) counts with its own data in turn, and the
  articles that one points to count only as being there: a template may read
  `article.next_article.title`, not `article.next_article.next_article.title`
  (tests/test_incremental.py watches a build for such a read);
- with `follows` (the attribute names the page's templates can read: see
  template_reads.py), another article counts with its own data only when it is
  pointed to through one of those attributes, and only as being there otherwise: a
  tag page, which never reads `related_posts`, is not rendered again when a post
  related to one of its posts changes;
- a content linking to other posts with `{filename}` counts with the URL of every
  post (adding, removing or moving a post changes them); one using `{attach}` moves a
  static file as it is rendered, so it has no fingerprint (see Unkeyable);
- tags, authors and categories count by kind, name and slug (their URLs follow from
  the settings);
- a set counts by its members in the order it gives them (the C pickler writes the
  built-in containers itself): a set of strings gives them in another order in
  another process, so a post holding one is rendered again by a new process. Correct,
  only slower: data attached to posts is better kept in tuples or lists;
- a listing page (pelican.paginator.Page) and its Paginator count whole (the page's
  articles and the whole listing's), unless the templates read less of them
  (template_reads.py): a page's own articles and the listing's size (PAGE), or its
  URL and size only (OUTLINE, for the previous and next pages).

A value that cannot be pickled (a closure, an open file, a generator) has no
fingerprint: a page that reads it is rendered on every build, never served stale.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import operator
import pickle
import sys
from dataclasses import dataclass

from markupsafe import Markup
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime

# A content's attributes left out of its fingerprint: the build's shared context (every
# article, through which links are resolved: see `links`) and the settings (in every key).
LEFT_OUT = frozenset({"_context", "settings"})
# How a content links to another post, in Pelican's default INTRASITE_LINK_REGEX.
# Pelican's default INTRASITE_LINK_REGEX, `[{|](?P<what>.*?)[|}]`, takes either mark on either side: `{filename|` too.
POST_LINKS = tuple(f"{opening}filename{closing}" for opening in "{|" for closing in "}|")
MOVES_STATIC_FILES = tuple(f"{opening}attach{closing}" for opening in "{|" for closing in "}|")
# Past this many braces and bars in one text, marks are looked for by substring search instead.
MANY_OPENINGS = 32
DEFAULT_LINK_REGEX = "[{|](?P<what>.*?)[|}]"

# Types of values that hold no other object (exactly these types: a subclass may hold anything).
ATOMIC = frozenset({str, int, float, bool, type(None), bytes, datetime.datetime, datetime.date, SafeDatetime, Markup})
VALUE, ARTICLE, NEIGHBOUR = 0, 1, 2  # how deep in the contents a pickler is
# How much of a listing page (or its paginator) counts: see the module's docstring.
OUTLINE, PAGE, WHOLE = "outline", "page", "whole"


class SameAsAttribute:
    """What a content's metadata holds, in its pickle, for a value that is its attribute of that name.

    Pelican sets an attribute from each metadata field: the value, pickled with the attributes,
    is not pickled twice. A class, so it is pickled by name and stands for nothing else.
    """


def own_metadata(metadata: dict, state: dict) -> dict:
    """The metadata as a content's fingerprint counts it: values that are its attributes as SameAsAttribute."""
    return {
        name: SameAsAttribute if name not in LEFT_OUT and value is state.get(name, SameAsAttribute) else value
        for name, value in metadata.items()
    }


class Unkeyable(Exception):
    """A value with no fingerprint: a page that reads it is rendered on every build."""


def digest(data: bytes) -> str:
    """A hex digest long enough that two different inputs never meet."""
    return hashlib.sha256(data).hexdigest()


def link_marks(text: str) -> set[str]:
    """Which of POST_LINKS and MOVES_STATIC_FILES the text holds.

    Every post with an image holds a `{static}` mark, so the text has a brace: looking at what
    follows each brace and bar costs a find or two, where a substring search for each of the four
    marks would read the whole text four times (10 µs a post of 7 KB).
    """
    found, looked = set(), 0
    for opening in "{|":
        start = text.find(opening)
        while start != -1:
            looked += 1
            if looked > MANY_OPENINGS:
                return {mark for mark in POST_LINKS + MOVES_STATIC_FILES if mark in text}
            found.update(mark for mark in MARKS_AFTER[opening] if text.startswith(mark, start))
            start = text.find(opening, start + 1)
    return found


MARKS_AFTER = {opening: [m for m in POST_LINKS + MOVES_STATIC_FILES if m[0] == opening] for opening in "{|"}


def subclasses(*bases: type) -> list[type]:
    """The classes given and every class loaded that derives from them."""
    found, pending = [], list(bases)
    while pending:
        kind = pending.pop()
        if kind not in found:
            found.append(kind)
            pending += kind.__subclasses__()
    return found


def pickler_table(prints: Fingerprints, depth: int, follows: frozenset[str] | None = None) -> dict:
    """How the pickler writes the kinds of objects a fingerprint counts its own way (see the docstring).

    A dispatch table, looked up by exact type inside the C pickler: everything else a post
    holds (strings, lists, dates, dataclasses...) is pickled without a call into Python.
    """

    def content(obj):
        if depth == VALUE:
            return (str, (prints.content(obj, follows),))
        if depth == ARTICLE:
            return (str, (prints.neighbour(obj),))
        prints.met_content = True
        return (str, ("<content>",))  # beyond what a template can read: only that one is there

    def url_wrapper(obj):
        return (str, (f"<{type(obj).__name__} {obj.name!r} {obj.slug!r}>",))

    def listing(obj):
        return (tuple, (listing_page(obj, WHOLE),))

    table = dict.fromkeys(subclasses(Content), content)
    table.update(dict.fromkeys(subclasses(URLWrapper), url_wrapper))
    table.update(dict.fromkeys(subclasses(Page, Paginator), listing))
    return table


class Unchanging:
    """Pickles of attached values that cannot change, kept from one build to the next (a warm process).

    livereload's warm process keeps the comments from one build to the next while no comment
    file changes (comments_ahead.py): each article gets the very same tuple of comments, which
    is most of what pickling an article costs. A value counts as unchanging when it is a tuple of
    instances of the types declared in inputs.UNCHANGING_TYPES (frozen dataclasses holding only
    such values, strings, numbers and dates). Its pickle is kept with the value itself (so its id
    is not reused) for as long as builds use it; off unless `remember` (one build gains nothing).
    """

    def __init__(self):
        self.on = False
        self._kept: dict[tuple[str, int], tuple[object, bytes]] = {}
        self._used: set[tuple[str, int]] = set()
        self._types: frozenset[type] = frozenset()

    def remember(self) -> None:
        """This process builds again and again: keep the pickles."""
        self.on = True

    def new_build(self) -> None:
        """A build starts: forget the pickles the last build did not use."""
        self._kept = {key: kept for key, kept in self._kept.items() if key in self._used}
        self._used = set()
        self._types = unchanging_types() if self.on else frozenset()

    def get(self, name: str, value) -> bytes | None:
        """The pickle of `(name, value)` kept for this very object, if any."""
        if not self.on:
            return None
        kept = self._kept.get((name, id(value)))
        if kept is None or kept[0] is not value:
            return None
        self._used.add((name, id(value)))
        return kept[1]

    def put(self, name: str, value, pickled: bytes) -> None:
        """Keep the pickle of `(name, value)` if the value cannot change."""
        if self.on and type(value) is tuple and value and all(type(item) in self._types for item in value):
            self._kept[(name, id(value))] = (value, pickled)
            self._used.add((name, id(value)))


def unchanging_types() -> frozenset[type]:
    """The classes named in inputs.UNCHANGING_TYPES that are loaded."""
    from .inputs import UNCHANGING_TYPES

    found = set()
    for dotted in UNCHANGING_TYPES:
        module, _, name = dotted.rpartition(".")
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(getattr(loaded, name, None), type):
            found.add(getattr(loaded, name))
    return frozenset(found)


unchanging = Unchanging()


@dataclass
class Record:
    """A content's own fingerprint, and which of its attributes point to other contents."""

    state: tuple  # the content's attribute values when it was made (held, so compared by identity)
    names: tuple[str, ...]
    own: str  # its own data, the contents it points to only as being there
    pointers: tuple[str, ...]  # the attributes holding other contents


def paginator_size(paginator: Paginator) -> tuple:
    """What a listing's Paginator shows without its articles: its URL and size."""
    return ("<paginator>", paginator.name, paginator.url, paginator.per_page, paginator.orphans, paginator.count)


def is_listing(value) -> bool:
    """Whether a value is a listing page or its Paginator."""
    return isinstance(value, (Page, Paginator))


def listing_page(item: Page | Paginator, mode: str) -> tuple:
    """A listing page (or its Paginator) as plain data, as much of it as `mode` counts."""
    paginator = item if isinstance(item, Paginator) else item.paginator
    whole = (paginator.object_list,) if mode == WHOLE else ()
    if isinstance(item, Paginator):
        return paginator_size(item) + whole
    own = (item.object_list,) if mode in (PAGE, WHOLE) else ()
    return ("<page>", item.full_name, item.base_url, item.number, paginator_size(paginator), *own, *whole)


class Fingerprints:
    """A build's fingerprints, each content's computed once (again if an attribute is set since)."""

    def __init__(self, settings):
        self.settings = settings
        self.link_regex_is_default = settings.get("INTRASITE_LINK_REGEX", DEFAULT_LINK_REGEX) == DEFAULT_LINK_REGEX
        self._contents: dict[int, Record] = {}  # id of a content -> its record
        self.met_content = False  # set by the pickler when it meets a content (see record)
        self._links: dict[int, str] = {}
        self._tables: dict[tuple[int, frozenset[str] | None], dict] = {}
        unchanging.new_build()

    def value(self, value, mode: str = WHOLE, follows: frozenset[str] | None = None) -> str:
        """The fingerprint of anything a template reads; Unkeyable when it has none.

        `mode` says how much of a listing page or paginator counts (WHOLE for anything else);
        `follows`, through which attributes of an article the templates may reach other articles
        (None: any).
        """
        if is_listing(value):
            value = listing_page(value, mode)
        return digest(self._pickle(value, VALUE, follows))

    def content(self, content: Content, follows: frozenset[str] | None = None) -> str:
        """An article or page with everything it carries, and its neighbours' own data.

        With `follows`, only the neighbours pointed to through those attributes count with their
        own data; the others only as being there.
        """
        record = self.record(content)
        followed = [name for name in record.pointers if follows is None or name in follows]
        if not followed:
            return record.own
        # The neighbours' own fingerprints (memoized), through the attributes followed.
        values = tuple((name, content.__dict__[name]) for name in followed)
        return digest(record.own.encode("ascii") + self._pickle(values, ARTICLE))

    def neighbour(self, content: Content) -> str:
        """A content pointed to by another: its own data, what it points to only as being there."""
        return self.record(content).own

    def record(self, content: Content) -> Record:
        """The content's Record, made once while it holds the same attributes, the very same objects.

        A plugin attaching something later in the build (the comments, before the first article
        is written) makes it count anew.
        """
        state = content.__dict__
        known = self._contents.get(id(content))
        # Checked for every page that shows the content (some 20,000 times a build): in C, by identity.
        if (
            known is not None
            and len(state) == len(known.state)
            and all(map(operator.is_, state.values(), known.state))
            and tuple(state) == known.names
        ):
            return known
        stream = io.BytesIO()
        pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self._table(NEIGHBOUR)
        pickler.fast = True  # no memo: see _pickle
        pointers = []
        # Values that cannot hold a content go in one pickle; each other one in a pickle of its own
        # (one after another: each reads back on its own), to learn which hold contents.
        # In the order of the names, not of their setting: plugins may attach in another order in another build.
        items = sorted(state.items(), key=operator.itemgetter(0))
        plain = {name: value for name, value in items if type(value) in ATOMIC and name not in LEFT_OUT}
        try:
            pickler.dump((type(content).__qualname__, self.links_of(content), plain))
            for name, value in items:
                if name in plain or name in LEFT_OUT:
                    continue
                kept = unchanging.get(name, value)
                if kept is not None:  # the very same unchanging value as in the last build: its pickle
                    stream.write(kept)
                    continue
                self.met_content = False
                start = stream.tell()
                counted = own_metadata(value, state) if name == "metadata" and type(value) is dict else value
                pickler.dump((name, counted))
                if self.met_content:
                    pointers.append(name)
                else:
                    unchanging.put(name, counted, stream.getbuffer()[start:].tobytes())
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as error:
            raise Unkeyable(str(error)) from error
        record = Record(tuple(state.values()), tuple(state), digest(stream.getvalue()), tuple(pointers))
        self._contents[id(content)] = record
        return record

    def links_of(self, content: Content) -> str:
        """What a content's links to other posts resolve to (empty: it has none)."""
        if not self.link_regex_is_default:
            raise Unkeyable("INTRASITE_LINK_REGEX is not Pelican's: links cannot be told apart")
        texts = [content._content or ""] + [v for v in content.metadata.values() if isinstance(v, str)]
        # Every mark holds a brace or a bar: many posts have neither, found with one memchr pass each.
        if not any("{" in text or "|" in text for text in texts):
            return ""
        marks = set().union(*map(link_marks, texts))
        if marks.intersection(MOVES_STATIC_FILES):
            raise Unkeyable(f"{content.source_path} attaches a static file as it is rendered")
        if marks.intersection(POST_LINKS):
            return self.post_urls(content._context)
        return ""

    def post_urls(self, context) -> str:
        """Every post's and page's URL, by source path: what `{filename}` links resolve to."""
        known = self._links.get(id(context))
        if known is None:
            urls = sorted(
                (path, item.url) for path, item in context.get("generated_content", {}).items() if item is not None
            )
            known = self._links[id(context)] = digest(repr(urls).encode("utf-8"))
        return known

    def _table(self, depth: int, follows: frozenset[str] | None = None) -> dict:
        table = self._tables.get((depth, follows))
        if table is None:
            table = self._tables[(depth, follows)] = pickler_table(self, depth, follows)
        return table

    def _pickle(self, value, depth: int, follows: frozenset[str] | None = None) -> bytes:
        stream = io.BytesIO()
        pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self._table(depth, follows)
        # No memo: an object met twice is written out twice, so the bytes do not depend on which
        # equal values happen to be one object (a post read anew shares strings a cached one does not).
        pickler.fast = True
        try:
            pickler.dump("<settings>" if value is self.settings else value)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as error:
            raise Unkeyable(str(error)) from error
        return stream.getvalue()
