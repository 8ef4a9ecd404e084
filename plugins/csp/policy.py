"""A Content-Security-Policy as data: built, widened, read from a page's field, written out. Pure.

A policy is a dict from directive to its sources, in order. Widening only ever adds:
a directive a page widens that the policy leaves out starts from `default-src`'s
sources (what the browser would apply), so no widening narrows anything.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import tinycss2
from ada_url import URL, check_url

Policy = dict[str, tuple[str, ...]]

# The production policy before the content's own hosts and the form services are added.
# Why each source is allowed: docs/security.md, "Content-Security-Policy".
BASE: Policy = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "style-src-attr": ("'unsafe-inline'",),  # Markdown's table alignment: style="text-align: ..."
    "img-src": ("'self'",),
    "media-src": ("'self'",),
    "frame-src": ("'self'",),
    "font-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'none'",),
    "form-action": ("'self'",),
}
# `invoke livereload` injects an inline script, which loads livereload.js and opens a WebSocket.
DEVELOPMENT: Policy = {"script-src": ("'unsafe-inline'",), "connect-src": ("'self'", "ws:", "wss:")}

# Directives that fall back to default-src when absent (CSP Level 3's fetch directives).
FETCH_DIRECTIVES = frozenset(
    {"child-src", "connect-src", "font-src", "frame-src", "img-src", "manifest-src", "media-src", "object-src"}
    | {"script-src", "script-src-elem", "script-src-attr", "style-src", "style-src-elem", "style-src-attr"}
    | {"worker-src", "default-src"}
)
DIRECTIVES = FETCH_DIRECTIVES | {"base-uri", "form-action"}
KEYWORDS = frozenset(
    {"'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'unsafe-hashes'"}
    | {"'strict-dynamic'", "'report-sample'"}
)
HASH = re.compile(r"'sha(?:256|384|512)-[A-Za-z0-9+/]+={0,2}'")
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:")
HOST = re.compile(
    r"(?:(?:https?|wss?)://)?(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::(?:\d{1,5}|\*))?(?:/[^\s;,'\"]*)?"
)

# Where content makes the browser fetch something, and the directive that governs it.
FETCHED = {
    ("img", "src"): "img-src",
    ("img", "srcset"): "img-src",
    ("source", "srcset"): "img-src",
    ("source", "src"): "media-src",
    ("video", "src"): "media-src",
    ("video", "poster"): "img-src",
    ("audio", "src"): "media-src",
    ("track", "src"): "media-src",
    ("iframe", "src"): "frame-src",
    ("input", "src"): "img-src",  # <input type=image>
    ("image", "href"): "img-src",  # SVG's <image>
    ("image", "xlink:href"): "img-src",
    # The HTML standard's legacy `background` attribute: the element's background image.
    **{
        (tag, "background"): "img-src"
        for tag in ("body", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup", "col")
    },
}
# A style attribute on any element: the images its CSS fetches (`url(...)`, `image-set(...)`).
STYLE_DIRECTIVE = "img-src"
# The properties whose value a browser fetches an image for. A `url()` anywhere else (`color`,
# a custom property, `filter`) fetches nothing, and must not widen the policy: a WordPress
# export's sanitised `color` may hold one (nh3 keeps the property, whatever its value).
IMAGE_PROPERTIES = frozenset(
    {"background", "background-image", "border-image", "border-image-source", "list-style", "list-style-image",
     "cursor", "content", "shape-outside", "mask", "mask-image", "mask-border", "mask-border-source",
     "-webkit-mask", "-webkit-mask-image", "-webkit-mask-box-image", "-webkit-mask-box-image-source",
     "-webkit-border-image"}
)  # fmt: skip


def is_source(source: str) -> bool:
    """True for one valid source expression: a keyword, a hash, a scheme (`data:`) or a host."""
    return source in KEYWORDS or bool(HASH.fullmatch(source) or SCHEME.fullmatch(source) or HOST.fullmatch(source))


def widen(policy: Policy, extra: Policy) -> Policy:
    """`policy` with `extra`'s sources added; 'none' gives way to any real source."""
    widened = dict(policy)
    for directive, sources in extra.items():
        if not sources:
            continue
        start = widened.get(directive)
        if start is None:
            start = widened.get("default-src", ()) if directive in FETCH_DIRECTIVES else ()
        merged = [s for s in start if s != "'none'"] + [s for s in sources if s not in start and s != "'none'"]
        widened[directive] = tuple(merged) or ("'none'",)
    return widened


def parse(text: str) -> tuple[Policy, list[str]]:
    """A policy written as a header value ("script-src 'wasm-unsafe-eval'; connect-src 'self'"), and its problems."""
    policy: Policy = {}
    problems = []
    for part in str(text).split(";"):
        if not part.strip():
            continue
        directive, *sources = part.split()
        directive = directive.lower()
        if directive not in DIRECTIVES:
            problems.append(f"unknown directive {directive!r} (known: {', '.join(sorted(DIRECTIVES))})")
            continue
        bad = [source for source in sources if not is_source(source)]
        problems += [f"{directive}: {source!r} is not a source (e.g. 'self', https://host, data:)" for source in bad]
        good = tuple(source for source in sources if source not in bad)
        if good:
            policy[directive] = policy.get(directive, ()) + good
    return policy, problems


def header(policy: Policy) -> str:
    """The policy as a Content-Security-Policy value."""
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


