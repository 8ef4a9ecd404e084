"""post_navigation: older and newer links on each article, and the box of a series' parts.

Sets on every published article:
    older_article / newer_article   its neighbours by date among published articles
                                    (None at either end)
    series                          a Series (name, parts in reading order, this
                                    article's number among them) or None

A post joins a series with `Series: Name` and may give its place with
`Series-Part: 2` (series.py says how the parts are ordered). Drafts and hidden
posts are never linked from another post: a draft in a series shows the published
parts and itself, in the development build only.

A `Series-Part` that is not a number, a part number given twice in one series, or a
`Series-Part` without `Series` is reported by the writing plugin's checks (`invoke check`
and every build, with the file and line); here such a part is placed by its date.

No settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from pelican import signals

from .series import Part, SeriesProblem, group, ordered, part_number, series_key


@dataclass(frozen=True)
class Series:
    """A series as an article shows it: its name, its parts in order, and which one is this."""

    name: str
    parts: tuple  # the articles, in reading order
    current: int  # this article's place, from 1

    @property
    def length(self) -> int:
        """The number of parts."""
        return len(self.parts)


def link_neighbours(articles) -> None:
    """Each article's older and newer neighbour, by date (ties: by source path)."""
    by_date = sorted(articles, key=lambda a: (a.date, a.source_path))
    for index, article in enumerate(by_date):
        article.older_article = by_date[index - 1] if index > 0 else None
        article.newer_article = by_date[index + 1] if index + 1 < len(by_date) else None


def read_part(article) -> Part | None:
    """The article's place in a series, or None."""
    name = " ".join(str(article.metadata.get("series") or "").split())
    if not name:
        return None
    try:
        number = part_number(article.metadata.get("series-part"))
    except SeriesProblem:  # the writing plugin's checks name the file and line
        number = None
    return Part(article.source_path, name, number, article.date.timestamp())


def place_in_series(published, unpublished=()) -> None:
    """Give each article its Series (or None); unpublished ones see the published parts and themselves."""
    by_key = {a.source_path: a for a in (*published, *unpublished)}
    parts = {a.source_path: read_part(a) for a in by_key.values()}
    for article in by_key.values():
        article.series = None
    series = group([p for a in published if (p := parts[a.source_path])])
    for members in series.values():
        show(members, by_key, members)
    for article in unpublished:
        if (own := parts[article.source_path]) is not None:
            members = ordered([*series.get(series_key(own.series), []), own])
            show(members, by_key, [own])


def show(members: list[Part], by_key: dict, receivers) -> None:
    """Set the Series of each receiving part; its name is the first part's spelling of it."""
    name = members[0].series
    articles = tuple(by_key[p.key] for p in members)
    for part in receivers:
        by_key[part.key].series = Series(name, articles, members.index(part) + 1)


def navigate(generator) -> None:
    """Neighbours and series for the articles of a generator."""
    published = list(generator.articles)
    link_neighbours(published)
    unpublished = [*getattr(generator, "drafts", []), *getattr(generator, "hidden_articles", [])]
    for article in unpublished:
        article.older_article = article.newer_article = None
    place_in_series(published, unpublished)


def register():
    """Connect the plugin to Pelican's signals."""
    signals.article_generator_finalized.connect(navigate)
