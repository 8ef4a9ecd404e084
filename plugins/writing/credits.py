"""Check the image credit files (`<image>.credit`): known fields, web addresses, an image beside them.

The format and its rules are image_credits' (`image_credits.credits.parse_credit`);
this module only turns what it finds into problems with their lines.
"""

from __future__ import annotations

from pathlib import Path

from image_credits.credits import parse_credit

from .header import read_utf8
from .problems import WARNING, Problem, display


def check_credits(root: Path, suffix: str) -> list[Problem]:
    """Every problem of every credit file under the content folder."""
    problems = []
    for path in sorted(root.rglob("*" + suffix)):
        rel = display(path)
        text = read_utf8(path)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        credit, found = parse_credit(text)
        problems += [Problem(rel, problem.line or 1, problem.message, code="credit-file") for problem in found]
        image = path.with_name(path.name[: -len(suffix)])
        if not credit.for_url and not image.is_file():
            problems.append(
                Problem(
                    rel,
                    1,
                    f"a credit for {image.name}, which is not in {display(image.parent)}/:"
                    " rename the credit after its image (image name + .credit), or remove it",
                    WARNING,
                    code="credit-file",
                )
            )
    return problems
