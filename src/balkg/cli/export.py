"""`balkg export`: the whole dataset in one RDF file; or the merged ontology; or the VoID/DCAT description."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import formats
from ..errors import UsageError
from ..publish.export import export, write_atomically
from ..publish.ontology import ontology_bytes
from ..publish.void import void_bytes
from .common import pass_rooted


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(formats.choices("dataset", "graph", "flat")),
              help="nquads, trig and jsonld keep the named graphs; ntriples, turtle and rdfxml hold their union. "
                   "Default: the format the -o file's extension names, else nquads. "
                   "With --ontology or --void: turtle (default), rdfxml, ntriples or jsonld. "
                   "Flat files: graphml, edges-csv (the actor network), events-csv, events-xlsx (one row per event); "
                   "annotations (every evidence quote as a W3C Web Annotation on its source).")
@click.option("--sources", "sources", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="With --format annotations: an archive folder of the sources' texts (repeatable); "
                   "default: [sources] archives in balkg.toml.")
@click.option("--ontology", "ontology_only", is_flag=True,
              help="Only the ontology: all modules merged under the top ontology's header, imports dropped.")
@click.option("--no-schemes", is_flag=True, help="With --ontology: leave out the SKOS concept schemes.")
@click.option("--void", "void_only", is_flag=True,
              help="A VoID/DCAT description of the dataset: its curated description plus counts made from the data.")
@click.option("--endpoint", metavar="URL", help="With --void: the SPARQL endpoint that serves the graph.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: stdout).")
@pass_rooted
def export_command(ctx, fmt, sources, ontology_only, no_schemes, void_only, endpoint, output):
    """Write the whole dataset (ontology, shapes, data) in one file, deterministically."""
    if no_schemes and not ontology_only:
        raise UsageError("--no-schemes only goes with --ontology")
    if endpoint and not void_only:
        raise UsageError("--endpoint only goes with --void")
    if ontology_only and void_only:
        raise UsageError("--ontology and --void are two different exports; choose one")
    flat = formats.find(fmt, "flat") if fmt else (formats.for_path(output, "flat") if output else None)
    if flat is not None and (ontology_only or void_only):
        raise UsageError(f"--format {fmt} is a flat export of the whole graph; it does not go with --ontology or --void")
    if sources and (flat is None or flat.name != "annotations"):
        raise UsageError("--sources only goes with --format annotations")
    if flat is not None and flat.name == "annotations":
        from ..publish.annotations import annotations_bytes

        data = annotations_bytes(ctx.layout, sources, say=lambda m: click.echo(f"balkg: {m}", err=True))
        if output is not None:
            write_atomically(output, data)
    elif flat is not None:
        from ..site.flat import export_flat

        data = export_flat(ctx.layout, flat.name)
        if output is not None:
            write_atomically(output, data)
    elif ontology_only or void_only:
        if ontology_only:
            data = ontology_bytes(ctx.layout, fmt or "turtle", schemes=not no_schemes)
        else:
            data = void_bytes(ctx.layout, fmt or "turtle", endpoint)
        if output is not None:
            write_atomically(output, data)
    else:
        data = export(ctx.layout, fmt, output)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        click.echo(f"balkg: wrote {output} from {ctx.layout.root}", err=True)


COMMANDS = [export_command]
