"""Structured data for search engines: a post as a schema.org BlogPosting in JSON-LD.

The lead image is an ImageObject carrying its credit (`creator`, `creditText`,
`license`, `acquireLicensePage`), the fields Google reads for image licensing,
so the credit a writer gives once reaches search engines too.
"""

from __future__ import annotations

import json

from markupsafe import Markup


def credit_text(credit) -> str:
    """The credit line without its label: 'Creator via Source'."""
    return " via ".join(part for part in (credit.creator, credit.source) if part)


def image_object(url: str, caption: str, credit=None) -> dict:
    """A schema.org ImageObject for an image and its credit (anything with the image_credits Credit fields)."""
    image = {"@type": "ImageObject", "url": url, "contentUrl": url}
    if caption:
        image["caption"] = caption
    if credit:
        if credit.creator:
            creator = {"@type": "Person", "name": credit.creator}
            if credit.creator_url:
                creator["url"] = credit.creator_url
            image["creator"] = creator
        if text := credit_text(credit):
            image["creditText"] = text
        if credit.licence_url:
            image["license"] = credit.licence_url
        if credit.source_url:
            image["acquireLicensePage"] = credit.source_url
    return image


def blog_posting(
    *,
    url: str,
    headline: str,
    description: str,
    published: str,
    modified: str,
    authors: list[tuple[str, str]],
    keywords: list[str],
    site_name: str,
    image: dict | None = None,
    language: str = "",
) -> dict:
    """A schema.org BlogPosting; `authors` are (name, URL of their page with the bio), `language` a BCP 47 tag."""
    posting = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": headline,
        "description": description,
        "datePublished": published,
        "dateModified": modified or published,
        "author": [{"@type": "Person", "name": name, "url": page} for name, page in authors],
        "publisher": {"@type": "Organization", "name": site_name},
        "keywords": ", ".join(keywords),
    }
    if language:
        posting["inLanguage"] = language
    if image:
        posting["image"] = image
    return posting


def script_json(data: dict) -> Markup:
    """JSON safe to place inside <script type="application/ld+json">: no '</script>' can end it."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
