"""Fixture content for the readers' features: many posts, tags of different rarity, a series
written out of order, long and short posts, a draft and a hidden post.

Generated, deterministic, built on a copy of the fixture site (the seed article, Chris's bio).
"""

from __future__ import annotations

from pathlib import Path

from tests.sitebuild import copy_content

# Each topic's words: posts on one topic share them, so their texts are alike.
TOPICS = {
    "salary": "salary offer compensation raise equity bonus counteroffer budget",
    "interviews": "interview questions answers panel recruiter whiteboard rehearsal",
    "networking": "networking coffee contacts referrals conference alumni introductions",
}
COMMON_TAG = "career"  # on every generated post: it says little about any of them
RARE_TAG = "negotiation"  # on three published posts only
SERIES = "Getting Hired"


def body(topic: str, paragraphs: int, number: int) -> str:
    """Paragraphs on one topic, varied by `number` so no two posts are the same."""
    words = TOPICS[topic].split()
    lines = []
    for p in range(paragraphs):
        picked = " ".join(words[(p + number + k) % len(words)] for k in range(12))
        lines.append(f"Some advice about {picked}, written for paragraph {p} of post {number}.")
    return "\n\n".join(lines)


def post(folder: Path, slug: str, *, title: str, date: str, tags: str, text: str, extra: str = "") -> Path:
    """Write one post; `extra` holds more metadata lines."""
    path = folder / f"{slug}.md"
    path.write_text(
        f"Title: {title}\nSlug: {slug}\nDate: {date}\nAuthor: Chris\nTags: {tags}\n{extra}\n{text}\n", encoding="utf-8"
    )
    return path


def readers_content(tmp: Path) -> Path:
    """The fixture site plus the readers' posts; returns the content folder."""
    content = copy_content(tmp)
    topics = list(TOPICS)
    for number in range(24):
        topic = topics[number // 8]
        tags = [COMMON_TAG, topic] + ([RARE_TAG] if number < 3 else [])
        post(
            content,
            f"post-{number:02d}",
            title=f"Post {number} on {topic}",
            date=f"2020-01-{number + 1:02d} 09:00",
            tags=", ".join(tags),
            text=body(topic, 6, number),
        )
    # Tagged like nothing else, but written like the salary posts: related by its text.
    post(content, "lonely", title="A Sabbatical Year", date="2020-02-01", tags="sabbatical", text=body("salary", 6, 99))
    # A series whose parts were written out of order: part 1 last, one part without a number.
    series = f"Series: {SERIES}\n"
    post(content, "hired-1", title="Hired, the First Step", date="2021-03-01", tags="jobs", text="One.",
         extra=series + "Series-Part: 1\n")  # fmt: skip
    post(content, "hired-2", title="Hired, the Second Step", date="2021-01-01", tags="jobs", text="Two.",
         extra=series + "Series-Part: 2\n")  # fmt: skip
    post(content, "hired-later", title="Hired, and After", date="2021-02-01", tags="jobs", text="Later.",
         extra="Series: getting  hired\n")  # fmt: skip
    # Long posts: one with its contents, one that switches them off; a short one.
    sections = "\n\n".join(f"## Section {n}\n\n{body('interviews', 8, n)}\n\n### Detail {n}\n\nMore." for n in range(4))
    post(content, "long-read", title="A Long Read", date="2019-06-01", tags="guides", text=sections)
    post(content, "long-no-toc", title="Long Without Contents", date="2019-06-02", tags="guides", text=sections,
         extra="Toc: off\n")  # fmt: skip
    post(content, "short-note", title="A Short Note", date="2019-06-03", tags="guides", text="Just a few words.")
    # Never related nor in a published series: a draft and a hidden post.
    post(content, "draft-part", title="A Draft Part", date="2021-04-01", tags=f"{RARE_TAG}, salary",
         text=body("salary", 3, 50), extra=series + "Series-Part: 3\nStatus: draft\n")  # fmt: skip
    post(content, "hidden-post", title="A Hidden Post", date="2020-01-05", tags=f"{RARE_TAG}, salary",
         text=body("salary", 3, 51), extra="Status: hidden\n")  # fmt: skip
    return content
