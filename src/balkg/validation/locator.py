"""Where a node is described (file and line) and what it is called: what makes a finding actionable."""

from __future__ import annotations

import pyoxigraph as ox

from ..rdf import RDF_TYPE, RDFS_LABEL, SKOS_PREF_LABEL
from ..rdf.dataset import ParsedLayout


class Locator:
    """Finds where a node is described (file, line), and its label."""

    def __init__(self, parsed: ParsedLayout):
        # A curator checking a new file wants to be pointed at that file first.
        self._order = parsed.extra + parsed.data + parsed.ontology + parsed.shapes
        self._labels: dict[str, str] = {}
        self._typed: dict[tuple[str, str], tuple[str, int]] = {}   # (node, class) -> where the type is stated
        for parsed_file in self._order:
            for t in parsed_file.triples:
                if t.predicate.value == RDF_TYPE and t.subject.value in parsed_file.subject_lines:
                    self._typed.setdefault((t.subject.value, t.object.value),
                                           (parsed_file.display, parsed_file.subject_lines[t.subject.value]))
                if t.predicate.value in (SKOS_PREF_LABEL, RDFS_LABEL) and isinstance(t.object, ox.Literal):
                    key = t.subject.value
                    english = t.object.language in (None, "en")
                    if key not in self._labels or (english and t.predicate.value == SKOS_PREF_LABEL):
                        self._labels.setdefault(key, t.object.value)
                        if english and t.predicate.value == SKOS_PREF_LABEL:
                            self._labels[key] = t.object.value

    def locate(self, iri: str, classes=()) -> tuple[str | None, int | None]:
        """Where `iri` is described; given classes (a shape's targets), where it is typed with one of them,
        which may be another file than its first description."""
        for cls in classes:
            if (iri, cls) in self._typed:
                return self._typed[(iri, cls)]
        for parsed_file in self._order:
            line = parsed_file.subject_lines.get(iri)
            if line is not None:
                return parsed_file.display, line
        return None, None

    def label(self, iri: str) -> str | None:
        return self._labels.get(iri)
