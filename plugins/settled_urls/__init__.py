"""settled_urls: each article's and page's URL worked out once per build, not on every use.

Pelican formats `url` and `save_as` anew each time a template, a feed or a plugin
asks (and works out the source file's relative path each time too): about 18,000
times in a build of 1000 posts, a tenth of a second or more. Once everything is
read, nothing changes them any more; the plugin then records each one in the
attribute Pelican itself reads first, `override_url` / `override_save_as` (the
ones a post's `URL:` and `Save_as:` fields set), so every later use is a lookup.
The site is byte for byte the same (tested).

Setting:
    SETTLED_URLS = True     False: Pelican works each URL out on every use
"""

from pelican import signals

DEFAULTS = {"SETTLED_URLS": True}


def settle(generators) -> None:
    """Everything is read: record every article's and page's URL and output path as they now are."""
    if not generators[0].settings.get("SETTLED_URLS", DEFAULTS["SETTLED_URLS"]):
        return
    for content in generators[0].context["generated_content"].values():  # every article and page read
        if content is not None:  # None: a file that failed to read
            content.override_url = content.url
            content.override_save_as = content.save_as


def register():
    """Connect the plugin to Pelican's signals."""
    signals.all_generators_finalized.connect(settle)
