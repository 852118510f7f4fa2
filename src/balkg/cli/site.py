"""`balkg site OUT/`: the static site of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from ..site import build_site
from .common import pass_rooted


@click.command("site")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@pass_rooted
def site_command(ctx, out):
    """Write a browsable static site of the graph into OUT (a new, empty or earlier site folder).

    One page per node (with .ttl and .jsonld alternates), pictures, the ontology,
    the vocabularies, the saved queries with their answers, and flat exports.
    """
    report = build_site(ctx.layout, out)
    click.echo(f"site of {report.graph}: {report.pages} pages, {report.files} files "
               f"in {report.out} ({report.seconds:.1f} s)")
    for warning in report.warnings:
        click.echo(f"balkg: warning: {warning}", err=True)


COMMANDS = [site_command]
