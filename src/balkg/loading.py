"""Load the graph into a triplestore, one named graph per file, all or nothing.

Targets:
- `StoreTarget`: an embedded, persistent Oxigraph store. The run bulk-loads a
  new store next to the target directory, checks its counts, then swaps the
  directories, so a failure leaves the previous store as it was.
- `ServerTarget`: a server reached through the W3C protocols. With a SPARQL
  Update endpoint every graph is first staged in a temporary graph (by Graph
  Store Protocol requests when a GSP endpoint is known, else by INSERT DATA),
  the staged counts are checked, and one update request then MOVEs every
  staged graph onto its real name. With a GSP endpoint alone each graph is
  replaced by a single whole-graph PUT.

After the swap the triples of each graph are counted with SPARQL and compared
with the counts of the local files.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

import pyoxigraph as ox

from .rdf.dataset import GraphFile, graph_files
from .endpoint import Unauthorized
from .errors import BalkgError, EndpointError, UsageError
from .http import HttpClient, check_url
from .layout import Layout
from .rdf.parsing import parse_file

DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024
STAGING_SEGMENT = "load-staging/"

# progress(triples_sent, display name of the file being sent)
Progress = Callable[[int, str], None]


def _no_progress(_n: int, _name: str) -> None:
    pass


class LoadFailed(BalkgError):
    """The load stopped; the message says what the target holds now."""

    exit_code = 1


class CountMismatch(BalkgError):
    """The target holds other counts than the files; `report` has the table."""

    exit_code = 1

    def __init__(self, message: str, report: "LoadReport"):
        super().__init__(message)
        self.report = report


# ---------------------------------------------------------------- what is sent

@dataclass
class GraphLoad:
    """One file's distinct triples, in file order, and the graph they go into."""

    file: GraphFile
    triples: list[ox.Triple]

    @property
    def graph(self) -> str:
        return self.file.graph

    @property
    def display(self) -> str:
        return self.file.display

    @property
    def sent(self) -> int:
        return len(self.triples)

    def quads(self, graph: str | None = None):
        name = ox.NamedNode(graph or self.graph)
        return (ox.Quad(t.subject, t.predicate, t.object, name) for t in self.triples)

    def chunks(self, max_bytes: int) -> list[tuple[bytes, int]]:
        """N-Triples documents below `max_bytes` (unless one unit is bigger) and their triple counts.

        Triples sharing a blank node stay in the same chunk: a blank node label
        only means the same node within one request.
        """
        if not self.triples:
            return []
        lines = ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
        if len(lines) != len(self.triples):  # pragma: no cover - N-Triples escapes newlines
            raise BalkgError(f"{self.display}: cannot split the graph into N-Triples lines")
        chunks: list[tuple[bytes, int]] = []
        current: list[bytes] = []
        size = 0
        for unit in blank_node_units(self.triples):
            unit_bytes = [lines[i] for i in unit]
            unit_size = sum(map(len, unit_bytes))
            if current and size + unit_size > max_bytes:
                chunks.append((b"".join(current), len(current)))
                current, size = [], 0
            current.extend(unit_bytes)
            size += unit_size
        chunks.append((b"".join(current), len(current)))
        return chunks


