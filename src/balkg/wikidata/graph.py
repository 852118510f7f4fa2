"""What linking needs to know about the balkg graph: its entities, their names and context.

Read with SPARQL over the in-memory dataset (the union of every file's graph). Which
classes, name properties and context paths count comes from the alignment.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..rdf import RDF_TYPE, RDFS_DOMAIN as DOMAIN, RDFS_SUBCLASS as SUBCLASS
from ..rdf.dataset import parse_layout
from ..layout import Layout
from .config import Alignment

def fold(text: str) -> str:
    """Case, accents and punctuation folded, for a looser comparison of names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\W_]+", " ", text.casefold())
    return " ".join(text.split())


@dataclass(frozen=True)
class Name:
    text: str
    lang: str | None
    weight: float          # of its name property (preferred, alternative, hidden)


@dataclass
class ContextNode:
    iri: str
    is_country: bool
    names: set[str] = field(default_factory=set)
    qids: set[str] = field(default_factory=set)


@dataclass
class Entity:
    iri: str
    classes: set[str] = field(default_factory=set)
    names: list[Name] = field(default_factory=list)
    links: set[str] = field(default_factory=set)                  # QIDs
    context: list[ContextNode] = field(default_factory=list)
    dates: dict[str, list[ox.Literal]] = field(default_factory=dict)  # graph property IRI -> values

    @property
    def label(self) -> str:
        best = max(self.names, key=lambda n: (n.weight, n.lang == "en"), default=None)
        return best.text if best else self.iri


def load_graph(layout: Layout, exclude: list[Path] | None = None) -> ox.Store:
    """The whole graph in memory, leaving out files a tool is about to rewrite."""
    return parse_layout(layout, exclude=exclude or []).check().store()


def graph_prefixes(layout: Layout) -> dict[str, str]:
    """Prefixes the data files declare, for writing readable output."""
    generated = layout.generated_dir.resolve()
    prefixes: dict[str, str] = {}
    for parsed in parse_layout(layout).data:  # a file that does not parse has no prefixes worth borrowing
        if not parsed.path.resolve().is_relative_to(generated):
            prefixes.update(parsed.prefixes)
    return prefixes


def _select(store: ox.Store, query: str):
    return store.query(query, use_default_graph_as_union=True)


