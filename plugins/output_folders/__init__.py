"""output_folders: the build's output folders, created ahead of the writer on a thread of their own.

Once Pelican has read everything and knows where each page goes, a thread creates
the folders of every article, page and listing page while the main thread renders,
so the writer, which creates each folder just before writing into it, finds it
there. (Not earlier: while the articles are read, the main thread needs its core.)
The output is the same as without the plugin: folders that nothing was written
into are removed at the end. Why it pays: folders.py.

Setting:
    OUTPUT_FOLDERS_AHEAD = True     False: leave every folder to Pelican's writer
"""

from __future__ import annotations

import logging

from pelican import signals

from .folders import FolderMaker, article_listings, listing_pages

logger = logging.getLogger(__name__)
DEFAULTS = {"OUTPUT_FOLDERS_AHEAD": True}
build = {"maker": None}  # this build's FolderMaker (None: switched off or no build running)


def start(pelican) -> None:
    """A new build: a new maker for its output folder (its thread starts on first use)."""
    if build["maker"] is not None:  # the previous build in this process stopped before the end
        build["maker"].finish()
    if pelican.settings.get("OUTPUT_FOLDERS_AHEAD", DEFAULTS["OUTPUT_FOLDERS_AHEAD"]):
        build["maker"] = FolderMaker(pelican.output_path)
    else:
        build["maker"] = None


def want_every_folder(generators) -> None:
    """Everything is read: ask for every content and listing page's folder, before the writer starts."""
    maker = build["maker"]
    if maker is None:
        return
    for content in generators[0].context["generated_content"].values():  # every article and page read
        if content is not None:  # None: a file that failed to read
            maker.want(content.save_as)
    for generator in generators:
        if hasattr(generator, "tags") and hasattr(generator, "authors"):
            for save_as in listing_pages(generator.settings, article_listings(generator)):
                maker.want(save_as)


def finish(_pelican) -> None:
    """Output written: wait for the thread and remove the folders nothing was written into."""
    maker, build["maker"] = build["maker"], None
    if maker is not None:
        removed = maker.finish()
        logger.debug("output_folders: %d made ahead, %d unused and removed", len(maker.created), len(removed))


def register():
    """Connect the plugin to Pelican's signals."""
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(want_every_folder)
    signals.finalized.connect(finish)
