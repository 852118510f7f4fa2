"""The saved-query catalogue: `.rq` files with grlc decorators and BASIL parameters.

A saved query is one SPARQL file. Its metadata sits in grlc decorators, comment
lines starting with `#+` that together form a YAML document (`summary`,
`description`, `tags`, `defaults`, `enumerate`, and for data checks
`severity`). Its parameters are variables named the BASIL way, as grlc reads
them: `?_name` is required, `?__name` optional; a suffix types the value:
`_iri`, `_number`, `_en` (a language tag), `_integer` or another XSD type, or
`_prefix_local` for a datatype `prefix:local` (e.g. `?_since_xsd_date`).

Binding a parameter never splices user text into the query. The value is
parsed into one RDF term (pyoxigraph validates IRIs and escapes literals), and
that term's N-Triples form replaces the parameter's variable tokens only - never
text inside strings, IRIs or comments. This is grlc's own rewriting, made safe,
so the folder can be served by grlc unchanged. (pyoxigraph's `substitutions`
cannot be used: in 0.5 it only accepts variables of the SELECT projection, and a
projected parameter would turn into `SELECT <iri>` under grlc.)
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pyoxigraph as ox
import yaml

from .errors import UsageError
from .layout import Layout
from .rdf import XSD, expand, shorten

# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
       |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<pname>[A-Za-z][\w.\-]*:|:)
  | (?P<word>[A-Za-z_][\w\-]*)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(text: str) -> list[Token]:
    """A rough SPARQL lexer: enough to tell variables, IRIs, strings and comments apart."""
    return [Token(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text)]


def declared_prefixes(text: str) -> dict[str, str]:
    """The PREFIX declarations of a query: prefix -> namespace IRI."""
    significant = [t for t in tokens(text) if t.kind not in ("space", "comment")]
    prefixes = {}
    for first, second, third in zip(significant, significant[1:], significant[2:]):
        if first.kind == "word" and first.text.upper() == "PREFIX" and second.kind == "pname" and third.kind == "iri":
            prefixes[second.text[:-1]] = third.text[1:-1]
    return prefixes


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword."""
    for match in _TOKEN.finditer(text):  # lazily: the keyword comes before the body
        if match.lastgroup == "word" and match.group().upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return match.group().upper()
    return None


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


# ---------------------------------------------------------------- saved queries

