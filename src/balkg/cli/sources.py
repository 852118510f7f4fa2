"""`balkg sources fetch`."""

from __future__ import annotations

import click

from .common import pass_rooted, timeout_options


@click.group("sources")
def sources() -> None:
    """Archive the pages of the graph's sources."""


@sources.command("fetch")
@click.option("--source", "only", multiple=True, metavar="IRI",
              help="Fetch only this source (an IRI or prefixed name; repeatable).")
@click.option("--refetch", is_flag=True, help="Fetch again the pages an earlier run archived.")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds at least between two requests to the same host.")
@timeout_options
@click.option("--quiet", "-q", is_flag=True, help="No progress lines on stderr (failures are still shown).")
@pass_rooted
def fetch_command(rooted, only, refetch, delay, timeout, retries, quiet) -> None:
    """Fetch the pages of the sources with a URL and no archived text, and archive them.

    Saves each page's main text and its WARC file in [sources] fetch_into, and records them
    in the generated file sources-fetched.ttl. Exit 1 if a page could not be archived.
    """
    from ..sources import fetch_sources

    layout = rooted.layout

    def say(line: str) -> None:
        if not quiet or line.startswith("failed"):
            click.echo(line, err=True)

    report = fetch_sources(layout, delay=delay, only=only, refetch=refetch, say=say, timeout=timeout,
                           retries=retries)
    for warning in report.warnings:
        click.echo(f"balkg: warning: {warning}", err=True)
    click.echo(f"balkg: {len(report.fetched)} fetched, {len(report.failed)} failed, {len(report.kept)} archived "
               f"before (--refetch fetches them again), {len(report.curated)} with a curated archived text; "
               + (f"records in {layout.relative(report.output)}, files in {layout.relative(report.folder)}"
                  if report.output.exists() else "nothing recorded"), err=True)
    if not report.ok:
        click.get_current_context().exit(1)


COMMANDS = [sources]
