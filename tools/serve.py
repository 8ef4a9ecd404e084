"""Serve a built site on this computer as GitHub Pages serves it.

A missing page gets the site's own `404.html` with status 404 (not an empty
reply), `/about` finds `about.html` or `about/index.html`, and a folder without
its trailing slash is redirected to it. Used by `invoke serve` and `invoke
preview --serve`; `livereload_handler` gives livereload's server the same 404.
"""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

NOT_FOUND = "404.html"


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of a built site, with its 404 page for what is missing."""

    def translate_path(self, path: str) -> str:
        """`/about` is `about.html` when there is no such file or folder, as on GitHub Pages."""
        translated = super().translate_path(path)
        target = Path(translated)
        if not target.exists() and target.suffix == "" and target.with_name(target.name + ".html").is_file():
            return str(target.with_name(target.name + ".html"))
        return translated

    def send_error(self, code, message=None, explain=None):
        """A 404 answers with the site's 404.html (status 404); other errors as usual."""
        page = Path(self.directory) / NOT_FOUND
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer(http.server.ThreadingHTTPServer):
    """A threaded server that can take its port again right after a restart."""

    allow_reuse_address = True
    daemon_threads = True


def make_server(root: Path | str, host: str = "127.0.0.1", port: int = 8000) -> SiteServer:
    """A server for the site in `root` (port 0: any free port; see `server_address`)."""
    handler = functools.partial(SiteHandler, directory=str(root))
    return SiteServer((host, int(port)), handler)


def address(server: SiteServer) -> str:
    """The server's address, e.g. http://127.0.0.1:8000/."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


def livereload_handler(root: Path | str):
    """livereload's static file handler, answering a missing page with the site's 404.html."""
    from livereload.handlers import StaticFileHandler

    page = Path(root) / NOT_FOUND

    class NotFoundPage(StaticFileHandler):
        def write_error(self, status_code, **kwargs):
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(page.read_bytes())
            else:
                super().write_error(status_code, **kwargs)

    return NotFoundPage
