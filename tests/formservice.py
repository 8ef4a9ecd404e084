"""A stand-in for a hosted form service, on 127.0.0.1, for the end-to-end test.

It records each POSTed form, keeps an export of all submissions in Netlify's
JSON format (what the moderator would download), and sends the reader to the
redirect the form asked for, as the real services do.
"""

from __future__ import annotations

import http.server
import json
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urljoin


class FormService:
    """Start with `with FormService(export_path) as service:`; `service.url` takes POSTs."""

    def __init__(self, export: Path, redirect_field: str = "_next"):
        self.export = export
        self.redirect_field = redirect_field
        self.submissions: list[dict] = []
        service = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                fields = {
                    k: v[0]
                    for k, v in parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True).items()
                }
                service.record(fields)
                target = urljoin(self.headers.get("Referer", ""), fields.get(service.redirect_field, "/"))
                self.send_response(303)
                self.send_header("Location", target)
                self.end_headers()

            def log_message(self, format, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/submit"

    def record(self, fields: dict) -> None:
        """Keep a submission and rewrite the export with all of them."""
        self.submissions.append(
            {
                "id": uuid.uuid4().hex[:24],
                "created_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                "form_name": "comments",
                "data": fields,
            }
        )
        self.export.write_text(json.dumps(self.submissions, indent=1), encoding="utf-8")

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
