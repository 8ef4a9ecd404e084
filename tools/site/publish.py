"""Publishing: a strict production build, and the gh-pages branch."""

from __future__ import annotations

from tools import Stop

from .build import ROOT, site_settings
from .writing import content_problems


def strict_publish(settings_file: str, output: str) -> None:
    """Check the content, build with the production settings; Stop with the list of problems if any."""
    from publishing.strict import strict_build
    from writing.checks import ERROR

    errors = [str(p) for p in content_problems(settings_file) if p.severity == ERROR]
    if errors:
        listing = "\n".join(f"  - {problem}" for problem in errors)
        raise Stop(f"Not published: `invoke check` finds {len(errors)} error(s):\n{listing}")
    problems = strict_build(str(ROOT / settings_file), {"OUTPUT_PATH": str(ROOT / output)})
    if problems:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise Stop(f"Not published: the production build has {len(problems)} problem(s):\n{listing}")
    print(f"Production build is clean: {output}/ is ready to publish.")


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
