"""`balkg diff`: what changed in meaning between two versions of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from ..curate.changelog import changelog
from ..curate.diff import diff_layouts
from ..curate.diff_output import summary_line, to_json, to_markdown
from ..publish.export import write_atomically
from .common import pass_rooted


@click.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True,
              help="md: Markdown for a pull-request comment; json: every added, removed and changed triple by node.")
@pass_rooted
def diff(ctx, old, new, fmt):
    """Semantic diff of the ontology and data from OLD to NEW, grouped by node.

    OLD and NEW are graph roots (checkouts) or git revisions (tags, branches, commits) of the
    repository the current root is in; NEW defaults to the current root as it is on disk.
    Triple order and formatting never count as changes.
    """
    result = diff_layouts(ctx.layout, old, new)
    click.echo(to_json(result) if fmt == "json" else to_markdown(result), nl=False)
    click.echo(f"balkg diff {old} → {new or ctx.layout.root}: {summary_line(result)}", err=True)


@click.command("changelog")
@click.option("--tags", "pattern", default="v*", show_default=True, help="Which git tags are versions.")
@click.option("--head", default="HEAD", show_default=True, help="The revision the Unreleased section runs to.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (e.g. CHANGELOG.md).")
@pass_rooted
def changelog_command(ctx, pattern, head, output):
    """A changelog of the graph: `balkg diff` between consecutive version tags, newest first."""
    text = changelog(ctx.layout, pattern, head)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text.encode("utf-8"))
        click.echo(f"balkg: wrote {output} from the tags {pattern} of {ctx.layout.root}", err=True)


COMMANDS = [diff, changelog_command]
