"""Dates at their precision: the graph's (xsd:date, xsd:gYearMonth, xsd:gYear) and Wikidata's
(a timestamp plus a precision: 11 day, 10 month, 9 year; coarser ones are not used)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..rdf import XSD

_DATE = re.compile(r"^([+-]?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?")

Parts = tuple[int, int | None, int | None]


@dataclass(frozen=True)
class WdTime:
    value: str          # e.g. "2019-07-02T00:00:00Z"
    precision: int

    def parts(self) -> Parts | None:
        match = _DATE.match(self.value)
        if not match or self.precision < 9:
            return None
        year = int(match.group(1))
        month = int(match.group(2)) if self.precision >= 10 and match.group(2) else None
        day = int(match.group(3)) if self.precision >= 11 and match.group(3) else None
        return (year, month, day)

    def literal(self) -> ox.Literal | None:
        parts = self.parts()
        return parts_literal(parts) if parts else None

    def text(self) -> str:
        literal = self.literal()
        return literal.value if literal else self.value


def parts_literal(parts: Parts) -> ox.Literal:
    year, month, day = parts
    if day is not None:
        return ox.Literal(f"{year:04d}-{month:02d}-{day:02d}", datatype=ox.NamedNode(XSD + "date"))
    if month is not None:
        return ox.Literal(f"{year:04d}-{month:02d}", datatype=ox.NamedNode(XSD + "gYearMonth"))
    return ox.Literal(f"{year:04d}", datatype=ox.NamedNode(XSD + "gYear"))


def literal_parts(literal: ox.Literal) -> Parts | None:
    """Parts of a graph date; the datatype is the precision."""
    match = _DATE.match(literal.value)
    if not match:
        return None
    kind = literal.datatype.value[len(XSD):] if literal.datatype.value.startswith(XSD) else ""
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) and kind != "gYear" else None
    day = int(match.group(3)) if match.group(3) and kind in ("date", "dateTime") else None
    return (year, month, day)


def agree(a: Parts, b: Parts) -> bool:
    """Equal at the coarser of the two precisions."""
    for x, y in zip(a, b):
        if x is None or y is None:
            return True
        if x != y:
            return False
    return True


def years_apart(a: Parts, b: Parts) -> int:
    return abs(a[0] - b[0])


def show(parts: Parts) -> str:
    return parts_literal(parts).value
