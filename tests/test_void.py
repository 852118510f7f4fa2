"""The dataset others can cite and catalogue: `balkg export --void`, CITATION.cff and the licence files."""

from __future__ import annotations

import json
import shutil
import tomllib
from collections import Counter
from pathlib import Path

import jsonschema
import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner

from balkg.cli import cli
from balkg.layout import load_layout

from support import REPO

VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
SCHEMAS = Path(__file__).parent / "schemas"


def export_void(*args, root=REPO):
    return CliRunner().invoke(cli, ["--root", str(root), "export", "--void", *args])


def void_store(*args) -> ox.Store:
    result = export_void(*args)
    assert result.exit_code == 0, result.output
    store = ox.Store()
    store.load(result.stdout_bytes, format=ox.RdfFormat.TURTLE)
    return store


def one(store, query):
    rows = list(store.query("PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcterms: <http://purl.org/dc/terms/> "
                            "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
                            + query))
    assert len(rows) == 1, rows
    return rows[0]


def data_triples():
    layout = load_layout(REPO)
    return {t for f in layout.data_files() for t in ox.parse(path=str(f))}


def test_void_carries_the_curated_description():
    store = void_store()
    row = one(store, "SELECT ?d ?title ?licence ?version ?publisher WHERE { ?d a void:Dataset ; dcterms:title ?title ; "
                     "dcterms:license ?licence ; owl:versionInfo ?version ; dcterms:publisher/foaf:name ?publisher }")
    assert row["title"].value.startswith("balkg")
    assert row["licence"].value == CC_BY
    assert row["version"].value == tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert row["publisher"].value == "balkg contributors"


def test_void_counts_are_those_of_the_data_files():
    triples = data_triples()
    store = void_store()
    row = one(store, "SELECT ?t ?e WHERE { ?d a void:Dataset ; void:triples ?t ; void:entities ?e }")
    assert int(row["t"].value) == len(triples)
    assert int(row["e"].value) == len({t.subject for t in triples if isinstance(t.subject, ox.NamedNode)})
    instances = Counter(t.object.value for t in triples if t.predicate.value == RDF_TYPE)
    partitions = {r["c"].value: int(r["n"].value) for r in store.query(
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?c ?n WHERE { ?d void:classPartition [ void:class ?c ; void:entities ?n ] }")}
    assert partitions == dict(instances)
    properties = Counter(t.predicate.value for t in triples)
    by_property = {r["p"].value: int(r["n"].value) for r in store.query(
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?p ?n WHERE { ?d void:propertyPartition [ void:property ?p ; void:triples ?n ] }")}
    assert by_property == dict(properties)


def test_example_resources_are_in_the_graph_and_the_endpoint_only_when_given():
    subjects = {t.subject.value for t in data_triples()}
    store = void_store()
    examples = [r["e"].value for r in store.query("PREFIX void: <http://rdfs.org/ns/void#> SELECT ?e WHERE { ?d void:exampleResource ?e }")]
    assert examples and set(examples) <= subjects
    assert not bool(store.query("PREFIX void: <http://rdfs.org/ns/void#> ASK { ?d void:sparqlEndpoint ?e }"))
    served = void_store("--endpoint", "http://127.0.0.1:7878/query")
    row = one(served, "SELECT ?e WHERE { ?d void:sparqlEndpoint ?e }")
    assert row["e"].value == "http://127.0.0.1:7878/query"


def test_a_graph_without_a_dataset_description_is_refused(tmp_path):
    shutil.copy(REPO / "balkg.toml", tmp_path / "balkg.toml")
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    data = tmp_path / "data" / "ttl"
    data.mkdir(parents=True)
    (data / "one.ttl").write_text("<https://example.org/a> a <https://example.org/C> .\n")
    result = export_void(root=tmp_path)
    assert result.exit_code == 2
    assert "no dataset description in data/ttl" in result.output


def test_void_in_rdf_xml_parses():
    result = export_void("--format", "rdfxml")
    assert result.exit_code == 0
    assert len(list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.RDF_XML))) > 100


def test_citation_cff_is_valid_and_agrees_with_the_versions():
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((SCHEMAS / "citation-cff-1.2.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(citation)
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert citation["version"] == version
    ontology = load_layout(REPO).ontology_iri
    owl_version = [t.object.value for f in load_layout(REPO).ontology_files() for t in ox.parse(path=str(f))
                   if t.subject.value == ontology and t.predicate.value.endswith("#versionInfo")]
    assert owl_version == [version]
    assert set(citation["license"]) == {"CC-BY-4.0", "Apache-2.0"}


@pytest.mark.parametrize("name, first, last", [
    ("LICENSE", "Apache License", "limitations under the License."),
    ("LICENSE-DATA", "Creative Commons Attribution 4.0 International", "Creative Commons may be contacted at creativecommons.org."),
])
def test_licence_files_hold_the_full_texts(name, first, last):
    text = (REPO / name).read_text(encoding="utf-8").strip()
    assert text.splitlines()[0].strip() == first and text.endswith(last)
    assert len(text) > 10_000
