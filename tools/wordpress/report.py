"""What `invoke import-wordpress` says after its tables: notes, then each list of what to do before publishing.

Pure: `report_lines` turns a migration's Report into (text, style) lines; the task
prints each one unwrapped (a URL or a path split in two cannot be copied), and
every value from the export goes through `printable` first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .fidelity import summary
from .migrate import Report

Line = tuple[str, str]  # (text, rich style or "")
WARN = "yellow"


def report_lines(report: Report, printable: Callable[[str], str], content: str = "content") -> Iterator[Line]:
    """Every line after the import's tables: notes, alt texts, decorative images, credits, what
    is still on the old site, structure."""
    plan = report.plan
    for note in plan.notes:
        yield f"note: {printable(note)}", WARN
    guessed = sorted(set(plan.to_describe))
    if guessed:
        yield "", ""
        yield (
            f"{len(guessed)} image(s) had no alt text in WordPress: a guess stands in (their title or file name)."
            " Write what each shows, between the brackets of its ![…] (or as Alt: in its .credit file):",
            "",
        )
        for post, url, alt in guessed:
            yield printable(f"  {content}/{post}: {url}: {alt!r}"), WARN
    decorative = sorted(set(plan.decorative))
    if decorative:
        yield "", ""
        yield (
            f'{len(decorative)} image(s) WordPress showed as decorative (alt="", nothing describing them) stay so,'
            " marked ![](…){: .decorative}. If one tells readers something, describe it and remove the mark:",
            "",
        )
        for post, url in decorative:
            yield printable(f"  {content}/{post}: {url}"), WARN
    if report.placeholders:
        yield "", ""
        yield (
            f"{len(report.placeholders)} credit(s) to complete: WordPress did not say who made these images, so each"
            " names the old blog as its Source. Write the real Creator, Source and Licence, then delete its"
            " '# placeholder' line (`invoke check` warns about each until then):",
            "",
        )
        for path in sorted(report.placeholders):
            yield printable(f"  {content}/{path}"), WARN
    yield from still_on_the_old_site(plan, printable, content)
    kept, changed = summary(plan.fidelity)
    yield "", ""
    yield f"Structure: {kept} of {len(plan.fidelity)} posts and pages kept WordPress's structure.", ""
    if changed:
        yield (
            "Look at these before publishing (what differs from WordPress's page, what it showed that is not here):",
            "",
        )
        for result in changed:
            yield f"  {printable(result.describe())}", WARN


def still_on_the_old_site(plan, printable: Callable[[str], str], content: str) -> Iterator[Line]:
    """The images and the linked files (PDFs, recordings...) still at their WordPress address, each with its place."""
    lists = (
        (
            plan.downloads,
            "image(s) stay at their WordPress address; download each to its place, then run the import again"
            " with --uploads (or point the posts at the files):",
        ),
        (
            plan.to_move,
            "file(s) the posts link to (documents, recordings...) are still on the old site: move each before it"
            " goes away. Download it to its place, then run the import again with --uploads (or point the posts"
            " at its new home):",
        ),
    )
    for found, what in lists:
        if found:
            yield "", ""
            yield f"{len(found)} {what}", ""
            for url, target in sorted(found.items()):
                yield printable(f"  {url} -> {content}/{target}"), ""
