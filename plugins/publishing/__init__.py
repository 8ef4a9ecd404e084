"""publishing: what a production build needs for GitHub Pages, feed readers and link safety.

Settings (defaults in DEFAULTS):
    PUBLISHING_CHECK_LINKS = False   after the build, check every page's links and warn
                                     for broken internal links, missing assets, links
                                     to localhost and mixed content (publishconf.py: True)
    PUBLISHING_WRITTEN_LATER = ()    folders of the output written after Pelican's build, as
                                     "pagefind/" (the search index): the check leaves links
                                     into them to the task that writes them (search plugin)
    PUBLISHING_NOJEKYLL = True       write .nojekyll, so GitHub Pages serves the output as is
    GITHUB_PAGES_CNAME = ""          a custom domain: written to CNAME when set
    FEED_SUMMARY_ONLY = False        feeds carry summaries instead of full articles

Warnings name the source file and line (`content/post.md:LINE: ...`) for articles
and pages, the page otherwise, so a strict publish (`invoke publish`) lists exactly
what to fix; a link the writing plugin's checks reported already is not repeated.
"""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from .linkcheck import check_site

ERROR = "error"  # writing.problems.ERROR: a problem that stops a publish

logger = logging.getLogger(__name__)

DEFAULTS = {
    "PUBLISHING_CHECK_LINKS": False,
    "PUBLISHING_WRITTEN_LATER": (),
    "PUBLISHING_NOJEKYLL": True,
    "GITHUB_PAGES_CNAME": "",
    "FEED_SUMMARY_ONLY": False,
}


def display_path(path: str) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def setting(settings, name):
    """A setting of this plugin, falling back to its documented default."""
    return settings.get(name, DEFAULTS[name])


class OutputChecks:
    """Links are checked once everything is written; the sources are known earlier.

    Holding the map between two signals follows the sitemap plugin's model.
    """

    def __init__(self):
        self.items: list = []  # this build's articles and pages, until its links are checked
        self._sources: dict[str, str] | None = None

    def remember_sources(self, generators):
        """Note the articles and pages, to say later which source file a page is written from."""
        self.items = [item for g in generators for item in getattr(g, "articles", []) + getattr(g, "pages", [])]
        self._sources = None

    @property
    def sources(self) -> dict[str, str]:
        """Each page's source file, by the page's path: worked out when a link problem first needs it.

        A page's path (`save_as`) is formatted anew at each reading (7 µs): 1,000 posts took 0.01 s
        of every build, which a build with no link problem, or that checks no links, never uses.
        """
        if self._sources is None:
            self._sources = {item.save_as: item.source_path for item in self.items}
        return self._sources

    def forget(self, *_sender) -> None:
        """Let the build's posts go: its links are checked, or a new build starts (the last one stopped half-way)."""
        self.items, self._sources = [], None

    def check(self, pelican):
        """Write the GitHub Pages files, then warn for each link problem in the output."""
        try:
            self._check(pelican)
        finally:
            self.forget()

    def _check(self, pelican):
        settings = pelican.settings
        output = Path(settings["OUTPUT_PATH"])
        if setting(settings, "PUBLISHING_NOJEKYLL"):
            (output / ".nojekyll").write_text("", encoding="utf-8")
        if cname := setting(settings, "GITHUB_PAGES_CNAME").strip():
            (output / "CNAME").write_text(cname + "\n", encoding="utf-8")
        if not setting(settings, "PUBLISHING_CHECK_LINKS"):
            return
        later = tuple(setting(settings, "PUBLISHING_WRITTEN_LATER"))
        for problem in check_site(output, settings.get("SITEURL", ""), later=later):
            source = self.sources.get(problem.page)
            words = written_as(problem.url)
            if menu_reported(problem.url) or reported_already(source, words):
                continue
            if source is None:
                logger.warning("page %s: %s: %s", problem.page, problem.message, problem.url)
                continue
            logger.warning(
                "%s:%d: %s: %s (in the built page %s)",
                display_path(source),
                line_of(source, words),
                problem.message,
                problem.url,
                problem.page,
            )


