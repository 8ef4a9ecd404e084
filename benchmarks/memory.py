"""The peak memory of a build and its helper processes together, sampled from outside the build.

The build's plugins start helpers that run at the same time as it (the read-ahead, the
comments, the second rendering process): the figure is the largest sum of their resident
memory seen at once (Linux only, from /proc). It samples from the benchmark's runner,
which only waits meanwhile: a sampler inside the build would take the build's
interpreter lock, and its CPU, from the build it measures.
"""

from __future__ import annotations

import os
import threading

SAMPLE_SECONDS = 0.02


def resident_kib(pid: int) -> int:
    """A process's resident memory now (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0


def children(pid: int) -> list[int]:
    """The processes `pid` started that are still running, and theirs."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listed:
                found += [int(child) for child in listed.read().split()]
    except OSError:
        pass
    return found + [grandchild for child in found for grandchild in children(child)]


class TreeSampler(threading.Thread):
    """Samples the resident memory of a process and its descendants until stopped."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(SAMPLE_SECONDS):
            total = sum(resident_kib(pid) for pid in [self.pid, *children(self.pid)])
            self.peak_kib = max(self.peak_kib, total)

    def stop(self) -> int:
        """Stop sampling; the largest sum seen (KiB)."""
        self.stopped.set()
        self.join()
        return self.peak_kib
