"""Image dimensions and responsive variants: no layout shift, no oversized downloads.

Pillow reads a raster image's size from its header and writes the smaller
copies for `srcset`; an SVG's size comes from its width/height or viewBox.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from xml.etree import ElementTree

from output_guard.paths import leaves

RASTER = {".jpg", ".jpeg", ".png", ".webp"}
NUMBER = re.compile(r"^\s*([\d.]+)\s*(px)?\s*$")


def svg_size(path: Path) -> tuple[int, int] | None:
    """An SVG's intrinsic size: width/height in pixels, else its viewBox."""
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        return None
    width, height = (NUMBER.match(root.get(k, "")) for k in ("width", "height"))
    if width and height:
        return round(float(width[1])), round(float(height[1]))
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        return round(float(box[2])), round(float(box[3]))
    return None


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of an image file, or None when it cannot be read."""
    if path.suffix.lower() == ".svg":
        return svg_size(path)
    from PIL import Image, UnidentifiedImageError  # only builds with raster images need it

    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def variant_name(path: str, width: int) -> str:
    """The file name of an image's copy at another width: images/x.jpg -> images/x-480w.jpg."""
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}-{width}w.{suffix}" if dot else f"{path}-{width}w"


def variant_widths(path: str, width: int, widths: tuple[int, ...]) -> list[int]:
    """The smaller widths worth offering for a raster image this wide."""
    if Path(path).suffix.lower() not in RASTER:
        return []
    return sorted(w for w in widths if w < width)


def write_variant(source: Path, target: Path, width: int) -> bool:
    """Write a copy of `source` `width` pixels wide, unless an up-to-date one exists.

    A copy takes its source's modification time, and is up to date only while the two are the same
    and the copy was written after the source was last put in place (its change time): an image
    replaced by an older file (`cp -p`, an unzipped download) gets new copies too, where a copy
    merely newer than its source kept the old picture, and so does one replaced by another photo
    with the very same time (two unzipped from one batch: an outside tester's finding).
    """
    source_status = source.stat()
    source_time = source_status.st_mtime_ns
    try:
        copy = target.stat()
    except OSError:
        copy = None
    if copy is not None and copy.st_mtime_ns == source_time and copy.st_ctime_ns >= source_status.st_ctime_ns:
        return False
    from PIL import Image

    with Image.open(source) as image:
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        target.parent.mkdir(parents=True, exist_ok=True)
        resized.save(target, quality=82, optimize=True) if target.suffix.lower() in (".jpg", ".jpeg") else resized.save(
            target, optimize=True
        )
    os.utime(target, ns=(time.time_ns(), source_time))
    return True


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(size, mtime_ns) of a file, or None when there is none."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def stale_variants(record: dict, output: Path, planned: set[str]) -> list[Path]:
    """The copies an earlier build wrote (`record`: its output, and name -> stamp) that this one no longer makes,
    untouched since (a file changed since is someone else's now)."""
    copies = record.get("copies")
    if record.get("output") != str(output) or not isinstance(copies, dict):  # another output's, or damaged
        return []
    stale = []
    for name, stamp in sorted(copies.items()):
        if name in planned or not isinstance(stamp, list) or leaves(name):
            continue
        path = output / name
        if not path.is_symlink() and file_stamp(path) == tuple(stamp):
            stale.append(path)
    return stale
