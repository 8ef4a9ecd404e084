"""structured_data: JSON-LD (schema.org BlogPosting) for every article.

Adds the Jinja filter `blog_posting_json(article, SITEURL)`, which the theme places
in a `<script type="application/ld+json">`: text values come from the escaping
plugin's `plain_text` (no tag, no entity), and the JSON can never close its script.
It reads what the other plugins set on an article (`lead_image` with its `credit`), and
its language (`inLanguage`: its `Lang:`, else the site's, written as the reading plugin marks it),
and needs absolute URLs: in the development build (relative SITEURL) it still
renders, with relative URLs.

No settings.
"""

from __future__ import annotations

from escaping.markup import plain_text as plain
from markupsafe import Markup
from pelican import signals
from reading import language_tag

from .jsonld import blog_posting, image_object, script_json


def absolute(siteurl: str, path: str) -> str:
    """A page's or file's URL from the site's URL and its path."""
    return f"{siteurl.rstrip('/')}/{path.lstrip('/')}"


def article_json_ld(article, siteurl: str) -> Markup:
    """The article's BlogPosting as JSON for a ld+json script."""
    image = None
    lead = getattr(article, "lead_image", None)
    if lead is not None:
        image = image_object(lead.located(siteurl), lead.caption, lead.credit)
    data = blog_posting(
        url=absolute(siteurl, article.url),
        headline=plain(article.title),
        description=plain(getattr(article, "summary", "")),
        published=article.date.isoformat(),
        modified=article.modified.isoformat() if getattr(article, "modified", None) else "",
        authors=[(a.name, absolute(siteurl, a.url)) for a in getattr(article, "authors", [])],
        keywords=[str(t) for t in getattr(article, "tags", [])],
        site_name=plain(article.settings.get("SITENAME", "")),
        image=image,
        language=language_tag(article.lang) or language_tag(article.settings.get("DEFAULT_LANG", "")),
    )
    return script_json(data)


def add_filters(generator):
    """Make the JSON-LD available to the theme."""
    generator.env.filters["blog_posting_json"] = article_json_ld


def register():
    """Connect the plugin to Pelican's signals."""
    signals.generator_init.connect(add_filters)
