"""SHACL targets compiled to one SPARQL group pattern that binds ?this to every focus node of a shape.

All target kinds of SHACL Core: sh:targetNode, sh:targetClass and implicit class targets (instances
through rdfs:subClassOf*), sh:targetSubjectsOf, sh:targetObjectsOf. A shape without targets gives None.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, SH, Graph, Literal, URIRef
from rdflib.term import Node

FOCUS = "this"


def term(node: Node) -> str:
    if isinstance(node, (URIRef, Literal)):
        return node.n3()
    raise ValueError(f"a blank node cannot be named in a query: {node}")


def target_pattern(shapes: Graph, shape: Node) -> str | None:
    """A pattern binding ?this to the focus nodes of `shape`, or None when the shape has no target."""
    branches = [f"VALUES ?{FOCUS} {{ {term(n)} }}" for n in shapes.objects(shape, SH.targetNode)]
    classes = list(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes and isinstance(shape, URIRef):
        classes.append(shape)
    branches += [f"?{FOCUS} a/<{RDFS.subClassOf}>* {term(c)} ." for c in classes]
    branches += [f"?{FOCUS} {term(p)} [] ." for p in shapes.objects(shape, SH.targetSubjectsOf)]
    branches += [f"[] {term(p)} ?{FOCUS} ." for p in shapes.objects(shape, SH.targetObjectsOf)]
    if not branches:
        return None
    return " UNION ".join(f"{{ {b} }}" for b in sorted(set(branches)))
