"""A VoID and DCAT description of the dataset, written from the graph itself.

The curated part (title, description, licence, version, publisher, keywords, example
resources) is the node of the data typed `void:Dataset` or `dcat:Dataset`, kept as the
curators wrote it. balkg adds what it counts in the data files: triples, entities,
classes and properties, one class partition per class (its entities and the triples
about them), one property partition per property, the vocabularies used, example
resources when none are curated, and the SPARQL endpoint when one is given.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pyoxigraph as ox

from .. import formats
from ..errors import UsageError
from ..layout import Layout
from ..rdf import OWL, RDF_TYPE, XSD
from ..rdf.dataset import parse_layout

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
XSD_INTEGER = ox.NamedNode(XSD + "integer")
DATASET_TYPES = {VOID + "Dataset", DCAT + "Dataset"}
PREFIXES = {"void": VOID, "dcat": DCAT, "dcterms": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
            "owl": OWL, "xsd": XSD}
EXAMPLES_WHEN_NONE_CURATED = 3
# Objects of these are resources of the graph or elsewhere, not parts of the description.
NOT_DESCRIBED = {VOID + "exampleResource", VOID + "rootResource", "http://purl.org/dc/terms/conformsTo"}


def _v(local: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + local)


def _count(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD_INTEGER)


def describe(layout: Layout, endpoint: str | None = None) -> tuple[list[ox.Triple], dict[str, str]]:
    """The description's triples (curated node first, then the statistics) and the prefixes to write them with."""
    parsed = parse_layout(layout)
    errors = [e for e in parsed.errors if parsed.failed.get(e.path) == "data"]  # only the data is described
    if errors:
        raise UsageError(f"{errors[0]} (fix the data before describing it)")
    files = parsed.data
    triples = {t for p in files for t in p.triples}
    prefixes = {k: v for p in files for k, v in p.prefixes.items() if k and v.startswith(("http://", "https://"))}
    dataset = _dataset_node(triples, layout)
    out = _curated(triples, dataset)
    out += _statistics(triples, dataset)
    if not any(t.subject == dataset and t.predicate == _v("exampleResource") for t in out):
        out += [ox.Triple(dataset, _v("exampleResource"), e) for e in _examples(triples)]
    if endpoint:
        out.append(ox.Triple(dataset, _v("sparqlEndpoint"), ox.NamedNode(endpoint)))
    out.sort(key=lambda t: t.subject != dataset)  # stable: the dataset's own triples in one block first
    used = {term.value for t in out for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)}
    prefixes = {k: ns for k, ns in prefixes.items() if any(iri.startswith(ns) for iri in used)}
    return out, {**prefixes, **PREFIXES}


def void_bytes(layout: Layout, fmt: str = "turtle", endpoint: str | None = None) -> bytes:
    """The description in a graph format (Turtle, RDF/XML, N-Triples, JSON-LD)."""
    rdf_format = formats.get(fmt, "graph").rdf
    triples, prefixes = describe(layout, endpoint)
    kwargs = {"prefixes": prefixes} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else {}
    return ox.serialize(triples, format=rdf_format, **kwargs) or b""


def _dataset_node(triples: set, layout: Layout) -> ox.NamedNode:
    nodes = sorted({t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object.value in DATASET_TYPES
                    and isinstance(t.subject, ox.NamedNode)}, key=str)
    where = layout.relative(layout.data_dir)
    if not nodes:
        raise UsageError(f"no dataset description in {where}: describe the dataset in a node typed void:Dataset "
                         f"or dcat:Dataset (title, licence, version, publisher), as the shipped data/ttl/dataset.ttl does")
    if len(nodes) > 1:
        raise UsageError(f"{where} describes {len(nodes)} datasets ({', '.join(n.value for n in nodes)}); keep one")
    return nodes[0]


def _curated(triples: set, dataset: ox.NamedNode) -> list[ox.Triple]:
    """The dataset node's own triples, and those of the nodes it points to that the data describes (its publisher)."""
    own = sorted((t for t in triples if t.subject == dataset), key=str)
    pointers = {t.object for t in own if isinstance(t.object, ox.NamedNode) and t.predicate.value not in NOT_DESCRIBED}
    described = pointers - {dataset}
    return own + sorted((t for t in triples if t.subject in described), key=str)


def _statistics(triples: set, dataset: ox.NamedNode) -> list[ox.Triple]:
    subjects_triples = Counter(t.subject for t in triples)
    instances: dict[str, set] = defaultdict(set)
    for t in triples:
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            instances[t.object.value].add(t.subject)
    properties = Counter(t.predicate.value for t in triples)
    entities = {s for s in subjects_triples if isinstance(s, ox.NamedNode)}
    out = [
        ox.Triple(dataset, _v("triples"), _count(len(triples))),
        ox.Triple(dataset, _v("entities"), _count(len(entities))),
        ox.Triple(dataset, _v("distinctSubjects"), _count(len(subjects_triples))),
        ox.Triple(dataset, _v("classes"), _count(len(instances))),
        ox.Triple(dataset, _v("properties"), _count(len(properties))),
    ]
    for index, cls in enumerate(sorted(instances)):
        part = ox.BlankNode(f"class{index}")
        members = instances[cls]
        out += [ox.Triple(dataset, _v("classPartition"), part),
                ox.Triple(part, _v("class"), ox.NamedNode(cls)),
                ox.Triple(part, _v("entities"), _count(len(members))),
                ox.Triple(part, _v("triples"), _count(sum(subjects_triples[m] for m in members)))]
    for index, prop in enumerate(sorted(properties)):
        part = ox.BlankNode(f"property{index}")
        out += [ox.Triple(dataset, _v("propertyPartition"), part),
                ox.Triple(part, _v("property"), ox.NamedNode(prop)),
                ox.Triple(part, _v("triples"), _count(properties[prop]))]
    vocabularies = {_namespace(p) for p in properties} | {_namespace(c) for c in instances}
    out += [ox.Triple(dataset, _v("vocabulary"), ox.NamedNode(ns)) for ns in sorted(vocabularies)]
    return out


def _examples(triples: set) -> list[ox.NamedNode]:
    """The first instance (in IRI order) of each of the largest classes."""
    instances: dict[str, set] = defaultdict(set)
    for t in triples:
        if t.predicate.value == RDF_TYPE and isinstance(t.subject, ox.NamedNode) and t.object.value not in DATASET_TYPES:
            instances[t.object.value].add(t.subject)
    largest = sorted(instances, key=lambda c: (-len(instances[c]), c))[:EXAMPLES_WHEN_NONE_CURATED]
    return [min(instances[c], key=str) for c in largest]


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1]
