"""Run a SPARQL query on one of three targets, and get one kind of result back.

- the shipped graph, in memory, with the embedded pyoxigraph engine;
- an embedded persistent store made by `balkg load` (opened read-only);
- any SPARQL endpoint, through `balkg.transport.SparqlClient`.

Queries see the union of the named graphs, so they need not know how the data
is split into files. Parameters are bound before the query reaches a target
(see `balkg.query.catalogue`), so every target runs the very same text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from ..errors import EndpointError, UsageError
from ..layout import Layout
from ..rdf import location
from ..rdf.dataset import memory_dataset
from ..transport import Credentials, HttpClient, RetryPolicy, SparqlClient, check_url
from .catalogue import SavedQuery
from .text import query_form

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class QuerySyntaxError(UsageError):
    """A query that does not parse; the message starts with where: source:line:column."""

    def __init__(self, display: str, line: int | None, column: int | None, message: str):
        self.display, self.line, self.column, self.message = display, line, column, message
        where = location(display, line or None, column or None)
        super().__init__(f"{where}: SPARQL syntax error: {message}")


class Result:
    """What a query gave: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).

    A lazy SELECT result keeps the engine's unread `solutions`: writers that can stream
    (W3C CSV, TSV, JSON, XML) serialise them without holding the rows; reading `rows`
    reads them all, once.
    """

    def __init__(self, form: str, variables: list[str] | None = None, rows: list[dict[str, Term]] | None = None,
                 boolean: bool | None = None, triples: list[ox.Triple] | None = None,
                 prefixes: dict[str, str] | None = None, solutions: ox.QuerySolutions | None = None):
        self.form = form
        self.variables = list(variables or [])
        self._rows = rows if rows is not None or solutions is not None else []
        self.boolean = boolean
        self.triples = list(triples or [])
        self.prefixes = dict(prefixes or {})
        self.solutions = solutions

    @property
    def rows(self) -> list[dict[str, Term]]:
        if self._rows is None:
            solutions, self.solutions = self.solutions, None
            if solutions is None:
                raise RuntimeError("the solutions were streamed (results.write) and can be read once: "
                                   "run the query again to read its rows")
            self._rows = [{v: s[v] for v in self.variables if s[v] is not None} for s in solutions]
        return self._rows

    def take_solutions(self) -> ox.QuerySolutions | None:
        """The unread solutions, for a writer that streams them (they can be read once)."""
        solutions, self.solutions = self.solutions, None
        return solutions

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def tuples(self) -> list[tuple[Term | None, ...]]:
        """The rows as tuples in variable order (unbound = None)."""
        return [tuple(row.get(v) for v in self.variables) for row in self.rows]


# ---------------------------------------------------------------- targets

class EmbeddedTarget:
    """A pyoxigraph store queried over the union of its named graphs."""

    def __init__(self, store: ox.Store, description: str = "the shipped graph"):
        self.store = store
        self.description = description

    @classmethod
    def shipped(cls, layout: Layout) -> "EmbeddedTarget":
        return cls(memory_dataset(layout), "the shipped graph")

    @classmethod
    def open_store(cls, directory: str | Path) -> "EmbeddedTarget":
        return cls(open_store_read_only(directory), f"the store in {directory}")

    def run(self, text: str, display: str = "<query>", lazy: bool = False) -> Result:
        """Evaluate `text`; with lazy=True a SELECT result keeps its solutions unread (see Result)."""
        form = _form_or_error(text, display)
        try:
            answer = self.store.query(text, use_default_graph_as_union=True)
            if form == "ASK":
                return Result(form, boolean=bool(answer))
            if form in ("CONSTRUCT", "DESCRIBE"):
                return Result(form, triples=list(answer))
            result = Result(form, variables=[v.value for v in answer.variables], solutions=answer)
            if not lazy:
                result.rows  # noqa: B018 - read now, inside the error handling below
            return result
        except SyntaxError as exc:
            raise syntax_error(exc, display, text) from None
        except OSError as exc:
            raise UsageError(f"cannot read {self.description}: {exc}") from None


class EndpointTarget:
    """A remote SPARQL endpoint; the query is checked locally first so a typo gets its line."""

    def __init__(self, url: str, sparql: SparqlClient):
        self.url = check_url(url)
        self.sparql = sparql
        self.description = url

    @classmethod
    def at(cls, url: str, timeout: float = 60.0, retry: RetryPolicy | None = None,
           credentials: Credentials | None = None) -> "EndpointTarget":
        http = HttpClient(credentials or Credentials(), timeout=timeout, retry=retry or RetryPolicy())
        return cls(url, SparqlClient(http))

    def run(self, text: str, display: str = "<query>", lazy: bool = False) -> Result:
        form = _form_or_error(text, display)
        check_syntax(text, display)
        if form in ("CONSTRUCT", "DESCRIBE"):
            answer = self.sparql.construct(self.url, text)
            try:
                triples = [q.triple for q in ox.parse(answer.body, format=ox.RdfFormat.TURTLE)]
            except SyntaxError as exc:
                raise EndpointError(f"{self.url}: the server sent RDF that does not parse: {exc}") from None
            return Result(form, triples=triples)
        doc = self.sparql.select(self.url, text)
        if form == "ASK":
            if not isinstance(doc.get("boolean"), bool):
                raise EndpointError(f"{self.url}: an ASK query got no boolean answer")
            return Result(form, boolean=doc["boolean"])
        variables = list(doc.get("head", {}).get("vars", []))
        rows = [{v: json_term(b[v]) for v in b if v in variables} for b in doc["results"]["bindings"]]
        return Result(form, variables=variables, rows=rows)


def open_store_read_only(directory: str | Path) -> ox.Store:
    """Open a store made by `balkg load`, read-only; a missing or empty store is a usage error."""
    path = Path(directory)
    if not path.is_dir():
        raise UsageError(f"no store at {path}: create one with `balkg load --store {path}`")
    if not any(path.iterdir()):
        raise UsageError(f"the store directory {path} is empty: load it with `balkg load --store {path}`")
    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise UsageError(f"{path} is not a readable balkg store: {exc}") from None
    if next(iter(store.quads_for_pattern(None, None, None)), None) is None:
        raise UsageError(f"the store in {path} holds no data: load it with `balkg load --store {path}`")
    return store


# ---------------------------------------------------------------- running

def run_query(query: SavedQuery | str, target, params: dict[str, str] | None = None,
              use_defaults: bool = True, lazy: bool = False) -> Result:
    """Bind the parameters of `query` and run it on `target`; the result keeps the query's prefixes.

    lazy=True leaves an embedded SELECT's solutions unread, for `results.write` to stream.
    """
    saved = query if isinstance(query, SavedQuery) else SavedQuery.from_text(query)
    text = saved.with_parameters(params or {}, use_defaults)
    _check_iris_named(saved, params or {}, target)
    result = target.run(text, saved.display, lazy=lazy)
    result.prefixes = dict(saved.prefixes)
    return result


def _check_iris_named(saved: SavedQuery, params: dict[str, str], target) -> None:
    """An IRI the graph never mentions is a typo more often than a question (`actor:BLA`):
    say so, instead of answering "no rows" or "false"."""
    terms = saved.bind(params)
    for parameter in saved.parameters:
        term = terms.get(parameter.variable)
        if parameter.kind != "iri" or parameter.name not in params or not isinstance(term, ox.NamedNode):
            continue
        ask = f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} UNION {{ ?s {term} ?o }} }}"
        if not target.run(ask, f"{saved.display} (parameter {parameter.name})").boolean:
            raise UsageError(f"parameter '{parameter.name}': {term} is not in the graph (a typo? "
                             f"`balkg query lookup -p name=TEXT` finds nodes by name)")


def check_syntax(text: str, display: str = "<query>") -> None:
    """Parse the query with pyoxigraph without evaluating it (evaluation is lazy)."""
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        raise syntax_error(exc, display, text) from None


def syntax_error(exc: SyntaxError, display: str, text: str) -> QuerySyntaxError:
    """The parser's error, located at a token inside `text`."""
    message = exc.msg or str(exc)
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if match:
        line, column = _inside(text, int(match.group(1)), int(match.group(2)))
        return QuerySyntaxError(display, line, column, _short(match.group(3)))
    return QuerySyntaxError(display, exc.lineno, exc.offset, _short(message))


