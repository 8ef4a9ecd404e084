"""One timed build, in its own process: `python -m benchmarks.child SETTINGS CONTENT OUTPUT [KEY=JSON ...]`.

Prints, last, the CPU time of the build's own process (its helpers apart) and its peak
memory (KiB) with its largest helper's, from getrusage, for the runner to read. The
plugins start up to two helpers that run at the same time as the build: the largest sum
seen at once is sampled by the runner (`benchmarks.memory`), from outside. A sampler
thread in here took the build's interpreter lock and 0.2 s of its CPU (3 % of our cold
build, a third as much of vanilla Pelican's, which has no helpers to list).
"""

import json
import resource
import sys

from pelican import Pelican
from pelican.settings import read_settings


def main(argv):
    settings_file, content, output, *extra = argv
    overrides = {"PATH": content, "OUTPUT_PATH": output}
    for pair in extra:
        key, _, value = pair.partition("=")
        overrides[key] = json.loads(value)
    Pelican(read_settings(settings_file, override=overrides)).run()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    own, helper = usage.ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"cpu-seconds {usage.ru_utime + usage.ru_stime:.3f}")
    print(f"peak-kib {own + helper}")


if __name__ == "__main__":
    main(sys.argv[1:])
