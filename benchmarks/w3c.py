"""Run SHACL engines over the W3C SHACL test suite and compare their reports with the expected ones.

    python benchmarks/w3c.py [SUITE_DIR]        # default: <repo>/../shared/reference/w3c-shacl-tests

Engines: balkg (balkg.validation.shaclengine), pyshacl (as `balkg validate --engine pyshacl` runs it),
pyshacl-turbo and shacl (each on the whole shapes graph, as their users would run them).
Reports are compared as the suite intends: the same set of results by focus node, path,
value, severity, source shape and constraint component, blank nodes by their structure,
never by message text. A test whose expected result is sht:Failure passes when the engine
refuses the shapes.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD

REPO = Path(__file__).resolve().parents[1]
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
FAILURE = "failure"


def suite_dir() -> Path | None:
    """The suite beside the checkout (CI lays `shared/` next to the clone), or $BALKG_W3C_SHACL_TESTS."""
    override = os.environ.get("BALKG_W3C_SHACL_TESTS")
    candidates = [Path(override)] if override else []
    candidates.append(REPO.parent / "shared" / "reference" / "w3c-shacl-tests")
    for candidate in candidates:
        if (candidate / "tests" / "manifest.ttl").is_file():
            return candidate / "tests"
    return None


@dataclass
class Case:
    name: str  # path of the test file under tests/, without .ttl
    data: Path
    shapes: Path
    manifest: Path
    node: rdflib.term.Node  # the test entry, in its manifest's graph


def cases(tests: Path) -> list[Case]:
    found: list[Case] = []
    _collect(tests / "manifest.ttl", tests, found, set())
    return found


def _collect(manifest: Path, root: Path, found: list[Case], seen: set) -> None:
    if manifest in seen:
        return
    seen.add(manifest)
    graph = _graph(manifest)
    for node in graph.subjects(RDF.type, MF.Manifest):
        for included in graph.objects(node, MF.include):
            _collect(_path(included), root, found, seen)
        for entries in graph.objects(node, MF.entries):
            for entry in Collection(graph, entries):
                if graph.value(entry, MF.status) != SHT.approved:
                    continue
                action = graph.value(entry, MF.action)
                found.append(Case(
                    name=str(manifest.relative_to(root).with_suffix("")),
                    data=_path(graph.value(action, SHT.dataGraph)),
                    shapes=_path(graph.value(action, SHT.shapesGraph)),
                    manifest=manifest, node=entry,
                ))


_GRAPHS: dict[Path, rdflib.Graph] = {}


def _graph(path: Path) -> rdflib.Graph:
    if path not in _GRAPHS:
        _GRAPHS[path] = rdflib.Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())
    return _GRAPHS[path]


def _path(iri) -> Path:
    return Path(str(iri).removeprefix("file://"))


# ---------------------------------------------------------------- comparing reports

def signature(graph: rdflib.Graph, term, depth: int = 0) -> str:
    """A term as text; a blank node as the sorted description of its triples, recursively."""
    if term is None:
        return "-"
    if isinstance(term, rdflib.Literal) and term.datatype == XSD.string:
        return rdflib.Literal(str(term)).n3()  # "x" and "x"^^xsd:string are the same literal
    if not isinstance(term, rdflib.BNode):
        return term.n3()
    if depth > 4:
        return "[…]"
    parts = sorted(f"{p.n3()} {signature(graph, o, depth + 1)}" for p, o in graph.predicate_objects(term))
    return "[" + "; ".join(parts) + "]"


def keys_of_report(report: rdflib.Graph, graph_of_terms: rdflib.Graph, shapes: rdflib.Graph) -> set[tuple]:
    """Top-level results of a report graph as comparable keys."""
    keys = set()
    for node in report.subjects(RDF.type, SH.ValidationReport):
        for result in report.objects(node, SH.result):
            keys.add(_key(report, result, graph_of_terms, shapes))
    return keys


def _key(report, result, data, shapes) -> tuple:
    value = report.value
    path = value(result, SH.resultPath)
    return (signature(data, value(result, SH.focusNode)),
            signature(report if isinstance(path, rdflib.BNode) else shapes, path),
            signature(data, value(result, SH.value)),
            signature(shapes, value(result, SH.sourceConstraintComponent)),
            signature(shapes, value(result, SH.resultSeverity)),
            signature(shapes, value(result, SH.sourceShape)))


def expected(case: Case):
    graph = _graph(case.manifest)
    result = graph.value(case.node, MF.result)
    if result == SHT.Failure:
        return FAILURE
    return {_key(graph, r, graph, graph) for r in graph.objects(result, SH.result)}


# ---------------------------------------------------------------- engines

def run_balkg(case: Case):
    from balkg.rdf.parsing import parse_file, to_rdflib
    from balkg.validation.shaclengine import ShapesFailure, report_graph, validate

    data, shapes_file = parse_file(case.data), parse_file(case.shapes)
    shapes = to_rdflib(shapes_file.triples)
    try:
        outcome = validate([data.triples], shapes, shape_triples=shapes_file.triples)
    except ShapesFailure:
        return FAILURE
    return keys_of_report(report_graph(outcome.results, shapes), to_rdflib(data.triples), shapes)


def run_pyshacl(case: Case):
    from balkg.validation.shacl import run_pyshacl as run

    data, shapes = _graph(case.data), _graph(case.shapes)
    try:
        report = run(data, shapes)
        if not isinstance(report, rdflib.Graph):  # pyshacl returns a ValidationFailure in place of a report
            return FAILURE
    except NotImplementedError:
        return "not implemented"
    except Exception as exc:  # pyshacl's ReportableRuntimeError, ValidationFailure, ConstraintLoadError
        if type(exc).__module__.startswith("pyshacl"):
            return FAILURE
        raise
    return keys_of_report(report, data, shapes)


def run_turbo(case: Case):
    import pyshacl_turbo

    data, shapes = _graph(case.data), _graph(case.shapes)
    try:
        _conforms, report, _text = pyshacl_turbo.validate(data, shacl_graph=shapes, advanced=True,
                                                          allow_warnings=True, allow_infos=True)
    except NotImplementedError:
        return "not implemented"
    except Exception:
        return FAILURE
    if not isinstance(report, rdflib.Graph):
        return FAILURE
    return keys_of_report(report, data, shapes)


def run_shacl_package(case: Case):
    """The `shacl` package on the whole shapes graph (its sh:sparql constraints included)."""
    import pyoxigraph as ox

    from balkg.rdf.parsing import parse_file, to_rdflib
    from balkg.validation.shaclengine import ShapesFailure, report_graph
    from balkg.validation.shaclengine.core_engine import CoreEngine

    data, shapes_file = parse_file(case.data), parse_file(case.shapes)
    shapes = to_rdflib(shapes_file.triples)
    try:
        engine = CoreEngine(shapes, parsed=shapes_file.triples)  # maps its blank nodes back to the parsed ones
        results = engine.validate(lambda: data.triples, ox.serialize(data.triples, format=ox.RdfFormat.N_TRIPLES))
    except ShapesFailure:
        return FAILURE
    return keys_of_report(report_graph(results, shapes), to_rdflib(data.triples), shapes)


ENGINES = {"balkg": run_balkg, "pyshacl": run_pyshacl, "pyshacl-turbo": run_turbo, "shacl": run_shacl_package}


def main(argv: list[str]) -> int:
    tests = Path(argv[0]) / "tests" if argv else suite_dir()
    if tests is None:
        print("W3C SHACL test suite not found (set BALKG_W3C_SHACL_TESTS)", file=sys.stderr)
        return 2
    all_cases = cases(tests)
    print(f"{len(all_cases)} approved tests in {tests}")
    answers: dict[str, dict[str, object]] = {}
    for engine, run in ENGINES.items():
        start = time.perf_counter()
        answers[engine] = {case.name: _safely(run, case) for case in all_cases}
        passed = [c.name for c in all_cases if answers[engine][c.name] == expected(c)]
        failed = [c.name for c in all_cases if c.name not in passed]
        print(f"{engine}: {len(passed)}/{len(all_cases)} pass ({time.perf_counter() - start:.1f} s); "
              f"fails: {', '.join(failed) or 'none'}")
    same = [c.name for c in all_cases if answers["balkg"][c.name] == answers["pyshacl"][c.name]]
    print(f"balkg and pyshacl give the same results on {len(same)}/{len(all_cases)}")
    return 0


def _safely(run, case):
    try:
        return run(case)
    except Exception as exc:  # an engine crash counts as a failed test, not a crashed comparison
        return f"crashed: {type(exc).__name__}: {exc}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
