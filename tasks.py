"""Tasks for building, serving, testing and publishing the blog (run `invoke --list`).

Each task only wraps a function of `tools/` (the command-line side), `benchmarks/`
or `tests/`; those say what the command does and print what it says. A command that
cannot go on raises `tools.Stop`, which ends the task with its message and exit
status, never a traceback.
"""

from __future__ import annotations

import functools
import shlex
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
    "cache_path": "cache",
    "content_path": "content",
    "theme_path": "theme",
    "host": "127.0.0.1",
    "port": 8000,
}
# What livereload watches (relative to the project): a change to any rebuilds the site. The Python
# files at the top are the settings and the helper modules they may import: a change to one starts
# a new build process (tools/site/live.settings_code), which imports them afresh.
WATCHED = [
    "*.py",
    f"{CONFIG['content_path']}/**/*",
    f"{CONFIG['theme_path']}/templates/**/*.html",
    f"{CONFIG['theme_path']}/static/**/*",
    "plugins/**/*.py",
]
SERVING = {"port": "port to listen on (default 8000)", "host": "address to bind (default 127.0.0.1)"}


def command(**options):
    """`@task(**options)`, with the command's tools.Stop ending in its message and exit status."""

    def wrap(body):
        @functools.wraps(body)
        def run(c, *args, **kwargs):
            from tools import Stop

            try:
                return body(c, *args, **kwargs)
            except Stop as stopped:
                raise Exit(stopped.message or None, code=stopped.code) from None

        return task(**options)(run)

    return wrap


def settings(settings_file: str = CONFIG["settings_base"]):
    """The project's settings (development by default), as Pelican reads them."""
    from tools.site.build import site_settings

    return site_settings(settings_file)


@command()
def clean(c):
    """Remove the generated site (output/) and Pelican's cache."""
    from tools.site.build import clean as remove

    remove(CONFIG["deploy_path"], CONFIG["cache_path"])


@command()
def build(c):
    """Build the site for development into output/ (only what changed) and its search index; fails if a post is out."""
    from tools.site.build import build as build_site

    build_site(CONFIG["settings_base"], CONFIG["deploy_path"])


@command(pre=[clean])
def rebuild(c):
    """Remove the generated site and the cache, then build everything again."""
    build(c)


@command(help=SERVING)
def serve(c, port=CONFIG["port"], host=CONFIG["host"]):
    """Serve output/ at http://127.0.0.1:8000 as GitHub Pages would (build first)."""
    from tools.site.build import serve as serve_folder

    serve_folder(CONFIG["settings_base"], CONFIG["deploy_path"], host, int(port))


@command(help=SERVING)
def livereload(c, port=CONFIG["port"], host=CONFIG["host"]):
    """Build, serve, and rebuild (only what changed, in a warm process) and refresh the browser on every change."""
    from tools.site.live import livereload as serve_and_rebuild

    serve_and_rebuild(CONFIG["settings_base"], CONFIG["deploy_path"], WATCHED, host, int(port))


@command(
    help={
        "serve": "then serve it at http://127.0.0.1:8000/, built for that address, to browse it",
        "port": "port to serve on with --serve (default 8000; 0: any free port)",
        "host": "address to bind with --serve (default 127.0.0.1)",
    }
)
def preview(c, serve=False, port=CONFIG["port"], host=CONFIG["host"]):
    """Build with the production settings into output/, drafts marked, and its search index (--serve: browse it)."""
    from tools.site.build import preview as build_preview

    build_preview(CONFIG["settings_publish"], CONFIG["deploy_path"], serve, host, int(port))


@command()
def check(c):
    """Check every post, page, bio and credit (metadata, authors, images, links) without building."""
    from tools.site.writing import check as check_posts

    check_posts(CONFIG["settings_base"], CONFIG["settings_publish"])


@command(
    help={
        "title": "the post's title, in quotes",
        "author": "the author's name, as in their bio (default: the only author, if there is one)",
        "tags": 'tags separated by commas, e.g. "job search, interviews"',
        "image": "the lead image, e.g. images/photo.jpg (give it a .credit file)",
    }
)
def new_post(c, title, author="", tags="", image=""):
    """Start a new draft post in content/ with every metadata field."""
    from tools.site.writing import new_post as start_post

    start_post(CONFIG["settings_base"], title, author, tags, image)


