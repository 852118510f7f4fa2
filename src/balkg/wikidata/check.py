"""`balkg link wikidata --check`: re-verify every link the graph states (curated or generated).

A link is broken when its item is gone, is a redirect, no longer carries a label or
alias equal to one of the entity's names, or is no longer of a compatible type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..layout import Layout
from .candidates import fetch_items
from .client import WikidataClient
from .config import Alignment, load_alignment
from .graph import Entity, GraphView, load_graph
from .scoring import score_candidate


@dataclass(frozen=True)
class LinkProblem:
    entity: str
    qid: str
    problem: str


@dataclass
class CheckReport:
    checked: list[tuple[str, str]] = field(default_factory=list)
    problems: list[LinkProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_links(layout: Layout, client: WikidataClient, alignment: Alignment | None = None) -> CheckReport:
    alignment = alignment or load_alignment(layout)
    view = GraphView(load_graph(layout), alignment)
    entities = view.entities()
    report = CheckReport()
    pairs = []
    for iri, targets in sorted(view.links_of().items()):
        for target in sorted(targets):
            if alignment.qid(alignment.item_iri(target)) != target:
                report.problems.append(LinkProblem(iri, target, "not a Wikidata item IRI"))
            else:
                pairs.append((iri, target))
    report.checked = pairs
    languages = {n.lang for e in entities.values() for n in e.names if n.lang}
    languages |= set(alignment.wd.get("languages", [])) | {alignment.wd.get("display_language", "en")}
    items = fetch_items(client, {q for _, q in pairs}, alignment, languages)
    for iri, qid in pairs:
        item = items[qid]
        if item.redirect:
            report.problems.append(LinkProblem(iri, qid, f"redirects to {item.redirect} (merged); "
                                               "review the target and link it instead"))
            continue
        if not item.described:
            report.problems.append(LinkProblem(iri, qid, "no such item (deleted, or never existed)"))
            continue
        entity = entities.get(iri) or Entity(iri)
        candidate = score_candidate(entity, item, view, alignment)
        label = item.label(alignment.wd.get("display_language", "en"))
        if entity.names and candidate.name == 0:
            report.problems.append(LinkProblem(
                iri, qid, f'no label or alias of the item ("{label}") equals a name of the graph'))
        for conflict in candidate.conflicts:
            if conflict.startswith("type:"):
                report.problems.append(LinkProblem(iri, qid, f"no longer a compatible type: {conflict[6:]}"))
    return report
