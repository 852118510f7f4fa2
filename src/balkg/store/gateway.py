"""A front for `balkg serve`'s Oxigraph server that refuses SERVICE clauses to other hosts.

The Oxigraph server runs federated SERVICE clauses, which would let anyone who
can reach `balkg serve` make it send requests to any host. Unless
`--allow-service` is given, `balkg serve` listens with this gateway, which
reads each query (GET or POST, form-encoded or `application/sparql-query`),
answers 403 to one with a SERVICE clause aimed elsewhere, and relays
everything else to the Oxigraph server on a private loopback port, streaming
the answer back.
"""

from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from ..query.text import declared_prefixes, tokens

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "host", "content-length"}
REFUSAL = (b"SERVICE clauses to other hosts are refused by this endpoint "
           b"(balkg serve; start it with --allow-service to allow them)\n")


def service_targets(query: str) -> list[str]:
    """The IRIs (or variables, as `?name`) that the query's SERVICE clauses call."""
    significant = [t for t in tokens(query) if t.kind not in ("space", "comment")]
    prefixes = declared_prefixes(query)
    targets = []
    for i, token in enumerate(significant):
        if token.kind != "word" or token.text.upper() != "SERVICE":
            continue
        rest = significant[i + 1:i + 3]
        if rest and rest[0].kind == "word" and rest[0].text.upper() == "SILENT":
            rest = rest[1:]
        if not rest:
            continue
        target = rest[0]
        if target.kind == "iri":
            targets.append(target.text[1:-1])
        elif target.kind == "pname" and len(rest) > 1 and rest[1].kind == "word":
            targets.append(prefixes.get(target.text[:-1], "") + rest[1].text)
        else:
            targets.append(target.text)
    return targets


def refused(query: str, own_netlocs: set[str]) -> bool:
    return any(urllib.parse.urlsplit(t).netloc not in own_netlocs for t in service_targets(query))


def _query_of(method: str, path: str, content_type: str, body: bytes) -> str | None:
    if method == "GET":
        return (urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("query") or [None])[0]
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/sparql-query":
        return body.decode("utf-8", errors="replace")
    if kind == "application/x-www-form-urlencoded":
        return (urllib.parse.parse_qs(body.decode("utf-8", errors="replace")).get("query") or [None])[0]
    return None


class Gateway:
    """Listens on (host, port) and relays to `backend` (the Oxigraph server's base URL)."""

    def __init__(self, host: str, port: int, backend: str):
        self.backend = backend.rstrip("/")
        self.client = httpx.Client(timeout=None)
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def _relay(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                query = _query_of(self.command, self.path, self.headers.get("Content-Type", ""), body)
                if query is not None and refused(query, gateway.own_netlocs):
                    self.send_response(403)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(REFUSAL)))
                    self.end_headers()
                    self.wfile.write(REFUSAL)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                try:
                    with gateway.client.stream(self.command, gateway.backend + self.path, headers=headers,
                                               content=body) as answer:
                        self.send_response(answer.status_code)
                        for key, value in answer.headers.items():
                            if key.lower() not in HOP_BY_HOP:
                                self.send_header(key, value)
                        self.end_headers()
                        for chunk in answer.iter_raw():
                            self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                except httpx.HTTPError:
                    self.send_error(502, "the Oxigraph server behind balkg serve did not answer")

            do_GET = do_POST = do_HEAD = _relay

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        bound_host, bound_port = self.server.server_address[:2]
        self.port = bound_port
        self.own_netlocs = {f"{name}:{bound_port}" for name in (host, bound_host, "localhost", "127.0.0.1")}
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "Gateway":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.client.close()
