"""Publishing: a strict production build, and the gh-pages branch."""

from __future__ import annotations

from tools import Stop

from .build import ROOT, run_build, site_settings


def strict_publish(settings_file: str, output: str) -> None:
    """Build with the production settings; Stop, after listing every problem, if there is any error."""
    from writing import report

    handler, left_out = run_build(settings_file, output, strict=True)
    if handler.errors:
        raise Stop(
            f"Not published: {report.summary(handler, left_out)}\n"
            "Fix the errors listed above (each names its file and line; `invoke check` lists the content ones)."
        )
    noted = f" ({report.summary(handler).rstrip('.')}: see above)" if handler.warnings else ""
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