@command(help={"name": "the author's name, as posts will give it in 'Author:'"})
def new_author(c, name):
    """Start a new author bio in content/authors/."""
    from tools.site.writing import new_author as start_bio

    start_bio(CONFIG["settings_base"], name)


@command()
def publish(c):
    """Build strictly with publishconf.py: any error (credit, alt, bio, link...) stops it, after the whole list."""
    from tools.site.publish import strict_publish

    strict_publish(CONFIG["settings_publish"], CONFIG["deploy_path"])


@command(
    help={
        "push": "push the branch to the remote (default); --no-push stops after the commit",
        "message": "commit message on the pages branch",
    }
)
def gh_pages(c, push=True, message="Publish the site"):
    """Build strictly, commit output/ to the gh-pages branch with ghp-import, and push it."""
    from tools.site.publish import gh_pages as publish_branch

    publish_branch(CONFIG["settings_publish"], CONFIG["deploy_path"], push, message)


# The suite runs on every core (pytest-xdist, tests/prerequisites.parallel_arguments); "-n 0"
# among the arguments runs it in one process.
@command(help={"args": 'extra arguments for pytest, e.g. "-k credit -x" (add "-n 0" to run in one process)'})
def test(c, args=""):
    """Run the whole test suite, first installing what it needs (Chromium, Java, axe-core) if missing."""
    from tests.chromium import ChromiumMissing, ensure_chromium
    from tests.prerequisites import PrerequisiteMissing, ensure_axe, ensure_java, parallel_arguments

    try:
        browser = ensure_chromium()
        ensure_java()
        ensure_axe()
    except (ChromiumMissing, PrerequisiteMissing) as error:
        raise Exit(str(error), code=1) from error
    print(f"Browser tests use {browser}")
    command_line = f"{shlex.quote(sys.executable)} -m pytest {parallel_arguments()} {args}"
    result = c.run(command_line, env={"CHROMIUM_PATH": browser}, warn=True)
    if result.exited:
        raise Exit(code=result.exited)


@command(
    help={
        "articles": "number of synthetic posts (default 1000)",
        "comments_per_article": "comments per post, a third of them replies (default 10)",
        "runs": "timed runs of each build, taken in turns (default 5)",
        "pieces": "also measure what each speed-up saves, switching them off one at a time",
        "quick": "a quick check: 200 posts, 2 runs",
    }
)
def bench(c, *, articles=1000, comments_per_article=10, runs=5, pieces=False, quick=False):
    """Time our cold builds and rebuilds beside vanilla Pelican on a synthetic site, against the goals."""
    from benchmarks.run import main

    if quick:
        articles, runs = 200, 2
    main(int(articles), int(comments_per_article), int(runs), with_pieces=pieces)


@command()
def audit(c):
    """Score the production build's home, article, tag and search pages with Lighthouse (100 is the goal)."""
    from tools.site.audit import audit as run_audit
    from tools.site.audit import report

    report(run_audit(CONFIG["settings_publish"]))


@command(
    name="import-wordpress",
    help={
        "export": "the WordPress export (WXR) file, from Tools > Export",
        "uploads": "a local copy of wp-content/uploads: images and linked files (PDF, MP3...) are copied from it",
        "force": "also overwrite files an earlier import wrote and you edited since (never one it did not write)",
    },
)
def import_wordpress(c, export, uploads="", force=False):
    """Move a WordPress blog over: posts, pages, authors, images, credits and comments."""
    from tools.wordpress.command import import_wordpress as migrate

    migrate(CONFIG["settings_base"], ROOT, export, uploads, force)


# --- Comments: import and moderation (tools/comments/commands.py does the work) ----


