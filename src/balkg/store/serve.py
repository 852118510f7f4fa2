"""A local, read-only SPARQL endpoint over the graph (the Oxigraph server of the `oxigraph` package).

The graph is loaded into a store (a temporary one unless a directory is
given), then `oxigraph serve-read-only` serves it with the union of the named
graphs as the default graph, so saved queries run as they do in `balkg query`.
Serving does not validate: run `balkg validate` first.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..errors import BalkgError, UsageError
from ..layout import Layout
from .embedded import EmbeddedStore
from .oxigraph import OxigraphServer, oxigraph_binary
from .plan import prepare_graphs
from .run import load_graphs
from .targets import Progress, no_progress

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


@dataclass
class ServedGraph:
    """A running read-only server and the store behind it; stop() also removes a temporary store."""

    server: OxigraphServer
    temporary: Path | None = None

    @property
    def query_url(self) -> str:
        return self.server.query_url

    def sample_curl(self) -> str:
        query = "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        return (f"curl -H 'Accept: text/csv' '{self.query_url}?query="
                f"{urllib.parse.quote(query, safe='')}'")

    def wait(self, poll: float = 0.5) -> None:
        """Block until the server stops (or a KeyboardInterrupt arrives)."""
        process = self.server.process
        while process.poll() is None:
            time.sleep(poll)
        raise BalkgError(f"the Oxigraph server stopped unexpectedly (exit code {process.returncode})")

    def stop(self) -> None:
        self.server.stop()
        if self.temporary is not None:
            shutil.rmtree(self.temporary, ignore_errors=True)


def start_serving(layout: Layout, store_dir: Path | None = None, host: str = DEFAULT_HOST,
                  port: int = DEFAULT_PORT, progress: Progress = no_progress) -> ServedGraph:
    """Load the graph (atomically) into `store_dir` or a temporary store and serve it read-only."""
    oxigraph_binary()  # fail before loading when the server is missing
    if port:
        _check_port_free(host, port)
    temporary = Path(tempfile.mkdtemp(prefix="balkg-serve-")) if store_dir is None else None
    location = temporary / "store" if temporary else Path(store_dir)
    try:
        load_graphs(EmbeddedStore(location), prepare_graphs(layout), progress)
        server = OxigraphServer(location, host=host, port=port)
        server.start(read_only=True, extra_args=("--union-default-graph",))
    except BaseException:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise
    return ServedGraph(server, temporary)


def _check_port_free(host: str, port: int) -> None:
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind((host, port))
            probe.listen()
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port") from None