@dataclass
class SavedQuery:
    """One query of the catalogue (or from a file or standard input)."""

    name: str
    text: str
    path: Path | None = None
    display: str = "<query>"
    metadata: dict = field(default_factory=dict)
    # The layout whose files' prefixes a parameter value may use, as well as the query's own.
    layout: Layout | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, name: str = "-", path: Path | None = None, display: str | None = None) -> "SavedQuery":
        return cls(name=name, text=text, path=path, display=display or name, metadata=decorators(text, display or name))

    @classmethod
    def from_file(cls, path: Path, name: str | None = None, display: str | None = None) -> "SavedQuery":
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read query file {path}: {exc}") from None
        return cls.from_text(text, name or path.stem, path, display or str(path))

    @property
    def summary(self) -> str:
        return str(self.metadata.get("summary", "")).strip()

    @property
    def description(self) -> str:
        return str(self.metadata.get("description", "")).strip()

    @property
    def tags(self) -> list[str]:
        tags = self.metadata.get("tags") or []
        return [str(t) for t in (tags if isinstance(tags, list) else [tags])]

    @property
    def defaults(self) -> dict[str, str]:
        """grlc `defaults`: a list of one-entry mappings (or one mapping) name -> value."""
        raw = self.metadata.get("defaults") or []
        items = raw if isinstance(raw, list) else [raw]
        merged: dict[str, str] = {}
        for item in items:
            if isinstance(item, dict):
                merged.update({str(k): str(v) for k, v in item.items()})
        return merged

    @property
    def form(self) -> str | None:
        return query_form(self.text)

    @cached_property
    def prefixes(self) -> dict[str, str]:
        return declared_prefixes(self.text)

    @cached_property
    def graph_prefixes(self) -> dict[str, str | None]:
        """The prefixes the layout's files declare (read only when a value needs one)."""
        return graph_prefixes(self.layout) if self.layout is not None else {}

    @property
    def value_prefixes(self) -> dict[str, str | None]:
        """What a prefixed parameter value may use: the graph's prefixes, and the query's over them."""
        return {**self.graph_prefixes, **self.prefixes}

    @property
    def enumerations(self) -> dict[str, list[str]]:
        """grlc `enumerate` lists (`- name: [value, ...]`): parameter name -> the values it allows."""
        raw = self.metadata.get("enumerate") or []
        found: dict[str, list[str]] = {}
        for item in raw if isinstance(raw, list) else [raw]:
            if isinstance(item, dict):
                found.update({str(k): [str(v) for v in (vs if isinstance(vs, list) else [vs])]
                              for k, vs in item.items()})
        return found

    @cached_property
    def parameters(self) -> list[Parameter]:
        seen: dict[str, Parameter] = {}
        for token in tokens(self.text):
            if token.kind == "var" and token.text[1:] not in seen:
                parameter = parse_parameter(token.text[1:], self.prefixes)
                if parameter:
                    seen[token.text[1:]] = parameter
        by_name: dict[str, Parameter] = {}
        for parameter in seen.values():
            other = by_name.get(parameter.name)
            if other and other != parameter:
                raise UsageError(f"{self.display}: parameter '{parameter.name}' is written both "
                                 f"?{other.variable} and ?{parameter.variable}")
            by_name[parameter.name] = parameter
        return list(by_name.values())

    def bind(self, values: dict[str, str], use_defaults: bool = True) -> dict[str, ox.NamedNode | ox.Literal]:
        """Typed RDF terms for the given parameter values, keyed by variable name.

        Raises UsageError naming the parameter when one is unknown, missing or ill-typed.
        """
        by_name = {p.name: p for p in self.parameters}
        unknown = [name for name in values if name not in by_name]
        if unknown:
            takes = ", ".join(p.describe() for p in self.parameters) or "no parameters"
            raise UsageError(f"unknown parameter '{unknown[0]}' for query {self.name}; it takes {takes}")
        chosen = dict(self.defaults) if use_defaults else {}
        chosen = {k: v for k, v in chosen.items() if k in by_name}
        chosen.update(values)
        missing = [p for p in self.parameters if p.required and p.name not in chosen]
        if missing:
            raise UsageError(f"query {self.name} needs parameter '{missing[0].name}' "
                             f"({missing[0].type_label}): --param {missing[0].name}=VALUE")
        terms = {}
        for name, value in chosen.items():
            needs_graph = by_name[name].kind == "iri" and _prefix_of(value) not in self.prefixes
            term = make_term(by_name[name], value, self.value_prefixes if needs_graph else self.prefixes)
            self._check_enumerated(name, term, value)
            terms[by_name[name].variable] = term
        return terms

    def _check_enumerated(self, name: str, term: ox.NamedNode | ox.Literal, value: str) -> None:
        allowed = self.enumerations.get(name)
        if allowed is not None and term.value not in allowed:
            known = {k: v for k, v in self.value_prefixes.items() if v}
            shown = ", ".join(shorten(v, known) if isinstance(term, ox.NamedNode) else v for v in allowed)
            raise UsageError(f"parameter '{name}' of query {self.name} must be one of {shown}, not {value!r}")

    def with_parameters(self, values: dict[str, str], use_defaults: bool = True) -> str:
        """The query text with the parameters' terms in place of their variables."""
        return substitute(self.text, self.bind(values, use_defaults))


def decorators(text: str, display: str = "<query>") -> dict:
    """The YAML document formed by the query's leading `#+` lines."""
    lines = [line[2:] for line in text.splitlines() if line.startswith("#+")]
    if not lines:
        return {}
    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        raise UsageError(f"{display}: the #+ decorators are not valid YAML: {str(exc).splitlines()[0]}") from None
    return data if isinstance(data, dict) else {}


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


