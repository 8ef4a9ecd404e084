"""One timed build, in its own process: `python -m benchmarks.child SETTINGS CONTENT OUTPUT [KEY=JSON ...]`.

Prints the peak memory (KiB) of the process and of the largest process it started (the comments
plugin may read the store in a second process), last, for the runner to read.
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
    own, helper = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"peak-kib {own} {helper}")


if __name__ == "__main__":
    main(sys.argv[1:])
