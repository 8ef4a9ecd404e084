"""Thread approved comments for display: replies under their parent, oldest first.

Replies nest up to a maximum depth (WordPress's default is 5, and never more than
MAX_DEPTH); replies deeper than that are shown at the maximum depth, after the
comment they descend from.
A reply whose parent is not shown is not shown either, until the parent is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import tzinfo

from markupsafe import Markup

from .model import APPROVED, COMMENT, Comment
from .render import avatar_hue, comment_html, initials, safe_website

# The deepest nesting a thread may have, whatever COMMENTS_MAX_DEPTH says (WordPress's own maximum).
MAX_DEPTH = 10


@dataclass(frozen=True)
class ShownComment:
    """A comment as the theme shows it."""

    comment: Comment
    depth: int
    body_html: Markup
    initials: str
    avatar_hue: int
    can_reply: bool
    children: tuple[ShownComment, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        """The comment's id, for its `#comment-<id>` anchor."""
        return self.comment.id


def publishable(comments: Iterable[Comment], show_pingbacks: bool = False) -> list[Comment]:
    """The comments that may appear on the site: approved, and pingbacks only if asked."""
    return [c for c in comments if c.status == APPROVED and (show_pingbacks or c.type == COMMENT)]


def thread(
    comments: Iterable[Comment],
    max_depth: int = 5,
    tz: tzinfo | None = None,
    render: Callable[[str, str], Markup] = comment_html,
) -> tuple[ShownComment, ...]:
    """The thread of already-publishable comments of one article.

    Built without recursion, so a reply chain of any length (or a cycle of parents,
    which no root reaches) cannot exhaust Python's stack.
    """
    max_depth = min(MAX_DEPTH, max(1, int(max_depth)))
    shown = {c.id: c for c in comments}
    children = defaultdict(list)
    for c in shown.values():
        children[c.parent if c.parent in shown else (None if c.parent else "")].append(c)
    for replies in children.values():
        replies.sort(key=oldest_first)

    def present(c: Comment, depth: int, kids=()) -> ShownComment:
        return ShownComment(
            for_page(c, tz),
            depth,
            render(c.body, c.format),
            initials(c.author),
            avatar_hue(c.author),
            depth < max_depth,
            kids,
        )

    def descendants(c: Comment) -> list[Comment]:
        found, waiting, seen = [], list(children.get(c.id, ())), {c.id}
        while waiting:
            reply = waiting.pop()
            if reply.id not in seen:
                seen.add(reply.id)
                found.append(reply)
                waiting.extend(children.get(reply.id, ()))
        return sorted(found, key=oldest_first)

    # Top-level comments are those without a parent; children[None] (parent not shown) is dropped.
    # Every comment a root reaches, parents before their replies, with its depth:
    reached, waiting = [], [(c, 1) for c in reversed(children.get("", ()))]
    while waiting:
        c, depth = waiting.pop()
        reached.append((c, depth))
        if depth < max_depth:
            waiting.extend((reply, depth + 1) for reply in reversed(children.get(c.id, ())))
    # Then each comment's nodes, replies before their parents: a comment at the maximum depth
    # brings its descendants, flattened at that depth, after it.
    nodes: dict[str, list[ShownComment]] = {}
    for c, depth in reversed(reached):
        if depth < max_depth:
            kids = tuple(node for reply in children.get(c.id, ()) for node in nodes.pop(reply.id))
            nodes[c.id] = [present(c, depth, kids)]
        else:
            nodes[c.id] = [present(c, depth)] + [present(d, depth) for d in descendants(c)]
    return tuple(node for c in children.get("", ()) for node in nodes[c.id])


def oldest_first(comment: Comment) -> tuple:
    """The order of replies: by date, then by id."""
    return (comment.date, comment.id)


def for_page(comment: Comment, tz: tzinfo | None) -> Comment:
    """The comment as a page may hold it: its date in the site's zone, and nothing a page does not show.

    The raw body (shown as body_html), the email hash, the moderation reasons and the
    export it came from stay out of the templates' reach, and out of what the comments
    helper sends back to the build.
    """
    date = comment.date if tz is None else comment.date.astimezone(tz)
    website = comment.website if safe_website(comment.website) else ""
    return replace(comment, date=date, website=website, body="", email_hash="", reasons=(), source="")


def count(nodes: Iterable[ShownComment]) -> int:
    """How many comments a thread shows."""
    total, waiting = 0, list(nodes)
    while waiting:
        node = waiting.pop()
        total += 1
        waiting.extend(node.children)
    return total
