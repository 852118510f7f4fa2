"""A SPARQL server as a load target, through the W3C protocols: stage every graph, check, swap.

With a SPARQL Update endpoint every graph is first staged in a temporary graph
(by Graph Store Protocol requests when a GSP endpoint is known, else by INSERT
DATA), the staged counts are checked, and one update request then MOVEs every
staged graph onto its real name. With a GSP endpoint alone each graph is
replaced by a single whole-graph PUT.

Staging graphs are named `<base>load-staging/<run>/<n>`: that prefix is
reserved for balkg. Every run first removes staging graphs that interrupted
runs left (and says so); `cleanup` does that alone. A chunk is re-sent only
after a count shows the server does not hold it already; requests that move
or drop whole graphs are sent once, with a timeout that grows with the
number of triples they move.
"""

from __future__ import annotations

import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field
from urllib.parse import quote

from ..errors import BalkgError, EndpointError, UsageError
from ..transport import SparqlClient, check_url
from .plan import DEFAULT_CHUNK_BYTES, GraphLoad, count_query, counts_from_results
from .presets import Endpoints
from .report import CountMismatch, LoadReport, results
from .targets import Progress, no_progress

STAGING_SEGMENT = "load-staging/"
NTRIPLES = "application/n-triples"
# Triples per second a server is assumed to move or drop at least, on top of the request timeout.
MOVE_RATE = 20_000


