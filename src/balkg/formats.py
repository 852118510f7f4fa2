"""Every format balkg reads or writes, in one table: names, aliases, media types, file extensions.

A format says which kinds of output it can write:
- `solutions`: SELECT and ASK results (`balkg query`);
- `graph`: CONSTRUCT and DESCRIBE results (`balkg query`);
- `dataset`: the whole layout in one file (`balkg export`);
- `report`: a validation report (`balkg validate`);
- `stats`: the statistics sections (`balkg stats`);
- `flat`: flat files of the actor network and the events (`balkg export`, `balkg.site.flat`).
`reads` marks the RDF syntaxes the parser takes, by file extension.

To add an output format, add one `Format` here and its writer beside the others of
its kind (`results.py` for query results, `validation/reporting.py` for reports,
`export.py` serialises every RDF format pyoxigraph knows). The command-line choices
come from this table, so the new name appears in `--format` and in `--help`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import UsageError

KINDS = ("solutions", "graph", "dataset", "report", "stats", "flat")


@dataclass(frozen=True)
class Format:
    name: str
    writes: dict[str, str]                  # kind -> media type of what is written
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    reads: bool = False                     # an RDF syntax the parser takes
    title: str = ""                         # how people call it ("Turtle")
    rdf: ox.RdfFormat | None = field(default=None, compare=False)
    results: ox.QueryResultsFormat | None = field(default=None, compare=False)

    def media_type(self, kind: str) -> str:
        return self.writes[kind]

    @property
    def keeps_graphs(self) -> bool:
        """Whether a dataset written in this format keeps its named graphs."""
        return bool(self.rdf and self.rdf.supports_datasets)


_RESULTS = "application/sparql-results+"

FORMATS: tuple[Format, ...] = (
    # Query results for people (and `md` after the W3C formats).
    Format("table", {"solutions": "text/plain", "stats": "text/plain"}, aliases=("text",), extensions=(".txt",)),
    # W3C SPARQL 1.1 query results; `json` is also balkg's JSON report and stats document.
    Format("csv", {"solutions": "text/csv"}, extensions=(".csv",), results=ox.QueryResultsFormat.CSV),
    Format("tsv", {"solutions": "text/tab-separated-values"}, extensions=(".tsv",),
           results=ox.QueryResultsFormat.TSV),
    Format("json", {"solutions": _RESULTS + "json", "report": "application/json", "stats": "application/json"},
           extensions=(".json", ".srj"), results=ox.QueryResultsFormat.JSON),
    Format("xml", {"solutions": _RESULTS + "xml"}, extensions=(".srx", ".xml"), results=ox.QueryResultsFormat.XML),
    Format("md", {"solutions": "text/markdown", "stats": "text/markdown"}, aliases=("markdown",),
           extensions=(".md",)),
    # RDF. Turtle is also the syntax of the W3C SHACL validation report.
    Format("turtle", {"graph": "text/turtle", "dataset": "text/turtle", "report": "text/turtle"},
           aliases=("ttl",), extensions=(".ttl",), reads=True, title="Turtle", rdf=ox.RdfFormat.TURTLE),
    Format("ntriples", {"graph": "application/n-triples", "dataset": "application/n-triples"},
           aliases=("nt", "n-triples"), extensions=(".nt",), reads=True, title="N-Triples", rdf=ox.RdfFormat.N_TRIPLES),
    Format("nquads", {"dataset": "application/n-quads"}, aliases=("nq", "n-quads"), extensions=(".nq",),
           reads=True, title="N-Quads", rdf=ox.RdfFormat.N_QUADS),
    Format("trig", {"dataset": "application/trig"}, extensions=(".trig",), reads=True, title="TriG",
           rdf=ox.RdfFormat.TRIG),
    Format("jsonld", {"graph": "application/ld+json", "dataset": "application/ld+json"}, aliases=("json-ld",),
           extensions=(".jsonld",), reads=True, title="JSON-LD", rdf=ox.RdfFormat.JSON_LD),
    Format("rdfxml", {"graph": "application/rdf+xml", "dataset": "application/rdf+xml"}, aliases=("rdf/xml", "xml-rdf"),
           extensions=(".rdf", ".owl"), reads=True, title="RDF/XML", rdf=ox.RdfFormat.RDF_XML),
    # Validation reports. SARIF 2.1.0 for code scanning (GitHub) and editors.
    Format("text", {"report": "text/plain"}),
    Format("sarif", {"report": "application/sarif+json"}, extensions=(".sarif",)),
    # Flat exports for Gephi, networkx, igraph, spreadsheets (written by balkg.site.flat).
    Format("graphml", {"flat": "application/graphml+xml"}, extensions=(".graphml",)),
    Format("edges-csv", {"flat": "text/csv"}),
    # Every evidence quote as a W3C Web Annotation with a TextQuoteSelector (balkg.publish.annotations).
    Format("annotations", {"flat": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'},
           extensions=(".jsonld",)),
    Format("events-csv", {"flat": "text/csv"}),
    Format("events-xlsx", {"flat": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
           extensions=(".xlsx",)),
)


def writers_of(kind: str) -> list[Format]:
    """The formats that can write `kind`, in table order."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of output {kind!r}")
    return [f for f in FORMATS if kind in f.writes]


def names(kind: str) -> tuple[str, ...]:
    """The canonical names of the formats that write `kind`."""
    return tuple(f.name for f in writers_of(kind))


def choices(*kinds: str) -> list[str]:
    """Names and aliases accepted for these kinds, for a command-line `--format`."""
    accepted: list[str] = []
    for kind in kinds:
        for f in writers_of(kind):
            accepted.extend(n for n in (f.name, *f.aliases) if n not in accepted)
    return accepted


def find(name: str, *kinds: str) -> Format | None:
    """The format called `name` (or one of its aliases) that writes one of `kinds`; None if none."""
    wanted = name.lower()
    candidates = [f for kind in kinds for f in writers_of(kind)] if kinds else list(FORMATS)
    for f in candidates:
        if f.name == wanted:
            return f
    for f in candidates:
        if wanted in f.aliases:
            return f
    return None


def get(name: str, *kinds: str) -> Format:
    """Like `find`, but an unknown name is a usage error listing the choices."""
    found = find(name, *kinds)
    if found is None:
        what = " or ".join(kinds) if kinds else "any"
        listed = ", ".join(n for kind in kinds for n in names(kind)) if kinds else ", ".join(f.name for f in FORMATS)
        raise UsageError(f"unknown format {name!r} for {what} output; choose one of {listed}")
    return found


def for_path(path: str | Path, *kinds: str) -> Format | None:
    """The format a file name's extension stands for (among those writing `kinds`, if given)."""
    suffix = Path(path).suffix.lower()
    candidates = [f for kind in kinds for f in writers_of(kind)] if kinds else list(FORMATS)
    return next((f for f in candidates if suffix in f.extensions), None)


def rdf_syntax(path: str | Path) -> ox.RdfFormat:
    """The RDF syntax the parser uses for a file: by extension, Turtle when unknown."""
    suffix = Path(path).suffix.lower()
    found = next((f for f in FORMATS if f.reads and suffix in f.extensions), None)
    return found.rdf if found else ox.RdfFormat.TURTLE
