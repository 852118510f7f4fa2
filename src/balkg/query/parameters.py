"""BASIL parameters of a saved query, and binding them to RDF terms.

A parameter is a variable named the BASIL way, as grlc reads it: `?_name` is required,
`?__name` optional; a suffix types the value: `_iri`, `_number`, `_en` (a language tag),
`_integer` or another XSD type, or `_prefix_local` for a datatype `prefix:local` (e.g.
`?_since_xsd_date`).

Binding a parameter never splices user text into the query. The value is parsed into one
RDF term (pyoxigraph validates IRIs and escapes literals), and that term's N-Triples form
replaces the parameter's variable tokens only - never text inside strings, IRIs or comments.
This is grlc's own rewriting, made safe, so the folder can be served by grlc unchanged.
(pyoxigraph's `substitutions` cannot be used: in 0.5 it only accepts variables of the SELECT
projection, and a projected parameter would turn into `SELECT <iri>` under grlc.)
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import UsageError
from ..rdf import XSD, expand
from .text import tokens

# ---------------------------------------------------------------- parameters

# grlc's reading of a BASIL variable name: _name[_type[_userdefined]]
_BASIL = re.compile(r"^(?P<required>_{1,2})(?P<name>[^_]+)_?(?P<type>[a-zA-Z0-9]+)?_?(?P<userdefined>[a-zA-Z0-9]+)?.*$")

XSD_TYPES = {
    "string", "boolean", "decimal", "integer", "double", "float", "date", "time", "dateTime",
    "dateTimeStamp", "gYear", "gYearMonth", "gMonth", "gDay", "gMonthDay", "duration",
    "anyURI", "long", "int", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "language", "token",
}

_TZ = r"(Z|[+-]\d\d:\d\d)?"
_LEXICAL = {
    "integer": r"[+-]?\d+",
    "long": r"[+-]?\d+", "int": r"[+-]?\d+", "short": r"[+-]?\d+", "byte": r"[+-]?\d+",
    "nonNegativeInteger": r"\+?\d+", "positiveInteger": r"\+?0*[1-9]\d*",
    "negativeInteger": r"-0*[1-9]\d*", "nonPositiveInteger": r"(-\d+|\+?0+)",
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "double": r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF|NaN)|-INF",
    "float": r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF|NaN)|-INF",
    "boolean": r"true|false|1|0",
    "date": r"-?\d{4,}-\d\d-\d\d" + _TZ,
    "dateTime": r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?" + _TZ,
    "time": r"\d\d:\d\d:\d\d(\.\d+)?" + _TZ,
    "gYear": r"-?\d{4,}" + _TZ,
    "gYearMonth": r"-?\d{4,}-(0[1-9]|1[0-2])" + _TZ,
}
_EXAMPLES = {
    "date": "2020-01-31", "gYear": "2020", "gYearMonth": "2020-01", "dateTime": "2020-01-31T12:00:00",
    "integer": "42", "decimal": "4.2", "boolean": "true",
}


@dataclass(frozen=True)
class Parameter:
    """One BASIL parameter of a saved query."""

    variable: str            # the variable's name without '?', e.g. "_since_xsd_date"
    name: str                # what the user types: --param since=...
    required: bool
    kind: str                # "iri", "number" or "literal"
    datatype: str | None = None
    language: str | None = None

    @property
    def type_label(self) -> str:
        if self.kind == "iri":
            return "IRI"
        if self.kind == "number":
            return "number"
        if self.language:
            return f"text@{self.language}"
        if self.datatype:
            return "xsd:" + self.datatype[len(XSD):] if self.datatype.startswith(XSD) else f"<{self.datatype}>"
        return "text"

    def describe(self) -> str:
        return f"{self.name} ({self.type_label}{'' if self.required else ', optional'})"


def parse_parameter(variable: str, prefixes: dict[str, str]) -> Parameter | None:
    """The parameter a variable stands for, or None for an ordinary variable."""
    match = _BASIL.match(variable)
    if not match:
        return None
    required = match.group("required") == "_"
    name, kind_code, user = match.group("name"), match.group("type"), match.group("userdefined")
    kind, datatype, language = "literal", None, None
    if kind_code in ("iri", "number"):
        kind = kind_code
    elif kind_code in (None, "literal", "string"):
        datatype = None
    elif kind_code in XSD_TYPES:
        datatype = XSD + kind_code
    elif len(kind_code) == 2 and not user:
        language = kind_code
    elif user:
        namespace = XSD if kind_code == "xsd" else prefixes.get(kind_code)
        if namespace is None:
            raise UsageError(f"parameter ?{variable}: datatype prefix '{kind_code}:' is not declared in the query")
        datatype = namespace + user
    return Parameter(variable, name, required, kind, datatype, language)


def make_term(parameter: Parameter, value: str, prefixes: dict[str, str]) -> ox.NamedNode | ox.Literal:
    """One RDF term for a parameter value, checked against the parameter's type."""
    if parameter.kind == "iri":
        return _iri_term(parameter, value, prefixes)
    if parameter.kind == "number":
        for local in ("integer", "decimal", "double"):
            if re.fullmatch(_LEXICAL[local], value.strip()):
                return ox.Literal(value.strip(), datatype=ox.NamedNode(XSD + local))
        raise UsageError(f"parameter '{parameter.name}' must be a number, not {value!r}")
    if parameter.language:
        return ox.Literal(value, language=parameter.language)
    if parameter.datatype:
        _check_lexical(parameter, value)
        return ox.Literal(value, datatype=ox.NamedNode(parameter.datatype))
    return ox.Literal(value)


