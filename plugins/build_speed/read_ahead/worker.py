"""`python -m build_speed.read_ahead.worker`: convert the Markdown files the build sends (see helper.py).

Standard input brings a frame with the reader's settings, then one frame per file
path. Standard output sends first the data of the libraries' modules as this fresh
process has them (conversion.library_data, for the build to compare with its own), then
each result as a frame, in the order asked.
Anything else that would print to standard output goes to standard error instead.
"""

import logging
import os
import sys

import markdown

from .. import smartypants_shortcuts, typogrify_shortcuts
from .conversion import RawMetadataReader, convert, library_data
from .frames import frame, read_frame
from .typography import pelican_call

# The build's own thread must keep a whole core: this process takes what the build leaves
# (on a 2-core machine it shares the other core with the comments' helper, which gives way to it:
# comments_ahead.NICENESS).
NICENESS = 10


def main() -> None:
    """Convert files until the build closes the pipe."""
    os.nice(NICENESS)
    results = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt a frame
    logging.getLogger().setLevel(logging.WARNING)
    requests = sys.stdin.buffer
    settings = read_frame(requests)
    reader = RawMetadataReader(settings)
    typogrify = pelican_call(settings) if settings["TYPOGRIFY"] else None
    smartypants_shortcuts.bind()  # the build that started this process has them bound too
    typogrify_shortcuts.bind()
    markdown.Markdown(**settings["MARKDOWN"])  # its extensions' modules loaded, for their data
    results.write(frame(library_data()))  # first: the build compares it with its own
    results.flush()
    while True:
        try:
            path = read_frame(requests)
        except EOFError:
            return
        results.write(frame(convert(reader, path, typogrify)))
        results.flush()


if __name__ == "__main__":
    main()
