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
    """Run the function on the argument and write the result.

    The files are the build's to remove; but a build that was killed leaves them to us: when our
    parent is gone by the time the result is ready, both files are removed and nothing is written.
    """
    parent = os.getppid()
    if int(niceness) > 0 and hasattr(os, "nice"):
        os.nice(int(niceness))
    module, _, name = function.partition(":")
    target = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    with open(argument, "rb") as stream:
        job, options = pickle.load(stream)  # written by the build that started us, into a file only it can write
    result = target(job, **options)
    if os.getppid() != parent:  # the build is gone: no one will read the result
        for path in (argument, output):
            if os.path.exists(path):
                os.unlink(path)
        return
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
