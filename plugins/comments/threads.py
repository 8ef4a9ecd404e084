"""Thread approved comments for display: replies under their parent, oldest first.

Replies nest up to a maximum depth (WordPress's default is 5); replies deeper
than that are shown at the maximum depth, after the comment they descend from.
A reply whose parent is not shown is not shown either, until the parent is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import tzinfo

from markupsafe import Markup

from .model import APPROVED, COMMENT, Comment
from .render import avatar_hue, comment_html, initials


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
    """The thread of already-publishable comments of one article."""
    max_depth = max(1, int(max_depth))
    shown = {c.id: c for c in comments}
    children = defaultdict(list)
    for c in shown.values():
        children[c.parent if c.parent in shown else (None if c.parent else "")].append(c)
    for replies in children.values():
        replies.sort(key=lambda c: (c.date, c.id))

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
        found = []
        for reply in children.get(c.id, ()):
            found += [reply, *descendants(reply)]
        return found

    def place(c: Comment, depth: int) -> list[ShownComment]:
        if depth < max_depth:
            kids = tuple(node for reply in children.get(c.id, ()) for node in place(reply, depth + 1))
            return [present(c, depth, kids)]
        flattened = sorted(descendants(c), key=lambda d: (d.date, d.id))
        return [present(c, depth)] + [present(d, depth) for d in flattened]

    # Top-level comments are those without a parent; children[None] (parent not shown) is dropped.
    return tuple(node for c in children.get("", ()) for node in place(c, 1))


def for_page(comment: Comment, tz: tzinfo | None) -> Comment:
    """The comment as a page may hold it: its date in the site's zone, and nothing a page does not show.

    The raw body (shown as body_html), the email hash, the moderation reasons and the
    export it came from stay out of the templates' reach, and out of what the comments
    helper sends back to the build.
    """
    date = comment.date if tz is None else comment.date.astimezone(tz)
    return replace(comment, date=date, body="", email_hash="", reasons=(), source="")


def count(nodes: Iterable[ShownComment]) -> int:
    """How many comments a thread shows."""
    return sum(1 + count(n.children) for n in nodes)
