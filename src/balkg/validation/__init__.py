"""`balkg validate` as a library: the stages, what they find, and the reports that show it.

- `stages`: the registry of stages (syntax, vocabulary, shacl, checks, quotes, reasoning) and their runs;
- `vocabulary`, `shacl`, `checks`, `quotes`, `reasoning`: the work of each stage;
- `findings`: `Finding` and `Report`; `locator`: where a node is written, and its label;
- `reporting`: a report as text, JSON or the W3C SHACL report in Turtle.

Each stage reports every problem it finds. Findings carry the `path:line` where
their focus node is described, so a curator can go straight there.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from ..errors import UsageError
from ..layout import Layout
from ..rdf.dataset import ParsedLayout, parse_layout
from .findings import Finding, Report
from .locator import Locator
from .shacl import DEFAULT_ENGINE
from .stages import STAGES, Context, Stage, select

_AFTER_SYNTAX_ERRORS = "SHACL, checks, quotes and reasoning were skipped: fix the syntax errors first"


def validate_layout(
    layout: Layout,
    paths: list[Path] | tuple = (),
    *,
    skip: tuple[str, ...] = (),
    stages: tuple[str, ...] = (),
    reason: bool = False,
    inference: str = "none",
    shacl_engine: str = DEFAULT_ENGINE,
    progress: Callable[[str], None] | None = None,
    parsed: ParsedLayout | None = None,
    verbose: bool = False,
    sources: tuple[Path, ...] | None = None,
) -> Report:
    """Validate the graph of `layout`, with `paths` checked together with it.

    `stages` adds stages that are off by default (`reason=True` is `stages=("reasoning",)`);
    `skip` leaves stages out. What a stage needs from the machine (Java) is checked
    before any stage runs, and a stage's size limit (reasoning) right after parsing. `parsed`
    is the layout's parse when the caller has it already (`balkg load` validates what it is
    about to send, parsed once). `verbose`: `progress` also hears the detail of a stage (how
    each SHACL-SPARQL constraint was evaluated). `sources`: the archive folders of the quotes
    stage, instead of the layout's `[sources] archives`.
    """
    say = progress or (lambda message: None)
    selected = select(tuple(stages) + (("reasoning",) if reason else ()), tuple(skip))
    for stage in selected:
        if stage.preflight:
            stage.preflight()
    report = Report(root=str(layout.root.resolve()))
    say(selected[0].progress)
    started = time.perf_counter()
    parsed = parsed or parse_layout(layout, list(paths))
    triples = sum(len(p.triples) for p in parsed.ontology + parsed.data_like())
    say(f"parsed {len(parsed.all())} files, {triples:,} triples of ontology and data ({_since(started)})")
    for stage in selected:
        limit = stage.size_limit() if stage.size_limit else None
        if limit is not None and triples > limit:
            raise UsageError(f"the {stage.name} stage handles up to {limit:,} triples of ontology and "
                             f"data, and this graph has {triples:,}: run it on a part of the graph")
    ctx = Context(layout, parsed, Locator(parsed), report, inference=inference, shacl_engine=shacl_engine,
                  say=say if verbose else None, archives=tuple(sources) if sources else None)
    for index, stage in enumerate(selected):
        if stage.needs_clean_syntax and ctx.syntax_failed:
            report.notes.append(_AFTER_SYNTAX_ERRORS)
            break
        started = time.perf_counter()
        if index:
            say(stage.progress)
        findings = stage.run(ctx)
        if findings is not None:
            report.stages.append(stage.name)
            report.add(findings)
            if index:
                say(f"{stage.name}: {len(findings):,} finding{'' if len(findings) == 1 else 's'} ({_since(started)})")
    return report


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"


__all__ = ["Finding", "Report", "STAGES", "Stage", "validate_layout"]
