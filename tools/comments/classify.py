"""Classify a submission at import: spam, held for moderation, or approved, with reasons.

The rules follow WordPress's discussion settings, which the blog's owner knows:
spam for an invalid email, a filled honeypot, a link in the name or a blocklisted
word; held for too many links, a moderation word or a closed article; approved
only for a returning commenter, and only when the owner turns that on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from comments.model import APPROVED, COMMENT, PENDING, SPAM, Submission
from email_validator import EmailNotValidError, validate_email

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
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
    known_approved: frozenset[str] = field(default_factory=frozenset)  # email hashes
    closed_articles: frozenset[str] = field(default_factory=frozenset)
    close_dates: Mapping[str, datetime] = field(default_factory=dict)  # slug -> when comments close
    known_articles: frozenset[str] | None = None  # None: don't check
    known_comments: frozenset[str] = field(default_factory=frozenset)


def email_problem(email: str) -> str:
    """Why an email address is invalid ("" when it is valid). Syntax only, no network."""
    if not email.strip():
        return "no email address"
    try:
        validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        return f"invalid email ({error})"
    return ""


def clean_website(website: str) -> tuple[str, str]:
    """(the website to keep, a reason it is unsafe). Only http(s) URLs are kept."""
    website = website.strip()
    if not website:
        return "", ""
    if "://" not in website and not website.lower().startswith(("javascript:", "data:", "vbscript:")):
        website = "http://" + website  # Commenters often type a bare domain.
    parts = urlsplit(website)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in website for c in ' "<>'):
        return "", f"website is not an http(s) URL: {website[:60]!r}"
    return website, ""


def words_found(words, *texts) -> list[str]:
    """The configured words found (ignoring case) in any of the texts."""
    haystack = "\n".join(texts).casefold()
    return [w for w in words if w.strip() and w.casefold() in haystack]


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


def hold_reasons(sub: Submission, rules: Rules) -> list[str]:
    """Why a submission must wait for a moderator even if it is not spam."""
    reasons = []
    links = len(LINK.findall(sub.body))
    if rules.max_links and links >= rules.max_links:
        reasons.append(f"{links} links (holding at {rules.max_links})")
    if found := words_found(rules.moderation_words, sub.name, sub.email, sub.website, sub.body):
        reasons.append(f"moderation words: {', '.join(found)}")
    close_date = rules.close_dates.get(sub.article)
    if sub.article in rules.closed_articles or (close_date and sub.date > close_date):
        reasons.append("comments are closed on this article")
    if rules.known_articles is not None and sub.article not in rules.known_articles:
        reasons.append(f"unknown article {sub.article!r}")
    if sub.parent and sub.parent not in rules.known_comments:
        reasons.append(f"replies to unknown comment {sub.parent!r}")
    if sub.type != COMMENT:
        reasons.append(sub.type)
    return reasons


def classify(sub: Submission, email_hash: str, rules: Rules) -> tuple[str, tuple[str, ...], str]:
    """(status, reasons, website to keep) for a submission."""
    website, website_problem = clean_website(sub.website)
    if sub.status is not None:  # Decided already (a WordPress export): keep that decision.
        return sub.status, (f"imported as {sub.status}",), website
    if spam := spam_reasons(sub, website_problem, rules):
        return SPAM, tuple(spam), ""
    if held := hold_reasons(sub, rules):
        return PENDING, tuple(held), website
    if rules.auto_approve_known and email_hash in rules.known_approved:
        return APPROVED, ("returning commenter with an approved comment",), website
    return PENDING, ("awaiting moderation",), website
