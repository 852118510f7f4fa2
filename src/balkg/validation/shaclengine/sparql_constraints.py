"""SHACL-SPARQL constraints (sh:sparql) evaluated on a pyoxigraph store, one query per constraint.

The Recommendation runs a constraint's SELECT once per focus node with $this
pre-bound. Here the focus nodes come from the shape's targets, written as a
SPARQL pattern, and the query is joined with it (see sparql_query.rewrite). A
query that cannot be rewritten safely runs once per focus node with $this
substituted (pyoxigraph's `substitutions`, SEP-0007): same results, slower.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Callable

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from ...errors import BalkgError
from .results import SH, Result, ox_term, rdflib_term
from .sparql_query import (
    ForbiddenQuery,
    prebind,
    rewrite,
    substitute_path,
    tokens,
    with_this_projected,
)

SHAPES_GRAPH = ox.NamedNode("urn:x-balkg:shapes-graph")
_NESTING = (SH.node, SH["not"], SH.qualifiedValueShape, RDF.first)
_TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
_TRUE = rdflib.Literal(True)


class ShapesFailure(BalkgError):
    """The shapes graph is ill-formed for SHACL-SPARQL (the W3C suite's sht:Failure)."""

    exit_code = 2


@dataclass
class SparqlConstraint:
    shape: rdflib.term.Node
    node: rdflib.term.Node
    select: str
    prefixes: dict[str, str]
    messages: list
    severity: rdflib.URIRef
    path: rdflib.term.Node | None
    focus_pattern: str

    def name(self, shapes: rdflib.Graph) -> str:
        return qname(shapes, self.shape)


@dataclass
class Plan:
    """The constraints evaluated here, and the shapes whose sh:sparql stays with the other engine."""

    constraints: list[SparqlConstraint] = field(default_factory=list)
    left: dict = field(default_factory=dict)  # shape -> why it is not evaluated here


def plan(shapes: rdflib.Graph) -> Plan:
    result = Plan()
    for shape in sorted(set(shapes.subjects(SH.sparql, None)), key=str):
        if shapes.value(shape, SH.deactivated) == _TRUE:
            continue
        pattern, why = _focus_pattern(shapes, shape)
        if pattern is None:
            result.left[shape] = why
            continue
        path = shapes.value(shape, SH.path)
        for node in sorted(shapes.objects(shape, SH.sparql), key=str):
            if shapes.value(node, SH.deactivated) == _TRUE:
                continue
            select = shapes.value(node, SH.select)
            if select is None:
                raise ShapesFailure(f"{qname(shapes, node)}: a SPARQL-based constraint needs exactly one sh:select")
            result.constraints.append(SparqlConstraint(
                shape=shape, node=node, select=str(select), prefixes=_prefixes(shapes, node),
                messages=list(shapes.objects(node, SH.message)) + list(shapes.objects(shape, SH.message)),
                severity=shapes.value(shape, SH.severity) or SH.Violation, path=path,
                focus_pattern=pattern,
            ))
    return result


class DataStore:
    """The data graph on a pyoxigraph store: its default graph, or the union of its named graphs.

    `$shapesGraph` needs the shapes as a named graph beside the data: such a query runs on a
    second store holding both, made when first needed.
    """

    def __init__(self, store: ox.Store, union: bool, triples: Callable):
        self.store, self.union, self._triples = store, union, triples
        self._with_shapes: ox.Store | None = None

    def query(self, text: str, substitutions: dict, shapes: rdflib.Graph | None = None):
        if shapes is None:
            return self.store.query(text, substitutions=substitutions, use_default_graph_as_union=self.union)
        if self._with_shapes is None:
            self._with_shapes = ox.Store()
            self._with_shapes.extend(ox.Quad(t.subject, t.predicate, t.object) for t in self._triples())
            self._with_shapes.extend(ox.Quad(ox_term(s), ox_term(p), ox_term(o), SHAPES_GRAPH) for s, p, o in shapes)
        return self._with_shapes.query(text, substitutions=substitutions)


def evaluate(constraints: list[SparqlConstraint], store: DataStore, shapes: rdflib.Graph,
             say: Callable[[str], None]) -> list[Result]:
    """Every result of every constraint.

    Values come from the store, which keeps numbers, booleans and dates in canonical form
    ("01"^^xsd:integer as "1"); rdflib, and so pyshacl and the report, does the same.
    """
    results: list[Result] = []
    for constraint in constraints:
        start = time.perf_counter()
        found = _evaluate_one(constraint, store, shapes, say)
        results.extend(found)
        say(f"  {len(found)} result(s) in {time.perf_counter() - start:.2f} s")
    return results


def _evaluate_one(c: SparqlConstraint, store: DataStore, shapes: rdflib.Graph, say) -> list[Result]:
    text = c.select
    if c.path is not None:
        text = substitute_path(text, _sparql_path(shapes, c.path))
    elif any(t.var == "PATH" for t in tokens(text)):
        raise ShapesFailure(f"{c.name(shapes)}: $PATH in the query of a shape that has no sh:path")
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in c.prefixes.items())
    focus_group = "{ SELECT DISTINCT ?this WHERE { " + c.focus_pattern + " } }"
    used = {t.var for t in tokens(text) if t.kind == "var"}
    constants = {}
    if "currentShape" in used:
        if isinstance(c.shape, rdflib.BNode):
            raise ShapesFailure(f"{c.name(shapes)}: $currentShape of a blank-node shape is not supported")
        constants["currentShape"] = c.shape.n3()
    if "shapesGraph" in used:
        constants["shapesGraph"] = f"<{SHAPES_GRAPH.value}>"
    with_shapes = shapes if "shapesGraph" in used else None
    text = prebind(text, constants)
    try:
        plan_ = rewrite(prologue + text, focus_group)
    except ForbiddenQuery as exc:
        raise ShapesFailure(f"{c.name(shapes)}: {exc}") from exc
    rows = []
    if plan_.text is not None:
        say(f"SPARQL constraint {c.name(shapes)}: one query for all focus nodes")
        rows = list(_rows(store.query(plan_.text, {}, with_shapes)))
    else:
        say(f"SPARQL constraint {c.name(shapes)}: one query per focus node ({plan_.reason})")
        focus_query = prologue + "SELECT DISTINCT ?this WHERE { " + c.focus_pattern + " }"
        for focus in [s["this"] for s in store.query(focus_query, {}, with_shapes)]:
            rows.extend({**row, "this": focus} for row in _per_node(store, prologue, text, focus, with_shapes))
    return _results(c, rows)


