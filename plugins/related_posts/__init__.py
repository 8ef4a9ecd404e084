"""related_posts: three to five related posts under each article, worked out at build time.

No maintained Pelican plugin fits (see docs/performance.md): pelican-related-posts
counts shared tags without weighing them and compares every pair of posts;
pelican-similar-posts needs gensim and was last released in 2020. The ranking
(ranking.py) weighs shared tags by how rare they are, lets the text decide between
equal tag scores, and fills up from the text for a post with few related by tag,
in time close to linear in the number of posts. It reads the text profile the
reading plugin keeps with each post (its frequent terms), so it needs that plugin.

Sets `related_posts` (a list of articles, best first) on every article, draft and
hidden article. Only published articles are ever related: a draft or a hidden post
gets related posts but is never one, and never changes another post's list.

When: the ranking starts once the articles are read and sorted
(`article_generator_pretaxonomy`: its inputs, the posts' tags, dates and terms and
which are published, are final by then), and the lists are set once every generator
is done (`all_generators_finalized`), before anything is written, whatever ranked
them: `rank` may answer with a function that waits for them (build_speed ranks large
sites on the second core meanwhile). A plugin reading `related_posts` connects to
`all_generators_finalized` after this one (later in PLUGINS), or to a later signal.

Settings (defaults in DEFAULTS):
    RELATED_POSTS_MAX = 5       at most this many (0 turns the feature off)
    RELATED_POSTS_MIN = 3       fewer related by tag: filled up from the most similar texts
    RELATED_POSTS_WINDOW = 40   from a tag (or term) on more posts, only this many nearest
                                in date are looked at: what keeps 10,000 posts quick
"""

from __future__ import annotations

from collections.abc import Callable

from .ranking import Post, related

# Pelican and the reading plugin are imported where they are used, not here: a second process
# ranking the posts (build_speed) imports ranking.py, and so this package, with no use for them.

DEFAULTS = {"RELATED_POSTS_MAX": 5, "RELATED_POSTS_MIN": 3, "RELATED_POSTS_WINDOW": 40}
# How the posts are ranked: `rank(posts, most=, minimum=, window=)` gives each post's list of keys, or a
# function that waits for them and gives them. build_speed puts a memo in front of it in builds that keep a
# cache (the same posts give the same lists: build_speed/remembered.py), and ranks large sites in a second
# process while the build goes on (build_speed/related_ahead.py).
rank = related
RANKING = "related_ranking"  # the generator's attribute holding its ranking, from pretaxonomy until the lists are set
# A ranking: (the articles by key, each key's list of keys, or a function that waits for those lists).
Ranking = tuple[dict, dict | Callable[[], dict]]


def setting(settings, name) -> int:
    """A setting of this plugin, falling back to its documented default."""
    return int(settings.get(name, DEFAULTS[name]))


def as_post(article, listed: bool) -> Post:
    """The record the ranking needs of an article."""
    from reading import text_profile

    return Post(
        key=article.source_path,
        date=article.date.timestamp(),
        tags=frozenset(tag.slug for tag in getattr(article, "tags", [])),
        terms=text_profile(article).terms,
        listed=listed,
    )


def begin_relating(generator) -> None:
    """The articles are read and sorted: rank them (or start ranking them elsewhere)."""
    settings = generator.settings
    listed = list(generator.articles)
    unlisted = [*getattr(generator, "drafts", []), *getattr(generator, "hidden_articles", [])]
    by_key = {article.source_path: article for article in listed + unlisted}
    most = setting(settings, "RELATED_POSTS_MAX")
    if most <= 0:
        setattr(generator, RANKING, (by_key, {key: [] for key in by_key}))
        return
    posts = [as_post(a, True) for a in listed] + [as_post(a, False) for a in unlisted]
    found = rank(
        posts,
        most=most,
        minimum=min(most, setting(settings, "RELATED_POSTS_MIN")),
        window=max(1, setting(settings, "RELATED_POSTS_WINDOW")),
    )
    setattr(generator, RANKING, (by_key, found))


def attach(ranking: Ranking) -> None:
    """Give each article its related posts, the lists of keys made lists of articles."""
    by_key, found = ranking
    if callable(found):
        found = found()
    for key, keys in found.items():
        by_key[key].related_posts = [by_key[other] for other in keys]


def finish_relating(generators) -> None:
    """Every generator is done, nothing is written yet: each article's related posts set (waited for if need be)."""
    for generator in generators:
        ranking = vars(generator).pop(RANKING, None)
        if ranking is not None:
            attach(ranking)


def register():
    """Connect the plugin to Pelican's signals."""
    from pelican import signals

    signals.article_generator_pretaxonomy.connect(begin_relating)
    signals.all_generators_finalized.connect(finish_relating)
