"""Folder listings kept from one build to the next in the warm process: a folder is listed again only when it changed.

A rebuild with nothing changed walked the content folder twice for names alone: the
content check's key lists which comment files exist (10,000 of them, in 1,000 folders),
and image_credits walks every folder for credit files. Listing a folder costs several
times a stat of it, and a folder's modification time changes whenever an entry is
added, removed or renamed in it: as git's untracked cache does, a listing is kept with
the folder's stamp and given back while the stamp is the same.

Where the stamp cannot tell:

- file systems keep coarse times (ext4 stamps with the kernel's clock tick): a change
  in the same tick as the listing would leave the stamp as it was. A listing is kept only
  when the folder had not changed for RACY_SECONDS before it was listed;
- an entry that is a symbolic link can lead elsewhere with no change to its folder: a
  folder holding one is listed every time;
- a file's content changing leaves its folder as it was: only names are kept, never a
  file's size or time (whoever needs those stats the files).

Off unless `remember` (a build in a new process lists each folder once anyway) and the
build's speed-ups are on: then `walk` goes as os.walk and `file_names` lists every folder.
"""

from __future__ import annotations

import os
import sys
import time
from typing import NamedTuple

RACY_SECONDS = 2.0  # a folder changed this recently is listed again at each build


class Listing(NamedTuple):
    """A folder's entries, as os.walk sorts them, in the order os.scandir gave them."""

    folders: list[str]  # a link to a folder counts as a folder, as in os.walk
    files: list[str]  # anything else
    links: frozenset[str]  # the entries that are symbolic links


class Listings:
    """Each folder's entries with the stamp it had, for a process that builds again and again."""

    def __init__(self):
        self.on = False  # this process builds again and again
        self.active = False  # and this build may use what it kept (its speed-ups are on)
        self._kept: dict[str, tuple[tuple, Listing]] = {}
        self._used: set[str] = set()
        self.clock = time.time_ns  # the time a folder is listed, to tell a settled folder

    def remember(self) -> None:
        """This process builds again and again (livereload's warm process): keep the listings."""
        self.on = True

    def new_build(self, on: bool) -> None:
        """A build starts, with its speed-ups `on` or not: forget the folders the last build did not list."""
        self.active = self.on and on
        self._kept = {folder: kept for folder, kept in self._kept.items() if folder in self._used}
        self._used = set()

    def listing(self, folder: str) -> Listing | None:
        """The folder's entries; None when it cannot be listed."""
        if not self.active:
            return read_folder(folder)
        try:
            status = os.stat(folder)
        except OSError:
            return None
        stamp = (status.st_dev, status.st_ino, status.st_mtime_ns, status.st_ctime_ns)
        kept = self._kept.get(folder)
        if kept is not None and kept[0] == stamp:
            self._used.add(folder)
            return kept[1]
        listed_at = self.clock()
        listing = read_folder(folder)
        settled = max(status.st_mtime_ns, status.st_ctime_ns) < listed_at - int(RACY_SECONDS * 1e9)
        if listing is not None and settled and not listing.links:
            self._kept[folder] = (stamp, listing)
            self._used.add(folder)
        return listing

    def walk(self, top: str):
        """os.walk(top) as its default arguments go (top down, no link to a folder followed, errors skipped)."""
        listing = self.listing(top)
        if listing is None:
            return
        folders = list(listing.folders)  # copies: a caller may prune them, as os.walk allows
        yield top, folders, list(listing.files)
        for name in folders:
            if name not in listing.links:
                yield from self.walk(os.path.join(top, name))

    def file_names(self, top: str, follow: bool) -> list[str]:
        """The path of every entry under `top` that is not a folder, sorted; links to folders followed with `follow`.

        As site.entries_under goes: each folder reached through a link listed once, so a loop
        of links ends.
        """
        names, seen, pending = [], set(), [(top, False)]
        while pending:
            folder, linked = pending.pop()
            if linked and not first_visit(folder, seen):
                continue
            listing = self.listing(folder)
            if listing is None:
                continue
            prefix = folder + os.sep
            names += [prefix + name for name in listing.files]
            for name in listing.folders:
                if follow or name not in listing.links:
                    pending.append((prefix + name, name in listing.links))
        names.sort()
        return names


def first_visit(folder: str, seen: set[tuple[int, int]]) -> bool:
    """Whether a folder reached through a link is met for the first time (noted in `seen`): a loop of links ends."""
    try:
        status = os.stat(folder)
    except OSError:
        return False
    if (status.st_dev, status.st_ino) in seen:
        return False
    seen.add((status.st_dev, status.st_ino))
    return True


def lend_to_image_credits() -> None:
    """image_credits walks the content folder for credit files with `Listings.walk` when it keeps listings."""
    plugin = sys.modules.get("image_credits")
    if plugin is not None and hasattr(plugin, "folder_walk"):
        plugin.folder_walk = listings.walk if listings.active else os.walk


def read_folder(folder: str) -> Listing | None:
    """A folder's entries as os.scandir gives them (None when it cannot be listed)."""
    try:
        with os.scandir(folder) as listed:
            found = list(listed)
    except OSError:
        return None
    folders, files, links = [], [], set()
    for entry in found:
        try:
            is_folder = entry.is_dir()
        except OSError:  # as os.walk takes it
            is_folder = False
        (folders if is_folder else files).append(entry.name)
        try:
            if entry.is_symlink():
                links.add(entry.name)
        except OSError:
            pass
    return Listing(folders, files, frozenset(links))


listings = Listings()
