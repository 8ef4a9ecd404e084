"""What an imported post's Markdown renders to, checked for anything live before the file is written.

The converter escapes what it writes into the Markdown (convert.py), but Python-Markdown
with `extra` reads syntax in more places than any one escape covers: a link inside a
tag's attribute, an attribute list (`{: onclick=...}`) after any inline element, a blank
line ending an image's alt text. An export is untrusted, so each post is rendered as the
build renders it (fidelity.markdown_renderer) and its HTML checked against what the
import may keep (sanitise.py's allowlist) and what Markdown itself makes (footnotes,
heading ids, table alignment). Anything else (an element, an event handler, a style,
a script's URL, a comment a browser ends early) and the post is written as its rendered
HTML cleaned by nh3 instead, a block Markdown leaves alone, as a draft the import's notes
name; should that still show anything live, its words alone (never an empty post).
"""

from __future__ import annotations

import re
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
# The classes the import and Python-Markdown write: an image's (docs/writing.md), the footnotes'. Any
# other could take one of the theme's looks (a notice, a fixed bar) from an export.
CLASSES = frozenset({"decorative", "align-left", "align-right", "footnote", "footnote-ref", "footnote-backref"})
# Ids: a heading's (the toc extension's, from its text) and the footnotes'; no other element gets one.
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
FOOTNOTE_ID = re.compile(r"fn(ref\d*)?:\d+")  # `fnref2:1`: a note's second call
# Browsers end a comment at `<!-->`, a `<![CDATA[` or `<?` section at the first `>`, where Python's parser
# reads on: the one comment the converter writes (between two lists) is `<!-- -->`.
DECLARATION = re.compile(r"<[!?](?!-- -->)")
# In a style's value: what loads, runs or reaches outside the element.
STYLE_UNSAFE = re.compile(r"url\(|image|expression|element\(|attr\(|var\(|env\(|[\\<>\"';@]|/\*", re.I)


def allowed_attributes(tag: str) -> set[str]:
    """The attributes a tag of an imported post may carry once rendered."""
    return (
        sanitise.KEPT_ATTRIBUTES.get(tag, set())
        | sanitise.KEPT_ATTRIBUTES["*"]
        | MARKDOWN_ATTRIBUTES.get(tag, set())
        | MARKDOWN_ATTRIBUTES["*"]
    )


def safe_style(tag: str, value: str) -> bool:
    """A style the sanitiser keeps (span, div: its properties, any colour or size) or Markdown's table alignment."""
    if tag in ("td", "th"):
        return " ".join(value.split()) in STYLE_ALIGNMENTS
    declarations = [part for part in value.split(";") if part.strip()]
    return all(
        name.strip().lower() in sanitise.STYLE_PROPERTIES and not STYLE_UNSAFE.search(text)
        for name, _, text in (part.partition(":") for part in declarations)
    )


def safe_name(tag: str, name: str, text: str) -> bool:
    """An id or class the import writes (see CLASSES, HEADINGS); other attributes are judged elsewhere."""
    if name == "class":
        return set(text.split()) <= CLASSES
    if name == "id":
        return tag in HEADINGS or bool(FOOTNOTE_ID.fullmatch(text))
    return True


def live_parts(html: str) -> list[str]:
    """What in a rendered post the import may not keep: elements, attributes, URLs and styles, in words."""
    from .convert import LINK_SCHEMES, scheme_allowed

    found = [
        f"an HTML comment or declaration {match.group()}... a browser may end early"
        for match in DECLARATION.finditer(html)
    ]
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name not in sanitise.KEPT_TAGS:
            found.append(f"a <{tag.name}> element")
            continue
        allowed = allowed_attributes(tag.name)
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name not in allowed or not safe_name(tag.name, name, text):
                found.append(f"a {name!r} attribute on <{tag.name}>")
            elif name in URL_ATTRIBUTES and not (text.startswith("#") or scheme_allowed(text.strip(), LINK_SCHEMES)):
                found.append(f"a {text[:40]!r} address on <{tag.name}>")
            elif name == "style" and (tag.name not in ("span", "div", "td", "th") or not safe_style(tag.name, text)):
                found.append(f"a style {text[:40]!r} on <{tag.name}>")
    return found


def quarantined(html: str) -> str:
    """A rendered post as a block of HTML Markdown leaves as it is: cleaned by nh3, inside one <div>."""
    return f"<div>\n{sanitise.clean(html)}\n</div>\n"


def text_only(html: str) -> str:
    """A rendered post's words alone, paragraph by paragraph, every character Markdown reads as an entity."""
    from .convert import attribute_text

    soup = BeautifulSoup(html, "html.parser")
    blocks = [" ".join(block.get_text(" ").split()) for block in soup.find_all(["p", "li", "h2", "h3", "h4", "td"])]
    return "\n\n".join(attribute_text(block) for block in blocks if block) + "\n"


def as_built(render: Callable[[str], str], markdown: str) -> str:
    """The body's HTML as the build makes it: after the post's fields and their blank line, so a first paragraph
    that looks like `Word: ...` is text (rendered alone, Markdown's meta extension took it for fields)."""
    return render("\n" + markdown)


def checked_markdown(markdown: str, render: Callable[[str], str]) -> tuple[str, list[str]]:
    """(the Markdown to write, what it would have shown live) for a converted post or bio.

    With nothing live, the Markdown as converted; else its rendered HTML, quarantined, and that
    checked again; should that still show anything live, the post's words alone.
    """
    html = as_built(render, markdown)
    found = live_parts(html)
    if not found:
        return markdown, []
    for fallback in (quarantined(html), text_only(html)):
        if not live_parts(as_built(render, fallback)):
            return fallback, found
    return "", found
