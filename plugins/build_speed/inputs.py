"""What a page's key cannot see for itself, declared here (docs/performance.md: "Adding an input").

A page's key sees every value its templates read by name, and everything those
values carry (fingerprint.py). It cannot see inside code the templates call: a Jinja
filter, test or global that read a file, a module's state or the whole context
would make pages that look unchanged render differently. So every function the
plugins add to the template environment is declared here: pure (its result depends
only on its arguments and on the settings, which are part of every key), or reading
named values of the template's context (a `pass_context` function), which then count
in the key of every page whose templates call it. One that needs anything else
should take it as an argument, or read it from the context. Until a new one is
declared, builds render every page (and say so once), and tests/test_build_speed.py
fails, naming it.

Likewise the receivers of Pelican's `feed_generated` and `feed_written` signals: a
feed whose key is unchanged is not built at all, so a receiver must only change
the feed from its items and the settings (or collect nothing).
"""

from __future__ import annotations

import logging
import weakref

from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS

logger = logging.getLogger(__name__)

# Jinja filters, tests and globals added by the plugins, whose result depends only on their
# arguments and the settings: "name": "the plugin that adds it".
PURE_TEMPLATE_FUNCTIONS = {
    "figure": "image_credits",
    "credit_line": "image_credits",
    "blog_posting_json": "structured_data",
    "plain_text": "escaping",
    "heading_anchors": "reading",
    "listed_summary": "reading",
    "language_attributes": "reading",
    "og_locale": "reading",
    "share_links": "share_links",  # its services come from the settings
    "strftime": "Pelican",
    "plugin_enabled": "Pelican",
}
# Jinja functions that read values of the template's context besides their arguments (`pass_context`):
# "name": (the context names it reads). Those values count in the key of every page that calls it.
CONTEXT_READING_FUNCTIONS = {
    "csp_meta": ("csp_policy",),  # csp: the site's policy, worked out from every post and bio
}
# Declared functions that reach other articles through an article's attributes: "name": (attribute names).
# Those attributes count for every page whose templates call the function: an article reached through
# an attribute no template of the page names, nor any function it calls, counts only as being there
# (fingerprint.py). tests/test_incremental.py watches every page of a build for an attribute reached
# and not counted. None so far: structured_data reads an article's own lead image, not another article.
FOLLOWING_FUNCTIONS: dict[str, tuple[str, ...]] = {}
# Types whose instances cannot change once made: frozen dataclasses holding only strings, numbers, dates,
# Markup and tuples of such (or of these types). A tuple of them attached to an article, and the very same
# tuple in the next build of a warm process (the comments, kept while no comment file changes), is not
# pickled again for the article's fingerprint (fingerprint.Unchanging).
UNCHANGING_TYPES = ("comments.threads.ShownComment", "comments.model.Comment")
# Receivers of feed_generated and feed_written that change a feed only from its items and the settings.
FEED_RECEIVERS = {
    "escaping.rss_titles_as_html",
    "image_credits.figures_in_feed",
    "publishing.summaries_only",
}

_reported: set[str] = set()


def undeclared_template_functions(environment, settings) -> list[str]:
    """The filters, tests and globals of a template environment that nobody declared pure."""
    known = set(PURE_TEMPLATE_FUNCTIONS) | set(CONTEXT_READING_FUNCTIONS)
    for kind, builtins in (("FILTERS", DEFAULT_FILTERS), ("TESTS", DEFAULT_TESTS), ("GLOBALS", DEFAULT_NAMESPACE)):
        known |= set(builtins) | set(settings.get(f"JINJA_{kind}", {}))  # the site's own: their code is in the key
    used = set(environment.filters) | set(environment.tests) | set(environment.globals)
    return sorted(used - known)


def say_once(missing: list[str], message: str) -> bool:
    """Warn once per process for each name missing (message: %r for the name); whether none is."""
    for name in missing:
        if name not in _reported:
            _reported.add(name)
            logger.warning(message + " (see docs/performance.md, Adding an input)", name)
    return not missing


def keyable_environment(environment, settings) -> bool:
    """Whether pages rendered with this environment can be kept by key; says once which function is missing."""
    return say_once(
        undeclared_template_functions(environment, settings),
        "build_speed: the template function %r is not declared in build_speed/inputs.py: every page is rendered "
        "until it is",
    )


def receiver_name(receiver) -> str:
    """A signal receiver as module.name."""
    return f"{getattr(receiver, '__module__', '?')}.{getattr(receiver, '__qualname__', repr(receiver))}"


def feed_receivers() -> list[str]:
    """Every receiver connected to Pelican's feed_generated and feed_written signals, by name."""
    from pelican import signals

    found = []
    for signal in (signals.feed_generated, signals.feed_written):
        for receiver in signal.receivers.values():
            live = receiver() if isinstance(receiver, weakref.ref) else receiver  # blinker holds most weakly
            if live is not None:
                found.append(receiver_name(live))
    return sorted(found)


def keyable_feeds() -> bool:
    """Whether feeds can be kept by key: every feed receiver is declared; says once which is not."""
    return say_once(
        [name for name in feed_receivers() if name not in FEED_RECEIVERS],
        "build_speed: %s receives feed_generated or feed_written and is not declared in build_speed/inputs.py: "
        "every feed is written until it is",
    )


def read_through_functions(calls, everything: bool = False) -> set[str]:
    """The context names read by the declared functions a template uses (all of them, with `everything`)."""
    used = (
        CONTEXT_READING_FUNCTIONS if everything else {name: CONTEXT_READING_FUNCTIONS.get(name, ()) for name in calls}
    )
    return {read for reads in used.values() for read in reads}


def followed_attributes(reads) -> frozenset[str] | None:
    """The attributes through which a template (`reads`: template_reads.Reads) reaches other articles; None: any."""
    if reads.attributes is None:
        return None
    calls = FOLLOWING_FUNCTIONS if reads.everything else reads.calls
    return reads.attributes.union(*(FOLLOWING_FUNCTIONS.get(name, ()) for name in calls))
