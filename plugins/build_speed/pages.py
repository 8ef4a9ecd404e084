"""Incremental rendering: each page's key, and the keys of the pages the last build wrote.

A page's key is a digest of everything its rendering depends on:

- the site key (site.py): libraries, plugins' code, settings, templates, static files;
- the template's name and the page's output path;
- the fingerprint (fingerprint.py) of each value of the page's context that its
  templates read (template_reads.py): the article with all it carries, the listing
  page's articles, the tags, the author bios, the comment form...

A page whose key is the one recorded when the last build wrote it, and whose file
is still exactly what that build left (same size and modification time), is
neither rendered nor written. The table of keys lives in the cache folder
(`build_speed-pages.json`, JSON: it is read back from disk) and is only kept by
builds that keep a cache (CACHE_CONTENT): a production build renders everything.
Pages the last build wrote and this one does not (a post deleted, a tag gone) are
removed, so the output is what a cold build makes.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from .fingerprint import Fingerprints, Unkeyable, digest, is_listing, listing_page
from .inputs import followed_attributes, keyable_environment, keyable_feeds, read_through_functions
from .site import counted_template
from .template_reads import Reads, template_reads

logger = logging.getLogger(__name__)

TABLE = "build_speed-pages.json"
FORMAT = 3  # bumped when what is kept changes, so an older table is ignored
STOPPED = "stopped"  # the key and site key of the pages of a build that stopped half-way: no page's
STATIC = "static"  # the key of a static file the build copied: no page's
RECOPIED = "recopied"  # the key of a static file Pelican copies over on every build (the theme's): no page's
UNKEYED = "unkeyed"  # the key of a page rendered every time (fingerprint.Unkeyable): no page's
ABSENT = "<absent>"
# What the feed writer reads from the context it is given, besides the items.
FEED_CONTEXT = ("SITEURL", "FEED_DOMAIN", "SITENAME", "SITESUBTITLE")
# The attributes through which the feed writer (and the declared feed receivers) reach other articles: none.
FEED_FOLLOWS: frozenset[str] = frozenset()


def file_stamp(path: Path | str) -> tuple[int, int] | None:
    """(size, mtime_ns) of a file, None when it is missing."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns)


def write_atomically(path: Path, text: str) -> None:
    """Replace the file in one step: a build stopped half-way never leaves half a table."""
    write_atomically_bytes(path, text.encode("utf-8"))


