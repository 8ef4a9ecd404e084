"""Each article's and page's URL worked out once per build, not on every use.

Pelican formats `url` anew each time a template, a feed or a plugin asks (and works
out the source file's relative path each time too): about 18,000 times in a build
of 1000 posts. Once everything is read, nothing changes it any more; it is then
recorded in the attribute Pelican itself reads first, `override_url` (the one a
post's `URL:` field sets), so every later use is a lookup. Not `save_as`: it is
used once per page, and Pelican takes an `override_save_as` as leave to overwrite
another page's file without a word. The site is byte for byte the same (tested).
"""


def settle(context) -> None:
    """Everything is read: record every article's and page's URL as it now is."""
    for content in context["generated_content"].values():  # every article and page read
        if content is not None:  # None: a file that failed to read
            content.override_url = content.url
