"""Write query results in the W3C formats, or as tables for people.

Machine formats follow the W3C SPARQL 1.1 results specifications: `json`, `xml`,
`csv` and `tsv` (the serialisers are pyoxigraph's, fed a JSON document built
here, so every target gives byte-identical output). Graphs (CONSTRUCT,
DESCRIBE) are written as Turtle, N-Triples or JSON-LD.

The human formats, `table` and `md`, shorten IRIs with the query's prefixes
and show a label instead of an IRI where the query returns one: a variable
`?xLabel` next to `?x` fills column `x`.
"""

from __future__ import annotations

import json
from typing import BinaryIO

import pyoxigraph as ox

from .. import formats
from ..errors import UsageError
from ..rdf import XSD_STRING, shorten
from .run import Result, Term

SOLUTION_FORMATS = formats.names("solutions")
GRAPH_FORMATS = formats.names("graph")
ALL_FORMATS = SOLUTION_FORMATS + GRAPH_FORMATS

MAX_CELL = 80


def normalise_format(name: str | None, result: Result, terminal: bool) -> str:
    """The format to write: the user's choice checked against the result kind, or the default.

    Defaults: `table` on a terminal and `tsv` otherwise (lossless, one row a line);
    graphs default to Turtle.
    """
    if name:
        found = formats.find(name, "solutions", "graph")
        if found is None:
            raise UsageError(f"unknown format {name.lower()!r}; choose one of {', '.join(ALL_FORMATS)}")
        name = found.name
    if result.is_graph:
        if name is None:
            return "turtle"
        if name not in GRAPH_FORMATS:
            raise UsageError(f"a {result.form} query gives a graph: use --format {', '.join(GRAPH_FORMATS)}")
        return name
    if name in GRAPH_FORMATS:
        raise UsageError(f"--format {name} is for CONSTRUCT and DESCRIBE queries; "
                         f"a {result.form} query gives {', '.join(SOLUTION_FORMATS)}")
    return name or ("table" if terminal else "tsv")


def render(result: Result, fmt: str) -> str:
    """The result as text in `fmt` (already normalised)."""
    if result.is_graph:
        return render_graph(result, fmt)
    if formats.get(fmt, "solutions").results:
        return render_w3c(result, fmt)
    if result.form == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "md":
        return render_markdown(result)
    return render_table(result)


def write(result: Result, fmt: str, out: BinaryIO) -> None:
    """Write the result in `fmt` to a binary stream; unread solutions in a W3C format are streamed,
    never held (a million rows take no more memory than one)."""
    results_format = None if result.is_graph else formats.get(fmt, "solutions").results
    solutions = result.take_solutions() if results_format and result.form == "SELECT" else None
    if solutions is None:
        out.write(render(result, fmt).encode("utf-8"))
        return
    solutions.serialize(out, format=results_format)
    if fmt == "json":
        out.write(b"\n")


# ---------------------------------------------------------------- W3C formats

def to_json_document(result: Result) -> dict:
    """The W3C SPARQL 1.1 Query Results JSON document of a SELECT or ASK result."""
    if result.form == "ASK":
        return {"head": {}, "boolean": bool(result.boolean)}
    return {"head": {"vars": list(result.variables)},
            "results": {"bindings": [{v: term_json(t) for v, t in row.items()} for row in result.rows]}}


def term_json(term: Term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value != XSD_STRING:
        return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
    return {"type": "literal", "value": term.value}


def render_w3c(result: Result, fmt: str) -> str:
    """pyoxigraph's serialiser for every target, so an endpoint's answer and a streamed one are the same bytes."""
    if result.form == "ASK" and fmt in ("csv", "tsv"):
        # The W3C CSV/TSV formats have no boolean; print what a shell script can test.
        return ("true" if result.boolean else "false") + "\n"
    document = json.dumps(to_json_document(result)).encode("utf-8")
    parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    text = parsed.serialize(format=formats.get(fmt, "solutions").results).decode("utf-8")
    return text + "\n" if fmt == "json" else text


def render_graph(result: Result, fmt: str) -> str:
    prefixes = result.prefixes if fmt == "turtle" else None
    data = ox.serialize(result.triples, format=formats.get(fmt, "graph").rdf, prefixes=prefixes)
    return data.decode("utf-8")


# ---------------------------------------------------------------- human formats

def display_columns(result: Result) -> list[tuple[str, str, str | None]]:
    """(header, variable, label variable) per column; `?xLabel` folds into `x`."""
    variables = set(result.variables)
    columns = []
    for v in result.variables:
        if v.endswith("Label") and v[: -len("Label")] in variables:
            continue
        label = v + "Label" if v + "Label" in variables else None
        columns.append((v, v, label))
    return columns


def compact(term: Term | None, prefixes: dict[str, str]) -> str:
    """A short form of a term for people: prefixed name, or lexical value."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value, prefixes, empty_prefix=True)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return " ".join(term.value.split())


def human_rows(result: Result) -> tuple[list[str], list[list[str]]]:
    columns = display_columns(result)
    headers = [header for header, _, _ in columns]
    rows = []
    for row in result.rows:
        cells = []
        for _, variable, label in columns:
            shown = row.get(label) if label else None
            cells.append(compact(shown if shown is not None else row.get(variable), result.prefixes))
        rows.append(cells)
    return headers, rows


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(result: Result, max_cell: int = MAX_CELL) -> str:
    headers, rows = human_rows(result)
    rows = [[_clip(cell, max_cell) for cell in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out) + "\n"


def render_markdown(result: Result) -> str:
    headers, rows = human_rows(result)
    escape = lambda s: s.replace("\\", "\\\\").replace("|", "\\|")
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"
