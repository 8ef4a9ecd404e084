"""A tag written twice on one post, in another case or with other accents, is one tag of the post.

`Tags: Interviews, interviews, salary` or `cafe, CAFÉ` give the post two tags that make one page
(their slug is the same): Pelican listed the post twice on that page and in its feed (two
entries with one id), counted it twice on /tags/, and showed two chips leading to the same page.
Two tags of one post that are different words but make one page (`C++, C#`: `c`) are one tag
likewise. The first is kept (`first_of_each_page`, a pure function); the check names the post's
Tags line (`written_twice`, the message), so the writer can write it once, or name one apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def first_of_each_page(tags: Iterable[T], slug_of: Callable[[T], str]) -> tuple[list[T], list[tuple[T, T]]]:
    """The tags with each page's first only, and each tag left out with the one kept: (kept, [(left out, kept)]).

    A tag that makes no page (an empty slug: an emoji alone) is kept as it is, for the check to name.
    """
    first: dict[str, T] = {}
    kept, twice = [], []
    for tag in tags:
        slug = slug_of(tag)
        if slug and slug in first:
            twice.append((tag, first[slug]))
            continue
        if slug:
            first[slug] = tag
        kept.append(tag)
    return kept, twice


def folded(name: str) -> str:
    """A tag's name without case, accents, spaces, hyphens or underscores: 'Job-Search' -> 'jobsearch'."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[\s_-]+", "", letters.casefold())


def written_twice(name: str, first: str, slug: str) -> str:
    """The check's message for a tag of a post (`name`) after `first`, which makes the same page (`slug`)."""
    if folded(name) == folded(first):
        return (
            f"tag {first!r} is written twice (as {first!r} and {name!r}): the post is listed once, as {first!r};"
            " write it once"
        )
    return (
        f"tag {name!r} shares its page, /tag/{slug}/, with tag {first!r} on the same post: the post shows"
        f" {first!r} only; name one of them apart"
    )


def one_tag_a_page(generator) -> None:
    """Before the tags are gathered: each post's tags that share a page become one, its first spelling."""
    for article in generator.articles + generator.drafts + generator.hidden_articles:
        tags = getattr(article, "tags", None)
        if tags:
            kept, twice = first_of_each_page(tags, lambda tag: tag.slug)
            if twice:
                article.tags = kept
                article.metadata["tags"] = kept
