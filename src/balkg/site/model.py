"""The graph as the site sees it: the answers of the saved queries under `queries/site/`.

Everything a page shows comes from those answers; this module only groups them
by node. It knows the W3C vocabularies used to name things (RDF, RDFS, SKOS,
Dublin Core) and nothing of the graph's own ontology or data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from ..layout import Layout
from ..query.catalogue import SavedQuery, catalogue, find_saved
from ..query.run import EmbeddedTarget, run_query
from . import dates
from .paths import page_stem, split_fragment

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
NAME_PROPERTIES = (SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel")
# The label a link shows: the first of these a node has (English first).
LABEL_PROPERTIES = (SKOS + "prefLabel", RDFS + "label", DCT + "title", SKOS + "notation")
DEFINITION_PROPERTIES = (SKOS + "definition", DCT + "description", RDFS + "comment")
LICENSE = DCT + "license"

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def value(term) -> str | None:
    return None if term is None else term.value


@dataclass
class Evidence:
    evidence: str
    source: str
    quote: str
    locator: str | None


@dataclass
class Node:
    iri: str
    triples: list[tuple[str, Term]] = field(default_factory=list)

    def values(self, prop: str) -> list[Term]:
        return [o for p, o in self.triples if p == prop]

    @property
    def types(self) -> list[str]:
        return sorted(o.value for o in self.values(RDF_TYPE) if isinstance(o, ox.NamedNode))


class SiteGraph:
    """The site queries' answers on one graph, grouped for the pages."""

    def __init__(self, layout: Layout, target: EmbeddedTarget | None = None):
        self.layout = layout
        self.base = layout.base
        self.target = target or EmbeddedTarget.shipped(layout)
        self._answers: dict[tuple, list[dict[str, Term]]] = {}

    @cached_property
    def saved(self) -> dict[str, SavedQuery]:
        return {q.name: q for q in catalogue(self.layout)}

    def rows(self, name: str, params: dict[str, str] | None = None) -> list[dict[str, Term]]:
        """The answer of a saved query, run once per build (pages, pictures and exports share it)."""
        key = (name, tuple(sorted((params or {}).items())))
        if key not in self._answers:
            query = self.saved.get(name) or find_saved(self.layout, name)  # find_saved explains a missing one
            self._answers[key] = run_query(query, self.target, params or {}).rows
        return self._answers[key]

    # ---------------------------------------------------------------- descriptions

    @cached_property
    def nodes(self) -> dict[str, Node]:
        nodes: dict[str, Node] = {}
        for row in self.rows("site/triples", {"graphs": self.base + "graph/"}):
            s = row["s"].value
            nodes.setdefault(s, Node(s)).triples.append((row["p"].value, row["o"]))
        return nodes

    @cached_property
    def incoming(self) -> dict[str, list[tuple[str, str]]]:
        """object IRI -> [(subject, property)]."""
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for node in self.nodes.values():
            for p, o in node.triples:
                if isinstance(o, ox.NamedNode) and p != RDF_TYPE:
                    found[o.value].append((node.iri, p))
        return found

    @cached_property
    def labels(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for iri, node in self.nodes.items():
            label = self._pick_label(node)
            if label:
                found[iri] = label
        return found

    @staticmethod
    def _pick_label(node: Node) -> str | None:
        for prop in LABEL_PROPERTIES:
            candidates = [o for o in node.values(prop) if isinstance(o, ox.Literal)]
            if candidates:
                english = [o for o in candidates if (o.language or "").lower().startswith("en")]
                untagged = [o for o in candidates if not o.language]
                return sorted(o.value for o in (english or untagged or candidates))[0]
        return None

    def label(self, iri: str) -> str:
        if iri in self.labels:
            return self.labels[iri]
        document, fragment = split_fragment(iri)
        return fragment or document.rstrip("/").rsplit("/", 1)[-1]

    def has_label(self, iri: str) -> bool:
        return iri in self.labels

    def definition(self, iri: str) -> str | None:
        node = self.nodes.get(iri)
        if node is None:
            return None
        for prop in DEFINITION_PROPERTIES:
            texts = [o for o in node.values(prop) if isinstance(o, ox.Literal)]
            if texts:
                english = [o for o in texts if (o.language or "").lower().startswith("en")] or texts
                return sorted(o.value for o in english)[0]
        return None

    # ---------------------------------------------------------------- pages

    @cached_property
    def page_nodes(self) -> list[str]:
        """Every subject under the base that gets a page of its own, sorted."""
        return sorted(iri for iri in self.nodes if page_stem(iri, self.base))

    @cached_property
    def anchors(self) -> dict[str, set[str]]:
        """Document IRI -> fragments that the site renders as anchors (the ontology's terms)."""
        found: dict[str, set[str]] = defaultdict(set)
        for term in self.ontology_terms:
            document, fragment = split_fragment(term)
            if fragment:
                found[document].add(fragment)
        return found

    # ---------------------------------------------------------------- evidence and claims

    @cached_property
    def evidence(self) -> dict[str, list[Evidence]]:
        found: dict[str, list[Evidence]] = defaultdict(list)
        for row in self.rows("site/evidence"):
            found[row["node"].value].append(Evidence(row["evidence"].value, row["source"].value,
                                                     row["quote"].value, value(row.get("locator"))))
        return found

    @cached_property
    def evidence_nodes(self) -> set[str]:
        return {e.evidence for items in self.evidence.values() for e in items}

    @cached_property
    def citations(self) -> dict[str, list[tuple[str, Evidence]]]:
        """source -> [(statement, evidence)]: what cites it, with the quote."""
        found: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
        for node, items in self.evidence.items():
            for item in items:
                found[item.source].append((node, item))
        return found

    @cached_property
    def claims(self) -> dict[str, list[dict[str, Term]]]:
        """about -> claim rows (figures and dates)."""
        found: dict[str, list[dict[str, Term]]] = defaultdict(list)
        for row in self.rows("site/claims"):
            found[row["about"].value].append(row)
        return found

    @cached_property
    def editorial_properties(self) -> frozenset[str]:
        """Properties whose values are notes for the curators, not statements (site/editorial-notes)."""
        return frozenset(row["property"].value for row in self.rows("site/editorial-notes"))

    @cached_property
    def participations(self) -> list[dict[str, Term]]:
        return self.rows("site/participations")

    @cached_property
    def event_rows(self) -> list[dict[str, Term]]:
        return self.rows("site/events")

    @cached_property
    def event_dates(self) -> dict[str, tuple[str, str]]:
        """event -> (begin date as shown, its first day) for the events with a begin date."""
        found = {}
        for row in self.event_rows:
            parts = date_of(row.get("begin"))
            if parts:
                found[row["event"].value] = (dates.show(*parts), dates.bounds(*parts)[0])
        return found

    @cached_property
    def located_in(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for row in self.rows("site/located-in"):
            found[row["place"].value].append(row["parent"].value)
        return found

    def hierarchy(self, place: str) -> list[str]:
        """The places `place` lies within, nearest first (the first parent at each step)."""
        chain, seen, current = [], {place}, place
        while self.located_in.get(current):
            parents = [p for p in self.located_in[current] if p not in seen]
            if not parents:
                break
            current = sorted(parents)[0]
            seen.add(current)
            chain.append(current)
        return chain

    def broader(self, concept: str) -> list[str]:
        """Every concept `concept` is narrower than (skos:broader, followed upwards)."""
        found, todo = [], [concept]
        while todo:
            node = self.nodes.get(todo.pop())
            for o in (node.values(SKOS + "broader") if node else []):
                if isinstance(o, ox.NamedNode) and o.value not in found and o.value != concept:
                    found.append(o.value)
                    todo.append(o.value)
        return found

    # ---------------------------------------------------------------- ontology and vocabularies

    @cached_property
    def ontology_terms(self) -> dict[str, str]:
        """Term IRI -> kind IRI, for the terms under the graph's ontology IRI."""
        prefix = self.layout.ontology_iri or self.base
        found = {}
        for row in self.rows("site/terms"):
            term = row["term"].value
            if term.startswith(prefix):
                found.setdefault(term, row["kind"].value)
        return found

    @cached_property
    def schemes(self) -> dict[str | None, list[str]]:
        found: dict[str | None, list[str]] = defaultdict(list)
        for row in self.rows("site/concepts"):
            scheme = value(row.get("scheme"))
            found.setdefault(scheme, [])
            if row.get("concept") is not None:
                found[scheme].append(row["concept"].value)
        return found

    @cached_property
    def matches(self) -> dict[str, list[tuple[str, str, str | None]]]:
        """concept -> [(mapping property, matched concept, its scheme)]."""
        found: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
        for row in self.rows("site/type-matches"):
            found[row["concept"].value].append((row["mapping"].value, row["match"].value, value(row.get("scheme"))))
        return found

    # ---------------------------------------------------------------- counts

    @cached_property
    def class_counts(self) -> list[tuple[str, str, int]]:
        return [(r["class"].value, value(r.get("class_label")) or self.label(r["class"].value), int(r["nodes"].value))
                for r in self.rows("stats/02-nodes-per-class")]

    @cached_property
    def graph_counts(self) -> list[tuple[str, int]]:
        return [(r["graph"].value, int(r["triples"].value)) for r in self.rows("stats/01-triples-per-graph")]


def date_of(term) -> tuple[str, str] | None:
    """(value, datatype) of a date literal, else None."""
    if isinstance(term, ox.Literal) and dates.is_date(term.value, term.datatype.value):
        return term.value, term.datatype.value
    return None
