"""Serve a built site on this computer as GitHub Pages serves it.

A missing page gets the site's own `404.html` with status 404 (not an empty
reply), `/about` finds `about.html` or `about/index.html`, and a folder without
its trailing slash is redirected to it. Used by `invoke serve` and `invoke
preview --serve`; `livereload_handler` gives livereload's server the same 404 and `/about`.

In development, the server also takes the comment form's POSTs: given a
`tools.comments.receiver.Receiver` (`make_server(..., receiver=...)`, or
`livereload_server(receiver, host)` for livereload), the POSTs to its path go to it;
every other POST is refused (405). These adapters only move bytes: the receiver
decides everything, and its body is read only once its headers are accepted.

Both servers tell the browser not to keep anything of the site they send: pages, errors
and the comment form's answers alike (`NOT_KEPT`; livereload's own script and socket are
the library's). A page sent with only a Last-Modified date is "fresh" to a browser for a
tenth of its age, so after a rebuild, following a link to a page last built an hour ago
would show the old page for six more minutes.
"""

from __future__ import annotations

import functools
import http.server
import re
from pathlib import Path

NOT_FOUND = "404.html"
READ_TIMEOUT = 15  # seconds a client may take to send its request: a stalled one never holds a thread for long
NOT_KEPT = ("Cache-Control", "no-store")  # not no-cache: a rebuild within the same second keeps Last-Modified


def as_on_github_pages(path: str) -> str:
    """`/about` is `about.html` when there is no such file or folder, as on GitHub Pages."""
    target = Path(path)
    try:
        if not target.exists() and target.suffix == "" and target.with_name(target.name + ".html").is_file():
            return str(target.with_name(target.name + ".html"))
    except (OSError, ValueError):  # a name too long for the disk, a NUL: no such file either way
        pass
    return path


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of a built site, with its 404 page for what is missing; the comment form's POSTs to `receiver`."""

    timeout = READ_TIMEOUT

    def __init__(self, *args, receiver=None, **kwargs):
        self.receiver = receiver  # before the base class handles the request, in its __init__
        super().__init__(*args, **kwargs)

    def end_headers(self):
        self.send_header(*NOT_KEPT)
        super().end_headers()

    def do_POST(self):
        """A comment form's submission, for the receiver; any other POST is refused."""
        if self.receiver is None or not self.receiver.handles(self.path):
            self.send_error(405, "Only the comment form's address takes a POST here")
            return
        answer = self.receiver.check_headers(self.headers, self.server.server_address[0])
        if answer is None:
            length = int(self.headers["Content-Length"])
            try:
                body = self.rfile.read(length)
            except OSError:  # a client too slow to send what it announced (READ_TIMEOUT)
                self.close_connection = True
                return
            if len(body) < length:
                self.close_connection = True
                return
            answer = self.receiver.receive(body)
        self.log_message("%s", answer.log)
        self.send_answer(answer)

    def send_answer(self, answer) -> None:
        """Send the receiver's answer; the connection closes (a refused body may still be on its way)."""
        body = answer.body()
        self.send_response(answer.status)
        if answer.location:
            self.send_header("Location", answer.location)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def send_head(self):
        try:
            return super().send_head()
        except ValueError:  # a NUL in the address: http.server opens the path as it is
            self.send_error(404)
            return None

    def list_directory(self, path):
        """A folder without an index.html is not found, as on GitHub Pages (no listing of its files)."""
        self.send_error(404)

    def translate_path(self, path: str) -> str:
        return as_on_github_pages(super().translate_path(path))

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


def make_server(root: Path | str, host: str = "127.0.0.1", port: int = 8000, receiver=None) -> SiteServer:
    """A server for the site in `root` (port 0: any free port; see `server_address`), taking comments for `receiver`."""
    handler = functools.partial(SiteHandler, directory=str(root), receiver=receiver)
    return SiteServer((host, int(port)), handler)


def address(server: SiteServer) -> str:
    """The server's address, e.g. http://127.0.0.1:8000/."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


def livereload_handler(root: Path | str):
    """livereload's static file handler: the site's 404.html for a missing page, `/about` as `about.html`."""
    from livereload.handlers import StaticFileHandler
    from tornado import web

    page = Path(root) / NOT_FOUND

    class NotFoundPage(StaticFileHandler):
        def set_default_headers(self):  # every answer: tornado sets them again for an error or a redirect
            self.set_header(*NOT_KEPT)

        @classmethod
        def get_absolute_path(cls, root, path):
            return as_on_github_pages(super().get_absolute_path(root, path))

        def validate_absolute_path(self, root, absolute_path):
            if "\x00" in absolute_path:  # no file has one: not found, rather than a crash in os.stat
                raise web.HTTPError(404)
            return super().validate_absolute_path(root, absolute_path)

        def write_error(self, status_code, **kwargs):
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(page.read_bytes())
            else:
                super().write_error(status_code, **kwargs)

    return NotFoundPage


def livereload_server(receiver, host: str):
    """A livereload Server that also takes the comment form's POSTs for `receiver` (None: a plain one)."""
    from livereload import Server
    from tornado import web

    if receiver is None:
        return Server()

    @web.stream_request_body
    class ReceiverHandler(web.RequestHandler):
        def set_default_headers(self):
            self.set_header(*NOT_KEPT)

        def prepare(self):
            self.chunks: list[bytes] = []
            self.refused = receiver.check_headers(self.request.headers, host)
            if self.refused is not None:
                self.send_answer(self.refused)  # the body is never read
            else:
                self.request.connection.set_max_body_size(int(self.request.headers["Content-Length"]))

        def data_received(self, chunk):
            self.chunks.append(chunk)

        def post(self):
            self.send_answer(receiver.receive(b"".join(self.chunks)))

        def send_answer(self, answer):
            print(answer.log, flush=True)
            self.set_status(answer.status)
            if answer.location:
                self.set_header("Location", answer.location)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Connection", "close")
            self.finish(answer.body())

    class ReceivingServer(Server):
        def get_web_handlers(self, script):
            return [(re.escape(receiver.path) + "/?", ReceiverHandler), *super().get_web_handlers(script)]

    return ReceivingServer()