def comment_command(run):
    """Call run(settings, project folder, console) on this site; its CommandError ends the task in one line."""
    from rich.console import Console

    from tools.comments.commands import CommandError
    from tools.comments.terminal import shown
    from tools.site.build import stopping_on_termination

    stopped = "Stopped: every comment file written is whole; run the command again to finish."
    try:
        with stopping_on_termination():  # SIGTERM and SIGHUP stop it as Ctrl-C does, saying so
            return run(settings(), ROOT, Console())
    except CommandError as error:
        raise Exit(shown(error), code=error.code) from None
    except KeyboardInterrupt:
        raise Exit(stopped, code=130) from None
    except SystemExit as ended:
        if ended.code not in (129, 143):  # 128 + SIGHUP, 128 + SIGTERM
            raise
        raise Exit(stopped, code=ended.code) from None


@command(
    name="import",
    help={
        "path": "the export downloaded from the form service (JSON, CSV or WordPress XML)",
        "format": "skip detection: formspree-json, formspree-csv, netlify-json, netlify-csv, google-csv, csv or wxr",
    },
)
def comments_import(c, path, format=None):
    """Import comments from a form service's export: approved ones to the store, the rest to the queue."""
    from tools.comments.commands import run_import

    comment_command(lambda site, root, out: run_import(path, format, site, root, out))


@command(
    name="fetch",
    help={
        "count": "only say how many new submissions wait, and on which articles; import nothing",
        "json": "with --count: print it as JSON (what the notice workflow reads)",
    },
)
def comments_fetch(c, count=False, json_=False):
    """Import the new comments from the form service's API (Formspree or Netlify), as comments.import does."""
    from tools.comments.commands import run_fetch

    comment_command(lambda site, root, out: run_fetch(site, root, out, count=count, as_json=json_))


@command(
    name="list",
    help={
        "status": "only comments with this status: pending, approved, spam or rejected",
        "article": "only comments on the article with this slug",
        "json": "print a JSON list instead of a table",
    },
)
def comments_list(c, status="", article="", json_=False):
    """List the comments of the store and the moderation queue (the queue with --status pending)."""
    from tools.comments.commands import run_list

    comment_command(lambda site, root, out: run_list(site, root, out, status=status, article=article, as_json=json_))


def moderate(ids: str, status: str) -> None:
    """Give the comments with these ids a status; unknown ids change nothing."""
    from tools.comments.commands import prompt_ask, run_moderate

    comment_command(lambda site, root, out: run_moderate(ids, status, site, root, out, ask=prompt_ask(out)))


@command(name="approve", help={"ids": "comment ids, separated by commas"})
def comments_approve(c, ids):
    """Approve comments: they move to content/comments/ and appear on the site at the next build."""
    moderate(ids, "approved")


@command(name="reject", help={"ids": "comment ids, separated by commas"})
def comments_reject(c, ids):
    """Reject comments: kept in the queue (never committed), their id in refused.txt."""
    moderate(ids, "rejected")


@command(name="spam", help={"ids": "comment ids, separated by commas"})
def comments_spam(c, ids):
    """Mark comments as spam: kept in the queue (never committed), their id in refused.txt."""
    moderate(ids, "spam")


@command(name="review")
def comments_review(c):
    """Walk the pending queue: approve, reject, mark as spam or skip each comment."""
    from tools.comments.commands import prompt_ask, run_review

    comment_command(lambda site, root, out: run_review(site, root, out, prompt_ask(out)))


@command(name="check")
def comments_check(c):
    """Name every comment file (and fetched.json, refused.txt) that cannot be read, placed or shown, and why."""
    from tools.comments.commands import run_check

    if comment_command(run_check):
        raise Exit(code=1)


comments_tasks = Collection("comments")
for comment_task in (
    comments_import,
    comments_fetch,
    comments_list,
    comments_approve,
    comments_reject,
    comments_spam,
    comments_review,
    comments_check,
):
    comments_tasks.add_task(comment_task)

ns = Collection(
    clean,
    build,
    rebuild,
    serve,
    livereload,
    preview,
    publish,
    gh_pages,
    check,
    new_post,
    new_author,
    import_wordpress,
    bench,
    audit,
    test,
)
ns.add_collection(comments_tasks)
