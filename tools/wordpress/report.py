"""What `invoke import-wordpress` says after its tables: notes, then each list of what to do before publishing.

Pure: `report_lines` turns a migration's Report into (text, style) lines; the task
prints each one unwrapped (a URL or a path split in two cannot be copied), and
every value from the export goes through `printable` first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .fidelity import summary
from .migrate import UNCATEGORIZED, Report

Line = tuple[str, str]  # (text, rich style or "")
WARN = "yellow"


def report_lines(report: Report, printable: Callable[[str], str], content: str = "content") -> Iterator[Line]:
    """Every line after the import's tables: notes, alt texts, decorative images, credits, what
    is still on the old site, structure."""
    plan = report.plan
    for note in dict.fromkeys(plan.notes):  # a note found twice (an image in two posts) is said once
        yield f"note: {printable(note)}", WARN
    yield from kept_files(report, printable, content)
    guessed = sorted(set(plan.to_describe))
    yield from listing(
        f"{len(guessed)} image(s) had no alt text in WordPress: a guess stands in (their title or file name)."
        " Write what each shows, between the brackets of its ![…] (or as Alt: in its .credit file):",
        [f"{content}/{post}: {url}: {alt!r}" for post, url, alt in guessed], printable,
    )  # fmt: skip
    decorative = sorted(set(plan.decorative))
    yield from listing(
        f'{len(decorative)} image(s) WordPress showed as decorative (alt="", nothing describing them) stay so,'
        " marked ![](…){: .decorative}. If one tells readers something, describe it and remove the mark:",
        [f"{content}/{post}: {url}" for post, url in decorative], printable,
    )  # fmt: skip
    yield from listing(
        f"{len(report.placeholders)} credit(s) to complete: WordPress did not say who made these images, so each"
        " names the old blog as its Source. Write the real Creator, Source and Licence, then delete its"
        " '# placeholder' line (`invoke check` warns about each until then):",
        [f"{content}/{path}" for path in sorted(report.placeholders)], printable,
    )  # fmt: skip
    yield from still_on_the_old_site(plan, printable, content)
    yield from tagging(plan, printable, content)
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


def listing(heading: str, items: list[str], printable: Callable[[str], str], style: str = WARN) -> Iterator[Line]:
    """A heading and one indented line for each item (nothing when there is none)."""
    if items:
        yield "", ""
        yield heading, ""
        for item in items:
            yield printable(f"  {item}"), style


def kept_files(report: Report, printable: Callable[[str], str], content: str) -> Iterator[Line]:
    """Each file the import did not write over, and each post it imported under another slug, with what to do."""
    renamed = [f"{what}: yours {content}/{yours}; imported as {content}/{imported}" for what, yours, imported
               in report.plan.renamed]  # fmt: skip
    yield from listing(
        f"{len(renamed)} post(s) have the slug of a file of yours (one the import did not write): each is imported"
        " under another slug, its old address and comments with it; yours is untouched. If both are the same"
        " post, keep one and delete the other:",
        renamed, printable,
    )  # fmt: skip
    yield from listing(
        f"{len(report.not_ours)} file(s) of yours (or of another blog's import) are where the import would write:"
        " never overwritten, even with --force. Yours stands; move it away and run again to take the import's:",
        [f"{content}/{new.path} ({new.what})" for new in report.not_ours], printable,
    )  # fmt: skip
    yield from listing(
        f"{len(report.deleted)} file(s) an earlier import wrote were deleted since: not written again (run"
        " with --force to bring them back):",
        [f"{content}/{new.path}" for new in report.deleted], printable,
    )  # fmt: skip
    yield from listing(
        f"{len(report.replaced)} file(s) the import wrote had been edited since: replaced with the import's"
        " (--force); the edits are in git if you committed them:",
        [f"{content}/{new.path}" for new in report.replaced], printable,
    )  # fmt: skip
    yield from listing(
        f"{len(report.edited)} file(s) the import wrote were edited since: kept as they are. Run again with"
        " --force to replace them with the import's (your edits to them are lost):",
        [f"{content}/{new.path}{still_linking(report, new.path)}" for new in report.edited], printable,
    )  # fmt: skip


def still_linking(report: Report, path: str) -> str:
    """What an edited post still links to on the old site that is now copied here ("" when nothing)."""
    old = report.still_linking.get(path, [])
    return f": still links to {len(old)} old address(es) now copied here, e.g. {old[0]}" if old else ""


def tagging(plan, printable: Callable[[str], str], content: str) -> Iterator[Line]:
    """The posts whose tags the import chose (`invoke check` wants every post tagged)."""
    yield from listing(
        f"{len(plan.tagged_from_categories)} post(s) had categories but no tags in WordPress: their categories"
        " are their Tags (as the blog used them). Change them on each post's Tags: line if you like:",
        [f"{content}/{path}" for path in plan.tagged_from_categories], printable, style="",
    )  # fmt: skip
    yield from listing(
        f"{len(plan.untagged)} post(s) had no tag and no category in WordPress: each is tagged"
        f" '{UNCATEGORIZED}', as WordPress showed it, so `invoke check` passes. Give each its real Tags:",
        [f"{content}/{path}" for path in plan.untagged], printable,
    )  # fmt: skip


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
        yield from listing(
            f"{len(found)} {what}", [f"{url} -> {content}/{target}" for url, target in sorted(found.items())],
            printable, style="",
        )  # fmt: skip
