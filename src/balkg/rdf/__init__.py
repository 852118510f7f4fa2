"""RDF basics every part of balkg shares: namespaces, prefixed names, file positions, and the parse of a layout.

What belongs here: IRIs of the W3C vocabularies the code itself needs (the graph's
own IRIs never: they are data), turning IRIs into prefixed names and back, and
`path:line:col`. The parser of one file is `rdf.parsing`; the one parse of a whole
layout into files, stores and quads, which every command uses, is `rdf.dataset`.
"""

from __future__ import annotations

import re

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
RDFS_SUBCLASS = RDFS + "subClassOf"
RDFS_DOMAIN = RDFS + "domain"
OWL_DISJOINT = OWL + "disjointWith"
OWL_NOTHING = OWL + "Nothing"
XSD_STRING = XSD + "string"
SKOS_PREF_LABEL = SKOS + "prefLabel"

# A local name every Turtle and SPARQL parser reads back: no leading or trailing dot.
_SAFE_LOCAL = re.compile(r"[\w-]([\w.-]*[\w-])?")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_BARE_SCHEMES = ("urn", "mailto", "tag")


def prefixed(iri: str, prefixes: dict[str, str], *, empty_prefix: bool = False) -> tuple[str, str] | None:
    """(prefix, local) of the longest namespace that gives `iri` a safe local name, or None."""
    best: tuple[str, str] | None = None
    for prefix, namespace in prefixes.items():
        if not namespace or not iri.startswith(namespace) or (not prefix and not empty_prefix):
            continue
        local = iri[len(namespace):]
        if _SAFE_LOCAL.fullmatch(local) and (best is None or len(namespace) > len(prefixes[best[0]])):
            best = (prefix, local)
    return best


def shorten(iri: str, prefixes: dict[str, str], *, angle: bool = True, empty_prefix: bool = False) -> str:
    """`prefix:local` when a prefix fits, else `<iri>` (or the bare IRI with angle=False)."""
    found = prefixed(iri, prefixes, empty_prefix=empty_prefix)
    if found:
        return f"{found[0]}:{found[1]}"
    return f"<{iri}>" if angle else iri


def expand(name: str, prefixes: dict[str, str]) -> str | None:
    """The IRI of `<iri>`, `prefix:local` or an absolute IRI (`https://…`, `urn:…`); None if unknown.

    A declared prefix wins over a URI scheme of the same name, as in SPARQL.
    """
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, colon, local = text.partition(":")
    if not colon:
        return None
    if prefix in prefixes:
        return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    if _SCHEME.fullmatch(prefix) and (local.startswith("//") or prefix.lower() in _BARE_SCHEMES):
        return text
    return None


def location(path: str | None, line: int | None = None, column: int | None = None) -> str:
    """`path:line:col`, leaving out what is unknown (a column without a line means nothing)."""
    parts = [path or "(no file)"]
    if line is not None:
        parts.append(str(line))
        if column is not None:
            parts.append(str(column))
    return ":".join(parts)


def reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    """`start` and every node reachable from it along `edges` (e.g. sub-properties, super-classes)."""
    seen, todo = {start}, [start]
    while todo:
        for successor in edges.get(todo.pop(), ()):
            if successor not in seen:
                seen.add(successor)
                todo.append(successor)
    return seen
