"""escaping: the theme escapes every value but the HTML marked trusted where it is made.

`JINJA_ENVIRONMENT = {"autoescape": True, ...}` (pelicanconf.py) makes every
template escape what it prints. This plugin marks what is HTML as `Markup`:

- a post's `content` and `summary` (contents.py: the HTML Pelican made from the
  writer's Markdown);
- its title, typogrified HTML, kept to inline formatting (markup.py);
- a `Summary:` field, kept to inline formatting and http(s)/mailto links.

The other plugins return Markup for what they render themselves (figures and
credit lines, bios, JSON-LD, comments). Everything else is text and is escaped.

A writer's HTML comments (`<!-- ask Sam first -->`) are notes to the team, which
Markdown passes through as they are: they are dropped from each post's body as it
is read, so no page, feed or search index shows them in its source.

Control characters (NUL, ESC, the C1 range...; tab and newlines are kept), Unicode's
noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF...) and lone surrogates, none of which XML
allows, never reach a written page: they are dropped from each post's body and metadata
as it is read (so feeds, the sitemap and JSON-LD are free of them too), and from every
value a template prints (Jinja's `finalize`), whatever its source.

Feeds: Pelican gives a feed item the title's text (tags stripped, entities decoded).
Atom says that is text; RSS 2.0 does not say, and many readers show an RSS title as
HTML, so a title written `&lt;script&gt;` would come alive there. Each RSS title is
escaped once more: every reader shows the text the page shows.

Adds the Jinja filter `plain_text` (markup.plain_text): a value's text, for
`<title>`, `<meta>` and other attributes; the theme escapes it in turn.

A build whose template environment does not autoescape logs a warning (which
stops `invoke publish`). No settings.
"""

from __future__ import annotations

import html
import logging

from feedgenerator import Rss201rev2Feed
from pelican import signals
from pelican.urlwrappers import URLWrapper

from .contents import TRUSTED
from .markup import CONTROLS, drop_controls, plain_text, summary_html, title_html, without_controls, without_notes

logger = logging.getLogger(__name__)


def clean(value):
    """A metadata value without control characters (text, a tag or author, or a list of them)."""
    if isinstance(value, str):
        return type(value)(drop_controls(value)) if CONTROLS.search(value) else value
    if isinstance(value, URLWrapper) and CONTROLS.search(value.name):
        value.name = drop_controls(value.name)
    elif isinstance(value, list):
        cleaned = [clean(item) for item in value]
        return value if all(a is b for a, b in zip(cleaned, value, strict=True)) else cleaned
    return value


def drop_control_characters(instance) -> None:
    """Control characters out of a post's body and every metadata field, as it is read; the writers' notes (HTML
    comments) out of its body."""
    if isinstance(instance._content, str) and CONTROLS.search(instance._content):
        instance._content = drop_controls(instance._content)
    if isinstance(instance._content, str):
        instance._content = without_notes(instance._content)
    for key, value in instance.metadata.items():
        cleaned = clean(value)
        if cleaned is not value:
            instance.metadata[key] = cleaned
            if vars(instance).get(key.lower()) is value:  # not through a property: Pelican memoizes them
                setattr(instance, key.lower(), cleaned)


def mark_trusted(instance) -> None:
    """Sanitise an article's or page's title and summary field, and mark its HTML as Markup."""
    trusted = TRUSTED.get(type(instance))
    if trusted is None:  # already marked, or not a post (a static file)
        return
    drop_control_characters(instance)
    metadata = instance.metadata
    if "title" in metadata or hasattr(instance, "title"):
        instance.title = metadata["title"] = title_html(getattr(instance, "title", metadata.get("title")))
    if "summary" in metadata:  # Pelican keeps it in `_summary` too, and writes that back later
        instance._summary = metadata["summary"] = summary_html(getattr(instance, "_summary", metadata["summary"]))
    instance.__class__ = trusted


def mark_every_post(generators) -> None:
    """Mark the posts read from the cache of a build made before this plugin was in use."""
    for content in generators[0].context.get("generated_content", {}).values():
        if content is not None:  # None: a file that failed to read
            mark_trusted(content)


def prepare_environment(generator) -> None:
    """Add the `plain_text` filter and the control-character guard; warn when the templates would not escape."""
    generator.env.filters["plain_text"] = plain_text
    generator.env.finalize = without_controls  # read when a template is compiled: none is yet
    if not generator.env.autoescape:
        logger.warning(
            'JINJA_ENVIRONMENT has no "autoescape": True: the theme would print titles, names and '
            "metadata as HTML (set it in pelicanconf.py)"
        )


def rss_titles_as_html(context, feed):
    """Escape each RSS item's title (its text) as HTML: RSS readers read it as HTML, Atom's is text."""
    if isinstance(feed, Rss201rev2Feed):
        for item in feed.items:
            item["title"] = html.escape(item["title"], quote=False)


def register():
    """Connect the plugin to Pelican's signals."""
    signals.feed_generated.connect(rss_titles_as_html)
    signals.content_object_init.connect(mark_trusted)
    signals.all_generators_finalized.connect(mark_every_post)
    signals.generator_init.connect(prepare_environment)
