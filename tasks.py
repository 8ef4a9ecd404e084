"""Tasks for building, serving, testing and publishing the blog (run `invoke --list`)."""

from __future__ import annotations

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


def site_settings(settings_file: str = CONFIG["settings_base"], **overrides):
    """The settings of this project (development by default), as Pelican reads them."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / settings_file), override=overrides)


def pelican_run(settings_file: str, *, strict: bool = False, **overrides):
    """Build with Pelican in this process, each problem on one line; return the log handler and what was left out.

    A failure of the build itself ends in one clear line, never a traceback.
    """
    from pelican import Pelican  # keeps `invoke --list` fast
    from publishing.strict import fresh_warnings
    from writing import report

    fresh_warnings()  # livereload builds many times in one process
    handler = report.setup_logging(strict=strict)
    report.current.begin(ROOT / CONFIG["content_path"], [])
    try:
        settings = site_settings(settings_file, OUTPUT_PATH=str(ROOT / CONFIG["deploy_path"]), **overrides)
        Pelican(settings).run()
    except Exception as error:
        raise Exit(f"The build stopped: {error}\n(the problems listed above say which file to fix)", code=1) from None
    return handler, list(report.current.left_out)


def build_summary(handler, left_out) -> None:
    """After a build with problems or scheduled posts: their count, and which posts or pages the site is missing."""
    from writing import report

    if handler.errors or handler.warnings or handler.notes or left_out:
        print(report.summary(handler, left_out), file=sys.stderr)


def search_index(settings_file: str) -> None:
    """Write the search index of the site just built (Pagefind, after Pelican); stop with the reason if it fails."""
    from search import SearchIndexError, index_folder, index_site

    folder = index_folder(site_settings(settings_file))
    try:
        made = index_site(ROOT / CONFIG["deploy_path"], folder)
    except SearchIndexError as error:
        raise Exit(f"The site is built, but its search index is not: {error}", code=1) from None
    say_index(made)


def say_index(made) -> None:
    """One line on the search index just written."""
    print(f"Search index: {made.pages} pages, {made.bytes / 1024 / 1024:.1f} MB, in {made.seconds:.1f} s")


@task
def clean(c):
    """Remove the generated site (output/) and Pelican's cache."""
    for path in (CONFIG["deploy_path"], "cache"):
        if os.path.isdir(path):
            shutil.rmtree(path)


@task
def build(c):
    """Build the site for development into output/, and its search index; fails if a post or page was left out."""
    handler, left_out = pelican_run(CONFIG["settings_base"])
    build_summary(handler, left_out)
    search_index(CONFIG["settings_base"])
    if left_out:
        raise Exit(code=1)


@task(pre=[clean])
def rebuild(c):
    """Remove the generated site, then build it again."""
    build(c)


