"""Which files of the content folder a WordPress import wrote: `wordpress-import.json`, in the content folder.

A writer's own file is never overwritten. The manifest lists every file an import
wrote (posts, pages, credits, bios, copied uploads), with the blog it came from
and the SHA-256 of what was written. A re-run rewrites a listed file of the same
blog only while it is as the import left it; `--force` rewrites it even when
edited since. A file the manifest does not list (or lists for another blog) is
someone else's: kept, and named in the report. Pelican ignores the file (no
reader reads .json, and it is not under STATIC_PATHS); commit it with the content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

NAME = "wordpress-import.json"
# What a file already in the content folder is to this import.
ABSENT, OURS, EDITED, NOT_OURS = "absent", "ours", "edited", "not ours"


def digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as the manifest keeps it."""
    return hashlib.sha256(data).hexdigest()


class ManifestError(ValueError):
    """A manifest that cannot be read: nothing is imported (which files are the import's is unknown)."""


@dataclass
class Manifest:
    """The files imports wrote: content-relative path -> {"blog": blog key, "sha256": digest}."""

    files: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, content: Path) -> Manifest:
        """The manifest of a content folder (empty when there is none); ManifestError when it cannot be read."""
        path = content / NAME
        fix = (
            "restore it from git (`git checkout -- " + str(path) + "`) or fix it (a merge conflict?). Without it,"
            " every imported file counts as yours: a re-run would import each post again under another name"
        )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, RecursionError) as error:
            raise ManifestError(f"{path} cannot be read ({error}): {fix}") from None
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, dict):
            raise ManifestError(f"{path} is not an import's list of the files it wrote: {fix}")
        for name, entry in files.items():
            if not (isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("blog", "sha256"))):
                raise ManifestError(f"{path}: the entry for {name!r} is not a blog and a sha256: {fix}")
        return cls(dict(files))

    def written_by(self, relative: str, blog: str) -> bool:
        """Whether an import of this blog wrote the file."""
        return self.files.get(relative, {}).get("blog") == blog

    def state(self, relative: str, target: Path, blog: str) -> str:
        """ABSENT, OURS (written by an import of this blog, unchanged since), EDITED (since), or NOT_OURS."""
        if not target.exists():
            return ABSENT
        if not self.written_by(relative, blog) or not target.is_file():
            return NOT_OURS
        return OURS if digest(target.read_bytes()) == self.files[relative]["sha256"] else EDITED

    def copies_of(self, blog: str, content: Path) -> frozenset[str]:
        """The files an import of this blog wrote that are still files in the content folder."""
        return frozenset(
            relative
            for relative, entry in self.files.items()
            if entry["blog"] == blog
            and not relative.startswith("/")
            and ".." not in relative.split("/")
            and (content / relative).is_file()
        )

    def record(self, relative: str, data: bytes, blog: str) -> None:
        """Note a file this import wrote (or found as it would write it)."""
        self.files[relative] = {"blog": blog, "sha256": digest(data)}

    def save(self, content: Path, write_file: Callable[[Path, str], None]) -> None:
        """Write the manifest whole (write_file writes atomically)."""
        text = json.dumps({"version": 1, "files": dict(sorted(self.files.items()))}, indent=1, ensure_ascii=False)
        write_file(content / NAME, text + "\n")