def _prefix_of(value: str) -> str | None:
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


# ---------------------------------------------------------------- the catalogue

_PREFIX_DECLARATION = re.compile(rb"[ \t]*(?:@prefix|PREFIX)[ \t]+([A-Za-z][\w.\-]*)?:[ \t]*<([^>\s]*)>",
                                 re.IGNORECASE)


def graph_prefixes(layout: Layout) -> dict[str, str | None]:
    """The prefixes the layout's Turtle files declare: prefix -> namespace, None if files disagree."""
    files = layout.ontology_files() + layout.shape_files() + layout.data_files()
    return _declared_in(tuple((str(p), *_stamp(p)) for p in files))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _declared_in(files: tuple[tuple[str, int, int], ...]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name, _mtime, _size in files:
        try:
            data = Path(name).read_bytes()
        except OSError:
            continue
        for match in _declarations(data):
            prefix = (match.group(1) or b"").decode("utf-8", "replace")
            namespace = match.group(2).decode("utf-8", "replace")
            found[prefix] = namespace if found.get(prefix, namespace) == namespace else None
    return found


def _declarations(data: bytes):
    """The prefix declarations of a Turtle file's bytes, found with bytes.find (a regex over 40 MB
    takes a second; the Turtle itself is parsed elsewhere, this only needs the declarations)."""
    starts = set()
    for needle in (b"@prefix", b"PREFIX", b"prefix", b"Prefix"):
        at = data.find(needle)
        while at >= 0:
            line = data.rfind(b"\n", 0, at) + 1
            if not data[line:at].strip(b" \t"):
                starts.add(line)
            at = data.find(needle, at + 1)
    for start in sorted(starts):
        match = _PREFIX_DECLARATION.match(data, start)
        if match:
            yield match


def catalogue(layout: Layout) -> list[SavedQuery]:
    """Every saved query of the layout, named by its path under the queries folder."""
    return [_load_saved(layout, path, name) for name, path in _query_paths(layout).items()]


def _query_paths(layout: Layout) -> dict[str, Path]:
    return {path.relative_to(layout.queries_dir).with_suffix("").as_posix(): path for path in layout.query_files()}


def _load_saved(layout: Layout, path: Path, name: str) -> SavedQuery:
    saved = SavedQuery.from_file(path, name, layout.relative(path))
    saved.layout = layout
    return saved


def find_saved(layout: Layout, name: str) -> SavedQuery:
    """The saved query called `name` (e.g. `designations`, `checks/missing-evidence`); only its file is read."""
    paths = _query_paths(layout)
    if name in paths:
        return _load_saved(layout, paths[name], name)
    by_stem = [n for n in paths if n.rsplit("/", 1)[-1] == name]
    if len(by_stem) == 1:
        return _load_saved(layout, paths[by_stem[0]], by_stem[0])
    close = difflib.get_close_matches(name, list(paths), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `balkg queries` lists them"
    raise UsageError(f"no saved query named '{name}'{hint}")


def resolve(layout: Layout, spec: str, stdin_text: str | None = None) -> SavedQuery:
    """A query given as a catalogue name, a path to a file, or `-` for standard input."""
    if spec == "-":
        if stdin_text is None:
            raise UsageError("no query on standard input")
        saved = SavedQuery.from_text(stdin_text, "-", display="<stdin>")
        saved.layout = layout
        return saved
    path = Path(spec)
    if path.is_file():
        saved = SavedQuery.from_file(path, display=spec)
        saved.layout = layout
        return saved
    if spec.endswith(".rq"):
        raise UsageError(f"query file {spec} does not exist")
    return find_saved(layout, spec)


def parse_param_options(options: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`name=value` strings from the command line into a dict."""
    values: dict[str, str] = {}
    for option in options:
        name, equals, value = option.partition("=")
        if not equals or not name.strip():
            raise UsageError(f"--param takes NAME=VALUE, not {option!r}")
        values[name.strip()] = value
    return values
