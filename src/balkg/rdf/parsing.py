"""Parse RDF files fast (pyoxigraph), with positions for errors and for subjects.

Turtle errors are reported as `path:line:col: message`. Since no parser reports
where a triple was written, `subject_lines` scans the text for the line where
each subject's description starts, so findings can point at `path:line`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib

from ..errors import ParseError
from ..formats import rdf_syntax
from . import expand


@dataclass
class ParsedFile:
    """One file's triples, prefixes and where each subject is described."""

    path: Path
    display: str
    triples: list[ox.Triple] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)
    subject_lines: dict[str, int] = field(default_factory=dict)


def parse_file(path: Path, display: str | None = None) -> ParsedFile:
    """Parse one file; raise ParseError located at path:line:col.

    The error raised is the file's first; its `more` lists the errors after it (see `later_errors`).
    """
    path = Path(path)
    display = display or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ParseError(display, line, None, f"not UTF-8: {exc.reason}") from exc
    except OSError as exc:
        raise ParseError(display, None, None, f"cannot read: {exc.strerror}") from exc
    syntax, base = rdf_syntax(path), path.resolve().as_uri()
    try:
        # Labelled blank nodes are local to their file: `_:x` in two files are two nodes.
        parser = ox.parse(text, format=syntax, base_iri=base, rename_blank_nodes=True)
        quads = list(parser)
    except SyntaxError as exc:
        error = located(exc, display)
        if syntax in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
            error.more = later_errors(text, syntax, base, display, exc.lineno)
        raise error from exc
    parsed = ParsedFile(
        path=path,
        display=display,
        triples=[q.triple for q in quads],
        prefixes=dict(parser.prefixes),
    )
    if rdf_syntax(path) in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        parsed.subject_lines = subject_lines(text, parsed.prefixes)
    return parsed


UTF8_BOM = b"\xef\xbb\xbf"


def file_source(path: Path) -> dict:
    """The keyword argument that hands a file to pyoxigraph's `parse` or `bulk_load`: its path, or,
    for a file that starts with a UTF-8 byte-order mark (which pyoxigraph reads as a character),
    its bytes after the mark. Line and column numbers are the same either way."""
    with open(path, "rb") as handle:
        if handle.read(len(UTF8_BOM)) == UTF8_BOM:
            return {"input": handle.read()}
    return {"path": str(path)}


# Syntaxes whose files hold triples only, so a store can read one straight into the file's named graph.
TRIPLE_SYNTAXES = (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML)


def count_triples(path: Path, display: str | None = None, distinct: bool = False) -> int:
    """How many triples a file holds (with `distinct`, how many different ones), read by pyoxigraph
    without keeping them; a file that does not parse raises ParseError at its first error."""
    path = Path(path)
    display = display or str(path)
    try:
        parser = ox.parse(**file_source(path), format=rdf_syntax(path), base_iri=path.resolve().as_uri(),
                          rename_blank_nodes=True)
        if distinct:
            return len({q.triple for q in parser})
        return sum(1 for _ in parser)
    except SyntaxError as exc:
        raise located(exc, display) from None
    except OSError as exc:
        raise ParseError(display, None, None, f"cannot read: {exc.strerror or exc}") from None


def located(exc: SyntaxError, display: str) -> ParseError:
    """pyoxigraph's syntax error as a ParseError at display:line:col."""
    return ParseError(display, exc.lineno, exc.offset, _clean_message(exc))


MAX_ERRORS_PER_FILE = 100
_DECLARATION = re.compile(r"^\s*(@prefix|@base|PREFIX|BASE)\b", re.IGNORECASE)


