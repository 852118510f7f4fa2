"""The saved-query catalogue: `.rq` files with grlc decorators and BASIL parameters.

A saved query is one SPARQL file. Its metadata sits in grlc decorators, comment
lines starting with `#+` that together form a YAML document (`summary`,
`description`, `tags`, `defaults`, `enumerate`, and for data checks
`severity`). Its parameters (`balkg.query.parameters`) are variables named the
BASIL way, bound to RDF terms without splicing user text into the query.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pyoxigraph as ox
import yaml

from ..errors import UsageError
from ..layout import Layout
from ..rdf import shorten
from .parameters import Parameter, make_term, parse_parameter, prefix_of, substitute
from .text import declared_prefixes, query_form, tokens

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
            needs_graph = by_name[name].kind == "iri" and prefix_of(value) not in self.prefixes
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
