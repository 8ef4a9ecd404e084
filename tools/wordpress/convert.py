"""WordPress's post HTML to Markdown that renders back to the same structure, with images and credits.

markdownify (maintained) does the conversion, with its options and hooks
(`convert_<tag>`, `escape`, `process_text`) set for Python-Markdown as this site
configures it (`extra` and `sane_lists`): nested lists indented by four spaces,
ordered lists keeping their start, definition lists, and text that would start
a heading, a list, a quote or a code block at the beginning of a line escaped.
What Markdown cannot express (a table with merged cells, <details>, a player)
stays as HTML sanitised by nh3 (sanitise.py); obsolete elements become their
HTML5 equivalents; links to other imported posts become `{filename}` links.

A caption's trailing "Image Credit: X via Y" ("Photo credit: Y", "Credit: Y",
"Photo: X via Y") becomes the image's credit, not caption text, in a figure kept
as HTML too: the build shows it as every figure's credit line.

Alt text: the image's own, else the media library's, else its caption's. An
image WordPress showed with `alt=""` and nothing else to describe it stays
decorative: `![](src){: .decorative}` (docs/writing.md), listed by the import for
the owner to describe if it tells readers something. One without any alt
attribute gets its media library title, else its file name, as a guess the import
lists. The block editor's footnotes become Markdown footnotes (`[^1]`).
"""

from __future__ import annotations

import copy
import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from csp.policy import css_urls
from markdownify import MarkdownConverter

from . import sanitise
from .displayed import Library, displayed_html
from .sanitise import shows_nothing

# A caption's trailing credit: "Image credit: X via Y", "Photo credit: Y", "Credit: Y", "Photo: X via Y".
LABEL = r"\b(?:(?:image|photo|picture)\s+credits?|credits?|photo(?=\s*:.*\svia\s))\s*:"
CREDIT = re.compile(rf"[\s(\[–—-]*{LABEL}\s*(?P<who>.+?)[\s)\].]*$", re.I | re.S)
CREDIT_LABEL = re.compile(LABEL, re.I | re.S)
# Elements after which text starts a new line of the Markdown.
BLOCKS = frozenset(
    {"p", "div", "section", "article", "aside", "header", "footer", "nav", "main", "blockquote", "ul", "ol", "li",
     "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "pre", "hr", "br", "figure",
     "figcaption", "details", "summary", "address", "h1", "h2", "h3", "h4", "h5", "h6", "audio", "video",
     "[document]"}
)  # fmt: skip
EMPTY_DROPPED = frozenset({"dl", "ul", "ol", "table", "blockquote", "pre", "figure", "details"})
# Containers whose content Markdown indents or prefixes: raw HTML cannot sit inside them.
NESTING = frozenset({"li", "blockquote", "dd", "dt", "td", "th"})
# What a line may not start with in the Markdown without becoming something else:
# a heading, a quote, a list item, a definition, a setext underline, a code fence.
LINE_START = re.compile(r"^(#|>|[-+](?=\s|$)|\d+(?=\.(?:\s|$))|[:=~]|-+\s*$)")
LONE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
MARKDOWN_SPECIALS = re.compile(r"([\\`*\[\]{}])")
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})
IMAGE_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True)
class CreditText:
    """A credit found in a caption."""

    creator: str = ""
    source: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class ImageRef:
    """An image of a post: where it is, and what WordPress said of it."""

    src: str  # as written in the Markdown (a local path, or the original URL)
    original: str  # the original URL
    alt: str
    caption: str
    credit: CreditText | None = None


@dataclass
class Converted:
    """A post's Markdown and what the conversion found."""

    markdown: str
    images: list[ImageRef] = field(default_factory=list)
    missing: Counter = field(default_factory=Counter)  # what WordPress shows that we cannot (displayed.Shown)
    guessed_alt: list[tuple[str, str]] = field(default_factory=list)  # (image URL, the alt text guessed for it)
    decorative: list[str] = field(default_factory=list)  # image URLs kept decorative (alt="" in WordPress)
    displayed: str = ""  # the post's HTML as WordPress displays it, which the Markdown renders back to
    depth: int = 0  # how deep its elements nested in WordPress (deeper than sanitise.MAX_DEPTH: flattened)


