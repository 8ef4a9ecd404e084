"""The Pelican version build_speed was written for, and the internals it leans on (Pelican's, smartypants').

Pelican promises none of these stay as they are. On another version the package
says so once and switches its speed-ups off (the site is the same, only slower);
tests/test_build_speed.py compares each internal's source with the digest
below, so upgrading Pelican is "change the pin, run the suite": a changed internal
fails a test naming it and the code that depends on it. Review that code, then
record the new digest (`python -m build_speed.internals` prints them).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import logging
import sys

logger = logging.getLogger(__name__)

WRITTEN_FOR = "4.12.0"

# Each internal, with the digest of its source in WRITTEN_FOR, and what relies on it.
INTERNALS = {
    # writer.py: Pelican's rules for writing a file twice, copied into the writer's _open_w.
    "pelican.writers.Writer._open_w": "69700ea0b4668663",
    # writer.py: write_file renders `template.render(localcontext)` (localcontext["output_file"]
    # naming the page), makes its folder with `os.makedirs` (the module's `os`, which
    # folders_when_rendered stands in for), then opens the file with _open_w and sends
    # content_written, for every page of a paginated listing too; parallel.py: it sets the context's `localsiteurl` just
    # before rendering, and nothing else between rendering and content_written.
    "pelican.writers.Writer.write_file": "6a604ad67bbeec99",
    # writer.py and pages.py: write_feed's arguments, and what it reads of the context and items.
    "pelican.writers.Writer.write_feed": "a3b5bc0d0a446c10",
    "pelican.writers.Writer._add_item_to_the_feed": "c52ed4daa728c7bc",
    # read_ahead/: Readers lets readers_init swap reader classes; read_file imports typogrify
    # at each call (`from typogrify.filters import typogrify`) and calls it on the very string
    # the reader returned; MarkdownReader.read and its metadata processing.
    "pelican.readers.Readers.__init__": "3026099450bc1e15",
    "pelican.readers.Readers.read_file": "356c609e59c1b30a",
    "pelican.readers.MarkdownReader.read": "1c8cfd04d8822d57",
    "pelican.readers.MarkdownReader._parse_metadata": "3f01f071bbc3672d",
    # warm_cache.py: cached contents keep the context they were read with (`_context`); the
    # generator-level cache is the generator's `_cache`, its readers' is `readers._cache`.
    "pelican.contents.Content.__init__": "38b67e4211facf9d",
    # cache_prefetch.py: FileDataCacher.__init__ loads a cache with its module's `pickle.load`,
    # from a file it opened by name (the cache's path).
    "pelican.cache.FileDataCacher.__init__": "0e94df62b258a9c2",
    "pelican.cache.FileStampDataCacher.get_cached_data": "9e22f9c49dede667",
    "pelican.generators.CachingGenerator.__init__": "e7f8f4e24c65f7e5",
    # warm_cache.py: a generator calls its cache_data for each file it reads anew (only those) and
    # its save_cache once everything is read, which writes the whole `_cache`.
    "pelican.cache.FileStampDataCacher.cache_data": "1278c0b3c9b2ca32",
    "pelican.cache.FileDataCacher.save_cache": "ac07627d0831e861",
    # warm_cache.py: the caches stamp a file through `_filestamp_func` (set in __init__ from
    # CHECK_MODIFIED_METHOD), called by _get_file_stamp both when a file is looked up and when it is cached.
    "pelican.cache.FileStampDataCacher._get_file_stamp": "771a0b92fd2c314a",
    "pelican.cache.FileStampDataCacher.__init__": "f37211462c4b3e80",
    "pelican.generators.ArticlesGenerator.generate_context": "16f8066e3e5b8a42",
    "pelican.generators.PagesGenerator.generate_context": "c4f79b27ebf97546",
    # fingerprint.py: what a content's `content` and `summary` depend on (its text, the links it
    # points to, the page's site URL); tools/site/warm.py clears their memory between builds.
    "pelican.contents.Content.get_content": "5b963ce7e6237a1b",
    "pelican.contents.Content.get_summary": "4a3c3104bdebd41d",
    "pelican.contents.Content._link_replacer": "81d6a9db349759d8",
    # source_paths.py: the method's answer depends on nothing but its path, the settings' PATH and
    # (os.path.abspath) the working folder; no subclass defines its own.
    "pelican.contents.Content.get_relative_source_path": "6c1f5107e08bf7ea",
    "pelican.utils.memoized": "e17e76fd986fe4f4",
    # fingerprint.py and template_reads.py: what a listing page holds.
    "pelican.paginator.Page.__init__": "7572d66b8b770dfe",
    "pelican.paginator.Paginator.__init__": "f9c71ecda09cb915",
    # receivers.py: the order of a build (generators made, contexts generated,
    # all_generators_finalized, the writer from get_writer, outputs, finalized).
    "pelican.Pelican.run": "296180f3ec4d7bff",
    "pelican.Pelican._get_writer": "cff8ccb6d51cbb89",
    # writer.py, pages.py and the comments plugin: what each generator writes, with which lists
    # and templates, in which order (feeds first, then articles, listings, drafts; then pages);
    # parallel.py: article_generator_write_article (page_generator_write_page) comes before the
    # generator's first page, and *_writer_finalized after its last.
    "pelican.generators.ArticlesGenerator.generate_feeds": "bd98ed6a94f72e27",
    "pelican.generators.ArticlesGenerator.generate_articles": "5494d418a930a36f",
    "pelican.generators.ArticlesGenerator.generate_drafts": "d52d714010dbfb7e",
    "pelican.generators.ArticlesGenerator.generate_pages": "bc8ecb407b83e66b",
    "pelican.generators.ArticlesGenerator.generate_output": "4b3e7da42dab4190",
    "pelican.generators.PagesGenerator.generate_output": "5344de17ecd82b4c",
    # member_lists.py: __init__ makes `tags`, `categories` and `authors` empty defaultdict(list)s, which
    # generate_context fills right after article_generator_pretaxonomy; the three writers look each
    # article of `dates` up in a tag's (category's, author's) list with `in`.
    "pelican.generators.ArticlesGenerator.__init__": "6ca134fbc10de5cc",
    "pelican.generators.ArticlesGenerator.generate_tags": "37f65d284c713dd4",
    "pelican.generators.ArticlesGenerator.generate_categories": "cfb524524a3caae3",
    "pelican.generators.ArticlesGenerator.generate_authors": "982c57fcfcf0435e",
    # publishing.strict.fresh_warnings (every livereload build reports its own warnings): Pelican
    # reports each warning once per process through LimitFilter's class attributes.
    "pelican.log.LimitFilter": "816408124a48f8da",
    # publishing.steady_sitemap_dates (builds byte for byte alike): the sitemap dates pages with
    # no date of their own with `generator.now`.
    "pelican.plugins.sitemap.sitemap.SitemapGenerator.__init__": "be3305c3b1aa0361",
    "pelican.plugins.sitemap.sitemap.SitemapGenerator._write_out": "81a15f0e8b1388d2",
    # sitemap_dates.py: _write_out looks format_date up in its module at each call, and
    # format_date reads nothing of a date but what its ISO form holds.
    "pelican.plugins.sitemap.sitemap.format_date": "3fa1365843a59e4d",
    # read_ahead/: the functions of typogrify 2.1.0 (pinned) a conversion runs, which must be the
    # library's own for the helper to convert as the build would (TYPOGRIFY_FUNCTIONS).
    "typogrify.filters.typogrify": "5bcd01c38d9b7ca2",
    "typogrify.filters.applyfilters": "e6487580b7b44264",
    # typogrify_shortcuts.py: `applyfilters` looks these up in its module at each call; `amp`'s and
    # `caps`' patterns match only where the shortcuts look, `widont`'s is the possessive one's.
    "typogrify.filters.amp": "a8df459c1128b160",
    "typogrify.filters.caps": "18e9367594ae3057",
    "typogrify.filters.widont": "593699965861e73e",
    # smartypants_shortcuts.py (smartypants 2.0.2, pinned, not Pelican): `smartypants` looks up
    # its conversions in its module at each call, and what each one substitutes holds one of
    # the strings its shortcut looks for.
    "smartypants.smartypants": "1e510ac4a5619e07",
    "smartypants.process_escapes": "75e7142de8f4f185",
    "smartypants.convert_dashes": "062db656a9d4a61d",
    "smartypants.convert_dashes_oldschool": "163b22766c3bd48c",
    "smartypants.convert_dashes_oldschool_inverted": "13985f6080dffd37",
    "smartypants.convert_ellipses": "652aa161bd58847c",
    "smartypants.convert_backticks": "0744db24fd388474",
    "smartypants.convert_single_backticks": "cd7a186651dffbc3",
    "smartypants.convert_quotes": "a114767bcdcb99a8",
}

_said = set()  # versions already reported in this process


def resolve(dotted: str):
    """The object a dotted name points to: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            target = inspect.getattr_static(target, name)  # the function itself, not a bound or wrapped one
        return code_of(target)
    raise ImportError(f"cannot import {dotted}")


