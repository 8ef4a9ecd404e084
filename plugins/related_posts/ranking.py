"""Related posts: shared tags weighted by how rare they are, then what the texts share.

Pure functions over `Post` records (no Pelican object), in time close to linear in
the number of posts:

- a tag shared with few posts says more than one shared with many: each shared tag
  counts its inverse document frequency, log((N + 1) / posts with the tag);
- candidates come from the posts sharing a tag; from a tag on more than
  `window` posts, only the `window` posts nearest in date (the list of a common tag
  is long, and its nearest posts are the likeliest to be read next). So each post
  looks at no more than (its tags + its terms) × `window` others, whatever N is;
- among posts that share the same tags, the text decides: cosine similarity of
  the posts' most distinctive terms (tf-idf of the terms each post was read with);
- a post with fewer than `minimum` related by tag gets the most similar by text,
  and then, if its text shares nothing either, the posts nearest in date.
"""

from __future__ import annotations

import math
import operator
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from itertools import repeat

# The distinctive terms compared per post: enough to tell topics apart, few enough to stay quick.
DISTINCTIVE_TERMS = 25


@dataclass(frozen=True)
class Post:
    """What relating a post needs: a key, when it was published, its tags, its frequent terms."""

    key: str
    date: float  # a timestamp: order and nearness only
    tags: frozenset[str]
    terms: tuple[tuple[str, int], ...] = ()
    listed: bool = True  # False: a draft or hidden post, which gets related posts but is never one


def inverse_frequency(total: int, containing: int) -> float:
    """How much sharing a tag or a term says: log((N + 1) / posts that have it)."""
    return math.log((total + 1) / containing)


def members_by_date(posts: list[Post], names_of: list) -> dict[str, list[int]]:
    """For each tag (or term), the indexes of the listed posts that have it, in date order."""
    members: dict[str, list[int]] = defaultdict(list)
    for index in sorted(range(len(posts)), key=lambda i: (posts[i].date, posts[i].key)):
        if not posts[index].listed:
            continue
        for name in names_of[index]:
            members[name].append(index)
    return members


def nearest(members: list[int], dates: list[float], date: float, window: int) -> list[int]:
    """All the members when they are few; else the `window` nearest in date to `date` (members in date order)."""
    if len(members) <= window:
        return members
    middle = bisect_left(members, date, key=dates.__getitem__)
    start = min(max(0, middle - window // 2), len(members) - window)
    return members[start : start + window]


def term_vectors(posts: list[Post]) -> list[dict[str, float]]:
    """Each post's most distinctive terms, weighted by tf-idf over the listed posts, as a unit vector."""
    frequency: dict[str, int] = defaultdict(int)
    for post in posts:
        if post.listed:
            for term, _count in post.terms:
                frequency[term] += 1
    total = sum(1 for post in posts if post.listed)
    weight_of = {term: inverse_frequency(total, containing) for term, containing in frequency.items()}
    vectors = []
    for post in posts:
        weighted = sorted(
            (
                (count * weight_of[term], term)
                for term, count in post.terms
                if term in weight_of  # a term only unlisted posts use relates to nothing
            ),
            key=lambda pair: (-pair[0], pair[1]),
        )[:DISTINCTIVE_TERMS]
        norm = math.sqrt(sum(weight * weight for weight, _term in weighted)) or 1.0
        vectors.append({term: weight / norm for weight, term in weighted if weight > 0})
    return vectors


def cosine(one: dict[str, float], other: dict[str, float]) -> float:
    """The cosine of two unit vectors held as dicts."""
    if len(other) < len(one):
        one, other = other, one
    # sum(weight * other.get(term, 0.0) for term, weight in one.items()), the same products in the
    # same order (so the same float), without a Python step per term: a third of the ranking's time.
    return sum(map(operator.mul, one.values(), map(other.get, one, repeat(0.0))))


def related(posts: list[Post], *, most: int = 5, minimum: int = 3, window: int = 40) -> dict[str, list[str]]:
    """For each post's key, the keys of its related posts, best first (up to `most`)."""
    total = sum(1 for post in posts if post.listed)
    dates = [post.date for post in posts]
    by_tag = members_by_date(posts, [post.tags for post in posts])
    tag_weight = {tag: inverse_frequency(total, len(members)) for tag, members in by_tag.items()}
    vectors = term_vectors(posts)
    by_term = members_by_date(posts, vectors)
    timeline = sorted((i for i, post in enumerate(posts) if post.listed), key=lambda i: (dates[i], posts[i].key))

    # The last word on ties: newer first, then the key.
    last_word = [(-post.date, post.key) for post in posts]

    def order(other: int) -> tuple:
        return last_word[other]

    result: dict[str, list[str]] = {}
    for index, post in enumerate(posts):
        candidates = {
            other
            for tag in post.tags
            if tag in by_tag
            for other in nearest(by_tag[tag], dates, post.date, window)
            if other != index
        }
        # Every tag a candidate shares counts, also one whose window did not reach it; summed
        # in one fixed order, so equal scores are equal in every process. Candidates sharing the
        # same tags share the sum: worked out once for each such set (a post has few tags).
        weights = [(tag, tag_weight[tag]) for tag in sorted(post.tags) if tag in tag_weight]
        sums: dict[frozenset, float] = {}
        scores = {}
        for other in candidates:
            shared = post.tags & posts[other].tags
            if (score := sums.get(shared)) is None:
                score = sums[shared] = sum(w for tag, w in weights if tag in shared)
            scores[other] = score
        ranked: list[int] = []
        if scores:  # among equal tag scores the text decides: only the posts that can make the cut are compared
            cut = sorted(scores.values(), reverse=True)[min(most, len(scores)) - 1]
            contenders = [other for other in candidates if scores[other] >= cut]
            similarity = {other: cosine(vectors[index], vectors[other]) for other in contenders}
            ranked = sorted(contenders, key=lambda o: (-scores[o], -similarity[o], last_word[o]))[:most]
        if len(ranked) < minimum:
            ranked += similar_by_text(
                index, set(ranked), vectors=vectors, by_term=by_term, dates=dates, window=window, order=order
            )[: minimum - len(ranked)]
        if len(ranked) < minimum:
            ranked += nearest_in_date(index, set(ranked), timeline, dates, minimum - len(ranked))
        result[post.key] = [posts[other].key for other in ranked]
    return result


def nearest_in_date(index: int, chosen: set[int], timeline: list[int], dates, count: int) -> list[int]:
    """Up to `count` listed posts nearest in date to post `index` (`timeline`: the listed, by date)."""
    middle = bisect_left(timeline, dates[index], key=lambda i: dates[i])
    found: list[int] = []
    before, after = middle - 1, middle
    while len(found) < count and (before >= 0 or after < len(timeline)):
        take_after = before < 0 or (
            after < len(timeline) and dates[timeline[after]] - dates[index] <= dates[index] - dates[timeline[before]]
        )
        other = timeline[after] if take_after else timeline[before]
        if take_after:
            after += 1
        else:
            before -= 1
        if other != index and other not in chosen:
            found.append(other)
    return found


def similar_by_text(index: int, chosen: set[int], *, vectors, by_term, dates, window: int, order) -> list[int]:
    """The posts sharing distinctive terms with post `index`, most similar first."""
    vector = vectors[index]
    similarity: dict[int, float] = {}
    for term in vector:
        for other in nearest(by_term.get(term, []), dates, dates[index], window):
            if other != index and other not in chosen and other not in similarity:
                similarity[other] = cosine(vector, vectors[other])
    return sorted((o for o, s in similarity.items() if s > 0), key=lambda o: (-similarity[o], *order(o)))
