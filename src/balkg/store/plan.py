"""The load plan: which graphs go where, the triples of each, and the chunks they are sent in.

Every file of the layout goes into its own named graph (see
`Layout.graph_name`). A validated load parses each file once, before anything
is sent; its distinct triples, in file order, are what the load sends and what
the target's counts are checked against. Without validation, a target that
reads files itself (the embedded store) is given the files unparsed
(`plan_files`): it bulk-loads each one while the file's triples are counted
on the side, and the counts are checked as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import BalkgError
from ..formats import rdf_syntax
from ..layout import Layout
from ..rdf.dataset import GraphFile, ParsedLayout, graph_files, parse_layout
from ..rdf.parsing import TRIPLE_SYNTAXES, parse_file

if TYPE_CHECKING:
    from .targets import Progress

DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024


@dataclass
class GraphLoad:
    """One file's distinct triples, in file order, and the graph they go into.

    `triples` is None when the file is left for the target to read (see `plan_files`);
    `counted` then holds the number of distinct triples once the target has counted them.
    """

    file: GraphFile
    triples: list[ox.Triple] | None
    counted: int | None = None

    @property
    def parsed(self) -> bool:
        return self.triples is not None

    @property
    def graph(self) -> str:
        return self.file.graph

    @property
    def display(self) -> str:
        return self.file.display

    @property
    def sent(self) -> int:
        if self.triples is not None:
            return len(self.triples)
        if self.counted is None:
            raise RuntimeError(f"{self.display}: the file's triples have not been counted yet")
        return self.counted

    def quads(self, graph: str | None = None):
        name = ox.NamedNode(graph or self.graph)
        return (ox.Quad(t.subject, t.predicate, t.object, name) for t in self._parsed_triples())

    def _parsed_triples(self) -> list[ox.Triple]:
        if self.triples is None:
            raise RuntimeError(f"{self.display} was planned unparsed, for a target that reads files itself")
        return self.triples

    def chunks(self, max_bytes: int) -> list[tuple[bytes, int]]:
        """N-Triples documents below `max_bytes` (unless one unit is bigger) and their triple counts.

        Triples sharing a blank node stay in the same chunk: a blank node label
        only means the same node within one request.
        """
        if not self._parsed_triples():
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


def plan_graphs(parsed: ParsedLayout) -> list[GraphLoad]:
    """One GraphLoad per parsed file, in layout order (the layout's one parse, see `balkg.rdf.dataset`)."""
    return [GraphLoad(GraphFile(f.path, f.display, parsed.graph_name(f)), list(dict.fromkeys(f.triples)))
            for f in parsed.check().all()]


def parse_and_plan(layout: Layout, progress: "Progress | None" = None) -> tuple[ParsedLayout, list[GraphLoad]]:
    """The layout parsed once (for validation too) and its load plan; a file that does not parse stops here."""
    if progress is not None:
        progress.phase("parse", len(graph_files(layout)), "files")
    parsed = parse_layout(layout)
    graphs = plan_graphs(parsed)
    if progress is not None:
        progress.advance(len(graphs))
    return parsed, graphs


def plan_files(layout: Layout, progress: "Progress | None" = None) -> list[GraphLoad]:
    """The load plan for a target that reads files itself: triple-only files (Turtle, N-Triples,
    RDF/XML) unparsed, any other file (whose own graphs would not go into one) parsed here."""
    files = graph_files(layout)
    if progress is not None:
        progress.phase("plan", len(files), "files")
    graphs = []
    for file in files:
        unparsed = rdf_syntax(file.path) in TRIPLE_SYNTAXES
        triples = None if unparsed else list(dict.fromkeys(parse_file(file.path, file.display).triples))
        graphs.append(GraphLoad(file, triples))
        if progress is not None:
            progress.advance(1, file.display)
    return graphs


def prepare_graphs(layout: Layout, progress: "Progress | None" = None) -> list[GraphLoad]:
    """Parse every file before anything is sent; the first file that does not parse stops the run."""
    return parse_and_plan(layout, progress)[1]


def count_query(graphs: list[str]) -> str:
    values = " ".join(f"<{g}>" for g in graphs)
    return ("SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { " + values + " } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")


def counts_from_results(doc: dict) -> dict[str, int]:
    return {row["g"]["value"]: int(row["n"]["value"]) for row in doc["results"]["bindings"] if "g" in row}
