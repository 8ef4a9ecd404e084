"""Check the writers' Markdown files without building the site: every problem with its line.

Reads only the text (no Markdown rendering), so checking all the content takes a
fraction of a second. Each problem prints as `content/post.md:LINE: message`
with the fix in the message; the messages are explained in docs/writing.md.
Posts and pages are checked here; bios and credit files in `bios.py` and
`credits.py`; where links lead in `links.py`.
"""

from __future__ import annotations

import fnmatch
import hashlib
import html
import itertools
import logging
import os
import posixpath
import re
import unicodedata
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from dataclasses import field as default
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from csp.policy import parse as parse_policy
from csp.policy import srcset_urls
from escaping.markup import INLINE_TAGS, title_html
from markupsafe import Markup
from output_guard.paths import inside, leaves

from .duplicate_tags import written_twice
from .header import (
    CODE_SPAN,
    FIRST_YEAR,
    LAST_YEAR,
    Header,
    UnknownZone,
    author_names,
    lines_of,
    listed,
    parse_date,
    prose_lines,
    read_header,
    read_utf8,
)
from .links import (
    INDICATORS,
    PELICAN_LINK,
    SiteMap,
    link_problem,
    link_subject,
    linked_file,
    linked_out,
    marked_file,
    page_name,
    parsed_date,
    script_link,
    site_map,
    split_url,
    unknown_mark,
    without_query,
)
from .menu import menu_findings
from .notes import left_open, markdown_options, open_notes, open_title
from .problems import ERROR, LEAVES_OUT, WARNING, Problem, closest, display, escaped_name, looks_alike, note_shown
from .schedule import scheduled_note
from .scripts import inert_scripts
from .tags import broken_tags
from .translations import unlisted_translations

__all__ = [
    "ERROR",
    "WARNING",
    "Checked",
    "Problem",
    "bio_names",
    "check_files",
    "checked_files",
    "content_files",
    "display",
    "read_header",
    "unread_posts",
]

