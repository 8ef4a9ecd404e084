"""Settings every command would trip over later, with a traceback or a message naming no line.

Each `*_problem` function takes a setting's value and says what is wrong with it ("" when
nothing is); `settings_problem` asks them all and names the line that sets the setting.
A menu item that leads nowhere is the content check's (writing/menu.py): that needs the
site's addresses; the shape of MENUITEMS is checked here, since the theme cannot draw a
menu that is not made of pairs.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from escaping.terminal import shown

MENU_EXAMPLE = 'MENUITEMS = [("Archives", "archives/"), ("Tags", "tags/")]'


def zone_problem(zone) -> str:
    """What is wrong with a TIMEZONE setting ("" when it names a time zone, or is not set: Pelican takes UTC)."""
    from zoneinfo import ZoneInfo, available_timezones

    if zone is None:
        return ""
    try:
        ZoneInfo(zone)
        return ""
    except (KeyError, ValueError, TypeError, OSError):  # ZoneInfoNotFoundError is a KeyError
        close = difflib.get_close_matches(str(zone), sorted(available_timezones()), n=1, cutoff=0.8)
        hint = f"did you mean {close[0]!r}?" if close else "give a name such as 'America/New_York' or 'Europe/Paris'"
        return f"TIMEZONE {shown(repr(zone))} is not a time zone: {hint}"


def pagination_problem(value, name: str = "DEFAULT_PAGINATION") -> str:
    """What is wrong with a number of posts a page (False, None or 0: every post on one page)."""
    if value is None or value is False or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return ""
    if isinstance(value, str) and value.strip().isdigit():
        return f"{name} is the text {shown(repr(value))}: write the number without quotes ({name} = {int(value)})"
    return f"{name} is {shown(repr(value))}: give the number of posts a page (e.g. 10), or False for one page"


def menu_problem(items) -> str:
    """What is wrong with the shape of MENUITEMS: it must be a list of (text, address) pairs."""
    if items is None:
        return "MENUITEMS is None, which the theme cannot draw: write MENUITEMS = [] for no menu"
    if isinstance(items, (str, bytes, dict)) or not isinstance(items, (list, tuple)):
        return f"MENUITEMS must be a list of (text, address) pairs, not {shown(repr(items))[:80]}: {MENU_EXAMPLE}"
    for number, item in enumerate(items, start=1):
        pair = isinstance(item, (tuple, list)) and len(item) == 2 and all(isinstance(part, str) for part in item)
        if not pair:
            return (
                f"MENUITEMS' item {number}, {shown(repr(item))[:80]}, is not a (text, address) pair of quoted texts:"
                f" {MENU_EXAMPLE}"
            )
    return ""


# The templates the theme pages through (index.html reads `articles_page`; tag, category and author extend it).
THEME_PAGINATED = ("index", "tag", "category", "author")


def paginated_templates_problem(templates) -> str:
    """What is wrong with PAGINATED_TEMPLATES: each template's number of posts a page, or None for the default.

    It replaces Pelican's default whole: `{"index": 5}` left the tag, category and author pages
    unpaginated, and the theme's templates, which page through their posts, stopped the build.
    """
    if not isinstance(templates, dict):
        return f"PAGINATED_TEMPLATES must be a dict of template names and numbers, not {shown(repr(templates))[:80]}"
    for template, value in templates.items():
        if found := pagination_problem(value, f"PAGINATED_TEMPLATES[{template!r}]"):
            return found
    if missing := [name for name in THEME_PAGINATED if name not in templates]:
        whole = {**templates, **dict.fromkeys(missing)}
        return (
            f"PAGINATED_TEMPLATES leaves out {', '.join(map(repr, missing))}, whose pages the theme pages through"
            f" (it replaces Pelican's default whole): add {'it' if len(missing) == 1 else 'them'} with None for"
            f" DEFAULT_PAGINATION, e.g. PAGINATED_TEMPLATES = {shown(repr(whole))}"
        )
    return ""


def setting_line(root: Path, settings_file: str, name: str) -> str:
    """`file:line` of the line that sets `name`: in the settings file, else in the settings it starts from."""
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*[+|]?=")  # indented too: set under an `if`
    for candidate in dict.fromkeys((settings_file, "pelicanconf.py")):
        try:
            lines = (root / candidate).read_text(encoding="utf-8").split("\n")  # as Python counts lines
        except (OSError, UnicodeDecodeError):
            continue
        # The last line that sets it: Python keeps the last value.
        for number, line in reversed(list(enumerate(lines, start=1))):
            if pattern.match(line):
                return f"{candidate}:{number}"
    return settings_file


def settings_problem(settings, root: Path, settings_file: str) -> str:
    """The first setting that would stop a command later, as `file:line: what is wrong` ("" when none)."""
    checks = (
        ("TIMEZONE", zone_problem),
        ("DEFAULT_PAGINATION", pagination_problem),
        ("PAGINATED_TEMPLATES", paginated_templates_problem),
        ("MENUITEMS", menu_problem),
    )
    for name, check in checks:
        if name in settings and (problem := check(settings[name])):
            return f"{setting_line(root, settings_file, name)}: {problem}"
    return ""