def blank_node_units(triples: list[ox.Triple]) -> list[list[int]]:
    """Indexes of the triples, grouped so that triples linked by blank nodes share a group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def bnodes(t: ox.Triple) -> list[str]:
        return [term.value for term in (t.subject, t.object) if isinstance(term, ox.BlankNode)]

    for t in triples:
        found = bnodes(t)
        for b in found:
            parent.setdefault(b, b)
        if len(found) == 2:
            parent[find(found[0])] = find(found[1])
    units: list[list[int]] = []
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(triples):
        found = bnodes(t)
        if not found:
            units.append([i])
            continue
        root = find(found[0])
        if root not in groups:
            groups[root] = []
            units.append(groups[root])
        groups[root].append(i)
    return units


def prepare_graphs(layout: Layout, files: list[GraphFile] | None = None) -> list[GraphLoad]:
    """Parse every file (stopping at the first that does not parse) before anything is sent."""
    loads = []
    for gf in files if files is not None else graph_files(layout):
        parsed = parse_file(gf.path, gf.display)
        loads.append(GraphLoad(gf, list(dict.fromkeys(parsed.triples))))
    return loads


# ---------------------------------------------------------------- the report

@dataclass
class GraphResult:
    display: str
    graph: str
    sent: int
    stored: int

    @property
    def match(self) -> bool:
        return self.sent == self.stored


@dataclass
class LoadReport:
    target: str
    graphs: list[GraphResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(g.match for g in self.graphs)

    @property
    def sent(self) -> int:
        return sum(g.sent for g in self.graphs)

    @property
    def stored(self) -> int:
        return sum(g.stored for g in self.graphs)

    def table(self) -> str:
        rows = [("file", "graph", "sent", "stored", "match")]
        rows += [(g.display, g.graph, str(g.sent), str(g.stored), "yes" if g.match else "NO") for g in self.graphs]
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        right = {2, 3}
        return "\n".join(
            "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
            for r in rows)

    def summary_line(self) -> str:
        verdict = "all counts match" if self.ok else \
            f"{sum(not g.match for g in self.graphs)} graph(s) with other counts than the files"
        return f"{len(self.graphs)} graphs, {self.sent} triples sent, {self.stored} stored in {self.target}: {verdict}"


def _results(loads: list[GraphLoad], stored: dict[str, int]) -> list[GraphResult]:
    return [GraphResult(g.display, g.graph, g.sent, stored.get(g.graph, 0)) for g in loads]


def count_query(graphs: list[str]) -> str:
    values = " ".join(f"<{g}>" for g in graphs)
    return ("SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { " + values + " } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")


def counts_from_results(doc: dict) -> dict[str, int]:
    return {row["g"]["value"]: int(row["n"]["value"]) for row in doc["results"]["bindings"] if "g" in row}


# ---------------------------------------------------------------- targets

class Target(Protocol):
    def describe(self) -> str: ...
    def check(self) -> None: ...
    def replace(self, loads: list[GraphLoad], progress: Progress) -> None: ...
    def counts(self, graphs: list[str]) -> dict[str, int]: ...
    on_failure: str


@dataclass
class StoreTarget:
    """An embedded persistent Oxigraph store in `directory`."""

    directory: Path
    on_failure: str = "the previous store is unchanged"

    def describe(self) -> str:
        return f"the store {self.directory}"

    def check(self) -> None:
        directory = Path(self.directory)
        if directory.exists() and not directory.is_dir():
            raise UsageError(f"{directory} is a file, not a store directory")
        if directory.is_dir() and any(directory.iterdir()) and not (directory / "CURRENT").is_file():
            raise UsageError(f"{directory} is not empty and not an Oxigraph store; refusing to replace it")
        _restore_interrupted_swap(directory)
        _remove_abandoned_staging(directory)

    def replace(self, loads: list[GraphLoad], progress: Progress = _no_progress) -> None:
        directory = Path(self.directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = _sibling(directory, f"loading-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            store = ox.Store(str(staging))
            for load in loads:
                store.bulk_extend(load.quads())
                progress(load.sent, load.display)
            store.flush()
            stored = store_counts(store, [g.graph for g in loads])
            del store  # closes the database before its directory moves
            results = _results(loads, stored)
            if not all(r.match for r in results):
                raise CountMismatch("the new store holds other counts than the files; the previous store is "
                                    "unchanged", LoadReport(self.describe(), results))
            _swap(staging, directory)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    def counts(self, graphs: list[str]) -> dict[str, int]:
        return store_counts(ox.Store.read_only(str(self.directory)), graphs)


def store_counts(store: ox.Store, graphs: list[str]) -> dict[str, int]:
    if not graphs:
        return {}
    return {s["g"].value: int(s["n"].value) for s in store.query(count_query(graphs))}


def _sibling(directory: Path, tag: str) -> Path:
    return directory.parent / f".{directory.name}.{tag}"


def _swap(staging: Path, directory: Path) -> None:
    """Put `staging` in place of `directory`; the old one is removed only once the new one is in place."""
    if not directory.exists():
        os.rename(staging, directory)
        return
    old = _sibling(directory, f"old-{uuid.uuid4().hex[:8]}")
    os.rename(directory, old)
    try:
        os.rename(staging, directory)
    except OSError:
        os.rename(old, directory)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _restore_interrupted_swap(directory: Path) -> None:
    """A crash between the two renames of a swap leaves only the old store aside: put it back."""
    if directory.exists() or not directory.parent.is_dir():
        return
    olds = sorted(directory.parent.glob(f".{directory.name}.old-*"))
    if olds:
        os.rename(olds[0], directory)


def _remove_abandoned_staging(directory: Path) -> None:
    if not directory.parent.is_dir():
        return
    for staging in directory.parent.glob(f".{directory.name}.loading-*"):
        pid = staging.name.split("loading-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(staging, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Endpoints:
    """Where a server takes queries, updates and Graph Store Protocol requests."""

    query: str | None = None
    update: str | None = None
    gsp: str | None = None


# Paths of each store's endpoints, relative to the URL a user gives (see README).
PRESETS: dict[str, dict] = {
    "oxigraph": {"query": "/query", "update": "/update", "gsp": "/store", "auth": None},
    "fuseki": {"query": "/query", "update": "/update", "gsp": "/data", "auth": "basic"},
    "virtuoso": {"query": "/sparql", "update": "/sparql-auth", "gsp": "/sparql-graph-crud-auth", "auth": "digest"},
    "graphdb": {"query": "", "update": "/statements", "gsp": "/rdf-graphs/service", "auth": "basic"},
    "neptune": {"query": "/sparql", "update": "/sparql", "gsp": None, "auth": None},
}


def preset_endpoints(kind: str, url: str) -> Endpoints:
    if kind not in PRESETS:
        raise UsageError(f"unknown server kind {kind!r}; use one of {', '.join(PRESETS)}")
    base = check_url(url).rstrip("/")
    paths = PRESETS[kind]
    return Endpoints(*(None if paths[k] is None else base + paths[k] for k in ("query", "update", "gsp")))


@dataclass
class ServerTarget:
    """A SPARQL server reached by the Graph Store Protocol and/or SPARQL Update."""

    endpoints: Endpoints
    client: HttpClient
    staging_base: str
    chunk_bytes: int = DEFAULT_CHUNK_BYTES
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    def __post_init__(self):
        e = self.endpoints
        if not (e.gsp or e.update):
            raise UsageError("give a Graph Store Protocol URL (--gsp) or a SPARQL Update URL (--update)")
        if not e.query:
            raise UsageError("give the server's SPARQL query URL (--query-url) so that the counts can be checked")
        for url in (e.query, e.update, e.gsp):
            if url:
                check_url(url)
        if self.chunk_bytes < 1:
            raise UsageError("the chunk size must be positive")

    @property
    def on_failure(self) -> str:
        if self.endpoints.update:
            return "every graph is as it was before the run"
        return "graphs listed as replaced before the failure were replaced, the others are unchanged"

    def describe(self) -> str:
        e = self.endpoints
        return e.gsp if not e.update else (e.update if not e.gsp else f"{e.gsp} (swap by {e.update})")

    def staging_graph(self, index: int) -> str:
        return f"{self.staging_base}{STAGING_SEGMENT}{self.run_id}/{index}"

    def check(self) -> None:
        """Reach the server and prove the credentials before anything changes; drop leftover staging graphs."""
        self.client.sparql_select(self.endpoints.query, "ASK { }")
        if self.endpoints.gsp:
            probe = _with_graph(self.endpoints.gsp, self.staging_graph(0))
            self.client.request("GET", probe, accept="application/n-triples", allow=(404,))
        if self.endpoints.update:
            leftovers = self._leftover_staging_graphs()
            self.client.sparql_update(self.endpoints.update, " ;\n".join(
                f"DROP SILENT GRAPH <{g}>" for g in leftovers + [self.staging_graph(0)]))

    def _leftover_staging_graphs(self) -> list[str]:
        prefix = self.staging_base + STAGING_SEGMENT
        doc = self.client.sparql_select(self.endpoints.query, (
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "
            f'"{prefix}")) }}'))
        return sorted(row["g"]["value"] for row in doc["results"]["bindings"])

    def replace(self, loads: list[GraphLoad], progress: Progress = _no_progress) -> None:
        if self.endpoints.update:
            self._stage_and_swap(loads, progress)
        else:
            self._put_each(loads, progress)

    def _put_each(self, loads: list[GraphLoad], progress: Progress) -> None:
        planned = [(load, load.chunks(self.chunk_bytes)) for load in loads]
        too_big = [load.display for load, chunks in planned if len(chunks) > 1]
        if too_big:
            raise UsageError(f"{too_big[0]} is bigger than the chunk size; give a SPARQL Update URL (--update) "
                             "so that it can be sent in chunks and swapped in, or raise --chunk-size")
        for load, chunks in planned:
            body = chunks[0][0] if chunks else b""
            self.client.request("PUT", _with_graph(self.endpoints.gsp, load.graph), body, "application/n-triples")
            progress(load.sent, load.display)

    def _stage_and_swap(self, loads: list[GraphLoad], progress: Progress) -> None:
        staged = {load.graph: self.staging_graph(i + 1) for i, load in enumerate(loads)}
        try:
            for load in loads:
                self._stage(load, staged[load.graph], progress)
            stored = self.counts(list(staged.values()))
            results = _results(loads, {g: stored.get(s, 0) for g, s in staged.items()})
            if not all(r.match for r in results):
                raise CountMismatch("the staged graphs hold other counts than the files; no graph was changed",
                                    LoadReport(self.describe(), results))
            self.client.sparql_update(self.endpoints.update, swap_update(loads, staged))
        except (EndpointError, CountMismatch):
            self._drop_quietly(list(staged.values()))
            raise

    def _stage(self, load: GraphLoad, staging: str, progress: Progress) -> None:
        for i, (body, n) in enumerate(load.chunks(self.chunk_bytes)):
            if self.endpoints.gsp:
                self.client.request("PUT" if i == 0 else "POST", _with_graph(self.endpoints.gsp, staging),
                                    body, "application/n-triples")
            else:
                self.client.sparql_update(self.endpoints.update, insert_update(staging, body))
            progress(n, load.display)

    def _drop_quietly(self, graphs: list[str]) -> None:
        """Best effort: a dead server keeps its staging graphs until the next run removes them."""
        quick = HttpClient(self.client.credentials, timeout=min(self.client.timeout, 10.0),
                           retry=type(self.client.retry)(attempts=1), user_agent=self.client.user_agent)
        try:
            quick.sparql_update(self.endpoints.update, " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
        except BalkgError:
            pass

    def counts(self, graphs: list[str]) -> dict[str, int]:
        if not graphs:
            return {}
        return counts_from_results(self.client.sparql_select(self.endpoints.query, count_query(graphs)))


def insert_update(graph: str, ntriples: bytes) -> str:
    """INSERT DATA, or INSERT ... WHERE {} when blank nodes are present (some stores refuse them in DATA)."""
    text = ntriples.decode("utf-8")
    if "_:" in text:
        return f"INSERT {{ GRAPH <{graph}> {{\n{text}}} }} WHERE {{ }}"
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{text}}} }}"


def swap_update(loads: list[GraphLoad], staged: dict[str, str]) -> str:
    """One update request that puts every staged graph in place (an empty file empties its graph)."""
    operations = [f"MOVE SILENT GRAPH <{staged[load.graph]}> TO GRAPH <{load.graph}>" if load.sent
                  else f"DROP SILENT GRAPH <{load.graph}>" for load in loads]
    return " ;\n".join(operations)


def _with_graph(gsp_url: str, graph: str) -> str:
    from urllib.parse import quote

    separator = "&" if "?" in gsp_url else "?"
    return f"{gsp_url}{separator}graph={quote(graph, safe='')}"


# ---------------------------------------------------------------- the whole run

def validate_first(layout: Layout) -> None:
    from .validation import validate_layout

    report = validate_layout(layout)
    if not report.conforms:
        raise BalkgError(f"the graph does not validate ({report.summary_line()}); nothing was sent "
                         "(run `balkg validate` for the findings, or load anyway with --no-validate)")


def load(layout: Layout, target: Target, validate: bool = True, progress: Progress = _no_progress,
         loads: list[GraphLoad] | None = None) -> LoadReport:
    """Replace the layout's graphs in `target` and return the per-graph counts.

    Raises CountMismatch (with the report) when the target holds other counts
    than the files, LoadFailed when the run stopped halfway, and the errors of
    validation, parsing or the first contact with the target (nothing sent).
    """
    if validate:
        validate_first(layout)
    loads = prepare_graphs(layout) if loads is None else loads
    target.check()
    try:
        target.replace(loads, progress)
    except (EndpointError, OSError) as exc:
        cause = str(exc) if isinstance(exc, EndpointError) else f"{exc.__class__.__name__}: {exc}"
        raise LoadFailed(f"the load failed: {cause}; {target.on_failure}") from None
    try:
        stored = target.counts([g.graph for g in loads])
    except EndpointError as exc:
        raise LoadFailed(f"the graphs were replaced, but counting them failed: {exc}") from None
    report = LoadReport(target.describe(), _results(loads, stored))
    if not report.ok:
        raise CountMismatch("the target holds other counts than the files", report)
    return report


__all__ = [
    "CountMismatch", "Endpoints", "GraphLoad", "LoadFailed", "LoadReport", "PRESETS", "ServerTarget",
    "StoreTarget", "Unauthorized", "load", "preset_endpoints", "prepare_graphs",
]
