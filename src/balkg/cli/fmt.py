"""`balkg fmt`: one canonical Turtle style (turtlefmt) for the curated files, meaning and comments kept."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..curate.fmt import CHANGED, REFUSED, format_files, turtle_files
from ..errors import UsageError
from .common import pass_rooted


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; list the files that would change and exit 1 if any.")
@pass_rooted
def fmt(ctx, paths, check):
    """Reformat Turtle files: PATHS (files or folders), default the graph's ontology, shapes and curated data.

    Files written by tools (the generated data folder) are left alone unless named.
    Exit codes: 0 nothing (else) to do; 1 files would change (--check) or were refused; 2 usage errors.
    """
    layout = ctx.layout
    if not check:
        layout.require_writable()
    if paths:
        files = turtle_files(list(paths))
    else:
        files = layout.ontology_files() + layout.shape_files() + layout.data_files(include_generated=False)
    if not files:
        raise UsageError(f"no Turtle files to format under {', '.join(map(str, paths)) or layout.root}")
    results = format_files(files, check=check, display=layout.relative)
    changed = [r for r in results if r.status == CHANGED]
    refused = [r for r in results if r.status == REFUSED]
    for r in changed:
        click.echo(f"would reformat {r.display}" if check else f"reformatted {r.display}")
    for r in refused:
        click.echo(f"balkg: {r.display}: {r.reason}", err=True)
    verb = "would be reformatted" if check else "reformatted"
    click.echo(f"balkg fmt: {len(changed)} of {len(results)} files {verb}, {len(refused)} refused "
               f"(root {layout.root})", err=True)
    sys.exit(1 if refused or (check and changed) else 0)


COMMANDS = [fmt]