def split_credit(caption_html: str) -> tuple[str, CreditText | None]:
    """(the caption, the credit) from a caption that may end with 'Image Credit: X via Y'."""
    soup = BeautifulSoup(caption_html, "html.parser")
    text = " ".join(soup.get_text(" ").split())
    match = CREDIT.search(text)
    if not match:
        return text, None
    creator, _, source = match["who"].partition(" via ")
    if not source:
        creator, source = "", creator
    links = {a.get_text(" ", strip=True): a.get("href", "") for a in soup.find_all("a")}
    caption = text[: match.start()].strip().rstrip("(").strip()
    credit = CreditText(creator=creator.strip(), source=source.strip(), source_url=links.get(source.strip(), ""))
    return caption, credit


def take_credit(caption: Tag) -> CreditText | None:
    """The credit a caption ends with ("Image credit: X via Y"), taken out of it; None when it has none.

    A figure kept as HTML shows its image's credit line as every figure does (the build adds it
    from the .credit file the import writes), so the caption's own copy goes.
    """
    _text, credit = split_credit(caption.decode_contents())
    labels = [text for text in caption.find_all(string=True) if CREDIT_LABEL.search(text)]
    if credit is None or not labels:
        return None
    label = labels[-1]
    for following in list(label.next_elements):
        if not any(parent is caption for parent in following.parents):
            break
        following.extract()
    start = [match.start() for match in CREDIT_LABEL.finditer(label)][-1]
    parent = label.parent
    label.replace_with(str(label)[:start].rstrip(" \t\n([–—-"))
    while parent is not caption and shows_nothing(parent):  # an <em> that held only the credit
        parent, emptied = parent.parent, parent
        emptied.decompose()
    if shows_nothing(caption):
        caption.decompose()
    return credit


def scheme_allowed(url: str, schemes: frozenset[str]) -> bool:
    """A relative URL, or an absolute one of these schemes (never javascript:, data:...)."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return scheme in schemes or (not scheme and ":" not in url.split("/", 1)[0])


# A link's address, percent-encoded where it could end the link or, in a link nested in another's text (an
# embed inside a link), give an element attributes: `*x*{: onclick=...}` did. Emphasis alone is harmless, and
# `_` and `*` stay as written (an image's URL keys its credit).
DESTINATION_CODES = {c: f"%{ord(c):02X}" for c in " ()<>{}[]`\\"}


PELICAN_LINK = re.compile(r"^[{|](?:filename|static|attach|tag|category|author|index)[}|]")
LINE_OF_TEXT = re.compile(r"\n(?!<)")  # a line break not followed by a tag


def destination(url: str) -> str:
    """A URL as a Markdown link destination: nothing in it may end the link early, nor read as syntax."""
    url = url.replace("\n", "")
    marker = match.group() if (match := PELICAN_LINK.match(url)) else ""  # `{filename}`: Pelican's, kept
    return marker + "".join(DESTINATION_CODES.get(char, char) for char in url[len(marker) :])


def escape_line_start(line: str) -> str:
    """Escape what would make a line of text a heading, quote, list item or definition."""
    match = LINE_START.match(line)
    if not match:
        return line
    mark = match.group(1)
    if mark[0] in "=~:":
        return f"&#{ord(mark[0])};" + line[1:]  # no backslash escape exists for these
    if mark[0].isdigit():
        return f"{mark}\\{line[len(mark) :]}"
    return "\\" + line


def starts_line(node) -> bool:
    """Whether the Markdown of this node begins a line (after a block, a <br> or a newline)."""
    previous = node.previous_sibling
    while previous is not None:
        if isinstance(previous, Comment):
            previous = previous.previous_sibling
            continue
        if isinstance(previous, NavigableString):
            if re.search(r"\n[ \t]*$", str(previous)):
                return True
            if str(previous).strip():
                return False
            previous = previous.previous_sibling
            continue
        return previous.name in BLOCKS
    parent = node.parent
    return parent is None or parent.name in BLOCKS or starts_line(parent)


# Elements that add nothing to the Markdown around their content.
WRAPPERS = frozenset({"div", "figure", "section", "article", "header", "footer", "aside", "main", "nav"})


def _next_content(node):
    """The next sibling that is a tag, or "text" if text comes first, or None at the end."""
    following = node.next_sibling
    while following is not None:
        if isinstance(following, Tag):
            return following
        if not isinstance(following, Comment) and following.strip():
            return "text"
        following = following.next_sibling
    return None


def next_block(element: Tag) -> Tag | None:
    """The element whose Markdown follows this one's directly, looking through wrappers such as <div>."""
    node, following = element, _next_content(element)
    while following is None and node.parent is not None and node.parent.name in WRAPPERS:
        node = node.parent
        following = _next_content(node)
    while isinstance(following, Tag) and following.name in WRAPPERS:
        following = next((c for c in following.children if isinstance(c, Tag) or str(c).strip()), None)
    return following if isinstance(following, Tag) else None


