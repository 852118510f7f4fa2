"""Flat exports for the tools researchers use: the actor network as GraphML and an
edge-list CSV (Gephi, networkx, igraph), and the events as one row per event
(CSV and an .xlsx workbook), GTD/ACLED style.

The event-type columns come from the SKOS mappings of the event types, one
column per scheme mapped to (the shipped graph maps to GTD and ACLED).
A casualty column never holds one of two conflicting figures: each measure and
category gets the lowest and the highest claimed figure, each with its
claimants, and the number of claims.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from xml.sax.saxutils import escape, quoteattr

from . import pictures
from .model import SiteGraph

NETWORK_COLUMNS = ["source", "source_label", "target", "target_label", "kind", "established", "relation",
                   "begin", "begin_precision", "end", "end_precision", "status", "claimant", "statement",
                   "evidence_sources", "evidence_quotes"]
# Every actor is a node and every tie an edge: the site's network ties and the others.
EXPORT_NODES = "network/actors"
EXPORT_EDGES = ("site/network-edges", "network/other-relations")


# ---------------------------------------------------------------- network

def network_rows(graph: SiteGraph) -> tuple[list[dict], list[dict]]:
    data = pictures.network_data(graph, lambda iri: iri, EXPORT_NODES, EXPORT_EDGES)
    evidence = _evidence_by_node(graph)
    rows = []
    for e in data["edges"]:
        sources, quotes = evidence.get(e["statement"] or "", ([], []))
        rows.append({
            "source": e["source"], "source_label": graph.label(e["source"]),
            "target": e["target"], "target_label": graph.label(e["target"]),
            "kind": e["kind"], "established": "true" if e["established"] else "false", "relation": e["relation"],
            "begin": e["begin"]["first"] if e["begin"] else "", "begin_precision": e["begin"]["precision"] if e["begin"] else "",
            "end": e["end"]["last"] if e["end"] else "", "end_precision": e["end"]["precision"] if e["end"] else "",
            "status": e["status"] or "", "claimant": e["claimant"] or "", "statement": e["statement"] or "",
            "evidence_sources": " ".join(sources), "evidence_quotes": " | ".join(quotes)})
    return data["nodes"], rows


def _evidence_by_node(graph: SiteGraph) -> dict[str, tuple[list[str], list[str]]]:
    """node -> (the sources of its evidence, their quotes), each once, in the query's order."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    for row in graph.rows("network/evidence"):
        sources, quotes = found.setdefault(row["node"].value, ([], []))
        if row["source"].value not in sources:
            sources.append(row["source"].value)
        if row.get("quote") is not None and row["quote"].value not in quotes:
            quotes.append(row["quote"].value)
    return found