STATUSES = ("published", "draft", "hidden")
KNOWN_FIELDS = {
    "title", "date", "modified", "author", "authors", "tags", "category", "summary", "slug", "status",
    "image", "image-alt", "image-caption", "comments", "lang", "translation", "template", "save_as", "url",
    "wordpress-url", "series", "series-part", "toc", "csp",
}  # fmt: skip
# The fields a writer types, for a "did you mean" (the rest are rare enough not to be guessed).
USUAL_FIELDS = (
    "Title", "Date", "Modified", "Author", "Authors", "Tags", "Category", "Summary", "Slug", "Status",
    "Image", "Image-Alt", "Image-Caption", "Comments", "Series", "Series-Part", "Toc",
)  # fmt: skip
# 05/03/2024 or 05.03.24: the day and the month could be either way round (Pelican reads month first).
AMBIGUOUS_DATE = re.compile(r"^\s*(?P<first>0?[1-9]|1[0-2])[/.](?P<second>0?[1-9]|1[0-2])[/.]\d{2,4}\b")
# An image, and the attribute list Python-Markdown's attr_list may give it: `{: .decorative}`.
# An image's address may hold balanced parentheses, as Python-Markdown reads it: `photo%20(final).jpg`.
IMAGE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>(?:[^()\s>]|\([^()\s>]*\))+)>?(?:\s+\"[^\"]*\")?\s*\)"
    r"(?:\{:?(?P<attrs>[^}]*)\})?"
)
# A link's text may hold escaped brackets, and brackets three deep: `[a [b [c]] d](x)`, an image
# `[![alt](img.svg)](x)`; an escaped `\[` starts no link (Markdown shows it as text). Its address is bare or
# in angle brackets (`<a b.md>`, spaces allowed); its title in double or single quotes, or parentheses.
_TEXT = r"(?:[^\[\]\\]|\\.)"
_NESTED = rf"(?:{_TEXT}|\[(?:{_TEXT}|\[(?:{_TEXT}|\[{_TEXT}*\])*\])*\])*"
# A bare address may hold spaces (Python-Markdown links `[x](My Post.md)` as written): words up to the title or `)`.
LINK = re.compile(
    rf"(?<![!\\])\[{_NESTED}\]\(\s*(?:<(?P<angled>[^<>\n]*)>|(?P<bare>[^)\s]+(?:[ \t]+[^)\s\"'(]+)*))"
    r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)"""
)
# Markdown's automatic link, `<https://...>`.
AUTOLINK = re.compile(r"<(?P<target>https?://[^<>\s]+)>", re.IGNORECASE)
# A reference definition, `[label]: https://... "Title"`, at the start of a line (`[^1]: …` is a footnote).
REFERENCE = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]^][^\]]*)\]:\s*<?(?P<target>[^\s>]+)>?")
# A srcset in such a list, as attr_list reads a pair: `srcset="..."`, `srcset='...'` or `srcset=...`.
LISTED_SRCSET = re.compile(r"""(?:^|\s)srcset=(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'=]+))""", re.I)
REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\[(?P<label>[^\]]*)\](?:\{:?(?P<attrs>[^}]*)\})?")
# The mark of an image that is there for decoration only (alt=""), documented in docs/writing.md.
DECORATIVE = re.compile(r"(?:^|\s)\.decorative(?:\s|$)")
LATEST = datetime.max.replace(tzinfo=ZoneInfo("UTC"))  # an undated file ranks after every dated one
# A `>` inside a quoted value (alt="a > b") does not end the tag; a quote left open, the first `>` does. Possessive,
# and no `<` outside quotes: a tag left open stops at the next one (a line of open tags is read once).
HTML_IMG = re.compile(
    r"<img\b(?:(?P<attributes>(?:\"[^\"]*+\"|'[^']*+'|[^'\"<>])*+)|(?P<loose>[^<>]*+))>", re.IGNORECASE
)
HTML_LINK = re.compile(r"<a\b[^>]*?\bhref\s*=\s*(?P<quote>[\"'])(?P<target>.*?)(?P=quote)", re.IGNORECASE)
ATTRIBUTE = re.compile(r"\b(?P<name>src|alt|class)\s*=\s*(?P<quote>[\"'])(?P<value>.*?)(?P=quote)", re.IGNORECASE)
# The other files a post's HTML loads: a script, a video or recording and its tracks, an embed, a poster.
HTML_LOADING = re.compile(r"<(?:script|video|audio|source|track|embed|iframe|object)\b[^>]*>", re.IGNORECASE)
HTML_SOURCE = re.compile(
    r"""\s(?P<name>src|poster|data|srcset)\s*=\s*(?P<quote>["'])(?P<target>.*?)(?P=quote)""", re.IGNORECASE
)
# The other attributes whose link marks Pelican replaces (its intrasite link pattern: cite, form actions, a meta's
# content): only a mark is a link there (a meta's content is mostly no address), judged as any mark is.
HTML_MARKED = re.compile(
    r"""<[^<>]*?\s(?:cite|formaction|action|content)\s*=\s*(?P<quote>["'])(?P<target>[{|][A-Za-z_]+[}|][^"']*)(?P=quote)""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Site:
    """What checking one file needs to know of the rest of the content."""

    root: Path
    authors: dict[str, str]  # casefolded name -> name, for each bio
    slug_of: Callable[[Path, Header], str]
    map: SiteMap
    credit_suffix: str = ".credit"
    remote_credits: dict[str, str] | None = None  # URL named by a credit file's For: line -> its Alt
    warn_images: bool = True  # alt text and credits (IMAGE_CREDITS_WARN_MISSING)
    bios: str = "content/authors"  # the bio folder, as displayed


def post_slug(path: Path, header: Header, slugify: Callable[[str], str]) -> str:
    """The slug Pelican gives a post: `Slug:`, else from the title, else from the file name."""
    return header.value("slug") or slugify(header.value("title") or path.stem)


def yaml_lists(rel: str, header: Header) -> list[Problem]:
    """Tags or authors written as a YAML list (front matter's habit), which Pelican reads as names with brackets."""
    problems = []
    for key in ("tags", "author", "authors", "category"):
        value = header.value(key).strip()
        if len(value) > 1 and value[0] == "[" and value[-1] == "]":
            listed = ", ".join(part.strip().strip("'\"") for part in value[1:-1].split(","))
            written = header.written.get(key, key)
            message = (
                f"{written} {value!r} is a YAML list, which Pelican reads as names holding the brackets:"
                f" write '{written}: {listed}'"
            )
            problems.append(Problem(rel, header.line(key), message, WARNING, code="metadata"))
    return problems


# The inline formatting a title keeps (escaping.markup), whose tags show no text of their own.
KEPT_TAG = re.compile(r"</?(?:" + "|".join(sorted(INLINE_TAGS)) + r")(?:\s[^<>]*)?/?>", re.IGNORECASE)


def title_tags(rel: str, header: Header) -> list[Problem]:
    """A title whose page shows less than its text: HTML the title's cleaner leaves out (`Salary <Negotiation>`).

    What the page shows (escaping's title_html, as the build runs it) against the text typed, inline formatting
    apart. A title that shows nothing at all leaves its post out (the build finds no title).
    """
    title = header.value("title")
    if "<" not in title:
        return []
    if left_open(title):  # its words show, not less: notes.open_title says so
        return open_title(rel, header.line("title"), title)
    shown = " ".join(Markup(title_html(title)).striptags().split())
    typed = " ".join(html.unescape(KEPT_TAG.sub("", title)).split())
    if shown == typed:
        return []
    fix = "write &lt; and &gt; for angle brackets to show"
    if not shown:
        message = (
            f"Title {title!r} shows nothing once its HTML is left out (a page keeps inline formatting only): {fix}"
        )
        return [Problem(rel, header.line("title"), message + " (the post is left out until then)", code="title")]
    message = f"Title {title!r} shows as {shown!r}: its page leaves HTML out but inline formatting; {fix}"
    return [Problem(rel, header.line("title"), message, WARNING, code="title-html")]


def csp_field(rel: str, header: Header) -> list[Problem]:
    """What the csp plugin leaves out of a post's `CSP:` field (an unknown directive or source), at its line: an
    error, as what the writer meant to allow (a video's player) would be refused on the published page."""
    if "csp" not in header.fields:
        return []
    return [
        Problem(rel, header.line("csp"), f"CSP field: {problem} (left out)", ERROR, code="csp")
        for problem in parse_policy(header.value("csp"))[1]
    ]


# Fields shown as text, where an HTML comment is no note: the reader sees it.
TEXT_FIELDS = ("image-caption", "image-alt")


def shown_notes(rel: str, header: Header) -> list[Problem]:
    """An HTML comment (a writer's note) in a field that shows it as text: Image-Caption, Image-Alt."""
    return [
        Problem(rel, header.line(key), note_shown(header.written.get(key, key)), ERROR, code="note")
        for key in TEXT_FIELDS
        if "<!--" in header.value(key)
    ]


def check_metadata(rel: str, header: Header, *, kind: str = "article") -> list[Problem]:
    """Title, date, tags, status, unknown fields (a page needs only its title)."""
    problems = [Problem(rel, line, message, severity, code) for line, severity, message, code in header.problems]
    if not header.value("title"):
        problems.append(
            Problem(rel, header.line("title"), "missing Title (the first line: 'Title: Your title')", code="title")
        )
    problems += title_tags(rel, header) + csp_field(rel, header)
    if kind == "article" and "date" not in header.fields:
        problems.append(Problem(rel, 1, "missing Date (e.g. 'Date: 2024-03-01 09:00')", code="date"))
    for key in ("date", "modified"):
        if key in header.fields:
            problems += date_problems(rel, header.line(key), key, header.value(key))
    problems += modified_before_date(rel, header) + shown_notes(rel, header)
    if kind == "article" and "tags" not in header.fields:
        problems.append(Problem(rel, 1, "missing Tags (e.g. 'Tags: job search, interviews')"))
    elif kind == "article" and not listed(header.value("tags")):
        problems.append(Problem(rel, header.line("tags"), "Tags is empty: give one or more tags, separated by commas"))
    problems += yaml_lists(rel, header)
    slug = header.value("slug")
    if slug and (any(c.isspace() for c in slug) or slug != slug.lower()):
        from pelican.settings import DEFAULT_CONFIG
        from pelican.utils import slugify

        suggested = slugify(slug, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
        message = (
            f"Slug {slug!r} holds spaces or capitals, which an address shows as %20 (and some servers tell apart):"
            f" write it like {suggested!r}"
        )
        problems.append(Problem(rel, header.line("slug"), message, WARNING, code="slug-form"))
    status = header.value("status").lower()
    if "status" in header.fields and not status.strip():
        problems.append(
            Problem(
                rel,
                header.line("status"),
                "Status is empty, so the post would be published: write its value on the same line"
                f" (use {', '.join(STATUSES)})",
                code="status-line",
            )
        )
    elif status and status not in STATUSES:
        guess = closest(status, STATUSES)
        hint = f": did you mean {guess!r}?" if guess else ""
        problems.append(
            Problem(
                rel,
                header.line("status"),
                f"Status {header.value('status')!r} is unknown{hint} (use {', '.join(STATUSES)})",
                code="status",
            )
        )
    problems += reading_field_problems(rel, header)
    for key, (line, _value) in header.fields.items():
        if key not in KNOWN_FIELDS:
            guess = closest(key, USUAL_FIELDS)
            hint = f": did you mean {guess!r}?" if guess else " (a typo? see docs/writing.md for the fields)"
            written = header.written.get(key, key)
            if (guess or "").lower() == "status" and "status" not in header.fields:
                # A misspelt `Status: draft` would publish the draft: an error, so publish stops.
                message = (
                    f"unknown field {written!r}{hint} Without a Status line this post would be published: "
                    "fix the field's name (or remove it)"
                )
                problems.append(Problem(rel, line, message, code="field"))
                continue
            problems.append(Problem(rel, line, f"unknown field {written!r}{hint}", WARNING, code="field"))
    return problems


def reading_field_problems(rel: str, header: Header) -> list[Problem]:
    """`Series-Part` is a number given with a `Series`; `Toc` is on or off (warnings: the post still builds)."""
    from post_navigation.series import SeriesProblem, part_number
    from reading import TOC_SWITCH

    problems = []
    if "series-part" in header.fields:
        line = header.line("series-part")
        try:
            part_number(header.value("series-part"))
        except SeriesProblem as problem:
            problems.append(Problem(rel, line, str(problem), WARNING, code="series"))
        if header.value("series-part") and not header.value("series"):
            message = "Series-Part is given without Series (add 'Series: The series name')"
            problems.append(Problem(rel, line, message, WARNING, code="series"))
    toc = header.value("toc")
    if toc and toc.lower() not in TOC_SWITCH:
        message = f"Toc {toc!r} is not understood (write 'Toc: off' or 'Toc: on')"
        problems.append(Problem(rel, header.line("toc"), message, WARNING, code="toc"))
    return problems


def duplicate_series_parts(headers: dict[Path, Header]) -> list[tuple[Path, Problem]]:
    """A published part whose `Series-Part` number another part of its series has already (in file order)."""
    from post_navigation.series import SeriesProblem, part_number, series_key

    seen: dict[tuple[str, int], Path] = {}
    found = []
    for path in sorted(headers):
        header = headers[path]
        if not header.value("series") or header.value("status").lower() in ("draft", "hidden"):
            continue
        try:
            number = part_number(header.value("series-part"))
        except SeriesProblem:
            continue  # reported with the post's own fields
        if number is None:
            continue
        key = (series_key(header.value("series")), number)
        if key in seen:
            message = (
                f"Series-Part {number} is also the part number of {display(seen[key])} in series "
                f"{header.value('series')!r}: give each part its own number"
            )
            found.append((path, Problem(display(path), header.line("series-part"), message, WARNING, code="series")))
        else:
            seen[key] = path
    return found


def tag_pages(headers: dict[Path, Header], settings) -> list[tuple[Path, Problem]]:
    """Tags that make no page's address (an emoji alone: left off their post), or share one under two names.

    A tag's page is named after its slug: `🚀` makes none (Pelican wrote its page over the tags' folder,
    `tag/index.html`, and its feeds as hidden files), and `C++` and `C#` make the same, `c`, one page
    showing both under the first one's name.
    """
    from pelican.urlwrappers import Tag

    zone = settings.get("TIMEZONE") or "UTC"
    slugs: dict[str, str] = {}
    # slug -> each name given it (casefolded names as one), with how many posts use it and the first of them
    names: dict[str, dict[str, list]] = {}
    found = []
    tagged = []
    for path in sorted(headers):
        header = headers[path]
        here: dict[str, str] = {}  # slug -> the name this post gives it first
        for name in dict.fromkeys(listed(header.value("tags"))):
            if name not in slugs:
                slugs[name] = Tag(name, settings).slug
            slug, line = slugs[name], header.line("tags")
            if slug and here.setdefault(slug, name) != name:  # `Interviews, interviews`: the build keeps the first
                found.append(
                    (path, Problem(display(path), line, written_twice(name, here[slug], slug), WARNING, code="tag"))
                )
                continue
            if not slug:
                message = (
                    f"tag {name!r} has no letter or digit to make its page's address from: write it in words"
                    " (it is left off the post until then)"
                )
                found.append((path, Problem(display(path), line, message, WARNING, code="tag")))
                continue
            dated = parsed_date(header.value("date"), zone) or LATEST
            used = names.setdefault(slug, {}).setdefault(name.casefold(), [0, name, path, dated])
            used[0] += 1
            if dated < used[3]:
                used[2:] = [path, dated]
            tagged.append((path, line, name, slug))
    # The name most posts give a page is the one it goes by (on a tie, the oldest post's): the others are told.
    usual = {
        slug: max(given.values(), key=lambda used: (used[0], -used[3].timestamp())) for slug, given in names.items()
    }
    for path, line, name, slug in tagged:
        _count, earlier, where, _dated = usual[slug]
        if earlier.casefold() != name.casefold():
            message = (
                f"tag {name!r} shares its page, /tag/{slug}/, with tag {earlier!r} ({display(where)}):"
                " the page shows both as one; name one of them apart"
            )
            found.append((path, Problem(display(path), line, message, WARNING, code="tag")))
    return found


def unaddressed_names(headers: dict[Path, Header], settings) -> list[tuple[Path, Problem]]:
    """An author or category that makes no page's address (an emoji alone): the post is left out (Pelican wrote
    its page over the authors' folder, `author/index.html`, and its feeds as hidden files)."""
    from pelican.urlwrappers import Author, Category

    found, slugs = [], {}
    for path in sorted(headers):
        header = headers[path]
        named = [("author", Author, name) for name in author_names(header)]
        if header.value("category").strip():
            named.append(("category", Category, header.value("category").strip()))
        for what, kind, name in named:
            if (what, name) not in slugs:
                slugs[(what, name)] = kind(name, settings).slug
            if not slugs[(what, name)]:
                field = "authors" if what == "author" and header.value("authors") else what
                message = (
                    f"{what} {name!r} has no letter or digit to make its page's address from: write it in words"
                    " (the post is left out of the site until then)"
                )
                found.append((path, Problem(display(path), header.line(field), message, code="slug")))
    return found


def modified_before_date(rel: str, header: Header) -> list[Problem]:
    """A `Modified:` earlier than the `Date:`: the page would say it was updated before it was published."""
    if not (header.value("date") and header.value("modified")):
        return []
    date, modified = parsed_date(header.value("date"), "UTC"), parsed_date(header.value("modified"), "UTC")
    if date is None or modified is None or modified >= date:
        return []
    message = (
        f"Modified {header.value('modified')!r} is before Date {header.value('date')!r}: the page would say it was"
        " updated before it was published (Modified is the day of the last change: fix one of them)"
    )
    return [Problem(rel, header.line("modified"), message, WARNING, code="modified")]


# A word of a date that names a time zone: `America/Los_Angeles`, or letters after the time (`utc`, `pdt`).
ZONE_WORD = re.compile(
    r"[A-Za-z]+/[A-Za-z_]+|\d\s*(?:am|pm)?\s+\(?[A-Za-z]{2,5}(?:\d[A-Za-z]{2,5})?\)?\s*$", re.IGNORECASE
)  # ... or a POSIX zone (`EST5EDT`)


def date_problems(rel: str, line: int, key: str, value: str) -> list[Problem]:
    """A date that does not parse; or one that does, but could mean two days (05/03/2024)."""
    try:
        date = parse_date(value)
    except UnknownZone as error:
        message = (
            f"{key.title()} {value!r} names its time zone as Pelican cannot read it everywhere ({error.zone!r}):"
            " write the offset from UTC instead (2024-07-01 10:00-07:00 for 10:00 in California in summer), or"
            " leave the zone out for the site's TIMEZONE: the post is left out until then"
        )
        return [Problem(rel, line, message, code="date-zone")]
    except ValueError:
        message = f"{key.title()} {value!r} is not a date (write it like 2024-03-01 09:00)"
        if ZONE_WORD.search(value):
            message = message[:-1] + ", with an offset such as -07:00 for another time zone than the site's)"
        if key != "date":  # Pelican cannot read the post either: said here, so the build does not say it again
            message += ": the post is left out until then"
        return [Problem(rel, line, message, code="date")]
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        years = f"{FIRST_YEAR} to {LAST_YEAR}"
        message = f"{key.title()} {value!r} is out of range: the post is left out (give a year from {years})"
        return [Problem(rel, line, message, code="date-range")]
    if (match := AMBIGUOUS_DATE.match(value)) and match["first"] != match["second"]:
        return [
            Problem(
                rel,
                line,
                f"{key.title()} {value!r} is read as {date:%-d %B %Y} (month first): write {date:%Y-%m-%d},"
                f" or {date:%Y}-{int(match['second']):02d}-{int(match['first']):02d} if you meant {int(match['first'])}"
                f" {date.replace(month=int(match['second']), day=int(match['first'])):%B}",
                WARNING,
                code="date-order",
            )
        ]
    return []


def looks_alike_name(typed: str, bio_name: str) -> str:
    """A note when an author's name looks like its bio's and is written otherwise (accents as separate marks)."""
    if typed == bio_name or unicodedata.normalize("NFC", typed) != unicodedata.normalize("NFC", bio_name):
        return ""
    return " (they look the same, but one writes its accents as separate marks, as a Mac may paste them)"


def check_author(rel: str, header: Header, site: Site, slugify: Callable[[str], str]) -> list[Problem]:
    """Every author named has a bio file."""
    names = author_names(header)  # as Pelican reads them: `Author:` one name, commas and all
    key = "authors" if "authors" in header.fields else "author"
    if not names:
        return [Problem(rel, 1, f"missing Author (the name of a bio in {site.bios}/)", code="author")]
    problems = []
    if header.value("authors") and header.value("author"):
        message = "Author is left out when Authors is given: put every author in Authors"
        problems.append(Problem(rel, header.line("author"), message, WARNING, code="author"))
    value = header.value("authors")
    if ";" not in value:  # at commas: a bio's name holding one ('Smith, John') is read as two authors
        parts = [part.strip() for part in value.split(",")]
        joined = [f"{a}, {b}" for a, b in itertools.pairwise(parts) if f"{a}, {b}".casefold() in site.authors]
        if joined:
            message = (
                f"Authors reads {joined[0]!r} as two authors (it splits at commas): separate the authors with"
                f" semicolons, e.g. 'Authors: {joined[0]}; ...'"
            )
            return [Problem(rel, header.line("authors"), message, code="author")]
    by_slug = None
    for name in names:
        if not slugify(name):  # no address at all: unaddressed_names says so
            continue
        bio_name = site.authors.get(name.casefold())
        if bio_name is None:  # the build finds a post's bio by the author's slug: `chris`, `José` typed on a Mac
            by_slug = by_slug if by_slug is not None else {slugify(bio): bio for bio in site.authors.values()}
            bio_name = by_slug.get(slugify(name))
        if bio_name is not None:
            if name != bio_name:
                note = looks_alike_name(name, bio_name)
                message = f"Author {name!r} is {bio_name!r} in its bio{note}: write it as the bio does (posts show it)"
                problems.append(Problem(rel, header.line(key), message, WARNING, code="author"))
            continue
        guess = closest(name, site.authors.values())
        if len(name) > ADDRESS_PART_BYTES // 2:  # no bio for a name this long: shortening it is the fix
            problems.append(Problem(rel, header.line(key), f"Author {name[:40]!r}… has no bio", code="author"))
            continue
        fix = (
            f"did you mean {guess!r}?"
            if guess
            else f'add {site.bios}/{slugify(name)}.md (`invoke new-author "{name}"`), or fix the name'
        )
        problems.append(Problem(rel, header.line(key), f"Author {name!r} has no bio: {fix}", code="author"))
    return problems


class BodyImage(NamedTuple):
    """An image of a post: where, what, its alt text, how it is written, and whether it is decorative."""

    line: int
    src: str
    alt: str
    form: str = "markdown"  # "lead" (Image:), "markdown" (also by reference) or "html"
    decorative: bool = False


def no_alt(image: BodyImage, credit: str) -> str:
    """The message for an image without alt text: where to write it."""
    where = {
        "lead": "in an 'Image-Alt:' line",
        "html": 'in its tag (alt="what it shows")',
    }.get(image.form, f"between the brackets (![what it shows]({image.src}))")
    return (
        f"image {image.src} has no alt text: describe it for readers who cannot see it {where},"
        f" or as 'Alt:' in {credit}"
    )


def missing_image(src: str, found: str | None, candidates: list[str], root: Path, post_dir: str = "") -> str:
    """Why a local image is not there to publish ("" when it is): no such file, or a link to a file elsewhere."""
    if found is None and (cut := cut_short(src, post_dir, root)):
        return cut
    if found is None:
        guess = closest_file(candidates[0], images_near(root, candidates[0]))
        fix = (
            f"did you mean {guess}?{looks_alike(candidates[0], guess)}"
            if guess
            else f"save it in {display(root / 'images')}/ and write images/its-name"
        )
        return f"image {src} does not exist: {fix}"
    if not inside(root, root / found):  # a symbolic link to a file elsewhere: never copied
        return linked_out(f"image {src}", root / found, root)
    return ""


def cut_short(src: str, post_dir: str, root: Path) -> str:
    """Why an image whose file name holds `#` or `?` is not found: an address ends its path there ("" otherwise)."""
    written = src.removeprefix("{static}").removeprefix("{attach}")
    if not (mark := marked_file(written, post_dir, root)):
        return ""
    return (
        f"image {src}: its file name holds {mark!r}, where an address ends its path (the rest is not part of the"
        f" name): rename the file without {mark!r}"
    )


def marked_name(src: str, found: str, candidates: list[str]) -> str:
    """Why an image written with `%23` or `%3F` (`a%231.png`, found as `a#1.png`) breaks ("" when it does not): the
    build writes the file's name as it is in the page, and an address ends its path at `#` or `?`."""
    mark = next((m for m in "#?" if m in posixpath.basename(found)), "") if found not in candidates else ""
    if not mark:
        return ""
    return (
        f"image {src}: its file name holds {mark!r}, which the page's address writes as it is, where an address"
        f" ends its path (the rest is not part of the name): rename the file without {mark!r}"
    )


def image_problems(rel: str, image: BodyImage, *, post_dir: str, site: Site) -> list[Problem]:
    """An image a post uses: a path of the site or a web address; it exists, has alt text and a credit."""
    line, src = image.line, image.src
    needs_alt = not image.alt.strip() and not image.decorative
    parts = split_url(src)
    scheme = parts.scheme.lower() if parts is not None else "not valid"
    if scheme and scheme not in ("http", "https"):
        what = "is not a valid address" if parts is None else "is neither a path of the site nor an http(s) address"
        return [Problem(rel, line, f"Image {src!r} {what}: write images/its-name", code="image")]
    if scheme or src.startswith("//"):
        credit = site.remote_credits.get(src) if site.remote_credits is not None else ""
        problems = []
        if site.warn_images and needs_alt and not credit:
            problems.append(Problem(rel, line, no_alt(image, "the .credit file whose 'For:' names it"), code="alt"))
        if site.warn_images and site.remote_credits is not None and credit is None:
            problems.append(
                Problem(rel, line, f"image {src} has no credit (add a .credit file with 'For: {src}')", code="credit")
            )
        return problems
    target = src.removeprefix("{static}").removeprefix("{attach}").split("#")[0].split("?")[0]
    candidates = [posixpath.normpath(target.lstrip("/"))]
    if not target.startswith("/"):
        candidates.insert(0, posixpath.normpath(posixpath.join(post_dir, target)))
    if all(leaves(c) for c in candidates):  # the build never copies a file from outside the content folder
        return [
            Problem(
                rel,
                line,
                f"image {src} is outside {display(site.root)}/: put it in {display(site.root / 'images')}/",
                code="image",
            )
        ]
    # As Pelican looks a {static} path up: as written, then with its %-escapes undone (`My%20Photo.jpg`).
    tried = candidates + [unquote(c) for c in candidates if "%" in c]
    found = next((c for c in tried if not leaves(c) and (site.root / c).is_file()), None)
    missing = missing_image(src, found, candidates, site.root, post_dir)
    if missing := missing or escaped_name(f"image {src}", found) or marked_name(src, found, candidates):
        return [Problem(rel, line, missing, code="image")]
    problems = []
    if not site.warn_images:
        return problems
    credit = site.root / (found + site.credit_suffix)
    if needs_alt and not _credit_alt(credit):
        problems.append(Problem(rel, line, no_alt(image, display(credit)), code="alt"))
    if not credit.is_file():
        problems.append(
            Problem(
                rel,
                line,
                f"image {src} has no credit (add {display(site.root / found)}{site.credit_suffix})",
                code="credit",
            )
        )
    return problems


def closest_file(path: str, paths) -> str | None:
    """The path whose file name is closest to that of `path` (a typo in a name), or None."""
    by_name = {posixpath.basename(p): p for p in paths}
    guess = closest(posixpath.basename(path), by_name, cutoff=0.75)
    return by_name[guess] if guess else None


def images_near(root: Path, path: str) -> list[str]:
    """The images in the folder a missing image was looked for in, for a 'did you mean'."""
    folder = root / posixpath.dirname(path)
    if not folder.is_dir():
        return []
    prefix = posixpath.dirname(path)
    return [posixpath.join(prefix, p.name) for p in folder.iterdir() if p.is_file() and not p.name.endswith(".credit")]


def _credit_alt(credit: Path) -> str:
    if not credit.is_file():
        return ""
    # A credit that is not UTF-8 is reported with the credit files; only its Alt is wanted here.
    for line in lines_of(credit.read_text(encoding="utf-8-sig", errors="replace")):
        key, _, value = line.partition(":")
        if key.strip().lower() == "alt":
            return value.strip()
    return ""


def references(lines: list[tuple[int, str]]) -> dict[str, tuple[int, str]]:
    """Reference definitions, `[label]: target`: lowercased label -> (line, target)."""
    return {m["label"].lower(): (n, m["target"]) for n, line in lines if (m := REFERENCE.match(line))}


def decorative(attributes: str | None) -> bool:
    """Whether an attribute list (`{: .decorative}`) or an HTML class marks an image as decorative."""
    return bool(attributes and DECORATIVE.search(" " + attributes.replace('"', " ").replace("'", " ")))


def body_images(lines: list[tuple[int, str]], refs: dict[str, tuple[int, str]]):
    """Each image of the body (a BodyImage): Markdown, by reference, or HTML."""
    for number, line in lines:
        for match in IMAGE.finditer(line):
            yield BodyImage(number, match["src"], match["alt"], "markdown", decorative(match["attrs"]))
        for match in REFERENCE_IMAGE.finditer(line):
            label = (match["label"] or match["alt"]).lower()
            if label in refs:
                yield BodyImage(number, refs[label][1], match["alt"], "markdown", decorative(match["attrs"]))
        for match in HTML_IMG.finditer(line):
            written = match["attributes"] if match["attributes"] is not None else match["loose"]
            # As a browser reads them: `&#45;` is '-' (html.parser hands the build the values so).
            attributes = {m["name"].lower(): html.unescape(m["value"]) for m in ATTRIBUTE.finditer(written)}
            if attributes.get("src"):
                classes = " ".join("." + name for name in attributes.get("class", "").split())
                yield BodyImage(number, attributes["src"], attributes.get("alt", ""), "html", decorative(classes))


def body_links(lines: list[tuple[int, str]], refs: dict[str, tuple[int, str]]):
    """(line, target) of each link of the body: inline, reference definitions, HTML."""
    for number, line in lines:
        for match in LINK.finditer(line):
            yield number, match["angled"] if match["angled"] is not None else match["bare"]
        for match in HTML_LINK.finditer(line):
            yield number, match["target"]
        if "<" in line:
            for match in AUTOLINK.finditer(line):
                yield number, match["target"]
            if "{" in line or "|" in line:
                for match in HTML_MARKED.finditer(line):
                    yield number, match["target"]
        for tag in HTML_LOADING.finditer(line):
            for match in HTML_SOURCE.finditer(tag.group()):
                if match["name"].lower() != "srcset":  # srcset: srcset_candidates
                    yield number, match["target"]
    for number, target in refs.values():
        yield number, target


# A tag the checks read (an image, a link, what a page loads) left open at the end of its line.
OPEN_TAG = re.compile(
    r"<(?:img|a|source|script|video|audio|iframe|embed|object|track|picture)\b(?:[^<>\"']|\"[^\"]*+\"|'[^']*+')*+$",
    re.IGNORECASE,
)


def joined_tags(lines: list[tuple[int, str]], most: int = 20) -> list[tuple[int, str]]:
    """The lines with a tag written over several (`<img` then `src="..."` on the next) as one, at its first line.

    The checks read a line at a time; such an image or link was read by nobody, and only the
    publish found it broken. A tag is joined over `most` lines at most (one left open is text).
    """
    joined, index = [], 0
    while index < len(lines):
        number, text = lines[index]
        last = index
        while OPEN_TAG.search(text) and last + 1 < len(lines) and last - index < most:
            if lines[last + 1][0] != lines[last][0] + 1:  # a line between them is code or blank: the tag ended
                break
            last += 1
            text += " " + lines[last][1]
        joined.append((number, text))
        index = last + 1
    return joined


def is_local(src: str) -> bool:
    """Whether an image's address is the site's own file (no scheme, no host)."""
    return bool(src) and (parts := split_url(src)) is not None and not (parts.scheme or parts.netloc)


def listed_srcset(number: int, src: str, attrs: str | None):
    """(line, address, on a local image) of each candidate of the srcset an attribute list gives a Markdown image."""
    for match in LISTED_SRCSET.finditer(attrs or ""):
        written = next(value for value in match.group("double", "single", "bare") if value is not None)
        yield from ((number, url, is_local(src)) for url in srcset_urls(written))


def srcset_candidates(lines: list[tuple[int, str]], refs: dict[str, tuple[int, str]]):
    """(line, address, on a local <img>) of each candidate of a srcset the post writes (an <img>'s, a <picture>'s
    <source>'s, or a Markdown image's attribute list: `{: srcset="..."}`), as a browser splits them."""
    for number, line in lines:
        if "srcset" not in line.lower():
            continue
        for match in IMAGE.finditer(line):
            yield from listed_srcset(number, match["src"], match["attrs"])
        for match in REFERENCE_IMAGE.finditer(line):
            if (label := (match["label"] or match["alt"]).lower()) in refs:
                yield from listed_srcset(number, refs[label][1], match["attrs"])
        if "<" not in line:
            continue
        for tag in [*HTML_LOADING.finditer(line), *HTML_IMG.finditer(line)]:
            local = False
            if tag.group().lower().startswith("<img"):
                src = next((m["target"] for m in HTML_SOURCE.finditer(tag.group()) if m["name"].lower() == "src"), "")
                local = is_local(src)
            for match in HTML_SOURCE.finditer(tag.group()):
                if match["name"].lower() == "srcset":
                    yield from ((number, url, local) for url in srcset_urls(html.unescape(match["target"])))


def srcset_problem(url: str, *, page_url: str, post_dir: str, site: SiteMap):
    """The problem of a srcset's address (severity, message), or None. Pelican resolves `{static}` and the build
    places a relative address in `src` alone: in a srcset they reach the page as written, and lead nowhere."""
    parts = split_url(url)
    if parts is not None and parts.scheme.lower() in ("http", "https"):
        return link_problem(url, page_url=page_url, post_dir=post_dir, site=site)
    return ERROR, (
        f"srcset address {url}: the build resolves addresses in src alone, and this one reaches the page as"
        " written, where it leads nowhere: give a full address (https://...)"
    )


def check_images(rel: str, header: Header, lines, refs, *, post_dir: str, site: Site) -> list[Problem]:
    """The lead image and every image in the body."""
    problems = []
    if lead := header.value("image"):
        image = BodyImage(header.line("image"), lead, header.value("image-alt"), "lead")
        problems += image_problems(rel, image, post_dir=post_dir, site=site)
    for image in body_images(lines, refs):
        problems += image_problems(rel, image, post_dir=post_dir, site=site)
    return problems


def noted_alts(rel: str, body: list[str], first_line: int, lines, refs) -> list[Problem]:
    """A Markdown image whose alt text holds a note (`<!-- -->`), which the body's lines read without their notes:
    the note is text there, shown and read out. (In an HTML tag's attribute it breaks the tag: tags.py.)"""
    problems = []
    for number, _text in lines:
        raw = body[number - first_line]
        raw = CODE_SPAN.sub("", raw) if "`" in raw else raw  # an image written in code is no image
        if "<!--" not in raw:
            continue
        for image in body_images([(number, raw)], refs):
            if image.form != "html" and "<!--" in image.alt:
                problems.append(Problem(rel, number, note_shown(f"image {image.src}'s alt text"), ERROR, "note"))
    return problems


def check_links(rel: str, lines, refs, *, post_dir: str, page_url: str, site: Site) -> list[Problem]:
    """Every link of the body leads to a page readers will find (see links.py)."""
    problems = []
    image_refs = {(m["label"] or m["alt"]).lower() for _n, line in lines for m in REFERENCE_IMAGE.finditer(line)}
    for number, target in body_links(lines, {k: v for k, v in refs.items() if k not in image_refs}):
        if found := link_problem(target, page_url=page_url, post_dir=post_dir, site=site.map):
            severity, message = found
            subject = link_subject(target, post_dir=post_dir, site=site.map)
            problems.append(Problem(rel, number, message, severity, code="link", subject=subject))
    left_out = set()
    for number, url, local in srcset_candidates(lines, refs):
        if local:  # image_credits leaves it out (figures.WRITERS_SRCSET): said once a line
            if number not in left_out:
                left_out.add(number)
                message = (
                    "this image's srcset is left out of the page: the build resolves addresses in src alone, and"
                    " makes a srcset itself from the image's own smaller copies (a photo's)"
                )
                problems.append(Problem(rel, number, message, WARNING, code="srcset"))
        elif found := srcset_problem(url, page_url=page_url, post_dir=post_dir, site=site.map):
            problems.append(Problem(rel, number, found[1], found[0], code="link", subject=url))
    return problems


def bio_links(rel: str, lines: list[tuple[int, str]], folder: Path, root: Path) -> list[Problem]:
    """A bio's links that lead nowhere: a bio shows on every post of its author and on the author's page, at
    other depths, where an address relative to the page (`archives/`, `../x/`) or to the site's root leads
    elsewhere each time (an outside tester's finding: the publish blamed the posts, once a page). Pelican
    resolves the marks it knows against the site's address (`{index}`, `{tag}x`, `{filename}/post.md`), a file's
    from the bio's folder (`folder`) or the content folder's root (`root`, for a path starting with '/'): a file
    not there, or a mark it does not know, is named here; the publish's link check judges the rest."""
    problems = []
    for number, written in body_links(lines, references(lines)):
        target = written.strip()
        parts = split_url(target)
        if (found := script_link(target)) is not None:
            problems.append(Problem(rel, number, found[1], found[0], code="link"))
        elif mark := PELICAN_LINK.match(target):
            what, value = mark["what"], without_query(mark["value"])
            if what not in INDICATORS:
                severity, message = unknown_mark(what, value)
                problems.append(Problem(rel, number, message, severity, code="bio-link", subject=target))
            elif what in ("filename", "static", "attach") and not (
                (file := linked_file(value, Path(os.path.relpath(folder, root)).as_posix(), root)) is not None
                and file.is_file()
            ):
                message = (
                    f"link {target} in a bio leads nowhere: Pelican finds its file from the bio's folder, or from"
                    f" content/ with a leading '/' ({{{what}}}/its-file), and there is none there"
                )
                problems.append(Problem(rel, number, message, code="bio-link", subject=target))
        elif target and not target.startswith("#") and not (parts is not None and (parts.scheme or parts.netloc)):
            message = (
                f"link {target} in a bio leads nowhere on most pages: a bio shows on every post of its author and on"
                " the author's page, at other depths; give the full address (https://...), or a mark ({index},"
                " {tag}its-name, {filename}/its-file.md)"
            )
            problems.append(Problem(rel, number, message, code="bio-link", subject=target))
    return problems


def check_post(
    path: Path, text: str, header: Header, site: Site, *, kind: str, images: bool = True, settings=None
) -> list[Problem]:
    """Every problem of one post or page but those of its metadata (images too, unless `images` is False)."""
    rel = display(path)
    source = path.relative_to(site.root).as_posix()
    post_dir = posixpath.dirname(source)
    body = lines_of(text)[header.body_line - 1 :]
    lines = prose_lines(body, header.body_line)
    if any("<" in line and OPEN_TAG.search(line) for _number, line in lines):  # a tag going on over lines
        lines = joined_tags(prose_lines(body, header.body_line, every=True))
    refs = references(lines)
    # The summary is Markdown too, shown on the listings (its lines go on indented, each at its own line), read as
    # the body is (code and comments apart); it keeps text and links only.
    summary = header.value("summary")
    summary_lines = prose_lines(summary.split("\n"), header.line("summary")) if summary else []
    problems = []
    if images:
        problems += check_images(rel, header, lines, refs, post_dir=post_dir, site=site)
    problems += noted_alts(rel, body, header.body_line, lines, refs)
    markdown_settings = markdown_options(settings)
    problems += broken_tags(rel, "\n".join(body), header.body_line, markdown_settings)
    problems += open_notes(rel, "\n".join(body), header.body_line, markdown_settings)
    if summary:  # shown on the listings, rendered as the body is
        problems += broken_tags(rel, summary, header.line("summary"), markdown_settings)
        problems += open_notes(rel, summary, header.line("summary"), markdown_settings, " in the Summary")
    if "<" in (title := header.value("title")):  # typogrified as the body is
        problems += broken_tags(rel, title, header.line("title"), markdown_settings)
    problems += [
        Problem(
            rel, image.line, f"image {image.src} is not shown: a Summary keeps text and links only", WARNING, "image"
        )
        for image in body_images(summary_lines, {})
    ]
    target = site.map.sources.get(source)
    page_url = target.url if target is not None else ""
    problems += check_links(rel, summary_lines + lines, refs, post_dir=post_dir, page_url=page_url, site=site)
    problems += inert_scripts(rel, lines, settings or {}, header.value("csp"))
    return problems


# The endings of the files Pelican's Markdown reader reads (as they are: `post.MD` is not read).
MARKDOWN_ENDINGS = (".md", ".markdown", ".mkd", ".mdown")
# Endings of files a writer may have meant as a post, which Pelican does not read: a Markdown ending in capitals,
# a text file, a word processor's document.
MEANT_AS_POSTS = frozenset(
    {*MARKDOWN_ENDINGS, ".txt", ".text", ".docx", ".doc", ".odt", ".rtf", ".pages", ".html", ".htm", ".rst"}
)


def folder_files(root: Path, excluded: list[str], ignores: list[str]):
    """(folder, name) of every file under the content folder, but those in `excluded` folders or IGNORE_FILES."""
    for folder, dirs, files in os.walk(root):
        relative = os.path.relpath(folder, root)
        dirs[:] = sorted(
            d
            for d in dirs
            if os.path.normpath(os.path.join(relative, d)) not in excluded
            and not any(fnmatch.fnmatch(d, p) for p in ignores)
        )
        for name in sorted(files):
            if not any(fnmatch.fnmatch(name, p) for p in ignores):
                yield folder, name


def content_files(root: Path, excluded: list[str], ignores: list[str]) -> list[Path]:
    """The Markdown files under the content folder, but those in `excluded` folders."""
    found = folder_files(root, excluded, ignores)
    return [Path(folder) / name for folder, name in found if name.endswith(MARKDOWN_ENDINGS)]


def unread_posts(root: Path, excluded: list[str], ignores: list[str], templates: set[str]) -> list[Problem]:
    """Files among the posts (or pages) that a writer meant as one, which Pelican does not read: `post.MD`, `post.txt`.

    `templates`: the files TEMPLATE_PAGES renders (a template may sit in the content folder).
    """
    problems = []
    for folder, name in folder_files(root, excluded, ignores):
        stem, ending = os.path.splitext(name)
        path = Path(folder) / name
        if name.endswith(MARKDOWN_ENDINGS) or ending.lower() not in MEANT_AS_POSTS:
            continue
        if path.relative_to(root).as_posix() in templates:
            continue
        renamed = ending.lower() in (*MARKDOWN_ENDINGS, ".txt", ".text")
        stem = stem.removesuffix(".md") if stem.lower().endswith(".md") else stem  # `post.md.txt`: post.md
        fix = f"rename it {stem}.md" if renamed else "save it as Markdown"
        message = f"Pelican does not read a {ending} file: this is not published ({fix}, if it is a post)"
        problems.append(Problem(display(path), 1, message, WARNING, "unread"))
    return problems


def bio_names(folder: Path) -> frozenset[str]:
    """The names (casefolded) that have a bio file."""
    from .bios import bio_index

    return frozenset(bio_index(folder))


def remote_credit_urls(credits: list[Path]) -> dict[str, str]:
    """The remote image URLs that some credit file names with a 'For:' line, with the file's Alt."""
    urls = {}
    for credit in credits:
        fields = {}
        for line in lines_of(credit.read_text(encoding="utf-8-sig", errors="replace")):
            key, _, value = line.partition(":")
            fields[key.strip().lower()] = value.strip()
        if fields.get("for"):
            urls[fields["for"]] = fields.get("alt", "")
    return urls


def made_by_hand(path: Path, header: Header, slugify: Callable[[str], str]) -> str:
    """The field that gives a file an address neither its title nor its file name gives ('Slug', 'save_as', 'URL').

    "" when its address is its own: from its title, or its `Slug:` is its title's or its
    file's name (new-post names the file after the slug, which stays when the title changes).
    """
    for key, name in (("save_as", "save_as"), ("url", "URL")):
        if header.value(key):
            return name
    slug = header.value("slug")
    if not slug:  # most posts: no slugify of their title (a check ranks every post)
        return ""
    own = (slugify(header.value("title") or path.stem), path.stem, slugify(path.stem))
    return "Slug" if slug not in own else ""


def duplicate_addresses(
    site: SiteMap, headers: dict[Path, Header], slugify: Callable[[str], str], timezone: str = "UTC"
) -> list[tuple[Path, Problem]]:
    """Two files that would be written at the same address: one keeps it, the other is left out.

    The file that keeps the address is the one whose address comes from its own
    title (the other's `Slug:`, `save_as` or `URL` made the clash), else the older
    one, else the first by path. The map follows: the one left out is marked so,
    and a link to it is reported like a link to any post left out.
    """
    by_url: dict[str, list[Path]] = {}
    for path in headers:
        target = site.sources.get(path.relative_to(site.root).as_posix())
        if target is not None and target.status != "left out" and target.url:
            by_url.setdefault(target.url, []).append(path)

    def rank(path: Path) -> tuple:
        date = parsed_date(headers[path].value("date"), timezone) if headers[path].value("date") else None
        return bool(made_by_hand(path, headers[path], slugify)), date or LATEST, str(path)

    problems = []
    for url, paths in by_url.items():
        if len(paths) < 2:
            continue
        keeper, *others = sorted(paths, key=rank)
        site.pages[url] = site.sources[keeper.relative_to(site.root).as_posix()]
        for path in others:
            header, source = headers[path], path.relative_to(site.root).as_posix()
            site.sources[source] = replace(site.sources[source], status="left out")
            field = made_by_hand(path, header, slugify) or ("Slug" if header.value("slug") else "")
            if field in ("save_as", "URL"):
                what, fix = f"its {field} {header.value(field.lower())!r} is the address", f"change its {field}"
            else:
                slug = header.value("slug") or slugify(header.value("title") or path.stem)
                what, fix = f"slug {slug!r} is also the address", "give this one another 'Slug:'"
            message = f"{what} of {display(keeper)}, which keeps it: {fix} (it is left out of the site until then)"
            line = header.line(field.lower() if field else "title")
            problems.append((path, Problem(display(path), line, message, code="slug")))
    return problems


def parents(name: str) -> list[str]:
    """The folders a file is in, deepest first (`a/b/c.html`: `a/b`, `a`)."""
    return [name.rsplit("/", n)[0] for n in range(1, name.count("/") + 1)]


def folders_of(names) -> frozenset[str]:
    """Every folder the files named are in (`a/b/c.html`: `a`, `a/b`)."""
    return frozenset(folder for name in names for folder in parents(name))


def other_posts_file(site: SiteMap, source: str, written: str, files: dict[str, str], folders: dict[str, set[str]]):
    """Where a post's file would stand in another post's way (inside its file, or where its page needs a folder),
    in words; or None. `files`: each post's file -> its source; `folders`: each folder of them -> their sources."""
    if files.get(written, source) != source:
        return f"over the page of {display(site.root / files[written])}"
    other = next((files[p] for p in parents(written) if p in files and files[p] != source), None)
    if other is not None:
        return f"inside the file of the page of {display(site.root / other)}"
    others = sorted(folders.get(written, set()) - {source})
    if others:
        return f"where the page of {display(site.root / others[0])} needs a folder"
    return None


def file_clash(site: SiteMap, written: str, folders: frozenset[str] = frozenset()) -> str | None:
    """What a post's page would overwrite or stand in the way of, in words; None: nothing of the site's.

    `folders`: those of the site's own files (folders_of), where a post's file cannot be.
    """
    if not written:
        return None
    paths = [written, *parents(written)]
    own = next((site.generated_files[p] for p in paths if p in site.generated_files), None)
    copied = next((p for p in paths if p.startswith(site.static_folders) and (site.root / p).is_file()), None)
    static = next((f for f in site.static_folders if f"{written}/".startswith(f)), None)
    found = (
        (own is not None, lambda: f"{'' if own is site.generated_files.get(written) else 'inside '}the file of"
                                  f" {page_name(own, site)}"),
        (written in folders, lambda: "where the site makes a folder of its own pages"),
        (site.later_page(written), lambda: "a page of a listing (its second page, third...)"),
        (copied is not None, lambda: f"{'over' if copied == written else 'inside'} {copied}, a file the site copies"),
        (static is not None, lambda: f"inside /{static}, where the site copies images and documents (and makes their"
                                     " smaller copies)"),
    )  # fmt: skip
    return next((say() for clashes, say in found if clashes), None)


@dataclass
class SitesOwn:
    """What a post's address and file are checked against: the site's own pages, folders, and the posts' files."""

    search: str | None
    folders: frozenset[str]  # those of the site's own files
    files: dict[str, str]  # each post's file -> its source
    post_folders: dict[str, set[str]]  # each folder of the posts' files -> the posts'

    @classmethod
    def of(cls, site: SiteMap) -> SitesOwn:
        search = "search/" if "search/" in site.generated else None
        return cls(search, folders_of(site.generated_files), {}, {})

    def keep(self, source: str, written: str) -> None:
        """A post keeps its file: the posts checked after it must not stand in its way."""
        if written:
            self.files[written] = source
            for folder in folders_of([written]):
                self.post_folders.setdefault(folder, set()).add(source)


# Characters a post's address cannot hold, which a `Slug:` written by hand may (the title's slug never does).
ADDRESS_BREAKERS = {
    "?": "where a browser ends the page's address (the rest is a query)",
    "#": "where a browser ends the page's address (the rest is a place in the page)",
    "\\": "which a browser reads as '/'",
    "%": "which a server reads as the start of an escape (%3F is '?'), finding another name",
}


def address_problem(site: SiteMap, source: str, header: Header, own: SitesOwn) -> tuple[str, str] | None:
    """(what is wrong with a post's address or file, its code), or None: see addresses_of_the_site."""
    target = site.sources[source]
    written = site.save_as.get(source, "")
    raw = header.value("save_as")  # a draft's too: the development build writes it there
    if (target.url and leaves(unquote(target.url))) or raw.startswith("/") or (raw and leaves(raw)):
        return f"its page would be written at {raw or written or target.url}, outside the site", "slug"
    if own.search is not None and target.url == own.search:
        if target.status == "draft":
            return None
        return (
            f"its address, {own.search}, is the search page's: the search page is left out (give it another"
            " 'Slug:', or move the search page with SEARCH_URL and SEARCH_SAVE_AS in pelicanconf.py)",
            "search-page",
        )
    # At a page's address, or a folder where the site writes a file (`feeds/all.atom.xml/`).
    page = site.generated.get(target.url) or site.generated.get(target.url.rstrip("/"))
    if page is not None:
        site.pages[target.url] = page
        return f"its address, /{target.url}, is the address of {page_name(page, site)}", "slug"
    # A folder the build writes whole, by the post's address or by its file (`Save_as: theme/x.css`, `theme`).
    folder = next((f for f in site.owned_folders if target.url.startswith(f) or f"{written}/".startswith(f)), None)
    if folder is not None:
        return f"its address, /{target.url}, is inside /{folder}, which holds {site.owned_folders[folder]}", "slug"
    # Another post's way: the posts checked before this one (addresses_of_the_site's order) keep their files.
    clash = written and (
        file_clash(site, written, own.folders) or other_posts_file(site, source, written, own.files, own.post_folders)
    )
    return (f"its page would be written at {written}, {clash}", "slug") if clash else unreachable(target.url)


def unreachable(url: str) -> tuple[str, str] | None:
    """(why no link reaches a post's address, its code), or None."""
    if marks := [mark for mark in ADDRESS_BREAKERS if mark in url]:
        return (
            f"its address, /{url}, holds '{marks[0]}', {ADDRESS_BREAKERS[marks[0]]}, so no link reaches its page",
            "slug",
        )
    return None


def addresses_of_the_site(
    site: SiteMap, headers: dict[Path, Header], slugify: Callable[[str], str]
) -> list[tuple[Path, Problem]]:
    """Posts at the address of a page the site makes itself (tags/, archives/, a tag's page, a feed), or whose file
    is another's, or inside a folder the build writes whole (the search index, the theme's files): left out, as the
    build would stop there.

    The search page is the exception: a post there keeps it (the search plugin leaves its page out, and says so).
    """
    problems, own = [], SitesOwn.of(site)

    def rank(path: Path) -> tuple:  # an address from the title (or the file's name) first, then the older
        header = headers[path]
        by_hand = bool(header.value("save_as") or header.value("url")) or header.value("slug") not in ("", path.stem)
        date = parsed_date(header.value("date"), "UTC") if header.value("date") else None
        return by_hand, date or LATEST, str(path)

    for path in sorted(headers, key=rank):
        header = headers[path]
        source = path.relative_to(site.root).as_posix()
        target = site.sources.get(source)
        if target is None or target.status == "left out":
            continue
        if not post_slug(path, header, slugify) and not header.value("save_as") and not header.value("url"):
            site.sources[source] = replace(target, status="left out")
            message = (
                "its title has no letter or digit to make its address from: give it a 'Slug:' line"
                " (it is left out of the site until then)"
            )
            problems.append((path, Problem(display(path), header.line("title"), message, code="slug")))
            continue
        if not target.url and not site.save_as.get(source):
            continue
        found = address_problem(site, source, header, own)
        if found is None:
            own.keep(source, site.save_as.get(source, ""))
            continue
        what, code = found
        if code == "search-page":  # the post keeps its page: the search page gives way
            line = header.line("slug" if header.value("slug") else "title")
            problems.append((path, Problem(display(path), line, what, code=code)))
            own.keep(source, site.save_as.get(source, ""))
            continue
        site.sources[source] = replace(target, status="left out")
        field = next((f for f in ("save_as", "url", "slug") if header.value(f)), "title")
        fix = f"give it another '{header.written.get(field, field)}:'" if field != "title" else "give it a 'Slug:' line"
        problems.append(
            (path, Problem(display(path), header.line(field), f"{what}: {fix} (it is left out of the site until then)",
                           code=code))
        )  # fmt: skip
    return problems


# The file system allows 255 bytes a file or folder name; the output names a folder after the slug.
ADDRESS_PART_BYTES = 200


def overlong_addresses(
    site: SiteMap, headers: dict[Path, Header], slugify: Callable[[str], str]
) -> list[tuple[Path, Problem]]:
    """Posts whose address, or a tag's, author's or category's, has a part too long for a folder: left out."""
    problems, slugified = [], {}
    for path, header in headers.items():
        source = path.relative_to(site.root).as_posix()
        target = site.sources.get(source)
        if target is None or target.status == "left out" or not target.url:
            continue
        names = [("slug" if header.value("slug") else "title", "its address", unquote(target.url).split("/"))]
        for field in ("tags", "author", "authors", "category"):
            values = [header.value(field).strip()] if field in ("author", "category") else listed(header.value(field))
            for value in filter(None, values):
                # Transliterated (Unidecode), a character makes at most 13: a short name is never too long.
                if len(value) > ADDRESS_PART_BYTES // 13:
                    what = f"the page of the {field.rstrip('s')} {value[:40]!r}"
                    if value not in slugified:
                        slugified[value] = slugify(value)
                    names.append((field, what, [slugified[value]]))
        for field, what, parts in names:
            longest = max(parts, key=lambda part: len(part.encode("utf-8")))
            size = len(longest.encode("utf-8"))
            if size <= ADDRESS_PART_BYTES:
                continue
            site.sources[source] = replace(target, status="left out")
            fix = "add a shorter 'Slug:' line" if field in ("slug", "title") else f"shorten it in '{field.title()}:'"
            message = (
                f"{what} would be named {longest[:40]}…, {size} bytes, more than a file name may be: {fix}"
                f" (at most {ADDRESS_PART_BYTES} characters; the post is left out of the site until then)"
            )
            problems.append((path, Problem(display(path), header.line(field), message, code="slug")))
            break
    return problems


@dataclass(frozen=True)
class Checked:
    """The problems the check found, and until when the clock leaves them as they are."""

    problems: list[Problem]
    # From this moment on the same files may give other problems (a scheduled post goes out);
    # None: the clock never changes them.
    holds_until: datetime | None = None
    # The menu items' problems against the site map (menu.menu_findings), which checked_site names at their lines.
    menu: tuple = ()


def answer_holds_until(the_map: SiteMap, settings, now: datetime) -> datetime | None:
    """Until when the check's answer holds as the clock runs, the files staying as they are.

    The clock enters the check twice: a post dated in the future is scheduled until its date,
    and a file without a date takes the moment of the check as its date in the URL patterns.
    """
    patterns = ("ARTICLE_URL", "PAGE_URL", "DRAFT_URL", "DRAFT_PAGE_URL")
    dated_urls = any("date" in str(settings.get(name) or "") for name in patterns)
    moments = []
    for target in the_map.sources.values():
        if target.status == "scheduled" and target.date is not None:
            moments.append(target.date)
        elif target.date is None and target.status != "left out" and dated_urls:
            return now  # its address moves with the clock
    return min(moments, default=None)


@dataclass
class FileCheck:
    """What checking one post or page found, kept for the next check (see CheckMemo)."""

    stamp: tuple[int, int] | None  # its size and modification time when read
    kind: str
    text: str | Problem
    header: Header | None = None
    metadata: list[Problem] = default(default_factory=list)  # check_metadata's
    rest: list[Problem] | None = None  # the rest of its own problems, found with CheckMemo.site


@dataclass
class CheckMemo:
    """The last check's findings file by file, for a check of the same content to take back what still holds.

    For a process that checks again and again (livereload's warm build process). Before each
    check its caller sets `context` (a digest of what the check reads besides the content
    folder: settings, code, the working folder...) and `stamps` (relative path, size,
    modification time of every file of the content folder but the comment store). A file
    whose stamp is the same is not read again; while no other file changes and the site's
    addresses, authors and credits stay the same, its problems are taken back as they were.
    """

    context: str = ""
    stamps: list[tuple[str, int, int]] = default(default_factory=list)
    surroundings: str = ""  # what the kept findings were found with: the context and every other file
    files: dict[Path, FileCheck] = default(default_factory=dict)
    site: tuple | None = None  # (the site map, the authors, the remote credits) the `rest`s were found with
    site_wide: SiteWide | None = None  # the last check's site map and problems across files


def memo_surroundings(memo: CheckMemo, root: Path, checked: set[Path]) -> tuple[str, dict[Path, tuple[int, int]]]:
    """A digest of the context and of every file but those `checked`, and the stamps of those."""
    summary, stamps = hashlib.sha256(memo.context.encode("utf-8", "surrogatepass")), {}
    for relative, size, modified in memo.stamps:
        path = root / relative
        if path in checked:
            stamps[path] = (size, modified)
        else:
            summary.update(f"\0{relative}\0{size}\0{modified}".encode("utf-8", "surrogatepass"))
    return summary.hexdigest(), stamps


def read_file_check(path: Path, kind: str, stamp: tuple[int, int] | None) -> FileCheck:
    """Read one post or page and check its metadata."""
    text = read_utf8(path)
    if isinstance(text, Problem):
        return FileCheck(stamp, kind, text)
    header = read_header(text)
    return FileCheck(stamp, kind, text, header, check_metadata(display(path), header, kind=kind))


def files_to_check(root: Path, posts: list[Path], pages: list[Path], memo: CheckMemo | None) -> dict[Path, FileCheck]:
    """Each post and page read and its metadata checked, or taken back from the memo when its stamp is the same."""
    page_set = set(pages)
    stamps: dict[Path, tuple[int, int]] = {}
    if memo is not None:
        surroundings, stamps = memo_surroundings(memo, root, {*posts, *pages})
        if surroundings != memo.surroundings:
            memo.surroundings, memo.files, memo.site, memo.site_wide = surroundings, {}, None, None
    files: dict[Path, FileCheck] = {}
    for path in [*posts, *pages]:
        kind, stamp = "page" if path in page_set else "article", stamps.get(path)
        known = memo.files.get(path) if memo is not None else None
        if known is not None and stamp is not None and known.stamp == stamp and known.kind == kind:
            files[path] = known
        else:
            files[path] = read_file_check(path, kind, stamp)
    if memo is not None:
        memo.files = files
    return files


def check_files(settings, posts: list[Path], pages: list[Path], *args, **kwargs) -> list[Problem]:
    """Every problem of every post and page (see `checked_files`)."""
    return checked_files(settings, posts, pages, *args, **kwargs).problems


@contextmanager
def pelicans_slug_warnings_silenced():
    """Pelican warns of a tag or author name it makes no address from, naming no file.

    The check's own problem says where (tag_pages, unaddressed_names, the bios' check), and the build
    drops Pelican's warning when the check said it.
    """
    quiet = logging.getLogger("pelican.urlwrappers")
    quiet.disabled, was = True, quiet.disabled
    try:
        yield
    finally:
        quiet.disabled = was


def checked_files(*args, **kwargs) -> Checked:
    """Every problem of every post and page (see `checked_files_here`), Pelican's slug warnings silenced."""
    with pelicans_slug_warnings_silenced():
        return checked_files_here(*args, **kwargs)


def checked_files_here(
    settings,
    posts: list[Path],
    pages: list[Path],
    authors: dict[str, str],
    slugify: Callable[[str], str],
    *,
    credits: list[Path] = (),
    images: bool = True,
    now: datetime | None = None,
    memo: CheckMemo | None = None,
) -> Checked:
    """Every problem of every post and page (without image checks when `images` is False), and until when it holds.

    `credits`: the credit files, for the remote images whose credit says `For: URL`.
    `memo`: the last check's findings, to take back what still holds (see CheckMemo).
    """
    root = Path(settings["PATH"])
    now = now or datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    files = files_to_check(root, posts, pages, memo)
    problems = [check.text for check in files.values() if isinstance(check.text, Problem)]  # nothing else to check
    texts = {path: check.text for path, check in files.items() if check.header is not None}
    kinds = {path: files[path].kind for path in texts}
    headers = {path: files[path].header for path in texts}
    own: dict[Path, list[Problem]] = {path: list(files[path].metadata) for path in texts}
    left_out = frozenset(
        [path for path, found in own.items() if any(p.code in LEAVES_OUT and p.severity == ERROR for p in found)]
        + [path for path in posts + pages if path not in texts]
    )

    def slug_of(path: Path, header: Header) -> str:
        return post_slug(path, header, slugify)

    wide = memo.site_wide if memo is not None else None
    if wide is None or not wide.holds(kinds, headers, left_out, now):
        wide = site_wide(settings, kinds, headers, left_out=left_out, slug_of=slug_of, slugify=slugify, now=now)
        if memo is not None:
            memo.site_wide = wide
    the_map = wide.the_map
    for path, found in wide.problems.items():
        own[path] += found
    suffix = settings.get("IMAGE_CREDITS_SUFFIX", ".credit")
    site = Site(
        root,
        authors,
        slug_of,
        the_map,
        suffix,
        remote_credit_urls(credits) if images else None,
        bool(settings.get("IMAGE_CREDITS_WARN_MISSING", True)),
        display(root / settings.get("AUTHOR_BIOS_PATH", "authors")),
    )
    # What a file's own problems depend on besides the file (and the other files, in the memo's surroundings).
    site_now = (the_map, authors, site.remote_credits, images)
    same_site = memo is not None and memo.site == site_now
    for path, header in headers.items():
        check = files[path]
        if not same_site or check.rest is None:
            check.rest = own_problems(
                path, texts[path], header, site, settings=settings, slugify=slugify, kind=kinds[path], images=images
            )
        found = own[path] + check.rest
        if header.value("status").lower() == "draft":  # a draft in progress must not block a publish
            found = [p.demoted() if p.severity == ERROR else p for p in found]
        problems += found
    if memo is not None:
        memo.site = site_now
    return Checked(problems, wide.holds_until, menu_findings(settings.get("MENUITEMS"), the_map))


@dataclass
class SiteWide:
    """The site map and the problems found across files (two posts at one address...), and what they came from.

    They depend on the files' kinds and headers, the files left out, and the clock (until
    `holds_until`); the rest of what they read (settings, the other files of the content
    folder) is in the memo's surroundings, which forget them when it changes.
    """

    inputs: tuple  # (kinds, headers, left out): compared by value, the headers of unchanged files by identity
    the_map: SiteMap
    problems: dict[Path, list[Problem]]  # a file's problems, in the order they were found
    since: datetime  # the moment they were found at (a clock set back may bring a scheduled post back)
    holds_until: datetime | None

    def holds(self, kinds: dict, headers: dict, left_out: frozenset, now: datetime) -> bool:
        """Whether these files at this moment give the same site map and problems."""
        in_time = self.since <= now and (self.holds_until is None or now < self.holds_until)
        return in_time and self.inputs == (kinds, headers, left_out)


def site_wide(settings, kinds, headers, *, left_out, slug_of, slugify, now: datetime) -> SiteWide:
    """The site map of these files and the problems each file has because of the others or of the site's own pages."""
    inputs = (kinds, headers, left_out)
    article_headers = {p: h for p, h in headers.items() if kinds[p] == "article"}
    page_headers = {p: h for p, h in headers.items() if kinds[p] == "page"}
    the_map = site_map(settings, article_headers, page_headers, slug_of, left_out=left_out, now=now)
    problems: dict[Path, list[Problem]] = {}
    found = itertools.chain(
        duplicate_addresses(the_map, headers, slugify, settings.get("TIMEZONE") or "UTC"),
        overlong_addresses(the_map, headers, slugify),
        addresses_of_the_site(the_map, headers, slugify),
        duplicate_series_parts(article_headers),
        tag_pages(article_headers, settings),
        unaddressed_names(article_headers, settings),
        unlisted_translations(the_map, headers, kinds, slug_of, settings.get("DEFAULT_LANG", "en")),
    )
    for path, problem in found:
        problems.setdefault(path, []).append(problem)
    # The checks leave posts out (two at one address...) after the map registered their tags and pages: the
    # map is made again without them, as the build makes the site (a tag only such a post has gets no page).
    root = Path(settings["PATH"])
    newly = {
        p for p in headers if p not in left_out and the_map.sources[p.relative_to(root).as_posix()].status == "left out"
    }
    if newly:
        left_out = left_out | newly
        the_map = site_map(settings, article_headers, page_headers, slug_of, left_out=left_out, now=now)
    return SiteWide(inputs, the_map, problems, now, answer_holds_until(the_map, settings, now))


def own_problems(
    path: Path, text: str, header: Header, site: Site, *, settings, slugify, kind: str, images: bool
) -> list[Problem]:
    """A file's problems but those of its metadata and the site-wide ones (duplicate addresses...)."""
    root, the_map, found = site.root, site.map, []
    if redirect := the_map.redirect_problems.get(path.relative_to(root).as_posix()):
        severity, why = redirect
        found.append(Problem(display(path), header.line("wordpress-url"), why, severity, code="wordpress-url"))
    if kind == "article":
        found += check_author(display(path), header, site, slugify)
        target = the_map.sources.get(path.relative_to(root).as_posix())
        if target is not None and target.status == "scheduled" and target.date is not None:
            found.append(scheduled_note(display(path), header.line("date"), target.date, settings))
    found += check_post(path, text, header, site, kind=kind, images=images, settings=settings)
    found += placeholder_left(display(path), text)
    return found


def placeholder_left(rel: str, text: str) -> list[Problem]:
    """The text `new-post` wrote for the writer to replace, still there (a draft's only warns: it is in progress)."""
    from .newfiles import POST_PLACEHOLDER

    if POST_PLACEHOLDER not in text:
        return []
    line = text[: text.index(POST_PLACEHOLDER)].count("\n") + 1
    message = f"the text new-post wrote is still here ({POST_PLACEHOLDER!r}...): write the post in its place"
    return [Problem(rel, line, message, code="placeholder")]
