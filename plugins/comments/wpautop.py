"""WordPress's wpautop(): the paragraphs and line breaks WordPress adds when it shows a post or comment.

WordPress stores classic-editor posts and all comments with blank lines for
paragraphs and newlines for line breaks; its `wpautop()` (wp-includes/formatting.php)
turns them into <p> and <br> on display. No maintained Python port exists, so
this is one, step for step, for what changes the structure of the result
(paragraphs, line breaks, block elements left unwrapped, <pre> untouched).
The comments plugin uses it for WordPress comments; the migration tool for posts.
"""

from __future__ import annotations

import re

# WordPress's $allblocks: a chunk made of one of these is not wrapped in <p>.
ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    r"blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|"
    r"nav|figure|figcaption|details|menu|summary)"
)
_PRE = re.compile(r"<pre\b.*?</pre>", re.S | re.I)
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.I)
_OPEN_BLOCK = re.compile(rf"(<{ALL_BLOCKS}[\s/>])", re.I)
_CLOSE_BLOCK = re.compile(rf"(</{ALL_BLOCKS}>)", re.I)
_HR = re.compile(r"(<hr\s*?/?>)", re.I)
_TAG = re.compile(r"<[^>]*>")
_NEWLINE_MARK = " <!-- wpnl --> "
_PRESERVE = "<WPPreserveNewline />"


def autop(text: str, br: bool = True) -> str:
    """Wrap blank-line paragraphs in <p> and (with `br`) single newlines in <br>, as WordPress does."""
    if not text.strip():
        return ""
    pres: dict[str, str] = {}

    def keep_pre(match: re.Match) -> str:
        key = f"<pre wp-pre-tag-{len(pres)}></pre>"
        pres[key] = match.group(0)
        return key

    text = _PRE.sub(keep_pre, text + "\n")
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\1\n\n", text)
    text = _HR.sub(r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TAG.sub(lambda m: m.group(0).replace("\n", _NEWLINE_MARK), text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    if br:
        text = re.sub(
            r"<(script|style|svg|math).*?</\1>", lambda m: m.group(0).replace("\n", _PRESERVE), text, flags=re.S
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace(_PRESERVE, "\n")
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for key, pre in pres.items():
        text = text.replace(key, pre)
    return text.replace(_NEWLINE_MARK, "\n").replace(_NEWLINE_MARK.strip(), "\n")
