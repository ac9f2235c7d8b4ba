"""``course-grade manual GRADEBOOK --serve``: grade written answers in the browser, one question at a time.

A local web app on 127.0.0.1, on a random port, behind a random token given in the URL it prints once
(anyone with the URL can grade: keep it to the TAs).  Pages: the written questions with their progress, and
one question's answers (:mod:`.app_page`).  Every change (:mod:`.app_state`) is saved at once, atomically,
into the question's sheet ``manual/<homework>/<question>.csv``, the one the offline flow fills in, so
``course-grade manual GRADEBOOK`` merges it, and nothing entered is lost when the server stops.

The server is Python's ``http.server`` (threads, one per request) with what a local tool shared on a
machine needs: the token checked on every request in constant time; the Host header must name the server
(no DNS rebinding); changes are POSTs with the token in a header and a JSON body of at most 64 KiB (no
cross-site form can send them); each connection has a 30 s socket timeout; pages carry a
Content-Security-Policy that runs only the app's own script.
"""

import hmac
import http.server
import json
import pathlib
import re
import secrets
import signal
import urllib.parse

from . import app_page, app_state

MAX_BODY = 64 * 1024
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")


def questions(out_dir):
    """``[(homework, question)]`` of the gradebook's written questions (their sheets)."""
    folder = pathlib.Path(out_dir) / "manual"
    return [(p.parent.name, p.stem) for p in sorted(folder.glob("*/*.csv")) if _NAME.fullmatch(p.stem)]


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "course-grade"
    timeout = 30

    def log_message(self, *args):                   # no URLs (they hold the token) in any log
        pass

    def _send(self, status, body, kind="text/html; charset=utf-8"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", app_page.CSP)
        self.end_headers()
        self.wfile.write(data)

    def _allowed(self, token):
        host = self.headers.get("Host", "")
        return host in self.server.hosts and hmac.compare_digest(str(token or ""), self.server.token)

    def _question(self, parts):
        if len(parts) < 3 or not all(_NAME.fullmatch(p) for p in parts[1:3]) or tuple(parts[1:3]) not in \
                set(questions(self.server.out_dir)):
            return None
        return app_state.Question(self.server.out_dir, parts[1], parts[2])

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if not self._allowed(urllib.parse.parse_qs(url.query).get("token", [""])[0]):
            return self._send(403, "<p>Open the URL course-grade printed, with its token.</p>")
        parts = [urllib.parse.unquote(p) for p in url.path.strip("/").split("/")]
        if url.path == "/":
            listed = []
            for homework, name in questions(self.server.out_dir):
                with app_state.Question(self.server.out_dir, homework, name).locked() as q:
                    listed.append((homework, name, *q.progress()))
            return self._send(200, app_page.index(listed, self.server.token))
        q = self._question(parts) if parts[0] == "q" and len(parts) == 3 else None
        if q is None:
            return self._send(404, "<p>No such question.</p>")
        with q.locked():
            return self._send(200, app_page.question(q))

    def do_POST(self):
        if not self._allowed(self.headers.get("X-Grading-Token")):
            return self._send(403, json.dumps({"error": "wrong token"}), "application/json")
        parts = [urllib.parse.unquote(p) for p in urllib.parse.urlsplit(self.path).path.strip("/").split("/")]
        length = int(self.headers.get("Content-Length") or 0)
        q = self._question(parts) if parts[0] == "api" and len(parts) == 4 else None
        if q is None or not 0 < length <= MAX_BODY or \
                not self.headers.get("Content-Type", "").startswith("application/json"):
            return self._send(400, json.dumps({"error": f"expected a JSON body of at most {MAX_BODY} bytes "
                                                        "to /api/<homework>/<question>/<operation>"}),
                              "application/json")
        try:
            body = json.loads(self.rfile.read(length))
            if not isinstance(body, dict):
                raise ValueError(f"expected a JSON object; got {type(body).__name__}")
            reply = self._change(q, parts[3], body)
        except ValueError as exc:
            return self._send(400, json.dumps({"error": str(exc)}), "application/json")
        self._send(200, json.dumps(reply), "application/json")

    def _change(self, q, op, body):
        who = str(body.get("who") or "a TA")
        with q.locked():
            graded = []
            if op == "grade":
                items = body.get("items") or []
                if not isinstance(items, list):
                    raise ValueError(f"items must be a list of rubric item ids; got {items!r}")
                graded = q.grade(str(body.get("code")), who, body.get("points"), str(body.get("comment") or ""),
                                 [str(i) for i in items])
            elif op == "rubric":
                q.rubric(who, body.get("item") or None, body.get("points"), body.get("text"),
                         delete=bool(body.get("delete")))
            elif op == "split":
                q.split(str(body.get("code")))
            elif op == "merge":
                q.merge(str(body.get("code")), str(body.get("other")))
            elif op == "reopen":
                q.reopen(str(body.get("code")), who, str(body.get("reason") or "no reason given"))
            else:
                raise ValueError(f"unknown operation {op!r}: expected grade, rubric, split, merge or reopen")
            graded_now, total = q.progress()
            points = q.rows.get(graded[0], {}).get("points", "") if graded else ""
        return {"graded": graded, "points": points, "progress": f"{graded_now} of {total} graded"}


class GradingServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, out_dir, port=0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.out_dir, self.token = out_dir, secrets.token_urlsafe(24)
        self.hosts = {f"127.0.0.1:{self.server_port}", f"localhost:{self.server_port}"}
        self.url = f"http://127.0.0.1:{self.server_port}/?token={self.token}"


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def serve(out_dir, port=0, announce=print):
    """Serve the gradebook's written questions until stopped: Ctrl+C, or SIGTERM or SIGHUP (``kill``, a closed
    terminal, a job started in the background, where Ctrl+C's SIGINT is ignored); the URL is announced once.
    Every change is already saved: stopping only ends the server, and the caller merges."""
    if not questions(out_dir):
        raise ValueError(f"{out_dir} has no written answers to grade (no manual/<homework>/<question>.csv): "
                         "run course-grade grade first")
    server = GradingServer(out_dir, port)
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    announce(f"Grading app: {server.url}\n(anyone with this URL can grade; stop with Ctrl+C)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.server_close()
