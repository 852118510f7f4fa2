"""`balkg export`: the whole dataset in one RDF file."""

from __future__ import annotations

from pathlib import Path

import click

from .. import formats
from ..export import export, write_atomically
from ..site.flat import export_flat
from .common import pass_rooted


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(formats.choices("dataset", "flat")), default="nquads",
              show_default=True,
              help="nquads, trig and jsonld keep the named graphs; ntriples and turtle hold their union. "
                   "graphml, edges-csv: the actor network; events-csv, events-xlsx: one row per event.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: stdout).")
@pass_rooted
def export_command(ctx, fmt, output):
    """Write the whole dataset (ontology, shapes, data) in one file, deterministically."""
    flat = formats.find(fmt, "flat")
    if flat is not None:
        data = export_flat(ctx.layout, flat.name)
        if output is not None:
            write_atomically(output, data)
    else:
        data = export(ctx.layout, fmt, output)
    if output is None:
        click.get_binary_stream("stdout").write(data)


COMMANDS = [export_command]
