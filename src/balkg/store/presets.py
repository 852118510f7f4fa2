"""Store presets as data: where each kind of server takes queries, updates and GSP requests, and how it authenticates.

To add a store, add one `Preset` to `PRESETS` (and a row to the README's
preset table); `balkg load --server KIND URL` picks it up.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError


@dataclass(frozen=True)
class Endpoints:
    """Where a server takes queries, updates and Graph Store Protocol requests."""

    query: str | None = None
    update: str | None = None
    gsp: str | None = None


@dataclass(frozen=True)
class Preset:
    """One kind of server: endpoint paths relative to the URL a user gives (None: the server has none)."""

    kind: str
    query: str | None
    update: str | None
    gsp: str | None
    auth: str | None = None        # default authentication when a user is known
    notes: str = ""                # quirks a user should know (shown in --help and the README)

    def endpoints(self, url: str) -> Endpoints:
        base = url.rstrip("/")
        return Endpoints(*(None if path is None else base + path for path in (self.query, self.update, self.gsp)))


PRESETS: dict[str, Preset] = {p.kind: p for p in (
    Preset("oxigraph", "/query", "/update", "/store",
           notes="start it with --union-default-graph so that queries see every file's graph"),
    Preset("fuseki", "/query", "/update", "/data", auth="basic", notes="the URL is the dataset's"),
    Preset("virtuoso", "/sparql", "/sparql-auth", "/sparql-graph-crud-auth", auth="digest",
           notes="the user needs SPARQL_UPDATE and write permission on graphs"),
    Preset("graphdb", "", "/statements", "/rdf-graphs/service", auth="basic", notes="the URL is the repository's"),
    Preset("neptune", "/sparql", "/sparql", None,
           notes="no Graph Store Protocol; IAM signing needs a signing proxy; keep --chunk-size small"),
)}


def preset(kind: str) -> Preset:
    if kind not in PRESETS:
        raise UsageError(f"unknown server kind {kind!r}; use one of {', '.join(PRESETS)}")
    return PRESETS[kind]


def preset_endpoints(kind: str, url: str) -> Endpoints:
    return preset(kind).endpoints(url)