def _per_node(store: DataStore, prologue: str, text: str, focus, with_shapes):
    """Solutions with $this pre-bound to `focus`: written into the query as the Recommendation
    defines it; by pyoxigraph's substitution where it cannot be written (a blank node, GROUP BY $this)."""
    if not isinstance(focus, ox.BlankNode):
        try:
            return list(_rows(store.query(prologue + prebind(text, {"this": rdflib_term(focus).n3()}), {}, with_shapes)))
        except SyntaxError:
            pass
    return list(_rows(store.query(with_this_projected(prologue + text), {ox.Variable("this"): focus}, with_shapes)))


def _rows(solutions):
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {name: solution[name] for name in names if solution[name] is not None}


def _results(c: SparqlConstraint, rows: list[dict]) -> list[Result]:
    """Solutions mapped to results as SHACL 5.3.2 says; identical solutions give one result."""
    results, seen = [], set()
    for row in rows:
        key = tuple(sorted((k, str(v)) for k, v in row.items()))
        if key in seen:
            continue
        seen.add(key)
        values = {k: rdflib_term(v) for k, v in row.items()}
        focus = values["this"]
        value = values.get("value")
        if value is None and c.path is None:
            value = focus
        results.append(Result(
            focus=focus, component=SH.SPARQLConstraintComponent, severity=c.severity, shape=c.shape,
            path=values.get("path", c.path), value=value, constraint=c.node,
            messages=tuple(_message(m, values) for m in c.messages),
        ))
    return results


