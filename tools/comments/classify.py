"""Classify a submission at import: spam, held for moderation, or approved, with reasons.

The rules follow WordPress's discussion settings, which the blog's owner knows:
spam for an invalid email, a filled honeypot, a link in the name or a blocklisted
word; held for too many links, a moderation word or a closed article; approved
only for a returning commenter, and only when the owner turns that on.

Whatever the rules, and whatever an export decided (WordPress's "approved"), a
comment is held with its reason when the site cannot place or show it as it is:
an `article` that is not exactly one of the site's articles, a `parent` that is
not exactly the id of a known comment, a text longer than COMMENTS_MAX_LENGTH or
that does not render, an email address in the text or the name (removed before
storing). A name longer than the form allows is held too, unless decided already.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from comments.model import APPROVED, COMMENT, PENDING, SPAM, Submission
from comments.render import render_problem, safe_website
from comments.text import shortened
from email_validator import EmailNotValidError, validate_email

from .privacy import has_email, redact_emails, revealed, shows_email

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
SPACES = re.compile(r"[^\S\n]+")  # a run of spaces (a no-break one too) within a line
LINK_IN_NAME = re.compile(
    r"https?://|www\.|<\s*a\b|\[[^\]]*\]\(|\b[\w-]+\.(?:com|net|org|info|biz|ru|cn|xyz|top|online|site|shop|io)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Rules:
    """What classification needs to know besides the submission itself."""

    blocklist: tuple[str, ...] = ()
    moderation_words: tuple[str, ...] = ()
    max_links: int = 2
    auto_approve_known: bool = False
    known_approved: frozenset[str] = field(default_factory=frozenset)  # returning_key of approved comments
    closed_articles: frozenset[str] = field(default_factory=frozenset)
    close_dates: Mapping[str, datetime] = field(default_factory=dict)  # slug -> when comments close
    known_articles: frozenset[str] | None = None  # None: don't check
    known_comments: frozenset[str] = field(default_factory=frozenset)
    max_length: int = 10_000  # COMMENTS_MAX_LENGTH


NAME_LIMIT = 100  # characters: the form's own limit


def described(value: str) -> str:
    """A reader's value for a reason: quoted, escaped, and short, with any address removed before it is cut."""
    return repr(shortened(redact_emails(value), 60))


def email_problem(email: str) -> str:
    """Why an email address is invalid ("" when it is valid). Syntax only, no network."""
    if not email.strip():
        return "no email address"
    try:
        validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        return f"invalid email ({error})"
    return ""


# A URL's scheme (`https:`, `javascript:`, `tel:`): what follows its colon is no port number.
HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?![0-9])")


def clean_website(website: str) -> tuple[str, str]:
    """(the website to keep, a reason it is unsafe). Only http(s) URLs are kept."""
    website = website.strip()
    if not website:
        return "", ""
    if not HAS_SCHEME.match(website):
        website = "http://" + website  # Commenters often type a bare domain (`example.com:8080/x` included).
    if not safe_website(website):
        return "", f"website is not an http(s) URL: {described(website)}"
    if "@" in urlsplit(website).netloc:
        return "", "website carries a user name or an email address"
    if has_email(website):
        return "", ""  # an address in its path or query: not kept, and the comment is held (placing_reasons)
    return website, ""


def seen_as(text: str) -> str:
    """A text as readers see it once rendered: entities, escapes and %-escapes decoded (`c&#97;sino`, `http&#58;//`),
    invisible characters (zero-width spaces, soft hyphens) gone, runs of spaces one. The rules read it so: a
    blocklisted word or a link written otherwise was published by itself (an outside tester's finding)."""
    view = revealed(text)[0] if any(mark in text for mark in "&\\%") else text
    view = "".join(c for c in view if unicodedata.category(c) != "Cf")
    return SPACES.sub(" ", view)


def words_found(words, *texts) -> list[str]:
    """The configured words found (ignoring case) in any of the texts, as written or as readers see them."""
    haystack = "\n".join([*texts, *map(seen_as, texts)]).casefold()
    wanted = {w: " ".join(w.split()).casefold() for w in words if w.strip()}
    return [w for w, folded in wanted.items() if folded in haystack]