def code_of(target):
    """What holds the source of an attribute: a property's getter, a memoized method's function."""
    if isinstance(target, property):
        return target.fget
    if isinstance(target, (staticmethod, classmethod)):
        return target.__func__
    target = getattr(target, "func", target)  # pelican.utils.memoized keeps the function as `func`
    return inspect.unwrap(target)  # a library's function, even while a shortcut of ours stands in for it


def source_digest(dotted: str) -> str:
    """A short digest of the internal's source code (AttributeError/ImportError: it is gone)."""
    return hashlib.sha256(inspect.getsource(resolve(dotted)).encode("utf-8")).hexdigest()[:16]


def running_pelican() -> str:
    """The version of the Pelican this process imports."""
    import pelican

    return pelican.__version__


def supported(version: str | None = None) -> bool:
    """Whether this is the Pelican the package was written for; says so once per version when not."""
    version = version or running_pelican()
    if version == WRITTEN_FOR:
        return True
    if version not in _said:
        _said.add(version)
        logger.warning(
            "build_speed was written for Pelican %s, this is Pelican %s: its speed-ups are off (the site is "
            "the same, builds are slower). Run the test suite, review what it reports, then update "
            "plugins/build_speed/internals.py",
            WRITTEN_FOR,
            version,
        )
    return False


if __name__ == "__main__":
    for name in INTERNALS:
        sys.stdout.write(f'    "{name}": "{source_digest(name)}",\n')
