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

Settings (defaults in DEFAULTS):
    RELATED_POSTS_MAX = 5       at most this many (0 turns the feature off)
    RELATED_POSTS_MIN = 3       fewer related by tag: filled up from the most similar texts
    RELATED_POSTS_WINDOW = 40   from a tag (or term) on more posts, only this many nearest
                                in date are looked at: what keeps 10,000 posts quick
"""

from __future__ import annotations

from pelican import signals
from reading import text_profile

from .ranking import Post, related

DEFAULTS = {"RELATED_POSTS_MAX": 5, "RELATED_POSTS_MIN": 3, "RELATED_POSTS_WINDOW": 40}


def setting(settings, name) -> int:
    """A setting of this plugin, falling back to its documented default."""
    return int(settings.get(name, DEFAULTS[name]))


def as_post(article, listed: bool) -> Post:
    """The record the ranking needs of an article."""
    return Post(
        key=article.source_path,
        date=article.date.timestamp(),
        tags=frozenset(tag.slug for tag in getattr(article, "tags", [])),
        terms=text_profile(article).terms,
        listed=listed,
    )


def relate_articles(generator) -> None:
    """Give every article of the generator its related posts."""
    settings = generator.settings
    listed = list(generator.articles)
    unlisted = [*getattr(generator, "drafts", []), *getattr(generator, "hidden_articles", [])]
    most = setting(settings, "RELATED_POSTS_MAX")
    if most <= 0:
        for article in listed + unlisted:
            article.related_posts = []
        return
    by_key = {article.source_path: article for article in listed + unlisted}
    posts = [as_post(a, True) for a in listed] + [as_post(a, False) for a in unlisted]
    found = related(
        posts,
        most=most,
        minimum=min(most, setting(settings, "RELATED_POSTS_MIN")),
        window=max(1, setting(settings, "RELATED_POSTS_WINDOW")),
    )
    for key, keys in found.items():
        by_key[key].related_posts = [by_key[other] for other in keys]


def register():
    """Connect the plugin to Pelican's signals."""
    signals.article_generator_finalized.connect(relate_articles)
