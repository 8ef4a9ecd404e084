"""The sitemap's dates formatted once per date, not twice per page and build.

Pelican's sitemap plugin writes every page's `<lastmod>` with its `format_date`,
two `strftime` calls through Pelican's SafeDatetime (a regular expression each):
about 0.02 s of every build of 1,600 pages, a rebuild with nothing changed included,
where every listing page has the same date and every post the one it had last time.
While a build runs, the plugin's `format_date` is a memo of itself, keyed by the
date's type, its ISO form (which holds every field the format reads, its UTC offset
included) and whether it has a tzinfo (which the plugin tests, and which an offset of
None leaves out of the ISO form), kept from one build to the next.

Leans on pelican-sitemap's `format_date`, looked up by `_write_out` in its module at
each call (internals.py keeps the digest of both).
"""

from __future__ import annotations

import sys

from .stand_in import is_the_librarys

MODULE = "pelican.plugins.sitemap.sitemap"
# A warm process keeps the memo from build to build; a date it no longer meets costs a few
# bytes, and past this many it starts afresh.
MOST_KEPT = 100_000
_formatted: dict[tuple[type, str], str] = {}
_bound: list = []  # (the memo, the plugin's own format_date) while the memo stands in for it


def memo_of(format_date):
    """`format_date`, answered from the memo for a date formatted before."""

    def format_date_once(date):
        key = (type(date), date.isoformat(), bool(date.tzinfo))  # the plugin tests `if date.tzinfo`
        found = _formatted.get(key)
        if found is None:
            if len(_formatted) >= MOST_KEPT:
                _formatted.clear()
            found = _formatted[key] = format_date(date)
        return found

    format_date_once.__wrapped__ = format_date
    return format_date_once


def bind() -> None:
    """From now on the sitemap formats each date once (when the site uses the plugin).

    Only the plugin's own format_date is stood in for: another plugin's version stays as it is.
    """
    sitemap = sys.modules.get(MODULE)
    if sitemap is None or _bound:
        return
    own = sitemap.format_date
    if not is_the_librarys(sitemap, "format_date", own):
        return
    memo = memo_of(own)
    sitemap.format_date = memo
    _bound.extend((memo, own))


def unbind() -> None:
    """The plugin's own format_date again, if the memo still stands in for it (the memo stays for the next build)."""
    sitemap = sys.modules.get(MODULE)
    if sitemap is not None and _bound and sitemap.format_date is _bound[0]:
        sitemap.format_date = _bound[1]
    _bound.clear()
