"""Which links the site publishes from metadata: absolute http(s) URLs, nothing that can leave an attribute.

A bio's links and a credit's URLs come from files writers fill in by hand (or an
import fills in from elsewhere). The theme escapes them, but a URL with a quote, a
space or a control character is never what the writer meant: it is refused, with a
message, rather than published half-working.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

# Quotes and angle brackets end an attribute or a tag; a backslash is a slash to a
# browser (`https://a.example\@b.example` goes to b.example); the rest are never
# part of a URL as written.
FORBIDDEN = frozenset("\"'<>\\`{}|^")


def is_web_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host, without quotes, spaces or control characters."""
    if not value or any(
        char in FORBIDDEN or char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Zs")
        for char in value
    ):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (a port out of range raises only when read)
    except ValueError:  # an invalid IPv6 host, a port out of range
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