def mark_raw(root: Tag) -> None:
    """Mark each part of a post that must stay HTML, lifted to the outermost container Markdown would split."""
    for element in root.find_all(needs_html):
        top = element
        for ancestor in element.parents:
            if ancestor.name in ("ul", "ol", "dl", "blockquote", "table", "details", "figure"):
                top = ancestor
            elif ancestor.name in ("[document]",):
                break
        top["data-keep-html"] = "1"


def _dl_needs_html(dl: Tag) -> bool:
    names = [child.name for child in dl.children if isinstance(child, Tag)]
    return not names or names[0] != "dt" or names[-1] != "dd" or any(n not in ("dt", "dd") for n in names)


def _inside(element: Tag, *names: str) -> bool:
    return any(a.name in names for a in element.parents)


def numbering_needs_html(ol: Tag) -> bool:
    """Whether a numbered list counts in a way Markdown cannot say: down, in letters or numerals, from a
    negative start, or with an item numbered by hand (`<li value>`). Markdown says only where it starts."""
    kind = str(ol.get("type", "1")).strip()
    start = str(ol.get("start", "1")).strip() or "1"
    return (
        ol.has_attr("reversed")
        or kind not in ("", "1")
        or not start.isdigit()
        or any(item.has_attr("value") for item in ol.find_all("li", recursive=False))
    )


# Per element: whether Markdown cannot express it where it is (Python-Markdown with `extra`).
_NEEDS_HTML = {
    "details": lambda e: True,
    "address": lambda e: True,
    "audio": lambda e: True,
    "video": lambda e: True,
    "table": lambda e: not simple_table(e),
    "dl": lambda e: _dl_needs_html(e) or _inside(e, "td", "th", "dt"),
    "img": lambda e: _inside(e, "dt"),
    # Markdown's code blocks are text: a link or emphasis inside one needs HTML.
    "pre": lambda e: bool(e.find(lambda t: t.name not in ("code", "br"))) or _inside(e, "td", "th", "dt"),
    **{
        name: lambda e: _inside(e, "td", "th", "dt")  # a block in a table cell or a term
        for name in ("h1", "h2", "h3", "h4", "h5", "h6", "hr", "ul", "blockquote")
    },
    "ol": lambda e: numbering_needs_html(e) or _inside(e, "td", "th", "dt"),
}


def needs_html(element: Tag) -> bool:
    """Whether Markdown cannot express this element where it stands."""
    check = _NEEDS_HTML.get(element.name)
    return bool(check and check(element))


def simple_table(table: Tag) -> bool:
    """A table a Markdown table renders exactly: one header row of <th>, then rows of <td>, no merged cells."""
    rows = table.find_all("tr")
    if not rows or table.find(["caption", "tfoot", "table"]) or any(r.find_parent("table") is not table for r in rows):
        return False
    cells = [row.find_all(["td", "th"], recursive=False) for row in rows]
    head, body = cells[0], cells[1:]
    if not head or any(c.name != "th" for c in head) or any(c.name != "td" for row in body for c in row):
        return False
    if any(len(row) != len(head) for row in body):
        return False
    if any(c.get("colspan", "1") != "1" or c.get("rowspan", "1") != "1" for row in cells for c in row):
        return False
    inline_only = ("p", "br", "ul", "ol", "dl", "pre", "blockquote", "div", "h1", "h2", "h3", "h4", "h5", "h6", "img")
    return not any(c.find(inline_only) for row in cells for c in row)