def prefix_of(value: str) -> str | None:
    text = value.strip()
    prefix, colon, _ = text.partition(":")
    return prefix if colon and not text.startswith("<") else None


def _iri_term(parameter: Parameter, value: str, prefixes: dict[str, str | None]) -> ox.NamedNode:
    prefix = value.strip().partition(":")[0]
    if prefix in prefixes and prefixes[prefix] is None:
        raise UsageError(f"parameter '{parameter.name}': the graph's files declare prefix '{prefix}:' with "
                         f"different namespaces; write the IRI in full as <...>, not {value!r}")
    iri = expand(value, {k: v for k, v in prefixes.items() if v is not None})
    if iri is None:
        known = ", ".join(sorted(p + ":" for p in prefixes)) or "none"
        raise UsageError(f"parameter '{parameter.name}' must be an IRI (<...>, http(s)://... or a prefixed name; "
                         f"prefixes of the query and the graph: {known}), not {value!r}")
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise UsageError(f"parameter '{parameter.name}' is not a valid IRI: {value!r} ({exc})") from None


def _check_lexical(parameter: Parameter, value: str) -> None:
    local = parameter.datatype[len(XSD):] if parameter.datatype.startswith(XSD) else None
    pattern = _LEXICAL.get(local or "")
    example = _EXAMPLES.get(local or "")
    hint = f" like {example}" if example else ""
    if pattern and not re.fullmatch(pattern, value):
        raise UsageError(f"parameter '{parameter.name}' must be an xsd:{local}{hint}, not {value!r}")
    if local in ("date", "dateTime"):
        try:
            datetime.date.fromisoformat(value.lstrip("-")[:10])
        except ValueError:
            raise UsageError(f"parameter '{parameter.name}' is not a real date: {value!r}") from None


def substitute(text: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Replace every token of the given variables (?v or $v) by its term's N-Triples form.

    Only variable tokens are touched; a term's serialisation is made by pyoxigraph,
    which escapes quotes, backslashes and line breaks, so a value cannot become syntax.
    """
    if not terms:
        return text
    parts = []
    for token in tokens(text):
        if token.kind == "var" and token.text[1:] in terms:
            parts.append(str(terms[token.text[1:]]))
        else:
            parts.append(token.text)
    return "".join(parts)
