"""`balkg export`: the whole dataset in one RDF file."""

from __future__ import annotations

from pathlib import Path

import click

from .. import formats
from ..export import export
from .common import pass_rooted


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(formats.choices("dataset")), default="nquads", show_default=True,
              help="nquads, trig and jsonld keep the named graphs; ntriples and turtle hold their union.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: stdout).")
@pass_rooted
def export_command(ctx, fmt, output):
    """Write the whole dataset (ontology, shapes, data) in one file, deterministically."""
    data = export(ctx.layout, fmt, output)
    if output is None:
        click.get_binary_stream("stdout").write(data)


COMMANDS = [export_command]
