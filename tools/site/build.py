"""Building the site from the command line: the project's settings, one build and what it says, cleaning, serving."""

from __future__ import annotations

import shutil
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from tools import Stop

from .setting_checks import settings_problem

ROOT = Path(__file__).resolve().parents[2]


def site_settings(settings_file: str, **overrides):
    """The settings of this project (pelicanconf.py or publishconf.py), as Pelican reads them.

    Stop, naming the file and line, on a setting every command would trip over later with a
    traceback (setting_checks.py). SETTINGS_FILE is the file read, for the checks that name a
    setting's line during the build (the menu items: writing/menu.py).
    """
    from pelican.settings import read_settings

    path = str(ROOT / settings_file)
    settings = read_settings(path, override={"SETTINGS_FILE": path, **overrides})
    if problem := settings_problem(settings, ROOT, settings_file):
        raise Stop(problem)
    return settings


def run_build(settings_file: str, output: str, *, strict: bool = False, **overrides):
    """Build with Pelican in this process, each problem on one line; return the log handler and what was left out.

    Stop with one clear line when the build itself fails, never a traceback. Each build
    reports its own problems, however many builds this process has run (livereload's
    warm process runs one per change).
    """
    from pelican import Pelican  # keeps `invoke --list` fast
    from publishing.strict import fresh_warnings
    from writing import report

    fresh_warnings()
    handler = report.setup_logging(strict=strict)
    try:
        with stopping_on_termination():
            settings = site_settings(settings_file, OUTPUT_PATH=str(ROOT / output), **overrides)
            marker = other_kind_of_build(settings)
            report.current.begin(Path(settings["PATH"]), [])
            Pelican(settings).run()
            marker()
    except Stop:  # a setting's mistake, said with its file and line
        stop_what_the_build_started()
        raise
    except Exception as error:
        stop_what_the_build_started()  # a warm process may build again: nothing of this build left running
        raise Stop(f"The build stopped: {error}\n(the problems listed above say which file to fix)") from None
    except BaseException:  # Ctrl-C, or an exit: its helpers and their files go too
        stop_what_the_build_started()
        raise
    return handler, list(report.current.left_out)


@contextmanager
def stopping_on_termination():
    """SIGTERM and SIGHUP (`kill`, a closed terminal, a cancelled CI job) stop a build as Ctrl-C does.

    Python's default for them ends the process on the spot: the build's helpers and their files
    stayed, and the pages it had written were never recorded, so later builds kept them for good
    (an outside tester's finding). As an exit (status 128 + the signal's number) they go through
    `stop_what_the_build_started`. SIGKILL cannot be caught: a build killed so still leaves them.
    """

    def stop(number, _frame):
        raise SystemExit(128 + number)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            previous[number] = signal.signal(number, stop)
        except ValueError:  # not the main thread: the default stays
            continue
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def stop_what_the_build_started() -> None:
    """The build's helper processes stopped, and their files removed (build_speed)."""
    from build_speed import build_stopped

    build_stopped()


def other_kind_of_build(settings):
    """Empty the output first when a build that empties it (publish, preview) wrote it last; return what to do after.

    A development build keeps the output folder and removes only the pages it wrote
    itself and no longer makes (build_speed). The pages a production build wrote into
    the same folder (a post since deleted, its tag's page) would stay, served and
    indexed: so after such a build (a marker beside the output folder names it), the next
    build that keeps the output empties it once.
    """
    output = str(Path(settings["OUTPUT_PATH"]).resolve())
    # Beside the output folder, not in the cache: a cache deleted in between (`rm -rf cache`) kept the
    # production pages of deleted posts in the next development build (an outside tester's finding).
    marker = Path(output).parent / f".{Path(output).name}-of-a-production-build"
    if settings.get("DELETE_OUTPUT_DIRECTORY"):

        def remember() -> None:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(output + "\n", encoding="utf-8")

        return remember
    try:
        last = marker.read_text(encoding="utf-8").strip()
    except OSError:  # none: the usual case
        return lambda: None
    if last == output:
        settings["DELETE_OUTPUT_DIRECTORY"] = True
    return lambda: marker.unlink(missing_ok=True)


def build_summary(handler, left_out) -> None:
    """After a build with problems or scheduled posts: their count, and which posts or pages the site is missing."""
    from writing import report

    if handler.errors or handler.warnings or handler.notes or left_out:
        print(report.summary(handler, left_out), file=sys.stderr)


def search_index(settings_file: str, output: str) -> None:
    """Write the search index of the site just built (Pagefind, after Pelican); Stop with the reason if it fails."""
    from search import SearchIndexError, index_folder, index_site

    folder = index_folder(site_settings(settings_file))
    try:
        made = index_site(ROOT / output, folder)
    except SearchIndexError as error:
        raise Stop(f"The site is built, but its search index is not: {error}") from None
    say_index(made)


def say_index(made) -> None:
    """One line on the search index just written."""
    print(f"Search index: {made.pages} pages, {made.bytes / 1024 / 1024:.1f} MB, in {made.seconds:.1f} s")


def build(settings_file: str, output: str, **overrides) -> None:
    """Build, say what went wrong, write the search index; Stop when a post or page had to be left out."""
    handler, left_out = run_build(settings_file, output, **overrides)
    build_summary(handler, left_out)
    search_index(settings_file, output)
    if left_out:
        raise Stop("")


def clean(*folders: str) -> None:
    """Remove these folders of the project (the output, the cache), if they exist."""
    for folder in folders:
        if (ROOT / folder).is_dir():
            shutil.rmtree(ROOT / folder)


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


def comment_receiver(settings_file: str):
    """The local receiver of the comment form when the development build posts to it (no service set), else None."""
    from tools.comments.receiver import EXPORT, site_receiver

    receiver = site_receiver(site_settings(settings_file), ROOT)
    if receiver is not None:
        print(f"Comments posted from the site's pages go to {EXPORT.as_posix()} (no form service is set)", flush=True)
    return receiver


def serve(settings_file: str, folder: str, host: str, port: int) -> None:
    """Serve a folder of the project as GitHub Pages would, taking the comment form's posts, until Ctrl-C."""
    from tools.serve import make_server

    serve_site(make_server(ROOT / folder, host, port, comment_receiver(settings_file)), f"{folder}/")


def preview(settings_file: str, output: str, serve: bool, host: str, port: int) -> None:
    """Build with the production settings, drafts marked, and its search index (with `serve`: for host:port, served)."""
    drafts = {"DRAFT_SAVE_AS": "drafts/{slug}/index.html", "SHOW_DRAFTS": True}
    if not serve:
        build_summary(*run_build(settings_file, output, **drafts))
        search_index(settings_file, output)
        return
    from tools.serve import address, make_server

    server = make_server(ROOT / output, host, port)  # first: port 0 becomes a real port
    siteurl = address(server).rstrip("/")
    try:
        build_summary(*run_build(settings_file, output, SITEURL=siteurl, FEED_DOMAIN=siteurl, **drafts))
        search_index(settings_file, output)
    except Stop:
        server.server_close()
        raise
    serve_site(server, "the production build")