@dataclass
class ServerStore:
    """A SPARQL server reached by the Graph Store Protocol and/or SPARQL Update."""

    endpoints: Endpoints
    sparql: SparqlClient
    staging_base: str
    chunk_bytes: int = DEFAULT_CHUNK_BYTES
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    _swap_sent: bool = field(default=False, init=False, repr=False)

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
    def http(self):
        return self.sparql.http

    reads_files = False  # sends what was parsed here, in chunks

    @property
    def on_failure(self) -> str:
        if self._swap_sent:
            return ("the swap was sent as one update and may have been applied: every graph is either as "
                    "before the run or as after it; load again to be sure")
        if self.endpoints.update:
            return "every graph is as it was before the run"
        return "graphs listed as replaced before the failure were replaced, the others are unchanged"

    def session(self, progress=None):
        return nullcontext()  # a server serialises requests itself; staging graphs are per run

    def move_timeout(self, triples: int) -> float:
        return self.http.timeout + triples / MOVE_RATE

    def describe(self) -> str:
        e = self.endpoints
        return e.gsp if not e.update else (e.update if not e.gsp else f"{e.gsp} (swap by {e.update})")

    def staging_graph(self, index: int) -> str:
        return f"{self.staging_base}{STAGING_SEGMENT}{self.run_id}/{index}"

    def check(self, progress: Progress = no_progress) -> None:
        """Reach the server and prove the credentials before anything changes; remove leftover staging graphs."""
        self.sparql.select(self.endpoints.query, "ASK { }")
        if self.endpoints.gsp:
            probe = with_graph(self.endpoints.gsp, self.staging_graph(0))
            self.http.request("GET", probe, accept=NTRIPLES, allow=(404,))
        self.cleanup(progress)
        if self.endpoints.update:  # proves the right to update, on a graph that is reserved and empty
            self.sparql.update(self.endpoints.update, f"DROP SILENT GRAPH <{self.staging_graph(0)}>")

    def cleanup(self, progress: Progress = no_progress) -> list[str]:
        """Remove the staging graphs interrupted runs left; say what was removed."""
        leftovers = self.leftover_staging_graphs()
        if not leftovers:
            return []
        triples = sum(leftovers.values())
        self._drop(list(leftovers), triples)
        message = (f"removed {len(leftovers)} staging graph(s) ({triples} triples) left by interrupted loads "
                   f"from {self.describe()}")
        progress.note(message)
        return [message]

    def leftover_staging_graphs(self) -> dict[str, int]:
        """Graphs under the reserved staging prefix, with their sizes."""
        prefix = self.staging_base + STAGING_SEGMENT
        doc = self.sparql.select(self.endpoints.query, (
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "
            f'"{prefix}")) }} GROUP BY ?g'))
        return dict(sorted(counts_from_results(doc).items()))

    def _drop(self, graphs: list[str], triples: int) -> None:
        """Drop whole graphs: one request, never blindly repeated (DROP of a big graph can outlast a timeout)."""
        if self.endpoints.update:
            self.sparql.update(self.endpoints.update, " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs),
                               retry=self.http.retry.once(), timeout=self.move_timeout(triples))
            return
        for graph in graphs:
            self.http.request("DELETE", with_graph(self.endpoints.gsp, graph), allow=(404,),
                              retry=self.http.retry.once(), timeout=self.move_timeout(triples))

    def replace(self, graphs: list[GraphLoad], progress: Progress = no_progress) -> None:
        if self.endpoints.update:
            self._stage_and_swap(graphs, progress)
        else:
            self._put_each(graphs, progress)

    def _put_each(self, graphs: list[GraphLoad], progress: Progress) -> None:
        planned = [(graph, graph.chunks(self.chunk_bytes)) for graph in graphs]
        too_big = [graph.display for graph, chunks in planned if len(chunks) > 1]
        if too_big:
            raise UsageError(f"{too_big[0]} is bigger than the chunk size; give a SPARQL Update URL (--update) "
                             "so that it can be sent in chunks and swapped in, or raise --chunk-size")
        for graph, chunks in planned:
            body = chunks[0][0] if chunks else b""
            self.http.request("PUT", with_graph(self.endpoints.gsp, graph.graph), body, NTRIPLES)
            progress.advance(graph.sent, graph.display)

    def _stage_and_swap(self, graphs: list[GraphLoad], progress: Progress) -> None:
        staged = {graph.graph: self.staging_graph(i + 1) for i, graph in enumerate(graphs)}
        try:
            for graph in graphs:
                self._stage(graph, staged[graph.graph], progress)
            stored = self.counts(list(staged.values()))
            checked = results(graphs, {g: stored.get(s, 0) for g, s in staged.items()})
            if not all(r.match for r in checked):
                raise CountMismatch("the staged graphs hold other counts than the files; no graph was changed",
                                    LoadReport(self.describe(), checked))
        except (EndpointError, CountMismatch):
            self._drop_quietly(list(staged.values()))
            raise
        # Sent once: if the answer is lost the server may still be moving; the next run cleans up.
        self._swap_sent = True
        self.sparql.update(self.endpoints.update, swap_update(graphs, staged), retry=self.http.retry.once(),
                           timeout=self.move_timeout(sum(g.sent for g in graphs)))
        self._swap_sent = False

    def _stage(self, graph: GraphLoad, staging: str, progress: Progress) -> None:
        held = 0
        for i, (body, n) in enumerate(graph.chunks(self.chunk_bytes)):
            resend = self._resend_check(staging, held, held + n)
            if self.endpoints.gsp:
                self.http.request("PUT" if i == 0 else "POST", with_graph(self.endpoints.gsp, staging),
                                  body, NTRIPLES, resend_needed=resend)
            else:
                self.sparql.update(self.endpoints.update, insert_update(staging, body), resend_needed=resend)
            held += n
            progress.advance(n, graph.display)

    def _resend_check(self, staging: str, before: int, after: int):
        """Before a retry: count the staging graph; re-send only if the failed attempt left nothing there."""
        def resend_needed() -> bool:
            held = self.counts([staging]).get(staging, 0)
            if held == after:
                return False
            if held == before:
                return True
            raise EndpointError(f"{staging} holds {held} triples after a failed request ({before} before it, "
                                f"{after} had it passed); no graph was changed")
        return resend_needed

    def _drop_quietly(self, graphs: list[str]) -> None:
        """Best effort: a dead server keeps its staging graphs until the next run removes them."""
        try:
            self._drop(graphs, 0)
        except BalkgError:
            pass

    def counts(self, graphs: list[str]) -> dict[str, int]:
        if not graphs:
            return {}
        return counts_from_results(self.sparql.select(self.endpoints.query, count_query(graphs)))


def insert_update(graph: str, ntriples: bytes) -> str:
    """INSERT DATA, or INSERT ... WHERE {} when blank nodes are present (some stores refuse them in DATA)."""
    text = ntriples.decode("utf-8")
    if "_:" in text:
        return f"INSERT {{ GRAPH <{graph}> {{\n{text}}} }} WHERE {{ }}"
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{text}}} }}"


def swap_update(graphs: list[GraphLoad], staged: dict[str, str]) -> str:
    """One update request that puts every staged graph in place (an empty file empties its graph)."""
    operations = [f"MOVE SILENT GRAPH <{staged[g.graph]}> TO GRAPH <{g.graph}>" if g.sent
                  else f"DROP SILENT GRAPH <{g.graph}>" for g in graphs]
    return " ;\n".join(operations)


def with_graph(gsp_url: str, graph: str) -> str:
    separator = "&" if "?" in gsp_url else "?"
    return f"{gsp_url}{separator}graph={quote(graph, safe='')}"
