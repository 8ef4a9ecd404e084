"""Image credits: parse a `.credit` file and format a credit line.

A credit belongs to the image, not to the post: it lives beside the image as
`<image file name>.credit` (e.g. `content/images/striking-out.svg.credit`), so it
is given once and reused wherever the image appears. The format is the one
writers already use for post metadata, `Key: value` lines:

    Creator: David Castillo Dominici
    Creator-URL: https://example.com/profile
    Source: FreeDigitalPhotos
    Source-URL: https://www.freedigitalphotos.net/
    Licence: Free for web use with credit
    Licence-URL: https://www.freedigitalphotos.net/terms
    Alt: A man in a suit holds his head in his hands

`Alt` is the default alt text wherever a post does not give its own. An image
that stays on another site (e.g. one migrated from WordPress and not yet
downloaded) gets its credit from a file anywhere under content/ whose
`For: https://...` line names its URL. A tiny
parser rather than Markdown's meta extension, because the extension stops
silently at a malformed line and we want to name that line.

Lines starting with `#` are comments. A comment line starting `# placeholder`
marks a credit still to be completed (the WordPress import writes one for an
image WordPress gave no credit for): the checks warn about it until the line is
deleted.
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass

from escaping.markup import drop_controls
from escaping.urls import is_web_url
from markupsafe import Markup

# Field names as written (lowercased) -> Credit attribute. Both spellings of
# licence are accepted because writers use both.
FIELDS = {
    "creator": "creator",
    "creator-url": "creator_url",
    "source": "source",
    "source-url": "source_url",
    "licence": "licence",
    "license": "licence",
    "licence-url": "licence_url",
    "license-url": "licence_url",
    "alt": "alt",
    "for": "for_url",
}
URL_FIELDS = {"creator_url", "source_url", "licence_url", "for_url"}
PLACEHOLDER = "# placeholder"
# How the WordPress import marked a placeholder before it wrote PLACEHOLDER (credits imported then).
EARLIER_PLACEHOLDER = "# imported from wordpress, which did not say who made this image"


def placeholder_line(text: str) -> int:
    """The line that marks a credit as a placeholder still to be completed, or 0."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip().lower().startswith((PLACEHOLDER, EARLIER_PLACEHOLDER)):
            return number
    return 0


@dataclass(frozen=True)
class Credit:
    """Who made an image, where it came from and under which licence."""

    creator: str = ""
    creator_url: str = ""
    source: str = ""
    source_url: str = ""
    licence: str = ""
    licence_url: str = ""
    alt: str = ""
    for_url: str = ""  # the remote image this credit is for, instead of the file beside it


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file, at a line (0 when it concerns the whole file)."""

    line: int
    message: str


def parse_credit(text: str) -> tuple[Credit, list[Problem]]:
    """Parse the text of a `.credit` file into a Credit and the problems found."""
    values: dict[str, str] = {}
    given: dict[str, int] = {}  # field -> the line it is on
    problems: list[Problem] = []
    text = text.removeprefix("\ufeff")  # the byte-order mark Notepad writes (found by an outside tester)
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        field = FIELDS.get(key.strip().lower())
        word = line.split(maxsplit=1)[0]
        # `Source FreeDigitalPhotos`, `Source-URL https://...` (whose first colon is the address's)
        if word.lower() in FIELDS and key.strip().lower() != word.lower():
            problems.append(Problem(number, f"{word} needs a ':' after it ({word}: ...)"))
            continue
        if not sep or field is None:
            known = ", ".join(sorted({k.title() for k in FIELDS}))
            close = difflib.get_close_matches(key.strip().lower(), list(FIELDS), n=1)
            hint = f"did you mean {close[0].title()!r}? " if close else ""
            problems.append(Problem(number, f"unknown credit field {key.strip()!r} ({hint}known: {known})"))
            continue
        if field in given:
            problems.append(Problem(number, f"{key.strip()} is given twice (first on line {given[field]}): keep one"))
            continue
        given[field] = number
        value = value.strip()
        if field in URL_FIELDS and value and not is_web_url(value):
            problems.append(
                Problem(number, f"{key.strip()} must be an http(s) URL without quotes or spaces, got {value!r}")
            )
            continue
        values[field] = value if field in URL_FIELDS else drop_controls(value)
    credit = Credit(**values)
    if not (credit.creator or credit.source):
        problems.append(Problem(0, "a credit needs at least a Creator or a Source"))
    return credit, problems


def _linked(text: str, url: str, rel: str | None = None) -> str:
    label = html.escape(text, quote=False)
    if not url:
        return label
    rel_attr = f' rel="{rel}"' if rel else ""
    return f'<a href="{html.escape(url)}"{rel_attr}>{label}</a>'


def format_credit(credit: Credit | None) -> Markup:
    """The credit line as safe HTML: 'Image credit: Creator via Source (Licence)'."""
    if credit is None or not (credit.creator or credit.source):
        return Markup("")
    who = [_linked(credit.creator, credit.creator_url)] if credit.creator else []
    if credit.source:
        who.append(_linked(credit.source, credit.source_url))
    line = "Image credit: " + " via ".join(who)
    if credit.licence:
        line += f" ({_linked(credit.licence, credit.licence_url, rel='license')})"
    elif credit.licence_url:
        line += f" ({_linked('licence', credit.licence_url, rel='license')})"
    return Markup(line)
