"""A post Pelican takes as another's translation, which the theme lists nowhere.

Pelican groups posts by slug (ARTICLE_TRANSLATION_ID, PAGE_TRANSLATION_ID): of two posts with
one slug, the one in the site's language (DEFAULT_LANG) is the original and the other, with a
`Lang:` of its own (or a `Translation: true` line), its translation. A translation is built at
`/<slug>-<lang>/`, but no listing shows it (home, archives, tags, authors) and the theme has no
"also in" link on the original: a writer who gave a post in Arabic the slug of an English one
(or the same title) finds it nowhere. The check says so at its Lang line, with the fix.

As Pelican does, posts are grouped by slug among those listed (published and scheduled) and the
drafts together (a draft's group is the one it joins once published); hidden posts are not
listed at all, and posts left out are not built.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .header import Header
from .links import SiteMap
from .problems import WARNING, Problem, display


def is_marked_translation(header: Header) -> bool:
    """Whether a post says it is a translation (`Translation: true`): Pelican reads any value but 'false' so."""
    return bool(header.fields.get("translation")) and header.value("translation").lower() != "false"


def originals(group: list[Path], headers: dict[Path, Header], default_lang: str) -> list[Path]:
    """The posts of one slug that Pelican lists (utils.get_original_items); the others are translations."""
    candidates = [path for path in group if not is_marked_translation(headers[path])] or group
    return [path for path in candidates if (headers[path].value("lang") or default_lang) == default_lang] or candidates


def unlisted_translations(
    site: SiteMap,
    headers: dict[Path, Header],
    kinds: dict[Path, str],
    slug_of: Callable[[Path, Header], str],
    default_lang: str,
) -> list[tuple[Path, Problem]]:
    """Each post (or page) Pelican would take as a translation, named at its Lang line."""
    groups: dict[tuple[str, str], list[Path]] = {}
    statuses = {}
    for path in sorted(headers):
        target = site.sources.get(path.relative_to(site.root).as_posix())
        if target is None or target.status in ("left out", "hidden"):
            continue
        statuses[path] = target.status
        groups.setdefault((kinds[path], slug_of(path, headers[path])), []).append(path)
    found = []
    for (kind, slug), group in groups.items():
        if len(group) < 2:
            continue
        kept = originals(group, headers, default_lang)
        original = kept[0]
        for path in group:
            if path in kept:
                continue
            header, lang = headers[path], headers[path].value("lang") or default_lang
            what = "post" if kind == "article" else "page"
            if lang != (headers[original].value("lang") or default_lang):
                why, field = f"in another language ({lang!r})", "lang"
            else:
                why, field = "and says it is a translation", "translation"
            address = site.sources[path.relative_to(site.root).as_posix()].url
            when = " once that one is published" if statuses[original] == "draft" else ""
            message = (
                f"this {what} has the slug of {display(original)}, {slug!r}, {why}, so Pelican takes it as that"
                f" {what}'s translation{when}: it is built at /{address}, but no page of the site lists it or links"
                f" to it; give it a 'Slug:' of its own if it is a {what} in its own right"
            )
            field = field if header.value(field) else "slug" if header.value("slug") else "title"
            found.append((path, Problem(display(path), header.line(field), message, WARNING, code="translation")))
    return found
