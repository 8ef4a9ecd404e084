"""The HTML an imported post may keep: current HTML5 elements only, sanitised by nh3.

A WordPress export is untrusted input. Where Markdown cannot express a part of a
post (a table with merged cells, <details>, <address>, an audio player), that
part stays as HTML in the Markdown file, cleaned by nh3 against the allowlist
below: no script, no event handler, no `javascript:` URL, no inline style but
the few properties the old elements' replacements need. Elements obsolete in
HTML5 (<big>, <tt>, <acronym>, <strike>, <center>, <font>...) are first replaced
by their current equivalents, so that every imported page validates.
"""

from __future__ import annotations

import copy

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

MAX_DEPTH = 32  # how deep a post's elements may nest (real posts: under 10); deeper ones are flattened
VOID = frozenset({"img", "br", "hr", "wbr", "source", "track", "input"})  # kept when flattening: nothing inside
HIDDEN = frozenset({"script", "style", "template", "textarea", "title"})  # text a reader never sees as such
INLINE = frozenset({"a", "b", "i", "em", "strong", "span", "code", "sub", "sup", "small", "mark", "s", "u", "abbr"})
# Obsolete element -> (its HTML5 replacement, a style that keeps its look or "").
OBSOLETE = {
    "acronym": ("abbr", ""),
    "tt": ("code", ""),
    "strike": ("s", ""),
    "big": ("span", "font-size: larger"),
    "center": ("div", "text-align: center"),
    "font": ("span", ""),
    "blink": ("span", ""),
    "marquee": ("span", ""),
    "nobr": ("span", "white-space: nowrap"),
    "dir": ("ul", ""),
    "listing": ("pre", ""),
    "xmp": ("pre", ""),
    "plaintext": ("pre", ""),
}
# Obsolete elements with nothing to show: removed with their content.
DROPPED = frozenset({"basefont", "bgsound", "spacer", "frame", "frameset", "noframes", "applet", "isindex", "keygen"})
# Never kept, nor their content (nh3 would keep the text of a <script> otherwise).
DANGEROUS = frozenset({"script", "style", "noscript", "template", "object", "embed", "form", "button", "select"})
# Inline elements Markdown has no syntax for: kept as HTML tags around converted text.
INLINE_HTML = frozenset(
    {"abbr", "sub", "sup", "ins", "del", "s", "mark", "u", "small", "kbd", "var", "samp", "q", "dfn", "time", "bdi",
     "bdo", "span", "cite", "ruby", "rt", "rp", "data", "wbr"}
)  # fmt: skip
KEPT_TAGS = frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "ul", "ol", "li", "dl", "dt",
     "dd", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "img", "em",
     "strong", "b", "i", "figure", "figcaption", "details", "summary", "address", "div", "audio", "video", "source",
     "track"} | INLINE_HTML
)  # fmt: skip
KEPT_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "class"},  # class: only "decorative" (see _valid_value)
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "data": {"value"},
    "span": {"style"},
    "div": {"style"},
    "details": {"open"},
    "audio": {"src", "controls", "loop", "preload"},
    "video": {"src", "controls", "loop", "preload", "poster", "width", "height"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label"},
}
STYLE_PROPERTIES = frozenset({"font-size", "text-align", "white-space", "color"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def modernise(root: Tag) -> None:
    """Replace obsolete elements in place by their HTML5 equivalents; drop the dangerous and the empty ones."""
    for element in root.find_all(DANGEROUS | DROPPED):
        element.decompose()
    for element in root.find_all(list(OBSOLETE)):
        name, style = OBSOLETE[element.name]
        if element.name == "font" and element.get("color"):
            style = f"color: {element['color']}"
        element.name = name
        element.attrs = {key: value for key, value in element.attrs.items() if key in ("title", "lang", "dir")}
        if style:
            element["style"] = style
    for element in root.find_all(["audio", "video"]):
        element["controls"] = ""  # a player the reader can use, as WordPress shows one


def _valid_value(tag: str, attribute: str, value: str) -> str | None:
    """A `cite` is kept only when it is a web address (WordPress lets writers put any text there); an image's
    class only when it marks the image decorative (alt="" on purpose, docs/writing.md)."""
    if attribute == "cite" and (not value.startswith(("http://", "https://")) or any(c.isspace() for c in value)):
        return None
    if attribute == "class":
        return "decorative" if tag == "img" and value.split() == ["decorative"] else None
    return value


def clean(markup: str) -> str:
    """HTML kept in a Markdown file: the allowlist above, web and mail links only."""
    return nh3.clean(
        markup,
        attribute_filter=_valid_value,
        tags=set(KEPT_TAGS),
        attributes={tag: set(names) for tag, names in KEPT_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
    )


def parse(markup: str) -> BeautifulSoup:
    """A post's HTML as a tree, as the converter and the fidelity measure both read it."""
    return BeautifulSoup(markup, "html.parser")


def flatten(root: Tag, limit: int = MAX_DEPTH) -> int:
    """Flatten what nests more than `limit` deep to its text, images and line breaks; the deepest nesting found.

    The converter, the Markdown renderer and the build each walk a post's tree
    recursively: an export nesting 500 lists would reach Python's recursion limit.
    Walked iteratively here (find_all and descendants follow the document order),
    each too-deep part replaced whole, in one step: any depth, in linear time.
    """
    depth = {id(root): 0}
    tops, deepest = [], 0
    for tag in root.find_all(True):
        depth[id(tag)] = level = depth.get(id(tag.parent), 0) + 1
        deepest = max(deepest, level)
        if level == limit + 1 and tag.name not in VOID:
            tops.append(tag)
    for top in tops:
        top.replace_with(*flat_nodes(top))
    return deepest


def flat_nodes(top: Tag) -> list:
    """What a reader sees of an element, flat: its text (a space between blocks), its images and line breaks."""
    nodes, text = [], []
    for node in top.descendants:
        if isinstance(node, Tag):
            if node.name in VOID:
                nodes += [NavigableString("".join(text)), copy.copy(node)]
                text = []
            elif node.name not in INLINE:
                text.append(" ")  # two paragraphs' words never run together
        elif type(node) is NavigableString and node.parent.name not in HIDDEN:
            text.append(str(node))
    return [node for node in (*nodes, NavigableString("".join(text))) if node != ""]


def shows_nothing(element: Tag) -> bool:
    """An element without text or media: a reader sees nothing of it (an empty caption list, a blank heading)."""
    return not element.get_text(strip=True) and not element.find(["img", "audio", "video"])
