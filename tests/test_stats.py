"""`balkg stats`: counts per graph, class and source; conflicting claim groups; provenance coverage."""

from __future__ import annotations

import json

import pytest
import rdflib

from balkg.layout import load_layout
from balkg.rdf.dataset import memory_dataset

from support import FIXTURES, REPO


def stats_json(run, root):
    result = run(root, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows(document, name):
    return [{k: v["value"] for k, v in b.items()} for b in document[name]["results"]["bindings"]]


@pytest.fixture
def fixture_root(make_root):
    return make_root(data={"base.ttl": FIXTURES / "defects" / "base.ttl", "claims.ttl": FIXTURES / "stats" / "claims.ttl"})


def test_conflicting_claim_groups_and_coverage_on_a_fixture(run, fixture_root):
    document = stats_json(run, fixture_root)
    groups = rows(document, "stats/04-conflicting-claim-groups")
    found = {(g.get("category"), g["versions"], (g["lowest"], g["highest"])) for g in groups}
    assert found == {
        (None, "2", ("2025-02-02", "2025-02-04")),
        ("https://w3id.org/balkg/concept/claim-category/civilians", "2", ("18", "31")),
    }
    [coverage] = rows(document, "stats/05-provenance-coverage")
    assert (coverage["statements"], coverage["with_source"], coverage["with_quote"]) == ("5", "5", "4")
    assert float(coverage["quote_share_percent"]) == 80.0


def test_triples_per_graph_match_the_files(run, fixture_root):
    root = fixture_root
    counts = {r["graph"]: int(r["triples"]) for r in rows(stats_json(run, root), "stats/01-triples-per-graph")}
    for name in ("claims.ttl", "base.ttl"):
        expected = len(rdflib.Graph().parse(root / "data" / "ttl" / name))
        assert counts[f"https://w3id.org/balkg/graph/data/ttl/{name}"] == expected


def test_shipped_graph_has_full_provenance(run):
    [coverage] = rows(stats_json(run, REPO), "stats/05-provenance-coverage")
    assert coverage["source_share_percent"].startswith("100")
    # A statement without a verbatim quote rests on the reference notes' paraphrase (weak support, a SHACL
    # warning): the quote share counts exactly the statements that are not so marked.
    marked = memory_dataset(load_layout(REPO)).query("""
        PREFIX balkg: <https://w3id.org/balkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?class rdfs:subClassOf* balkg:Statement . ?s a ?class ;
          balkg:evidence/balkg:paraphrase ?p . FILTER NOT EXISTS { ?s balkg:evidence/balkg:quote ?q } }""",
        use_default_graph_as_union=True)
    [[paraphrased]] = list(marked)
    assert int(coverage["statements"]) - int(coverage["with_quote"]) == int(paraphrased.value)


def test_table_output_is_titled_by_query_summaries(run):
    result = run("stats")
    assert result.exit_code == 0
    assert "Share of statements with a source and with an evidence quote" in result.stdout
    assert "Groups of claims that disagree" in result.stdout
