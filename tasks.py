"""Tasks for building, serving, testing and publishing the blog (run `invoke --list`)."""

from __future__ import annotations

import os
import shlex
import shutil
import sys

from invoke import Exit, task

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
