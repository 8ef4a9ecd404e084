"""The text of a new post or a new author bio, with every field the theme uses."""

from __future__ import annotations

import re
from datetime import datetime

# A new file's name from a long title stops at a word near here: the file system allows 255 bytes
# a name, and an address that long helps no reader.
SLUG_LENGTH = 80
# The first words of the text `new-post` and `new-author` leave to write over (the checks look for them).
POST_PLACEHOLDER = "Write the article here, in Markdown."
BIO_PLACEHOLDER = "in two or three sentences of Markdown: shown under every post by"


def one_line(value: str) -> str:
    """A field's value as typed on a command line, on one line: no control character (a terminal escape), no bidi
    control (which reorders what follows), spacing collapsed."""
    from escaping.markup import drop_controls
    from escaping.terminal import BIDI_CONTROLS

    return " ".join(re.sub(f"[{BIDI_CONTROLS}]", "", drop_controls(str(value))).split())


def short_slug(slug: str, length: int = SLUG_LENGTH) -> str:
    """The slug, cut at the last word boundary within `length` characters when it is longer."""
    if len(slug) <= length:
        return slug
    cut = slug[:length].rsplit("-", 1)[0]
    return cut or slug[:length]


def post_text(title: str, *, slug: str, date: datetime, author: str, tags: list[str], image: str = "") -> str:
    """A new draft post: every metadata field, filled or left empty to fill in."""
    lines = [
        f"Title: {title}",
        f"Slug: {slug}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Author: {author}",
        f"Tags: {', '.join(tags)}",
        "Summary: ",
        f"Image: {image}",
        "Image-Alt: ",
        "Image-Caption: ",
        "Series: ",
        "Series-Part: ",
        "Toc: ",
        "Comments: open",
        "Status: draft",
    ]
    body = [
        "",
        f"{POST_PLACEHOLDER} Use `## Headings` for sections and `> ` for quotes.",
        "",
        "Empty fields above are optional; fill Summary (one or two sentences for the home page,",
        "feeds and search engines), and Image-Alt whenever there is an Image. Series groups posts",
        "that belong together (Series-Part: 2 gives this one's place); Toc: off leaves out the",
        "table of contents a post with four headings or more gets.",
        "When the article is ready, run `invoke check`, then change `Status: draft` to `Status: published`.",
        "",
    ]
    return "\n".join(lines + body)


def author_text(name: str) -> str:
    """A new author bio: name, optional photo and links, and the bio."""
    return "\n".join(
        [
            f"Name: {name}",
            "Photo: ",
            "Photo-Alt: ",
            "Links: ",
            "",
            f"Who {name} is, {BIO_PLACEHOLDER} {name}",
            "and on their author page. Photo (e.g. images/authors/name.jpg) and Links (one",
            "'Label https://...' per line, the next ones indented) are optional.",
            "",
        ]
    )
