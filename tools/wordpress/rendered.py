"""What an imported post's Markdown renders to, checked for anything live before the file is written.

The converter escapes what it writes into the Markdown (convert.py), but Python-Markdown
with `extra` reads syntax in more places than any one escape covers: a link inside a
tag's attribute, an attribute list (`{: onclick=...}`) after any inline element, a blank
line ending an image's alt text. An export is untrusted, so each post is rendered as the
build renders it (fidelity.markdown_renderer) and its HTML checked against what the
import may keep (sanitise.py's allowlist) and what Markdown itself makes (footnotes,
heading ids, table alignment). Anything else (an element, an event handler, a style,
a script's URL) and the post is written as its rendered HTML cleaned by nh3 instead, a
block Markdown leaves alone, as a draft the import's notes name.
"""

from __future__ import annotations

from collections.abc import Callable

from bs4 import BeautifulSoup

from . import sanitise

# What Python-Markdown adds to the tags it makes: heading and footnote ids, footnote and image classes
# (the import's `{: .decorative}` and `{: .align-left}`), a table column's alignment, a footnote's title.
MARKDOWN_ATTRIBUTES = {
    "*": {"id", "class"},
    "td": {"style", "align"},
    "th": {"style", "align"},
    "a": {"title"},
    "img": {"title"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "poster"})
STYLE_ALIGNMENTS = frozenset({"text-align: left;", "text-align: right;", "text-align: center;"})


def allowed_attributes(tag: str) -> set[str]:
    """The attributes a tag of an imported post may carry once rendered."""
    return (
        sanitise.KEPT_ATTRIBUTES.get(tag, set())
        | sanitise.KEPT_ATTRIBUTES["*"]
        | MARKDOWN_ATTRIBUTES.get(tag, set())
        | MARKDOWN_ATTRIBUTES["*"]
    )


def safe_style(tag: str, value: str) -> bool:
    """A style the sanitiser keeps (span, div) or Markdown's table alignment (td, th)."""
    if tag in ("td", "th"):
        return " ".join(value.split()) in STYLE_ALIGNMENTS
    declarations = [part for part in value.split(";") if part.strip()]
    return all(
        name.strip().lower() in sanitise.STYLE_PROPERTIES and not any(c in text for c in "()\\<>")
        for name, _, text in (part.partition(":") for part in declarations)
    )


def live_parts(html: str) -> list[str]:
    """What in a rendered post the import may not keep: elements, attributes, URLs and styles, in words."""
    from .convert import LINK_SCHEMES, scheme_allowed

    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name not in sanitise.KEPT_TAGS:
            found.append(f"a <{tag.name}> element")
            continue
        allowed = allowed_attributes(tag.name)
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name not in allowed:
                found.append(f"a {name!r} attribute on <{tag.name}>")
            elif name in URL_ATTRIBUTES and not (text.startswith("#") or scheme_allowed(text.strip(), LINK_SCHEMES)):
                found.append(f"a {text[:40]!r} address on <{tag.name}>")
            elif name == "style" and (tag.name not in ("span", "div", "td", "th") or not safe_style(tag.name, text)):
                found.append(f"a style {text[:40]!r} on <{tag.name}>")
    return found


def quarantined(html: str) -> str:
    """A rendered post as a block of HTML Markdown leaves as it is: cleaned by nh3, inside one <div>."""
    return f"<div>\n{sanitise.clean(html)}\n</div>\n"


def checked_markdown(markdown: str, render: Callable[[str], str]) -> tuple[str, list[str]]:
    """(the Markdown to write, what it would have shown live) for a converted post or bio.

    With nothing live, the Markdown as converted; else its rendered HTML, quarantined, and
    that checked again (a body that still renders anything live is left empty).
    """
    html = render(markdown)
    found = live_parts(html)
    if not found:
        return markdown, []
    fallback = quarantined(html)
    return (fallback if not live_parts(render(fallback)) else ""), found
