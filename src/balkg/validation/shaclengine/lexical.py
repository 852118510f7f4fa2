"""Give literals read back from a pyoxigraph store the form they were written in.

A store keeps numbers, booleans and dates in canonical form ("01"^^xsd:integer comes
back as "1"), while a SHACL report names the value as the data wrote it. Only the
literals a report mentions are looked up, so this costs nothing when none is affected.
"""

from __future__ import annotations

import pyoxigraph as ox

_XSD = "http://www.w3.org/2001/XMLSchema#"
CANONICALISED = {_XSD + name for name in (
    "boolean", "integer", "decimal", "float", "double", "long", "int", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    "date", "dateTime", "dateTimeStamp", "time", "gYear", "gYearMonth", "gMonth", "gDay", "gMonthDay",
    "duration", "dayTimeDuration", "yearMonthDuration",
)}
_P = ox.NamedNode("urn:x-balkg:p")


class LexicalForms:
    """restore(term): the parsed literal a stored literal stands for (the term itself otherwise)."""

    def __init__(self, triples):
        self._triples = triples  # an iterable factory: called again for each datatype asked about
        self._by_datatype: dict[str, dict] = {}

    def restore(self, term):
        if not isinstance(term, ox.Literal) or term.datatype.value not in CANONICALISED:
            return term
        mapping = self._by_datatype.get(term.datatype.value)
        if mapping is None:
            mapping = self._by_datatype[term.datatype.value] = self._map(term.datatype)
        return mapping.get(term, term)

    def _map(self, datatype: ox.NamedNode) -> dict:
        written = {t.object for t in self._triples()
                   if isinstance(t.object, ox.Literal) and t.object.datatype == datatype}
        written = list(written)
        store = ox.Store()
        store.extend(ox.Quad(ox.NamedNode(f"urn:x-balkg:{i}"), _P, lit) for i, lit in enumerate(written))
        mapping = {}
        for quad in store:
            original = written[int(quad.subject.value.rsplit(":", 1)[1])]
            if quad.object != original:
                mapping.setdefault(quad.object, original)
        return mapping
