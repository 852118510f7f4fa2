"""Dates as the graph holds them: the datatype is the precision (day, month or year)."""

from __future__ import annotations

import calendar
import re

XSD = "http://www.w3.org/2001/XMLSchema#"
_DAY = re.compile(r"^(-?\d{4,})-(\d\d)-(\d\d)")
_MONTH = re.compile(r"^(-?\d{4,})-(\d\d)")
_YEAR = re.compile(r"^(-?\d{4,})")


def precision(value: str, datatype: str) -> str | None:
    """'day', 'month' or 'year' for an xsd:date / gYearMonth / gYear (or dateTime) value."""
    local = datatype[len(XSD):] if datatype.startswith(XSD) else ""
    if local in ("date", "dateTime", "dateTimeStamp") and _DAY.match(value):
        return "day"
    if local == "gYearMonth" and _MONTH.match(value):
        return "month"
    if local == "gYear" and _YEAR.match(value):
        return "year"
    return None


def is_date(value: str, datatype: str) -> bool:
    return precision(value, datatype) is not None


def show(value: str, datatype: str) -> str:
    """'2 March 2025', 'March 2025' or '2025': never a day the value does not give."""
    kind = precision(value, datatype)
    if kind == "day":
        y, m, d = _DAY.match(value).groups()
        return f"{int(d)} {calendar.month_name[int(m)]} {y}"
    if kind == "month":
        y, m = _MONTH.match(value).groups()
        return f"{calendar.month_name[int(m)]} {y}"
    if kind == "year":
        return _YEAR.match(value).group(1)
    return value


def bounds(value: str, datatype: str) -> tuple[str, str] | None:
    """The first and last day the value covers, as ISO dates: a month spans its month."""
    kind = precision(value, datatype)
    if kind == "day":
        y, m, d = _DAY.match(value).groups()
        day = f"{y}-{m}-{d}"
        return day, day
    if kind == "month":
        y, m = _MONTH.match(value).groups()
        last = calendar.monthrange(int(y), int(m))[1] if int(y) > 0 else 31
        return f"{y}-{m}-01", f"{y}-{m}-{last:02d}"
    if kind == "year":
        y = _YEAR.match(value).group(1)
        return f"{y}-01-01", f"{y}-12-31"
    return None
