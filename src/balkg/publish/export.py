"""Write the whole dataset in one RDF file, byte for byte the same for the same input.

N-Quads, TriG and JSON-LD keep one named graph per file; N-Triples and Turtle
cannot, so they hold the union of the graphs (each triple once). Quads are
sorted, and blank nodes are renamed by the order in which their file
introduces them, so neither hash seeds nor parser-generated labels reach the
output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .. import formats
from ..errors import UsageError
from ..layout import Layout
from ..rdf.dataset import ParsedLayout, parse_layout

DEFAULT_FORMAT = "nquads"


def choose_format(fmt: str | None, output: str | os.PathLike | None) -> formats.Format:
    """The format asked for, else the one the output's extension names, else N-Quads; a contradiction is refused."""
    named = formats.for_path(output, "dataset") if output is not None else None
    if fmt is None:
        return named or formats.get(DEFAULT_FORMAT, "dataset")
    chosen = formats.get(fmt, "dataset")
    if named is not None and named != chosen:
        raise UsageError(f"{output} names {named.title} ({Path(output).suffix}) but --format is {chosen.name}; "
                         "drop --format or change the extension")
    return chosen


def export_bytes(layout: Layout, fmt: str = DEFAULT_FORMAT) -> bytes:
    """The layout's ontology, shapes and data serialized in `fmt` (a name or alias of a dataset format)."""
    rdf_format = formats.get(fmt, "dataset").rdf
    quads, prefixes = _quads_and_prefixes(parse_layout(layout).check())
    if rdf_format.supports_datasets:
        items = sorted(set(quads), key=_quad_key)
    else:
        items = sorted({q.triple for q in quads}, key=triple_key)
    kwargs = {"prefixes": prefixes} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    return ox.serialize(items, format=rdf_format, **kwargs) or b""


def export(layout: Layout, fmt: str | None = None, output: str | os.PathLike | None = None) -> bytes:
    """Serialize in `fmt` (default: from the output's extension, else N-Quads) and, given `output`,
    write the file atomically (a reader never sees half of it)."""
    data = export_bytes(layout, choose_format(fmt, output).name)
    if output is not None:
        write_atomically(Path(output), data)
    return data


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _quads_and_prefixes(parsed: ParsedLayout) -> tuple[list[ox.Quad], dict[str, str]]:
    quads: list[ox.Quad] = []
    for index, parsed_file in enumerate(parsed.all()):
        rename = BlankNodeNamer(f"f{index}b")
        graph = ox.NamedNode(parsed.graph_name(parsed_file))
        quads.extend(ox.Quad(rename(t.subject), t.predicate, rename(t.object), graph) for t in parsed_file.triples)
    # Some serializers reject an empty prefix name or a non-absolute IRI; keep only usable ones.
    usable = {k: v for k, v in sorted(parsed.prefixes().items()) if v.startswith(("http://", "https://", "urn:"))}
    return quads, usable


class BlankNodeNamer:
    """Renames blank nodes to `<prefix><n>` in order of first appearance."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.names: dict[str, ox.BlankNode] = {}

    def __call__(self, term):
        if not isinstance(term, ox.BlankNode):
            return term
        if term.value not in self.names:
            self.names[term.value] = ox.BlankNode(f"{self.prefix}{len(self.names)}")
        return self.names[term.value]


def triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def _quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
