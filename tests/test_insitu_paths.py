"""SHACL paths compiled to SPARQL reach the value nodes SHACL defines, in a pyoxigraph store."""

import pyoxigraph as ox
import pytest
from rdflib import SH, Graph, URIRef

from balkg.validation.insitu.paths import sparql_path

DATA = """@prefix ex: <http://example.org/> .
ex:a ex:p ex:b . ex:b ex:p ex:c . ex:c ex:q ex:d . ex:e ex:p ex:a ."""
EX = "http://example.org/"


@pytest.mark.parametrize("path, values", [
    ("ex:p", {"b"}),
    ("( ex:p ex:p )", {"c"}),
    ("[ sh:alternativePath ( ex:p [ sh:inversePath ex:p ] ) ]", {"b", "e"}),
    ("[ sh:zeroOrMorePath ex:p ]", {"a", "b", "c"}),
    ("[ sh:oneOrMorePath ex:p ]", {"b", "c"}),
    ("[ sh:zeroOrOnePath ex:p ]", {"a", "b"}),
    ("( [ sh:oneOrMorePath ex:p ] ex:q )", {"d"}),
])
def test_value_nodes_of_each_path_kind(path, values):
    shapes = Graph().parse(data=f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{EX}> .
        ex:S sh:path {path} .""", format="turtle")
    compiled = sparql_path(shapes, shapes.value(URIRef(EX + "S"), SH.path))
    store = ox.Store()
    store.load(DATA.encode(), ox.RdfFormat.TURTLE)
    found = {s["v"].value for s in store.query(f"SELECT ?v WHERE {{ <{EX}a> {compiled} ?v }}")}
    assert found == {EX + v for v in values}
