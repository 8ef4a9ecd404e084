"""build_speed's settings: every default in one place.

Each is read from pelicanconf.py when set there. None of them changes what the site
looks like: with any value, the output is byte for byte the same (tested).

    BUILD_SPEED = True                      False: none of the speed-ups below; Pelican's own
                                            content cache (CACHE_CONTENT) stays as configured,
                                            and so do the checks that keep it true
    BUILD_SPEED_INCREMENTAL = True          builds that keep a cache (CACHE_CONTENT) render and
                                            write only the pages whose inputs changed
    BUILD_SPEED_READ_AHEAD_MIN_FILES = 100  Markdown files to read before a second process pays
                                            for its start (about 0.5 s of the other core); None: never
    BUILD_SPEED_COMMENTS_MIN_FILES = 1000   comment files before the comments are prepared in a
                                            second process while the posts are read; None: never
    BUILD_SPEED_RELATED_MIN_POSTS = 500     posts before the related posts are ranked in a second
                                            process while the build goes on; None: never
    BUILD_SPEED_PARALLEL_MIN_PAGES = 200    pages a build renders in full (no incremental
                                            rendering) before half of them are rendered in a
                                            forked second process; None: never

Three earlier speed-ups were measured and removed, each saving under 3 % of a build
(docs/performance.md): output folders made on a thread, URLs worked out once, and
the writer comparing each page with the file already there.
"""

from __future__ import annotations

from types import MappingProxyType

DEFAULTS = MappingProxyType(
    {
        "BUILD_SPEED": True,
        "BUILD_SPEED_INCREMENTAL": True,
        "BUILD_SPEED_READ_AHEAD_MIN_FILES": 100,
        "BUILD_SPEED_COMMENTS_MIN_FILES": 1000,
        "BUILD_SPEED_RELATED_MIN_POSTS": 500,
        "BUILD_SPEED_PARALLEL_MIN_PAGES": 200,
    }
)


def speed_settings(settings) -> dict:
    """The package's settings: the defaults overlaid with the site's, as a new dict."""
    return {name: settings.get(name, default) for name, default in DEFAULTS.items()}
