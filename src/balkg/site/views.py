"""What a node page shows, as plain data for the templates: values, evidence, claims, roles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from . import dates
from .model import NAME_PROPERTIES, RDF_TYPE, Evidence, SiteGraph, date_of, value

NESTED_DEPTH = 1  # unlabelled statement nodes (participations, memberships) are shown inside their page
NESTED_MAX = 30   # ... when a page lists at most this many of them under one property
LISTED_MAX = 1000 # a hub (a concept used by every participation) lists this many referrers per property


@dataclass
class Link:
    text: str
    href: str | None
    title: str | None = None


@dataclass
class Quote:
    source: Link
    quote: str
    locator: str | None


@dataclass
class Value:
    text: str
    href: str | None = None
    note: str | None = None          # language, datatype or precision
    within: list[Link] = field(default_factory=list)   # a place's hierarchy
    nested: "Description | None" = None


@dataclass
class Property:
    label: str
    href: str | None
    values: list[Value]
    disputed: bool = False


@dataclass
class Description:
    properties: list[Property]
    evidence: list[Quote]
    notes: list[Property] = field(default_factory=list)   # curators' notes, shown apart


class Linker:
    """Links from one page: relative paths to pages and anchors the site has, absolute ones outside."""

    def __init__(self, graph: SiteGraph, pages: dict[str, str], page: str, relative):
        self.graph, self.pages, self.page, self.relative = graph, pages, page, relative

    def href(self, iri: str | None) -> str | None:
        if iri is None:
            return None
        if iri in self.pages:
            return self.relative(self.page, self.pages[iri])
        document, _, fragment = iri.partition("#")
        if fragment and document in self.pages and fragment in self.graph.anchors.get(document, ()):
            return self.relative(self.page, self.pages[document]) + "#" + fragment
        if iri.startswith(self.graph.base):
            return None  # a node of the graph without a page of its own: no dead link
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def link(self, iri: str) -> Link:
        return Link(self.graph.label(iri), self.href(iri), iri)

    def to(self, path: str) -> str:
        return self.relative(self.page, path)


def literal_value(term: ox.Literal) -> Value:
    parts = date_of(term)
    if parts:
        return Value(dates.show(*parts), note=f"precision: {dates.precision(*parts)}")
    if term.language:
        return Value(term.value, note=term.language)
    datatype = term.datatype.value
    if datatype.endswith("#anyURI") and term.value.startswith(("http://", "https://")):
        return Value(term.value, href=term.value)
    return Value(term.value)


def describe(graph: SiteGraph, iri: str, linker: Linker, depth: int = 0, skip: tuple[str, ...] = ()) -> Description:
    node = graph.nodes.get(iri)
    grouped: dict[str, list[Value]] = defaultdict(list)
    for prop, obj in (node.triples if node else []):
        if prop in skip or (isinstance(obj, ox.NamedNode) and obj.value in graph.evidence_nodes):
            continue
        grouped[prop].append(object_value(graph, obj, linker, depth))
    properties, notes = [], []
    for prop in sorted(grouped, key=lambda p: (graph.label(p).lower(), p)):
        values = sorted(grouped[prop], key=lambda v: v.text)
        disputed = len(values) > 1 and all(v.note and v.note.startswith("precision") for v in values)
        bucket = notes if prop in graph.editorial_properties else properties
        bucket.append(Property(graph.label(prop), linker.href(prop), values, disputed))
    return Description(properties, quotes(graph, graph.evidence.get(iri, []), linker), notes)


def object_value(graph: SiteGraph, obj, linker: Linker, depth: int) -> Value:
    if isinstance(obj, ox.Literal):
        return literal_value(obj)
    if isinstance(obj, ox.BlankNode):
        return Value("(blank node)")
    iri = obj.value
    v = Value(graph.label(iri), linker.href(iri))
    if not graph.has_label(iri) and iri in graph.nodes and depth < NESTED_DEPTH:
        v.nested = describe(graph, iri, linker, depth + 1, skip=(RDF_TYPE,))
    within = graph.hierarchy(iri)
    if within:
        v.within = [linker.link(p) for p in within]
    return v


def quotes(graph: SiteGraph, items: list[Evidence], linker: Linker) -> list[Quote]:
    return [Quote(linker.link(e.source), e.quote, e.locator) for e in items]


def names(graph: SiteGraph, iri: str) -> list[dict]:
    node = graph.nodes.get(iri)
    found = []
    for prop in NAME_PROPERTIES:
        for obj in (node.values(prop) if node else []):
            if isinstance(obj, ox.Literal):
                found.append({"name": obj.value, "lang": obj.language or "", "kind": graph.label(prop)})
    return found


# ---------------------------------------------------------------- claims side by side

@dataclass
class ClaimRow:
    claim: Link
    claimant: Link | None
    value: str
    made: str | None
    evidence: list[Quote]


@dataclass
class ClaimTable:
    title: str
    rows: list[ClaimRow]

    @property
    def disagree(self) -> bool:
        return len({r.value for r in self.rows}) > 1


def claim_tables(graph: SiteGraph, iri: str, linker: Linker) -> list[ClaimTable]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in graph.claims.get(iri, []):
        if row["kind"].value == "figure":
            key = ("figure", value(row.get("measure")), value(row.get("category")))
        else:
            key = ("date", value(row.get("dateOf")), None)
        groups[key].append(row)
    tables = []
    for key in sorted(groups, key=lambda k: tuple(graph.label(x) if x else "" for x in k)):
        kind, first, second = key
        if kind == "figure":
            title = " — ".join(graph.label(x) for x in (first, second) if x) or "figure"
        else:
            title = graph.label(first) if first else "date"
        rows = []
        seen = set()
        for row in groups[key]:
            claim = row["claim"].value
            if claim in seen:
                continue
            seen.add(claim)
            rows.append(ClaimRow(linker.link(claim),
                                 linker.link(row["claimant"].value) if row.get("claimant") else None,
                                 claimed_value(graph, row), _shown_date(row.get("date")),
                                 quotes(graph, graph.evidence.get(claim, []), linker)))
        rows.sort(key=lambda r: (r.claimant.text if r.claimant else "", r.value, r.claim.title or ""))
        tables.append(ClaimTable(title, rows))
    return tables


def claimed_value(graph: SiteGraph, row: dict) -> str:
    if row["kind"].value == "date":
        return literal_value(row["claimedDate"]).text
    parts = [graph.label(row["qualifier"].value) if row.get("qualifier") else "",
             row["figure"].value, graph.label(row["unit"].value) if row.get("unit") else ""]
    return " ".join(p for p in parts if p)


def _shown_date(term) -> str | None:
    parts = date_of(term)
    return dates.show(*parts) if parts else None


# ---------------------------------------------------------------- roles, incoming, citations

def roles(graph: SiteGraph, iri: str, linker: Linker) -> list[dict]:
    """The events an actor took part in, with role, responsibility and who says so."""
    found = []
    for row in graph.participations:
        if row["actor"].value != iri:
            continue
        event = row["event"].value
        found.append({
            "event": linker.link(event),
            "date": _event_date(graph, event),
            "role": linker.link(row["role"].value) if row.get("role") else None,
            "responsibility": linker.link(row["responsibility"].value) if row.get("responsibility") else None,
            "attributed_by": linker.link(row["attributedBy"].value) if row.get("attributedBy") else None,
            "evidence": quotes(graph, graph.evidence.get(row["participation"].value, []), linker),
        })
    return sorted(found, key=lambda r: (r["date"][1] if r["date"] else "", r["event"].text))


def _event_date(graph: SiteGraph, event: str) -> tuple[str, str] | None:
    """(shown, sort key) of the event's begin date, as the events query gives it."""
    return graph.event_dates.get(event)


