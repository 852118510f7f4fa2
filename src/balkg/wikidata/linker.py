"""`balkg link wikidata`: search, score, write the review file, write the accepted links."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import UsageError
from ..layout import Layout
from .candidates import fetch_items, search
from .client import WikidataClient
from .config import Alignment, load_alignment
from .graph import Entity, GraphView, graph_prefixes, load_graph
from .links import Link, write_links
from .review import read_judgements, record_judgement, resolve_entity, review_rows, write_review
from .scoring import ACCEPTED, PROPOSED, UNSURE, Candidate, decide, score_candidate

REVIEW_NAME = "wikidata-candidates.tsv"
JUDGEMENTS_NAME = "wikidata-judgements.tsv"
LINKS_NAME = "wikidata-links.ttl"
ENRICHMENT_NAME = "wikidata-enrichment.ttl"


def reviews_dir(layout: Layout) -> Path:
    return layout.dirs.get("reviews", layout.root / "data" / "reviews")


def default_paths(layout: Layout) -> dict[str, Path]:
    return {
        "review": reviews_dir(layout) / REVIEW_NAME,
        "judgements": reviews_dir(layout) / JUDGEMENTS_NAME,
        "links": layout.generated_dir / LINKS_NAME,
        "enrichment": layout.generated_dir / ENRICHMENT_NAME,
    }


@dataclass
class LinkReport:
    entities: int = 0
    already_linked: int = 0
    searched: int = 0
    candidates: list[Candidate] = field(default_factory=list)
    unmatched: list[Entity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    review_path: Path | None = None
    links_path: Path | None = None

    @property
    def proposals(self) -> list[Candidate]:
        return [c for c in self.candidates if c.status == PROPOSED]


def link_wikidata(layout: Layout, client: WikidataClient, alignment: Alignment | None = None, *,
                  review_path: Path | None = None, judgements_path: Path | None = None,
                  links_path: Path | None = None, threshold: float | None = None,
                  auto_accept: bool = False) -> LinkReport:
    """Propose Wikidata items for every actor and place without a link; write the review and links files."""
    layout.require_writable()
    alignment = alignment or load_alignment(layout)
    paths = default_paths(layout)
    review_path = Path(review_path or paths["review"])
    judgements_path = Path(judgements_path or paths["judgements"])
    links_path = Path(links_path or paths["links"])
    threshold = alignment.scoring.threshold if threshold is None else threshold

    store = load_graph(layout, exclude=[links_path])
    view = GraphView(store, alignment)
    entities = view.entities()
    prefixes = graph_prefixes(layout)
    judgements = read_judgements(judgements_path, prefixes, layout.relative(judgements_path))
    report = LinkReport(entities=len(entities), review_path=review_path, links_path=links_path)

    accepted = {j.entity: j for j in judgements.values() if j.verdict == ACCEPTED}
    for iri in sorted(set(accepted) - set(entities)):
        report.warnings.append(f"{layout.relative(judgements_path)}:{accepted[iri].line}: "
                               f"{iri} is not an actor or place of the graph; its judgement is ignored")
    report.already_linked = sum(1 for e in entities.values() if e.links or e.iri in accepted)
    to_search = [e for e in entities.values() if not e.links and e.iri not in accepted and e.names]
    report.searched = len(to_search)

    found = search(client, to_search, alignment)
    for (iri, qid), j in judgements.items():      # keep showing what the reviewer was unsure about
        if j.verdict == UNSURE and any(e.iri == iri for e in to_search):
            found.setdefault(iri, set()).add(qid)
    languages = {n.lang for e in to_search for n in e.names if n.lang}
    languages |= set(alignment.wd.get("languages", [])) | {alignment.wd.get("display_language", "en")}
    items = fetch_items(client, {q for qids in found.values() for q in qids}, alignment, languages)

    for entity in sorted(to_search, key=lambda e: e.iri):
        qids = found.get(entity.iri, set())
        if not qids:
            report.unmatched.append(entity)
        for qid in sorted(qids):
            report.candidates.append(score_candidate(entity, items[qid], view, alignment))
    decide(report.candidates, threshold, {key: j.verdict for key, j in judgements.items()})

    report.links = _links_to_write(entities, accepted, report, auto_accept, threshold)
    write_review(review_path, review_rows(report.candidates, report.unmatched, alignment, prefixes))
    write_links(links_path, report.links, alignment, prefixes, layout.relative(judgements_path))
    return report


def _links_to_write(entities: dict[str, Entity], accepted: dict, report: LinkReport,
                    auto_accept: bool, threshold: float) -> list[Link]:
    links = []
    for iri, j in sorted(accepted.items()):
        entity = entities.get(iri)
        if entity is None:
            continue
        if entity.links and j.qid not in entity.links:
            report.warnings.append(f"{iri}: accepted {j.qid}, but the curated data links it to "
                                   f"{', '.join(sorted(entity.links))}; not written")
            continue
        if j.qid in entity.links:
            continue                     # the curated data already states it
        who = f" by {j.reviewer}" if j.reviewer else ""
        links.append(Link(iri, j.qid, f"accepted{who} on {j.date}".strip()))
    if auto_accept:
        for c in report.proposals:
            if c.score >= threshold:
                links.append(Link(c.entity.iri, c.qid, f"auto-accepted: score {c.score:.3f}"))
    return links


def judge(layout: Layout, entity: str, qid: str, verdict: str, *, reviewer: str = "", note: str = "",
          judgements_path: Path | None = None) -> Path:
    """Record a reviewer's judgement on (entity, QID) for an entity the graph describes; return the file written."""
    layout.require_writable()
    load_alignment(layout)
    prefixes = graph_prefixes(layout)
    iri = resolve_entity(entity, prefixes)
    store = load_graph(layout)
    if next(iter(store.quads_for_pattern(ox.NamedNode(iri), None, None)), None) is None:
        raise UsageError(f"{entity} ({iri}) is not in the graph; judge an entity the graph describes")
    path = Path(judgements_path or default_paths(layout)["judgements"])
    record_judgement(path, entity, qid, verdict, reviewer=reviewer, note=note, prefixes=prefixes)
    return path
