"""SHACL property paths compiled to SPARQL 1.1 property paths.

Predicate, sequence (an RDF list), sh:alternativePath, sh:inversePath, sh:zeroOrMorePath,
sh:oneOrMorePath and sh:zeroOrOnePath, nested to any depth.
"""

from __future__ import annotations

from rdflib import RDF, SH, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

UNARY = {SH.inversePath: "^{}", SH.zeroOrMorePath: "{}*", SH.oneOrMorePath: "{}+", SH.zeroOrOnePath: "{}?"}


def sparql_path(shapes: Graph, path: Node) -> str:
    """The SPARQL form of the SHACL path `path` in `shapes`; ValueError for a malformed path."""
    if isinstance(path, URIRef):
        return path.n3()
    if not isinstance(path, BNode):
        raise ValueError(f"not a SHACL path: {path}")
    if (path, RDF.first, None) in shapes:
        steps = list(Collection(shapes, path))
        if len(steps) < 2:
            raise ValueError("a sequence path needs at least two members")
        return "(" + "/".join(sparql_path(shapes, s) for s in steps) + ")"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(sparql_path(shapes, s) for s in Collection(shapes, alternatives)) + ")"
    for predicate, form in UNARY.items():
        inner = shapes.value(path, predicate)
        if inner is not None:
            return "(" + form.format(sparql_path(shapes, inner)) + ")"
    raise ValueError(f"not a SHACL path: {path}")
