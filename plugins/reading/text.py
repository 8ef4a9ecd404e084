"""What a post's HTML says as text: its words, its headings, its most frequent terms.

Pure functions over the HTML Pelican made from the writer's Markdown. Text is
read outside `<script>`, `<style>` and `<pre>` (code is not read at reading speed,
and its identifiers are not what a post is about).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html import escape, unescape

from markupsafe import Markup

# A word starts with a letter; apostrophes and hyphens inside it keep it whole ("don't", "follow-up").
WORD = re.compile(r"[^\W\d_][\w'’-]*")
TAG = re.compile(r"<[^>]*>")
SKIPPED = re.compile(r"<(pre|script|style|template)\b.*?</\1\s*>", re.S | re.I)
HEADING = re.compile(r"<h(?P<level>[1-6])(?P<attributes>(?:\s[^>]*)?)>(?P<inner>.*?)</h(?P=level)\s*>", re.S | re.I)
ID = re.compile(r"""\sid\s*=\s*["']([^"']*)["']""", re.I)
# Words that say nothing about what a post is about (English; the blog's language).
_STOPWORD_LIST = """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each even every few for from further
    get got had has have having he her here hers herself him himself his how i if in into is it its itself
    just like made make many may me might more most much must my myself no nor not now of off on once one
    only or other our ours ourselves out over own really same say said she should so some such than that
    the their theirs them themselves then there these they this those through to too under until up upon
    us very was we well were what when where which while who whom why will with would yet you your yours
    yourself yourselves it's don't can't won't isn't you're i'm that's there's"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())
# Terms kept per post for similarity: enough to describe it, few enough to cache with it.
KEPT_TERMS = 60


@dataclass(frozen=True)
class Heading:
    """A heading of a post: its level (2 for `##`), its id (an anchor) and its text."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class TextProfile:
    """What the reader-facing features need of a post's text, worked out once when it is read."""

    words: int
    headings: tuple[Heading, ...]
    terms: tuple[tuple[str, int], ...]  # its most frequent meaningful words, with their counts


def plain_text(html: str) -> str:
    """The text of HTML, code and scripts left out, entities turned into characters."""
    return unescape(TAG.sub(" ", SKIPPED.sub(" ", html)))


def headings_of(html: str) -> tuple[Heading, ...]:
    """The headings of HTML, in order, with their id (empty when they have none) and text."""
    found = []
    for match in HEADING.finditer(html):
        anchor = ID.search(match.group("attributes"))
        text = " ".join(plain_text(match.group("inner")).split())
        found.append(Heading(int(match.group("level")), unescape(anchor.group(1)) if anchor else "", text))
    return tuple(found)


def profile(html: str) -> TextProfile:
    """A post's word count, headings and most frequent terms, from its HTML.

    Regular expressions over the HTML Markdown makes (well-formed, attribute values
    quoted): twice as fast as an HTML parser, which matters on a cold build of
    thousands of posts.
    """
    html = html or ""
    words = WORD.findall(plain_text(html).lower())
    counts = Counter(word for word in words if len(word) > 2 and word not in STOPWORDS)
    # Ties broken by the word, so the same text always keeps the same terms.
    terms = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:KEPT_TERMS]
    return TextProfile(len(words), headings_of(html), tuple(terms))


def reading_minutes(words: int, per_minute: int) -> int:
    """Minutes to read `words` at `per_minute` words a minute: at least 1, rounded to the nearest."""
    return max(1, round(words / max(1, per_minute)))


@dataclass(frozen=True)
class TocEntry:
    """One line of a table of contents, with the entries of the headings under it."""

    id: str
    text: str
    children: tuple[TocEntry, ...] = ()


def table_of_contents(headings, max_level: int = 3) -> tuple[TocEntry, ...]:
    """The nested table of contents of headings that have an id, down to `max_level`.

    A heading deeper than the one before it nests under it, however many levels it
    skips; one shallower closes the levels in between.
    """
    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]
    for heading in headings:
        if not heading.id or heading.level > max_level or heading.level < 2:  # h1 is the page's title
            continue
        while stack[-1][0] >= heading.level:
            stack.pop()
        children: list = []
        stack[-1][1].append((heading, children))
        stack.append((heading.level, children))

    def freeze(items) -> tuple[TocEntry, ...]:
        return tuple(TocEntry(h.id, h.text, freeze(kids)) for h, kids in items)

    return freeze(root)


ANCHORED_HEADING = re.compile(
    r'<h(?P<level>[2-6])(?P<before>[^>]*?)\sid="(?P<id>[^"]+)"(?P<after>[^>]*)>(?P<inner>.*?)</h(?P=level)>', re.S
)