CONTENT_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*")  # no wildcard: content names the hosts it uses
# Where a relative address is read from: only whether an address leaves the page's own host matters.
PAGE = "https://page.invalid/a/page/"
PAGE_HOST = "page.invalid"


def origin(url: str) -> str:
    """The source expression allowing a fetch of `url` ("" for the site's own URLs, and for URLs no browser fetches).

    Read as browsers read it, by ada (the WHATWG URL standard): spaces and line breaks
    ignored, `\\` as `/` in web addresses, `http:host` and `https:///host` as hosts,
    percent-escapes and Unicode hosts in the form fetched (`xn--...`), `0x7f.1` as
    127.0.0.1; an address it refuses (a port that is no number) is fetched by none.
    """
    try:
        parsed = URL(url, base=PAGE)
    except ValueError:
        return ""
    scheme, host = parsed.protocol.removesuffix(":"), parsed.hostname
    if scheme in ("data", "blob"):
        return f"{scheme}:"
    if scheme not in ("http", "https") or not CONTENT_HOST.fullmatch(host):
        return ""
    if host == PAGE_HOST:  # the page's own site (`https:x.png` on an https page is relative too)
        return ""
    own_scheme = check_url(url)  # else it is relative: the page's scheme
    port = f":{parsed.port}" if parsed.port else ""  # ada leaves out a scheme's own port
    source = f"{scheme}://{host}{port}" if own_scheme else f"{host}{port}"  # //host: the page's own scheme
    return source if HOST.fullmatch(source) else ""


def srcset_urls(value: str) -> list[str]:
    """The addresses of a srcset, as the HTML standard splits it: a comma inside an address is part of it."""
    urls, position, length = [], 0, len(value)
    while True:  # one pass over the value, however long
        while position < length and value[position] in " \t\n\r\f,":
            position += 1
        if position >= length:
            return urls
        end = position
        while end < length and value[end] not in " \t\n\r\f":
            end += 1
        url, position = value[position:end], end
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0  # the descriptors, up to a comma outside parentheses
        while position < length and (value[position] != "," or depth):
            char = value[position]
            depth = depth + 1 if char == "(" else max(0, depth - 1) if char == ")" else depth
            position += 1


def css_urls(style: str) -> list[str]:
    """The addresses a style attribute's CSS fetches images from, read as browsers tokenize CSS (tinycss2).

    `url(x)` and `url("x")` (escapes and any case included: `U\\72l(x)`), and the strings of
    `image-set()`, in the declarations of the properties that show images (IMAGE_PROPERTIES);
    nothing in comments, in other strings, or in what is not such a declaration.
    """
    if "(" not in style:  # no function at all (a table cell's alignment): none to parse for, as CSS
        return []  # opens one only at a parenthesis written as such (an escaped one is part of a name)
    found: list[str] = []
    declarations = tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True)
    shown = [item.value for item in declarations if item.type == "declaration" and item.lower_name in IMAGE_PROPERTIES]
    # Depth first, in the text's order, with a stack of its own: CSS may nest functions thousands deep.
    pending = [iter(shown)]
    while pending:
        token = next(pending[-1], None)
        if token is None:
            pending.pop()
        elif isinstance(token, list):  # a declaration's value
            pending.append(iter(token))
        elif token.type == "url":
            found.append(token.value)
        elif token.type == "function" and token.lower_name == "url":
            found.extend([part.value for part in token.arguments if part.type == "string"][:1])
        elif token.type == "function":
            if token.lower_name in ("image-set", "-webkit-image-set"):
                found.extend(part.value for part in token.arguments if part.type == "string")
            pending.append(iter(token.arguments))
        elif token.type in ("() block", "[] block", "{} block"):
            pending.append(iter(token.content))
    return found


class _Fetches(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: dict[str, set[str]] = {}

    def handle_starttag(self, tag, attrs):
        seen = set()
        if tag == "image" and any(name == "href" for name, _value in attrs):
            seen.add("xlink:href")  # SVG 2: a browser reads href, and xlink:href only without it
        for name, value in attrs:
            if name in seen:  # a browser reads the first of an attribute given twice
                continue
            seen.add(name)
            directive = STYLE_DIRECTIVE if name == "style" else FETCHED.get((tag, name))
            if directive is None or not value:
                continue
            read = value.replace("\x00", "\ufffd")  # as the browser's HTML tokenizer reads a NUL
            urls = srcset_urls(read) if name == "srcset" else css_urls(read) if name == "style" else [read]
            for url in urls:
                if source := origin(url):
                    self.found.setdefault(directive, set()).add(source)


# What a tag that fetches starts with in lowercased HTML: the parser lowercases tag names too.
FETCHING_TAGS = tuple(sorted({f"<{tag}" for tag, _attribute in FETCHED}))


def fetched_sources(html: str) -> dict[str, set[str]]:
    """The other sites a piece of HTML makes the browser fetch from, by directive."""
    lowered = html.lower()
    if not any(tag in lowered for tag in FETCHING_TAGS) and "style" not in lowered:
        # No tag that fetches and no style attribute: nothing to parse for. (Not "no `://`":
        # `//host/x.png` and `https&#58;//host` fetch from other sites too.)
        return {}
    return parsed_sources(html)


def parsed_sources(html: str) -> dict[str, set[str]]:
    """fetched_sources, the HTML parsed whatever it holds."""
    parser = _Fetches()
    parser.feed(html)
    parser.close()
    return parser.found