class _Converter(MarkdownConverter):
    """markdownify for Python-Markdown with `extra` and `sane_lists`, WordPress's figures and our links."""

    def __init__(
        self,
        locate: Callable[[str], str],
        describe: Callable[[str], str],
        link_target: Callable[[str], str | None],
        title_of: Callable[[str], str] = lambda url: "",
        **options,
    ):
        super().__init__(**options)
        self.locate, self.describe, self.link_target, self.title_of = locate, describe, link_target, title_of
        self.images: list[ImageRef] = []
        self.guessed: list[tuple[str, str]] = []
        self.decorative: list[str] = []
        self.footnotes: dict[str, int] = {}  # a footnote's id -> its number, in the order they are called
        self.notes: dict[str, Tag] = {}  # a footnote's id -> its text (the footnotes list's item)

    # --- text ---------------------------------------------------------------
    def process_text(self, el, parent_tags=None):
        text = super().process_text(el, parent_tags)
        if not text or "_noformat" in (parent_tags or ()):
            return text
        lines = text.split("\n")
        first = 0 if starts_line(el) else 1
        for number in range(first, len(lines)):
            lines[number] = escape_line_start(lines[number].lstrip(" \t") if number else lines[number])
        return "\n".join(lines)

    def escape(self, text, parent_tags):
        if not text:
            return ""
        text = MARKDOWN_SPECIALS.sub(r"\\\1", text)
        text = LONE_UNDERSCORE.sub(r"\\_", text)
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("|", r"\|")  # "|" lines make a table

    # --- kept as HTML ---------------------------------------------------------
    def process_tag(self, node, parent_tags=None):
        if isinstance(node, Tag) and node.name == "ol" and "wp-block-footnotes" in node.get("class", []):
            return ""  # its notes are written at the end, as Markdown footnotes
        if isinstance(node, Tag) and node.name in EMPTY_DROPPED and sanitise.shows_nothing(node):
            return ""  # an empty list or table would render as invalid HTML, and shows nothing
        if isinstance(node, Tag) and node.get("data-keep-html"):
            return "\n\n" + self.raw_html(node) + "\n\n"
        return super().process_tag(node, parent_tags)

    def raw_html(self, element: Tag) -> str:
        """The element as sanitised HTML, its links and images pointing where the Markdown's would."""
        element = BeautifulSoup(str(element), "html.parser").find(element.name)
        for marked in (element, *element.find_all(attrs={"data-keep-html": True})):
            marked.attrs.pop("data-keep-html", None)
        for link in element.find_all("a", href=True):
            link["href"] = self.href(link["href"]) or ""
        credits = {}  # id of a figure's only image -> the credit its caption gave
        for figure in (element, *element.find_all("figure")):
            caption, images = figure.find("figcaption"), figure.find_all("img")
            if figure.name == "figure" and caption and len(images) == 1 and not figure.find("figure"):
                credits[id(images[0])] = take_credit(caption)
        for img in element.find_all("img"):
            src = self.image_src(img)
            if src is None:
                img.decompose()
                continue
            img["alt"] = self.alt_of(img)
            if not img["alt"]:
                img["class"] = "decorative"
            self.images.append(ImageRef(src, img["src"].strip(), img["alt"], "", credits.get(id(img))))
            img["src"] = src
        players = ("audio", "video", "source", "track")
        for media in [e for e in (element, *element.find_all(players)) if e.name in players and e.has_attr("src")]:
            if not media["src"].strip() or not scheme_allowed(media["src"], IMAGE_SCHEMES):
                del media["src"]
            elif (moved := self.link_target(media["src"].strip()) or "").startswith("{static}/"):
                media["src"] = moved  # an uploaded recording, copied with the site
        # Every line starts with a tag: HTML kept inside a Markdown paragraph (a figure in a link, a note's list
        # in a <pre>) whose text went on to a line of its own, after a blank line or not, had that line read as
        # Markdown (`## H {: onclick=...}`). A browser reads the entity as the line break it stands for.
        return LINE_OF_TEXT.sub("&#10;", sanitise.clean(str(element)).strip().replace("\r", ""))

    def inline_html(self, el, text, parent_tags):
        """An inline element Markdown has no syntax for, as its (safe) HTML tag around the converted text."""
        if "_noformat" in parent_tags or not text.strip() or (el.name == "span" and not el.get("style")):
            return text
        allowed = sanitise.KEPT_ATTRIBUTES.get(el.name, set()) | sanitise.KEPT_ATTRIBUTES["*"]
        attributes = "".join(f' {k}="{html.escape(str(v))}"' for k, v in el.attrs.items() if k in allowed)
        cleaned = BeautifulSoup(sanitise.clean(f"<{el.name}{attributes}></{el.name}>"), "html.parser").find(el.name)
        if cleaned is None:
            return text
        # Python-Markdown reads links, emphasis and attribute lists inside a tag's attributes too (its
        # inline patterns run before it sets the tag aside): each value as entities where it would.
        kept = "".join(f' {name}="{attribute_text(value)}"' for name, value in cleaned.attrs.items())
        return f"<{el.name}{kept}>{text}</{el.name}>"

    convert_abbr = convert_sub = convert_ins = convert_del = convert_s = convert_mark = inline_html
    convert_u = convert_small = convert_kbd = convert_var = convert_samp = convert_q = convert_dfn = inline_html
    convert_time = convert_bdi = convert_bdo = convert_span = convert_ruby = convert_rt = convert_rp = inline_html
    convert_data = inline_html

    def convert_sup(self, el, text, parent_tags):
        number = self.footnotes.get(el.get("data-fn", ""))
        if number and "_noformat" not in parent_tags:
            return f"[^{number}]"  # a block editor's footnote call: a Markdown footnote
        return self.inline_html(el, text, parent_tags)

    def footnote_definitions(self) -> str:
        """The footnotes called in the post, as Markdown footnote definitions (`[^1]: The note.`)."""
        definitions = []
        for note_id, number in self.footnotes.items():
            note = BeautifulSoup(self.notes[note_id].decode_contents(), "html.parser")
            for back in note.find_all("a", href=f"#{note_id}-link"):
                back.decompose()
            text = re.sub(r"\n{3,}", "\n\n", self.convert_soup(note)).strip() or "\\-"
            definitions.append(f"[^{number}]: " + re.sub(r"^(?=.)", "    ", text, flags=re.M)[4:])
        return "\n\n".join(definitions)

    def convert_cite(self, el, text, parent_tags):
        if "blockquote" in parent_tags and el.parent.name in ("blockquote", "footer", "p", "figcaption"):
            return f"\n\n--- {text.strip()}\n\n"
        return self.inline_html(el, text, parent_tags)

    # --- blocks ---------------------------------------------------------------
    def convert_li(self, el, text, parent_tags):
        text = (text or "").strip()
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = int(parent["start"]) if str(parent.get("start", "")).isdigit() else 1
            bullet = f"{start + len(el.find_previous_siblings('li'))}. "
        else:
            bullet = "- "
        # Python-Markdown reads what belongs to an item at four spaces, whatever the bullet's width.
        body = re.sub(r"^(?=.)", "    ", text, flags=re.M)[4:] if text else ""
        # An item holding a figure (a gallery's) is a paragraph of its own, so the build shows its caption.
        return f"{bullet}{body}\n" + ("\n" if el.find("figure") else "")

    def convert_list(self, el, text, parent_tags):
        converted = super().convert_list(el, text, parent_tags)
        after = next_block(el)
        if after is not None and after.name == el.name and "li" not in parent_tags:
            converted += "\n\n<!-- -->\n\n"  # two lists in a row would be read as one
        return converted

    convert_ul = convert_ol = convert_list

    def convert_blockquote(self, el, text, parent_tags):
        converted = super().convert_blockquote(el, text, parent_tags)
        after = next_block(el)
        if after is not None and after.name == "blockquote" and "_inline" not in parent_tags:
            converted += "\n<!-- -->\n\n"  # two quotes in a row would be read as one
        return converted

    def convert_dt(self, el, text, parent_tags):
        text = " ".join((text or "").split())
        previous = el.find_previous_sibling(True)
        return ("\n" if previous is not None and previous.name == "dt" else "\n\n") + text + "\n"

    def convert_pre(self, el, text, parent_tags):
        if not text:
            return ""
        text = text.strip("\n")
        if any(name in parent_tags for name in ("li", "blockquote", "dd")):
            # Fenced code does not work inside a list or quote in Python-Markdown; indented code does.
            return "\n\n" + re.sub(r"^", "    ", text, flags=re.M) + "\n\n"
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
        return f"\n\n{fence}\n{text}\n{fence}\n\n"

    def convert_code(self, el, text, parent_tags):
        if "_noformat" in parent_tags:
            return text  # code inside <pre>: the block keeps its lines
        lines = code_lines(el)
        if len(lines) > 1:  # a Markdown code span has no line break: the span stays HTML, its lines kept
            return "<code>" + "<br>".join(inert(line) for line in lines) + "</code>"
        return super().convert_code(el, text.replace("\n", " "), parent_tags)  # a span must stay on one line

    def convert_hN(self, n, el, text, parent_tags):
        converted = super().convert_hN(n, el, text, parent_tags)
        if "_inline" in parent_tags:
            return converted
        return re.sub(r"#(\s*)$", r"\\#\1", converted.rstrip("\n")) + "\n\n"  # a closing '#' would be dropped

    def convert_br(self, el, text, parent_tags):
        if "_inline" in parent_tags:
            return " "
        return "  \n"

    def convert_iframe(self, el, text, parent_tags):
        source = el.get("src", "")
        href = self.href(source)
        return f"\n\n[{self.escape(' '.join(source.split()), parent_tags)}]({destination(href)})\n\n" if href else ""

    # --- links and images -----------------------------------------------------
    def href(self, url: str) -> str | None:
        """Where a link of the post goes: an imported post's file, else the URL if it is safe."""
        url = url.strip()
        if not scheme_allowed(url, LINK_SCHEMES):
            return None
        return self.link_target(url) or url

    def convert_a(self, el, text, parent_tags):
        if "_noformat" in parent_tags:
            return text
        href = self.href(el.get("href") or "")
        stripped = text.strip()
        if not href or not stripped:
            return text
        title = " ".join(str(el.get("title") or "").split())  # one line: a blank line would end the link early
        title_part = f' "{attribute_text(title)}"' if title else ""  # quotes, parentheses: entities
        prefix = " " if text.startswith(" ") else ""
        suffix = " " if text.endswith(" ") else ""
        return f"{prefix}[{stripped}]({destination(href)}{title_part}){suffix}"

    def guess(self, url: str) -> str:
        """Alt text from the media library's title or the file name, as a last resort the migration reports."""
        name = re.sub(r"[-_]+", " ", url.split("?", maxsplit=1)[0].rsplit("/", 1)[-1].rsplit(".", 1)[0])
        guessed = " ".join(self.title_of(url).split()) or " ".join(name.split()).capitalize()
        self.guessed.append((url, guessed))
        return guessed

    def alt_of(self, img, caption: str = "") -> str:
        """The image's alt text: its own, the media library's, the caption's; "" (decorative), or a guess."""
        original = img.get("src", "").strip()
        # On one line, whatever the library holds: a blank line would end the image's Markdown early.
        own = " ".join(((img.get("alt") or "").strip() or self.describe(original) or caption).split())
        if own:
            return own
        if img.has_attr("alt"):  # alt="" and nothing else says what it shows: WordPress showed it as decorative
            self.decorative.append(original)
            return ""
        return self.guess(original)

    def image_src(self, img) -> str | None:
        """Where the Markdown points at an image (recorded for the credits), or None for an unsafe one."""
        original = img.get("src", "").strip()
        if not original or not scheme_allowed(original, IMAGE_SCHEMES):
            return None
        return self.locate(original)

    def image(self, img, caption: str = "", credit: CreditText | None = None) -> str:
        src = self.image_src(img)
        if src is None:
            return ""
        alt = self.alt_of(img, caption)
        self.images.append(ImageRef(src, img.get("src", "").strip(), alt, caption, credit))
        # The alt text and the caption (the image's title) as entities wherever Markdown reads syntax: a
        # quote, a parenthesis or a backslash in them ended the image early, and the rest became raw HTML.
        title = f' "{attribute_text(caption)}"' if caption else ""
        classes = [*([] if alt else ["decorative"]), *([f"align-{side}"] if (side := aligned(img)) else [])]
        mark = "{: " + " ".join(f".{c}" for c in classes) + "}" if classes else ""
        return f"![{attribute_text(alt)}]({destination(src)}{title}){mark}"

    def convert_figure(self, el, text, parent_tags):
        images = el.find_all("img")
        if len(images) != 1 or el.find("figure"):
            return text  # a gallery of figures, or a figure of something else: its parts convert themselves
        figcaption = el.find("figcaption")
        caption, credit = split_credit(figcaption.decode_contents() if figcaption else "")
        loose = any(
            text.strip() and not (figcaption and text.find_parent("figcaption") is figcaption)
            for text in el.find_all(string=True)
            if not isinstance(text, Comment)
        )
        if loose or any(not (figcaption and is_credit_link(a, figcaption)) for a in el.find_all("a", href=True)):
            # words beside the image and its caption, a caption's link, or an image's link elsewhere:
            # an image in Markdown has room for none of them, so the figure stays HTML
            return "\n\n" + self.raw_html(el) + "\n\n"
        return "\n\n" + self.image(images[0], caption, credit) + "\n\n"

    def convert_img(self, el, text, parent_tags):
        if "figure" in parent_tags and len(el.find_parent("figure").find_all("img")) == 1:
            return ""  # the figure converts its own image
        if el.parent is not None and el.parent.name == "[document]" and aligned(el):  # set before its paragraph
            return "\n\n" + self.image(el) + "\n\n"
        return self.image(el)


