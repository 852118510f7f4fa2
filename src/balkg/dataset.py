"""The knowledge graph as a dataset: every file in its own named graph.

The embedded engine is pyoxigraph. Queries run over the union of the named
graphs, so a saved query need not know how the data is split into files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import ParseError
from .layout import Layout
from .parsing import ParsedFile, parse_file


@dataclass(frozen=True)
class GraphFile:
    """A file of the layout and the named graph it goes into."""

    path: Path
    display: str
    graph: str


def graph_files(layout: Layout, extra: list[Path] | None = None) -> list[GraphFile]:
    """Ontology, shapes and data files (and any extra ones), each with its graph name."""
    paths = layout.ontology_files() + layout.shape_files() + layout.data_files()
    for path in extra or []:
        if Path(path).resolve() not in {p.resolve() for p in paths}:
            paths.append(Path(path))
    return [GraphFile(p, layout.relative(p), layout.graph_name(p)) for p in paths]


def load_into(store: ox.Store, files: list[GraphFile]) -> dict[str, int]:
    """Parse each file and add it to `store` in its named graph; return triples per graph.

    Raises ParseError on the first file that does not parse; validate first to
    see all of them.
    """
    counts: dict[str, int] = {}
    for gf in files:
        parsed: ParsedFile = parse_file(gf.path, gf.display)
        graph = ox.NamedNode(gf.graph)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in parsed.triples)
        counts[gf.graph] = len(set(parsed.triples))
    return counts


def memory_dataset(layout: Layout, extra: list[Path] | None = None) -> ox.Store:
    """An in-memory store with the whole graph, one named graph per file."""
    store = ox.Store()
    load_into(store, graph_files(layout, extra))
    return store


__all__ = ["GraphFile", "graph_files", "load_into", "memory_dataset", "ParseError"]
