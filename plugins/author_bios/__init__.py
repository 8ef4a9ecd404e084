"""author_bios: an "About the author" box from one Markdown file per author.

Bio files live in `AUTHOR_BIOS_PATH` (default "authors", relative to the content
folder); see `bios.py` for their format. Each bio is read with Pelican's own
Markdown reader, so it gets the same extensions and typography as posts.

Settings (defaults in DEFAULTS):
    AUTHOR_BIOS_PATH = "authors"    folder of bio files, relative to PATH

Adds `author_bios` (author slug -> bios.AuthorBio) to the template context and
`author_bios` (list, in the article's author order) to each article. An article
whose author has no bio still builds, with a warning naming both.
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.contents import Page
from pelican.urlwrappers import Author

from .bios import AuthorBio, authors_without_bio, bio_from_metadata

logger = logging.getLogger(__name__)

DEFAULTS = {"AUTHOR_BIOS_PATH": "authors"}


def display_path(path: str) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def read_bios(generator) -> dict[str, AuthorBio]:
    """Read every bio file with the generator's readers, keyed by author slug."""
    settings = generator.settings
    folder = settings.get("AUTHOR_BIOS_PATH", DEFAULTS["AUTHOR_BIOS_PATH"])
    bios: dict[str, AuthorBio] = {}
    paths = generator.get_files([folder], exclude=[])
    for path in sorted(paths):
        try:
            page = generator.readers.read_file(
                base_path=generator.path, path=path, content_class=Page, context=generator.context
            )
        except UnicodeDecodeError:
            shown = display_path(os.path.join(generator.path, path))
            logger.warning("%s: not UTF-8 text: save the file with the UTF-8 encoding (this bio is not shown)", shown)
            continue
        source = display_path(page.source_path)
        bio, problems = bio_from_metadata(page.metadata, page.content, source, lambda name: Author(name, settings).slug)
        for problem in problems:
            logger.warning("%s: %s", source, problem)
        if bio is None:
            continue
        if bio.slug in bios:
            logger.warning("%s: a second bio for %s (the first is %s)", source, bio.name, bios[bio.slug].source_path)
            continue
        bios[bio.slug] = bio
    return bios


def attach_bios(generator):
    """Put the bios in the context and on each article; warn for authors without one."""
    bios = read_bios(generator)
    generator.context["author_bios"] = bios
    articles = generator.articles + generator.translations + generator.drafts + generator.drafts_translations
    for article in articles:
        article.author_bios = [bios[a.slug] for a in getattr(article, "authors", []) if a.slug in bios]
    folder = generator.settings.get("AUTHOR_BIOS_PATH", DEFAULTS["AUTHOR_BIOS_PATH"])
    for path, name in authors_without_bio(articles, bios):
        logger.warning(
            "%s: author %r has no bio (add %s)",
            display_path(path),
            name,
            os.path.join(generator.settings["PATH"], folder, f"{Author(name, generator.settings).slug}.md"),
        )


def register():
    """Connect the plugin to Pelican's signals."""
    signals.article_generator_finalized.connect(attach_bios)