def _inside(text: str, line: int, column: int) -> tuple[int, int]:
    """A position at or past the end of the text (the parser wanted more) moves to the last token written."""
    lines = text.split("\n")
    offset = sum(len(l) + 1 for l in lines[: line - 1]) + column - 1
    content = text.rstrip()
    last = re.search(r"\S+$", content)
    if offset < len(content) or last is None:
        return line, column
    before = content[: last.start()]
    return before.count("\n") + 1, last.start() - (before.rfind("\n") + 1) + 1


def _short(message: str) -> str:
    """pyoxigraph can list every character class it expected; one readable line is enough."""
    if "Prefix not found" in message:
        return "undeclared prefix (add a PREFIX line)"
    first = " ".join(message.split())
    return first if len(first) <= 160 else first[:159] + "…"


def _form_or_error(text: str, display: str) -> str:
    form = query_form(text)
    if form is None:
        if re.search(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE)\b", text, re.IGNORECASE):
            raise UsageError(f"{display}: balkg query runs queries, not updates")
        raise QuerySyntaxError(display, None, None, "no SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form


def json_term(binding: dict) -> Term:
    """A term of the W3C SPARQL JSON results format as a pyoxigraph term."""
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return ox.Literal(value, language=binding["xml:lang"])
        if "datatype" in binding:
            return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
        return ox.Literal(value)
    raise EndpointError(f"unsupported term in SPARQL results: {binding!r}")
