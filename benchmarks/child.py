"""One timed build, in its own process: `python -m benchmarks.child SETTINGS CONTENT OUTPUT [KEY=JSON ...]`.

Prints, last, the CPU time of the build's own process (its helpers apart) and the peak memory
(KiB) of the build and its helper processes together, for the runner to read. The plugins start
up to two helpers that run at the same time as the build, so the figure is the largest sum seen
by sampling every process's resident memory (on Linux), and never less than the build's own
peak plus its largest helper's (from getrusage).
"""

import json
import os
import resource
import sys
import threading

from pelican import Pelican
from pelican.settings import read_settings

SAMPLE_SECONDS = 0.01


def resident_kib(pid: int) -> int:
    """A process's resident memory now (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0


def children(pid: int) -> list[int]:
    """The processes this one started that are still running."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listed:
                found += [int(child) for child in listed.read().split()]
    except OSError:
        pass
    return found


class TreeSampler(threading.Thread):
    """Samples the resident memory of this process and its children until stopped (Linux only)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kib = 0
        self.stopped = threading.Event()

    def run(self):
        me = os.getpid()
        while not self.stopped.wait(SAMPLE_SECONDS):
            total = resident_kib(me) + sum(resident_kib(child) for child in children(me))
            self.peak_kib = max(self.peak_kib, total)


def main(argv):
    settings_file, content, output, *extra = argv
    overrides = {"PATH": content, "OUTPUT_PATH": output}
    for pair in extra:
        key, _, value = pair.partition("=")
        overrides[key] = json.loads(value)
    sampler = TreeSampler()
    if os.path.isdir("/proc/self/task"):
        sampler.start()
    Pelican(read_settings(settings_file, override=overrides)).run()
    sampler.stopped.set()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    own, helper = usage.ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"cpu-seconds {usage.ru_utime + usage.ru_stime:.3f}")
    print(f"peak-kib {max(own + helper, sampler.peak_kib)}")


if __name__ == "__main__":
    main(sys.argv[1:])
