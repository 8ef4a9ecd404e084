"""newsletter: an optional email-subscription form for a hosted newsletter service.

The blog keeps no list of subscribers: a service that mails new posts from the
site's feed (Buttondown's RSS-to-email, Mailchimp's RSS campaigns, follow.it, or any
service with a plain HTML sign-up form) does. The form is plain HTML that posts
to the service: no script, nothing loaded from the service until the reader
subscribes. Off until configured.

Settings (defaults in DEFAULTS):
    NEWSLETTER_SERVICE = ""          "" (off), "buttondown" or "custom"
    NEWSLETTER_ACCOUNT = ""          buttondown: the account's username
    NEWSLETTER_ACTION = ""           custom: the https:// address the service's sign-up
                                     form posts to (the `action` of its embed code)
    NEWSLETTER_EMAIL_FIELD = "email" custom: the name of its email input (Mailchimp: "EMAIL")
    NEWSLETTER_HIDDEN_FIELDS = {}    custom: hidden fields its embed code carries
    NEWSLETTER_SERVICE_NAME = ""     the name shown beside the form ("Buttondown" by default
                                     for buttondown; none for custom)

Adds `newsletter_form` (a NewsletterForm, or None when off) to the template
context; the csp plugin adds its address to every page's `form-action`. A setting
that cannot work (an unknown service, no account, an action that is not https://) is
warned about, naming the setting and the fix, and the form is left out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS = {
    "NEWSLETTER_SERVICE": "",
    "NEWSLETTER_ACCOUNT": "",
    "NEWSLETTER_ACTION": "",
    "NEWSLETTER_EMAIL_FIELD": "email",
    "NEWSLETTER_HIDDEN_FIELDS": {},
    "NEWSLETTER_SERVICE_NAME": "",
}


class NewsletterSettingError(ValueError):
    """Newsletter settings that cannot make a working form."""


@dataclass(frozen=True)
class NewsletterForm:
    """What the theme needs to draw the sign-up form."""

    action: str
    email_field: str
    hidden: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    service_name: str = ""


def newsletter_form(options: dict) -> NewsletterForm | None:
    """The form these settings describe; None when off; NewsletterSettingError when they cannot work."""
    service = str(options.get("NEWSLETTER_SERVICE") or "").strip().lower()
    name = str(options.get("NEWSLETTER_SERVICE_NAME") or "")
    if not service:
        return None
    if service == "buttondown":
        account = str(options.get("NEWSLETTER_ACCOUNT") or "").strip()
        if not account:
            raise NewsletterSettingError(
                'NEWSLETTER_SERVICE is "buttondown" but NEWSLETTER_ACCOUNT is empty: give your Buttondown username'
            )
        action = f"https://buttondown.com/api/emails/embed-subscribe/{quote(account, safe='')}"
        return NewsletterForm(action, "email", (("embed", "1"),), name or "Buttondown")
    if service == "custom":
        action = str(options.get("NEWSLETTER_ACTION") or "").strip()
        parts = urlsplit(action)
        if parts.scheme != "https" or not parts.netloc:
            raise NewsletterSettingError(
                f"NEWSLETTER_ACTION {action!r} is not an https:// address: copy the `action` of your "
                "service's sign-up form"
            )
        email_field = str(options.get("NEWSLETTER_EMAIL_FIELD") or "email")
        hidden = tuple((str(k), str(v)) for k, v in dict(options.get("NEWSLETTER_HIDDEN_FIELDS") or {}).items())
        return NewsletterForm(action, email_field, hidden, name)
    raise NewsletterSettingError(f'NEWSLETTER_SERVICE {service!r} is unknown (use "buttondown" or "custom", or "")')


def add_form(generator) -> None:
    """Put the sign-up form (or None) in the template context, once per build."""
    if "newsletter_form" in generator.context:
        return
    options = {name: generator.settings.get(name, default) for name, default in DEFAULTS.items()}
    try:
        generator.context["newsletter_form"] = newsletter_form(options)
    except NewsletterSettingError as problem:
        logger.warning("%s; the subscription form is left out", problem)
        generator.context["newsletter_form"] = None


def register():
    """Connect the plugin to Pelican's signals."""
    signals.generator_init.connect(add_form)
