"""Files of the static folders (content/images/, content/files/) that are symbolic links leading out of content/.

The build copies only files inside the content folder (output_guard): a link to a file
elsewhere, or to nothing, is never copied, whether a post uses it or not, and
`invoke publish` stops on it. The check names each such link where it is, so the
writer learns it from `invoke check` (a post's image or `{static}` link to it is named
at its own line too: links.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from output_guard.paths import inside

from .problems import ERROR, Problem, display


def linked_out_files(root: Path, static_paths: list[str]) -> list[Problem]:
    """Each link under the static folders that leads out of the content folder, or to nothing."""
    problems = []
    for static in static_paths:
        top = root / static.strip("/")
        if not static.strip("/") or not top.is_dir() or not inside(root, top):
            continue
        for folder, dirs, files in os.walk(top):  # links to folders are not followed: each is looked at itself
            for name in sorted(dirs + files):
                path = Path(folder) / name
                if path.is_symlink() and (message := leads_out(path, root)):
                    problems.append(Problem(display(path), 1, message, ERROR, code="linked-out"))
            dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return problems


def leads_out(path: Path, root: Path) -> str:
    """Why a symbolic link in the content folder is never published ("" when it leads to something inside)."""
    target = Path(os.path.realpath(path))
    if not target.exists():
        return f"this file is a link to {display(target)}, which does not exist: remove it, or put the file itself here"
    if not inside(root, target):
        return (
            f"this file is a link to {display(target)}, outside the content folder {display(root)}/, whose files"
            " alone are published: copy the file itself here, in the link's place"
        )
    return ""
