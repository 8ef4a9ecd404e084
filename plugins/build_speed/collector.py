"""Python's garbage collector in livereload's warm process: run between builds, not during them.

A full collection (the oldest generation's) walks every object the collector tracks. In
the warm process, which holds the last build's tables and memos and the content cache
read ahead for the next build, about one rebuild in two ran one: 0.07 to 0.12 s, a tenth
of a rebuild after an edit (docs/performance.md). So between builds, while the writer
looks at the page, the process collects everything and then freezes what survives
(`gc.freeze`: moved to a generation no collection walks); the next build's collections
walk only the objects it makes.

Nothing is kept longer for it: each time, the objects frozen the time before are put
back (`gc.unfreeze`) before collecting, so whatever a build dropped of them is freed
before the next build starts. Only in a process that builds again and again: a single
build gains nothing from it.
"""

from __future__ import annotations

import gc


class Collector:
    """The warm process's garbage collection between builds; off unless `remember`."""

    def __init__(self):
        self.on = False

    def remember(self) -> None:
        """This process builds again and again: collect between builds, and freeze what survives."""
        self.on = True

    def collect(self) -> None:
        """Free the last build's garbage, the objects frozen the time before included (the first step)."""
        if self.on:
            gc.unfreeze()
            gc.collect()

    def freeze(self) -> None:
        """Keep what is alive now out of the next build's collections (the last step)."""
        if self.on:
            gc.freeze()

    def forget(self) -> None:
        """Back to Python's own collections: everything frozen put back, nothing done between builds."""
        self.on = False
        gc.unfreeze()


collector = Collector()