def write_atomically_bytes(path: Path, data: bytes) -> None:
    """Replace the file with `data` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except BaseException:  # no half-written file left behind, whatever stopped it
        partial.unlink(missing_ok=True)
        raise


class PageTable:
    """The pages the last build wrote into this output with their keys, and this build's."""

    def __init__(self, cache_folder: Path, output: Path, site_key: str, load: bool):
        self.path = cache_folder / TABLE
        self.output = output
        self.site_key = site_key
        self.old: dict[str, tuple[str, int, int]] = {}  # output path -> (key, size, mtime_ns)
        self.old_site_key = None
        self.reads: dict[str, Reads] = {}  # template name -> what it reads (kept while the site key holds)
        self.new: dict[str, str] = {}  # output path -> key, for this build's pages
        self.handled: set[str] = set()  # every output path this build wrote or kept
        self.kept: dict[str, tuple[int, int]] = {}  # output path -> its file's stamp, for each page kept as it was
        self.skipped = self.rendered = 0
        self.loaded_reads: frozenset[str] = frozenset()  # the templates whose reads came with the table
        if load:
            self._load()

    def _load(self) -> None:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if stored.get("format") != FORMAT or stored.get("output") != str(self.output):
                return
            self.old = {name: (key, size, mtime) for name, (key, size, mtime) in stored["pages"].items()}
            self.old_site_key = stored["site"]
            if self.old_site_key == self.site_key:
                self.reads = {name: Reads.from_json(data) for name, data in stored["reads"].items()}
                self.loaded_reads = frozenset(self.reads)
        except (OSError, ValueError, TypeError, KeyError):
            self.old, self.reads, self.old_site_key = {}, {}, None  # a damaged table is no table

    @property
    def warm(self) -> bool:
        """Whether the output holds pages of a build with the same site key."""
        return bool(self.old) and self.old_site_key == self.site_key

    def unchanged(self, name: str, key: str) -> bool:
        """Whether the page at `name` was written with this key and is still as written."""
        kept = self.old.get(name)
        return (
            kept is not None
            and self.warm
            and kept[0] == key
            and file_stamp(os.path.join(self.output, name)) == (kept[1], kept[2])  # no Path made: 1,700 a build
        )

    def stamp_now(self, name: str) -> tuple[int, int] | None:
        """The stamp of the page's file as this build leaves it: as checked when kept, else from the disk."""
        return self.kept.get(name) or file_stamp(self.output / name)

    def handle(self, name: str, key: str | None, skipped: bool) -> None:
        """This build writes (or keeps) the page at `name`; None: a page with no key, rendered every time."""
        self.handled.add(name)
        # A page with no key is recorded all the same (as no page's key): the output's, removed once no longer made.
        self.new[name] = key if key is not None else UNKEYED
        if skipped:
            self.skipped += 1
            self.kept[name] = self.old[name][1:]  # the file as `unchanged` found it
        else:
            self.rendered += 1
            self.kept.pop(name, None)  # written again (a file written twice): its stamp is the new one

    def handle_static(self, name: str, *, recopied: bool = False) -> None:
        """This build copies a static file to `name`: recorded as the output's (its key is no page's), so a build that
        no longer copies it (the image deleted) removes it, as it removes a page no longer made.

        `recopied`: Pelican copies it over on every build (a theme's static file), whatever was done to it in the
        output meanwhile: one no longer copied is removed whatever its stamp (a new one each build).
        """
        self.handled.add(name)
        self.new[name] = RECOPIED if recopied else STATIC

    def as_loaded(self) -> bool:
        """Whether this build kept every page as the table has it (then the file holds this table already)."""
        return (
            self.warm
            and self.rendered == 0
            and frozenset(self.reads) == self.loaded_reads
            and self.new == {name: kept[0] for name, kept in self.old.items()}
        )

    def save(self) -> None:
        """Record this build's keys, with each file as it now is on disk (unless the table is as loaded)."""
        if self.as_loaded():
            return  # every page was kept, its file checked as the table has it: 1,700 stats and a rewrite saved
        pages = {}
        for name, key in sorted(self.new.items()):
            stamp = self.stamp_now(name)  # a disk read only for the pages written (a rebuild: a few)
            if stamp is not None:
                pages[name] = [key, *stamp]
        table = {
            "format": FORMAT,
            "output": str(self.output),
            "site": self.site_key,
            "reads": {name: reads.to_json() for name, reads in sorted(self.reads.items())},
            "pages": pages,
        }
        write_atomically(self.path, json.dumps(table, separators=(",", ":")))

    def save_stopped(self) -> None:
        """A build stopped half-way: its pages, and the last build's it did not reach, recorded as this output's.

        Their keys are none a build makes, so the next build renders every page; and, the table
        naming them, it removes those it no longer makes (a post deleted after the stopped build
        would otherwise stay in the output for good: an outside tester's finding).
        """
        pages = {name: [STOPPED, size, mtime] for name, (_key, size, mtime) in self.old.items()}
        for name in self.handled:
            if (stamp := self.stamp_now(name)) is not None:
                pages[name] = [STOPPED, *stamp]
        table = {"format": FORMAT, "output": str(self.output), "site": STOPPED, "reads": {}, "pages": pages}
        write_atomically(self.path, json.dumps(table, separators=(",", ":")))

    def inside_output(self, name: str) -> Path | None:
        """The file `name` names in the output folder; None if it would be anywhere else."""
        path = self.output / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            return None
        return path if path.parent.resolve().is_relative_to(self.output) else None  # no symlinked folder out

    def prune(self) -> list[str]:
        """Remove what the last build wrote and this one did not, if untouched since; return the paths.

        Only files inside the output folder, whatever the table (read back from disk) says.
        """
        removed = []
        for name, (key, size, mtime) in sorted(self.old.items()):
            if name in self.handled:
                continue
            path = self.inside_output(name)
            if path is None or path.is_symlink() or not path.is_file():
                continue
            if key != RECOPIED and file_stamp(path) != (size, mtime):  # changed since: not ours any more
                continue
            path.unlink()
            removed.append(name)
            folder = path.parent
            while folder != self.output and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        return removed