def spam_reasons(sub: Submission, website_problem: str, rules: Rules) -> list[str]:
    """Why a submission is spam (empty when it is not)."""
    reasons = []
    if problem := email_problem(sub.email):
        reasons.append(problem)
    if sub.honeypot:
        reasons.append("honeypot field filled")
    if LINK_IN_NAME.search(sub.name):
        reasons.append("link in the name")
    if website_problem:
        reasons.append(website_problem)
    if found := words_found(rules.blocklist, sub.name, sub.email, sub.website, sub.body):
        reasons.append(f"blocklisted words: {', '.join(found)}")
    return reasons


def placing_reasons(sub: Submission, rules: Rules) -> list[str]:
    """Why the site cannot place or show a submission as it is: it waits, whatever else decided."""
    reasons = []
    if rules.known_articles is not None and sub.article not in rules.known_articles:
        reasons.append(f"unknown article {described(sub.article)}")
    if sub.parent and sub.parent not in rules.known_comments:
        reasons.append(f"replies to unknown comment {described(sub.parent)}")
    if len(sub.body) > rules.max_length:
        reasons.append(f"longer than COMMENTS_MAX_LENGTH ({len(sub.body):,} characters; at most {rules.max_length:,})")
    elif problem := render_problem(sub.body, sub.format):
        reasons.append(f"the text is {problem}")
    if shows_email(sub.body, sub.format) or has_email(sub.name):
        reasons.append("an email address was removed from the name or text")
    if has_email(sub.website) and "@" not in sub.website.partition("://")[2].partition("/")[0]:
        reasons.append("the website held an email address: not kept")
    return reasons


def hold_reasons(sub: Submission, rules: Rules) -> list[str]:
    """Why a submission must wait for a moderator even if it is not spam."""
    reasons = []
    links = max(len(LINK.findall(sub.body)), len(LINK.findall(seen_as(sub.body))))
    if rules.max_links and links >= rules.max_links:
        reasons.append(f"{links} links (holding at {rules.max_links})")
    if found := words_found(rules.moderation_words, sub.name, sub.email, sub.website, sub.body):
        reasons.append(f"moderation words: {', '.join(found)}")
    close_date = rules.close_dates.get(sub.article)
    if sub.article in rules.closed_articles or (close_date and sub.date > close_date):
        reasons.append("comments are closed on this article")
    if sub.type != COMMENT:
        reasons.append(sub.type)
    if len(sub.name) > NAME_LIMIT:
        reasons.append(f"name longer than the form's {NAME_LIMIT} characters")
    return reasons + placing_reasons(sub, rules)


def returning_key(email_hash: str, name: str) -> str:
    """Who a returning commenter is: the same email address and the same name, as WordPress asks.

    The address alone is often public (an author's): anyone who typed it, under any name, was
    approved by itself.
    """
    return email_hash + "\0" + " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def classify(sub: Submission, email_hash: str, rules: Rules) -> tuple[str, tuple[str, ...], str]:
    """(status, reasons, website to keep) for a submission."""
    website, website_problem = clean_website(sub.website)
    if sub.status is not None:  # Decided already (a WordPress export): keep that decision, unless unplaceable.
        unplaceable = (
            [*([sub.hold] if sub.hold else []), *placing_reasons(sub, rules)] if sub.status == APPROVED else []
        )
        if unplaceable:
            return PENDING, ("approved in the export, but held", *unplaceable), website
        return sub.status, (f"imported as {sub.status}",), website
    if spam := spam_reasons(sub, website_problem, rules):
        return SPAM, tuple(spam), ""
    if held := [*([sub.hold] if sub.hold else []), *hold_reasons(sub, rules)]:
        return PENDING, tuple(held), website
    if rules.auto_approve_known and email_hash and returning_key(email_hash, sub.name) in rules.known_approved:
        return APPROVED, ("returning commenter with an approved comment",), website
    return PENDING, ("awaiting moderation",), website