OPENING_TAG = re.compile(r"<[A-Za-z][^<>]*>")  # an element's opening tag (text never holds a bare `<`)
ELEMENT_ID = re.compile(r"""(?P<before>\sid\s*=\s*)(?P<quote>["'])(?P<id>[^"']*)(?P=quote)""", re.I)
FRAGMENT_LINK = re.compile(r"""(?P<before>\s(?:xlink:)?href\s*=\s*)(?P<quote>["'])#(?P<id>[^"']*)(?P=quote)""", re.I)
# Attributes naming other elements by id (space-separated where the standard allows a list).
ID_REFERENCES = re.compile(
    r"""(?P<before>\s(?:for|headers|list|form|popovertarget|itemref|aria-(?:activedescendant|controls|describedby|"""
    r"""details|errormessage|flowto|labelledby|owns))\s*=\s*)(?P<quote>["'])(?P<ids>[^"']*)(?P=quote)""",
    re.I,
)
# An element named in a value by `url(#id)` (SVG's fill, clip-path, mask, filter, markers; a style).
URL_REFERENCE = re.compile(r"""url\(\s*(?P<quote>['"]?)#(?P<id>[^'")\s]+)(?P=quote)\s*\)""", re.I)


def ids_in(html: str) -> list[str]:
    """The ids of the HTML's elements (in their tags, never in the text: code may show `id="main"`)."""
    return [match["id"] for tag in OPENING_TAG.findall(html) for match in ELEMENT_ID.finditer(tag)]


def renamed_ids(html: str, rename: dict[str, str]) -> str:
    """The HTML with the ids in `rename` renamed, in the elements' tags, and what points to them: links
    (`href="#id"`), labels and ARIA references (`for`, `aria-describedby`...), SVG's `url(#id)`."""

    def in_tag(tag: re.Match) -> str:
        def new(match: re.Match, hash_: str = "") -> str:
            name = rename.get(match["id"])
            return match.group() if name is None else f"{match['before']}{match['quote']}{hash_}{name}{match['quote']}"

        def references(match: re.Match) -> str:
            names = " ".join(rename.get(name, name) for name in match["ids"].split())
            return f"{match['before']}{match['quote']}{names}{match['quote']}"

        def in_url(match: re.Match) -> str:
            name = rename.get(match["id"])
            return match.group() if name is None else f"url({match['quote']}#{name}{match['quote']})"

        text = ELEMENT_ID.sub(new, tag.group())
        text = ID_REFERENCES.sub(references, text)
        text = URL_REFERENCE.sub(in_url, text)
        return FRAGMENT_LINK.sub(lambda match: new(match, "#"), text)

    return OPENING_TAG.sub(in_tag, html)


def listed_summary_html(html: str, prefix: str, page_url: str) -> str:
    """A summary as a page listing several shows it: its ids given `prefix`, what points to them following, and a
    link to an id it does not hold (a note cut off with the rest of the post) leading to the post's own page."""
    if "id" not in html and "#" not in html:
        return html
    own = {name: f"{prefix}{name}" for name in ids_in(html)}
    html = renamed_ids(html, own)
    kept = set(own.values())

    def elsewhere(match: re.Match) -> str:
        if match["id"] in kept:
            return match.group()
        target = escape(f"{page_url}#{match['id']}")
        return f"{match['before']}{match['quote']}{target}{match['quote']}"

    return OPENING_TAG.sub(lambda tag: FRAGMENT_LINK.sub(elsewhere, tag.group()), html)


def free_ids(html: str, taken: frozenset[str], taken_prefixes: tuple[str, ...] = ()) -> str:
    """The HTML with each element id the page's theme takes (`taken`, or starting with one of `taken_prefixes`)
    renamed, and the body's links to it.

    Markdown gives each heading an id made from its text: a writer's `## Comments` took the
    theme's `comments`, and the "No comments yet" link and the skip link jumped to the heading.
    A renamed id gets `-2` (or the next number free in the post), as a second heading of the
    same text would; one the theme makes for each author or comment (`author-chris`) gets `post-`
    before it.
    """
    if (not taken and not taken_prefixes) or "id" not in html:
        return html
    ids = ids_in(html)
    used, rename = set(ids) | set(taken), {}
    for name in dict.fromkeys(ids):
        if name in taken:
            number = 2
            while f"{name}-{number}" in used:
                number += 1
            rename[name] = f"{name}-{number}"
        elif name.startswith(taken_prefixes):
            new, number = f"post-{name}", 2
            while new in used:
                new, number = f"post-{name}-{number}", number + 1
            rename[name] = new
        else:
            continue
        used.add(rename[name])
    return renamed_ids(html, rename) if rename else html


def prefixed_ids(html: str, prefix: str) -> str:
    """The HTML with every element id, and every link to one, given `prefix` (a bio shown inside a post's page)."""
    if "id" not in html:
        return html
    return renamed_ids(html, {name: f"{prefix}{name}" for name in ids_in(html)})


def with_heading_anchors(html: str) -> str:
    """The HTML with a link to itself at the end of each heading that has an id.

    The link's name is "Section: " and the heading's text, so a list of a page's
    links (what screen readers offer) tells them apart.
    """

    def anchored(match: re.Match) -> str:
        level, anchor = match.group("level"), match.group("id")
        name = escape("Section: " + " ".join(Markup(match.group("inner")).striptags().split()))
        return (
            f'<h{level}{match.group("before")} id="{anchor}"{match.group("after")}>{match.group("inner")}'
            f' <a class="heading-anchor" href="#{anchor}" aria-label="{name}">#</a>'
            f"</h{level}>"
        )

    return ANCHORED_HEADING.sub(anchored, html)
