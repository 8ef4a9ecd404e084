"""`python -m build_speed.offload_worker MODULE:FUNCTION INPUT OUTPUT [NICENESS]`: one offloaded job (see offload.py).

INPUT holds the pickled argument and keyword options, OUTPUT receives the pickled result: both files
were made, for this process alone, by the build that started it.
"""

import importlib
import os
import pickle
import sys


def main(function: str, argument: str, output: str, niceness: str = "0") -> None:
    """Run the function on the argument and write the result."""
    if int(niceness) > 0 and hasattr(os, "nice"):
        os.nice(int(niceness))
    module, _, name = function.partition(":")
    target = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    with open(argument, "rb") as stream:
        job, options = pickle.load(stream)  # written by the build that started us, into a file only it can write
    result = target(job, **options)
    with open(output, "wb") as stream:
        pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    main(*sys.argv[1:5])