def written_as(url: str) -> tuple[str, ...]:
    """How a link of the output may read in its source: as is, its path, its file name."""
    try:
        path = urlsplit(url).path
    except ValueError:  # no valid address (`http://[bad`): the link check says so
        path = url
    return tuple(dict.fromkeys(w for w in (url, path, posixpath.basename(path.rstrip("/"))) if w))


def line_of(source: str, words: tuple[str, ...]) -> int:
    """The first line of the source that holds one of `words` (1 if none does)."""
    try:
        lines = Path(source).read_text(encoding="utf-8", errors="replace").split("\n")  # as editors count lines
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, start=1) if any(w in line for w in words)), 1)


def menu_reported(url: str) -> bool:
    """Whether the writing plugin's checks reported this link as a menu item's (it is on every page)."""
    try:
        from writing.report import current  # the checks, when the site uses them
    except ImportError:
        return False
    return any(p.code == "menu" and p.subject == url and p.severity == ERROR for p in current.problems)


def reported_already(source: str | None, words: tuple[str, ...]) -> bool:
    """Whether the writing plugin's checks reported this link in this build: in this source file,
    or, on a listing page (`source` None), in a post whose summary it shows."""
    try:
        from writing.report import current  # the checks, when the site uses them
    except ImportError:
        return False
    # Errors alone: a warning lets the publish go on, and the broken link with it (an {attach} warning naming a
    # file hid another page's broken srcset of that file: an outside tester's finding).
    # A bio's link, shown on every post of its author: named once, at the bio's line.
    if any(current.reported_code("bio-link", word, errors=True) for word in words):
        return True
    if source is None:
        return any(
            current.reported_code("link", word, errors=True) or current.reported_code("image", word, errors=True)
            for word in words
        )
    # Or the file itself, named where it is: a bio's photo shown on the post, a link out of the content folder.
    return any(
        current.reported_in(source, word, errors=True) or current.reported_code("image", word, errors=True)
        for word in words
    ) or any(
        p.code == "linked-out"
        and p.severity == ERROR
        and p.path.endswith(tuple("/" + word.lstrip("/") for word in words))
        for p in current.problems
    )


def steady_sitemap_dates(generators):
    """Index pages change when a post does: their sitemap date is the newest post's, not the clock's.

    The sitemap plugin dates pages without a date of their own (home, tags, archives)
    with the time its module was imported; that made no two builds alike.
    """
    try:
        from pelican.plugins.sitemap import sitemap  # only when the site uses it
    except ImportError:
        return
    dates = [getattr(a, "modified", None) or a.date for g in generators for a in getattr(g, "articles", [])]
    if dates and hasattr(sitemap, "generator"):
        sitemap.generator.now = max(dates)


def fresh_sitemap(pelican):
    """A build starts the sitemap plugin afresh, even after a build that stopped half-way.

    The plugin notes the first Pelican it sees and writes the sitemap only for that one,
    forgetting it when it writes: a build that stopped before the end (a livereload
    rebuild, a test) left it waiting for a Pelican that never finishes, and no later
    build in the process wrote a sitemap.
    """
    try:
        from pelican.plugins.sitemap import sitemap  # only when the site uses it
    except ImportError:
        return
    if hasattr(sitemap, "generator"):
        sitemap.generator._main_pelican = None
        sitemap.generator.page_queue = []


def summaries_only(context, feed):
    """With FEED_SUMMARY_ONLY, Atom entries carry the summary, not the whole article."""
    if setting(context, "FEED_SUMMARY_ONLY"):
        for item in feed.items:
            item["description"] = item["description"] or item["content"]
            item["content"] = None


checks = OutputChecks()


def register():
    """Connect the plugin to Pelican's signals."""
    signals.initialized.connect(fresh_sitemap)
    signals.initialized.connect(checks.forget)
    signals.all_generators_finalized.connect(checks.remember_sources)
    signals.all_generators_finalized.connect(steady_sitemap_dates)
    signals.finalized.connect(checks.check)
    signals.feed_generated.connect(summaries_only)
