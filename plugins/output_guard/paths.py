"""Whether a path stays inside its folder: the check behind every file the build writes or copies.

Pure functions. `leaves` looks at the path as written (`..` segments, an absolute
path, a NUL); `inside` resolves symbolic links, so a link that points out of the
folder counts as outside. Pelican's own check compares the text of the two paths
(`output-old/` passes as inside `output/`) and its static files have none.
"""

from __future__ import annotations

import posixpath
from pathlib import Path


def leaves(relative: str) -> bool:
    """True when `relative`, joined to a folder, names something outside it or the folder itself."""
    if not relative or "\x00" in relative:
        return True
    normal = posixpath.normpath(relative.replace("\\", "/"))
    return normal.startswith("/") or normal in (".", "..") or normal.startswith("../")


def inside(folder: Path, target: Path) -> bool:
    """True when `target`, symbolic links resolved, is strictly inside `folder`."""
    try:
        base, resolved = Path(folder).resolve(), Path(target).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL
        return False
    return resolved != base and resolved.is_relative_to(base)


def within(folder: Path, relative: str) -> Path | None:
    """`folder / relative` when it stays inside `folder` (symbolic links resolved), else None."""
    if leaves(relative):
        return None
    target = Path(folder) / relative
    return target if inside(folder, target) else None
