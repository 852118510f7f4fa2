"""Every evidence quote as a W3C Web Annotation (JSON-LD) anchored in its source by a TextQuoteSelector.

The annotation links the statements that cite the evidence (its bodies) to the quoted passage
of the source (its target: the source's URL, else its IRI). Where the source's text is archived
(`[sources] archives`), the selector has the passage as the archive has it (`exact`) with
32 characters of context on each side (`prefix`, `suffix`), so annotation tools can find it in
place; a quote with an elision (`…`) has one target per part. Without archived text the
selector has `exact` only.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..layout import Layout
from ..query.catalogue import find_saved
from ..query.run import EmbeddedTarget, run_query
from ..rdf.dataset import parse_layout
from ..validation import quotes as quoting

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUERY = "evidence/annotations"
CONTEXT_CHARS = 32


def annotations_bytes(layout: Layout, sources: tuple[Path, ...] | None = None, say=lambda message: None) -> bytes:
    """The AnnotationCollection of every evidence quote of the layout, as JSON-LD; `say` hears how
    many quotes were anchored in archived texts, and why the others were not."""
    store = parse_layout(layout).check().store()
    rows = run_query(find_saved(layout, QUERY), EmbeddedTarget(store, "the graph")).rows
    folders = quoting.archive_folders(layout, sources)
    present = tuple(f for f in folders if f.is_dir())
    _, archived = quoting.read_graph(layout, store)
    texts = {source: found.path.read_text(encoding="utf-8-sig")
             for source, found in quoting.find_archived(archived, present).items()
             if found.path is not None and found.sha256 in (None, quoting.digest_of(found.path))}
    items = [_annotation(evidence, *value, texts.get(value[1])) for evidence, value in _by_evidence(rows).items()]
    anchored = sum(1 for a in items if all("prefix" in t["selector"] for t in _targets(a)))
    if not present:
        say(f"no archive folder exists ({', '.join(map(str, folders)) or 'none configured'}): "
            f"the {len(items)} annotations have `exact` only")
    else:
        say(f"{anchored} of {len(items)} quotes anchored in archived texts (changed files are not used; "
            f"`balkg validate --stage quotes` checks them)")
    collection = {
        "@context": CONTEXT, "id": f"{layout.base}annotations", "type": "AnnotationCollection",
        "label": "Evidence quotes of the graph, anchored in their sources", "total": len(items),
        "first": {"id": f"{layout.base}annotations/page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _by_evidence(rows) -> dict[str, tuple[str, str, str | None, list[str]]]:
    found: dict[str, tuple[str, str, str | None, list[str]]] = {}
    for row in rows:
        evidence = row["evidence"].value
        url = row["url"].value if row.get("url") is not None else None
        quote, source, _, nodes = found.setdefault(evidence, (row["quote"].value, row["source"].value, url, []))
        if row.get("node") is not None and row["node"].value not in nodes:
            nodes.append(row["node"].value)
    return found


def _annotation(evidence: str, quote: str, source: str, url: str | None, nodes: list[str], text: str | None) -> dict:
    where = url or source
    parts = [p.strip() for p in quote.split(quoting.ELISION) if p.strip()] or [quote]
    targets, position = [], 0
    for part in parts:
        selector = {"type": "TextQuoteSelector", "exact": part}
        found = quoting.locate(part, text, position) if text is not None else None
        if found is not None:
            start, end = found
            selector = {"type": "TextQuoteSelector", "exact": text[start:end],
                        "prefix": text[max(0, start - CONTEXT_CHARS):start], "suffix": text[end:end + CONTEXT_CHARS]}
            position = end
        targets.append({"type": "SpecificResource", "source": where, "selector": selector})
    annotation = {"id": f"{evidence}#annotation", "type": "Annotation", "motivation": "linking",
                  "target": targets[0] if len(targets) == 1 else targets, "canonical": evidence}
    if nodes:
        annotation["body"] = nodes[0] if len(nodes) == 1 else nodes
    return annotation


def _targets(annotation: dict) -> list[dict]:
    target = annotation["target"]
    return target if isinstance(target, list) else [target]
