"""Did an imported post keep its structure? WordPress's HTML against the page our build makes.

The structure of a post is what a reader sees of its shape: list items at each
nesting depth, how numbered lists count (where they start, down, in letters or
numerals, an item numbered by hand), line breaks in inline code, headings by
level, tables with their rows and cells, definition lists, quotes, code blocks, images, links, players.
WordPress's side is the post as WordPress displays it (displayed.py: shortcodes,
galleries, players, reusable blocks and footnotes rendered, automatic paragraphs
added); what WordPress shows that a static page cannot (a shortcode we cannot
render, a dynamic block, an embedded player) is not compared but named, and such
a post does not count as kept; ours is
the imported Markdown rendered by Python-Markdown with the site's own `MARKDOWN`
settings, through Pelican's Markdown reader, as the build renders it. The credit
line the build adds under a figure is ours, not the post's, and is not counted.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bs4 import BeautifulSoup, Tag

from .sanitise import shows_nothing

LISTS = {"ul": "bulleted", "ol": "numbered"}
NUMBERINGS = {"a": "a, b, c", "A": "A, B, C", "i": "i, ii, iii", "I": "I, II, III"}  # <ol type>
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class PostFidelity:
    """How one imported post compares with WordPress's."""

    where: str  # "post 12"
    title: str
    path: str  # the Markdown file, relative to the content folder
    differences: tuple[str, ...] = ()
    missing: tuple[tuple[tuple[str, str], int], ...] = ()  # ((kind, name), how many) WordPress shows that we cannot
    wordpress: Counter = field(default_factory=Counter, compare=False)  # WordPress's structure, counted

    @property
    def kept(self) -> bool:
        """True when the structure is the same and WordPress showed nothing we could not."""
        return not self.differences and not self.missing

    def describe(self) -> str:
        """One line for the import's report."""
        return f"{self.path} ({self.where} {self.title!r}): " + "; ".join(
            [*self.differences, *not_rendered(self.missing)]
        )


# What the report says of each kind of thing WordPress shows that we cannot (displayed.Shown.missing).
NOT_RENDERED = {
    "shortcode": ("shortcode{s} not rendered, left as text", "[{}]"),
    "block": ("dynamic block{s} not rendered (WordPress builds {them} on every view), left out", "{}"),
    "reusable": ("reusable block{s} not in the export, left out", "{}"),
    "embed": ("embed{s} not rendered (another site's player or card in WordPress), shown as a link", "{}"),
}


def not_rendered(missing) -> list[str]:
    """One phrase a kind: "dynamic blocks not rendered (…), left out: archives ×2, calendar"."""
    phrases = []
    for kind, (phrase, shown) in NOT_RENDERED.items():
        found = [(name, count) for (what, name), count in missing if what == kind]
        if found:
            names = ", ".join(shown.format(name) + (f" ×{count}" if count > 1 else "") for name, count in found)
            several = sum(count for _name, count in found) > 1
            phrases.append(phrase.format(s="s" if several else "", them="them" if several else "it") + ": " + names)
    return phrases


def numbering(ordered: Tag) -> Counter:
    """How a numbered list counts, where it differs from 1, 2, 3: its start, down, letters or numerals, by hand."""
    found: Counter = Counter()
    start = str(ordered.get("start", "1")).strip() or "1"
    if start != "1":
        found[f"numbered lists starting at {start}"] += 1
    if ordered.has_attr("reversed"):
        found["numbered lists counting down"] += 1
    kind = str(ordered.get("type", "1")).strip()
    if kind in NUMBERINGS:
        found[f"numbered lists counting {NUMBERINGS[kind]}"] += 1
    found["list items numbered by hand"] += len(ordered.find_all("li", value=True, recursive=False))
    return found


def structure(root: Tag) -> Counter:
    """The structural features of a post's HTML, counted; elements that show nothing are not."""
    found: Counter = Counter()
    for item in root.find_all("li"):
        lists = [a for a in item.parents if a.name in LISTS]
        if lists:
            found[f"{LISTS[lists[0].name]} list items at depth {len(lists)}"] += 1
    for ordered in root.find_all("ol"):
        if not shows_nothing(ordered):
            found.update(numbering(ordered))
    for code in root.find_all("code"):
        if not code.find_parent("pre") and not shows_nothing(code):
            found["line breaks in inline code"] += len(code.find_all("br"))
    for level in HEADINGS:
        found[f"{level} headings"] += len([h for h in root.find_all(level) if not shows_nothing(h)])
    for table in root.find_all("table"):
        if shows_nothing(table):
            continue
        rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
        cells = sum(len(row.find_all(["td", "th"], recursive=False)) for row in rows)
        found[f"tables of {len(rows)} rows and {cells} cells"] += 1
    for name, label in (
        ("dl", "definition lists"),
        ("dt", "defined terms"),
        ("dd", "definitions"),
        ("blockquote", "quotes"),
        ("pre", "code blocks"),
        ("img", "images"),
        ("audio", "audio players"),
        ("video", "video players"),
    ):
        found[label] += len(
            [e for e in root.find_all(name) if name in ("img", "audio", "video") or not shows_nothing(e)]
        )
    found["links"] += len([a for a in root.find_all("a") if a.get("href", "").strip()])
    return +found  # zero counts dropped


def html_structure(markup: str) -> Counter:
    """The structure of an HTML fragment."""
    return structure(BeautifulSoup(markup, "html.parser"))


def page_structure(page: BeautifulSoup) -> Counter:
    """The structure of a built page's post body, without what the build adds (credit lines, heading links)."""
    body = copy.copy(page.select_one(".post__body"))
    for added in body.select(".credit, .heading-anchor"):
        added.decompose()
    return structure(body)


def differences(wordpress: Counter, ours: Counter) -> tuple[str, ...]:
    """What differs, one phrase per feature: "numbered lists starting at 8: 1 in WordPress, 0 here"."""
    return tuple(
        f"{key}: {wordpress[key]} in WordPress, {ours[key]} here"
        for key in sorted(set(wordpress) | set(ours))
        if wordpress[key] != ours[key]
    )


def markdown_renderer(settings) -> Callable[[str], str]:
    """A Markdown file's text to HTML exactly as the site's build renders it (Pelican's reader, its settings)."""
    from markdown import Markdown
    from pelican.readers import MarkdownReader

    reader = MarkdownReader(copy.deepcopy(dict(settings)))  # it adds its own extensions to what it is given
    converter = Markdown(**reader.settings["MARKDOWN"])

    def render(text: str) -> str:
        converter.reset()
        return converter.convert(text)

    return render


def compare(post: PostFidelity, displayed: str, markdown_file: str, render: Callable[[str], str]) -> PostFidelity:
    """The fidelity of one imported post: its WordPress HTML against its Markdown file as the build renders it."""
    wordpress = html_structure(displayed)
    return replace(post, differences=differences(wordpress, html_structure(render(markdown_file))), wordpress=wordpress)


def summary(results: list[PostFidelity]) -> tuple[int, list[PostFidelity]]:
    """(how many posts kept their structure, the ones that did not)."""
    changed = [result for result in results if not result.kept]
    return len(results) - len(changed), changed
