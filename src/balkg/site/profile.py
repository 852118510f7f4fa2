"""An entity page's profile, read before its property table: designations (with what was in force
on a chosen day), relations to other actors, judgements and accusations.

Everything comes from the site's pictures data: the designation lanes (`site/designations`) and
the whole network (`network/*` and `site/network-edges`), so a profile says what the exports say.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from .pictures import Designation
from .views import Linker

ALLEGED = ("alleged", "accusation")  # the kinds of tie that are someone's allegation
# How the profile groups the network's kinds of ties.
SECTIONS = (
    ("relations", "Memberships and organisational ties",
     ("membership", "structure", "change", "affiliation", "nationality", "planned-membership")),
    ("judgements", "Judgements", ("judgement",)),
    ("accusations", "Accusations and alleged ties", ALLEGED),
)


def ties_by_actor(network: dict) -> dict[str, list[dict]]:
    """Each actor's ties in the network data, either end."""
    found: dict[str, list[dict]] = defaultdict(list)
    for edge in network["edges"]:
        found[edge["source"]].append(edge)
        if edge["target"] != edge["source"]:
            found[edge["target"]].append(edge)
    return found


def profile(iri: str, designations: list[Designation], ties: list[dict], linker: Linker,
            today: str | None = None) -> dict | None:
    """The profile of one node, or None when the graph holds no designation or tie of it."""
    if not designations and not ties:
        return None
    today = today or datetime.date.today().isoformat()
    sections = []
    for key, title, kinds in SECTIONS:
        rows = [_tie_row(iri, e, linker) for e in ties if e["kind"] in kinds]
        if rows:
            sections.append({"key": key, "title": title,
                             "rows": sorted(rows, key=lambda r: (r["sort"], r["relation"], r["other"].text))})
    return {"today": today, "designations": [_designation_row(d, linker, today) for d in designations],
            "sections": sections}


def _tie_row(iri: str, edge: dict, linker: Linker) -> dict:
    outgoing = edge["source"] == iri
    other = edge["target"] if outgoing else edge["source"]
    begin, end = edge["begin"], edge["end"]
    return {"relation": edge["relation"], "outgoing": outgoing, "other": linker.link(other),
            "kind": edge["kind"], "alleged": edge["kind"] in ALLEGED,
            "begin": begin["shown"] if begin else None, "end": end["shown"] if end else None,
            "status": edge["status"], "claimant": edge["claimant"],
            "statement": linker.link(edge["statement"]) if edge["statement"] else None,
            "sort": begin["first"] if begin else ""}


def _designation_row(d: Designation, linker: Linker, today: str) -> dict:
    first = _earliest(d.listings or d.effective or d.claimed_listings)
    return {"link": linker.link(d.iri), "lane": d.lane, "authority": d.authority,
            "listed": [b["shown"] for b in d.listings],
            "effective": [b["shown"] for b in d.effective if b not in d.listings],
            "claimed": [b["shown"] for b in d.claimed_listings], "revoked": d.revocation["shown"] if d.revocation else None,
            "amends": [linker.link(a) for a in d.amends],
            # the days the first listing and the revocation may fall on, for the in-force column
            "listed_first": first["first"] if first else "", "listed_last": first["last"] if first else "",
            "revoked_first": d.revocation["first"] if d.revocation else "",
            "revoked_last": d.revocation["last"] if d.revocation else "",
            "in_force": in_force(first, d.revocation, today)}


def _earliest(dates: list[dict]) -> dict | None:
    """The days a listing date may fall on when the sources give several: from the first day any of
    them may be to the last day any may be, so that the days between are uncertain."""
    if not dates:
        return None
    if len(dates) == 1:
        return dates[0]
    return {"first": min(b["first"] for b in dates), "last": max(b["last"] for b in dates)}


def in_force(listing: dict | None, revocation: dict | None, day: str) -> str:
    """"yes", "no" or "uncertain" (the day falls within an imprecise listing or revocation date);
    "unknown" when the listing has no date."""
    if listing is None:
        return "unknown"
    if day < listing["first"]:
        return "no"
    if revocation and day > revocation["last"]:
        return "no"
    if day <= listing["last"] and listing["first"] != listing["last"]:
        return "uncertain"
    if revocation and day >= revocation["first"]:
        return "uncertain" if revocation["first"] != revocation["last"] else "no"
    return "yes"
