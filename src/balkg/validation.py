"""`balkg validate` as a library: syntax, vocabulary, SHACL, data checks and OWL reasoning.

Each stage reports every problem it finds. Findings carry the `path:line`
where their focus node is described, so a curator can go straight there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
import rdflib

from . import shacl, vocabulary
from .findings import Finding, Report
from .layout import Layout
from .parsing import ParsedFile, parse_files, to_rdflib

STAGES = ("syntax", "vocabulary", "shacl", "checks", "reasoning")
_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass
class GraphParts:
    """The parsed files of one validation run, by role."""

    ontology: list[ParsedFile] = field(default_factory=list)
    shapes: list[ParsedFile] = field(default_factory=list)
    data: list[ParsedFile] = field(default_factory=list)
    extra: list[ParsedFile] = field(default_factory=list)

    def all(self) -> list[ParsedFile]:
        return self.ontology + self.shapes + self.data + self.extra

    def data_like(self) -> list[ParsedFile]:
        return self.data + self.extra


class Locator:
    """Finds where a node is described (file, line), and its label."""

    def __init__(self, parts: GraphParts):
        # A curator checking a new file wants to be pointed at that file first.
        self._order = parts.extra + parts.data + parts.ontology + parts.shapes
        self._labels: dict[str, str] = {}
        for parsed in self._order:
            for t in parsed.triples:
                if t.predicate.value in (_PREF_LABEL, _RDFS_LABEL) and isinstance(t.object, ox.Literal):
                    key = t.subject.value
                    english = t.object.language in (None, "en")
                    if key not in self._labels or (english and t.predicate.value == _PREF_LABEL):
                        self._labels.setdefault(key, t.object.value)
                        if english and t.predicate.value == _PREF_LABEL:
                            self._labels[key] = t.object.value

    def locate(self, iri: str) -> tuple[str | None, int | None]:
        for parsed in self._order:
            line = parsed.subject_lines.get(iri)
            if line is not None:
                return parsed.display, line
        return None, None

    def label(self, iri: str) -> str | None:
        return self._labels.get(iri)


def parse_parts(layout: Layout, extra_paths: list[Path], report: Report) -> GraphParts:
    """Parse every file of the layout (and the extra ones); syntax errors become findings."""
    parts = GraphParts()
    groups = {
        "ontology": layout.ontology_files(),
        "shapes": layout.shape_files(),
        "data": layout.data_files(),
    }
    extra = [Path(p) for p in extra_paths]
    extra_resolved = {p.resolve() for p in extra}
    for role, files in groups.items():
        files = [f for f in files if f.resolve() not in extra_resolved]
        result = parse_files(files, display=layout.relative)
        getattr(parts, role).extend(result.files)
        report.add(_syntax_finding(e) for e in result.errors)
    result = parse_files(extra, display=layout.relative)
    parts.extra.extend(result.files)
    report.add(_syntax_finding(e) for e in result.errors)
    report.files_checked = len(parts.all()) + sum(1 for f in report.findings if f.stage == "syntax")
    return parts


def _syntax_finding(error) -> Finding:
    return Finding(stage="syntax", severity="Violation", message=error.message,
                   file=error.path, line=error.line, column=error.column, component="ParseError")


def validate_layout(
    layout: Layout,
    paths: list[Path] | tuple = (),
    *,
    skip: tuple[str, ...] = (),
    reason: bool = False,
    inference: str = "none",
    progress: Callable[[str], None] | None = None,
    engine: str = "balkg",
    verbose: bool = False,
) -> Report:
    """Validate the graph of `layout`, with `paths` checked together with it.

    `engine`: balkg (Core in Rust, SHACL-SPARQL set-at-a-time on pyoxigraph) or pyshacl;
    `verbose`: `progress` also hears how each SPARQL constraint was evaluated.
    """
    say = progress or (lambda message: None)
    report = Report()
    say("parsing")
    report.stages.append("syntax")
    parts = parse_parts(layout, list(paths), report)
    locator = Locator(parts)
    syntax_failed = any(f.stage == "syntax" for f in report.findings)

    if "vocabulary" not in skip:
        say("checking vocabulary")
        report.stages.append("vocabulary")
        vocab = vocabulary.Vocabulary(parts.ontology)
        report.add(vocabulary.check_files(vocab, parts.data_like(), parts.shapes))
        queries = [(q, layout.relative(q)) for q in layout.query_files()]
        report.add(vocabulary.check_queries(vocab, queries))

    if syntax_failed:
        report.notes.append("SHACL, checks and reasoning were skipped: fix the syntax errors first")
        return report

    store = None
    if "shacl" not in skip:
        say("validating with SHACL")
        report.stages.append("shacl")
        store = store_of(layout, parts) if engine == "balkg" else None
        report.add(run_shacl_stage(parts, locator, inference, report, engine=engine, store=store,
                                   say=say if verbose else None))

    if "checks" not in skip:
        findings = run_checks_stage(layout, parts, locator, tuple(report.stages), store=store)
        if findings is not None:
            say("running data checks")
            report.stages.append("checks")
            report.add(findings)

    if reason:
        from . import reasoning

        say("reasoning with HermiT")
        report.stages.append("reasoning")
        ontology = [t for p in parts.ontology for t in p.triples]
        data = [(p.display, p.triples) for p in parts.data_like()]
        report.add(reasoning.reason(ontology, data, locator.label, locator.locate))
    return report


def run_shacl_stage(parts: GraphParts, locator: Locator, inference: str, report: Report,
                    engine: str = "balkg", store: ox.Store | None = None,
                    say: Callable[[str], None] | None = None) -> list[Finding]:
    """SHACL over data and ontology: balkg's engine by default, plain pyshacl when asked or for inference."""
    shapes = rdflib.Graph()
    for parsed in parts.shapes:
        to_rdflib(parsed.triples, shapes)
        _bind_prefixes(shapes, parsed.prefixes)
    if engine == "pyshacl" or inference != "none":
        if engine != "pyshacl":
            report.notes.append(f"SHACL ran on pyshacl: balkg's engine does no inference (--inference {inference})")
        data = rdflib.Graph()
        for parsed in parts.ontology + parts.data_like():
            to_rdflib(parsed.triples, data)
            _bind_prefixes(data, parsed.prefixes)
        result_graph = shacl.run_pyshacl(data, shapes, inference=inference)
        label = None
    else:
        from . import shaclengine

        outcome = shaclengine.validate([p.triples for p in parts.ontology + parts.data_like()], shapes,
                                       shape_triples=[t for p in parts.shapes for t in p.triples], store=store, union=store is not None, say=say)
        result_graph = shaclengine.report_graph(outcome.results, shapes)
        data = rdflib.Graph()  # only its prefixes are used, to write values
        for parsed in parts.ontology + parts.data_like():
            _bind_prefixes(data, parsed.prefixes)
        label = lambda node: locator.label(str(node))  # noqa: E731
    for prefix, namespace in data.namespaces():
        result_graph.bind(prefix, namespace, override=False)
    report.shacl_graph = result_graph
    return shacl.findings_from_report(result_graph, data, shapes, locator.locate, label=label)


