"""The one place that turns load options (as the CLI takes them) into a load target."""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from ..errors import UsageError
from ..transport import (
    HttpClient,
    RetryPolicy,
    SparqlClient,
    check_url,
    resolve_credentials,
)
from .embedded import EmbeddedStore
from .plan import DEFAULT_CHUNK_BYTES
from .presets import Endpoints, preset
from .server import ServerStore
from .targets import LoadTarget


def load_target(*, staging_base: str, store_dir: str | PathLike | None = None,
                server: tuple[str, str] | None = None, gsp_url: str | None = None,
                update_url: str | None = None, query_url: str | None = None, auth: str | None = None,
                credentials_file: str | PathLike | None = None, chunk_bytes: int = DEFAULT_CHUNK_BYTES,
                timeout: float = 60.0, retries: int = 3, default_store: Path | None = None,
                wait: float | None = None) -> LoadTarget:
    """An embedded store (`store_dir`, else `default_store`) or a server (`server` KIND URL, `gsp_url`, `update_url`).

    `query_url`, `gsp_url` and `update_url` override a preset's paths;
    `staging_base` is the IRI prefix of the staging graphs (the layout's base);
    `wait` is how long to wait for an embedded store another command holds.
    """
    remote = server or gsp_url or update_url
    if store_dir and remote:
        raise UsageError("choose one target: --store, or a server (--server, --gsp, --update)")
    if not remote:
        if query_url or auth or credentials_file:
            raise UsageError("--query-url, --auth and --credentials need a server target (--server, --gsp, --update)")
        if store_dir is None and default_store is None:
            raise UsageError("give a store directory or a server")
        return EmbeddedStore(Path(store_dir) if store_dir else default_store, wait=wait)
    if wait is not None:
        raise UsageError("--wait applies to an embedded store (--store)")
    if server:
        check_url(server[1])  # the URL as the user wrote it, before a preset's paths are joined to it
    kind = preset(server[0]) if server else None
    paths = kind.endpoints(server[1]) if kind else Endpoints()
    endpoints = Endpoints(query=query_url or paths.query, update=update_url or paths.update,
                          gsp=gsp_url or paths.gsp)
    write_url = endpoints.gsp or endpoints.update
    credentials = resolve_credentials(write_url or "", auth, credentials_file, kind.auth if kind else None)
    http = HttpClient(credentials, timeout=timeout, retry=RetryPolicy(attempts=retries + 1))
    return ServerStore(endpoints, SparqlClient(http, method="POST"), staging_base=staging_base,
                       chunk_bytes=chunk_bytes)
