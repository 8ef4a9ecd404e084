"""Series of posts: which posts belong together, and in what order.

Pure functions over `Part` records. A post joins a series with `Series: Name`
(the same name, whatever its case and spacing, is the same series) and may give
its place with `Series-Part: 2`. Parts with a number come in the order of their
numbers; parts without one follow, by date. So a series whose parts were written
out of order, or numbered after the fact, still reads in the order meant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """A post's place in a series, as its metadata gives it."""

    key: str
    series: str
    number: int | None
    date: float


class SeriesProblem(ValueError):
    """A `Series` or `Series-Part` field the build cannot use as written."""


def series_key(name: str) -> str:
    """The name that identifies a series: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


def part_number(value) -> int | None:
    """A `Series-Part` field as a number (None when empty); SeriesProblem when it is not one."""
    text = str(value or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise SeriesProblem(f"Series-Part {text!r} is not a part number (write e.g. 'Series-Part: 2')")
    return int(text)


def ordered(parts: list[Part]) -> list[Part]:
    """The parts of one series in reading order: numbered ones by number, then the others by date."""
    return sorted(parts, key=lambda p: (p.number if p.number is not None else math.inf, p.date, p.key))


def group(parts: list[Part]) -> dict[str, list[Part]]:
    """Every series (by its key) with its parts in reading order."""
    series: dict[str, list[Part]] = {}
    for part in parts:
        series.setdefault(series_key(part.series), []).append(part)
    return {key: ordered(members) for key, members in series.items()}
