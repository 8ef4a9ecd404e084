"""Which files of a WordPress uploads folder the import may copy into the site: images and documents it can vouch for.

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

A post's link to another uploaded file (a PDF, a Word document, a zip, an MP3)
follows the same rule: only the kinds in FILE_KINDS, recognised by their content
(filetype reads their signature) as what their extension says, up to
MAX_FILE_BYTES. Nothing a browser runs (HTML, SVG, XML, JavaScript, PHP, an
executable) is one of them.
"""

from __future__ import annotations

from pathlib import Path

import filetype
from PIL import Image, UnidentifiedImageError

# The raster formats browsers show, and the extensions each may be named with.
EXTENSIONS = {
    "JPEG": (".jpg", ".jpeg", ".jpe"),
    "PNG": (".png",),
    "GIF": (".gif",),
    "WEBP": (".webp",),
    "AVIF": (".avif",),
}

# The other files a post may link to, by extension, and what filetype may find their content to be
# (an Office or OpenDocument file is a zip; an MP4 family file may say either brand).
FILE_KINDS = {
    ".pdf": {"pdf"}, ".rtf": {"rtf"}, ".doc": {"doc"}, ".xls": {"xls"}, ".ppt": {"ppt"},
    ".docx": {"docx", "zip"}, ".xlsx": {"xlsx", "zip"}, ".pptx": {"pptx", "zip"},
    ".odt": {"odt", "zip"}, ".ods": {"ods", "zip"}, ".odp": {"odp", "zip"}, ".epub": {"epub", "zip"},
    ".zip": {"zip"}, ".gz": {"gz"}, ".7z": {"7z"},
    ".mp3": {"mp3"}, ".m4a": {"m4a", "mp4"}, ".ogg": {"ogg"}, ".oga": {"ogg"}, ".flac": {"flac"}, ".wav": {"wav"},
    ".mp4": {"mp4", "m4v", "m4a"}, ".m4v": {"m4v", "mp4"}, ".mov": {"mov", "mp4"}, ".webm": {"webm", "mkv"},
    ".ogv": {"ogg"},
}  # fmt: skip
# GitHub Pages refuses a file over 100 MB and warns over 50 MB; a larger file belongs on a media host.
MAX_FILE_BYTES = 50 * 1024 * 1024


def file_problem(path: Path) -> str:
    """Why the (non-image) file at `path` may not be copied into the site ("" when it may)."""
    suffix = path.suffix.lower()
    if suffix not in FILE_KINDS:
        return (
            f"is a {suffix or 'file without an extension'!r} file, not a kind the import copies (documents,"
            " archives, audio, video: a page, script or program could run as the site): not copied"
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return (
            f"is {size / 1024 / 1024:.0f} MB, more than the {MAX_FILE_BYTES // 1024 // 1024} MB the import copies"
            " into a site: not copied (put it on a media host and link it there)"
        )
    found = filetype.guess(str(path))
    if found is None or found.extension not in FILE_KINDS[suffix]:
        what = f"a {found.extension} file" if found else "not recognised"
        return f"is named {suffix} but its content is {what}: not copied"
    return ""


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
