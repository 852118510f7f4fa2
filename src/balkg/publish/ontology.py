"""The ontology as one document: every module merged under the top ontology's header.

Tools that read one file (pyLODE, WebVOWL, Protégé without a catalog) get all the
modules' axioms under a single `owl:Ontology` node: the top ontology of `balkg.toml`
(`[graph] ontology_iri`). The modules' own headers and the `owl:imports` between them
are left out, since everything they import is in the file. The SKOS concept schemes can
be left out too (`schemes=False`): every node typed `skos:Concept` or `skos:ConceptScheme`.
"""

from __future__ import annotations

import pyoxigraph as ox

from .. import formats
from ..errors import UsageError
from ..layout import Layout
from ..rdf import OWL, RDF_TYPE, SKOS
from ..rdf.parsing import parse_file
from .export import BlankNodeNamer, triple_key

OWL_ONTOLOGY = OWL + "Ontology"
OWL_IMPORTS = OWL + "imports"
SKOS_SCHEME_TYPES = {SKOS + "Concept", SKOS + "ConceptScheme"}



def merged_ontology(layout: Layout, *, schemes: bool = True) -> tuple[list[ox.Triple], dict[str, str]]:
    """The triples of every ontology file (blank nodes renamed per file) and the prefixes they declare."""
    top = _top_iri(layout)
    triples: list[ox.Triple] = []
    prefixes: dict[str, str] = {}
    for index, path in enumerate(layout.ontology_files()):
        parsed = parse_file(path, layout.relative(path))
        for name, iri in parsed.prefixes.items():
            prefixes.setdefault(name, iri)
        rename = BlankNodeNamer(f"o{index}b")
        triples.extend(ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in parsed.triples)
    headers = {t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object.value == OWL_ONTOLOGY}
    if ox.NamedNode(top) not in headers:
        raise UsageError(f"no file under {layout.relative(layout.ontology_dir)} declares the top ontology <{top}> "
                         f"named in balkg.toml")
    dropped = {h for h in headers if h.value != top}
    if not schemes:
        dropped |= {t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object.value in SKOS_SCHEME_TYPES}
    kept = [t for t in triples if t.subject not in dropped and t.predicate.value != OWL_IMPORTS]
    usable = {k: v for k, v in sorted(prefixes.items()) if k and v.startswith(("http://", "https://"))}
    header_first = lambda t: (t.subject.value != top, triple_key(t))  # noqa: E731
    return sorted(set(kept), key=header_first), usable


def ontology_bytes(layout: Layout, fmt: str = "turtle", *, schemes: bool = True) -> bytes:
    """The merged ontology in a graph format (Turtle, RDF/XML, N-Triples, JSON-LD); same bytes for the same input."""
    rdf_format = formats.get(fmt, "graph").rdf
    triples, prefixes = merged_ontology(layout, schemes=schemes)
    kwargs = {"prefixes": prefixes} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else {}
    return ox.serialize(triples, format=rdf_format, **kwargs) or b""


def _top_iri(layout: Layout) -> str:
    if not layout.ontology_iri:
        raise UsageError(f"{layout.relative(layout.root / 'balkg.toml')}: [graph] ontology_iri is needed to merge "
                         f"the ontology under one header")
    return layout.ontology_iri