def aligned(img: Tag) -> str:
    """ "left" or "right" when WordPress floats the image (class alignleft/alignright on it or its figure)."""
    for element in (img, img.find_parent(["figure", "div"])):
        classes = element.get("class", []) if element is not None else []
        for side in ("left", "right"):
            if f"align{side}" in classes:
                return side
    return ""


def float_before_paragraphs(root: Tag) -> None:
    """Set each image WordPress floats beside a paragraph's text before that paragraph, as a figure of its own.

    Floated the same way (`{: .align-left}`), it sits beside the paragraph as it did; left inside
    the line of text, it would neither float nor show its credit line.
    """
    for img in root.find_all("img"):
        if aligned(img) and floats_out(img):
            img.parent.insert_before(img.extract())


def floats_out(img: Tag) -> bool:
    """Whether an aligned image can stand as its own paragraph: it sits in a top-level paragraph, not in a list,
    a table, a quote or a link to somewhere else."""
    paragraph = img.parent
    return (
        paragraph is not None
        and paragraph.name == "p"
        and (paragraph.parent is None or paragraph.parent.name in ("[document]", "div", "body", "section", "article"))
    )


def code_lines(code: Tag) -> list[str]:
    """The lines of an inline code element as WordPress shows them: broken at each <br>, a newline a space."""
    lines = [""]
    for node in code.descendants:
        if isinstance(node, Tag) and node.name == "br":
            lines.append("")
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            lines[-1] += str(node)
    return [line.strip("\n").replace("\n", " ") for line in lines]


