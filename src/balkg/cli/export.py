"""`balkg export`: the whole dataset in one RDF file; or the merged ontology; or the VoID/DCAT description."""

from __future__ import annotations

from pathlib import Path

import click

from .. import formats
from ..errors import UsageError
from ..export import export, write_atomically
from .common import pass_rooted


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(formats.choices("dataset", "graph")),
              help="nquads (default), trig and jsonld keep the named graphs; ntriples, turtle and rdfxml hold their "
                   "union. With --ontology or --void: turtle (default), rdfxml, ntriples or jsonld.")
@click.option("--ontology", "ontology_only", is_flag=True,
              help="Only the ontology: all modules merged under the top ontology's header, imports dropped.")
@click.option("--no-schemes", is_flag=True, help="With --ontology: leave out the SKOS concept schemes.")
@click.option("--void", "void_only", is_flag=True,
              help="A VoID/DCAT description of the dataset: its curated description plus counts made from the data.")
@click.option("--endpoint", metavar="URL", help="With --void: the SPARQL endpoint that serves the graph.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: stdout).")
@pass_rooted
def export_command(ctx, fmt, ontology_only, no_schemes, void_only, endpoint, output):
    """Write the whole dataset (ontology, shapes, data) in one file, deterministically."""
    if no_schemes and not ontology_only:
        raise UsageError("--no-schemes only goes with --ontology")
    if endpoint and not void_only:
        raise UsageError("--endpoint only goes with --void")
    if ontology_only and void_only:
        raise UsageError("--ontology and --void are two different exports; choose one")
    if ontology_only or void_only:
        if ontology_only:
            from ..ontology import ontology_bytes

            data = ontology_bytes(ctx.layout, fmt or "turtle", schemes=not no_schemes)
        else:
            from ..void import void_bytes

            data = void_bytes(ctx.layout, fmt or "turtle", endpoint)
        if output is not None:
            write_atomically(output, data)
    else:
        data = export(ctx.layout, fmt or "nquads", output)
    if output is None:
        click.get_binary_stream("stdout").write(data)
    else:
        click.echo(f"balkg: wrote {output} from {ctx.layout.root}", err=True)


COMMANDS = [export_command]
