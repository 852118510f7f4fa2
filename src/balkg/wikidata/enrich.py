"""`balkg enrich wikidata`: selected facts of linked items, with Wikidata as their source.

Pulled: coordinates of places, inception and dissolution, and "designated as terrorist
by" read through its statement's start/end-time qualifiers (deprecated ranks dropped).

Provenance follows the graph's own evidence model: each fact written gets a balkg:Evidence
node whose balkg:source is a balkg:Source node for the item (its page URL, title and
retrieval date), and whose balkg:quote is the value as Wikidata states it.

Nothing the graph already states is contradicted: where the graph has a value of its own
(a founding date, a designation by the same authority), the Wikidata value is compared and
any disagreement reported, not written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import BalkgError, ParseError
from ..layout import Layout
from ..rdf import RDF_TYPE, RDFS, XSD
from ..rdf.parsing import parse_file
from .candidates import fetch_items
from .client import WikidataClient, sparql_string, value, values_items
from .config import Alignment, load_alignment
from .dates import WdTime, agree, literal_parts, show
from .graph import GraphView, graph_prefixes, load_graph
from .linker import default_paths
from .links import turtle_name

_POINT = re.compile(r"^\s*(?:<[^>]*>\s*)?Point\(\s*([-+\d.eE]+)\s+([-+\d.eE]+)\s*\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Comparison:
    entity: str
    qid: str
    fact: str
    finding: str        # added / disagrees / not-in-graph / several-values
    graph: str
    wikidata: str


@dataclass
class Designation:
    statement: str
    by: str
    by_label: str
    start: WdTime | None
    end: WdTime | None


@dataclass
class EnrichReport:
    path: Path | None = None
    items: int = 0
    facts: int = 0
    findings: list[Comparison] = field(default_factory=list)

    @property
    def disagreements(self) -> list[Comparison]:
        return [f for f in self.findings if f.finding == "disagrees"]


class _Writer:
    """Collects triples per subject, in order, for a readable Turtle file."""

    def __init__(self):
        self.subjects: dict[str, list[tuple[str, object]]] = defaultdict(list)

    def add(self, s: str, p: str, o) -> None:
        if (p, o) not in self.subjects[s]:
            self.subjects[s].append((p, o))

    def render(self, prefixes: dict[str, str], header: list[str]) -> str:
        used: set[str] = set()

        def name(iri: str) -> str:
            text, prefix = turtle_name(iri, prefixes)
            if prefix:
                used.add(prefix)
            return text

        blocks = []
        for s, pairs in self.subjects.items():
            lines = []
            for p, o in pairs:
                obj = name(o.value) if isinstance(o, ox.NamedNode) else _literal(o, name)
                pred = "a" if p == RDF_TYPE else name(p)
                lines.append(f"{pred} {obj}")
            blocks.append(name(s) + " " + " ;\n    ".join(lines) + " .")
        prefix_lines = [f"@prefix {p}: <{prefixes[p]}> ." for p in sorted(used)]
        return "\n".join(header + [""] + prefix_lines + [""] + ["\n\n".join(blocks)]) + "\n"


def enrich_wikidata(layout: Layout, client: WikidataClient, alignment: Alignment | None = None, *,
                    out_path: Path | None = None, today: dt.date | None = None,
                    allow_empty: bool = False) -> EnrichReport:
    """Write the facts of linked items to the enrichment file; never empty a file that holds facts unless allowed."""
    layout.require_writable()
    alignment = alignment or load_alignment(layout)
    out_path = Path(out_path or default_paths(layout)["enrichment"])
    today = today or dt.date.today()
    view = GraphView(load_graph(layout, exclude=[out_path]), alignment)
    entities = view.entities()
    pairs = sorted((iri, q) for iri, qids in view.links_of().items() if iri in entities
                   for q in qids if alignment.qid(alignment.item_iri(q)) == q)
    qids = sorted({q for _, q in pairs})
    report = EnrichReport(path=out_path, items=len(qids))
    cfg = alignment.enrich
    display = alignment.wd.get("display_language", "en")
    items = fetch_items(client, qids, alignment, {display, *alignment.wd.get("languages", [])})
    coords = _fetch_coordinates(client, qids, alignment)
    designations = _fetch_designations(client, qids, alignment)
    modified = _fetch_modified(client, qids)
    authorities = _authorities(view, alignment)
    writer = _Writer()
    base = layout.base

    for iri, qid in pairs:
        entity = entities[iri]
        item = items[qid]
        if item.redirect or not item.described:
            report.findings.append(Comparison(iri, qid, "link", "not-used", "",
                                           f"redirects to {item.redirect}" if item.redirect else "no such item"))
            continue
        source = base + cfg["source_iri"].format(qid=qid.lower())
        ctx = _Context(writer, cfg, source, qid, iri, report, base)

        if cfg.get("coordinates_for") and view.is_a(entity.classes, cfg["coordinates_for"]):
            _coordinates(ctx, view, coords.get(qid, []), alignment)
        for mapping in alignment.dates:
            _date(ctx, view, entity, mapping, item.dates.get(mapping.wikidata, []))
        for statement in designations.get(qid, []):
            _designation(ctx, view, statement, authorities, alignment, base)

        if ctx.used:
            writer.add(source, RDF_TYPE, ox.NamedNode(cfg["source_class"]))
            title = f"Wikidata: {item.label(display) or qid} ({qid})"
            writer.add(source, cfg["title"], ox.Literal(title, language=display))
            writer.add(source, cfg["url"], ox.Literal(alignment.page(qid), datatype=ox.NamedNode(XSD + "anyURI")))
            writer.add(source, cfg["retrieval_date"], ox.Literal(today.isoformat(), datatype=ox.NamedNode(XSD + "date")))
            if cfg.get("publisher") and cfg.get("publisher_property"):
                writer.add(source, cfg["publisher_property"], ox.NamedNode(cfg["publisher"]))
            if cfg.get("publication_date") and qid in modified:
                writer.add(source, cfg["publication_date"], ox.Literal(modified[qid], datatype=ox.NamedNode(XSD + "date")))

    prefixes = {**graph_prefixes(layout), **alignment.prefixes}
    header = ["# Generated by `balkg enrich wikidata`; do not edit: the next run rewrites this file.",
              f"# Facts of linked Wikidata items, retrieved {today.isoformat()}, each with an evidence node",
              "# naming the item as its source. Values the graph already states differently are reported, not written."]
    if not writer.subjects and not allow_empty:
        _refuse_to_empty(layout, out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(writer.render(prefixes, header), encoding="utf-8")
    return report


def _refuse_to_empty(layout: Layout, path: Path) -> None:
    """An endpoint that answers nothing must not wipe what an earlier run wrote."""
    if not path.is_file():
        return
    try:
        held = len(parse_file(path, layout.relative(path)).triples)
    except ParseError:
        return  # a broken generated file is no loss
    if held:
        raise BalkgError(f"{layout.relative(path)} holds {held} triples and this run found none (did the endpoint "
                         "answer?); it is kept as it was: pass --allow-empty to empty it")


@dataclass
class _Context:
    writer: _Writer
    cfg: dict
    source: str
    qid: str
    entity: str
    report: EnrichReport
    base: str
    used: bool = False

    def evidence(self, subject: str, fact: str, quote: str, locator: str) -> None:
        ev = self.writer
        node = self.base + self.cfg["evidence_iri"].format(qid=self.qid.lower(), fact=fact)
        ev.add(subject, self.cfg["evidence"], ox.NamedNode(node))
        ev.add(node, RDF_TYPE, ox.NamedNode(self.cfg["evidence_class"]))
        ev.add(node, self.cfg["source"], ox.NamedNode(self.source))
        ev.add(node, self.cfg["quote"], ox.Literal(quote[:300]))
        ev.add(node, self.cfg["locator"], ox.Literal(locator))
        self.used = True

    def found(self, fact: str, finding: str, graph: str, wikidata: str) -> None:
        self.report.findings.append(Comparison(self.entity, self.qid, fact, finding, graph, wikidata))


def _coordinates(ctx: _Context, view: GraphView, points: list[str], alignment: Alignment) -> None:
    parsed = sorted({(float(m.group(2)), float(m.group(1))) for m in map(_POINT.match, points) if m})
    if not parsed:
        return
    pid = alignment.wd["coordinates"]
    shown = "; ".join(f"{lat} {lon}" for lat, lon in parsed)
    lat_p, lon_p = ctx.cfg["latitude"], ctx.cfg["longitude"]
    existing = [(r["lat"].value, r["lon"].value) for r in view.select(
        f"SELECT ?lat ?lon WHERE {{ <{ctx.entity}> <{lat_p}> ?lat ; <{lon_p}> ?lon }}")]
    if existing:
        if not any(abs(float(a) - lat) < 0.01 and abs(float(b) - lon) < 0.01
                   for a, b in existing for lat, lon in parsed):
            ctx.found("coordinates", "disagrees", "; ".join(f"{a} {b}" for a, b in existing), shown)
        return
    if len(parsed) > 1:
        ctx.found("coordinates", "several-values", "", shown)
        return
    lat, lon = parsed[0]
    decimal = ox.NamedNode(XSD + "decimal")
    ctx.writer.add(ctx.entity, lat_p, ox.Literal(_decimal(lat), datatype=decimal))
    ctx.writer.add(ctx.entity, lon_p, ox.Literal(_decimal(lon), datatype=decimal))
    ctx.evidence(ctx.entity, pid.lower(), points[0].strip(), f"{pid} (coordinate location)")
    ctx.found("coordinates", "added", "", shown)
    ctx.report.facts += 1


def _date(ctx: _Context, view: GraphView, entity, mapping, times: list[WdTime]) -> None:
    values = sorted({t.parts() for t in times if t.parts()})
    if not values:
        return
    shown = ", ".join(show(v) for v in values)
    graph = [p for p in map(literal_parts, entity.dates.get(mapping.graph, [])) if p]
    if graph:
        if not any(agree(g, w) for g in graph for w in values):
            ctx.found(mapping.label, "disagrees", ", ".join(map(show, graph)), shown)
        return
    domain = view.domain_of(mapping.graph)
    if domain and not any(view.is_a(entity.classes, d) for d in domain):
        return
    if len(values) > 1:
        ctx.found(mapping.label, "several-values", "", shown)
        return
    chosen = next(t for t in times if t.parts() == values[0])
    ctx.writer.add(ctx.entity, mapping.graph, chosen.literal())
    ctx.evidence(ctx.entity, mapping.wikidata.lower(), chosen.value,
                 f"{mapping.wikidata} ({mapping.label}), precision {_PRECISION.get(chosen.precision, chosen.precision)}")
    ctx.found(mapping.label, "added", "", shown)
    ctx.report.facts += 1


_PRECISION = {9: "year", 10: "month", 11: "day"}


def _designation(ctx: _Context, view: GraphView, st: Designation, authorities: dict[str, set[str]],
                 alignment: Alignment, base: str) -> None:
    d = ctx.cfg["designations"]
    pid = alignment.wd["designated_as_terrorist_by"]
    wd_side = _designation_text(st)
    fact = f"designated by {st.by_label or st.by} ({st.by})"
    actors = authorities.get(st.by, set())
    if not actors:
        ctx.found(fact, "not-in-graph", "", wd_side + "; the designating authority has no linked actor")
        return
    rows = list(view.select(f"""SELECT ?d ?p ?date WHERE {{
        ?d <{RDF_TYPE}> <{d["class"]}> ; <{d["actor"]}> <{ctx.entity}> ; <{d["authority"]}> ?a .
        VALUES ?a {{ {" ".join(f"<{a}>" for a in sorted(actors))} }}
        OPTIONAL {{ VALUES ?p {{ {" ".join(f"<{p}>" for p in d["start"] + d["end"])} }} ?d ?p ?date }} }}"""))
    if rows:
        starts = [literal_parts(r["date"]) for r in rows if r["p"] is not None and r["p"].value in d["start"]]
        ends = [literal_parts(r["date"]) for r in rows if r["p"] is not None and r["p"].value in d["end"]]
        graph_side = "start " + (", ".join(show(p) for p in starts if p) or "none") + \
                     "; end " + (", ".join(show(p) for p in ends if p) or "none")
        start_ok = st.start is None or any(p and agree(p, st.start.parts()) for p in starts)
        end_ok = st.end is None or any(p and agree(p, st.end.parts()) for p in ends)
        if not (start_ok and end_ok):
            ctx.found(fact, "disagrees", graph_side, wd_side)
        return
    if not d.get("write_missing"):
        ctx.found(fact, "graph-lacks", "", wd_side)
        return
    statement = re.sub(r"[^a-z0-9-]+", "-", st.statement.rsplit("/", 1)[-1].lower()).strip("-")
    node = base + ctx.cfg["designation_iri"].format(qid=ctx.qid.lower(), statement=statement)
    w = ctx.writer
    w.add(node, RDF_TYPE, ox.NamedNode(d["class"]))
    w.add(node, d["actor"], ox.NamedNode(ctx.entity))
    for actor in sorted(actors):
        w.add(node, d["authority"], ox.NamedNode(actor))
    if st.start and st.start.literal():
        w.add(node, d["write_start"], st.start.literal())
    if st.end and st.end.literal():
        w.add(node, d["write_end"], st.end.literal())
    ctx.evidence(node, f"{pid.lower()}-{statement}", f"{pid} {st.by}; " + wd_side, f"{pid} statement {statement}")
    ctx.found(fact, "added", "", wd_side)
    ctx.report.facts += 1


def _designation_text(st: Designation) -> str:
    parts = []
    if st.start:
        parts.append(f"start {st.start.text()}")
    if st.end:
        parts.append(f"end {st.end.text()}")
    return ", ".join(parts) or "no start or end time"


# ---------------------------------------------------------------- fetching

def _fetch_coordinates(client: WikidataClient, qids: list[str], alignment: Alignment) -> dict[str, list[str]]:
    pid = alignment.wd.get("coordinates")
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if not pid:
        return {}
    for batch in client.batched(qids):
        query = f"""SELECT ?item ?coord ?rank WHERE {{
  VALUES ?item {{ {values_items(batch)} }}
  ?item p:{pid} ?st . ?st ps:{pid} ?coord ; wikibase:rank ?rank .
  FILTER(?rank != wikibase:DeprecatedRank)
}}"""
        for row in client.select(query, "coordinates"):
            out[value(row, "item").rsplit("/", 1)[-1]][value(row, "rank")].append(value(row, "coord"))
    return {q: _best_rank(ranks) for q, ranks in out.items()}


def _fetch_designations(client: WikidataClient, qids: list[str], alignment: Alignment) -> dict[str, list[Designation]]:
    wd = alignment.wd
    pid, start, end = wd.get("designated_as_terrorist_by"), wd.get("start_time"), wd.get("end_time")
    display = wd.get("display_language", "en")
    out: dict[str, list[Designation]] = defaultdict(list)
    if not pid:
        return out
    for batch in client.batched(qids):
        query = f"""SELECT ?item ?st ?by ?byLabel ?start ?sp ?end ?ep WHERE {{
  VALUES ?item {{ {values_items(batch)} }}
  ?item p:{pid} ?st . ?st ps:{pid} ?by ; wikibase:rank ?rank .
  FILTER(?rank != wikibase:DeprecatedRank)
  OPTIONAL {{ ?by rdfs:label ?byLabel FILTER(LANG(?byLabel) = {sparql_string(display)}) }}
  OPTIONAL {{ ?st pqv:{start} ?sv . ?sv wikibase:timeValue ?start ; wikibase:timePrecision ?sp }}
  OPTIONAL {{ ?st pqv:{end} ?ev . ?ev wikibase:timeValue ?end ; wikibase:timePrecision ?ep }}
}} ORDER BY ?st"""
        seen = set()
        for row in client.select(query, "terrorist designations"):
            st = value(row, "st")
            if st in seen:
                continue
            seen.add(st)
            out[value(row, "item").rsplit("/", 1)[-1]].append(Designation(
                statement=st, by=value(row, "by").rsplit("/", 1)[-1], by_label=value(row, "byLabel") or "",
                start=WdTime(value(row, "start"), int(value(row, "sp"))) if value(row, "start") else None,
                end=WdTime(value(row, "end"), int(value(row, "ep"))) if value(row, "end") else None))
    return out


def _fetch_modified(client: WikidataClient, qids: list[str]) -> dict[str, str]:
    """QID -> date of the item's last modification, i.e. of the version read."""
    out = {}
    for batch in client.batched(qids):
        query = f"""SELECT ?item ?modified WHERE {{
  VALUES ?item {{ {values_items(batch)} }}
  ?item schema:dateModified ?modified .
}}"""
        for row in client.select(query, "modification dates"):
            out[value(row, "item").rsplit("/", 1)[-1]] = value(row, "modified")[:10]
    return out