# What Python-Markdown reads as syntax even inside an inline HTML tag: escapes, code, emphasis, links, attributes.
INERT = frozenset("\\`*_[]{}()!|~:#")


def attribute_text(value) -> str:
    """An attribute's value for a tag written into the Markdown: quotes escaped, Markdown's syntax as entities.

    A browser reads an entity in an attribute as its character; Python-Markdown reads none of them as syntax.
    """
    text = " ".join(value) if isinstance(value, list) else str(value)
    return inert(text, quote=True).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def inert(text: str, *, quote: bool = False) -> str:
    """Text inside raw inline HTML, as entities where Python-Markdown would read a character as syntax (and, with
    `quote`, the quotes that would end an attribute's value)."""
    return "".join(f"&#{ord(char)};" if char in INERT else char for char in html.escape(text, quote=quote))


def set_aside(root: Tag, is_image_link: Callable[[str, str], bool], *, credits: bool) -> None:
    """Unwrap what the new site shows otherwise: an image's link to itself, a caption's credit link.

    WordPress links an image to its own file or attachment page; the new site
    shows each image in the sizes a reader needs and has no attachment pages.
    A caption's "Image Credit: X via <a>Y</a>" becomes the image's credit line.
    Neither is counted as a link of the post, on either side of the fidelity measure.
    """
    for link in root.find_all("a", href=True):
        images = link.find_all("img")
        if len(images) == 1 and not link.get_text(strip=True) and is_image_link(link["href"], images[0].get("src", "")):
            link.unwrap()
    for caption in root.find_all("figcaption") if credits else ():
        for link in caption.find_all("a", href=True):
            if is_credit_link(link, caption):
                link.unwrap()


