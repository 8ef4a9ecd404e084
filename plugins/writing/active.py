"""Files under content/images/ (or content/files/) that run a script when opened from the site: SVG and HTML.

A file copied to the site is served from its address; opened directly, an SVG's or
an HTML file's script runs as the site (the Content-Security-Policy of the site's
pages is a `<meta>` tag in each page, and covers no file served on its own). A
writer's own files are trusted: such a file is a note. A file under
`images/wordpress/` came from an import, from elsewhere: an error, which stops
`invoke publish` (the import itself copies only raster images it can verify; this
catches one put there by hand or by an older import).
"""

from __future__ import annotations

import re
from pathlib import Path

from .problems import ERROR, NOTE, Problem, display

ACTIVE_SUFFIXES = (".svg", ".svgz", ".html", ".htm", ".xhtml", ".xml", ".shtml")
# What makes such a file active: a script, an event handler, a javascript: URL, embedded documents.
ACTIVE = re.compile(
    r"<\s*(?:[\w-]+:)?(?:script|foreignObject|iframe|object|embed|handler)\b|\bon[a-z]+\s*=|javascript\s*:",
    re.IGNORECASE,
)
IMPORTED = "wordpress"  # the import's folder under the images folder
MAX_READ = 4 << 20  # bytes of a file read to look for a script


def active_file_problems(root: Path, images: str = "images") -> list[Problem]:
    """An SVG or HTML file under the images folder (or another copied as is) that holds a script: an error if
    imported, else a note."""
    folder = root / images
    problems = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.suffix.lower() not in ACTIVE_SUFFIXES or path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as stream:
            text = stream.read(MAX_READ).decode("utf-8", errors="replace")
        if not (found := ACTIVE.search(text)):
            continue
        line = text.count("\n", 0, found.start()) + 1
        kind = path.suffix.lower().lstrip(".").upper()
        what = (
            f"{kind} file holds {found.group().strip()!r}, which runs when the file is opened from the site"
            " (no page's Content-Security-Policy covers it)"
        )
        if path.relative_to(folder).parts[0] == IMPORTED:
            problems.append(Problem(display(path), line, f"an imported {what}: remove the file", ERROR, "active"))
        else:
            problems.append(Problem(display(path), line, f"this {what}: remove that part if it is not yours", NOTE))
    return problems