def store_of(layout: Layout, parts: GraphParts) -> ox.Store:
    """Ontology and data on a pyoxigraph store, one named graph per file (SHACL and checks share it)."""
    store = ox.Store()
    for parsed in parts.ontology + parts.data_like():
        graph = ox.NamedNode(layout.graph_name(parsed.path))
        store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in parsed.triples)
    return store


def run_checks_stage(layout: Layout, parts: GraphParts, locator: Locator,
                     stages_run: tuple[str, ...] = (), store: ox.Store | None = None) -> list[Finding] | None:
    """Run the ROBOT-style SPARQL checks of `queries/checks/`, if the layout has any."""
    try:
        from .checks import run_checks
    except ImportError:
        return None
    if not layout.checks_dir.is_dir():
        return None
    store = store if store is not None else store_of(layout, parts)
    findings = []
    for found in run_checks(layout, store, skip_covered_by=stages_run):
        file, line = locator.locate(found.entity) if found.entity else (None, None)
        findings.append(Finding(
            stage="checks",
            severity={"error": "Violation", "warn": "Warning"}.get(found.severity, "Info"),
            message=found.message or found.check,
            file=file, line=line, focus=found.entity, focus_label=locator.label(found.entity or ""),
            path=found.property, found=found.value, shape=f"queries/checks/{found.check}",
            component="SPARQLCheck",
        ))
    return findings


def _bind_prefixes(graph: rdflib.Graph, prefixes: dict[str, str]) -> None:
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace, override=False)
