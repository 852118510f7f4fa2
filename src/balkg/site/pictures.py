"""The pictures' data (network, timeline, designation lanes, map) and their standalone SVG files.

The data comes from the `site/` saved queries; the interactive pages draw it
with Cytoscape.js and vis-timeline, and the SVG files here are for papers and
slides (drawn with plain SVG: a circle layout for the network, time axes for
the rest).
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from . import dates
from .model import SiteGraph, date_of, value

ESTABLISHED = ("membership", "structure", "change")


def _bounds(term) -> dict | None:
    parts = date_of(term)
    if parts is None:
        return None
    first, last = dates.bounds(*parts)
    return {"first": first, "last": last, "precision": dates.precision(*parts), "shown": dates.show(*parts),
            "value": parts[0]}


def _local(iri: str) -> str:
    return iri.rstrip("/").replace("#", "/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------- network

def network_data(graph: SiteGraph, href, nodes_query: str = "site/network-nodes",
                 edges_queries: tuple[str, ...] = ("site/network-edges",)) -> dict:
    """Nodes and edges for Cytoscape.js; `href(iri)` gives a node's page path from the site root.
    The saved queries say which actors are nodes and which ties are edges (the exports take all)."""
    nodes: dict[str, dict] = {}
    for row in graph.rows(nodes_query):
        iri = row["actor"].value
        node = nodes.setdefault(iri, {"id": iri, "label": graph.label(iri), "href": href(iri),
                                      "classes": [], "founded": _bounds(row.get("founded")),
                                      "dissolved": _bounds(row.get("dissolved"))})
        cls = row["class"].value
        if graph.label(cls) not in node["classes"]:
            node["classes"].append(graph.label(cls))
            node.setdefault("class_iris", []).append(cls)
    for node in nodes.values():
        node["type"] = _local(sorted(node.pop("class_iris"))[0])
    edges, seen = [], set()
    for row in (r for name in edges_queries for r in graph.rows(name)):
        source, target = row["from"].value, row["to"].value
        if source not in nodes or target not in nodes:
            continue
        kind = row["kind"].value
        statement = value(row.get("statement"))
        relation = value(row.get("relation"))
        key = (kind, statement, source, target, relation)
        if key in seen:
            continue
        seen.add(key)
        edges.append({
            "id": f"e{len(edges)}", "source": source, "target": target, "kind": kind,
            "source_label": nodes[source]["label"], "target_label": nodes[target]["label"],
            "source_href": nodes[source]["href"], "target_href": nodes[target]["href"],
            "established": kind in ESTABLISHED,
            "relation": graph.label(relation) if relation else kind,
            "statement": statement, "href": href(statement) if statement else None,
            "begin": _bounds(row.get("begin")), "end": _bounds(row.get("end")),
            "status": graph.label(row["status"].value) if row.get("status") else None,
            "claimant": graph.label(row["claimant"].value) if row.get("claimant") else None,
        })
    days = [b[k] for n in nodes.values() for b in (n["founded"], n["dissolved"]) if b for k in ("first", "last")]
    days += [b[k] for e in edges for b in (e["begin"], e["end"]) if b for k in ("first", "last")]
    today = datetime.date.today().isoformat()
    return {"nodes": sorted(nodes.values(), key=lambda n: n["id"]), "edges": edges,
            "first": min(days) if days else today, "last": max(days + [today]), "today": today}


def network_svg(data: dict, size: int = 900) -> str:
    nodes = sorted(data["nodes"], key=lambda n: (n["type"], n["label"]))
    radius, centre = size * 0.36, size / 2
    where = {}
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / max(len(nodes), 1)
        where[node["id"]] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle), angle)
    colours = _palette(sorted({n["type"] for n in nodes}))
    out = [svg_open(size, size, "Actor network: memberships, wings, organisational changes and alleged ties")]
    for edge in data["edges"]:
        (x1, y1, _), (x2, y2, _) = where[edge["source"]], where[edge["target"]]
        style = ('stroke="#c0392b" stroke-dasharray="6 4"' if not edge["established"]
                 else 'stroke="#2c3e50"' if edge["kind"] == "membership"
                 else 'stroke="#7f8c8d" stroke-width="2.5"' if edge["kind"] == "structure"
                 else 'stroke="#2471a3" stroke-dasharray="2 3"')
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {style} opacity="0.75">'
                   f'<title>{escape(edge["relation"])}</title></line>')
    for node in nodes:
        x, y, angle = where[node["id"]]
        anchor = "start" if math.cos(angle) >= 0 else "end"
        dx = 10 if anchor == "start" else -10
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colours[node["type"]]}" stroke="#333"/>'
                   f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="{anchor}">'
                   f'{escape(_clip(node["label"], 34))}</text>')
    out.append(_legend([(t, colours[t]) for t in colours], 10, 16))
    out.append(_edge_legend(size - 230, 16))
    out.append("</svg>")
    return "\n".join(out)


# ---------------------------------------------------------------- timeline

def timeline_data(graph: SiteGraph, href) -> dict:
    events: dict[str, dict] = {}
    for row in graph.event_rows:
        iri = row["event"].value
        item = events.setdefault(iri, {"id": iri, "label": graph.label(iri), "href": href(iri),
                                       "begin": _bounds(row.get("begin")), "end": _bounds(row.get("end")),
                                       "types": [], "type_ids": [], "direct_type_ids": [], "actors": [],
                                       "classes": [], "places": []})
        if row.get("place") is not None and row["place"].value not in item["places"]:
            item["places"].append(row["place"].value)
        for key, name in (("type", "types"), ("class", "classes")):
            if row.get(key) is not None and graph.label(row[key].value) not in item[name]:
                item[name].append(graph.label(row[key].value))
        if row.get("type") is not None:
            if row["type"].value not in item["direct_type_ids"]:
                item["direct_type_ids"].append(row["type"].value)
            # filtering by a type also finds the events of its narrower types
            for t in [row["type"].value, *graph.broader(row["type"].value)]:
                if t not in item["type_ids"]:
                    item["type_ids"].append(t)
    for row in graph.participations:
        event = events.get(row["event"].value)
        if event is not None and row["actor"].value not in event["actors"]:
            event["actors"].append(row["actor"].value)
    dated = [e for e in events.values() if e["begin"]]
    for e in dated:
        e["start"] = e["begin"]["first"]
        e["stop"] = (e["end"] or e["begin"])["last"]
        e["precision"] = e["begin"]["precision"]
    actors = sorted({a for e in events.values() for a in e["actors"]}, key=graph.label)
    types = sorted({(t, graph.label(t)) for e in events.values() for t in e["type_ids"]}, key=lambda x: x[1])
    return {"events": sorted(dated, key=lambda e: (e["start"], e["id"])),
            "undated": sorted((e for e in events.values() if not e["begin"]), key=lambda e: e["label"]),
            "actors": [{"id": a, "label": graph.label(a)} for a in actors],
            "types": [{"id": t, "label": label} for t, label in types]}


def timeline_svg(data: dict, width: int = 1000) -> str:
    events = data["events"]
    row_h, left, top = 18, 420, 40
    height = top + row_h * len(events) + 30
    axis = _Axis([e["start"] for e in events] + [e["stop"] for e in events], left, width - 20)
    out = [svg_open(width, height, "Event timeline (bars span the precision of their dates)")]
    out.extend(axis.ticks(top - 8, height - 20))
    for i, e in enumerate(events):
        y = top + i * row_h
        x1, x2 = axis.x(e["start"]), axis.x(e["stop"], end=True)
        uncertain = ' fill-opacity="0.45" stroke-dasharray="3 2"' if e["precision"] != "day" else ""
        out.append(f'<text x="{left - 8}" y="{y + 12}" font-size="11" text-anchor="end">{escape(_clip(e["label"], 70))}</text>'
                   f'<rect x="{x1:.1f}" y="{y + 3}" width="{max(x2 - x1, 3):.1f}" height="{row_h - 6}" '
                   f'fill="#2471a3" stroke="#1b4f72"{uncertain}><title>{escape(e["label"])}: '
                   f'{escape(_span(e))}</title></rect>')
    out.append("</svg>")
    return "\n".join(out)


def _span(e: dict) -> str:
    return e["begin"]["shown"] + (f" – {e['end']['shown']}" if e.get("end") else "")


# ---------------------------------------------------------------- designations

@dataclass
class Designation:
    iri: str
    actor: str
    lane: str
    authority: str | None
    listings: list[dict] = field(default_factory=list)
    effective: list[dict] = field(default_factory=list)
    revocation: dict | None = None
    amends: list[str] = field(default_factory=list)
    claimed_listings: list[dict] = field(default_factory=list)  # the listing dates of disagreeing claims


def designations(graph: SiteGraph) -> list[Designation]:
    found: dict[str, Designation] = {}
    for row in graph.rows("site/designations"):
        iri = row["designation"].value
        lane = row.get("type") or row.get("authority")
        d = found.setdefault(iri, Designation(iri, row["actor"].value, graph.label(lane.value) if lane else "unspecified",
                                              graph.label(row["authority"].value) if row.get("authority") else None))
        for key, bucket in (("listing", d.listings), ("effective", d.effective),
                            ("claimedListing", d.claimed_listings)):
            b = _bounds(row.get(key))
            if b and b not in bucket:
                bucket.append(b)
        if row.get("revocation") is not None:
            d.revocation = _bounds(row["revocation"])
        if row.get("amends") is not None and row["amends"].value not in d.amends:
            d.amends.append(row["amends"].value)
    return sorted(found.values(), key=lambda d: (d.lane, graph.label(d.actor), d.iri))


def lanes_svg(graph: SiteGraph, items: list[Designation], link=None, width: int = 1000) -> str:
    """Lanes per designation type; one row per designated actor; bars from listing to revocation or today."""
    today = datetime.date.today().isoformat()
    rows: dict[tuple[str, str], list[Designation]] = defaultdict(list)
    for d in items:
        rows[(d.lane, d.actor)].append(d)
    ordered = sorted(rows, key=lambda k: (k[0], graph.label(k[1])))
    lanes = sorted({lane for lane, _ in ordered})
    row_h, left, top = 22, 300, 40
    height = top + row_h * (len(ordered) + len(lanes)) + 40
    days = [b[k] for d in items for b in d.listings + ([d.revocation] if d.revocation else []) for k in ("first", "last")]
    axis = _Axis(days + [today], left, width - 20)
    out = [svg_open(width, height, "Designation history: one lane per designation type, from listing to revocation or today")]
    out.extend(axis.ticks(top - 8, height - 30))
    y, previous_lane = top, None
    for lane, actor in ordered:
        if lane != previous_lane:
            out.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#999"/>'
                       f'<text x="6" y="{y + 15}" font-size="12" font-weight="bold">{escape(_clip(lane, 120))}</text>')
            previous_lane = lane
            y += row_h
        out.append(f'<text x="{left - 8}" y="{y + 15}" font-size="11" text-anchor="end">'
                   f'{escape(_clip(graph.label(actor), 44))}</text>')
        for d in rows[(lane, actor)]:
            out.append(_designation_marks(d, axis, y, row_h, today, link))
        y += row_h
    out.append(f'<text x="{left}" y="{height - 8}" font-size="11">bar: listed until revocation or today ({today}); '
               f'hatched: listing date uncertain or disputed; ◆ amendment</text>')
    out.append("</svg>")
    return "\n".join(out)


def _designation_marks(d: Designation, axis: "_Axis", y: int, row_h: int, today: str, link) -> str:
    if not d.listings:
        mark = (f'<text x="{axis.left + 6}" y="{y + 15}" font-size="11" font-style="italic" fill="#a93226">'
                f'listing date not in the graph (see the designation\'s page)</text>')
        return f'<a href="{escape(link(d.iri))}">{mark}</a>' if link and link(d.iri) else mark
    earliest = min(b["first"] for b in d.listings)
    latest = max(b["last"] for b in d.listings)
    stop = d.revocation["last"] if d.revocation else today
    title = escape(f"{d.lane}: listed " + " / ".join(b["shown"] for b in d.listings)
                   + (f", revoked {d.revocation['shown']}" if d.revocation else ""))
    parts = []
    if d.amends:
        x = axis.x(earliest)
        parts.append(f'<text x="{x:.1f}" y="{y + 16}" font-size="14" text-anchor="middle" fill="#8e44ad">◆'
                     f'<title>{title} (amends an earlier designation)</title></text>')
    else:
        x1, x2 = axis.x(latest, end=True), axis.x(stop, end=True)
        parts.append(f'<rect x="{x1:.1f}" y="{y + 5}" width="{max(x2 - x1, 2):.1f}" height="{row_h - 10}" '
                     f'fill="#c0392b"><title>{title}</title></rect>')
        if latest > earliest or any(b["precision"] != "day" for b in d.listings):
            u1 = axis.x(earliest)
            parts.append(f'<rect x="{u1:.1f}" y="{y + 5}" width="{max(x1 - u1, 2):.1f}" height="{row_h - 10}" '
                         f'fill="url(#hatch)" stroke="#c0392b"><title>{title}</title></rect>')
    mark = "".join(parts)
    if link and link(d.iri):
        return f'<a href="{escape(link(d.iri))}">{mark}</a>'
    return mark


# ---------------------------------------------------------------- drawing helpers

class _Axis:
    """Maps ISO days to x between `left` and `right`, whole years."""

    def __init__(self, days: list[str], left: float, right: float):
        years = [int(d[:4]) for d in days if d] or [datetime.date.today().year]
        self.first, self.last = min(years), max(years) + 1
        self.left, self.right = left, right

    def _ordinal(self, day: str, end: bool = False) -> float:
        y, m, d = (int(p) for p in day.split("-")[:3])
        ordinal = datetime.date(y, m, d).toordinal() + (1 if end else 0)
        return ordinal

    def x(self, day: str, end: bool = False) -> float:
        start = datetime.date(self.first, 1, 1).toordinal()
        stop = datetime.date(self.last, 1, 1).toordinal()
        return self.left + (self._ordinal(day, end) - start) / (stop - start) * (self.right - self.left)

    def ticks(self, top: float, bottom: float) -> list[str]:
        span = self.last - self.first
        step = 1 if span <= 12 else 2 if span <= 24 else 5 if span <= 60 else 10
        out = []
        for year in range(self.first, self.last + 1, step):
            x = self.x(f"{year}-01-01")
            out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#ddd"/>'
                       f'<text x="{x:.1f}" y="{top - 4}" font-size="10" text-anchor="middle">{year}</text>')
        return out


def svg_open(width: int, height: int, title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" role="img">'
            f'<title>{escape(title)}</title>'
            '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#c0392b" stroke-width="2"/></pattern></defs>'
            f'<rect width="{width}" height="{height}" fill="white"/>')


PALETTE = ["#e74c3c", "#3498db", "#2ecc71", "#f39c12", "#9b59b6", "#1abc9c", "#e67e22", "#34495e",
           "#d35400", "#16a085", "#8e44ad", "#7f8c8d"]


def _palette(types: list[str]) -> dict[str, str]:
    return {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(types)}


def _legend(entries: list[tuple[str, str]], x: float, y: float) -> str:
    out = []
    for i, (name, colour) in enumerate(entries):
        out.append(f'<circle cx="{x + 6}" cy="{y + i * 16}" r="5" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="{y + 4 + i * 16}" font-size="11">{escape(name)}</text>')
    return "".join(out)


def _edge_legend(x: float, y: float) -> str:
    rows = [('stroke="#2c3e50"', "membership"), ('stroke="#7f8c8d" stroke-width="2.5"', "part of / wing of"),
            ('stroke="#2471a3" stroke-dasharray="2 3"', "organisational change"),
            ('stroke="#c0392b" stroke-dasharray="6 4"', "alleged (accusation)")]
    return "".join(f'<line x1="{x}" y1="{y + i * 16}" x2="{x + 30}" y2="{y + i * 16}" {s}/>'
                   f'<text x="{x + 36}" y="{y + 4 + i * 16}" font-size="11">{label}</text>'
                   for i, (s, label) in enumerate(rows))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
