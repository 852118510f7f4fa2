"""A small HTTP server on 127.0.0.1 that answers from a script, for conditions a real SPARQL server
cannot be made to produce: HTTP 429 with Retry-After, a slow or trickling answer, a truncated body,
an error page sent with status 200."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0          # seconds before the status line
    trickle: float = 0.0        # seconds between the body's bytes (0: all at once)


class Scripted:
    """Answers each request with the next scripted answer (the last one repeats); records what it saw.

    An answer is an `Answer` or a (status, headers, body, delay) tuple.
    """

    def __init__(self, script):
        self.script = [a if isinstance(a, Answer) else Answer(*a) for a in script]
        self.seen: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"   # keep-alive, so that connection reuse can be observed

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                owner.seen.append({"method": self.command, "path": self.path, "agent": self.headers.get("User-Agent"),
                                   "authorization": self.headers.get("Authorization"),
                                   "accept": self.headers.get("Accept"), "port": self.client_address[1],
                                   "body": self.rfile.read(length)})
                answer = owner.script.pop(0) if len(owner.script) > 1 else owner.script[0]
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    for key, value in answer.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    if answer.trickle:
                        for i in range(len(answer.body)):
                            self.wfile.write(answer.body[i:i + 1])
                            self.wfile.flush()
                            time.sleep(answer.trickle)
                    else:
                        self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def url(self) -> str:
        return self.base_url + "/sparql"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
