"""The header's menu (MENUITEMS): each item must lead to a page readers will find.

The theme links a site path ("archives/", "/about/") under SITEURL, and a full address
("https://...", "mailto:...") as it is (theme/templates/base.html). A menu item is on
every page: before this check, a mistyped one was found only by `invoke publish`'s
link check, once for each page, and blamed on the posts.

`menu_findings` judges the items against the site map (a pure function of the settings
and the map); `menu_problems` names the settings file and line of each finding, with the
address as the pages show it (its `subject`: the publish's link check leaves it to this
message, instead of one message a page). The file is SETTINGS_FILE, which the project's
commands set (tools/site/build.site_settings) to the settings they read; it falls back to
pelicanconf.py, which publishconf.py starts from, and to the line that sets MENUITEMS when
no line writes the item's address (a menu made in a loop, or imported).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .header import lines_of
from .links import ERROR, LOCAL_HOSTS, SiteMap, script_link, split_url, unpublished
from .problems import Problem, closest, display, looks_alike

Finding = tuple[int, str, str]  # (the item's place in MENUITEMS, severity, message)


def is_elsewhere(link: str) -> bool:
    """Whether the theme links the item as it is (a full address), not under SITEURL: its rule, word for word."""
    return ":" in link.split("/", maxsplit=1)[0] or link.startswith("//")


def shows_something(text: str) -> bool:
    """Whether a text shows anything: not only spaces and format characters (zero-width spaces and joiners,
    soft hyphens, direction marks), which a copy and paste brings along unseen."""
    return any(not char.isspace() and unicodedata.category(char) != "Cf" for char in text)


def item_problem(title: str, link: str, site: SiteMap) -> tuple[str, str] | None:
    """The problem of one menu item (severity, message), or None when readers get where it says."""
    named = f"the menu item {title!r} links to {link!r}"
    link = link.strip()  # as the theme writes it
    if not shows_something(title):
        return ERROR, f"the menu item linking to {link!r} has no text: readers see an empty link; give it one"
    found = address_problem(link, site) if is_elsewhere(link) else site_path_problem(link, site)
    return (found[0], f"{named}{found[1]}") if found else None


def address_problem(link: str, site: SiteMap) -> tuple[str, str] | None:
    """The problem of a full address (the theme links it as it is): (severity, the rest of a message)."""
    if found := script_link(link):
        return found[0], f": {found[1]}"
    parts = split_url(link)
    if parts is None:
        return ERROR, ", which is not a valid address"
    host = (parts.hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return ERROR, ": readers cannot reach your own computer; give the page's address on the site (e.g. 'archives/')"
    if parts.scheme.lower() == "data":
        return ERROR, ": browsers open no data: address from a link; give a page's address"
    path = site.own_path(parts)
    return site_path_problem(path, site) if path is not None else None  # None: another site's page


def site_path_problem(link: str, site: SiteMap) -> tuple[str, str] | None:
    """The problem of a menu item's site path, the theme linking it under SITEURL: (severity, the rest of a message)."""
    try:
        path = urlsplit(link).path
    except ValueError:
        return ERROR, ", which is not a valid address"
    while path.startswith("./"):  # the site's root, as a browser resolves it from there
        path = path[2:]
    target = site.find(path.lstrip("/"))
    if target is None:
        written = unquote(path).lstrip("/")
        guess = closest(written, [page for page in site.pages if page.endswith("/")]) or closest(written, site.pages)
        hint = f": did you mean {guess!r}?{looks_alike(written, guess)}" if guess else ""
        return ERROR, ", which is no page of the site" + (hint or ": give a page's address, e.g. 'archives/'")
    if target.source and (found := unpublished(target, site)):
        return found[0], f": {found[1]}"
    return None


def menu_findings(items, site: SiteMap) -> tuple[Finding, ...]:
    """The problems of the menu items that are pairs of text (the shape is checked with the settings)."""
    findings = []
    for index, item in enumerate(items or ()):
        if not (isinstance(item, (tuple, list)) and len(item) == 2 and all(isinstance(part, str) for part in item)):
            continue
        if found := item_problem(item[0], item[1], site):
            findings.append((index, *found))
    return tuple(findings)


def settings_files(settings) -> list[Path]:
    """Where MENUITEMS may be written: the settings file read, then pelicanconf.py beside it."""
    written = settings.get("SETTINGS_FILE")
    first = Path(written) if written else Path("pelicanconf.py")
    return list(dict.fromkeys([first, first.parent / "pelicanconf.py"]))


def item_line(files: list[Path], link: str) -> tuple[Path, int]:
    """The file and line that write this item's address: from the last line that sets MENUITEMS anew
    (later lines may add to it), else the last line that sets or adds to it, else the file's first."""
    adds = re.compile(r"^\s*MENUITEMS\s*(?:\+=|=)")
    # As written: plainly, or with escapes (`"java\tscript:"`) as repr writes them, in either quotes.
    escaped = repr(link)[1:-1]
    quoted = (repr(link), f'"{link}"', f"'{link}'", f'"{escaped}"', f"'{escaped}'")
    for path in files:
        try:
            lines = lines_of(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        changes = [n for n, line in enumerate(lines) if adds.match(line)]
        if not changes:
            continue
        # Set anew: `MENUITEMS = [...]`, not `MENUITEMS = MENUITEMS + [...]`, which adds to what was set before.
        anew = [n for n in changes if "+=" not in lines[n] and lines[n].count("MENUITEMS") == 1]
        start = max(anew, default=changes[0])
        written = (
            n
            for n in range(start, len(lines))
            if any(q in lines[n] for q in quoted) and not lines[n].lstrip().startswith("#")
        )
        return path, next(written, changes[-1]) + 1
    return files[0], 1


def menu_problems(settings, findings: tuple[Finding, ...]) -> list[Problem]:
    """The findings as problems at the settings file's lines."""
    files = settings_files(settings)
    items = list(settings.get("MENUITEMS") or ())
    problems = []
    siteurl = str(settings.get("SITEURL") or "")
    for index, severity, message in findings:
        link = items[index][1] if index < len(items) else ""
        path, line = item_line(files, link)
        problems.append(Problem(display(path), line, message, severity, code="menu", subject=shown_as(link, siteurl)))
    return problems


def shown_as(link: str, siteurl: str) -> str:
    """The item's address as the theme writes it in every page (the publish's link check finds it there)."""
    link = link.strip()
    return link if is_elsewhere(link) else f"{siteurl}/{link.lstrip('/')}"
