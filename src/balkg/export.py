"""Write the whole dataset in one RDF file, byte for byte the same for the same input.

N-Quads, TriG and JSON-LD keep one named graph per file; N-Triples and Turtle
cannot, nor can RDF/XML, so they hold the union of the graphs (each triple once). Quads are
sorted, and blank nodes are renamed by the order in which their file
introduces them, so neither hash seeds nor parser-generated labels reach the
output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .dataset import graph_files
from .errors import UsageError
from .layout import Layout
from .parsing import parse_file

FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def export_bytes(layout: Layout, fmt: str = "nq") -> bytes:
    """The layout's ontology, shapes and data serialized in `fmt`."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    rdf_format = FORMATS[fmt]
    quads, prefixes = _quads_and_prefixes(layout)
    if rdf_format.supports_datasets:
        items = sorted(set(quads), key=_quad_key)
    else:
        items = sorted({q.triple for q in quads}, key=triple_key)
    kwargs = {"prefixes": prefixes} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    return ox.serialize(items, format=rdf_format, **kwargs) or b""


def export(layout: Layout, fmt: str = "nq", output: str | os.PathLike | None = None) -> bytes:
    """Serialize and, given `output`, write the file atomically (a reader never sees half of it)."""
    data = export_bytes(layout, fmt)
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


def _quads_and_prefixes(layout: Layout) -> tuple[list[ox.Quad], dict[str, str]]:
    quads: list[ox.Quad] = []
    prefixes: dict[str, str] = {}
    for index, gf in enumerate(graph_files(layout)):
        parsed = parse_file(gf.path, gf.display)
        for name, iri in parsed.prefixes.items():
            prefixes.setdefault(name, iri)  # the first file to declare a prefix wins
        rename = BlankNodeNamer(f"f{index}b")
        graph = ox.NamedNode(gf.graph)
        quads.extend(ox.Quad(rename(t.subject), t.predicate, rename(t.object), graph) for t in parsed.triples)
    # Some serializers reject an empty prefix name or a non-absolute IRI; keep only usable ones.
    usable = {k: v for k, v in sorted(prefixes.items()) if v.startswith(("http://", "https://", "urn:"))}
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
