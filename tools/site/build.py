"""Building the site from the command line: the project's settings, one build with its messages, cleaning, serving."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from tools import Stop

ROOT = Path(__file__).resolve().parents[2]


def site_settings(settings_file: str, **overrides):
    """The settings of this project (pelicanconf.py or publishconf.py), as Pelican reads them."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / settings_file), override=overrides)


def run_build(settings_file: str, output: str, **overrides) -> None:
    """Build with Pelican in this process; Stop with one clear line on failure, never a traceback.

    Each build reports its own warnings, however many builds this process has run
    (livereload's warm process runs one per change).
    """
    from pelican import Pelican  # keeps `invoke --list` fast
    from pelican.log import console
    from pelican.log import init as init_logging
    from publishing.strict import fresh_warnings

    fresh_warnings()
    init_logging(level=logging.WARNING)
    try:
        settings = site_settings(settings_file, OUTPUT_PATH=str(ROOT / output), **overrides)
        with console.status("Building..."):
            Pelican(settings).run()
    except Exception as error:
        raise Stop(f"The build stopped: {error}\n(the problems listed above say which file to fix)") from None


def clean(*folders: str) -> None:
    """Remove these folders of the project (the output, the cache), if they exist."""
    for folder in folders:
        if (ROOT / folder).is_dir():
            shutil.rmtree(ROOT / folder)


def serve(folder: str, host: str, port: int) -> None:
    """Serve a folder of the project over HTTP until Ctrl-C."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class ReusableServer(RootedHTTPServer):
        allow_reuse_address = True

    server = ReusableServer(str(ROOT / folder), (host, int(port)), ComplexHTTPRequestHandler)
    print(f"Serving {folder}/ at http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()