def incoming(graph: SiteGraph, iri: str, linker: Linker) -> list[dict]:
    """Nodes that point at this one, grouped by property, each with its evidence."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for subject, prop in graph.incoming.get(iri, []):
        if subject not in grouped[prop]:
            grouped[prop].append(subject)
    out = []
    for prop in sorted(grouped, key=lambda p: graph.label(p).lower()):
        items = []
        subjects = sorted(grouped[prop], key=lambda s: (graph.label(s), s))
        nest = len(subjects) <= NESTED_MAX
        for subject in subjects[:LISTED_MAX]:
            # An unlabelled statement (a membership, a participation) is shown with what it says.
            nested = None if graph.has_label(subject) or not nest else describe(
                graph, subject, linker, NESTED_DEPTH, skip=(RDF_TYPE,))
            items.append({"link": linker.link(subject), "nested": nested,
                          "evidence": [] if nested else quotes(graph, graph.evidence.get(subject, []), linker)})
        out.append({"label": graph.label(prop), "href": linker.href(prop), "items": items,
                    "total": len(subjects)})
    return out


def citations(graph: SiteGraph, iri: str, linker: Linker) -> list[dict]:
    out = []
    for statement, item in sorted(graph.citations.get(iri, []), key=lambda x: (graph.label(x[0]), x[1].quote)):
        out.append({"link": linker.link(statement), "quote": item.quote, "locator": item.locator})
    return out
