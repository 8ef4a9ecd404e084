"""Rendered comment HTML kept between development builds, so a rebuild renders only new comments.

Keyed by the comment's text; the whole cache is dropped when the rendering policy
or the libraries behind it change, so a stricter sanitiser never serves old HTML.
Stored as JSON (never pickle: it is read back from disk).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import bs4
import markdown_it
import nh3
from markupsafe import Markup

from . import render, wordpress_html
from .code import code_digest
from .model import MARKDOWN
from .store import write_atomically


def policy_digest() -> str:
    """What the rendered HTML depends on besides the text: allowlist, link policy, library versions."""
    parts = (
        sorted(render.ALLOWED_TAGS),
        sorted((k, sorted(v)) for k, v in render.ALLOWED_ATTRIBUTES.items()),
        sorted(render.URL_SCHEMES),
        render.LINK_REL,
        markdown_it.__version__,  # reads Markdown comments
        getattr(nh3, "__version__", ""),
        sorted(wordpress_html.ALLOWED_TAGS),  # WordPress comments (Format: html) have a policy of their own
        sorted((k, sorted(v)) for k, v in wordpress_html.ALLOWED_ATTRIBUTES.items()),
        sorted(wordpress_html.URL_SCHEMES),
        wordpress_html.LINK_REL,
        bs4.__version__,  # parses WordPress comments before nh3 cleans them
        code_digest(),  # any edit of the plugin's code (the renderers, the text's cleaning) invalidates
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class RenderCache:
    """A renderer that remembers; `open` it once per build and `save` it after."""

    def __init__(self, renderer: Callable[[str, str], Markup] = render.comment_html):
        self.renderer = renderer
        self.path: Path | None = None
        self.known: dict[str, str] = {}
        self.used: dict[str, str] = {}

    def open(self, cache_folder: Path | None, load: bool) -> None:
        """Start a build: read the cache when loading is allowed and the policy has not changed."""
        self.path, self.known, self.used = (cache_folder / "comments-html.json" if cache_folder else None), {}, {}
        if self.path and load and self.path.exists():
            try:
                stored = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return  # a damaged cache is no cache
            if stored.get("policy") == policy_digest():
                self.known = stored.get("html", {})

    def __call__(self, text: str, fmt: str = MARKDOWN) -> Markup:
        key = hashlib.sha256(f"{fmt}\0{text}".encode()).hexdigest()
        html = self.known.get(key)
        if html is None:
            html = str(self.renderer(text, fmt))
        self.used[key] = html
        return Markup(html)

    def save(self) -> None:
        """Keep what this build used (so the cache never grows past the site), unless it is what was kept."""
        if self.path is None or self.used == self.known:
            return
        write_atomically(self.path, json.dumps({"policy": policy_digest(), "html": self.used}))
