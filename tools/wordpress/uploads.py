"""Which files of a WordPress uploads folder the import may copy into the site: images it can vouch for.

A copied file is served from the site's own address, where a browser opened on it
directly runs whatever it holds: an SVG or an HTML file with a script runs as the
site (a CSP `<meta>` tag protects the site's HTML pages, never a file served on its
own). So only raster images are copied, recognised by their content (Pillow reads
and verifies them), never by their name, and only under a name whose extension says
what they are (a server sends a file as its extension says: a PNG named `.html` is
served as a page).

SVGs are not copied at all. Making one safe means an SVG sanitiser (scripts, event
handlers, `foreignObject`, `<use>` and other external references, CSS `url()`,
XML entities...), and none of the libraries the project uses is one (nh3 cleans
HTML); a hand-written one would be the kind of code an attacker studies. A refused
image stays at its WordPress address, and the report names it with why: the owner
can check it and add it by hand (a writer's files are trusted; `invoke check` still
names an SVG or HTML file under content/images/ that holds a script).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

# The raster formats browsers show, and the extensions each may be named with.
EXTENSIONS = {
    "JPEG": (".jpg", ".jpeg", ".jpe"),
    "PNG": (".png",),
    "GIF": (".gif",),
    "WEBP": (".webp",),
    "AVIF": (".avif",),
}


def image_problem(path: Path) -> str:
    """Why the file at `path` may not be copied into the site ("" when it is an image we can vouch for)."""
    suffix = path.suffix.lower()
    if suffix in (".svg", ".svgz"):
        return "an SVG can hold scripts that run when it is opened from the site: not copied (check it, add it by hand)"
    try:
        with Image.open(path) as image:
            kind = image.format
            image.verify()  # reads the whole file: a truncated or forged image fails here
    except (UnidentifiedImageError, Image.DecompressionBombError):
        return "is not an image (its content is no JPEG, PNG, GIF, WebP or AVIF): not copied"
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        return f"is not a whole image ({type(error).__name__}): not copied"
    if kind not in EXTENSIONS:
        return f"is a {kind} image, not one the site shows (JPEG, PNG, GIF, WebP, AVIF): not copied"
    if suffix not in EXTENSIONS[kind]:
        return (
            f"is a {kind} image named {suffix or 'without an extension'!r}: a server sends a file as its name says,"
            f" so it is not copied (rename it {path.stem}{EXTENSIONS[kind][0]})"
        )
    return ""
