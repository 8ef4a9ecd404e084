"""image_credits: every image shows its caption and its credit, given once per image.

A credit lives beside its image as `<image file name>.credit` (see `credits.py`
for the format). A post's lead image comes from its metadata:

    Image: images/striking-out.svg
    Image-Alt: A job seeker reads a rejection email
    Image-Caption: Don't get discouraged if you didn't get the job.

and an image standing alone in a paragraph of the body, `![alt](images/x.png
"Caption")`, becomes the same credited figure. A figure written as HTML (one the
WordPress import kept, its image linked elsewhere or its caption holding a link)
gets its image's credit line in its caption, as every figure shows it.

Settings (defaults in DEFAULTS):
    IMAGE_CREDITS_SUFFIX = ".credit"     the credit file's suffix after the image name
    IMAGE_CREDITS_WARN_MISSING = True    report an image without alt text or credit (the writing
                                         plugin's checks, in `invoke check` and every build, report
                                         what images and credit files get wrong; this plugin only
                                         shows them)
    IMAGE_CREDITS_SRCSET_WIDTHS = (480, 800, 1200)   smaller copies of raster images for srcset

Every image gets its width and height (no layout shift), `loading="lazy"` below
the fold, and, when it is a raster image wider than some of those widths,
copies made with Pillow after the build and offered in `srcset`.

Sets `lead_image` (a figures.Image, or None) on articles and pages, adds the
Jinja filters `figure` (Image -> <figure>) and `credit_line` (Credit -> HTML),
and starts each feed entry with its lead figure and credit.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from escaping.markup import CONTROLS
from escaping.urls import is_web_url
from output_guard.paths import leaves, within
from pelican import signals
from pelican.contents import Article, Page

from .credits import Credit, format_credit, parse_credit
from .figures import Image, figures_in_body, render_figure
from .sizes import file_stamp, image_size, stale_variants, variant_name, variant_widths, write_variant

logger = logging.getLogger(__name__)

DEFAULTS = {
    "IMAGE_CREDITS_SUFFIX": ".credit",
    "IMAGE_CREDITS_WARN_MISSING": True,
    "IMAGE_CREDITS_SRCSET_WIDTHS": (480, 800, 1200),
}
CONTEXT_KEY = "image_credits"


def setting(settings, name):
    """A setting of this plugin, falling back to its documented default."""
    return settings.get(name, DEFAULTS[name])


def display_path(path: str) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


# How the content folder is walked for credit files: os.walk, or what a process that builds again
# and again lends (build_speed.listings: the folders unchanged since its last build are not listed again).
folder_walk = os.walk


def load_credits(content_root: str, suffix: str, walk=os.walk) -> dict[str, Credit]:
    """Read every credit file under the content folder, keyed by its image's path (or URL).

    `walk` is os.walk, or a function that walks as it does.
    """
    credits = {}
    for folder, _dirs, files in walk(content_root):
        for name in files:
            if not name.endswith(suffix):
                continue
            path = os.path.join(folder, name)
            try:
                with open(path, encoding="utf-8-sig") as handle:
                    credit, _problems = parse_credit(handle.read())  # reported by the checks
            except UnicodeDecodeError:  # not used; the checks name the file
                continue
            image = os.path.relpath(path, content_root)[: -len(suffix)]
            credits[image.replace(os.sep, "/")] = credit
            if credit.for_url:  # the same image at its original address, until it is downloaded
                credits[credit.for_url] = credit
    return credits


def credits_for(settings, context) -> dict[str, Credit]:
    """The build's credit index, read once per build and kept in Pelican's context."""
    if context is None:
        return load_credits(settings["PATH"], setting(settings, "IMAGE_CREDITS_SUFFIX"), folder_walk)
    if CONTEXT_KEY not in context:
        context[CONTEXT_KEY] = load_credits(settings["PATH"], setting(settings, "IMAGE_CREDITS_SUFFIX"), folder_walk)
    return context[CONTEXT_KEY]


def smartener(settings):
    """Typogrify's quote and dash filter when the site uses typogrify, else identity."""
    if not settings.get("TYPOGRIFY"):
        return str
    from typogrify.filters import smartypants  # optional dependency

    return smartypants