def serve_site(server, what: str) -> None:
    """Serve until Ctrl-C."""
    from tools.serve import address

    print(f"Serving {what} at {address(server)} (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@task(help={"port": "port to listen on (default 8000)", "host": "address to bind (default 127.0.0.1)"})
def serve(c, port=CONFIG["port"], host=CONFIG["host"]):
    """Serve output/ at http://127.0.0.1:8000 as GitHub Pages would (build first)."""
    from tools.serve import make_server

    receiver = comment_receiver()
    serve_site(make_server(ROOT / CONFIG["deploy_path"], host, port, receiver), f"{CONFIG['deploy_path']}/")


def comment_receiver():
    """The local receiver of the comment form when the development build posts to it (no service set), else None."""
    from tools.comments.receiver import EXPORT, site_receiver

    receiver = site_receiver(site_settings(), ROOT)
    if receiver is not None:
        print(f"Comments posted from the site's pages go to {EXPORT.as_posix()} (no form service is set)", flush=True)
    return receiver


def snapshot(patterns) -> dict[str, float]:
    """Modification times of the files matching the watched patterns."""
    return {str(p): p.stat().st_mtime for pattern in patterns for p in ROOT.glob(pattern) if p.is_file()}


def changed(before: dict[str, float], after: dict[str, float]) -> list[str]:
    """Files added, removed or modified between two snapshots."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


@task(help={"port": "port to listen on (default 8000)", "host": "address to bind (default 127.0.0.1)"})
def livereload(c, port=CONFIG["port"], host=CONFIG["host"]):
    """Build, serve, and rebuild (with the content cache) and refresh the browser on every change."""
    import time

    from search import BackgroundIndexing, index_folder

    from tools.serve import livereload_handler, livereload_server

    watched = [
        CONFIG["settings_base"],
        f"{CONFIG['content_path']}/**/*",
        f"{CONFIG['theme_path']}/templates/**/*.html",
        f"{CONFIG['theme_path']}/static/**/*",
        "plugins/**/*.py",
    ]
    state = {"files": snapshot(watched)}
    # The search index is written in the background after each build, so a rebuild is not slowed:
    # the page refreshes at once, and search finds the change a few seconds later.
    indexing = BackgroundIndexing(
        ROOT / CONFIG["deploy_path"], index_folder(site_settings(CONFIG["settings_base"])), print
    )

    def cached_build():
        now = snapshot(watched)
        what = changed(state["files"], now)
        state["files"] = now
        started = time.perf_counter()
        indexing.stop()  # it would index pages as they are rewritten
        try:
            build_summary(*pelican_run(CONFIG["settings_base"], CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True))
        except Exit as stopped:  # keep serving: the writer fixes the file and saves again
            print(stopped.message, file=sys.stderr)
        else:
            indexing.restart()
        names = ", ".join(os.path.relpath(p, ROOT) for p in what[:5]) + (" ..." if len(what) > 5 else "")
        print(f"Rebuilt in {time.perf_counter() - started:.2f} s" + (f" after changes to {names}" if what else ""))

    cached_build()
    server = livereload_server(comment_receiver(), host)
    server.SFH = livereload_handler(ROOT / CONFIG["deploy_path"])  # a missing page gets the site's 404.html
    for pattern in watched:
        server.watch(pattern, cached_build)
    try:
        server.serve(host=host, port=int(port), root=CONFIG["deploy_path"])
    finally:  # Ctrl-C: an indexing run is stopped, and leaves no folder behind
        indexing.stop()


@task(
    help={
        "serve": "then serve it at http://127.0.0.1:8000/, built for that address, to browse it",
        "port": "port to serve on with --serve (default 8000; 0: any free port)",
        "host": "address to bind with --serve (default 127.0.0.1)",
    }
)
def preview(c, serve=False, port=CONFIG["port"], host=CONFIG["host"]):
    """Build with the production settings into output/, drafts marked, and its search index (--serve: browse it)."""
    drafts = {"DRAFT_SAVE_AS": "drafts/{slug}/index.html", "SHOW_DRAFTS": True}
    if not serve:
        build_summary(*pelican_run(CONFIG["settings_publish"], **drafts))
        search_index(CONFIG["settings_publish"])
        return
    from tools.serve import address, make_server

    server = make_server(ROOT / CONFIG["deploy_path"], host, port)  # first: port 0 becomes a real port
    siteurl = address(server).rstrip("/")
    try:
        build_summary(*pelican_run(CONFIG["settings_publish"], SITEURL=siteurl, FEED_DOMAIN=siteurl, **drafts))
        search_index(CONFIG["settings_publish"])
    except Exit:
        server.server_close()
        raise
    serve_site(server, "the production build")


def content_problems(settings_file: str):
    """Every problem `invoke check` finds, with the content of these settings: the checks' and the comment files'."""
    from comments import store_problems
    from writing import check_site
    from writing.problems import NOTE, Problem, display

    settings = site_settings(settings_file)
    # Notes: a comment file is the moderator's to fix (`invoke comments.check`), and never stops a publish.
    comments = [Problem(display(path), line, message, NOTE) for path, line, message in store_problems(settings)]
    return sorted(check_site(settings) + comments, key=lambda p: (p.path, p.line))


@task
def check(c):
    """Check every post, page, bio and credit (metadata, authors, images, links) without building."""
    from writing import report

    handler = report.LineHandler(sys.stdout)
    for problem in content_problems(CONFIG["settings_base"]):
        handler.show(problem)
    print(report.summary(handler))
    if handler.errors:
        raise Exit(code=1)


def new_file(path: Path, text: str, what: str) -> None:
    """Write a new content file, never over an existing one."""
    if path.exists():
        raise Exit(f"Not written: {path.relative_to(ROOT)} already exists. Open it, or choose another title.", code=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Created {what}: {path.relative_to(ROOT)}")


@task(
    help={
        "title": "the post's title, in quotes",
        "author": "the author's name, as in their bio (default: the only author, if there is one)",
        "tags": 'tags separated by commas, e.g. "job search, interviews"',
        "image": "the lead image, e.g. images/photo.jpg (give it a .credit file)",
    }
)
def new_post(c, title, author="", tags="", image=""):
    """Start a new draft post in content/ with every metadata field."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from writing import site_slugify
    from writing.bios import bio_index
    from writing.newfiles import post_text
    from writing.problems import closest

    settings = site_settings()
    content = Path(settings["PATH"])
    known = bio_index(content / settings.get("AUTHOR_BIOS_PATH", "authors"))
    if not author:
        author = next(iter(known.values())) if len(known) == 1 else ""
    elif author.casefold() in known:
        author = known[author.casefold()]  # as the bio spells it
    else:
        guess = closest(author, known.values())
        print(
            f"warning: no author is called {author!r}"
            + (f" (did you mean {guess!r}?)" if guess else "")
            + f". Known authors: {', '.join(sorted(known.values())) or 'none yet'}."
            + f' Fix the Author line, or add a bio with `invoke new-author "{author}"`.',
            file=sys.stderr,
        )
    slug = site_slugify(settings)(title)
    if not slug:
        raise Exit("Give the post a title with letters or digits in it.", code=2)
    now = datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    tag_list = [t.strip() for t in tags.split(",") if t.strip()]
    new_file(
        content / f"{slug}.md",
        post_text(title, slug=slug, date=now, author=author, tags=tag_list, image=image),
        "a draft post",
    )
    if not author or not tag_list:
        print("Fill in the Author and Tags lines before publishing (`invoke check` lists what is missing).")


@task(help={"name": "the author's name, as posts will give it in 'Author:'"})
def new_author(c, name):
    """Start a new author bio in content/authors/."""
    from writing import site_slugify
    from writing.newfiles import author_text

    settings = site_settings()
    folder = Path(settings["PATH"]) / settings.get("AUTHOR_BIOS_PATH", "authors")
    new_file(folder / f"{site_slugify(settings)(name)}.md", author_text(name), "an author bio")


def strict_publish_build() -> None:
    """Build with the production settings, then the search index; stop, listing every problem, on any error."""
    from search import index_and_check
    from writing import report

    handler, left_out = pelican_run(CONFIG["settings_publish"], strict=True)
    if handler.errors:
        raise Exit(
            f"Not published: {report.summary(handler, left_out)}\n"
            "Fix the errors listed above (each names its file and line; `invoke check` lists the content ones).",
            code=1,
        )
    # The search index is written after Pelican's build; then the links into it are checked.
    made, problems = index_and_check(ROOT / CONFIG["deploy_path"], site_settings(CONFIG["settings_publish"]))
    if problems:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise Exit(f"Not published: the search index has {len(problems)} problem(s):\n{listing}", code=1)
    say_index(made)
    noted = f" ({report.summary(handler).rstrip('.')}: see above)" if handler.warnings or handler.notes else ""
    print(f"Production build has no error: {CONFIG['deploy_path']}/ is ready to publish{noted}.")


@task
def publish(c):
    """Build strictly with publishconf.py: any error (credit, alt, bio, link...) stops it, after the whole list."""
    strict_publish_build()


@task(
    help={
        "push": "push the branch to the remote (default); --no-push stops after the commit",
        "message": "commit message on the pages branch",
    }
)
def gh_pages(c, push=True, message="Publish the site"):
    """Build strictly, commit output/ to the gh-pages branch with ghp-import, and push it."""
    from ghp_import import GhpError, ghp_import

    strict_publish_build()
    settings = site_settings(CONFIG["settings_publish"])
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
    """Run the whole test suite, first installing what it needs (Chromium, Java, axe-core) if missing."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from tests.chromium import ChromiumMissing, ensure_chromium
    from tests.prerequisites import PrerequisiteMissing, ensure_axe, ensure_java

    try:
        browser = ensure_chromium()
        ensure_java()
        ensure_axe()
    except (ChromiumMissing, PrerequisiteMissing) as error:
        raise Exit(str(error), code=1) from error
    print(f"Browser tests use {browser}")
    command = f"{shlex.quote(sys.executable)} -m pytest {args}"
    result = c.run(command, env={"CHROMIUM_PATH": browser}, warn=True, pty=False)
    if result.exited:
        raise Exit(code=result.exited)


# --- Comments: import and moderation (tools/comments/commands.py does the work) ----


def console():
    """A rich console for tables and prompts."""
    from rich.console import Console

    return Console()


def comment_command(run):
    """Call run(settings, project folder, console) on this site; its CommandError ends the task in one line."""
    from tools.comments.commands import CommandError
    from tools.comments.terminal import shown

    try:
        return run(site_settings(), ROOT, console())
    except CommandError as error:
        raise Exit(shown(error), code=error.code) from None


@task(
    name="import",
    help={
        "path": "the export downloaded from the form service (JSON, CSV or WordPress XML)",
        "format": "skip detection: formspree-json, formspree-csv, netlify-json, netlify-csv, google-csv, csv or wxr",
    },
)
def comments_import(c, path, format=None):
    """Import comments from a form service's export: approved ones to the store, the rest to the queue."""
    from tools.comments.commands import run_import

    comment_command(lambda settings, root, out: run_import(path, format, settings, root, out))


@task(
    name="fetch",
    help={
        "count": "only say how many new submissions wait, and on which articles; import nothing",
        "json": "with --count: print it as JSON (what the notice workflow reads)",
    },
)
def comments_fetch(c, count=False, json_=False):
    """Import the new comments from the form service's API (Formspree or Netlify), as comments.import does."""
    from tools.comments.commands import run_fetch

    comment_command(lambda settings, root, out: run_fetch(settings, root, out, count=count, as_json=json_))


@task(
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

    comment_command(
        lambda settings, root, out: run_list(settings, root, out, status=status, article=article, as_json=json_)
    )


def moderate(ids: str, status: str) -> None:
    """Give the comments with these ids a status; unknown ids change nothing."""
    from tools.comments.commands import prompt_ask, run_moderate

    comment_command(lambda settings, root, out: run_moderate(ids, status, settings, root, out, ask=prompt_ask(out)))


@task(name="approve", help={"ids": "comment ids, separated by commas"})
def comments_approve(c, ids):
    """Approve comments: they move to content/comments/ and appear on the site at the next build."""
    moderate(ids, "approved")


@task(name="reject", help={"ids": "comment ids, separated by commas"})
def comments_reject(c, ids):
    """Reject comments: kept in the queue (never committed), their id in refused.txt."""
    moderate(ids, "rejected")


@task(name="spam", help={"ids": "comment ids, separated by commas"})
def comments_spam(c, ids):
    """Mark comments as spam: kept in the queue (never committed), their id in refused.txt."""
    moderate(ids, "spam")


@task(name="review")
def comments_review(c):
    """Walk the pending queue: approve, reject, mark as spam or skip each comment."""
    from tools.comments.commands import prompt_ask, run_review

    comment_command(lambda settings, root, out: run_review(settings, root, out, prompt_ask(out)))


@task(name="check")
def comments_check(c):
    """Name every comment file that cannot be read, placed or shown, and why (non-zero exit if any)."""
    from tools.comments.commands import run_check

    if comment_command(run_check):
        raise Exit(code=1)


@task(
    name="import-wordpress",
    help={
        "export": "the WordPress export (WXR) file, from Tools > Export",
        "uploads": "a local copy of wp-content/uploads: images are copied from it instead of linked",
        "force": "overwrite files that already exist in content/",
    },
)
def import_wordpress(c, export, uploads="", force=False):
    """Move a WordPress blog over: posts, pages, authors, images, credits and comments."""
    from comments.settings import comment_settings
    from rich.table import Table

    from tools.comments.importer import SaltError
    from tools.comments.queue import PlaceError
    from tools.comments.report import import_table
    from tools.comments.terminal import as_text
    from tools.wordpress.report import report_lines
    from tools.wordpress.run import UploadsError, printable
    from tools.wordpress.run import import_wordpress as migrate
    from tools.wordpress.wxr import WxrError

    try:
        settings = site_settings()
    except ValueError as error:  # Pelican's own check of the settings, e.g. no content folder
        raise Exit(f"Nothing imported: the site's settings are wrong: {error}", code=1) from None
    salt = ROOT / comment_settings(settings)["COMMENTS_EMAIL_SALT_FILE"]
    try:
        report = migrate(
            Path(export), settings, salt_file=salt, uploads=Path(uploads) if uploads else None, force=force
        )
    except WxrError as error:
        raise Exit(f"Nothing imported: {export} {printable(error)}", code=1) from None
    except UploadsError as error:
        raise Exit(f"Nothing imported: --uploads {uploads}: {printable(error)}", code=1) from None
    except SaltError as error:  # checked before anything is written
        raise Exit(f"Nothing imported: {printable(str(error))}", code=1) from None
    except PlaceError as error:  # the comments' store or queue cannot be written
        raise Exit(f"The import stopped: {printable(str(error))} (run it again once fixed)", code=1) from None
    except OSError as error:  # a read-only content folder, a full disk: what was written is whole
        message = (
            f"The import stopped: {printable(error)} (run it again once fixed: the files written are whole and kept)"
        )
        raise Exit(message, code=1) from None
    out = console()
    # Everything from the export reaches the terminal as text, never as Rich markup or escapes (as_text, printable).
    out.print(f"WordPress import of {printable(export)}", markup=False, highlight=False, soft_wrap=True)
    summary = Table()
    summary.add_column("what")
    summary.add_column("count", justify="right")
    counts = report.plan.counts
    for label, value in (
        ("posts", counts["posts"]),
        ("pages", counts["pages"]),
        ("of which drafts", counts["drafts"]),
        ("tags", sum(1 for key in counts if key.startswith("tag:"))),
        ("comments in the export", counts["comments"]),
        ("files created", len(report.created)),
        ("files that exist already (kept; --force to overwrite)", len(report.existing)),
        *((f"skipped: {reason}", n) for reason, n in sorted(report.plan.skipped.items())),
    ):
        summary.add_row(as_text(label), str(value))
    out.print(summary)
    out.print(import_table(report.comments))
    content = os.path.relpath(settings["PATH"], ROOT)
    for text, style in report_lines(report, printable, content):
        # Unwrapped: a URL, a path or a post's line split by the terminal's width cannot be copied.
        out.print(text, style=style or None, markup=False, highlight=False, soft_wrap=True)


@task(
    help={
        "articles": "number of synthetic posts (default 1000)",
        "comments_per_article": "comments per post, a third of them replies (default 10)",
        "runs": "timed runs of each build, taken in turns (default 5)",
    }
)
def bench(c, articles=1000, comments_per_article=10, runs=5):
    """Time our build beside vanilla Pelican on a synthetic site (cold, warm, comments scaling)."""
    from benchmarks.run import main

    main(int(articles), int(comments_per_article), int(runs))


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
    test,
)
ns.add_collection(comments_tasks)
