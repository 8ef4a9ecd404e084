"""`python -m comments.worker JOB OUTPUT`: prepare the comments in a second process (see prepare.py).

JOB is a prepare.Job as JSON; the pickled PreparedComments goes to the file OUTPUT,
which the build that started this process made for it and alone reads.
"""

import pickle
import sys

from .prepare import Job, prepare_comments


def main(argument: str, output: str) -> None:
    """Prepare the job and write the result."""
    prepared = prepare_comments(Job.from_json(argument))
    with open(output, "wb") as stream:
        pickle.dump(prepared, stream, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
