"""balkg's SHACL engine gives pyshacl's findings: on the shipped graph, on every fixture under tests/,
and on a 10k-triple benchmark graph; SPARQL constraints run set-at-a-time where that is safe, per focus
node otherwise, with the same results either way."""

from __future__ import annotations

import shutil
import sys
from collections import Counter

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from balkg.cli import cli
from balkg.layout import load_layout
from balkg.rdf.parsing import parse_file, to_rdflib
from balkg.validation.shaclengine import ShapesFailure, validate
from balkg.validation.shaclengine.sparql_query import rewrite
from balkg.rdf.dataset import parse_layout
from balkg.validation import stages
from balkg.validation.findings import Report
from balkg.validation.locator import Locator

from support import FIXTURES, REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402

FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*.ttl") if p.name != "syntax-error.ttl")
KEY = ("focus", "path", "found", "component", "severity", "shape", "file", "line")


def shacl_findings(root, paths=(), engines=("balkg", "pyshacl")):
    """The SHACL findings of each engine, on one parse of the files (so blank nodes are the same)."""
    layout = load_layout(root)
    parsed = parse_layout(layout, list(paths))
    locator = Locator(parsed)
    found = []
    for engine in engines:
        findings = stages.run_shacl(stages.Context(layout, parsed, locator, Report(), shacl_engine=engine))
        found.append(Counter(tuple(getattr(f, k) for k in KEY) for f in findings))
    return found


def test_shipped_graph_same_findings_as_pyshacl():
    mine, theirs = shacl_findings(REPO)
    assert mine == theirs
    assert sum(mine.values()) > 0  # the shipped graph has warnings and infos to compare


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=[str(p.relative_to(FIXTURES)) for p in FIXTURE_FILES])
def test_fixture_same_findings_as_pyshacl(fixture, bare_root):
    mine, theirs = shacl_findings(bare_root, [fixture])
    assert mine == theirs


def test_fixtures_give_findings_of_many_kinds(bare_root):
    """The comparison above is not vacuous: the fixtures make both engines report."""
    components = Counter()
    for fixture in FIXTURE_FILES:
        components.update(key[3] for key in shacl_findings(bare_root, [fixture], engines=["balkg"])[0].elements())
    assert {"SPARQLConstraintComponent", "MinCountConstraintComponent", "ClassConstraintComponent"} <= set(components)
    assert len(components) >= 5, components


def test_benchmark_graph_10k_same_findings_as_pyshacl(tmp_path):
    root = tmp_path / "10k"
    manifest = generate.generate(10_000, seed=1, violations=0.01, out=root)
    mine, theirs = shacl_findings(root)
    assert mine == theirs
    assert sum(mine.values()) >= manifest["planted_total"] // 2


def test_verbose_says_how_each_sparql_constraint_ran(bare_root):
    result = CliRunner().invoke(cli, ["--root", str(bare_root), "validate", "-v", "--skip", "checks",
                                      str(FIXTURES / "defects" / "base.ttl")])
    assert "SPARQL constraint bsh:StatementCitesSourceAndQuoteRule: one query for all focus nodes" in result.stderr
    assert "per focus node" not in result.stderr


def test_engine_pyshacl_is_plain_pyshacl(bare_root):
    result = CliRunner().invoke(cli, ["--root", str(bare_root), "validate", "-v", "--engine", "pyshacl",
                                      "--skip", "checks", str(FIXTURES / "defects" / "statement-without-source.ttl")])
    assert result.exit_code == 1
    assert "SPARQL constraint" not in result.stderr  # pyshacl runs every constraint itself


# ---------------------------------------------------------------- set-at-a-time against per focus node

EX = "http://example.org/"
DATA = f"""
@prefix ex: <{EX}> .
ex:a a ex:T ; ex:p ex:x , ex:y ; ex:q 1 .
ex:b a ex:T ; ex:p ex:x .
ex:c a ex:T ; ex:r ex:a .
ex:x ex:s "x" .
ex:d a ex:U .
"""


