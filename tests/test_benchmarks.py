"""The benchmark generator makes graphs of the requested size that follow the ontology,
and `validate_layout` reports every violation it plants, and nothing else. No timings here."""

from __future__ import annotations

import json
import sys

import pyoxigraph as ox
import pytest

from balkg.layout import load_layout
from balkg.validation import validate_layout

from support import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402
import run  # noqa: E402

SIZE = 3000


@pytest.fixture(scope="module")
def planted_graph(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench") / "3k"
    manifest = generate.generate(SIZE, seed=7, violations=0.05, out=root)
    return root, manifest


def data_triples(root):
    return sum(len(list(ox.parse(path=str(p), format=ox.RdfFormat.TURTLE))) for p in (root / "data" / "ttl").glob("*.ttl"))


def test_graph_has_about_the_requested_size(planted_graph):
    root, manifest = planted_graph
    triples = data_triples(root)
    assert triples == manifest["data_triples"]
    assert SIZE <= triples <= SIZE * 1.05
    assert json.loads((root / "manifest.json").read_text())["planted_total"] == manifest["planted_total"] > 0


def test_graph_root_is_complete(planted_graph):
    root, _ = planted_graph
    layout = load_layout(root)
    assert layout.ontology_files() and layout.shape_files() and layout.query_files()
    assert len(layout.data_files()) == len(generate.DATA_FILES)


def test_same_seed_gives_the_same_files(tmp_path):
    first = generate.generate(1500, seed=3, out=tmp_path / "a")
    second = generate.generate(1500, seed=3, out=tmp_path / "b")
    assert first == second
    for path in sorted((tmp_path / "a" / "data" / "ttl").glob("*.ttl")):
        assert path.read_bytes() == (tmp_path / "b" / "data" / "ttl" / path.name).read_bytes()
    other = generate.generate(1500, seed=4, out=tmp_path / "c")
    assert other["planted"] != first["planted"] or (tmp_path / "c" / "data" / "ttl" / "events.ttl").read_bytes() != (
        tmp_path / "a" / "data" / "ttl" / "events.ttl").read_bytes()


def test_names_are_synthetic_and_unique(planted_graph):
    root, _ = planted_graph
    store = ox.Store()
    for path in (root / "data" / "ttl").glob("*.ttl"):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    rows = list(store.query("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?s ?label WHERE { ?s skos:prefLabel ?label }"""))
    labels = [row["label"].value for row in rows]
    assert len(labels) == len(set(labels)) > 50


def test_planted_violations_are_all_found_and_nothing_else(planted_graph):
    root, manifest = planted_graph
    report = validate_layout(load_layout(root))
    findings = run._finding_dicts(report.findings)
    per_kind, misses, stray = run.check_planted(manifest, findings)
    assert misses == []
    assert stray == []
    assert sum(found for _, found in per_kind.values()) == manifest["planted_total"]
    assert len({item["kind"] for item in manifest["planted"]}) >= 5
