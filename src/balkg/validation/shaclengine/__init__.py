"""balkg's SHACL engine: Core constraints in Rust, SHACL-SPARQL constraints set-at-a-time on pyoxigraph.

    outcome = validate(triple_lists, shapes_graph, say=print)

- Core constraints: the `shacl` package (core_engine.py), given N-Triples of the parsed
  data, so literals keep their written form.
- sh:sparql constraints: one query per constraint on a pyoxigraph store holding the data
  (sparql_constraints.py); a constraint whose query cannot be rewritten safely runs once
  per focus node, and `say` is told which.
- pyshacl stays the reference: `balkg validate --engine pyshacl` runs it on the whole graph,
  and the tests compare the two on every fixture, the benchmark graph and the W3C suite.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Callable

import pyoxigraph as ox
import rdflib

from . import sparql_constraints
from .core_engine import CoreEngine, sparql_triples
from .results import Result, report_graph
from .sparql_constraints import ShapesFailure

__all__ = ["Outcome", "Result", "ShapesFailure", "report_graph", "validate"]


@dataclass
class Outcome:
    results: list[Result]
    notes: list[str] = field(default_factory=list)  # how each SPARQL constraint was evaluated
    timings: dict[str, float] = field(default_factory=dict)


def validate(data: list[list[ox.Triple]], shapes: rdflib.Graph, *, shape_triples: list | None = None,
             store: ox.Store | None = None, union: bool = False,
             say: Callable[[str], None] | None = None) -> Outcome:
    """Validate the union of `data` (lists of parsed triples) against `shapes`.

    `shape_triples`: the shapes as parsed by pyoxigraph (`shapes` is made from them); the
    core engine reads those, so shape literals keep their written form too.
    `store`, when given, already holds that data: in its default graph, or with `union`
    in its named graphs (queries then read their union).
    """
    import time

    notes: list[str] = []
    tell = say or (lambda message: None)

    def note(message: str) -> None:
        notes.append(message)
        tell(message)

    timings = {}
    start = time.perf_counter()
    triples = lambda: itertools.chain.from_iterable(data)  # noqa: E731
    plan = sparql_constraints.plan(shapes)
    for shape, why in plan.left.items():
        note(f"SPARQL constraints of {sparql_constraints.qname(shapes, shape)} are left to {CoreEngine.name}: {why}")
    done = {c.shape for c in plan.constraints}
    ntriples = ox.serialize(triples(), format=ox.RdfFormat.N_TRIPLES)
    core = CoreEngine(shapes, without=sparql_triples(shapes, done), parsed=shape_triples)
    results = core.validate(triples, ntriples)
    del ntriples
    timings["core"] = time.perf_counter() - start

    if plan.constraints:
        start = time.perf_counter()
        if store is None:
            store, union = ox.Store(), False
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples())
        timings["store"] = time.perf_counter() - start
        start = time.perf_counter()
        on_store = sparql_constraints.DataStore(store, union, triples)
        results += sparql_constraints.evaluate(plan.constraints, on_store, shapes, note)
        timings["sparql"] = time.perf_counter() - start
    return Outcome(results, notes, timings)
