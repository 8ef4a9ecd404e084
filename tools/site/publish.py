"""Publishing: a strict production build, and the gh-pages branch."""

from __future__ import annotations

from tools import Stop

from .build import ROOT, run_build, say_index, site_settings


def strict_publish(settings_file: str, output: str) -> None:
    """Build with the production settings, then the search index; Stop, listing every problem, on any error."""
    from search import index_and_check
    from writing import report

    handler, left_out = run_build(settings_file, output, strict=True)
    if handler.errors:
        raise Stop(
            f"Not published: {report.summary(handler, left_out)}\n"
            "Fix the errors listed above (each names its file and line; `invoke check` lists the content ones)."
        )
    # The search index is written after Pelican's build; then the links into it are checked.
    made, problems = index_and_check(ROOT / output, site_settings(settings_file))
    if problems:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise Stop(f"Not published: the search index has {len(problems)} problem(s):\n{listing}")
    say_index(made)
    noted = f" ({report.summary(handler).rstrip('.')}: see above)" if handler.warnings or handler.notes else ""
    print(f"Production build has no error: {output}/ is ready to publish{noted}.")


def gh_pages(settings_file: str, output: str, push: bool, message: str) -> None:
    """Build strictly, commit the output to the pages branch with ghp-import, and push it unless told not to."""
    from ghp_import import GhpError, ghp_import

    strict_publish(settings_file, output)
    settings = site_settings(settings_file)
    remote, branch = settings["GITHUB_PAGES_REMOTE"], settings["GITHUB_PAGES_BRANCH"]
    try:
        ghp_import(str(ROOT / output), mesg=message, branch=branch, remote=remote, push=push, nojekyll=True)
    except GhpError as error:
        raise Stop(f"ghp-import failed: {error}") from None
    print(f"Committed {output}/ to {branch}" + (f" and pushed it to {remote}." if push else " (not pushed)."))