def shapes_with(select: str) -> str:
    return f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <{EX}> .
ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:targetNode ex:d ;
  sh:sparql [ sh:select \"\"\"PREFIX ex: <{EX}>
{select}\"\"\" ] .
"""


QUERIES = {
    "not-exists": "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:p ?o . ?o ex:s ?s } }",
    "optional": "SELECT $this ?value WHERE { OPTIONAL { $this ex:p ?value } FILTER(!BOUND(?value)) }",
    "union": "SELECT $this ?value WHERE { { $this ex:p ?value } UNION { ?value ex:r $this } }",
    "nested-optional": "SELECT $this ?v WHERE { ?v ex:s ?s . OPTIONAL { ?v ex:s ?t OPTIONAL { $this ex:p ?v } } }",
    "nested-filter": "SELECT $this WHERE { { ?x ex:s ?y FILTER($this = ex:b) } }",
    "subquery": "SELECT $this ?n WHERE { { SELECT $this (COUNT(?o) AS ?n) WHERE { $this ex:p ?o } GROUP BY $this } }",
    "exists-in-bind": "SELECT $this ?has WHERE { BIND(EXISTS { $this ex:q ?q } AS ?has) FILTER(!?has) }",
    "no-this-projected": "SELECT ?value WHERE { $this ex:p ?value }",
}
SET_AT_A_TIME = {"not-exists", "optional", "union", "exists-in-bind", "no-this-projected"}


def run_engine(tmp_path, select: str, *, per_node: bool):
    (tmp_path / "data.ttl").write_text(DATA)
    (tmp_path / "shapes.ttl").write_text(shapes_with(select))
    data, shapes_file = parse_file(tmp_path / "data.ttl"), parse_file(tmp_path / "shapes.ttl")
    said: list[str] = []
    if per_node:  # the reference evaluation: no rewrite at all
        import balkg.validation.shaclengine.sparql_constraints as sc
        original = sc.rewrite
        sc.rewrite = lambda text, focus: type(original(text, focus))(None, "forced for the test")
        try:
            outcome = validate([data.triples], to_rdflib(shapes_file.triples), shape_triples=shapes_file.triples, say=said.append)
        finally:
            sc.rewrite = original
    else:
        outcome = validate([data.triples], to_rdflib(shapes_file.triples), shape_triples=shapes_file.triples, say=said.append)
    return {r.key() for r in outcome.results}, said


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_set_at_a_time_gives_the_per_node_results(name, tmp_path):
    fast, said = run_engine(tmp_path, QUERIES[name], per_node=False)
    reference, _ = run_engine(tmp_path, QUERIES[name], per_node=True)
    assert fast == reference
    assert any(("one query for all focus nodes" in s) == (name in SET_AT_A_TIME) for s in said if "SPARQL constraint" in s)


def test_pyshacl_agrees_on_the_crafted_queries(tmp_path):
    from balkg.validation.shacl import run_pyshacl

    for name, select in QUERIES.items():
        mine, _ = run_engine(tmp_path, select, per_node=False)
        data = rdflib.Graph().parse(data=DATA, format="turtle")
        report = run_pyshacl(data, rdflib.Graph().parse(data=shapes_with(select), format="turtle"))
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        theirs = {r for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)}
        assert {k[0] for k in mine} == {report.value(r, sh.focusNode) for r in theirs}, name
        assert len(mine) == len(theirs), name


def test_not_exists_becomes_minus_only_when_equivalent():
    focus = "{ SELECT DISTINCT ?this WHERE { ?this a <urn:T> } }"
    safe = rewrite("SELECT $this WHERE { FILTER NOT EXISTS { $this <urn:p> ?o . ?o <urn:q> ?v } }", focus)
    assert "MINUS" in safe.text and "NOT EXISTS" not in safe.text
    # ?o is also used outside: NOT EXISTS sees its binding, MINUS would not
    shared = rewrite("SELECT $this WHERE { ?o <urn:r> $this FILTER NOT EXISTS { $this <urn:p> ?o } }", focus)
    assert "NOT EXISTS" in shared.text and "MINUS" not in shared.text
    # the inner pattern may not bind $this: MINUS with no shared variable removes nothing
    unbound = rewrite("SELECT $this WHERE { FILTER NOT EXISTS { ?x <urn:p> ?o OPTIONAL { $this <urn:q> ?o } } }", focus)
    assert "MINUS" not in (unbound.text or "")


@pytest.mark.parametrize("select", [
    "SELECT $this WHERE { $this ex:p ?o MINUS { $this ex:q ?o } }",
    "SELECT $this WHERE { VALUES ?o { ex:x } $this ex:p ?o }",
    "SELECT $this WHERE { BIND(ex:a AS ?this) }",
    "SELECT $this WHERE { { SELECT * WHERE { $this ex:p ?o } } }",
])
def test_forms_the_recommendation_forbids_are_refused(select, tmp_path):
    with pytest.raises(ShapesFailure):
        run_engine(tmp_path, select, per_node=False)


def test_a_forbidden_form_is_one_line_and_exit_2(bare_root, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(bare_root, root)
    (root / "shapes" / "bad.ttl").write_text(shapes_with("SELECT $this WHERE { $this ex:p ?o MINUS { $this ex:q ?o } }"))
    result = CliRunner().invoke(cli, ["--root", str(root), "validate", "-q", str(FIXTURES / "defects" / "base.ttl")])
    assert result.exit_code == 2
    assert "must not contain MINUS" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_stored_literals_are_reported_as_written(tmp_path):
    """A store canonicalises "01"^^xsd:integer to "1"; the core engine reads the parsed form."""
    (tmp_path / "data.ttl").write_text(f'@prefix ex: <{EX}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                                       'ex:a a ex:T ; ex:n "01"^^xsd:integer .\n')
    (tmp_path / "shapes.ttl").write_text(f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{EX}> .
ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:n ; sh:in ( 1 ) ] .""")
    data, shapes_file = parse_file(tmp_path / "data.ttl"), parse_file(tmp_path / "shapes.ttl")
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in data.triples)
    assert next(iter(store)).object.value in ("1", "01")  # whichever the store keeps, the engine reads the file
    outcome = validate([data.triples], to_rdflib(shapes_file.triples), shape_triples=shapes_file.triples)
    # "01"^^xsd:integer is not the term 1 that sh:in lists (SHACL compares terms, not values)
    assert [r.component.split("#")[1] for r in outcome.results] == ["InConstraintComponent"]


# ---------------------------------------------------------------- the other stages at scale

@pytest.mark.java
def test_reason_refuses_a_graph_above_its_size_in_one_line(monkeypatch, bare_root):
    from balkg.validation import reasoning

    monkeypatch.setattr(reasoning, "MAX_TRIPLES", 100)
    result = CliRunner().invoke(cli, ["--root", str(bare_root), "validate", "-q", "--reason",
                                      str(FIXTURES / "defects" / "base.ttl")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "the reasoning stage handles up to 100 triples" in result.stderr


def test_progress_says_each_stage_with_its_counts(bare_root):
    result = CliRunner().invoke(cli, ["--root", str(bare_root), "validate", str(FIXTURES / "defects" / "base.ttl")])
    lines = result.stderr.splitlines()
    assert lines[0] == "balkg: parsing…"
    assert lines[1].startswith("balkg: parsed ") and " triples of ontology and data (" in lines[1]
    assert any(line.startswith("balkg: shacl: ") and " finding" in line for line in lines)
