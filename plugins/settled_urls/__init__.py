"""settled_urls: each article's and page's URL worked out once per build, not on every use.

Pelican formats `url` anew each time a template, a feed or a plugin asks (and works
out the source file's relative path each time too): about 18,000 times in a build
of 1000 posts, a tenth of a second or more. Once everything is read, nothing
changes it any more; the plugin then records each one in the attribute Pelican
itself reads first, `override_url` (the one a post's `URL:` field sets), so every
later use is a lookup. Not `save_as`: it is used once per page, and Pelican takes
an `override_save_as` as leave to overwrite another page's file without a word.
The site is byte for byte the same (tested).

Setting:
    SETTLED_URLS = True     False: Pelican works each URL out on every use
"""

from pelican import signals

DEFAULTS = {"SETTLED_URLS": True}


def settle(generators) -> None:
    """Everything is read: record every article's and page's URL as it now is."""
    if not generators[0].settings.get("SETTLED_URLS", DEFAULTS["SETTLED_URLS"]):
        return
    for content in generators[0].context["generated_content"].values():  # every article and page read
        if content is not None:  # None: a file that failed to read
            content.override_url = content.url


def register():
    """Connect the plugin to Pelican's signals."""
    signals.all_generators_finalized.connect(settle)