def is_credit_link(link: Tag, caption: Tag) -> bool:
    """Whether a link of a caption is its credit's ("Image Credit: X via <a>Y</a>"), shown as the credit line."""
    _text, credit = split_credit(caption.decode_contents())
    return bool(credit and credit.source_url and link.get("href") == credit.source_url)


def number_footnotes(root: Tag, converter: _Converter) -> None:
    """Number the footnotes the post calls, in the order it calls them, as WordPress and Markdown both do."""
    converter.notes = {
        item["id"]: item for footnotes in root.select("ol.wp-block-footnotes") for item in footnotes.select("li[id]")
    }
    for call in root.find_all("sup", attrs={"data-fn": True}):
        if call["data-fn"] in converter.notes:
            converter.footnotes.setdefault(call["data-fn"], len(converter.footnotes) + 1)


# The cover block's element whose style may hold its image: its own (before WordPress 5.7), or its
# background's (a fixed or repeated background, which WordPress shows as CSS whatever its version).
COVER_IMAGE_HOLDERS = ("wp-block-cover", "wp-block-cover__image-background")


def covers_as_images(root: Tag) -> None:
    """A cover block's image that WordPress shows as a CSS background becomes an image, as its newer covers are.

    The style's first `url(...)` of an image property, read as CSS reads it, put first inside the
    element that held it (WordPress's holders are `div`s: an image or a player of the same class
    is left as it is); its alt text the `aria-label` WordPress gives a background it shows
    `role="img"`, else none (decorative, as WordPress marks a cover's `<img>`). A reference to the
    page itself (`url(#x)`) is no image.
    """
    for holder in root.find_all("div", class_=list(COVER_IMAGE_HOLDERS)):
        urls = [url for url in css_urls(holder.get("style", "")) if url.strip() and not url.startswith("#")]
        if not urls:
            continue
        alt = holder.get("aria-label", "") if holder.get("role", "").strip().lower() == "img" else ""
        del holder["style"]  # the image is shown as an image now, not as the element's background
        holder.insert(0, root.new_tag("img", attrs={"src": urls[0], "alt": alt}))


