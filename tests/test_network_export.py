"""The network exports hold every actor and every actor-to-actor tie (issue 23 §4), read as a
researcher reads them: GraphML with networkx, the edge list with csv."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest

from balkg.rdf.dataset import memory_dataset

ACTORS = """PREFIX balkg: <https://w3id.org/balkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?a WHERE { ?a a/rdfs:subClassOf* balkg:Actor FILTER(isIRI(?a)) }"""
KINDS = {"membership", "structure", "change", "alleged", "designation", "affiliation", "accusation", "judgement"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from click.testing import CliRunner

    from balkg.cli import cli
    from support import REPO

    folder = tmp_path_factory.mktemp("network")
    for fmt, name in (("graphml", "network.graphml"), ("edges-csv", "edges.csv")):
        result = CliRunner().invoke(cli, ["--root", str(REPO), "export", "--format", fmt, "-o", str(folder / name)])
        assert result.exit_code == 0, result.output
    graph = nx.read_graphml(folder / "network.graphml", force_multigraph=True)
    rows = list(csv.DictReader(io.StringIO((folder / "edges.csv").read_text(encoding="utf-8"))))
    return graph, rows


@pytest.fixture(scope="module")
def actors(layout):
    return {r[0].value for r in memory_dataset(layout).query(ACTORS, use_default_graph_as_union=True)}


def test_every_actor_is_a_node(exported, actors):
    graph, _ = exported
    assert len(actors) > 100
    assert actors <= set(graph.nodes)


def test_more_edges_than_nodes_and_every_kind(exported):
    graph, _ = exported
    assert graph.number_of_edges() > graph.number_of_nodes()
    kinds = {data["kind"] for _, _, data in graph.edges(data=True)}
    assert KINDS <= kinds


def test_alleged_ties_carry_their_claimant_and_every_statement_its_evidence(exported):
    graph, _ = exported
    edges = [data for _, _, data in graph.edges(data=True)]
    alleged = [e for e in edges if e["kind"] in ("alleged", "accusation")]
    assert alleged and all(e.get("claimant") for e in alleged)
    with_statement = [e for e in edges if e.get("statement")]
    assert with_statement and all(e.get("evidence_sources") for e in with_statement)


def test_the_edge_list_holds_the_same_edges(exported):
    graph, rows = exported
    from_graphml = sorted((u, v, d["kind"]) for u, v, d in graph.edges(data=True))
    assert from_graphml == sorted((r["source"], r["target"], r["kind"]) for r in rows)
