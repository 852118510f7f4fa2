"""A local, read-only SPARQL endpoint over the graph (the Oxigraph server of the `oxigraph` package).

The graph is loaded into a temporary store, or an existing store made by
`balkg load --store DIR` is served as it is (never loaded into, never
overwritten), and `oxigraph serve-read-only` serves it with the union of the
named graphs as the default graph, so saved queries run as they do in
`balkg query`. An existing store is held with a shared lock while served, so
that a load waits instead of swapping it away under the server. SERVICE
clauses to other hosts are refused (see `gateway`) unless allowed. Serving
does not validate: run `balkg validate` first.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import time
import urllib.parse
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BalkgError, UsageError
from ..layout import Layout
from .embedded import EmbeddedStore
from .gateway import Gateway
from .lock import store_lock
from .oxigraph import OxigraphServer, free_port, oxigraph_binary
from .plan import plan_files
from .run import load_graphs
from .targets import Progress, no_progress

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


@dataclass
class ServedGraph:
    """A running read-only server and the store behind it; stop() also removes a temporary store."""

    server: OxigraphServer
    temporary: Path | None = None
    gateway: Gateway | None = None
    held: ExitStack = field(default_factory=ExitStack)

    @property
    def base_url(self) -> str:
        if self.gateway is None:
            return self.server.base_url
        host = self.gateway.server.server_address[0]
        return f"http://{f'[{host}]' if ':' in host else host}:{self.gateway.port}"

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

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
        if self.gateway is not None:
            self.gateway.stop()
        self.server.stop()
        self.held.close()
        if self.temporary is not None:
            shutil.rmtree(self.temporary, ignore_errors=True)


def start_serving(layout: Layout, store_dir: Path | None = None, host: str = DEFAULT_HOST,
                  port: int = DEFAULT_PORT, progress: Progress = no_progress, cors: bool = False,
                  timeout: float | None = None, allow_service: bool = False) -> ServedGraph:
    """Serve `store_dir` as it is, or the layout loaded into a temporary store, read-only.

    `cors` allows cross-origin requests (browser tools on other origins),
    `timeout` limits each query's evaluation (seconds), `allow_service` lets
    queries call other endpoints with SERVICE.
    """
    oxigraph_binary()  # fail before loading when the server is missing
    if port:
        _check_port_free(host, port)
    held = ExitStack()
    temporary = Path(tempfile.mkdtemp(prefix="balkg-serve-")) if store_dir is None else None
    try:
        if temporary is None:
            location = existing_store(Path(store_dir))
            held.enter_context(store_lock(location, "balkg serve", exclusive=False, notice=progress.note))
        else:
            location = temporary / "store"
            load_graphs(EmbeddedStore(location), plan_files(layout, progress), progress)
        args = ["--union-default-graph", *(["--cors"] if cors else []),
                *(["--timeout-s", f"{max(1, round(timeout))}"] if timeout else [])]
        if allow_service:
            server = OxigraphServer(location, host=host, port=port).start(read_only=True, extra_args=tuple(args))
            return ServedGraph(server, temporary, held=held)
        server = OxigraphServer(location, port=free_port()).start(read_only=True, extra_args=tuple(args))
        try:
            gateway = Gateway(host, port, server.base_url).start()
        except BaseException:
            server.stop()
            raise
        return ServedGraph(server, temporary, gateway, held)
    except BaseException:
        held.close()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise


def existing_store(directory: Path) -> Path:
    """`directory` if it holds a store made by `balkg load`; serving never creates or replaces one."""
    if not directory.is_dir() or not any(directory.iterdir()):
        raise UsageError(f"no store at {directory}: create one with `balkg load --store {directory}`, "
                         "or leave out --store to serve the graph from a temporary store")
    if not (directory / "CURRENT").is_file():
        raise UsageError(f"{directory} is not an Oxigraph store")
    return directory


def _check_port_free(host: str, port: int) -> None:
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind((host, port))
            probe.listen()
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port") from None
