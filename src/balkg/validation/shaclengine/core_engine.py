"""SHACL Core constraints by the `shacl` package (a Rust engine), fed N-Triples of the parsed terms.

The data goes over as N-Triples written from the parsed triples, not from a store,
so literals keep the form they were written in ("01"^^xsd:integer stays "01").
`shacl` names blank nodes `_:<graph>_b<n>`, n counting blank nodes in the order
they first appear, shapes graph first (graph 1) then data (graph 0): that order is
rebuilt here to map its blank nodes back to ours.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

import pyoxigraph as ox
import rdflib

from .results import SH, Result, ox_term, rdflib_term
from .sparql_constraints import ShapesFailure

_BNODE = re.compile(r"^_:(\d+)_b(\d+)$")


class CoreEngine:
    """Validates data against shapes (minus the sh:sparql constraints evaluated elsewhere)."""

    name = "shacl"

    def __init__(self, shapes: rdflib.Graph, without: set[tuple] = frozenset(), parsed: list | None = None):
        """`parsed`: the shapes as parsed by pyoxigraph, with literals as written (rdflib reads
        "1"^^xsd:boolean as true, which SHACL does not); `shapes` is the same graph in rdflib."""
        import shacl

        if parsed is None:
            parsed = [ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in shapes]
        leave_out = {ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in without}
        triples = [t for t in parsed if t not in leave_out]
        self._shapes_graph = shapes
        self._shape_bnodes = _bnodes_in_order(triples)
        try:
            self._compiled = shacl.Shapes.from_text(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(),
                                                    format="ntriples")
        except ValueError as exc:
            raise ShapesFailure(f"the shapes graph is not valid SHACL: {exc}") from exc

    def validate(self, data: Callable[[], Iterable[ox.Triple]], ntriples: bytes) -> list[Result]:
        """`ntriples` is `data()` written as N-Triples; `data` is asked again only to map blank nodes."""
        try:
            report = self._compiled.validate_text(ntriples.decode(), format="ntriples", allow_warnings=True)
        except ValueError as exc:  # e.g. a SPARQL-based component that re-binds a pre-bound variable
            raise ShapesFailure(f"the shapes cannot be evaluated: {' '.join(str(exc).split())[:200]}") from exc
        data_bnodes: list | None = None

        def term(text: str | None):
            nonlocal data_bnodes
            if text is None:
                return None
            match = _BNODE.match(text)
            if match is None:
                return rdflib_term(_parse_term(text))
            index = int(match.group(2))
            if match.group(1) == "1":
                return rdflib.BNode(self._shape_bnodes[index].value)
            if data_bnodes is None:
                data_bnodes = _bnodes_in_order(data())
            return rdflib.BNode(data_bnodes[index - len(self._shape_bnodes)].value)

        results = []
        for r in report.results:
            shape = term(r.source_shape)
            results.append(Result(
                focus=term(r.focus_node), component=rdflib.URIRef(r.component_iri),
                severity=rdflib.URIRef(r.severity_iri), shape=shape,
                path=self._path(shape, r.path), value=term(r.value),
                messages=tuple(rdflib.Literal(m) for m in r.messages),
            ))
        return results


    def _path(self, shape, rendered: str | None):
        """The shape's own sh:path node; else the predicate `shacl` names (sh:closed reports one)."""
        path = self._shapes_graph.value(shape, SH.path)
        if path is not None or not rendered:
            return path
        if rendered.startswith("<") and rendered.endswith(">"):
            return rdflib.URIRef(rendered[1:-1])
        return None


def _bnodes_in_order(triples: Iterable[ox.Triple]) -> list[ox.BlankNode]:
    seen: dict = {}
    for t in triples:
        for node in (t.subject, t.object):
            if isinstance(node, ox.BlankNode) and node not in seen:
                seen[node] = None
    return list(seen)


def _parse_term(text: str):
    triple = next(iter(ox.parse(f"<urn:x-balkg:s> <urn:x-balkg:p> {text} .", format=ox.RdfFormat.N_TRIPLES)))
    return triple.object


def sparql_triples(shapes: rdflib.Graph, shapes_done: Iterable) -> set[tuple]:
    """The sh:sparql triples of the given shapes, to keep from the core engine."""
    return {(s, SH.sparql, o) for s in shapes_done for o in shapes.objects(s, SH.sparql)}

