"""The Pelican version build_speed was written for, and the Pelican internals it leans on.

Pelican promises none of these stay as they are. On another version the package
says so once and switches its speed-ups off (the site is the same, only slower);
tests/test_build_speed_internals.py compares each internal's source with the digest
below, so upgrading Pelican is "change the pin, run the suite": a changed internal
fails a test naming it and the code that depends on it. Review that code, then
record the new digest (`python -m build_speed.internals` prints them).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import logging

logger = logging.getLogger(__name__)

WRITTEN_FOR = "4.12.0"

# Each internal, with the digest of its source in WRITTEN_FOR, and what relies on it.
INTERNALS = {
    # writer.py: Pelican's rules for writing a file twice, copied into the writer's _open_w.
    "pelican.writers.Writer._open_w": "5f1d3e6ba2bcafb4",
    # writer.py: write_file renders `template.render(localcontext)` then opens the file with
    # _open_w and sends content_written, for every page of a paginated listing.
    "pelican.writers.Writer.write_file": "bd4bbca2e2da11b7",
    # writer.py: write_feed's arguments and what it reads of the context and of each item.
    "pelican.writers.Writer.write_feed": "d53c34f5afe7f79a",
    "pelican.writers.Writer._add_item_to_the_feed": "d1a2fd2e1a2d4faa",
    # read_ahead/typography.py: read_file imports typogrify at each call, as
    # `from typogrify.filters import typogrify`, and calls it on the reader's very string.
    "pelican.readers.Readers.read_file": "0f01a3a9a6bb4b91",
    # read_ahead/reader.py and conversion.py: MarkdownReader.read and its metadata processing.
    "pelican.readers.MarkdownReader.read": "b1c0ef8e2c9da4dc",
    "pelican.readers.MarkdownReader._parse_metadata": "c0d5e7d2df1b4f4e",
    # urls.py: a content's url is its override_url when it has one.
    "pelican.contents.Content.get_url_setting": "5c1cf8b7f0b9b0a4",
    # warm_cache.py: cached contents keep the context they were read with (`_context`), and the
    # generator-level cache is the generator's `_cache` dict, read by get_cached_data.
    "pelican.contents.Content.__init__": "0000000000000000",
    "pelican.cache.FileDataCacher.__init__": "0000000000000000",
    "pelican.cache.FileStampDataCacher.get_cached_data": "0000000000000000",
    # fingerprint.py and pages.py: what a content's `content` and `summary` depend on (its text, the
    # links it points to, the page's site URL), memoized per process (cleared between warm builds).
    "pelican.contents.Content.get_content": "0000000000000000",
    "pelican.contents.Content.get_summary": "0000000000000000",
    "pelican.contents.Content._link_replacer": "0000000000000000",
    "pelican.utils.memoized": "0000000000000000",
    # pages.py: what a listing page holds (Page and Paginator's attributes).
    "pelican.paginator.Page.__init__": "0000000000000000",
    "pelican.paginator.Paginator.__init__": "0000000000000000",
    # The order of a build: generators, all_generators_finalized, the writer, finalized; and the
    # lists each generator writes (the comments plugin attaches to the same lists).
    "pelican.Pelican.run": "0000000000000000",
    "pelican.generators.ArticlesGenerator.generate_articles": "0000000000000000",
    "pelican.generators.ArticlesGenerator.generate_drafts": "0000000000000000",
    "pelican.generators.ArticlesGenerator.generate_pages": "0000000000000000",
    "pelican.generators.ArticlesGenerator.generate_output": "0000000000000000",
    "pelican.generators.PagesGenerator.generate_output": "0000000000000000",
    # folders.py: Pelican's pagination of listings, and which listings the articles generator writes.
    "pelican.generators.ArticlesGenerator.generate_direct_templates": "0000000000000000",
    "pelican.generators.ArticlesGenerator.generate_tags": "0000000000000000",
    # livereload (publishing.strict.fresh_warnings): Pelican reports each warning once per
    # process through these class attributes; a warm process clears them between builds.
    "pelican.log.LimitFilter": "0000000000000000",
    # publishing.steady_sitemap_dates: the sitemap dates pages without a date with `generator.now`.
    "pelican.plugins.sitemap.sitemap.SitemapGenerator.__init__": "0000000000000000",
    "pelican.plugins.sitemap.sitemap.SitemapGenerator._write_out": "0000000000000000",
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
    return getattr(target, "func", target)  # pelican.utils.memoized keeps the function as `func`


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
        print(f'    "{name}": "{source_digest(name)}",')
