"""A deterministic synthetic blog: posts, authors, credited images, and comments with replies.

The same arguments always give the same files, so runs on different days compare.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = [
    "interview",
    "network",
    "resume",
    "offer",
    "salary",
    "career",
    "recruiter",
    "manager",
    "hiring",
    "feedback",
    "role",
    "team",
    "skills",
    "application",
    "company",
    "reference",
    "portfolio",
    "promotion",
    "negotiation",
    "rejection",
    "opportunity",
    "experience",
    "candidate",
    "position",
    "follow-up",
    "thank-you",
    "letter",
    "industry",
    "contact",
    "coffee",
    "mentor",
    "goal",
    "plan",
    "week",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "for",
    "on",
    "with",
    "as",
    "at",
    "by",
    "from",
    "that",
    "this",
    "it",
    "you",
    "your",
    "their",
    "we",
    "can",
    "will",
    "should",
]
TAGS = [f"topic {n:02d}" for n in range(50)]
AUTHORS = ["Chris", "Dana Zoë", "Sam Ortiz", "Priya Natarajan", "Jonas Berg"]
IMAGE = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 675" width="1200" height="675">'
    '<rect width="1200" height="675" fill="#89a"/></svg>\n'
)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "?", "!"])


def paragraph(rng: random.Random) -> str:
    parts = [sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 5))]
    parts[1] = parts[1].replace(" the ", ' "the" ', 1) + " -- and that's the point..."
    if rng.random() < 0.5:
        parts.append(f"See [the guide](https://example.com/guide/{rng.randint(1, 99)}/).")
    return " ".join(parts)


def post_text(n: int, rng: random.Random) -> str:
    """One ~900-word post with headings, lists, a quote, dashes, links and a credited image."""
    body = [paragraph(rng), '![A placeholder chart](images/chart.svg "A chart that stands for many.")', paragraph(rng)]
    for section in range(3):
        body.append(f"## Section {section + 1}: {sentence(rng, 3)[:-1]}")
        body += [paragraph(rng) for _ in range(3)]
        body.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(4)))
    body.append(f"> {sentence(rng, 14)}\n>\n> --- A wise recruiter")
    body.append(paragraph(rng))
    tags = ", ".join(rng.sample(TAGS, 3))
    date = datetime(2015, 1, 1, 9, tzinfo=UTC) + timedelta(hours=7 * n)
    header = [
        f"Title: Synthetic post {n}: {sentence(rng, 4)[:-1]}",
        f"Slug: post-{n:05d}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Author: {AUTHORS[n % len(AUTHORS)]}",
        f"Tags: {tags}",
        f"Summary: {sentence(rng, 20)}",
    ]
    return "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"


def comment_text(article: str, n: int, m: int, rng: random.Random, date: datetime) -> str:
    """A stored comment: a third of them replies, some pending or spam."""
    status = "spam" if m % 9 == 8 else "pending" if m % 7 == 6 else "approved"
    parent = f"b-{n:05d}-{rng.randint(0, m - 1):03d}" if m and m % 3 == 0 else ""
    return (
        f"Id: b-{n:05d}-{m:03d}\nArticle: {article}\nParent: {parent}\nAuthor: Reader {rng.randint(1, 500)}\n"
        f"Website: https://reader{m}.example\nEmail-Hash: hmac-sha256:{rng.getrandbits(128):032x}\n"
        f"Date: {(date + timedelta(hours=m + 1)).isoformat()}\nType: comment\nStatus: {status}\n"
        f"Reasons: generated\nSource: benchmark\n\n{paragraph(rng)}\n\n*Thanks* for writing this.\n"
    )


def generate(root: Path, articles: int, comments_per_article: int, seed: int = 1) -> Path:
    """Write the synthetic content folder under `root` and return it."""
    rng = random.Random(seed)
    content = root / "content"
    (content / "images").mkdir(parents=True)
    (content / "authors").mkdir()
    (content / "images" / "chart.svg").write_text(IMAGE)
    (content / "images" / "chart.svg.credit").write_text(
        "Creator: Bench Mark\nSource: Synthetic Images\nSource-URL: https://example.com/\n"
    )
    for name in AUTHORS:
        slug = name.lower().replace(" ", "-").replace("ë", "e")
        (content / "authors" / f"{slug}.md").write_text(f"Name: {name}\n\n{paragraph(rng)}\n")
    for n in range(articles):
        text = post_text(n, rng)
        (content / f"post-{n:05d}.md").write_text(text)
        folder = content / "comments" / f"post-{n:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        date = datetime(2015, 1, 1, 9, tzinfo=UTC) + timedelta(hours=7 * n)
        for m in range(comments_per_article):
            (folder / f"b-{n:05d}-{m:03d}.md").write_text(comment_text(f"post-{n:05d}", n, m, rng, date))
    return content
