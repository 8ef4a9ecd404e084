"""reading: reading time, a table of contents for long posts, and a link on every heading.

Each post's text is read once, when Pelican reads the post (`content_object_init`),
into a `text_profile` (reading.text.TextProfile: words, headings, frequent terms)
that Pelican's content cache keeps with the post, so a warm build reads again only
the posts that changed. The related_posts plugin reads the same profile.

Sets on every article and page:
    reading_time      minutes to read it (at least 1)
    toc               its table of contents (reading.text.TocEntry, nested), or () when
                      it has fewer than TOC_MIN_HEADINGS headings or says `Toc: off`

Adds the Jinja filter `heading_anchors` (a post's body with a "#" link to itself at
the end of every heading that has an id: Markdown's toc extension gives every
heading one), and `listed_summary` (a summary with its ids, and the links to them,
made its own on a page listing several: two short posts' footnotes or `## Intro`
headings would otherwise give the home page two `fn:1` or `intro` ids, and the
second post's note link jump to the first's). A post in another language than the site's
(`Lang: ar`) is marked with `language_attributes` (` lang="ar" dir="rtl"` on what it wrote:
its title, text and contents) and `og_locale` (its page's og:locale, `ar`, `he_IL`).

Settings (defaults in DEFAULTS):
    READING_WORDS_PER_MINUTE = 230   an adult's silent reading speed for non-fiction
    TOC_MIN_HEADINGS = 4             a table of contents from this many headings (h2-h3) on
    TOC_MAX_LEVEL = 3                the deepest heading listed (3: `###`)
    READING_THEME_IDS = THEME_IDS    the ids the theme's own elements use on a post's page: a heading whose
                                     id would be one (`## Comments`) gets `comments-2`, and the post's links
                                     to it follow (a theme that adds ids lists them here)
    READING_THEME_ID_PREFIXES = THEME_ID_PREFIXES   the starts of the ids the theme makes per author,
                                     comment or year: a heading's id with one gets `post-` before it

A post switches its table of contents off with `Toc: off` (or on, whatever its
length, with `Toc: on`); the writing plugin's checks name any other value, with its
file and line, and the post's length decides.
"""

from __future__ import annotations

from markupsafe import Markup
from pelican import signals
from pelican.contents import Article, Page

from .text import (
    TextProfile,
    free_ids,
    listed_summary_html,
    profile,
    reading_minutes,
    table_of_contents,
    with_heading_anchors,
)

# The ids of the theme's own elements on a post's page (theme/templates): a heading may not take one.
THEME_IDS = (
    "main", "comments", "comments-title", "respond", "tags-heading", "share-title", "related-title", "series-title",
    "toc-title", "subscribe-title", "newsletter-email", "drafts-title", "site-search-q", "search-form", "search-q",
    "search-results", "search-status", "search-more", "search-elsewhere", "search-elsewhere-title",
)  # fmt: skip
# The starts of the ids the theme makes for each author, comment or year (`author-chris`, `comment-fs-1`).
# `bio-`: the ids of the author bios the page shows (author_bios gives each bio's ids that start).
# `summary-`: the ids of the summaries a listing shows (listed_summary).
THEME_ID_PREFIXES = ("author-", "comment-", "reply-", "year-", "bio-", "summary-")
DEFAULTS = {
    "READING_WORDS_PER_MINUTE": 230,
    "TOC_MIN_HEADINGS": 4,
    "TOC_MAX_LEVEL": 3,
    "READING_THEME_IDS": THEME_IDS,
    "READING_THEME_ID_PREFIXES": THEME_ID_PREFIXES,
}
TOC_SWITCH = {"on": True, "yes": True, "true": True, "off": False, "no": False, "false": False}


def setting(settings, name):
    """A setting of this plugin, falling back to its documented default."""
    return settings.get(name, DEFAULTS[name])


def text_profile(content) -> TextProfile:
    """The post's text profile, worked out now if it was read before this plugin was in use."""
    found = getattr(content, "text_profile", None)
    if not isinstance(found, TextProfile):
        found = content.text_profile = profile(getattr(content, "_content", ""))
    return found


def read_text(instance) -> None:
    """When a post is read: ids the theme takes renamed, and its text profile, kept with it in the content cache."""
    if isinstance(instance, (Article, Page)):
        taken = frozenset(setting(instance.settings, "READING_THEME_IDS"))
        prefixes = tuple(setting(instance.settings, "READING_THEME_ID_PREFIXES"))
        instance._content = free_ids(instance._content, taken, prefixes)
        instance.text_profile = profile(instance._content)


