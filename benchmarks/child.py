"""One timed build, in its own process: `python -m benchmarks.child SETTINGS CONTENT OUTPUT [KEY=JSON ...]`.

Prints the process's peak memory (KiB) last, for the runner to read.
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
    print(f"peak-kib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


if __name__ == "__main__":
    main(sys.argv[1:])
