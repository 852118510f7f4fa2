"""Targets compiled to SPARQL select the focus nodes SHACL defines, run in a pyoxigraph store."""

import pyoxigraph as ox
from rdflib import Graph, URIRef

from balkg.validation.insitu.targets import target_pattern

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
ex:ByClass a sh:NodeShape ; sh:targetClass ex:Animal .
ex:Dog a rdfs:Class, sh:NodeShape .
ex:Mixed a sh:NodeShape ; sh:targetNode ex:n1 ; sh:targetSubjectsOf ex:owns ; sh:targetObjectsOf ex:owns .
ex:None a sh:NodeShape .
"""
DATA = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <http://example.org/> .
ex:Dog rdfs:subClassOf ex:Mammal . ex:Mammal rdfs:subClassOf ex:Animal .
ex:rex a ex:Dog . ex:tom a ex:Animal . ex:ann ex:owns ex:rex .
"""
EX = "http://example.org/"


def focus_nodes(shape):
    shapes = Graph().parse(data=SHAPES, format="turtle")
    pattern = target_pattern(shapes, URIRef(EX + shape))
    if pattern is None:
        return None
    store = ox.Store()
    store.load(DATA.encode(), ox.RdfFormat.TURTLE)
    return {s["this"].value for s in store.query(f"SELECT DISTINCT ?this WHERE {{ {pattern} }}")}


def test_class_target_follows_subclass_chain():
    assert focus_nodes("ByClass") == {EX + "rex", EX + "tom"}


def test_implicit_class_target():
    assert focus_nodes("Dog") == {EX + "rex"}


def test_node_subjects_and_objects_targets():
    assert focus_nodes("Mixed") == {EX + "n1", EX + "ann", EX + "rex"}


def test_shape_without_target():
    assert focus_nodes("None") is None
