"""Finding Wikidata items by the graph's names, and fetching what scoring needs about them.

Names are matched exactly against labels and aliases (rdfs:label, skos:altLabel), in each
name's own language and in the alignment's extra languages. Every query batches its
names or items through VALUES; each query is one request.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from .client import WikidataClient, lang, sparql_string, value, values_items
from .config import Alignment
from .dates import WdTime
from .graph import Entity

WIKIBASE_PROP = "http://www.wikidata.org/prop/"


@dataclass
class Item:
    qid: str
    described: bool = False                 # has labels or types (a deleted item has neither)
    redirect: str | None = None             # QID it redirects to
    labels: list[tuple[str, str]] = field(default_factory=list)    # (text, lang)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    descriptions: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)            # direct P31 QID -> label
    compatible: set[str] = field(default_factory=set)              # aligned classes it falls under
    countries: dict[str, str] = field(default_factory=dict)        # QID -> label
    ancestors: dict[str, set[str]] = field(default_factory=dict)   # P131+ QID -> labels
    dates: dict[str, list[WdTime]] = field(default_factory=dict)   # P-id -> non-deprecated values

    def label(self, language: str = "en") -> str:
        for text, tag in self.labels:
            if tag == language:
                return text
        for text, tag in self.labels:
            if tag == "mul":
                return text
        return self.labels[0][0] if self.labels else ""


def name_variants(entities: Iterable[Entity], alignment: Alignment) -> set[tuple[str, str]]:
    """(text, language) pairs to look up: each name in its own language and the extra ones."""
    extra = alignment.wd.get("languages", [])
    out = set()
    for entity in entities:
        for name in entity.names:
            for tag in {name.lang, *extra} - {None}:
                out.add((name.text, tag))
    return out


def search(client: WikidataClient, entities: list[Entity], alignment: Alignment) -> dict[str, set[str]]:
    """Entity IRI -> QIDs of items with a label or alias equal to one of its names."""
    by_text: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for name in entity.names:
            by_text[name.text].add(entity.iri)
    found: dict[str, set[str]] = defaultdict(set)
    batches = client.batched(sorted(name_variants(entities, alignment)), size=client.batch_size * 2)
    for number, batch in enumerate(batches, start=1):
        names = " ".join(sparql_string(text, tag) for text, tag in batch)
        query = f"""SELECT DISTINCT ?name ?item WHERE {{
  VALUES ?name {{ {names} }}
  ?item rdfs:label|skos:altLabel ?name .
}}"""
        for row in client.select(query, f"search names, batch {number}/{len(batches)}"):
            qid = alignment.qid(value(row, "item"))
            if qid:
                for iri in by_text.get(value(row, "name"), ()):
                    found[iri].add(qid)
    return found


def fetch_items(client: WikidataClient, qids: Iterable[str], alignment: Alignment,
                languages: set[str]) -> dict[str, Item]:
    """Labels, aliases, descriptions, types, context and dates of items, batch by batch."""
    items = {q: Item(q) for q in sorted(set(qids))}
    batches = client.batched(list(items))
    for number, batch in enumerate(batches, start=1):
        tag = f"batch {number}/{len(batches)}"
        _fetch_status(client, batch, items, tag)
        _fetch_names(client, batch, items, languages, tag)
        _fetch_types(client, batch, items, alignment, tag)
        _fetch_context(client, batch, items, alignment, tag)
        _fetch_dates(client, batch, items, [d.wikidata for d in alignment.dates], tag)
    return items


def _fetch_status(client, batch, items, tag) -> None:
    query = f"""SELECT ?item ?target ?described WHERE {{
  VALUES ?item {{ {values_items(batch)} }}
  OPTIONAL {{ ?item owl:sameAs ?target }}
  BIND(EXISTS {{ ?item rdfs:label|wdt:P31 ?anything }} AS ?described)
}}"""
    for row in client.select(query, f"item status, {tag}"):
        item = items[_local(value(row, "item"))]
        item.described = value(row, "described") in ("true", "1")
        if value(row, "target"):
            item.redirect = _local(value(row, "target"))


def _fetch_names(client, batch, items, languages, tag) -> None:
    langs = ", ".join(sparql_string(x) for x in sorted(languages))
    query = f"""SELECT ?item ?p ?text WHERE {{
  VALUES ?item {{ {values_items(batch)} }}
  VALUES ?p {{ rdfs:label skos:altLabel schema:description }}
  ?item ?p ?text .
  FILTER(LANG(?text) IN ({langs}))
}}"""
    for row in client.select(query, f"labels, {tag}"):
        item = items[_local(value(row, "item"))]
        pair = (value(row, "text"), lang(row, "text") or "")
        prop = value(row, "p")
        if prop.endswith("#label"):
            item.labels.append(pair)
        elif prop.endswith("#altLabel"):
            item.aliases.append(pair)
        else:
            item.descriptions[pair[1]] = pair[0]
    for item in (items[q] for q in batch):
        item.labels.sort(key=lambda p: (p[1], p[0]))
        item.aliases.sort(key=lambda p: (p[1], p[0]))


def _fetch_types(client, batch, items, alignment: Alignment, tag) -> None:
    p31, p279 = alignment.wd["instance_of"], alignment.wd["subclass_of"]
    display = alignment.wd.get("display_language", "en")
    query = f"""SELECT ?item ?type ?typeLabel WHERE {{
  VALUES ?item {{ {values_items(batch)} }}
  ?item wdt:{p31} ?type .
  OPTIONAL {{ ?type rdfs:label ?typeLabel FILTER(LANG(?typeLabel) = {sparql_string(display)}) }}
}}"""
    for row in client.select(query, f"types, {tag}"):
        item = items[_local(value(row, "item"))]
        item.types[_local(value(row, "type"))] = value(row, "typeLabel") or ""
    classes = sorted(alignment.all_type_qids())
    if not classes:
        return
    query = f"""SELECT DISTINCT ?item ?class WHERE {{
  VALUES ?item {{ {values_items(batch)} }}
  VALUES ?class {{ {values_items(classes)} }}
  ?item wdt:{p31}/wdt:{p279}* ?class .
}}"""
    for row in client.select(query, f"type compatibility, {tag}"):
        items[_local(value(row, "item"))].compatible.add(_local(value(row, "class")))


def _fetch_context(client, batch, items, alignment: Alignment, tag) -> None:
    countries = " ".join(f"wdt:{p}" for p in alignment.wd.get("country", []))
    parent = alignment.wd.get("parent")
    langs = ", ".join(sparql_string(x) for x in sorted({alignment.wd.get("display_language", "en"),
                                                         *alignment.wd.get("languages", [])}))
    parts = []
    if countries:
        parts.append(f"{{ VALUES ?rel {{ {countries} }} ?item ?rel ?ctx }}")
    if parent:
        parts.append(f"{{ ?item wdt:{parent}+ ?ctx BIND(wdt:{parent} AS ?rel) }}")
    if not parts:
        return
    query = f"""SELECT ?item ?rel ?ctx ?ctxLabel WHERE {{
  VALUES ?item {{ {values_items(batch)} }}
  {" UNION ".join(parts)}
  OPTIONAL {{ ?ctx rdfs:label ?ctxLabel FILTER(LANG(?ctxLabel) IN ({langs})) }}
}}"""
    for row in client.select(query, f"countries and parents, {tag}"):
        item = items[_local(value(row, "item"))]
        ctx = _local(value(row, "ctx"))
        label = value(row, "ctxLabel")
        if value(row, "rel").endswith("/" + str(parent)):
            item.ancestors.setdefault(ctx, set())
            if label:
                item.ancestors[ctx].add(label)
        else:
            if label or ctx not in item.countries:
                item.countries[ctx] = label or item.countries.get(ctx, "")


def _fetch_dates(client, batch, items, pids: list[str], tag) -> None:
    if not pids:
        return
    rows = " ".join(f"(p:{p} psv:{p})" for p in pids)
    query = f"""SELECT ?item ?p ?time ?precision WHERE {{
  VALUES ?item {{ {values_items(batch)} }}
  VALUES (?p ?psv) {{ {rows} }}
  ?item ?p ?statement .
  ?statement ?psv ?v ; wikibase:rank ?rank .
  ?v wikibase:timeValue ?time ; wikibase:timePrecision ?precision .
  FILTER(?rank != wikibase:DeprecatedRank)
}}"""
    for row in client.select(query, f"dates, {tag}"):
        item = items[_local(value(row, "item"))]
        pid = value(row, "p")[len(WIKIBASE_PROP):]
        item.dates.setdefault(pid, []).append(WdTime(value(row, "time"), int(value(row, "precision"))))


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]
