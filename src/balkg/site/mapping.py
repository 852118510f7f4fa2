"""The map: places with coordinates, the events at each, and the SVG drawn without a base map.

Points are projected equirectangularly over their bounding box, so the site works offline.
The page's script (static/map.js) shows, for a chosen day, the places of the events that
had begun by then, with the network page's as-of controls.
"""

from __future__ import annotations

import math
from html import escape

from .model import SiteGraph
from .pictures import svg_open

WIDTH, HEIGHT, MARGIN = 900, 600, 20


def map_points(graph: SiteGraph, href) -> tuple[list[dict], int]:
    """The places with coordinates, and how many places there are in all."""
    points: dict[str, dict] = {}
    places = set()
    for row in graph.rows("site/coordinates"):
        places.add(row["place"].value)
        point = _point(graph, row, href)
        if point and point["id"] not in points:
            points[point["id"]] = point
    return list(points.values()), len(places)


def _point(graph: SiteGraph, row, href) -> dict | None:
    if row.get("lat") is None or row.get("long") is None:
        return None
    try:
        lat, lon = float(row["lat"].value), float(row["long"].value)
    except ValueError:
        return None
    iri = row["place"].value
    precision = row.get("precision")
    point_is = row.get("pointIs")
    return {"id": iri, "label": graph.label(iri), "href": href(iri), "lat": lat, "long": lon,
            "precision": graph.label(precision.value) if precision is not None else None,
            "area": point_is is not None and point_is.value == "area"}


def map_data(points: list[dict], timeline: dict) -> dict:
    """The events at each place with coordinates, the places that share a point as one marker,
    and the dated events whose places have none."""
    at = {p["id"]: {**p, "events": []} for p in points}
    unplaced = []
    for event in timeline["events"]:
        here = [at[place] for place in event["places"] if place in at]
        brief = {"id": event["id"], "label": event["label"], "href": event["href"], "start": event["start"],
                 "stop": event["stop"], "shown": event["begin"]["shown"]}
        for place in here:
            place["events"].append(brief)
        if not here:
            unplaced.append({**brief, "places": event["places"]})
    days = [e["start"] for e in timeline["events"]] + [e["stop"] for e in timeline["events"]]
    return {"places": list(at.values()), "markers": _markers(at.values()), "unplaced": unplaced,
            "first": min(days) if days else None, "last": max(days) if days else None}


def _markers(places) -> list[dict]:
    """One marker per point: a town and the district it is the seat of share one."""
    markers: dict[tuple[float, float], dict] = {}
    for p in sorted(places, key=lambda p: (-len(p["events"]), p["label"])):
        m = markers.setdefault((p["lat"], p["long"]), {"id": p["id"], "lat": p["lat"], "long": p["long"],
                                                       "href": p["href"], "places": [], "events": []})
        m["places"].append({"id": p["id"], "label": p["label"], "precision": p["precision"], "area": p["area"]})
        m["events"].extend(e for e in p["events"] if e not in m["events"])
    for m in markers.values():
        m["label"] = " / ".join(p["label"] for p in m["places"])
        m["precision"], m["area"] = m["places"][0]["precision"], m["places"][0]["area"]
    return list(markers.values())


def map_svg(markers: list[dict], link=None, every_point: bool = False) -> str:
    """A marker for each point: a dot sized by its events, hollow where the point is a centroid.
    The frame fits the points with events, so that far-off centroids (countries) do not shrink the
    province to a corner; the points left outside are named under the frame. With `every_point`
    the frame holds them all (the overview)."""
    framed = markers if every_point else ([m for m in markers if m["events"]] or markers)
    project = _projection(framed)
    inside = [m for m in markers if project.holds(m)]
    outside = sorted(m["label"] for m in markers if not project.holds(m))
    out = [svg_open(WIDTH, HEIGHT, "Places with coordinates and their events (longitude and latitude, no base map)")]
    for m in sorted(inside, key=lambda m: -len(m["events"])):
        out.append(_marker(m, *project(m), link))
    south, north, west, east = project.box
    out.append(f'<text x="{MARGIN}" y="{HEIGHT - 6}" font-size="11">{south:.2f}°–{north:.2f}° N, '
               f'{west:.2f}°–{east:.2f}° E</text>')
    if outside:
        out.append(f'<text x="{WIDTH - MARGIN}" y="{HEIGHT - 6}" font-size="11" text-anchor="end">'
                   f'outside this frame: {escape(", ".join(outside))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _projection(markers: list[dict]):
    """Equirectangular, with longitude scaled by the cosine of the middle latitude, centred."""
    lats, lons = [m["lat"] for m in markers], [m["long"] for m in markers]
    pad_lat = max(0.5, 0.12 * (max(lats) - min(lats)))
    pad_lon = max(0.5, 0.12 * (max(lons) - min(lons)))
    south, north, west, east = min(lats) - pad_lat, max(lats) + pad_lat, min(lons) - pad_lon, max(lons) + pad_lon
    squash = math.cos(math.radians((south + north) / 2))
    scale = min((WIDTH - 2 * MARGIN) / ((east - west) * squash), (HEIGHT - 2 * MARGIN) / (north - south))
    x0 = WIDTH / 2 - (west + east) / 2 * squash * scale
    y0 = HEIGHT / 2 + (south + north) / 2 * scale
    # the degrees the frame shows, which may be wider than the points' box in one direction
    half_lon = (WIDTH / 2 - MARGIN) / (squash * scale)
    half_lat = (HEIGHT / 2 - MARGIN) / scale
    mid_lat, mid_lon = (south + north) / 2, (west + east) / 2

    def project(m: dict) -> tuple[float, float]:
        return x0 + m["long"] * squash * scale, y0 - m["lat"] * scale
    project.holds = lambda m: abs(m["lat"] - mid_lat) <= half_lat and abs(m["long"] - mid_lon) <= half_lon
    project.box = (mid_lat - half_lat, mid_lat + half_lat, mid_lon - half_lon, mid_lon + half_lon)
    return project


def marker_radius(count: int) -> float:
    return 4 + 3 * count ** 0.5 if count else 3


def _marker(p: dict, x: float, y: float, link) -> str:
    count = len(p["events"])
    centroid = p["area"]
    fill = "none" if centroid else ("#c0392b" if count else "#95a5a6")
    stroke = ' stroke="#c0392b" stroke-dasharray="3 2" stroke-width="1.5"' if centroid else ' stroke="white"'
    what = f'{count} event{"s" if count != 1 else ""}' if count else "no dated events"
    title = f'{p["label"]}: {what}' + (f' (point: {p["precision"]})' if p.get("precision") else "")
    kind = "event-marker" if count else "place-dot"
    mark = (f'<g class="{kind}" data-place="{escape(p["id"])}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{marker_radius(count):.1f}" fill="{fill}"{stroke}>'
            f'<title>{escape(title)}</title></circle>'
            f'{_label(p["label"], x, y, marker_radius(count))}</g>')
    href = link(p["id"]) if link else None  # its busiest place
    return f'<a href="{escape(href)}">{mark}</a>' if href else mark


def _label(text: str, x: float, y: float, r: float) -> str:
    """Right of the dot, or left of it near the right edge, so that no label is cut off."""
    right = x + r + 3 + 6.5 * len(text) < WIDTH - 4
    at, anchor = (x + r + 3, "start") if right else (x - r - 3, "end")
    return f'<text x="{at:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="{anchor}">{escape(text)}</text>'