def measurer(settings, context, planned: list):
    """A function giving (width, height, srcset variants) of a content image, noting variants to write."""
    sizes = context.setdefault("image_credits_sizes", {}) if context is not None else {}
    widths = tuple(setting(settings, "IMAGE_CREDITS_SRCSET_WIDTHS"))

    def measure(path: str) -> tuple[int, int, tuple]:
        if path not in sizes:
            sizes[path] = image_size(Path(settings["PATH"]) / path) or (0, 0)
        width, height = sizes[path]
        variants = tuple((variant_name(path, w), w) for w in variant_widths(path, width, widths))
        planned.extend((path, name, w) for name, w in variants)
        return width, height, variants

    return measure


def is_image_reference(path: str) -> bool:
    """True for what an `Image:` field may name: a path of the site, or an http(s) address."""
    if "://" in path or ":" in path.split("/", 1)[0]:  # a scheme: javascript:, data:, file://...
        return is_web_url(path)
    return not CONTROLS.search(path)


def lead_image(metadata, credits, exists, measure=None) -> Image | None:
    """The lead image a post's metadata names, or None (also when it names no image a page may show)."""
    path = str(metadata.get("image", "")).strip()
    if not path:
        return None
    for marker in ("{static}", "{attach}"):
        path = path.removeprefix(marker)
    if not is_image_reference(path):
        return None
    if "://" not in path:  # a remote image keeps its URL
        path = posixpath.normpath(path.lstrip("/"))
        if "%" in path and not exists(path) and exists(unquote(path)):  # `My%20Photo.jpg`, as Pelican finds it
            path = unquote(path)
    width, height, variants = measure(path) if measure and "://" not in path and exists(path) else (0, 0, ())
    return Image(
        src=path,
        alt=str(metadata.get("image-alt", "")).strip(),
        caption=str(metadata.get("image-caption", "")).strip(),
        credit=credits.get(path),
        width=width,
        height=height,
        variants=variants,
    )


def add_figures(instance):
    """Give a post its lead image and credited body figures."""
    if not isinstance(instance, (Article, Page)) or not instance.source_path:
        return
    settings = instance.settings
    content_root = settings["PATH"]
    credits = credits_for(settings, instance._context)

    def exists(path):  # an image outside the content folder is never read, measured or copied
        return not leaves(path) and os.path.isfile(os.path.join(content_root, path))

    source_dir = posixpath.dirname(instance.relative_source_path.replace(os.sep, "/"))
    instance.image_variants = []  # kept with the post, so that a cached post still gets its copies written
    measure = measurer(settings, instance._context, instance.image_variants)
    body, _uses = figures_in_body(
        instance._content or "", source_dir, credits.get, exists, smarten=smartener(settings), measure=measure
    )
    instance._content = body
    instance.lead_image = lead_image(instance.metadata, credits, exists, measure)


def items_of(generator) -> list:
    """Every article and page a generator holds, drafts and hidden ones included."""
    names = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")
    return [item for name in names for item in getattr(generator, name, [])]


VARIANTS_RECORD = "image_credits-variants.json"  # in the cache folder: the copies the last build wrote


