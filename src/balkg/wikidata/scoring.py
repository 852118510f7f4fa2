"""Scoring a candidate item for an entity: name, type and context, with the reasons.

score = w_name * name + w_type * type + w_context * context, where context grows with
each independent agreement (country, administrative parent, a date). Any disagreement -
the wrong kind of thing, another country, another parent, another date - caps the score
below the threshold: such a candidate can be reviewed but is never proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..rdf import shorten
from .candidates import Item
from .config import Alignment
from .dates import agree, literal_parts, show, years_apart
from .graph import Entity, GraphView, fold

PROPOSED, AMBIGUOUS, BELOW, ACCEPTED, REJECTED, UNSURE = (
    "proposed", "ambiguous", "below-threshold", "accepted", "rejected", "unsure")


@dataclass
class Candidate:
    entity: Entity
    item: Item
    name: float = 0.0
    type: float = 0.0
    context: float = 0.0
    score: float = 0.0
    supports: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    status: str = BELOW
    context_hits: int = 0       # independent context agreements (country, parent, dates)

    @property
    def qid(self) -> str:
        return self.item.qid

    def reasons(self) -> list[str]:
        return ([f"+ {s}" for s in self.supports] + [f"- {c}" for c in self.conflicts]
                + [f"? {n}" for n in self.notes])


def is_short(text: str, length: int) -> bool:
    return len(text.replace(".", "").strip()) <= length and " " not in text.strip()


def score_candidate(entity: Entity, item: Item, view: GraphView, alignment: Alignment) -> Candidate:
    candidate = Candidate(entity, item)
    _score_name(candidate, alignment)
    _score_type(candidate, view, alignment)
    _score_other_entities(candidate, view)
    _score_country(candidate)
    _score_parent(candidate)
    _score_dates(candidate, alignment)
    s = alignment.scoring
    candidate.context = min(1.0, s.context_step * candidate.context_hits)
    total = s.weight_name * candidate.name + s.weight_type * candidate.type + s.weight_context * candidate.context
    if candidate.conflicts or candidate.type == 0 or candidate.name == 0:
        total = min(total, s.veto_cap)
    candidate.score = round(total, 3)
    return candidate


def _score_name(c: Candidate, alignment: Alignment) -> None:
    s = alignment.scoring
    best, why = 0.0, ""
    item_names = [(t, g, 1.0, "label") for t, g in c.item.labels] + \
                 [(t, g, s.alias_factor, "alias") for t, g in c.item.aliases]
    for name in c.entity.names:
        for text, tag, factor, kind in item_names:
            if name.text == text:
                value = name.weight * factor
            elif fold(name.text) == fold(text) and fold(text):
                value = name.weight * factor * s.folded_factor
            else:
                continue
            short = is_short(name.text, s.short_name_length)
            if short:
                value = min(value, s.short_name_score)
            if value > best:
                best = value
                why = f'name "{name.text}" = {kind} "{text}"@{tag}' + (" (short name: weak)" if short else "")
    c.name = round(best, 3)
    if why:
        c.supports.append(why) if best >= 0.8 else c.notes.append(why)
    else:
        c.notes.append("no label or alias equals a name of the graph")


def _score_type(c: Candidate, view: GraphView, alignment: Alignment) -> None:
    rule_classes = view.type_rule_classes(c.entity.classes)
    kinds = ", ".join(f"{label or '?'} ({q})" for q, label in sorted(c.item.types.items())) or "no P31"
    own = ", ".join(sorted(shorten(x, alignment.prefixes, angle=False) for x in c.entity.classes))
    if not rule_classes:
        c.notes.append(f"no Wikidata classes aligned with {own}; item is {kinds}")
        return
    preferred = frozenset().union(*(alignment.types[x].preferred for x in rule_classes))
    acceptable = frozenset().union(*(alignment.types[x].acceptable for x in rule_classes))
    if c.item.compatible & preferred:
        c.type = 1.0
        c.supports.append(f"type: {kinds} fits {own}")
    elif c.item.compatible & acceptable:
        c.type = alignment.scoring.acceptable_type_score
        c.notes.append(f"type: {kinds} fits {own} only broadly")
    else:
        c.conflicts.append(f"type: {kinds} is not a kind of {own}")


def _score_other_entities(c: Candidate, view: GraphView) -> None:
    """An item whose label is another entity's preferred name (and none of this one's) stands for that entity."""
    own = {fold(n.text) for n in c.entity.names}
    for text, tag in c.item.labels:
        key = fold(text)
        others = sorted(view.preferred_names.get(key, set()) - {c.entity.iri})
        if others and key not in own:
            c.conflicts.append(f'label "{text}"@{tag} is the preferred name of another entity: {", ".join(others)}')
            return


def _score_country(c: Candidate) -> None:
    graph = {q: n for n in c.entity.context if n.is_country for q in n.qids}
    if not graph or not c.item.countries:
        return
    shared = set(graph) & set(c.item.countries)
    if shared:
        c.context_hits += 1
        c.supports.append("country: " + ", ".join(_named(q, c.item.countries) for q in sorted(shared)))
    else:
        c.conflicts.append("country: Wikidata " + ", ".join(_named(q, c.item.countries) for q in sorted(c.item.countries))
                           + "; graph " + ", ".join(sorted(graph)))


def _score_parent(c: Candidate) -> None:
    parents = [n for n in c.entity.context if not n.is_country]
    if not parents or not c.item.ancestors:
        return
    parent_qids = {q for n in parents for q in n.qids}
    shared = parent_qids & set(c.item.ancestors)
    ancestor_names = {fold(label) for labels in c.item.ancestors.values() for label in labels}
    by_name = sorted({name for n in parents for name in n.names if fold(name) in ancestor_names})
    wd_side = ", ".join(_named(q, {k: min(v, default="") for k, v in c.item.ancestors.items()})
                        for q in sorted(c.item.ancestors))
    if shared or by_name:
        c.context_hits += 1
        found = [_named(q, {k: min(v, default="") for k, v in c.item.ancestors.items()}) for q in sorted(shared)]
        c.supports.append("located in: " + ", ".join(found + [f'"{n}"' for n in by_name if n]))
    elif parent_qids:
        c.conflicts.append(f"located in: Wikidata {wd_side}; graph " + ", ".join(sorted(parent_qids)))
    else:
        c.notes.append(f"located in: Wikidata {wd_side}; the graph's parents have no link and no matching name")


def _score_dates(c: Candidate, alignment: Alignment) -> None:
    tolerance = alignment.scoring.date_tolerance_years
    for mapping in alignment.dates:
        graph = [p for p in map(literal_parts, c.entity.dates.get(mapping.graph, [])) if p]
        wikidata = [p for p in (t.parts() for t in c.item.dates.get(mapping.wikidata, [])) if p]
        if not graph or not wikidata:
            continue
        shown = f"{mapping.label}: Wikidata {', '.join(map(show, wikidata))}; graph {', '.join(map(show, graph))}"
        if any(agree(g, w) for g in graph for w in wikidata):
            c.context_hits += 1
            c.supports.append(shown)
        elif any(years_apart(g, w) <= tolerance for g in graph for w in wikidata):
            c.notes.append(shown + " (close)")
        else:
            c.conflicts.append(shown)


def decide(candidates: list[Candidate], threshold: float, judgements: dict[tuple[str, str], str]) -> None:
    """Set each candidate's status; an entity gets a proposal only when exactly one candidate reaches the threshold."""
    by_entity: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_entity.setdefault(c.entity.iri, []).append(c)
    for iri, group in by_entity.items():
        judged = {c.qid: judgements.get((iri, c.qid)) for c in group}
        high = [c for c in group if c.score >= threshold and judged[c.qid] != REJECTED]
        for c in group:
            verdict = judged[c.qid]
            if verdict:
                c.status = verdict
            elif c.score >= threshold:
                c.status = PROPOSED if len(high) == 1 else AMBIGUOUS
            else:
                c.status = BELOW


def _named(qid: str, labels: dict[str, str]) -> str:
    label = labels.get(qid)
    return f"{label} ({qid})" if label else qid


