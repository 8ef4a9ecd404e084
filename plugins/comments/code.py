"""The digest of this plugin's own code, which its caches between builds depend on besides their inputs.

The store read back (store_cache.py) and the rendered HTML (render_cache.py) are what the
plugin's code made of the comment files: a change to how a comment is read, cleaned or
rendered (text.py, store.py, render.py...) must not be served from what older code made
(an outside tester's finding: a fix to the text's cleaning reached only comments read anew).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path


@functools.cache
def code_digest() -> str:
    """A digest of every module of the package, by name and content (once a process: livereload starts a new
    build process when a plugin's code changes)."""
    summary = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        summary.update(module.name.encode("utf-8") + b"\0" + module.read_bytes() + b"\0")
    return summary.hexdigest()
