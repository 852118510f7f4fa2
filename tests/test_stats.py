"""`balkg stats`: counts per graph, class and source; conflicting claim groups; provenance coverage."""

from __future__ import annotations

import json
import shutil

import rdflib

from click.testing import CliRunner

from balkg.cli import cli
from balkg.dataset import memory_dataset
from balkg.layout import load_layout

from conftest import FIXTURES, REPO


def stats_json(root):
    result = CliRunner().invoke(cli, ["--root", str(root), "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows(document, name):
    return [{k: v["value"] for k, v in b.items()} for b in document[name]["results"]["bindings"]]


def fixture_root(tmp_path):
    root = tmp_path / "graph"
    root.mkdir()
    shutil.copy(REPO / "balkg.toml", root / "balkg.toml")
    for part in ("ontology", "shapes", "queries"):
        shutil.copytree(REPO / part, root / part)
    data = root / "data" / "ttl"
    data.mkdir(parents=True)
    shutil.copy(FIXTURES / "defects" / "base.ttl", data / "base.ttl")
    shutil.copy(FIXTURES / "stats" / "claims.ttl", data / "claims.ttl")
    return root


def test_conflicting_claim_groups_and_coverage_on_a_fixture(tmp_path):
    document = stats_json(fixture_root(tmp_path))
    groups = rows(document, "stats/04-conflicting-claim-groups")
    found = {(g.get("category"), g["versions"], (g["lowest"], g["highest"])) for g in groups}
    assert found == {
        (None, "2", ("2025-02-02", "2025-02-04")),
        ("https://w3id.org/balkg/concept/claim-category/civilians", "2", ("18", "31")),
    }
    [coverage] = rows(document, "stats/05-provenance-coverage")
    assert (coverage["statements"], coverage["with_source"], coverage["with_quote"]) == ("5", "5", "4")
    assert float(coverage["quote_share_percent"]) == 80.0


def test_triples_per_graph_match_the_files(tmp_path):
    root = fixture_root(tmp_path)
    counts = {r["graph"]: int(r["triples"]) for r in rows(stats_json(root), "stats/01-triples-per-graph")}
    for name in ("claims.ttl", "base.ttl"):
        expected = len(rdflib.Graph().parse(root / "data" / "ttl" / name))
        assert counts[f"https://w3id.org/balkg/graph/data/ttl/{name}"] == expected


def test_shipped_graph_has_full_provenance():
    [coverage] = rows(stats_json(REPO), "stats/05-provenance-coverage")
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


def test_table_output_is_titled_by_query_summaries():
    result = CliRunner().invoke(cli, ["--root", str(REPO), "stats"])
    assert result.exit_code == 0
    assert "Share of statements with a source and with an evidence quote" in result.stdout
    assert "Groups of claims that disagree" in result.stdout