def _message(message, values: dict):
    text = str(message)
    for name, value in values.items():
        text = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _m: str(value), text)
    return rdflib.Literal(text)


# ---------------------------------------------------------------- focus nodes as a SPARQL pattern

def _focus_pattern(shapes: rdflib.Graph, shape) -> tuple[str | None, str | None]:
    """A group pattern binding ?this to each focus node of `shape`, or (None, why not)."""
    owners = [shape]
    if shapes.value(shape, SH.path) is not None:
        owners += list(shapes.subjects(SH.property, shape))
    branches = []
    for owner in owners:
        if any(True for p in _NESTING for _ in shapes.subjects(p, owner)):
            return None, "the shape is used inside another shape (sh:node, sh:not, a list)"
        if owner is not shape and any(True for _ in shapes.subjects(SH.property, owner)):
            return None, "the shape is nested two levels deep"
        if shapes.value(owner, SH.target) is not None:
            return None, "the shape has a SPARQL-based target"
        for node in shapes.objects(owner, SH.targetNode):
            if isinstance(node, rdflib.BNode):
                return None, "a target node is a blank node"
            branches.append(f"VALUES ?this {{ {node.n3()} }}")
        classes = list(shapes.objects(owner, SH.targetClass))
        if (owner, RDF.type, RDFS.Class) in shapes or (owner, RDF.type, OWL.Class) in shapes:
            classes.append(owner)
        for cls in classes:
            if isinstance(cls, rdflib.BNode):
                return None, "a target class is a blank node"
            branches.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* {cls.n3()}")
        for prop in shapes.objects(owner, SH.targetSubjectsOf):
            branches.append(f"?this {prop.n3()} ?_balkg_o")
        for prop in shapes.objects(owner, SH.targetObjectsOf):
            branches.append(f"?_balkg_s {prop.n3()} ?this")
    if not branches:
        return "FILTER(false)", None
    return " UNION ".join("{ " + b + " }" for b in branches), None


# ---------------------------------------------------------------- shapes-graph helpers

def _prefixes(shapes: rdflib.Graph, constraint) -> dict[str, str]:
    prefixes = {}
    holders, pending = set(), list(shapes.objects(constraint, SH.prefixes))
    while pending:  # the declarations of the sh:prefixes node and of what it owl:imports, transitively
        holder = pending.pop()
        if holder not in holders:
            holders.add(holder)
            pending.extend(shapes.objects(holder, OWL.imports))
    for holder in sorted(holders, key=str):
        for declaration in shapes.objects(holder, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise ShapesFailure(f"{qname(shapes, holder)}: sh:declare needs sh:prefix and sh:namespace")
            prefixes[str(prefix)] = str(namespace)
    return prefixes


def _sparql_path(shapes: rdflib.Graph, path) -> str:
    """A SHACL property path in SPARQL syntax."""
    if isinstance(path, rdflib.URIRef):
        return path.n3()
    if shapes.value(path, RDF.first) is not None:
        return "(" + "/".join(_sparql_path(shapes, p) for p in Collection(shapes, path)) + ")"
    for prop, template in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"),
                           (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
        inner = shapes.value(path, prop)
        if inner is not None:
            return template.format(_sparql_path(shapes, inner))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_sparql_path(shapes, p) for p in Collection(shapes, alternatives)) + ")"
    raise ShapesFailure(f"unsupported sh:path {path}")


def qname(graph: rdflib.Graph, term) -> str:
    if isinstance(term, rdflib.URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:
            return f"<{term}>"
    return f"_:{term}"
