"""`python -m comments.worker JOB`: prepare the comments in a second process (see prepare.py).

JOB is a prepare.Job as JSON; the pickled PreparedComments goes to stdout, whose
only reader is the build that started this process.
"""

import pickle
import sys

from .prepare import Job, prepare_comments


def main(argument: str) -> None:
    """Prepare the job and write the result."""
    pickle.dump(prepare_comments(Job.from_json(argument)), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    main(sys.argv[1])
