"""No email address is ever stored: finding and removing them in any text a row carries.

The email field itself becomes a salted hash (importer.email_hash). Everything else
a stored comment holds (name, text, article, parent, website, reasons, source) is
cleared of anything that looks like an address, whatever the row looks like: a
name typed as an address, a comment quoting one, a malformed row that carries
another reader's. The pattern errs on the side of removing: a token with an '@'
between two parts (the first may be quoted), the second with a dot (or an IP
literal in brackets).

Addresses are looked for in what the text will become, not only in what it says:
HTML entities decoded (`carol&#64;example.com`), Markdown's backslash escapes
removed (`alice@example\\.com`), percent-encoding decoded (`frank%40example.com` in
a link), look-alike characters read as what they look like (NFKC: a full-width
`bob＠ｅｘａｍｐｌｅ．com`), each found address removed from the text as written. A comment's text is
then rendered as the page will show it: if an address still shows (split by
emphasis, a code span or a tag), the text is stored as what it shows, as plain
text, with the address removed (`redact_body`).
"""

from __future__ import annotations

import html
import re
import unicodedata

from bs4 import BeautifulSoup
from comments.model import HTML
from comments.render import comment_html

# Characters that end an address in running text (the rest, Unicode included, may be part of one).
_NOT_IN_ADDRESS = r"\s@<>()\[\]{},;:\"'`|\\"
# Linear in the text, whatever it holds: a local part of at most 64 characters taken without backtracking (a run of
# thousands of `&` was scanned again from each of its characters), labels of the domain taken whole (possessive).
_LABEL = rf"[^{_NOT_IN_ADDRESS}.]++"
EMAIL = re.compile(
    rf"(?:\"[^\"\n]{{0,64}}\"|[^{_NOT_IN_ADDRESS}]{{1,64}}+)@(?:{_LABEL}(?:\.++{_LABEL})+|\[[^\]\s]{{0,255}}+\])"
)
REMOVED = "(email address removed)"
# What a browser, Markdown or a URL decodes: an entity (with or without its ';', and with any number
# of leading zeros, as HTML parsers read them: `&#0000000064;` is '@'), a backslash escape of ASCII
# punctuation, a percent-encoded ASCII character.
DISGUISE = re.compile(
    r"&(?:#0*+[0-9]{1,8};?|#[xX]0*+[0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)|\\[!-/:-@\[-`{-~]|%[0-7][0-9A-Fa-f]"
)
MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def decoded(piece: str) -> str:
    """What one disguise stands for."""
    if piece[0] == "&":
        return html.unescape(piece)
    if piece[0] == "\\":
        return piece[1]
    return chr(int(piece[1:], 16))


# Characters that may start a hidden address: '@' and what decodes or looks like one.
MAY_HIDE = frozenset("@&%\uff20\ufe6b")


def may_hold_email(text: str) -> bool:
    """Whether the text could hold an address at all (the usual text cannot: it is left alone, fast)."""
    return not MAY_HIDE.isdisjoint(text)


# Full stops that browsers' address handling (IDNA) reads as '.', which NFKC leaves as they are.
DOTS = str.maketrans({"\u3002": ".", "\uff61": ".", "\u2024": "."})


def _looks_like(piece: str, start: int, view: list[str], spans: list[tuple[int, int]], whole=None) -> None:
    """Append what a piece of the text reads as (NFKC, character by character), with the span each comes from.

    `whole`: the piece decodes one disguise, whose span every character it gives comes from;
    otherwise the piece is the text from `start` on, a character for a character.
    """
    for offset, character in enumerate(piece):
        meaning = character if character.isascii() else unicodedata.normalize("NFKC", character).translate(DOTS)
        view.append(meaning)
        spans += [whole or (start + offset, start + offset + 1)] * len(meaning)


def revealed(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with its disguises decoded, and for each of its characters the span of `text` it comes from."""
    view: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for match in DISGUISE.finditer(text):
        _looks_like(text[position : match.start()], position, view, spans)
        _looks_like(decoded(match.group()), match.start(), view, spans, whole=match.span())
        position = match.end()
    _looks_like(text[position:], position, view, spans)
    return "".join(view), spans


def redact_emails(text: str) -> str:
    """The text with every email address, disguised or not, replaced by a note saying one was removed."""
    if not may_hold_email(text):
        return text
    view, spans = revealed(text)
    pieces, position = [], 0
    for match in EMAIL.finditer(view):
        start, end = spans[match.start()][0], spans[match.end() - 1][1]
        if start < position:  # inside what was removed already
            continue
        pieces += [text[position:start], REMOVED]
        position = end
    return "".join(pieces) + text[position:] if pieces else text


def has_email(text: str) -> bool:
    """Whether the text holds something that looks like an email address, disguised or not."""
    if not may_hold_email(text):
        return False
    return EMAIL.search(revealed(text)[0]) is not None


def shown_text(body: str, fmt: str) -> str:
    """The text a comment's page shows for it (its rendered HTML's text)."""
    return BeautifulSoup(str(comment_html(body, fmt)), "html.parser").get_text()


def as_plain(text: str, fmt: str) -> str:
    """Text written so that its format shows it as it is: Markdown punctuation escaped, or HTML escaped."""
    if fmt == HTML:
        return html.escape(text, quote=False)
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def redact_body(body: str, fmt: str) -> str:
    """A comment's text with no address in it, nor in what its page will show.

    An address that only shows once rendered (`alice@*example*.com`) makes the stored
    text what the page would show, as plain text, with the address removed.
    """
    body = redact_emails(body)
    if not may_hold_email(body) or not has_email(shown_everything(body, fmt)):
        return body
    return as_plain(redact_emails(shown_text(body, fmt)).strip("\n"), fmt)


def shown_everything(body: str, fmt: str) -> str:
    """The text of a comment's rendered HTML and the values of its attributes (a link's address, a title)."""
    soup = BeautifulSoup(str(comment_html(body, fmt)), "html.parser")
    values = [str(value) for tag in soup.find_all(True) for value in tag.attrs.values()]
    return "\n".join([soup.get_text(), *values])


def shows_email(body: str, fmt: str) -> bool:
    """Whether a comment's text holds an address, disguised or not, or would show one once rendered
    (in its text, or in an attribute: an abbreviation's title, a link's address)."""
    return has_email(body) or (may_hold_email(body) and has_email(shown_everything(body, fmt)))
