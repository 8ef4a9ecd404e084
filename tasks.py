"""Tasks for building, serving, testing and publishing the blog (run `invoke --list`)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parent
# Our plugins are top-level packages in plugins/, as Pelican loads them.
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "deploy_path": "output",
    "content_path": "content",
    "theme_path": "theme",
    "host": "127.0.0.1",
    "port": 8000,
}


def pelican_run(arguments: str) -> None:
    """Run Pelican in this process (its exit code becomes the task's)."""
    import pelican  # noqa: PLC0415 (keeps `invoke --list` fast)
    from pelican.log import LimitFilter  # noqa: PLC0415

    # Pelican reports a warning once per process; livereload builds many times
    # in one process and each build must report its own problems.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    pelican.main(shlex.split(arguments))


@task
def clean(c):
    """Remove the generated site (output/) and Pelican's cache."""
    for path in (CONFIG["deploy_path"], "cache"):
        if os.path.isdir(path):
            shutil.rmtree(path)


@task
def build(c):
    """Build the site for development into output/."""
    pelican_run(f"-s {CONFIG['settings_base']} -o {CONFIG['deploy_path']}")


@task(pre=[clean])
def rebuild(c):
    """Remove the generated site, then build it again."""
    build(c)


@task(help={"port": "port to listen on (default 8000)", "host": "address to bind (default 127.0.0.1)"})
def serve(c, port=CONFIG["port"], host=CONFIG["host"]):
    """Serve output/ at http://127.0.0.1:8000 (build first)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer  # noqa: PLC0415

    class ReusableServer(RootedHTTPServer):
        allow_reuse_address = True

    server = ReusableServer(CONFIG["deploy_path"], (host, int(port)), ComplexHTTPRequestHandler)
    print(f"Serving {CONFIG['deploy_path']}/ at http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"port": "port to listen on (default 8000)", "host": "address to bind (default 127.0.0.1)"})
def livereload(c, port=CONFIG["port"], host=CONFIG["host"]):
    """Build, serve, and rebuild and refresh the browser whenever content or theme change."""
    from livereload import Server  # noqa: PLC0415

    def cached_build():
        pelican_run(
            f"-s {CONFIG['settings_base']} -o {CONFIG['deploy_path']} -e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true"
        )

    cached_build()
    server = Server()
    watched = [
        CONFIG["settings_base"],
        f"{CONFIG['content_path']}/**/*",
        f"{CONFIG['theme_path']}/templates/**/*.html",
        f"{CONFIG['theme_path']}/static/**/*",
        "plugins/**/*.py",
    ]
    for pattern in watched:
        server.watch(pattern, cached_build)
    server.serve(host=host, port=int(port), root=CONFIG["deploy_path"])


@task
def preview(c):
    """Build the site with the production settings (publishconf.py) into output/."""
    pelican_run(f"-s {CONFIG['settings_publish']} -o {CONFIG['deploy_path']}")


def strict_publish_build() -> None:
    """Build with the production settings; stop with the list of problems if any warning."""
    from publishing.strict import strict_build  # noqa: PLC0415

    problems = strict_build(str(ROOT / CONFIG["settings_publish"]), {"OUTPUT_PATH": str(ROOT / CONFIG["deploy_path"])})
    if problems:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise Exit(f"Not published: the production build has {len(problems)} problem(s):\n{listing}", code=1)
    print(f"Production build is clean: {CONFIG['deploy_path']}/ is ready to publish.")


@task
def publish(c):
    """Build strictly with publishconf.py: any warning (credit, alt, bio, link...) stops it."""
    strict_publish_build()


@task(
    help={
        "push": "push the branch to the remote (default); --no-push stops after the commit",
        "message": "commit message on the pages branch",
    }
)
def gh_pages(c, push=True, message="Publish the site"):
    """Build strictly, commit output/ to the gh-pages branch with ghp-import, and push it."""
    from ghp_import import GhpError, ghp_import  # noqa: PLC0415
    from pelican.settings import read_settings  # noqa: PLC0415

    strict_publish_build()
    settings = read_settings(str(ROOT / CONFIG["settings_publish"]))
    remote, branch = settings["GITHUB_PAGES_REMOTE"], settings["GITHUB_PAGES_BRANCH"]
    try:
        ghp_import(CONFIG["deploy_path"], mesg=message, branch=branch, remote=remote, push=push, nojekyll=True)
    except GhpError as error:
        raise Exit(f"ghp-import failed: {error}", code=1) from None
    print(
        f"Committed {CONFIG['deploy_path']}/ to {branch}"
        + (f" and pushed it to {remote}." if push else " (not pushed).")
    )


@task(help={"args": 'extra arguments for pytest, e.g. "-k credit -x"'})
def test(c, args=""):
    """Run the whole test suite, installing a headless Chromium first if none is found."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from tests.chromium import ChromiumMissing, ensure_chromium  # noqa: PLC0415

    try:
        browser = ensure_chromium()
    except ChromiumMissing as error:
        raise Exit(str(error), code=1) from error
    print(f"Browser tests use {browser}")
    command = f"{shlex.quote(sys.executable)} -m pytest {args}"
    result = c.run(command, env={"CHROMIUM_PATH": browser}, warn=True, pty=False)
    if result.exited:
        raise Exit(code=result.exited)


# --- Comments: import and moderation ---------------------------------------


def site_settings():
    """The development settings, as Pelican reads them."""
    from pelican.settings import read_settings  # noqa: PLC0415

    return read_settings(str(ROOT / CONFIG["settings_base"]))


def console():
    """A rich console for tables and prompts."""
    from rich.console import Console  # noqa: PLC0415

    return Console()


def load_comments(settings):
    """The comment store, with a warning for each file that cannot be read."""
    from comments.moderation import store_path  # noqa: PLC0415
    from comments.store import load_store  # noqa: PLC0415

    comments, errors = load_store(store_path(settings))
    for error in errors:
        console().print(f"[yellow]warning:[/] {error}", highlight=False)
    return comments


@task(
    name="import",
    help={
        "path": "the export downloaded from the form service (JSON, CSV or WordPress XML)",
        "format": "skip detection: formspree-json, formspree-csv, netlify-json, netlify-csv, google-csv, csv or wxr",
    },
)
def comments_import(c, path, format=None):
    """Import comments from a form service's export into the moderation queue."""
    from comments.importer import email_salt, import_export  # noqa: PLC0415
    from comments.model import ExportError  # noqa: PLC0415
    from comments.moderation import export_options, import_rules, store_path  # noqa: PLC0415
    from comments.report import import_table  # noqa: PLC0415
    from comments.settings import comment_settings  # noqa: PLC0415

    settings = site_settings()
    salt = email_salt(ROOT / comment_settings(settings)["COMMENTS_EMAIL_SALT_FILE"])
    try:
        report = import_export(
            Path(path),
            store_path(settings),
            rules=import_rules(settings),
            salt=salt,
            fmt=format,
            options=export_options(settings),
        )
    except ExportError as error:
        raise Exit(f"Nothing imported: {error}", code=1) from None
    console().print(import_table(report))


@task(
    name="list",
    help={
        "status": "only comments with this status: pending, approved, spam or rejected",
        "article": "only comments on the article with this slug",
        "json": "print a JSON list instead of a table",
    },
)
def comments_list(c, status="", article="", json_=False):
    """List stored comments (the moderation queue with --status pending)."""
    from comments.moderation import as_record, select  # noqa: PLC0415
    from comments.report import comments_table  # noqa: PLC0415

    try:
        chosen = select(load_comments(site_settings()).values(), status, article)
    except ValueError as error:
        raise Exit(str(error), code=2) from None
    if json_:
        print(json.dumps([as_record(comment) for comment in chosen], indent=2, ensure_ascii=False))
    else:
        console().print(comments_table(chosen))


def moderate(ids: str, status: str) -> None:
    """Give the comments with these ids a status; unknown ids change nothing."""
    from comments.moderation import parse_ids, store_path  # noqa: PLC0415
    from comments.store import set_status  # noqa: PLC0415

    settings = site_settings()
    chosen = parse_ids(ids)
    if not chosen:
        raise Exit("Give one or more comment ids, e.g. nf-5f3a1b2c,wp-12 (see `invoke comments.list`).", code=2)
    try:
        changed = set_status(store_path(settings), load_comments(settings), chosen, status)
    except KeyError as error:
        raise Exit(f"Nothing changed: no comment with id {error.args[0]}.", code=1) from None
    for comment in changed:
        print(f"{comment.id}: {status} ({comment.author} on {comment.article})")


@task(name="approve", help={"ids": "comment ids, separated by commas"})
def comments_approve(c, ids):
    """Approve comments: they appear on the site at the next build."""
    moderate(ids, "approved")


@task(name="reject", help={"ids": "comment ids, separated by commas"})
def comments_reject(c, ids):
    """Reject comments: kept in the store, never shown."""
    moderate(ids, "rejected")


@task(name="spam", help={"ids": "comment ids, separated by commas"})
def comments_spam(c, ids):
    """Mark comments as spam: kept in the store, never shown."""
    moderate(ids, "spam")


@task(name="review")
def comments_review(c):
    """Walk the pending queue: approve, reject, mark as spam or skip each comment."""
    from comments.moderation import pending_queue, store_path  # noqa: PLC0415
    from comments.report import comment_panel  # noqa: PLC0415
    from comments.store import set_status  # noqa: PLC0415
    from rich.prompt import Prompt  # noqa: PLC0415

    settings = site_settings()
    comments = load_comments(settings)
    queue = pending_queue(comments.values())
    out = console()
    if not queue:
        out.print("No comment awaits moderation.")
        return
    choices = {"a": "approved", "r": "rejected", "s": "spam"}
    decided = 0
    for number, comment in enumerate(queue, start=1):
        out.print(comment_panel(comment, number, len(queue)))
        answer = Prompt.ask(
            "[a]pprove, [r]eject, [s]pam, s[k]ip, [q]uit", choices=["a", "r", "s", "k", "q"], default="k", console=out
        )
        if answer == "q":
            break
        if answer in choices:
            set_status(store_path(settings), comments, [comment.id], choices[answer])
            decided += 1
            out.print(f"{comment.id}: {choices[answer]}")
    out.print(f"{decided} decided, {len(pending_queue(comments.values()))} still pending.")


comments_tasks = Collection("comments")
for comment_task in (comments_import, comments_list, comments_approve, comments_reject, comments_spam, comments_review):
    comments_tasks.add_task(comment_task)

ns = Collection(clean, build, rebuild, serve, livereload, preview, publish, gh_pages, test)
ns.add_collection(comments_tasks)