class PageKeys:
    """Works out each page's and feed's key for one build."""

    def __init__(self, table: PageTable, settings):
        self.table = table
        self.settings = settings
        self.prints = Fingerprints(settings)
        self._environments: dict[int, bool] = {}  # id of a template environment -> its pages can be keyed
        self._templates: dict[str, bool] = {}  # template file -> part of the site key
        self._feeds: bool | None = None  # feeds can be keyed (every feed receiver declared)
        self._follows: dict[frozenset[str], frozenset[str]] = {}
        self._follows_of: dict[int, frozenset[str] | None] = {}  # id of a template's Reads (held by the table)

    def reads(self, template) -> Reads:
        """What the template reads, from the table when the templates have not changed."""
        known = self.table.reads.get(template.name)
        if known is None:
            known = self.table.reads[template.name] = template_reads(template.environment, template.name)
        return known

    def follows(self, reads: Reads) -> frozenset[str] | None:
        """The attributes through which a template reaches other articles (None: any), one set per template.

        The same set object each time, so the articles' fingerprints are memoized across its pages.
        """
        known = self._follows_of.get(id(reads), ABSENT)
        if known is ABSENT:
            found = followed_attributes(reads)
            known = self._follows.setdefault(found, found) if found is not None else None
            self._follows_of[id(reads)] = known
        return known

    def read_values(self, template, localcontext: dict) -> tuple:
        """What the page's templates read: (name, value) or (name,) when absent, listing pages as their mode counts."""
        reads = self.reads(template)
        through = read_through_functions(reads.calls, everything=reads.everything)  # declared in inputs.py
        names = sorted(set(localcontext) | through, key=str) if reads.everything else sorted(reads.names | through)
        settings, read = self.settings, []
        for name in names:
            value = localcontext.get(name, ABSENT)
            if value is ABSENT:
                value = template.environment.globals.get(name, ABSENT)
            if value is ABSENT:
                read.append((name,))
            elif not (name in settings and value is settings[name]):  # a setting as set: in the site key
                read.append((name, listing_page(value, reads.mode(name)) if is_listing(value) else value))
        return tuple(read)

    def page_key(self, template, localcontext: dict) -> str | None:
        """The key of the page `localcontext` renders with `template`; None when it has none."""
        environment = template.environment
        if id(environment) not in self._environments:
            self._environments[id(environment)] = keyable_environment(environment, self.settings)
        if not self._environments[id(environment)]:
            return None
        filename = template.filename or ""
        if filename not in self._templates:  # a TEMPLATE_PAGES template lies outside the theme: not in the key
            self._templates[filename] = counted_template(filename, self.settings)
        if not self._templates[filename]:
            return None
        reads = self.reads(template)
        try:
            read = self.read_values(template, localcontext)
            values = self.prints.value(read, follows=self.follows(reads))  # one pickle, each article memoized
        except Unkeyable as reason:
            logger.debug("build_speed: %s is rendered every time: %s", localcontext.get("output_file"), reason)
            return None
        parts = (self.table.site_key, template.name, localcontext.get("output_file", ""), values)
        return digest("\0".join(parts).encode("utf-8", "surrogatepass"))

    def feed_key(self, feed: dict) -> str | None:
        """The key of a feed (Writer.write_feed's arguments, by name): its place, title, type and items."""
        if self._feeds is None:
            self._feeds = keyable_feeds()
        if not self._feeds:
            return None
        shown = list(feed["elements"][: self.settings.get("FEED_MAX_ITEMS")])
        place = ("path", "url", "feed_type", "feed_title", "override_output")
        parts = [self.table.site_key, "<feed>", *(feed[name] for name in place)]
        try:
            parts += [self.prints.value(feed["context"].get(name)) for name in FEED_CONTEXT]
            parts.append(self.prints.value(shown, follows=FEED_FOLLOWS))
        except Unkeyable as reason:
            logger.debug("build_speed: feed %s is written every time: %s", feed["path"], reason)
            return None
        return digest("\0".join(map(str, parts)).encode("utf-8", "surrogatepass"))
