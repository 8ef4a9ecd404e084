"""Pickled objects over a pipe, each behind its length, so a reader can tell where one ends.

Both ends are this plugin: the build and the second process it started itself.
Nothing read from a file or a reader's input ever arrives here, so unpickling is safe.
"""

from __future__ import annotations

import pickle
from typing import BinaryIO

LENGTH_BYTES = 8


def frame(item: object) -> bytes:
    """`item` pickled, behind its length."""
    payload = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    return len(payload).to_bytes(LENGTH_BYTES, "big") + payload


def read_frame(stream: BinaryIO) -> object:
    """The next item from a blocking stream; EOFError at its end."""
    header = stream.read(LENGTH_BYTES)
    if len(header) < LENGTH_BYTES:
        raise EOFError("the stream ended")
    size = int.from_bytes(header, "big")
    payload = stream.read(size)
    if len(payload) < size:
        raise EOFError("the stream ended inside an item")
    return pickle.loads(payload)


def complete_frames(buffer: bytearray) -> list[object]:
    """The items whose bytes have all arrived, taken out of `buffer`; a partial one stays in it."""
    items = []
    while len(buffer) >= LENGTH_BYTES:
        end = LENGTH_BYTES + int.from_bytes(buffer[:LENGTH_BYTES], "big")
        if len(buffer) < end:
            break
        items.append(pickle.loads(buffer[LENGTH_BYTES:end]))
        del buffer[:end]
    return items
