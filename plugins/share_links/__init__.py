"""share_links: links that share an article, with no script and no request until clicked.

Adds the Jinja filter `share_links(title, url)`: a list of ShareLink (label, href)
for the services in `SHARE_LINKS`, in that order. Each is an ordinary link to the
service's own sharing address: nothing is loaded from another host while the page
is read, and a service learns of the reader only when the reader follows the link.
The theme adds the page's address in a read-only field, to copy by hand.

Settings (defaults in DEFAULTS):
    SHARE_LINKS = ("linkedin", "bluesky", "email")   any of these, in this order;
                                                      () leaves the share box out
An unknown name is warned about once a build and left out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS = {"SHARE_LINKS": ("linkedin", "bluesky", "email")}


@dataclass(frozen=True)
class ShareLink:
    """A link that shares a page on one service."""

    service: str
    label: str
    href: str


def linkedin(title: str, url: str) -> ShareLink:
    """LinkedIn's share address: it reads the title and image from the page's own tags."""
    return ShareLink(
        "linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})
    )


def bluesky(title: str, url: str) -> ShareLink:
    """Bluesky's compose address, with the title and the address as the post's text."""
    return ShareLink("bluesky", "Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {url}"}))


def email(title: str, url: str) -> ShareLink:
    """A mailto: link with the title as subject and the address as body."""
    return ShareLink("email", "Email", f"mailto:?subject={quote(title)}&body={quote(url)}")


SERVICES = {"linkedin": linkedin, "bluesky": bluesky, "email": email}


def share_links(title, url, services=DEFAULTS["SHARE_LINKS"]) -> list[ShareLink]:
    """The share links of a page with this (plain text) title and absolute address."""
    return [SERVICES[name](str(title), str(url)) for name in services if name in SERVICES]


def add_filter(generator) -> None:
    """Make `share_links` available to the theme, with the site's choice of services."""
    chosen = [str(name).lower() for name in generator.settings.get("SHARE_LINKS", DEFAULTS["SHARE_LINKS"])]
    if unknown := [name for name in chosen if name not in SERVICES]:
        logger.warning("SHARE_LINKS: unknown service(s) %s (known: %s)", ", ".join(unknown), ", ".join(SERVICES))
    generator.env.filters["share_links"] = lambda title, url: share_links(title, url, chosen)


def register():
    """Connect the plugin to Pelican's signals."""
    signals.generator_init.connect(add_filter)