class GraphView:
    """Entities to link and the class hierarchy, read once from a store."""

    def __init__(self, store: ox.Store, alignment: Alignment):
        self.store = store
        self.preferred_names: dict[str, set[str]] = defaultdict(set)
        self.alignment = alignment
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        for row in _select(store, f"SELECT ?c ?s WHERE {{ ?c <{SUBCLASS}> ?s }}"):
            if isinstance(row["s"], ox.NamedNode):
                self.superclasses[row["c"].value].add(row["s"].value)
        self.country_classes = self._with_subclasses(alignment.country_classes)

    # ---------------------------------------------------------------- classes

    def ancestors(self, cls: str) -> dict[str, int]:
        """The class and its superclasses with their distance."""
        seen = {cls: 0}
        queue = deque([cls])
        while queue:
            current = queue.popleft()
            for parent in self.superclasses.get(current, ()):
                if parent not in seen:
                    seen[parent] = seen[current] + 1
                    queue.append(parent)
        return seen

    def is_a(self, classes: set[str], target: str) -> bool:
        return any(target in self.ancestors(c) for c in classes)

    def _with_subclasses(self, roots: list[str]) -> set[str]:
        out = set()
        for cls in set(self.superclasses) | set(roots):
            if set(self.ancestors(cls)) & set(roots):
                out.add(cls)
        return out

    def type_rule_classes(self, classes: set[str]) -> list[str]:
        """The nearest classes with an entry in the alignment's type table, for each class."""
        chosen = []
        for cls in classes:
            ranked = sorted((d, c) for c, d in self.ancestors(cls).items() if c in self.alignment.types)
            if ranked:
                chosen.append(ranked[0][1])
        return sorted(set(chosen))

    # ---------------------------------------------------------------- entities

    def entities(self) -> dict[str, Entity]:
        classes = self._with_subclasses(self.alignment.roots)
        entities: dict[str, Entity] = {}
        for row in _select(self.store, f"SELECT ?e ?c WHERE {{ ?e <{RDF_TYPE}> ?c }}"):
            cls = row["c"].value
            if cls in classes and isinstance(row["e"], ox.NamedNode):
                entities.setdefault(row["e"].value, Entity(row["e"].value)).classes.add(cls)
        self._add_names(entities)
        self.preferred_names = defaultdict(set)   # folded preferred name -> entities holding it
        top = max((n.weight for n in self.alignment.names), default=1.0)
        for entity in entities.values():
            for name in entity.names:
                if name.weight >= top:
                    self.preferred_names[fold(name.text)].add(entity.iri)
        self._add_links(entities)
        self._add_context(entities)
        self._add_dates(entities)
        return entities

    def _add_names(self, entities: dict[str, Entity]) -> None:
        weights = {n.iri: n.weight for n in self.alignment.names}
        values = " ".join(f"<{p}>" for p in weights)
        query = f"SELECT ?e ?p ?name WHERE {{ VALUES ?p {{ {values} }} ?e ?p ?name }}"
        for row in _select(self.store, query):
            entity = entities.get(row["e"].value)
            if entity is None or not isinstance(row["name"], ox.Literal):
                continue
            name = Name(row["name"].value.strip(), row["name"].language, weights[row["p"].value])
            if name.text and name not in entity.names:
                entity.names.append(name)
        for entity in entities.values():
            entity.names.sort(key=lambda n: (-n.weight, n.lang or "", n.text))

    def links_of(self) -> dict[str, set[str]]:
        """Every link the graph states: entity IRI -> QIDs."""
        out: dict[str, set[str]] = defaultdict(set)
        query = f"SELECT ?e ?item WHERE {{ ?e <{self.alignment.link_property}> ?item }}"
        for row in _select(self.store, query):
            qid = self.alignment.qid(row["item"].value) if isinstance(row["item"], ox.NamedNode) else None
            out[row["e"].value].add(qid or row["item"].value)
        return out

    def _add_links(self, entities: dict[str, Entity]) -> None:
        for iri, qids in self.links_of().items():
            if iri in entities:
                entities[iri].links |= qids

    def _add_context(self, entities: dict[str, Entity]) -> None:
        path = self.alignment.context_path
        if not path:
            return
        name_props = " ".join(f"<{n.iri}>" for n in self.alignment.names)
        query = f"""SELECT ?e ?ctx ?c ?name ?item WHERE {{
            ?e {path} ?ctx .
            OPTIONAL {{ ?ctx <{RDF_TYPE}> ?c }}
            OPTIONAL {{ VALUES ?np {{ {name_props} }} ?ctx ?np ?name }}
            OPTIONAL {{ ?ctx <{self.alignment.link_property}> ?item }}
        }}"""
        nodes: dict[tuple[str, str], ContextNode] = {}
        for row in _select(self.store, query):
            entity = entities.get(row["e"].value)
            if entity is None or row["ctx"].value == entity.iri:
                continue
            key = (entity.iri, row["ctx"].value)
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = ContextNode(row["ctx"].value, False)
                entity.context.append(node)
            if row["c"] is not None and row["c"].value in self.country_classes:
                node.is_country = True
            if row["name"] is not None:
                node.names.add(row["name"].value)
            if row["item"] is not None:
                qid = self.alignment.qid(row["item"].value)
                if qid:
                    node.qids.add(qid)

    def _add_dates(self, entities: dict[str, Entity]) -> None:
        for mapping in self.alignment.dates:
            for row in _select(self.store, f"SELECT ?e ?d WHERE {{ ?e <{mapping.graph}> ?d }}"):
                entity = entities.get(row["e"].value)
                if entity is not None and isinstance(row["d"], ox.Literal):
                    entity.dates.setdefault(mapping.graph, []).append(row["d"])

    def domain_of(self, prop: str) -> set[str]:
        return {row["d"].value for row in _select(self.store, f"SELECT ?d WHERE {{ <{prop}> <{DOMAIN}> ?d }}")
                if isinstance(row["d"], ox.NamedNode)}

    def select(self, query: str):
        return _select(self.store, query)
