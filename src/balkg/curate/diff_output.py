"""A graph diff written for people and tools: JSON, one summary line, and Markdown grouped by node."""

from __future__ import annotations

import json

import pyoxigraph as ox

from ..rdf import RDF_TYPE, shorten
from .diff import GraphDiff, NodeChange, Snapshot

# ---------------------------------------------------------------- output

class Terms:
    """Terms written as the files write them: prefixed names where a prefix is declared."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = prefixes

    def iri(self, iri: str) -> str:
        return shorten(iri, self.prefixes)

    def term(self, term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            text = json.dumps(term.value, ensure_ascii=False)
            if term.language:
                return f"{text}@{term.language}"
            if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                return f"{text}^^{self.iri(term.datatype.value)}"
            return text
        return str(term)


def _side_json(snapshot: Snapshot) -> dict:
    return {"spec": snapshot.side.spec, "revision": snapshot.side.revision, "files": snapshot.files,
            "triples": len(snapshot.triples)}


def to_json(diff: GraphDiff) -> str:
    def triple(t):
        return {"subject": str(t.subject), "predicate": t.predicate.value, "object": str(t.object)}

    document = {
        "old": _side_json(diff.old), "new": _side_json(diff.new), "summary": diff.counts(),
        "sources_added": [{"iri": iri, "label": label} for iri, label in diff.sources_added],
        "nodes": [{
            "iri": n.iri, "label": n.label, "types": n.types, "status": n.status,
            "added": [triple(t) for t in n.added], "removed": [triple(t) for t in n.removed],
            "changed": [{"predicate": p, "old": [str(o) for o in old], "new": [str(o) for o in new]}
                        for p, old, new in n.changed],
        } for n in diff.nodes],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _side_text(snapshot: Snapshot) -> str:
    rev = f" (commit {snapshot.side.revision[:12]})" if snapshot.side.revision else ""
    return f"`{snapshot.side.spec}`{rev}, {len(snapshot.triples)} triples"


def summary_line(diff: GraphDiff) -> str:
    c = diff.counts()
    return (f"+{c['triples_added']} −{c['triples_removed']} triples; {c['nodes_added']} nodes added, "
            f"{c['nodes_removed']} removed, {c['nodes_changed']} changed; {c['sources_added']} sources added")


def to_markdown(diff: GraphDiff, *, heading: str | None = None, level: int = 2) -> str:
    terms = Terms({**diff.old.prefixes, **diff.new.prefixes})
    h = "#" * level
    lines = [f"{h} {heading or 'Changes to the graph'}", "",
             f"From {_side_text(diff.old)} to {_side_text(diff.new)}: **{summary_line(diff)}**.", ""]
    if not diff.nodes:
        return "\n".join(lines + ["No change in meaning.", ""])
    if diff.sources_added:
        lines += [f"{h}# Sources added", ""]
        lines += [f"- {node_title(terms, iri, label)}" for iri, label in diff.sources_added]
        lines.append("")
    titles = {"added": "Nodes added", "removed": "Nodes removed", "changed": "Nodes changed"}
    for status, title in titles.items():
        group = [n for n in diff.nodes if n.status == status]
        if not group:
            continue
        lines += [f"{h}# {title} ({len(group)})", ""]
        for node in group:
            types = ", ".join(terms.iri(t) for t in node.types)
            lines.append(f"- {node_title(terms, node.iri, node.label)}" + (f" ({types})" if types else ""))
            for predicate, old, new in node.changed:
                lines.append(f"  - changed {terms.iri(predicate)}: {_values(terms, old)} → {_values(terms, new)}")
            for t in node.added:
                if status != "added" or t.predicate.value != RDF_TYPE:
                    lines.append(f"  - added {_statement(terms, node, t)}")
            for t in node.removed:
                if status != "removed" or t.predicate.value != RDF_TYPE:
                    lines.append(f"  - removed {_statement(terms, node, t)}")
        lines.append("")
    return "\n".join(lines)


def node_title(terms: Terms, iri: str, label: str | None) -> str:
    return f"`{terms.iri(iri)}`" + (f" “{label}”" if label else "")


def _values(terms: Terms, values: list) -> str:
    return ", ".join(f"`{terms.term(v)}`" for v in values)


def _statement(terms: Terms, node: NodeChange, t: ox.Triple) -> str:
    via = "" if isinstance(t.subject, ox.NamedNode) and t.subject.value == node.iri else f"`{terms.term(t.subject)}` "
    return f"{via}{terms.iri(t.predicate.value)} `{terms.term(t.object)}`"