def toc_wanted(content, headings: int, settings) -> bool:
    """Whether the post gets a table of contents: its `Toc:` field, else its number of headings."""
    value = content.metadata.get("toc")
    if value is not None and str(value).strip():
        switch = TOC_SWITCH.get(str(value).strip().lower())
        if switch is not None:
            return switch
    return headings >= setting(settings, "TOC_MIN_HEADINGS")


def add_reading_aids(generator) -> None:
    """Reading time and table of contents for every article or page of a generator."""
    settings = generator.settings
    per_minute = setting(settings, "READING_WORDS_PER_MINUTE")
    max_level = setting(settings, "TOC_MAX_LEVEL")
    contents = [
        *getattr(generator, "articles", []),
        *getattr(generator, "translations", []),
        *getattr(generator, "hidden_articles", []),
        *getattr(generator, "drafts", []),
        *getattr(generator, "pages", []),
        *getattr(generator, "hidden_pages", []),
        *getattr(generator, "draft_pages", []),
    ]
    for content in contents:
        found = text_profile(content)
        content.reading_time = reading_minutes(found.words, per_minute)
        entries = table_of_contents(found.headings, max_level)
        content.toc = entries if toc_wanted(content, count_entries(entries), settings) else ()


def count_entries(entries) -> int:
    """The number of headings in a table of contents, nested ones included."""
    return sum(1 + count_entries(entry.children) for entry in entries)


def heading_anchors(html) -> Markup:
    """The Jinja filter: a post's body with a link on every heading that has an id."""
    return Markup(with_heading_anchors(str(html)))


def listed_summary(summary, slug, url="") -> Markup:
    """The Jinja filter: a post's summary as a listing shows it, its ids (and links to them) `summary-<slug>/...`,
    a link to a part it does not hold leading to the post's page at `url` (see text.listed_summary_html).

    A slash ends the prefix: no slug holds one, so `salary` and `salary-tips` never make the same id.
    """
    return Markup(listed_summary_html(str(summary or ""), f"summary-{slug}/", str(url)))


def language_tag(lang) -> str:
    """A `Lang:` as writers type it (any case, `_` or `-` between its parts: `he_IL`, `AR`) as HTML and
    schema.org want it (BCP 47: `he-IL`, `ar`); "" when it is none.
    """
    parts = [part for part in str(lang or "").replace("_", "-").split("-") if part]
    if not parts or not parts[0].isalpha():
        return ""
    return "-".join([parts[0].lower(), *(part.upper() if len(part) == 2 else part for part in parts[1:])])


def language_attributes(lang, site_lang="", rtl_langs=()) -> Markup:
    """The Jinja filter: ` lang="he-IL" dir="rtl"` for a text in another language than the site's ("" for the site's).

    Right to left when its language is one of `rtl_langs` (see language_tag for how it is written).
    """
    tag = language_tag(lang)
    if not tag or tag.lower() == str(site_lang or "").replace("_", "-").lower():
        return Markup("")
    direction = ' dir="rtl"' if tag.split("-")[0] in {str(name).lower() for name in rtl_langs} else ""
    return Markup(' lang="{}"').format(tag) + Markup(direction)


def og_locale(lang, site_lang="") -> str:
    """The Jinja filter: a page's language as Open Graph's og:locale wants it, the site's when `lang` is none.

    `language_TERRITORY` (`he_IL`, `fr_CA`), or the language alone (`ar`, `en`) when no territory is
    given: a script or a region in digits (`zh-Hant`, `es-419`) has no place in it.
    """
    tag = language_tag(lang) or language_tag(site_lang)
    language, *rest = tag.split("-")
    territory = next((part for part in rest if len(part) == 2 and part.isalpha()), "")
    return f"{language}_{territory}" if territory else language


def add_filters(generator) -> None:
    """Make the heading anchors, listed summaries and language marks available to the theme."""
    generator.env.filters["heading_anchors"] = heading_anchors
    generator.env.filters["listed_summary"] = listed_summary
    generator.env.filters["language_attributes"] = language_attributes
    generator.env.filters["og_locale"] = og_locale


def register():
    """Connect the plugin to Pelican's signals."""
    signals.content_object_init.connect(read_text)
    signals.generator_init.connect(add_filters)
    signals.article_generator_finalized.connect(add_reading_aids)
    signals.page_generator_finalized.connect(add_reading_aids)
