"""A post's scripts that its page's Content-Security-Policy will not run: a warning at their line.

The csp plugin's policy runs scripts from the site itself (`script-src 'self'`), plus the
sources the site's settings (`CSP_SOURCES`) and the post's own `CSP:` field add; never an
inline script or an event handler (no `'unsafe-inline'`). A gist's `<script src>`, a
widget's inline code or an `onclick` pasted into a post shows nothing in production, and
nothing says so in the browser but its console. The post's HTML is read as a browser
reads it (html.parser): a `<script>` that is a data block (`application/ld+json`) never
runs anyway; an attribute counts only when it is an event handler (`onclick`, not `one`
or `data-onclick`), wherever its tag's lines break.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from csp.policy import BASE, origin, parse, widen

from .problems import WARNING, Problem

# The event handler content attributes of HTML's elements (WHATWG, "GlobalEventHandlers" and the window's).
EVENTS = frozenset(
    [
        "abort",
        "afterprint",
        "animationcancel",
        "animationend",
        "animationiteration",
        "animationstart",
        "auxclick",
        "beforeinput",
        "beforematch",
        "beforeprint",
        "beforetoggle",
        "beforeunload",
        "blur",
        "cancel",
        "canplay",
        "canplaythrough",
        "change",
        "click",
        "close",
        "contextlost",
        "contextmenu",
        "contextrestored",
        "copy",
        "cuechange",
        "cut",
        "dblclick",
        "drag",
        "dragend",
        "dragenter",
        "dragleave",
        "dragover",
        "dragstart",
        "drop",
        "durationchange",
        "emptied",
        "ended",
        "error",
        "focus",
        "focusin",
        "focusout",
        "formdata",
        "fullscreenchange",
        "fullscreenerror",
        "gotpointercapture",
        "hashchange",
        "input",
        "invalid",
        "keydown",
        "keypress",
        "keyup",
        "languagechange",
        "load",
        "loadeddata",
        "loadedmetadata",
        "loadstart",
        "lostpointercapture",
        "message",
        "messageerror",
        "mousedown",
        "mouseenter",
        "mouseleave",
        "mousemove",
        "mouseout",
        "mouseover",
        "mouseup",
        "offline",
        "online",
        "pagehide",
        "pagereveal",
        "pageshow",
        "pageswap",
        "paste",
        "pause",
        "play",
        "playing",
        "pointercancel",
        "pointerdown",
        "pointerenter",
        "pointerleave",
        "pointermove",
        "pointerout",
        "pointerover",
        "pointerup",
        "popstate",
        "progress",
        "ratechange",
        "rejectionhandled",
        "reset",
        "resize",
        "scroll",
        "scrollend",
        "securitypolicyviolation",
        "seeked",
        "seeking",
        "select",
        "selectionchange",
        "selectstart",
        "slotchange",
        "stalled",
        "storage",
        "submit",
        "suspend",
        "timeupdate",
        "toggle",
        "touchcancel",
        "touchend",
        "touchmove",
        "touchstart",
        "transitioncancel",
        "transitionend",
        "transitionrun",
        "transitionstart",
        "unhandledrejection",
        "unload",
        "volumechange",
        "waiting",
        "webkitanimationend",
        "webkitanimationiteration",
        "webkitanimationstart",
        "webkittransitionend",
        "wheel",
    ]
)


def runs_as_script(kind: str | None) -> bool:
    """Whether a `<script type=...>` is run (JavaScript, a module, an import map: the policy's to allow), not a data
    block (JSON-LD, a template)."""
    kind = (kind or "").strip().lower()
    scripts = ("javascript", "ecmascript", "jscript", "livescript")
    return kind in ("", "module", "importmap", "speculationrules") or any(name in kind for name in scripts)


def script_sources(settings, csp_field: str) -> tuple[str, ...]:
    """What the post's page lets scripts come from: the base policy, the site's CSP_SOURCES, the post's CSP field."""
    policy = widen(BASE, {d: tuple(s) for d, s in (settings.get("CSP_SOURCES") or {}).items()})
    if csp_field:
        policy = widen(policy, parse(csp_field)[0])
    return policy.get("script-src", policy.get("default-src", ()))


# A CSP host source: [scheme://]host[:port][path], the host possibly `*` or `*.` and a domain (CSP 3, "source lists").
HOST_SOURCE = re.compile(
    r"(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?P<host>\*|(?:\*\.)?[^/:*]+)(?::(?P<port>\d+|\*))?(?P<path>/.*)?", re.I
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def allowed(src: str, sources: tuple[str, ...]) -> bool:
    """Whether a script at `src` may load under these sources (the page served over https, as on GitHub Pages)."""
    if not origin(src):  # the site's own (a relative or {static} address)
        return "'self'" in sources or "*" in sources
    try:
        url = urlsplit(src.strip() if "//" not in src.strip()[:2] else "https:" + src.strip())
        scheme, host = url.scheme.lower(), (url.hostname or "").lower()
        port = url.port or DEFAULT_PORTS.get(scheme)
    except ValueError:  # no valid address (`http://[bad`), or its port
        return False
    return any(source_matches(source.lower(), scheme, host, port, url.path or "/") for source in sources)


def source_matches(source: str, scheme: str, host: str, port: int | None, path: str) -> bool:
    """Whether one source expression allows a script at this address (the CSP 3 matching, for http and https)."""
    if source == "*":
        return scheme in ("http", "https")
    if re.fullmatch(r"[a-z][a-z0-9+.-]*:", source):
        return scheme == source[:-1] or (source == "http:" and scheme == "https")
    match = HOST_SOURCE.fullmatch(source)
    if match is None or source.startswith("'"):
        return False
    if match["scheme"] and not (match["scheme"] == scheme or (match["scheme"] == "http" and scheme == "https")):
        return False
    wanted = match["host"]
    host_ok = host.endswith(wanted[1:]) if wanted.startswith("*.") else wanted in ("*", host)
    wanted_port = match["port"]
    port_ok = wanted_port == "*" or (int(wanted_port) if wanted_port else DEFAULT_PORTS.get(scheme)) == port
    wanted_path = match["path"]
    path_ok = not wanted_path or (path.startswith(wanted_path) if wanted_path.endswith("/") else path == wanted_path)
    return host_ok and port_ok and path_ok


class Scripts(HTMLParser):
    """The scripts and event handlers of a post's HTML that will not run, by line."""

    def __init__(self, sources: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.sources, self.found = sources, []
        self.inline = "'unsafe-inline'" in sources

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = dict(attrs)
        # An old `language` attribute stands for the type when there is none: `vbscript` never runs.
        kind = (
            values.get("type") if "type" in values else (f"text/{values['language']}" if values.get("language") else "")
        )
        if tag == "script" and runs_as_script(kind):
            src = (values.get("src") or "").strip()
            if not src and not self.inline:
                self.found.append((line, "an inline <script>"))
            elif src and not allowed(src, self.sources):
                self.found.append((line, f"a <script> from {origin(src) or src}"))
        if not self.inline:
            for name, _value in attrs:
                if name.startswith("on") and name[2:] in EVENTS:
                    self.found.append((line, f"an {name} handler"))
        if tag == "iframe" and "<script" in (values.get("srcdoc") or "").lower() and not self.inline:
            self.found.append((line, "a script in an <iframe srcdoc>"))  # the frame takes the page's policy

    handle_startendtag = handle_starttag


def inert_scripts(rel: str, lines: list[tuple[int, str]], settings, csp_field: str = "") -> list[Problem]:
    """The post's scripts and event handlers its page's Content-Security-Policy never runs (`lines`: its prose)."""
    if not any("<" in text for _number, text in lines):
        return []
    first = lines[0][0]
    by_number = dict(lines)
    document = "\n".join(by_number.get(number, "") for number in range(first, lines[-1][0] + 1))
    parser = Scripts(script_sources(settings, csp_field))
    parser.feed(document)
    parser.close()
    return [
        Problem(
            rel,
            first + offset - 1,
            f"{what} does not run on the site: its Content-Security-Policy refuses it (link to what it would show,"
            " or allow its source in the post's CSP: field or the CSP_SOURCES setting)",
            WARNING,
            code="script",
        )
        for offset, what in parser.found
    ]
