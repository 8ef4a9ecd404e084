"""A tag's, category's and author's articles in a MemberList (build_speed.member_lists): a list in every way."""

from __future__ import annotations

import copy
import pickle

from build_speed.member_lists import MemberList
from hypothesis import given
from hypothesis import strategies as st
from pelican import signals

from tests.sitebuild import build_site, connected


class Post:
    """Compared by identity, as Pelican's contents are."""

    def __init__(self, number: int):
        self.number = number


class Equal:
    """Compared by value: `in` must find an equal one, as a list's does."""

    def __init__(self, number: int):
        self.number = number

    def __eq__(self, other):
        return isinstance(other, Equal) and other.number == self.number

    __hash__ = None


POSTS = [Post(n) for n in range(6)]
ITEMS = st.one_of(st.sampled_from(POSTS), st.builds(Equal, st.integers(0, 3)), st.integers(0, 3))
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("append"), ITEMS),
        st.tuples(st.just("extend"), st.lists(ITEMS, max_size=3)),
        st.tuples(st.just("insert"), st.integers(-3, 3), ITEMS),
        st.tuples(st.just("remove"), ITEMS),
        st.tuples(st.just("pop"), st.integers(-3, 3)),
        st.tuples(st.just("clear")),
        st.tuples(st.just("setitem"), st.integers(-3, 3), ITEMS),
        st.tuples(st.just("setslice"), st.lists(ITEMS, max_size=3)),
        st.tuples(st.just("delitem"), st.integers(-3, 3)),
        st.tuples(st.just("iadd"), st.lists(ITEMS, max_size=3)),
        st.tuples(st.just("imul"), st.integers(0, 2)),
        st.tuples(st.just("sort")),
        st.tuples(st.just("reverse")),
        st.tuples(st.just("look")),
    ),
    max_size=25,
)


def apply(target: list, operation: tuple) -> list:
    name, *arguments = operation
    try:
        if name == "setitem":
            target[arguments[0]] = arguments[1]
        elif name == "setslice":
            target[1:3] = arguments[0]
        elif name == "delitem":
            del target[arguments[0]]
        elif name == "iadd":
            target += arguments[0]
        elif name == "imul":
            target *= arguments[0]
        elif name == "sort":
            target.sort(key=lambda item: str(getattr(item, "number", item)))
        elif name == "look":
            return [item in target for item in [*POSTS, Equal(1), 2]]
        else:
            getattr(target, name)(*arguments)
    except (IndexError, ValueError):
        return ["raised"]
    return []


@given(st.lists(ITEMS, max_size=8), OPERATIONS)
def test_a_member_list_answers_in_and_changes_as_a_list_does(start, operations):
    members, plain = MemberList(start), list(start)
    for operation in operations:
        assert apply(members, operation) == apply(plain, operation), operation
        assert list(members) == plain
        assert [item in members for item in [*POSTS, Equal(1), 2]] == [item in plain for item in [*POSTS, Equal(1), 2]]


def test_a_member_list_pickles_and_copies_as_a_plain_list():
    members = MemberList(POSTS[:3])
    assert POSTS[0] in members  # its identities worked out
    for copied in (pickle.loads(pickle.dumps(members)), copy.copy(members), copy.deepcopy(members)):
        assert type(copied) is list and len(copied) == 3
    assert type(pickle.loads(pickle.dumps(members))[0]) is Post


def test_a_build_sorts_the_articles_into_member_lists_and_the_site_is_the_same_without(tmp_path):
    """The speed-up engages (Pelican still fills empty defaultdict(list)s after pretaxonomy) and changes nothing."""
    seen = {}

    def look(generators):
        for generator in generators:
            if hasattr(generator, "tags"):
                seen["tags"] = {type(articles) for articles in generator.tags.values()}
                seen["pairs"] = {type(articles) for _, articles in generator.categories + generator.authors}

    with connected(signals.all_generators_finalized, look):
        fast = build_site(tmp_path / "fast")
    assert seen == {"tags": {MemberList}, "pairs": {MemberList}}
    seen.clear()
    with connected(signals.all_generators_finalized, look):
        plain = build_site(tmp_path / "plain", BUILD_SPEED=False)
    assert seen == {"tags": {list}, "pairs": {list}}
    files = sorted(p.relative_to(plain) for p in plain.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(fast) for p in fast.rglob("*") if p.is_file())
    assert all((plain / f).read_bytes() == (fast / f).read_bytes() for f in files)
