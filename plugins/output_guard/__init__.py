"""output_guard: the build writes only inside the output folder, and copies only files from the content folder.

Pelican takes the paths it is given on trust. A post's `Slug: ../../x` or
`Save_as:` decides where its page is written, and a `{static}` or `{attach}` link
that climbs out of the content folder (`{static}/../../../etc/passwd`) makes
Pelican copy that file into the site, to a place worked out the same way, which
need not be inside the output folder either. This plugin:

- refuses to build a post whose page would land outside the output folder
  (the escaping plugin's Article and Page ask `paths.leaves`/`paths.inside`, where
  Pelican itself validates a post), with an error naming the file;
- leaves out every static file that lies outside the content folder or would be
  written outside the output folder, with a warning naming the posts that link it.

The other plugins that write files (image_credits' smaller copies, wordpress'
redirect pages) check each target with `paths.within`. No settings.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import contents, signals

from .paths import inside, leaves

logger = logging.getLogger(__name__)


def display_path(path: str) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def stays_inside(output: str, save_as: str) -> bool:
    """True when a page saved as `save_as` is written inside the output folder."""
    return not leaves(save_as) and inside(Path(output), Path(output) / save_as)


def linking_posts(context, content_root: str, source: str) -> str:
    """The posts that link a static file (its absolute path), as a list for a message."""
    posts = [c for c in context.get("generated_content", {}).values() if c is not None]
    linking = sorted(
        display_path(post.source_path)
        for post in posts
        if any(os.path.abspath(os.path.join(content_root, link)) == source for link in post.get_static_links())
    )
    return ", ".join(linking) or "STATIC_PATHS"


def planned_save_as(static) -> str:
    """Where Pelican means to copy a static file, read without noting the place as used.

    Pelican's `Static.save_as` notes each reading, and a static file whose place was read is never
    moved by an `{attach}` link (it warns "another link already referenced its location"): reading
    it here, before any post is rendered, broke every `{attach}` link. Content's own property
    gives the same path without the note.
    """
    return contents.Content.save_as.fget(static)


def keep_static_files_inside(generator) -> None:
    """Leave out the static files outside the content folder, or to be written outside the output folder."""
    output = generator.settings["OUTPUT_PATH"]
    kept = []
    for static in generator.staticfiles:
        relative = static.relative_source_path
        save_as = planned_save_as(static)
        if os.path.islink(static.source_path) and not os.path.exists(static.source_path):  # a link to nothing
            problem = f"{relative} is a link to nothing"
        elif leaves(relative) or not inside(generator.path, static.source_path):  # a link out of it too
            problem = f"{relative} is outside the content folder {display_path(generator.path)}/"
        elif not stays_inside(output, save_as):
            problem = f"{relative} would be copied to {save_as}, outside the output folder"
        else:
            kept.append(static)
            continue
        posts = linking_posts(generator.context, generator.path, static.source_path)
        logger.warning("%s: %s: not copied (link only files inside the content folder)", posts, problem)
        generator.context.get("static_content", {}).pop(relative, None)  # links to it stay unresolved
    if len(kept) != len(generator.staticfiles):
        generator.staticfiles[:] = kept  # the context's "staticfiles" is this same list


def register():
    """Connect the plugin to Pelican's signals."""
    signals.static_generator_finalized.connect(keep_static_files_inside)
