"""`python -m build_speed.offload_worker MODULE:FUNCTION INPUT OUTPUT [NICENESS]`: one offloaded job (see offload.py).

INPUT holds the pickled argument and keyword options, OUTPUT receives the pickled result: both files
were made, for this process alone, by the build that started it.

`python -m build_speed.offload_worker --standby [MODULE]`: a process started ahead of its job
(offload.Standby), MODULE imported, waiting for the job's arguments: one line of JSON on
standard input, the list of the arguments above. Standard input closed with no line (the
build's process ended): it ends too.
"""

import importlib
import json
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


def standby(module: str = "") -> None:
    """Import `module`, then wait for one job's arguments and run it."""
    if module:
        importlib.import_module(module)
    line = sys.stdin.readline()
    if line.strip():
        main(*json.loads(line))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--standby"]:
        standby(*sys.argv[2:3])
    else:
        main(*sys.argv[1:5])
