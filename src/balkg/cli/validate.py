"""`balkg validate`: check the graph's syntax, vocabulary, shapes, data checks and (optionally) OWL consistency."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import formats
from ..validation import validate_layout
from ..validation.reporting import write_report
from ..validation.shacl import DEFAULT_ENGINE, ENGINE_NAMES
from ..validation.stages import OPTIONAL, SKIPPABLE, STAGES
from .common import pass_rooted

_STAGE_LIST = "; ".join(f"{s.name}: {s.summary}{'' if s.default else ' (off by default)'}" for s in STAGES)


@click.command("validate", epilog=f"Stages, in order: {_STAGE_LIST}.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(formats.choices("report")), default="text", show_default=True,
              help="text for people, json with documented fields, turtle for the W3C SHACL validation report, "
                   "sarif for code scanning and editors (SARIF 2.1.0).")
@click.option("--fail-on", type=click.Choice(["violation", "warning"]), default="violation", show_default=True,
              help="Exit 1 on violations only, or on warnings too.")
@click.option("--stage", "stages", multiple=True, type=click.Choice(SKIPPABLE),
              help="Also run this stage (repeatable): those off by default run only when named.")
@click.option("--sources", "sources", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="An archive folder of the sources' texts for the quotes stage (repeatable); "
                   "default: [sources] archives in balkg.toml.")
@click.option("--reason", is_flag=True, help="Also check OWL 2 DL consistency and unsatisfiable classes with HermiT "
                                             "(needs Java); the same as --stage reasoning.")
@click.option("--inference", type=click.Choice(["none", "rdfs", "owlrl", "both"]), default="none", show_default=True,
              help="Inference pyshacl applies before SHACL validation. It can hide sh:class violations.")
@click.option("--shacl-engine", "--engine", "shacl_engine", type=click.Choice(ENGINE_NAMES), default=DEFAULT_ENGINE,
              show_default=True,
              help="The SHACL validator of the shacl stage: balkg's (Core in Rust, SPARQL constraints set-at-a-time "
                   "on pyoxigraph) or plain pyshacl, the reference.")
@click.option("--skip", multiple=True, type=click.Choice(SKIPPABLE), help="Skip a stage (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages on stderr.")
@click.option("--verbose", "-v", is_flag=True, help="Also list Info findings in the text report, and say how each SPARQL constraint was evaluated.")
@pass_rooted
def validate(ctx, paths, fmt, fail_on, stages, sources, reason, inference, shacl_engine, skip, quiet, verbose):
    """Validate the knowledge graph, with PATHS (new Turtle files) checked together with it.

    Exit codes: 0 conforms; 1 violations (or warnings with --fail-on warning);
    2 usage or environment errors.
    """
    # A stage starting ends with "…"; one done says what it found, in parentheses.
    progress = None if quiet else (
        lambda message: click.echo(f"balkg: {message}{'' if message.endswith(')') else '…'}", err=True))
    report = validate_layout(ctx.layout, list(paths), skip=tuple(skip), stages=tuple(stages), reason=reason,
                             inference=inference, shacl_engine=shacl_engine, progress=progress,
                             verbose=verbose, sources=tuple(Path(s) for s in sources))
    click.echo(write_report(report, fmt, infos=verbose), nl=False)
    if fmt != "text":
        click.echo(report.summary_line(), err=True)
    sys.exit(1 if report.fails(fail_on) else 0)


COMMANDS = [validate]