def later_errors(text: str, syntax: ox.RdfFormat, base: str, display: str, failed_line: int | None) -> list[ParseError]:
    """The errors after the first, as riot reports them: parsing resumes at the statement after each one.

    A statement starts at column 0 (how curated Turtle is written); the text before it is
    blanked except for its prefix and base declarations, so line numbers stay those of the file.
    """
    lines = text.splitlines(keepends=True)
    errors: list[ParseError] = []
    while failed_line is not None and len(errors) < MAX_ERRORS_PER_FILE:
        resume = _next_statement(lines, failed_line)
        if resume is None:
            break
        kept = [line if _DECLARATION.match(line) else "\n" for line in lines[:resume]]
        try:
            for _ in ox.parse("".join(kept + lines[resume:]), format=syntax, base_iri=base):
                pass
            break
        except SyntaxError as exc:
            if exc.lineno is None or exc.lineno <= failed_line:
                break
            errors.append(located(exc, display))
            failed_line = exc.lineno
    return errors


def _next_statement(lines: list[str], failed_line: int) -> int | None:
    """Index of the first line after `failed_line` (1-based) where a statement starts at column 0."""
    for index in range(failed_line, len(lines)):
        line = lines[index]
        if line.strip() and not line[0].isspace() and not line.startswith(("#", "]", ")", ".", ";", ",")):
            return index
    return None


def _clean_message(exc: SyntaxError) -> str:
    message = exc.msg or str(exc)
    # pyoxigraph prefixes the message with the span we already report as line:col.
    return re.sub(r"^Parser error (at|between) line [^:]*: ", "", message)


# ---------------------------------------------------------------- subject positions

_SUBJECT = re.compile(r"^(<[^>\s]*>|[A-Za-z][\w.-]*?:[^\s;,]*|:[^\s;,]*)")
_SKIP = re.compile(r"^(@prefix|@base|PREFIX|BASE|#|\]|\))", re.IGNORECASE)


_SUBJECT_AT_LINE_START = re.compile(r"^(?!(?i:@prefix|@base|PREFIX|BASE|#|\]|\)))" + _SUBJECT.pattern[1:], re.M)


def subject_lines(text: str, prefixes: dict[str, str]) -> dict[str, int]:
    """Map each subject IRI to the first line (1-based) where a statement about it begins.

    A statement begins at column 0, outside a long string, as curated Turtle is
    written. Subjects written otherwise are simply not located.
    """
    if '"""' in text or "'''" in text:
        return _subject_lines_line_by_line(text, prefixes)
    # No long string: one regex over the whole text (a million-triple file in about a second).
    first: dict[str, int] = {}
    line, position = 1, 0
    for match in _SUBJECT_AT_LINE_START.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        first.setdefault(match.group(1), line)
    lines: dict[str, int] = {}
    for token, number in first.items():
        iri = expand(token.rstrip("."), prefixes)
        if iri and number < lines.get(iri, number + 1):
            lines[iri] = number
    return lines


def _subject_lines_line_by_line(text: str, prefixes: dict[str, str]) -> dict[str, int]:
    lines: dict[str, int] = {}
    in_long_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_long_string:
            if line.count(in_long_string) % 2 == 1:
                in_long_string = None
            continue
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_long_string = quote
        if not line or line[0].isspace() or _SKIP.match(line):
            continue
        match = _SUBJECT.match(line)
        if not match:
            continue
        iri = expand(match.group(1).rstrip("."), prefixes)
        if iri and iri not in lines:
            lines[iri] = number
    return lines


# ---------------------------------------------------------------- conversions

class _IllTypedLiteralFilter(logging.Filter):
    """rdflib logs a traceback for every ill-typed literal ("abc"^^xsd:date) it is given; the
    SHACL datatype check already reports each one as a finding, so the traceback is only noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form to value")


logging.getLogger("rdflib.term").addFilter(_IllTypedLiteralFilter())


def to_rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def to_rdflib(triples, graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """Copy pyoxigraph triples into an rdflib graph (faster than re-parsing text)."""
    graph = rdflib.Graph() if graph is None else graph
    add = graph.add
    for t in triples:
        add((to_rdflib_term(t.subject), to_rdflib_term(t.predicate), to_rdflib_term(t.object)))
    return graph
