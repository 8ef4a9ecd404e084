"""csp: a Content-Security-Policy on every page, as a `<meta>` tag (GitHub Pages sends no headers).

The policy (policy.BASE): scripts, styles and fonts from the site only, no inline
script, no plugins, no `<base>`; images, media and frames from the site and from
the hosts the content really uses (worked out from every post, page and bio as the
build reads them: an imported blog's old media host, say); forms post to the site,
to the comment form's service, to the newsletter's (plugins/newsletter) and to CSP_FORM_ACTION. JSON-LD is a data block,
never run, so it needs nothing.

A template widens the policy for its own pages by setting `csp_widen` at its top
level (outside any block), e.g. a search page running WebAssembly:

    {% extends "base.html" %}
    {% set csp_widen = {"script-src": ["'wasm-unsafe-eval'"]} %}

and an article or page by a field in its metadata, in the header's own syntax:

    CSP: frame-src https://www.youtube-nocookie.com

Widening only adds sources, for that page alone. A field's unknown directive or
source is left out, with a warning naming the file.

Settings (defaults in DEFAULTS):
    CSP = True                  write the policy into every page (False: none)
    CSP_DEVELOPMENT = False     relax it for `invoke livereload`: its inline script and
                                WebSocket (pelicanconf.py: True; publishconf.py: False)
    CSP_FORM_ACTION = []        more origins forms may post to, e.g. a newsletter service
                                ("https://newsletter.example")
    CSP_SOURCES = {}            more sources per directive, site-wide, e.g. for what
                                partials/extra_head.html loads: {"script-src": ["https://stats.example"]}

`frame-ancestors`, `report-uri` and `sandbox` cannot be given in a `<meta>` tag: a
host that sends headers is needed for them (docs/security.md).
"""

from __future__ import annotations

import html
import logging

from markupsafe import Markup
from output_guard import display_path
from pelican import signals

from .policy import BASE, DEVELOPMENT, Policy, fetched_sources, header, origin, parse, widen

logger = logging.getLogger(__name__)

DEFAULTS = {"CSP": True, "CSP_DEVELOPMENT": False, "CSP_FORM_ACTION": [], "CSP_SOURCES": {}}
CONTEXT_KEY = "csp_policy"


def setting(settings, name):
    """A setting of this plugin, falling back to its documented default."""
    return settings.get(name, DEFAULTS[name])


def content_sources(items, bios) -> Policy:
    """The other sites the content fetches images, media and frames from."""
    found: dict[str, set[str]] = {}
    html_parts = [getattr(item, "_content", "") or "" for item in items] + [str(bio.body) for bio in bios]
    for part in html_parts:
        for directive, sources in fetched_sources(part).items():
            found.setdefault(directive, set()).update(sources)
    for item in items:
        lead = getattr(item, "lead_image", None)
        if lead is not None and (source := origin(lead.src)):
            found.setdefault("img-src", set()).add(source)
    return {directive: tuple(sorted(sources)) for directive, sources in sorted(found.items())}


def comment_form_action(settings, context) -> str:
    """Where the comment form posts to ("" without a form): the comments plugin's own form settings."""
    form = context.get("comment_form_spec")  # set once the first post is written: not yet, as a rule
    if form is None:
        try:
            from comments.forms import FormSettingError, form_spec
            from comments.settings import comment_settings
        except ImportError:  # the site runs without the comments plugin
            return ""
        try:
            form = form_spec(comment_settings(settings), settings.get("SITEURL", ""))
        except FormSettingError:  # the comments plugin warns about it, and shows no form
            return ""
    return form.action


def newsletter_form_action(context) -> str:
    """Where the newsletter's sign-up form posts to ("" without one): the newsletter plugin's form."""
    form = context.get("newsletter_form")
    return form.action if form is not None else ""


def site_policy(settings, context, items) -> Policy:
    """This site's policy: the base, its content's hosts, its form services, the owner's additions."""
    policy = widen(BASE, content_sources(items, (context.get("author_bios") or {}).values()))
    found = (comment_form_action(settings, context), newsletter_form_action(context))
    actions = [origin(action) for action in found if action]
    actions += [origin(url) or url for url in setting(settings, "CSP_FORM_ACTION")]
    policy = widen(policy, {"form-action": tuple(a for a in actions if a)})
    policy = widen(policy, {d: tuple(s) for d, s in setting(settings, "CSP_SOURCES").items()})
    if setting(settings, "CSP_DEVELOPMENT"):
        policy = widen(policy, DEVELOPMENT)
    return policy


def prepare_policy(generators) -> None:
    """Everything is read: work out the site's policy; warn about pages' CSP fields that say nothing valid."""
    context, settings = generators[0].context, generators[0].settings
    items = [item for item in context.get("generated_content", {}).values() if item is not None]
    for item in items:
        if "csp" in item.metadata:
            for problem in parse(item.metadata["csp"])[1]:
                logger.warning("%s: CSP field: %s (left out)", display_path(item.source_path), problem)
    context[CONTEXT_KEY] = site_policy(settings, context, items)


def page_policy(context, widened) -> str:
    """The policy of one page: the site's, widened by the page's template or its CSP field."""
    policy = context.get(CONTEXT_KEY, BASE)
    if isinstance(widened, str):
        widened = parse(widened)[0]
    if widened:
        policy = widen(policy, {d: tuple(s) for d, s in widened.items()})
    return header(policy)


def add_globals(generator) -> None:
    """Give the theme `csp_meta(csp_widen)`: the page's <meta> tag, or nothing when CSP is off."""
    from jinja2 import pass_context

    @pass_context
    def csp_meta(template_context, widened=None) -> Markup:
        if not setting(template_context, "CSP"):
            return Markup("")
        value = html.escape(page_policy(template_context, widened), quote=False).replace('"', "&quot;")
        return Markup(f'<meta http-equiv="Content-Security-Policy" content="{value}">')

    generator.env.globals["csp_meta"] = csp_meta


def register():
    """Connect the plugin to Pelican's signals."""
    signals.generator_init.connect(add_globals)
    signals.all_generators_finalized.connect(prepare_policy)
