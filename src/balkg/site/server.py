"""Serve a built site over HTTP next to the SPARQL endpoint, as w3id would: `/id/actor/x`
answers with the HTML page, or with Turtle or JSON-LD when the client asks for them."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

ALTERNATES = [("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"), ("application/json", ".jsonld"),
              ("text/html", ".html")]


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".ttl": "text/turtle; charset=utf-8", ".jsonld": "application/ld+json",
                      ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml",
                      ".graphml": "application/xml", ".csv": "text/csv; charset=utf-8"}

    def translate_path(self, path: str) -> str:
        local = Path(super().translate_path(path))
        if local.suffix or local.is_dir() or local.exists():
            return str(local)
        for media, suffix in self._preferences():
            candidate = local.with_name(local.name + suffix)
            if candidate.is_file():
                return str(candidate)
        return str(local)

    def _preferences(self) -> list[tuple[str, str]]:
        accept = self.headers.get("Accept", "")
        wanted = [part.split(";")[0].strip() for part in accept.split(",")]
        ordered = [alt for media in wanted for alt in ALTERNATES if alt[0] == media]
        return ordered + [alt for alt in ALTERNATES if alt not in ordered and alt[1] == ".html"]

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class SiteServer:
    """A threaded static server of `folder` on host:port (0: any free port) until stop()."""

    def __init__(self, folder: Path, host: str = "127.0.0.1", port: int = 0):
        handler = functools.partial(_Handler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer((host, port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> "SiteServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class ServedSite:
    """A site built into a temporary folder and served; stop() removes the folder."""

    def __init__(self, server: SiteServer, folder: Path):
        self.server, self.folder = server, folder

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        import shutil
        self.server.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def serve_site(layout, endpoint: str, host: str = "127.0.0.1", port: int = 0, any_port_if_busy: bool = False) -> ServedSite:
    """Build the site with "run" links to `endpoint` into a temporary folder and serve it.

    With `any_port_if_busy` (the port was a default, not the user's choice) a busy port
    gives way to any free one; the URL the caller prints says which.
    """
    import shutil
    import tempfile

    from ..errors import UsageError
    from ..query.run import EndpointTarget
    from .build import build_site
    folder = Path(tempfile.mkdtemp(prefix="balkg-site-"))
    try:
        build_site(layout, folder / "site", endpoint=endpoint, target=EndpointTarget.at(endpoint, timeout=120))
        try:
            try:
                server = SiteServer(folder / "site", host, port).start()
            except OSError:
                if not any_port_if_busy:
                    raise
                server = SiteServer(folder / "site", host, 0).start()
        except OSError as exc:
            raise UsageError(f"cannot serve the site on {host}:{port} ({exc.strerror or exc}); "
                             "choose another --site-port") from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return ServedSite(server, folder)
