"""No email address is ever stored: finding and removing them in any text a row carries.

The email field itself becomes a salted hash (importer.email_hash). Everything else
a stored comment holds (name, text, article, parent, website, reasons, source) is
cleared of anything that looks like an address, whatever the row looks like: a
name typed as an address, a comment quoting one, a malformed row that carries
another reader's. The pattern errs on the side of removing: a token with an '@'
between two parts (the first may be quoted), the second with a dot (or an IP
literal in brackets).
"""

from __future__ import annotations

import re

# Characters that end an address in running text (the rest, Unicode included, may be part of one).
_NOT_IN_ADDRESS = r"\s@<>()\[\]{},;:\"'`|\\"
EMAIL = re.compile(
    rf"(?:\"[^\"\n]{{0,64}}\"|[^{_NOT_IN_ADDRESS}]+)@(?:[^{_NOT_IN_ADDRESS}]+\.[^{_NOT_IN_ADDRESS}]*[^{_NOT_IN_ADDRESS}.]|\[[^\]\s]*\])"
)
REMOVED = "(email address removed)"


def redact_emails(text: str) -> str:
    """The text with every email address replaced by a note saying one was removed."""
    return EMAIL.sub(REMOVED, text) if "@" in text else text


def has_email(text: str) -> bool:
    """Whether the text holds something that looks like an email address."""
    return "@" in text and EMAIL.search(text) is not None