def to_markdown(
    content: str,
    locate: Callable[[str], str],
    describe: Callable[[str], str],
    library: Library | None = None,
    *,
    post_id: str = "",
    footnotes: tuple[tuple[str, str], ...] = (),
    link_target: Callable[[str], str | None] = lambda url: None,
    is_image_link: Callable[[str, str], bool] = lambda href, src: False,
    title_of: Callable[[str], str] = lambda url: "",
) -> Converted:
    """Convert a post's stored HTML; `locate` maps an image URL to its place in the Markdown.

    `describe` gives an image's alt text from the media library, `title_of` its title
    there; `library`, `post_id` and `footnotes` are what WordPress looks up as it shows
    the post (displayed.py).
    """
    shown = displayed_html(content, library, post_id=post_id, footnotes=footnotes)
    soup = sanitise.parse(shown.html)
    covers_as_images(soup)  # before anything is measured: WordPress shows these images
    deepest = sanitise.flatten(soup)
    set_aside(soup, is_image_link, credits=False)
    measured = copy.copy(soup)
    set_aside(measured, is_image_link, credits=True)
    displayed = str(measured)
    sanitise.modernise(soup)
    float_before_paragraphs(soup)
    mark_raw(soup)
    converter = _Converter(locate, describe, link_target, title_of, heading_style="ATX", bullets="-")
    number_footnotes(soup, converter)
    markdown = converter.convert_soup(soup)
    if converter.footnotes:
        markdown += "\n\n" + converter.footnote_definitions()
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return Converted(
        markdown, converter.images, shown.missing, converter.guessed, converter.decorative, displayed, deepest
    )
