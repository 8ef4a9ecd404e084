"""author_bios: an "About the author" box from one Markdown file per author.

Bio files live in `AUTHOR_BIOS_PATH` (default "authors", relative to the content
folder); see `bios.py` for their format. Each bio is read with Pelican's own
Markdown reader, so it gets the same extensions and typography as posts.

Settings (defaults in DEFAULTS):
    AUTHOR_BIOS_PATH = "authors"    folder of bio files, relative to PATH

Adds `author_bios` (author slug -> bios.AuthorBio) to the template context and
`author_bios` (list, in the article's author order) to each article. An article
whose author has no bio still builds, without a box. What a bio file or a post
gets wrong (no name, no text, a malformed link, an author without bio) is
reported by the writing plugin's checks, in `invoke check` and every build.
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup
from pelican import signals
from pelican.contents import Page
from pelican.urlwrappers import Author
from reading.text import prefixed_ids

from .bios import AuthorBio, bio_from_metadata

DEFAULTS = {"AUTHOR_BIOS_PATH": "authors"}


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
        except UnicodeDecodeError:  # not shown; the checks name the file
            continue
        bio, _problems = bio_from_metadata(
            page.metadata, page.content, page.source_path, lambda name: Author(name, settings).slug
        )
        if bio is not None:  # shown inside a post's page: its ids (headings, footnotes) never the post's
            bio = replace(bio, body=Markup(prefixed_ids(str(bio.body), f"bio-{bio.slug}-")))
        if bio is not None:
            bios.setdefault(bio.slug, bio)  # a second bio for the same author: the checks report it
    return bios


def attach_bios(generator):
    """Put the bios in the context and on each article."""
    bios = read_bios(generator)
    generator.context["author_bios"] = bios
    articles = generator.articles + generator.translations + generator.drafts + generator.drafts_translations
    for article in articles:
        article.author_bios = [bios[a.slug] for a in getattr(article, "authors", []) if a.slug in bios]


def register():
    """Connect the plugin to Pelican's signals."""
    signals.article_generator_finalized.connect(attach_bios)
