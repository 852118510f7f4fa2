"""Validation results as the SHACL report model has them, and the W3C report graph they make."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, XSD

from ...rdf.parsing import to_rdflib_term

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Result:
    """One sh:ValidationResult. Shape-side terms (shape, path, constraint) are nodes of the shapes graph."""

    focus: rdflib.term.Node
    component: rdflib.URIRef
    severity: rdflib.URIRef
    shape: rdflib.term.Node
    path: rdflib.term.Node | None = None
    value: rdflib.term.Node | None = None
    constraint: rdflib.term.Node | None = None
    messages: tuple = field(default=(), compare=False)

    def key(self) -> tuple:
        """What two engines must agree on (message wording may differ)."""
        return (self.focus, self.path, self.value, self.component, self.severity, self.shape)


def report_graph(results: list[Result], shapes: rdflib.Graph) -> rdflib.Graph:
    """The sh:ValidationReport of `results`; complex paths are copied from the shapes graph."""
    graph = rdflib.Graph()
    for prefix, namespace in shapes.namespaces():
        graph.bind(prefix, namespace, override=False)
    report = rdflib.BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    conforms = not any(r.severity == SH.Violation for r in results)
    graph.add((report, SH.conforms, rdflib.Literal(conforms, datatype=XSD.boolean)))
    copied: set = set()
    for r in results:
        node = rdflib.BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, r.focus))
        graph.add((node, SH.resultSeverity, r.severity))
        graph.add((node, SH.sourceConstraintComponent, r.component))
        graph.add((node, SH.sourceShape, r.shape))
        if r.path is not None:
            graph.add((node, SH.resultPath, r.path))
            _copy_path(shapes, r.path, graph, copied)
        if r.value is not None:
            graph.add((node, SH.value, r.value))
        if r.constraint is not None:
            graph.add((node, SH.sourceConstraint, r.constraint))
        for message in r.messages:
            graph.add((node, SH.resultMessage, message))
    return graph


def _copy_path(source: rdflib.Graph, path, target: rdflib.Graph, copied: set) -> None:
    """The triples that make a SHACL path (a list, or `[ sh:inversePath p ]` and the like), recursively."""
    if not isinstance(path, rdflib.BNode) or path in copied:
        return
    copied.add(path)
    if source.value(path, RDF.first) is not None:
        for p in (RDF.first, RDF.rest):
            value = source.value(path, p)
            target.add((path, p, value))
            _copy_path(source, value, target, copied)
        return
    for p in (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        value = source.value(path, p)
        if value is not None:
            target.add((path, p, value))
            _copy_path(source, value, target, copied)
            return


def rdflib_term(term):
    """A pyoxigraph term as rdflib's (blank nodes keep their id, so both sides name the same node)."""
    return None if term is None else to_rdflib_term(term)


def ox_term(term):
    """An rdflib term as pyoxigraph's."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"unsupported term {term!r}")