class Variants:
    """The smaller copies the build's pages offer in srcset: noted while reading, written at the end."""

    def __init__(self):
        self.planned: set[tuple[str, str, int]] = set()

    def collect(self, generator):
        """Note the copies each post needs (cached posts too)."""
        for item in items_of(generator):
            self.planned.update(getattr(item, "image_variants", ()))

    def write(self, pelican):
        """Write every planned copy that is missing or older than its image."""
        content, output = Path(pelican.settings["PATH"]), Path(pelican.settings["OUTPUT_PATH"])
        for source, name, width in sorted(self.planned):
            target = within(output, name)
            if target is None:
                logger.warning(
                    "%s: its %dpx copy would be written outside the output folder: not written", source, width
                )
                continue
            try:
                write_variant(content / source, target, width)
            except OSError as error:
                logger.warning("%s: cannot write its %dpx copy: %s", source, width, error)
        if pelican.settings.get("CACHE_PATH") and pelican.settings.get("CACHE_CONTENT"):
            self.forget_old(Path(pelican.settings["CACHE_PATH"]) / VARIANTS_RECORD, output)
        self.planned = set()

    def forget_old(self, record_file: Path, output: Path) -> None:
        """Remove the copies the last build wrote and this one no longer makes (an image replaced by a smaller
        one, or gone with its post), and record this build's: a build keeping its output keeps no stale copy."""
        try:
            record = json.loads(record_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        names = {name for _source, name, _width in self.planned}
        for path in stale_variants(record if isinstance(record, dict) else {}, output, names):
            path.unlink(missing_ok=True)
        copies = {name: stamp for name in sorted(names) if (stamp := file_stamp(output / name)) is not None}
        try:
            record_file.parent.mkdir(parents=True, exist_ok=True)
            temporary = record_file.with_name(record_file.name + ".tmp")
            temporary.write_text(json.dumps({"output": str(output), "copies": copies}), encoding="utf-8")
            temporary.replace(record_file)
        except OSError as error:
            logger.debug("image_credits: the copies written are not recorded: %s", error)

    def resolve_srcset(self, path, context):
        """Body figures say `{static}/...` in srcset, which Pelican does not resolve: do it in the page.

        Only a build with raster copies to offer has any such page: others read nothing back.
        """
        if not self.planned or not path.endswith(".html"):
            return
        page = Path(path)
        text = page.read_text(encoding="utf-8")
        if STATIC_SRCSET not in text:
            return
        if context.get("RELATIVE_URLS"):
            prefix = os.path.relpath(context["OUTPUT_PATH"], page.parent).replace(os.sep, "/")
        else:
            prefix = (context.get("SITEURL") or "").rstrip("/")
        page.write_text(resolve_static_srcset(text, prefix), encoding="utf-8")


STATIC_SRCSET = 'srcset="{static}/'


def resolve_static_srcset(html: str, prefix: str) -> str:
    """`{static}/` in every srcset replaced by `prefix/` (Pelican resolves `{static}` in src, not srcset)."""
    return re.sub(r'srcset="([^"]*)"', lambda m: f'srcset="{m[1].replace("{static}/", prefix + "/")}"', html)


variants = Variants()


def add_filters(generator):
    """Make the figure and credit formatting available to the theme."""
    smarten = smartener(generator.settings)
    generator.env.filters["figure"] = lambda image, prefix="", loading="lazy": render_figure(
        image, prefix, smarten, loading
    )
    generator.env.filters["credit_line"] = format_credit


def figures_in_feed(context, feed):
    """Feed entries start with the article's lead figure, so the credit travels with it, and the
    body figures' srcset links are resolved (Pelican's feed writer resolves their src only)."""
    site = (context.get("FEED_DOMAIN") or context.get("SITEURL") or "").rstrip("/")
    if "image_credits_feed_leads" not in context:  # once per build: a site has many feeds
        context["image_credits_feed_leads"] = {
            f"{site}/{a.url}": a.lead_image for a in context.get("articles", []) if getattr(a, "lead_image", None)
        }
    leads = context["image_credits_feed_leads"]
    smarten = smartener(context)
    for item in feed.items:
        field = "content" if item.get("content") else "description"
        text = item[field] or ""
        if STATIC_SRCSET in text:
            text = resolve_static_srcset(text, site)
        lead = leads.get(item["link"].split("?")[0])
        item[field] = (str(render_figure(lead, site, smarten)) if lead is not None else "") + text


def register():
    """Connect the plugin to Pelican's signals."""
    signals.generator_init.connect(add_filters)
    signals.content_object_init.connect(add_figures)
    signals.article_generator_finalized.connect(variants.collect)
    signals.page_generator_finalized.connect(variants.collect)
    signals.content_written.connect(variants.resolve_srcset)
    signals.finalized.connect(variants.write)
    signals.feed_generated.connect(figures_in_feed)
