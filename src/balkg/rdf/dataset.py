"""The one parse of a layout: every file read once, by role, then used as files, quads or a store.

Every command starts here: `validate` reads the parse errors as findings, `query`,
`stats`, `export`, `load` and the Wikidata tools take the store or the quads, and
stop at the first file that does not parse (`ParsedLayout.check`). Each file goes
into its own named graph, `<base>graph/<path>`; queries run over their union, so a
saved query need not know how the data is split into files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from ..errors import ParseError
from ..layout import Layout
from .parsing import ParsedFile, parse_file

ROLES = ("ontology", "shapes", "data", "extra")


@dataclass(frozen=True)
class GraphFile:
    """A file of the layout and the named graph it goes into."""

    path: Path
    display: str
    graph: str


def graph_files(layout: Layout, extra: list[Path] | None = None) -> list[GraphFile]:
    """Ontology, shapes and data files (and any extra ones), each with its graph name."""
    layout.require_data()
    paths = layout.ontology_files() + layout.shape_files() + layout.data_files()
    known = {p.resolve() for p in paths}
    paths += [Path(p) for p in extra or [] if Path(p).resolve() not in known]
    return [GraphFile(p, layout.relative(p), layout.graph_name(p)) for p in paths]


@dataclass
class ParsedLayout:
    """The parsed files of a layout by role, and the files that did not parse."""

    layout: Layout
    ontology: list[ParsedFile] = field(default_factory=list)
    shapes: list[ParsedFile] = field(default_factory=list)
    data: list[ParsedFile] = field(default_factory=list)
    extra: list[ParsedFile] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)    # display path of a file that did not parse -> role

    def all(self) -> list[ParsedFile]:
        return self.ontology + self.shapes + self.data + self.extra

    def data_like(self) -> list[ParsedFile]:
        """The data files and the extra files checked with them."""
        return self.data + self.extra

    def check(self) -> "ParsedLayout":
        """Raise the first file's ParseError, in layout order; run `balkg validate` to see all."""
        if self.errors:
            raise self.errors[0]
        return self

    def graph_name(self, parsed: ParsedFile) -> str:
        return self.layout.graph_name(parsed.path)

    def quads(self, files: Iterable[ParsedFile] | None = None) -> Iterator[ox.Quad]:
        """Each file's triples in its named graph."""
        for parsed in self.all() if files is None else files:
            graph = ox.NamedNode(self.graph_name(parsed))
            yield from (ox.Quad(t.subject, t.predicate, t.object, graph) for t in parsed.triples)

    def store(self, files: Iterable[ParsedFile] | None = None) -> ox.Store:
        """An in-memory store of the given files (default: all), one named graph per file."""
        store = ox.Store()
        store.extend(self.quads(files))
        return store

    def prefixes(self) -> dict[str, str]:
        """Every prefix the files declare; the first file (in layout order) to declare one wins."""
        merged: dict[str, str] = {}
        for parsed in self.all():
            for name, iri in parsed.prefixes.items():
                merged.setdefault(name, iri)
        return merged


def parse_layout(layout: Layout, extra: Iterable[Path] = (), exclude: Iterable[Path] = ()) -> ParsedLayout:
    """Parse every file of the layout once, and the `extra` files as data checked with it.

    Files in `exclude` (those a tool is about to rewrite) are left out. Errors are
    collected, not raised: each file that does not parse is in `errors`.
    """
    extra = [Path(p) for p in extra]
    layout.require_data(allow_empty=bool(extra))  # files checked on their own against the ontology and shapes
    skip = {p.resolve() for p in extra} | {Path(p).resolve() for p in exclude}
    parsed = ParsedLayout(layout)
    groups = {"ontology": layout.ontology_files(), "shapes": layout.shape_files(), "data": layout.data_files(),
              "extra": extra}
    for role, paths in groups.items():
        for path in paths:
            if role != "extra" and path.resolve() in skip:
                continue
            try:
                getattr(parsed, role).append(parse_file(path, layout.relative(path)))
            except ParseError as exc:
                parsed.errors.extend([exc, *exc.more])
                parsed.failed[exc.path] = role
    return parsed


def memory_dataset(layout: Layout, extra: list[Path] | None = None) -> ox.Store:
    """An in-memory store with the whole graph, one named graph per file."""
    return parse_layout(layout, extra or []).check().store()


__all__ = ["GraphFile", "ParsedLayout", "ParseError", "graph_files", "memory_dataset", "parse_layout"]