def edges_csv(graph: SiteGraph) -> str:
    _, rows = network_rows(graph)
    out = io.StringIO()
    writer = csv.DictWriter(out, NETWORK_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def graphml(graph: SiteGraph) -> str:
    """GraphML with node types and lifespans and edge kinds and intervals (ISO days; precision kept)."""
    nodes, rows = network_rows(graph)
    node_keys = [("label", "string"), ("type", "string"), ("classes", "string"), ("founded", "string"),
                 ("founded_precision", "string"), ("dissolved", "string"), ("dissolved_precision", "string")]
    edge_keys = [(k, "string") for k in NETWORK_COLUMNS if k not in ("source", "target", "source_label", "target_label")]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    for name, kind in node_keys:
        out.append(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>')
    for name, kind in edge_keys:
        out.append(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>')
    out.append('  <graph id="actors" edgedefault="directed">')
    for n in nodes:
        values = {"label": n["label"], "type": n["type"], "classes": "; ".join(n["classes"]),
                  "founded": n["founded"]["first"] if n["founded"] else "",
                  "founded_precision": n["founded"]["precision"] if n["founded"] else "",
                  "dissolved": n["dissolved"]["last"] if n["dissolved"] else "",
                  "dissolved_precision": n["dissolved"]["precision"] if n["dissolved"] else ""}
        out.append(f'    <node id={quoteattr(n["id"])}>' + "".join(
            f'<data key="n_{k}">{escape(v)}</data>' for k, v in values.items() if v) + "</node>")
    for i, r in enumerate(rows):
        out.append(f'    <edge id="e{i}" source={quoteattr(r["source"])} target={quoteattr(r["target"])}>' + "".join(
            f'<data key="e_{k}">{escape(r[k])}</data>' for k, _ in edge_keys if r[k]) + "</edge>")
    out.append("  </graph>")
    out.append("</graphml>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- events table

def events_table(graph: SiteGraph) -> tuple[list[str], list[list[str]]]:
    timeline = pictures.timeline_data(graph, lambda iri: iri)
    events = timeline["events"] + timeline["undated"]
    places: dict[str, list[str]] = defaultdict(list)
    for row in graph.event_rows:
        if row.get("place") is not None and graph.label(row["place"].value) not in places[row["event"].value]:
            places[row["event"].value].append(graph.label(row["place"].value))
    perpetrators: dict[str, list[str]] = defaultdict(list)
    for row in graph.rows("site/perpetrators"):
        how = graph.label(row["responsibility"].value) if row.get("responsibility") else "responsibility not stated"
        by = f" by {graph.label(row['attributedBy'].value)}" if row.get("attributedBy") else ""
        text = f"{graph.label(row['actor'].value)} ({how}{by})"
        if text not in perpetrators[row["event"].value]:
            perpetrators[row["event"].value].append(text)
    figures = _figures(graph)
    categories = sorted({key for per in figures.values() for key in per})
    schemes = sorted({label for e in events for label in _matches(graph, e["direct_type_ids"])})
    header = ["event", "label", "begin", "begin_precision", "end", "end_precision", "event_type",
              *[f"event_type matches in {s}" for s in schemes], "places", "perpetrators"]
    for measure, category in categories:
        stem = f"{measure} {category}".strip()
        header += [f"{stem} lowest", f"{stem} lowest claimed by", f"{stem} highest",
                   f"{stem} highest claimed by", f"{stem} claims"]
    rows = []
    for e in events:
        matches = _matches(graph, e["direct_type_ids"])
        row = [e["id"], e["label"],
               e["begin"]["value"] if e["begin"] else "", e["begin"]["precision"] if e["begin"] else "",
               e["end"]["value"] if e["end"] else "", e["end"]["precision"] if e["end"] else "",
               "; ".join(e["types"]), *[matches.get(s, "") for s in schemes],
               "; ".join(places[e["id"]]), "; ".join(perpetrators[e["id"]])]
        for key in categories:
            row += _range_cells(figures[e["id"]].get(key, []))
        rows.append(row)
    return header, rows


def _figures(graph: SiteGraph) -> dict[str, dict[tuple[str, str], list[tuple[float, str, str]]]]:
    """event -> (measure, category) -> [(figure, as claimed, claimant)]."""
    found: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for about, rows in graph.claims.items():
        for row in rows:
            if row["kind"].value != "figure":
                continue
            key = (graph.label(row["measure"].value) if row.get("measure") else "",
                   graph.label(row["category"].value) if row.get("category") else "")
            try:
                number = float(row["figure"].value)
            except ValueError:
                continue
            qualifier = graph.label(row["qualifier"].value) + " " if row.get("qualifier") else ""
            claimant = graph.label(row["claimant"].value) if row.get("claimant") else "unknown claimant"
            entry = (number, f"{qualifier}{row['figure'].value}", claimant)
            if entry not in found[about][key]:
                found[about][key].append(entry)
    return found


def _range_cells(claims: list[tuple[float, str, str]]) -> list[str]:
    if not claims:
        return ["", "", "", "", ""]
    low = min(c[0] for c in claims)
    high = max(c[0] for c in claims)

    def who(number):
        return "; ".join(sorted({f"{c[2]} ({c[1]})" for c in claims if c[0] == number}))
    return [_number(low), who(low), _number(high), who(high), str(len(claims))]


def _number(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def _matches(graph: SiteGraph, types: list[str]) -> dict[str, str]:
    """scheme label -> the concepts of that scheme (GTD, ACLED...) the event's types map to."""
    found: dict[str, list[str]] = defaultdict(list)
    for t in types:
        for _, match, scheme in graph.matches.get(t, []):
            column = graph.label(scheme) if scheme else "no scheme"
            if graph.label(match) not in found[column]:
                found[column].append(graph.label(match))
    return {k: "; ".join(v) for k, v in found.items()}


def events_csv(graph: SiteGraph) -> str:
    header, rows = events_table(graph)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def events_xlsx(graph: SiteGraph) -> bytes:
    import openpyxl
    from openpyxl.utils import get_column_letter
    header, rows = events_table(graph)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "events"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "C2"
    for i, name in enumerate(header, 1):
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, len(name) + 2))
    edges = book.create_sheet("network")
    edges.append(NETWORK_COLUMNS)
    for r in network_rows(graph)[1]:
        edges.append([r[k] for k in NETWORK_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# name in the site's exports/ folder -> (writer, binary)
WRITERS = {
    "network.graphml": (graphml, False),
    "network-edges.csv": (edges_csv, False),
    "events.csv": (events_csv, False),
    "events.xlsx": (events_xlsx, True),
}


# `balkg export --format NAME` -> the writer of that flat format
FORMATS = {"graphml": graphml, "edges-csv": edges_csv, "events-csv": events_csv, "events-xlsx": events_xlsx}


def export_flat(layout, fmt: str) -> bytes:
    """One flat export of the layout's graph, as bytes (UTF-8 for the text formats)."""
    data = FORMATS[fmt](SiteGraph(layout))
    return data if isinstance(data, bytes) else data.encode("utf-8")
