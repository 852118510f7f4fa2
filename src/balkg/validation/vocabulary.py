"""Every class and property the data, shapes and queries use must exist.

A term exists when the ontology declares it, or when it belongs to an external
vocabulary whose terms rdflib knows (RDF, RDFS, OWL, SKOS, PROV, ORG, TIME,
schema.org, FOAF, Dublin Core, SHACL, XSD…). A term of a namespace nobody
knows is reported too: that is how `balkg:desigantedBy` is caught.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import DefinedNamespaceMeta

from ..query.run import syntax_error
from ..query.text import declared_prefixes, tokens
from ..rdf import RDF_TYPE, SH, shorten
from ..rdf.parsing import ParsedFile
from .findings import Finding


def _closed_vocabularies() -> dict[str, set[str]]:
    """Namespace IRI -> its terms, for every closed vocabulary rdflib ships."""
    vocabularies: dict[str, set[str]] = {}
    for name in dir(rdflib.namespace):
        ns = getattr(rdflib.namespace, name)
        if isinstance(ns, DefinedNamespaceMeta) and getattr(ns, "_NS", None) is not None:
            terms = {str(ns._NS) + t for t in getattr(ns, "__annotations__", {})}
            terms |= {str(ns._NS) + t for t in getattr(ns, "_extras", [])}
            vocabularies[str(ns._NS)] = terms
    return vocabularies


CLOSED = _closed_vocabularies()


def namespace_of(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


class Vocabulary:
    """What the ontology declares, plus the closed external vocabularies."""

    def __init__(self, ontology_files: list[ParsedFile], complete: bool = True):
        self.complete = complete    # False when an ontology module did not parse
        self.declared: set[str] = set()
        for parsed in ontology_files:
            for t in parsed.triples:
                if hasattr(t.subject, "value"):
                    self.declared.add(t.subject.value)

    def is_vocabulary_namespace(self, namespace: str) -> bool:
        """A namespace of the ontology's own terms or of a closed external vocabulary."""
        if not hasattr(self, "_namespaces"):
            self._namespaces = {namespace_of(iri) for iri in self.declared} | set(CLOSED)
        return namespace in self._namespaces

    def knows(self, iri: str) -> bool:
        if iri in self.declared:
            return True
        terms = CLOSED.get(namespace_of(iri))
        if terms is None:
            return not self.complete   # a module that did not parse may declare it
        return iri in terms


# ---------------------------------------------------------------- terms used

_SHAPE_CLASS_PROPERTIES = {SH + "class", SH + "targetClass"}
_SHAPE_PROPERTY_PROPERTIES = {SH + "path", SH + "targetSubjectsOf", SH + "targetObjectsOf"}


def terms_used_in_data(parsed: ParsedFile) -> set[str]:
    """Predicates, and classes given with rdf:type."""
    used = set()
    for t in parsed.triples:
        used.add(t.predicate.value)
        if t.predicate.value == RDF_TYPE and hasattr(t.object, "value") and not hasattr(t.object, "datatype"):
            used.add(t.object.value)
    return used


def terms_used_in_shapes(parsed: ParsedFile) -> set[str]:
    """Classes and properties the shapes constrain (sh:class, sh:targetClass, sh:path…)."""
    used = set()
    for t in parsed.triples:
        p = t.predicate.value
        if p in _SHAPE_CLASS_PROPERTIES | _SHAPE_PROPERTY_PROPERTIES and type(t.object).__name__ == "NamedNode":
            used.add(t.object.value)
    return used | terms_used_in_data(parsed)


def terms_written_in_query(text: str) -> set[str]:
    """Every IRI the query writes, as <iri> or prefix:local (comments and strings skipped).

    Lexing instead of parsing keeps this stage fast: rdflib needs about 0.2 s to
    parse one query. Only IRIs of vocabulary namespaces are judged (see check_queries),
    so the graph's own resource IRIs in a query are never reported.
    """
    prefixes = declared_prefixes(text)
    found: set[str] = set()
    significant = [t for t in tokens(text) if t.kind not in ("comment", "space")]
    for index, token in enumerate(significant):
        following = significant[index + 1] if index + 1 < len(significant) else None
        declaring = index >= 2 and significant[index - 2].text.upper() in ("PREFIX", "BASE") or \
            index >= 1 and significant[index - 1].text.upper() == "BASE"
        if token.kind == "iri" and not declaring:
            found.add(token.text[1:-1])
        elif token.kind == "pname" and token.text[:-1] in prefixes:
            adjacent = following is not None and following.kind == "word" \
                and following.start == token.start + len(token.text)
            if adjacent:  # a bare `prefix:` names the namespace itself, not a term
                found.add(prefixes[token.text[:-1]] + following.text)
    return found


# ---------------------------------------------------------------- the check

def check_files(vocabulary: Vocabulary, data: list[ParsedFile], shapes: list[ParsedFile]) -> list[Finding]:
    findings = []
    for parsed, used in [(p, terms_used_in_data(p)) for p in data] + [(p, terms_used_in_shapes(p)) for p in shapes]:
        for iri in sorted(used):
            if not vocabulary.knows(iri):
                findings.append(_undeclared(iri, parsed.display, parsed.path, parsed.prefixes))
    return findings


def check_queries(vocabulary: Vocabulary, queries: list[tuple[Path, str]]) -> list[Finding]:
    """Undeclared terms of vocabulary namespaces in the saved queries, and queries that do not parse."""
    empty = ox.Store()
    findings = []
    for path, display in queries:
        text = path.read_text(encoding="utf-8-sig")
        try:
            empty.query(text)
        except SyntaxError as exc:
            error = syntax_error(exc, display, text)
            findings.append(Finding("vocabulary", "Violation", f"query does not parse: {error.message}",
                                    file=display, line=error.line, column=error.column, component="syntax"))
            continue
        for iri in sorted(terms_written_in_query(text)):
            if vocabulary.is_vocabulary_namespace(namespace_of(iri)) and not vocabulary.knows(iri):
                findings.append(_undeclared(iri, display, path, declared_prefixes(text)))
    return findings


def _undeclared(iri: str, display: str, path: Path, prefixes: dict[str, str]) -> Finding:
    line, column = _first_use(path, iri, prefixes)
    return Finding(
        stage="vocabulary",
        severity="Violation",
        message=f"{shorten(iri, prefixes)} is not declared in the ontology nor part of a known vocabulary",
        file=display, line=line, column=column,
        path=iri, expected="a class or property of the ontology or of a known vocabulary",
        found=iri, component="UndeclaredTerm",
    )


def _first_use(path: Path, iri: str, prefixes: dict[str, str]) -> tuple[int | None, int | None]:
    """Line and column where the term is first written, as <iri> or prefix:local (not in a comment or prefix line)."""
    spellings = [f"<{iri}>"]
    for prefix, ns in prefixes.items():
        if iri.startswith(ns):
            spellings.append(f"{prefix}:{iri[len(ns):]}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError:
        return None, None
    # One search over the whole text, not one per line: files of a million triples stay fast.
    pattern = re.compile(r"(?<![\w:/#-])(?:" + "|".join(re.escape(s) for s in spellings) + r")(?![\w-])")
    for match in pattern.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text[line_start:match.start() + 1].lstrip().startswith(("#", "@prefix", "PREFIX", "prefix")):
            continue
        return text.count("\n", 0, line_start) + 1, match.start() - line_start + 1
    return None, None
