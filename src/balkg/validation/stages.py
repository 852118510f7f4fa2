"""The validation stages, in the order they run: each a small `Stage` in `STAGES`.

To add a stage, write a function `run(ctx) -> list[Finding] | None` (None: the
stage has nothing to check in this layout and is not listed as run) and add a
`Stage` to `STAGES`. The command line's `--stage` and `--skip` choices, the order
of the run and the report's `stages` list all come from this table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import rdflib

from ..layout import Layout
from ..rdf import shorten
from ..rdf.dataset import ParsedLayout
from ..rdf.parsing import to_rdflib
from . import checks, quotes, reasoning, shacl, vocabulary
from .findings import Finding, Report
from .locator import Locator


@dataclass
class Context:
    """What a stage sees: the layout, its parse, where nodes are, the report so far, the options."""

    layout: Layout
    parsed: ParsedLayout
    locator: Locator
    report: Report
    inference: str = "none"
    shacl_engine: str = shacl.DEFAULT_ENGINE
    say: Callable[[str], None] | None = None  # hears the detail of a stage (validate -v)
    archives: tuple | None = None             # --sources folders, instead of the layout's archives
    _store: object = None

    @property
    def syntax_failed(self) -> bool:
        return bool(self.parsed.errors)

    def data_store(self):
        """Ontology and data on one pyoxigraph store, one named graph per file, made once for all stages."""
        if self._store is None:
            self._store = self.parsed.store(self.parsed.ontology + self.parsed.data_like())
        return self._store


@dataclass(frozen=True)
class Stage:
    name: str
    summary: str                                    # one line for --help
    progress: str                                   # what the progress line says while it runs
    run: Callable[[Context], list[Finding] | None] = field(compare=False)
    default: bool = True                            # runs unless skipped; else only when asked for
    required: bool = False                          # cannot be skipped
    needs_clean_syntax: bool = True                 # skipped when a file does not parse
    preflight: Callable[[], None] | None = field(default=None, compare=False)  # raises if the machine lacks a need
    size_limit: Callable[[], int] | None = field(default=None, compare=False)  # most triples it takes in fair time


# ---------------------------------------------------------------- the stages

def run_syntax(ctx: Context) -> list[Finding]:
    """Every parse error, and a warning for each file that parses but holds nothing."""
    ctx.report.files_checked = len(ctx.parsed.all()) + len(ctx.parsed.failed)
    errors = [Finding(stage="syntax", severity="Violation", message=e.message, file=e.path, line=e.line,
                      column=e.column, component="ParseError") for e in ctx.parsed.errors]
    empty = [Finding(stage="syntax", severity="Warning", message="the file holds no triples", file=p.display,
                     component="EmptyFile") for p in ctx.parsed.all() if not p.triples]
    return errors + empty


def run_vocabulary(ctx: Context) -> list[Finding]:
    parsed = ctx.parsed
    broken = [display for display, role in parsed.failed.items() if role == "ontology"]
    if broken:
        # What a broken module declares is unknown: judge only the closed external vocabularies, and say so once.
        ctx.report.notes.append(f"vocabulary checks were limited to external vocabularies: {', '.join(broken)} "
                                f"did not parse")
    vocab = vocabulary.Vocabulary(parsed.ontology, complete=not broken)
    queries = [(q, ctx.layout.relative(q)) for q in ctx.layout.query_files()]
    return vocabulary.check_files(vocab, parsed.data_like(), parsed.shapes) + vocabulary.check_queries(vocab, queries)


def run_shacl(ctx: Context) -> list[Finding]:
    parsed = ctx.parsed
    if ctx.shacl_engine == "balkg":
        if ctx.inference == "none":
            return _run_balkg_engine(ctx)
        ctx.report.notes.append(f"SHACL ran on pyshacl: balkg's engine does no inference (--inference {ctx.inference})")
    data = _rdflib_graph(parsed.ontology + parsed.data_like())
    shapes = _rdflib_graph(parsed.shapes)
    result_graph = shacl.ENGINES.get(ctx.shacl_engine, shacl.run_pyshacl)(data, shapes, ctx.inference)
    for prefix, namespace in data.namespaces():
        result_graph.bind(prefix, namespace, override=False)
    ctx.report.shacl_graph = result_graph
    return shacl.findings_from_report(result_graph, data, shapes, ctx.locator.locate)


def _run_balkg_engine(ctx: Context) -> list[Finding]:
    """balkg's engine reads the parsed triples and the shared store: no rdflib copy of the data."""
    from . import shaclengine

    parsed = ctx.parsed
    shapes = _rdflib_graph(parsed.shapes)
    outcome = shaclengine.validate([p.triples for p in parsed.ontology + parsed.data_like()], shapes,
                                   shape_triples=[t for p in parsed.shapes for t in p.triples],
                                   store=ctx.data_store(), union=True, say=ctx.say)
    result_graph = shaclengine.report_graph(outcome.results, shapes)
    prefixes = rdflib.Graph()  # values are written with the data's prefixes
    for prefix, namespace in parsed.prefixes().items():
        prefixes.bind(prefix, namespace, override=False)
        result_graph.bind(prefix, namespace, override=False)
    ctx.report.shacl_graph = result_graph
    return shacl.findings_from_report(result_graph, prefixes, shapes, ctx.locator.locate,
                                      label=lambda node: ctx.locator.label(str(node)))


