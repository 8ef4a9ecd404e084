"""Check the image credit files (`<image>.credit`): known fields, web addresses, an image beside them,
and no placeholder left (a `# placeholder` line: a warning until the credit is completed).

The format and its rules are image_credits' (`image_credits.credits.parse_credit`);
this module only turns what it finds into problems with their lines.
"""

from __future__ import annotations

import os
from pathlib import Path

from image_credits.credits import parse_credit, placeholder_line

from .header import lines_of, read_utf8
from .problems import ERROR, WARNING, Problem, display, note_shown


def credit_files(root: Path, suffix: str, skip: tuple[str, ...] = ()) -> list[Path]:
    """The credit files under the content folder, but in its top-level folders `skip` (the comments)."""
    found = []
    for folder, dirs, files in os.walk(root):
        if folder == str(root):
            dirs[:] = [d for d in dirs if d not in skip]
        found += [Path(folder) / name for name in files if name.endswith(suffix)]
    return sorted(found)


def check_credits(credits: list[Path], suffix: str) -> list[Problem]:
    """Every problem of these credit files."""
    problems = []
    for path in credits:
        rel = display(path)
        text = read_utf8(path)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        # As the build reads it (universal line ends), a byte-order mark apart (the last tester's findings).
        lines = lines_of(text.removeprefix("\ufeff"))
        text = "\n".join(lines)
        credit, found = parse_credit(text)
        problems += [Problem(rel, problem.line or 1, problem.message, code="credit-file") for problem in found]
        for number, line in enumerate(lines, start=1):
            if "<!--" in line and not line.lstrip().startswith("#"):  # `# ...` lines are the credit file's notes
                problems.append(Problem(rel, number, note_shown("this credit line"), ERROR, code="note"))
        if line := placeholder_line(text):
            names = [name for name, value in (("Creator", credit.creator), ("Licence", credit.licence)) if not value]
            problems.append(
                Problem(
                    rel,
                    line,
                    f"a placeholder credit (its Source, {credit.source or 'none'!r}, says where the image was found,"
                    " not who made it): write the image's real Creator, Source and Licence"
                    + (f" ({', '.join(names)} missing)" if names else "")
                    + ", then delete this line",
                    WARNING,
                    code="credit-placeholder",
                )
            )
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
