"""The Wikidata alignment of a graph: which classes, properties and scores linking uses.

It is data (`ontology/wikidata-alignment.toml`, or wherever `balkg.toml` [layout]
`wikidata_alignment` points); this module only reads it and expands its prefixed names.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .. import rdf
from ..errors import UsageError
from ..layout import Layout


@dataclass(frozen=True)
class NameProperty:
    iri: str
    weight: float


@dataclass(frozen=True)
class DateMapping:
    graph: str          # IRI of the graph's date property
    wikidata: str       # P-id
    label: str


@dataclass(frozen=True)
class TypeRule:
    preferred: frozenset[str]   # QIDs
    acceptable: frozenset[str]


@dataclass(frozen=True)
class Scoring:
    threshold: float = 0.85
    weight_name: float = 0.5
    weight_type: float = 0.3
    weight_context: float = 0.2
    alias_factor: float = 0.9
    folded_factor: float = 0.95
    short_name_length: int = 5
    short_name_score: float = 0.4
    acceptable_type_score: float = 0.6
    context_step: float = 0.5
    date_tolerance_years: int = 1
    veto_cap: float = 0.5


@dataclass(frozen=True)
class Alignment:
    path: Path
    prefixes: dict[str, str]
    roots: list[str]
    link_property: str
    names: list[NameProperty]
    context_path: str            # SPARQL property path, prefixed names expanded to <IRIs>
    country_classes: list[str]
    dates: list[DateMapping]
    wd: dict                     # the [wikidata] table
    scoring: Scoring
    types: dict[str, TypeRule]   # balkg class IRI -> rule
    enrich: dict = field(default_factory=dict)  # the [enrich] table, IRIs expanded

    @property
    def entity_base(self) -> str:
        return self.wd["entity"]

    def qid(self, iri: str) -> str | None:
        """The QID of an item IRI, or None for anything else."""
        if iri.startswith(self.entity_base):
            local = iri[len(self.entity_base):]
            if local[:1] == "Q" and local[1:].isdigit():
                return local
        return None

    def item_iri(self, qid: str) -> str:
        return self.entity_base + qid

    def page(self, qid: str) -> str:
        return self.wd.get("page", "https://www.wikidata.org/wiki/{qid}").format(qid=qid)

    def all_type_qids(self) -> set[str]:
        out: set[str] = set()
        for rule in self.types.values():
            out |= rule.preferred | rule.acceptable
        return out


def alignment_path(layout: Layout) -> Path:
    return layout.dirs.get("wikidata_alignment", layout.ontology_dir / "wikidata-alignment.toml")


def load_alignment(layout: Layout, path: Path | None = None) -> Alignment:
    """Read and check the alignment file of a layout."""
    path = Path(path) if path else alignment_path(layout)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UsageError(f"{layout.relative(path)}: no Wikidata alignment file; "
                         "see ontology/wikidata-alignment.toml in the balkg repository") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{layout.relative(path)}: cannot read the Wikidata alignment: {exc}") from None
    return parse_alignment(raw, path, layout.relative(path))


def parse_alignment(raw: dict, path: Path, display: str) -> Alignment:
    prefixes = dict(raw.get("prefixes", {}))

    def iri(name: str) -> str:
        return expand(name, prefixes, display)

    try:
        graph = raw["graph"]
        wd = dict(raw["wikidata"])
        scoring = Scoring(**raw.get("scoring", {}))
        types = {}
        for cls, rule in raw.get("types", {}).items():
            types[iri(cls)] = TypeRule(
                preferred=frozenset(_qid(iri(q), wd["entity"], display) for q in rule.get("preferred", [])),
                acceptable=frozenset(_qid(iri(q), wd["entity"], display) for q in rule.get("acceptable", [])),
            )
        enrich = {}
        for key, value in raw.get("enrich", {}).items():
            if key == "designations":
                enrich[key] = {k: _expand_value(k, v, iri, prefixes) for k, v in value.items()}
            else:
                enrich[key] = _expand_value(key, value, iri, prefixes)
        return Alignment(
            path=path,
            prefixes=prefixes,
            roots=[iri(r) for r in graph["roots"]],
            link_property=iri(graph["link_property"]),
            names=[NameProperty(iri(n["property"]), float(n["weight"])) for n in graph["names"]],
            context_path=expand_path(graph.get("context_path", ""), prefixes, display),
            country_classes=[iri(c) for c in graph.get("country_classes", [])],
            dates=[DateMapping(iri(d["graph"]), d["wikidata"], d.get("label", d["wikidata"]))
                   for d in raw.get("dates", [])],
            wd=wd,
            scoring=scoring,
            types=types,
            enrich=enrich,
        )
    except KeyError as exc:
        raise UsageError(f"{display}: missing key {exc} in the Wikidata alignment") from None
    except TypeError as exc:
        raise UsageError(f"{display}: bad value in the Wikidata alignment: {exc}") from None


_NOT_IRIS = {"source_iri", "evidence_iri", "designation_iri", "authority_path", "write_missing"}


def _expand_value(key, value, iri, prefixes):
    if key == "authority_path":
        return expand_path(value, prefixes, "alignment")
    if key in _NOT_IRIS or not isinstance(value, (str, list)):
        return value
    if isinstance(value, list):
        return [iri(v) for v in value]
    return iri(value)


def expand(name: str, prefixes: dict[str, str], display: str = "alignment") -> str:
    """Expand `prefix:local` (or keep `<iri>` / a full IRI); an unknown prefix is a usage error."""
    iri = rdf.expand(name, prefixes)
    if iri is None:
        raise UsageError(f"{display}: unknown prefix in {name!r}")
    return iri


def expand_path(path: str, prefixes: dict[str, str], display: str) -> str:
    """Turn prefixed names in a SPARQL property path into <IRIs>, so queries need no PREFIX."""
    def repl(match: re.Match) -> str:
        return "<" + expand(match.group(0), prefixes, display) + ">"

    return re.sub(r"[A-Za-z][\w-]*:[\w-]+", repl, path)


def _qid(iri: str, entity_base: str, display: str) -> str:
    if not iri.startswith(entity_base):
        raise UsageError(f"{display}: {iri} is not a Wikidata item")
    return iri[len(entity_base):]