def run_checks(ctx: Context) -> list[Finding] | None:
    """The ROBOT-style SPARQL checks of the layout's checks folder, if it has one."""
    if not ctx.layout.checks_dir.is_dir():
        return None
    locator = ctx.locator
    store = ctx.data_store()
    findings = []
    for found in checks.run_checks(ctx.layout, store, skip_covered_by=tuple(ctx.report.stages)):
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


def run_quotes(ctx: Context) -> list[Finding] | None:
    """Every quote looked for in its source's archived text; None (with a note) when there is no archive."""
    folders = quotes.archive_folders(ctx.layout, ctx.archives)
    present = [folder for folder in folders if folder.is_dir()]
    missing_queries = quotes.missing_queries(ctx.layout)
    if not present or missing_queries:
        why = (f"the layout has no saved quer{'ies' if len(missing_queries) > 1 else 'y'} {', '.join(missing_queries)}"
               if missing_queries else
               "no archive folder is configured ([sources] archives in balkg.toml, or --sources DIR)" if not folders
               else f"no archive folder exists ({', '.join(str(f) for f in folders)})")
        ctx.report.notes.append(f"quotes were not checked: {why}")
        return None
    found, archived = quotes.read_graph(ctx.layout, ctx.data_store())
    prefixes = ctx.parsed.prefixes()
    return quotes.check_quotes(found, quotes.find_archived(archived, tuple(present)), ctx.locator.locate,
                               ctx.locator.label, short=lambda iri: shorten(iri, prefixes, angle=False))


def run_reasoning(ctx: Context) -> list[Finding]:
    parsed, locator = ctx.parsed, ctx.locator
    ontology = [t for p in parsed.ontology for t in p.triples]
    data = [(p.display, p.triples) for p in parsed.data_like()]
    return reasoning.reason(ontology, data, locator.label, locator.locate)


def _rdflib_graph(files) -> rdflib.Graph:
    graph = rdflib.Graph()
    for parsed_file in files:
        to_rdflib(parsed_file.triples, graph)
        for prefix, namespace in parsed_file.prefixes.items():
            graph.bind(prefix, namespace, override=False)
    return graph


STAGES: tuple[Stage, ...] = (
    Stage("syntax", "every file parses (all errors, with path:line:col)", "parsing", run_syntax,
          required=True, needs_clean_syntax=False),
    Stage("vocabulary", "every class and property used is declared or of a known vocabulary",
          "checking vocabulary", run_vocabulary, needs_clean_syntax=False),
    Stage("shacl", "the SHACL shapes of the layout", "validating with SHACL", run_shacl),
    Stage("checks", "the SPARQL data checks of the layout's checks folder", "running data checks", run_checks),
    Stage("quotes", "every quote is in the archived text of its source ([sources] archives or --sources)",
          "checking quotes against the archived sources", run_quotes),
    Stage("reasoning", "OWL 2 DL consistency and unsatisfiable classes with HermiT (needs Java)",
          "reasoning with HermiT", run_reasoning, default=False, preflight=reasoning.require_java,
          size_limit=lambda: reasoning.MAX_TRIPLES),
)

BY_NAME = {stage.name: stage for stage in STAGES}
SKIPPABLE = tuple(s.name for s in STAGES if not s.required)
OPTIONAL = tuple(s.name for s in STAGES if not s.default)


def select(extra: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> list[Stage]:
    """The stages to run, in order: the default ones and those asked for, less the skipped ones."""
    unknown = [name for name in (*extra, *skip) if name not in BY_NAME]
    if unknown:
        raise ValueError(f"unknown validation stage {unknown[0]!r}; stages: {', '.join(BY_NAME)}")
    return [s for s in STAGES if (s.default or s.name in extra) and (s.required or s.name not in skip)]
