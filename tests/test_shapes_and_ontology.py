"""The shapes are valid SHACL and the ontology is well formed: every term labelled and defined."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

SHACL_SHACL = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"


@pytest.fixture(scope="module")
def shapes(layout):
    graph = rdflib.Graph()
    for path in layout.shape_files():
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def ontology(layout):
    graph = rdflib.Graph()
    for path in layout.ontology_files():
        graph.parse(path)
    return graph


def test_shapes_conform_to_shacl_for_shacl(shapes):
    meta = rdflib.Graph().parse(SHACL_SHACL)
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=meta, inference="none")
    assert conforms, text


def test_a_broken_shape_is_caught_by_shacl_for_shacl():
    broken = rdflib.Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount "one" ] .
    """, format="turtle")
    meta = rdflib.Graph().parse(SHACL_SHACL)
    conforms, _, _ = pyshacl.validate(broken, shacl_graph=meta, inference="none")
    assert not conforms


def test_every_class_the_data_uses_has_a_node_shape(layout, shapes, ontology):
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    targeted = set(shapes.objects(None, sh.targetClass))
    used = set()
    for path in layout.data_files():
        used |= set(rdflib.Graph().parse(path).objects(None, RDF.type))

    def covered(cls):
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current in targeted:
                return True
            seen.add(current)
            todo += [p for p in ontology.objects(current, RDFS.subClassOf) if p not in seen]
        return False

    assert sorted(c for c in used if str(c).startswith("https://w3id.org/balkg/") and not covered(c)) == []


def test_every_balkg_term_has_an_english_label_and_a_definition(ontology):
    namespace = "https://w3id.org/balkg/ontology#"
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {s for k in kinds for s in ontology.subjects(RDF.type, k) if str(s).startswith(namespace)}
    assert len(terms) > 50
    unlabelled = sorted(t for t in terms if not any(l.language == "en" for l in ontology.objects(t, RDFS.label)))
    undefined = sorted(t for t in terms if not any(ontology.objects(t, SKOS.definition)))
    assert (unlabelled, undefined) == ([], [])


def test_ontology_has_its_metadata(ontology, layout):
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    top = rdflib.URIRef(layout.ontology_iri)
    for prop in (dcterms.title, dcterms.description, OWL.versionIRI, OWL.versionInfo, dcterms.license,
                 dcterms.creator, dcterms.created, dcterms.modified):
        assert ontology.value(top, prop) is not None, prop


def test_persons_are_not_organisations_and_events_are_not_actors(ontology):
    balkg = rdflib.Namespace("https://w3id.org/balkg/ontology#")
    assert (balkg.Person, OWL.disjointWith, balkg.Organisation) in ontology
    assert (balkg.Event, OWL.disjointWith, balkg.Actor) in ontology