def _authorities(view: GraphView, alignment: Alignment) -> dict[str, set[str]]:
    """QID -> graph actors that stand for it, following the alignment's authority path;
    only nodes of the designating-authority property's range count."""
    d = alignment.enrich["designations"]
    ranges = {r["r"].value for r in view.select(
        f"SELECT ?r WHERE {{ <{d['authority']}> <{RDFS}range> ?r }}")}
    out: dict[str, set[str]] = defaultdict(set)
    rows = view.select(f"SELECT ?a ?c ?item WHERE {{ ?a {d['authority_path']} ?item . ?a <{RDF_TYPE}> ?c }}")
    for row in rows:
        qid = alignment.qid(row["item"].value) if isinstance(row["item"], ox.NamedNode) else None
        if qid and (not ranges or any(view.is_a({row["c"].value}, r) for r in ranges)):
            out[qid].add(row["a"].value)
    return out


def _best_rank(ranks: dict[str, list[str]]) -> list[str]:
    for rank in ranks:
        if rank.endswith("PreferredRank"):
            return sorted(set(ranks[rank]))
    return sorted({v for values in ranks.values() for v in values})


def _literal(literal: ox.Literal, name) -> str:
    """A literal in Turtle, its datatype as a prefixed name when one is declared."""
    if literal.language or literal.datatype.value == XSD + "string":
        return str(literal)
    return f"{ox.Literal(literal.value)}^^{name(literal.datatype.value)}"


def _decimal(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".") if "." in f"{x:.6f}" else str(x)
