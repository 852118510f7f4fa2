"""`balkg stats`: triples and nodes per class and per source, conflicting claims, provenance coverage."""

from __future__ import annotations

import json

import click

from .. import formats
from ..publish.stats import compute_stats
from ..query.results import render, to_json_document
from ..query.run import EmbeddedTarget
from .common import pass_rooted


@click.command("stats")
@click.option("--format", "-f", "fmt", type=click.Choice(formats.names("stats")), default="table", show_default=True,
              help="table or md for people; json: {query name: W3C SPARQL results JSON}.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="Count in an embedded store made by `balkg load` instead of the shipped graph.")
@pass_rooted
def stats(rooted, fmt, store_dir):
    """Statistics of the graph, one section per query in queries/stats/."""
    target = EmbeddedTarget.open_store(store_dir) if store_dir else None
    sections = compute_stats(rooted.layout, target)
    if fmt == "json":
        document = {"root": str(rooted.layout.root.resolve())}
        document.update({s.query.name: to_json_document(s.result) for s in sections})
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    for section in sections:
        heading = section.query.summary or section.query.name
        click.echo(f"## {heading}\n" if fmt == "md" else f"{heading}\n")
        click.echo(render(section.result, fmt))


COMMANDS = [stats]
