"""build_speed: every speed-up of the build in one package, one setting to turn them off, the site unchanged.

What it does (each module tells how and why; docs/performance.md has the figures):

- incremental rendering (pages.py, writer.py, fingerprint.py, template_reads.py,
  site.py): a build that keeps a cache renders and writes only the pages and feeds
  whose key changed, the key being made of everything the page's templates read;
  pages no longer generated are removed. The output is byte for byte a cold build's;
- read-ahead (read_ahead/): Markdown converted and typogrified on the second core
  while Pelican reads the posts;
- typogrify and its smartypants made faster while the posts are read, their text the
  libraries' own (smartypants_shortcuts.py, typogrify_shortcuts.py, library_shortcuts.py);
- the comments prepared on the second core (comments_ahead.py, offload.py), and the
  related posts ranked there while the build files the posts and reads the pages
  (related_ahead.py, through related_posts.rank);
- a cold build's pages rendered on two cores, half of them in a forked process
  (parallel.py, writer.py);
- the content cache kept true: dropped when images, credits, settings or plugin code
  change, and cached posts relinked to this build's context (warm_cache.py; these
  run whenever a cache is used, even with the speed-ups off);
- compiled templates kept in the cache folder (warm_cache.py), and in a process that
  builds again and again (livereload's warm build process, tools/site/warm.py, which
  calls `remember_between_builds`) the comments kept while their files stay;
- the related posts of the last build given back while the posts are the same
  (remembered.py, through related_posts.rank; in the warm process compared with the
  last build's in memory, `LastCall`), and the pickles of the comments it keeps
  (fingerprint.Unchanging);
- the content check's last answer given back while the files it reads are the same
  and the clock allows (remembered.py, through writing.check_content), and in a warm
  process its findings file by file (writing.CheckMemo); a generator's content cache
  and the page table written only when they changed (warm_cache.py, pages.py); the
  warm process's comment store listed by `find` in a process of its own
  (comments_ahead.StoreScan);
- in the warm process, Python's garbage collected between builds and what survives
  frozen out of the next build's collections (collector.py), and each folder's listing
  kept while the folder's stamp is the same (listings.py: the content check's key and
  image_credits' walk for credit files);
- one way to start a helper process (processes.py), used by every second process,
  livereload's warm build process included.

What a page's key cannot see for itself is declared in inputs.py (template functions,
feed receivers); docs/performance.md, "Adding an input", says how.

Settings: settings.py. `BUILD_SPEED = False` turns every speed-up off.

Pelican internals it leans on (internals.py lists them with the digest of their
4.12.0 source; a test fails when one changes, and on another Pelican version the
package says so once and turns its speed-ups off): Writer._open_w, write_file and
write_feed (writer.py, parallel.py); Readers.read_file importing typogrify at each call and
MarkdownReader.read (read_ahead/); a content's `_context` (warm_cache.py); the
generators' `_cache` and their readers' (warm_cache.py);
the memoized get_content and get_summary (fingerprint.py; tools/site/warm.py clears
their memory between builds); the generators calling cache_data only for files read
anew and save_cache once (warm_cache.py); Page and Paginator (fingerprint.py); the lists each
generator writes and the order of Pelican.run's signals.
"""


def remember_between_builds() -> None:
    """This process builds again and again (livereload's warm process): keep in memory what stays true."""
    from . import cache_prefetch, collector, comments_ahead, fingerprint, listings, related_ahead, remembered

    collector.collector.remember()
    listings.listings.remember()
    related_ahead.standby.remember()
    remembered.last_call.remember()
    comments_ahead.remember_between_builds()
    fingerprint.unchanging.remember()
    remembered.check_memo.remember()
    cache_prefetch.prefetch.remember()


def build_stopped() -> None:
    """A build stopped half-way: its helper processes stopped, its bindings undone, the writer's signals heard again."""
    from . import receivers

    receivers.finish_previous()


def between_builds() -> None:
    """The warm process waits for its next build: garbage collected, and what that build will load read ahead.

    In turn: the related posts' memo written (remembered.LastCall); the garbage collected, while the
    heap is smallest; the content caches read ahead (cache_prefetch.py); what is alive then frozen
    out of the next build's collections (collector.py); the related posts' second process for the
    next build started (related_ahead.py).
    """
    from .cache_prefetch import prefetch
    from .collector import collector
    from .related_ahead import standby
    from .remembered import last_call

    last_call.write_pending()
    collector.collect()
    prefetch.read_ahead()
    collector.freeze()
    standby.ready()


def register():
    """Connect the package to Pelican's signals."""
    # Imported here, not above: a helper process (`python -m build_speed.offload_worker`)
    # imports this package and has no use for Pelican, whose import would cost it 0.2 s.
    from pelican import signals

    from . import receivers

    signals.initialized.connect(receivers.start)
    signals.generator_init.connect(receivers.new_generator)
    signals.readers_init.connect(receivers.use_our_reader)
    signals.article_generator_init.connect(receivers.before_reading_articles)
    signals.page_generator_init.connect(receivers.before_reading_pages)
    signals.article_generator_pretaxonomy.connect(receivers.before_sorting_articles)
    signals.article_generator_finalized.connect(receivers.cache_saved)
    signals.page_generator_finalized.connect(receivers.cache_saved)
    signals.all_generators_finalized.connect(receivers.everything_read)
    signals.get_writer.connect(receivers.writer_class)
    signals.article_generator_write_article.connect(receivers.about_to_write)
    signals.page_generator_write_page.connect(receivers.about_to_write)
    signals.article_writer_finalized.connect(receivers.pages_noted)
    signals.page_writer_finalized.connect(receivers.pages_noted)
    signals.static_generator_finalized.connect(receivers.static_files_noted)
    signals.finalized.connect(receivers.finish)
