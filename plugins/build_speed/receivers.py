"""What build_speed does at each of Pelican's signals, for the build running in this process."""

from __future__ import annotations

import logging
from pathlib import Path

from . import (
    cache_prefetch,
    comments_ahead,
    parallel,
    read_ahead,
    related_ahead,
    remembered,
    site,
    sitemap_dates,
    smartypants_shortcuts,
    source_paths,
    typogrify_shortcuts,
    warm_cache,
)
from .internals import supported
from .listings import lend_to_image_credits, listings
from .member_lists import member_lists
from .pages import PageKeys, PageTable
from .settings import speed_settings
from .writer import SpeedWriter

logger = logging.getLogger(__name__)


class Build:
    """What the package holds for the build running in this process (one at a time)."""

    def __init__(self):
        self.start(None)

    def start(self, pelican) -> None:
        """Begin a build (None: no build)."""
        self.static_files: list = []  # the static files it copies, Pelican's (static_files_noted)
        self.settings = pelican.settings if pelican else {}
        self.plugins = list(pelican.plugins) if pelican else []
        self.output = Path(pelican.output_path).resolve() if pelican else None
        self.options = speed_settings(self.settings)
        self.on = bool(pelican and self.options["BUILD_SPEED"] and supported())
        self.keys: PageKeys | None = None
        self._reading_key: str | None = None

    @property
    def reading_key(self) -> str:
        """What reading a post depends on besides the post (site.py), worked out once."""
        if self._reading_key is None:
            self._reading_key = site.reading_key(self.settings, self.plugins)
        return self._reading_key

    @property
    def incremental(self) -> bool:
        """Whether this build renders only the pages whose key changed (it keeps a cache to hold the keys)."""
        return self.on and self.options["BUILD_SPEED_INCREMENTAL"] and warm_cache.caching(self.settings)


build = Build()


def finish_previous() -> None:
    """Stop what a previous build in this process left running (it may have stopped half-way)."""
    keys, build.keys = build.keys, None  # set until `finish`: the build stopped before it
    SpeedWriter.keys = None
    if keys is not None:
        try:
            keys.table.save_stopped()
        except OSError as error:
            logger.debug("build_speed: the pages of the stopped build are not recorded: %s", error)
    comments_ahead.cancel_all()
    related_ahead.cancel_all()
    parallel.window.close_without_rendering()
    release()


def release() -> None:
    """The read-ahead stopped and the libraries' own functions back: the build reads and formats no more."""
    read_ahead.stop()
    smartypants_shortcuts.unbind()
    typogrify_shortcuts.unbind()
    sitemap_dates.unbind()
    source_paths.unbind()


def start(pelican) -> None:
    """A new build: its settings, and the comments started on the second core."""
    finish_previous()
    build.start(pelican)
    if warm_cache.caching(build.settings):  # safety, not speed: whether or not the speed-ups are on
        cache_prefetch.tolerate_damage()
    remembered.install_check(build.settings, on=build.incremental, reading_key=lambda: build.reading_key)
    listings.new_build(on=build.on)
    lend_to_image_credits()
    min_posts = build.options["BUILD_SPEED_RELATED_MIN_POSTS"] if build.on else None
    related_ahead.install(build.settings, on=build.incremental, min_posts=min_posts)
    parallel.window.start(build.options["BUILD_SPEED_PARALLEL_MIN_PAGES"] if build.on else None)
    if build.on:
        smartypants_shortcuts.bind()
        typogrify_shortcuts.bind()
        sitemap_dates.bind()
        source_paths.bind()
        comments_ahead.start(
            pelican.settings,
            build.options["BUILD_SPEED_COMMENTS_MIN_FILES"],
            attach_early=build.incremental,
            reading_key=lambda: build.reading_key,
        )


def new_generator(generator) -> None:
    """A generator is made: with a cache, its templates are kept compiled there, and its content cache read ahead."""
    if build.on and warm_cache.caching(build.settings) and hasattr(generator, "env"):
        warm_cache.keep_compiled_templates(generator, lambda: build.reading_key)
    if build.on:
        cache_prefetch.prefetch.note(generator)


def use_our_reader(readers) -> None:
    """Markdown goes through the read-ahead reader (which reads as usual when no helper runs)."""
    if build.on:
        read_ahead.use_our_reader(readers)


def before_reading_articles(generator) -> None:
    """The articles are about to be read: a stale cache dropped, the read-ahead planned, kept comments settled."""
    warm_cache.drop_stale_cache(generator, lambda: build.reading_key)
    warm_cache.stamps_taken_before_reading(generator)
    if build.on:
        comments_ahead.settle()
        warm_cache.save_only_when_read_anew(generator)
        read_ahead.plan_articles(generator, build.options["BUILD_SPEED_READ_AHEAD_MIN_FILES"])


def before_reading_pages(generator) -> None:
    """The pages are about to be read."""
    warm_cache.drop_stale_cache(generator, lambda: build.reading_key)
    warm_cache.stamps_taken_before_reading(generator)
    if build.on:
        warm_cache.save_only_when_read_anew(generator)
        read_ahead.plan_pages(generator, build.options["BUILD_SPEED_READ_AHEAD_MIN_FILES"])


def before_sorting_articles(generator) -> None:
    """The articles are about to be sorted into tags, categories and authors: lists whose `in` takes one step."""
    if build.on:
        member_lists(generator)


def cache_saved(generator) -> None:
    """A generator has read everything and saved its cache."""
    warm_cache.record_cache_key(generator, lambda: build.reading_key)


def everything_read(generators) -> None:
    """Everything is read: posts relinked, the read-ahead stopped, the page keys ready."""
    context = generators[0].context  # every generator shares this one
    warm_cache.relink(context)
    if not build.on:
        return
    read_ahead.stop()
    if build.incremental:
        settings = build.settings
        table = PageTable(
            Path(settings["CACHE_PATH"]),
            build.output,
            site.site_key(settings, build.reading_key),
            load=bool(settings.get("LOAD_CONTENT_CACHE")),
        )
        build.keys = PageKeys(table, settings)


def writer_class(pelican):
    """The writer for this build (None: Pelican's own)."""
    if not build.on:
        return None
    SpeedWriter.keys = build.keys
    return SpeedWriter


def about_to_write(generator, content=None) -> None:
    """A generator starts writing its pages: a build rendering them all notes them, to render on two cores."""
    if build.on and build.keys is None:
        parallel.window.opening()


def pages_noted(generator, writer=None) -> None:
    """A generator has gone through its pages: the noted ones rendered (parallel.py)."""
    parallel.window.close()


def static_files_noted(generator) -> None:
    """The static files this build copies (images, documents): the output's too, removed once no longer copied.

    Their places are read once everything is written (`finish`): a static file whose place is read
    before the posts are rendered is never moved by an `{attach}` link.
    """
    build.static_files = getattr(generator, "staticfiles", [])


def finish(pelican) -> None:
    """Output written: keys recorded, pages and static files no longer made removed."""
    parallel.window.close()
    keys, build.keys = build.keys, None
    SpeedWriter.keys = None
    if keys is not None:
        table = keys.table
        for static in build.static_files:
            if static.save_as:
                table.handle_static(static.save_as)
        for copied in site.theme_static_outputs(build.settings):  # the theme's, copied outside the static files
            table.handle_static(copied, recopied=True)
        gone = table.prune()
        table.save()
        logger.debug("build_speed: %d page(s) rendered, %d kept, %d removed", table.rendered, table.skipped, len(gone))
    release()
