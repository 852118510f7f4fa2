"""`balkg link wikidata` (and `--check`), `balkg link judge`, `balkg enrich wikidata`."""

from __future__ import annotations

from pathlib import Path

import click

from ..transport import RetryPolicy
from ..wikidata import (
    PUBLIC_ENDPOINT,
    ResponseCache,
    WikidataClient,
    check_links,
    default_cache_dir,
    enrich_wikidata,
    judge,
    link_wikidata,
)
from ..wikidata.client import CONTACT_ENV
from ..wikidata.graph import graph_prefixes
from ..wikidata.review import curie
from .common import pass_rooted, timeout_options


def transport_options(command):
    """Options every command that talks to Wikidata shares."""
    options = [
        click.option("--endpoint", default=PUBLIC_ENDPOINT, show_default=True, envvar="BALKG_WIKIDATA_ENDPOINT",
                     help="SPARQL endpoint with Wikidata's data."),
        click.option("--contact", envvar=CONTACT_ENV, metavar="EMAIL-OR-URL",
                     help=f"Contact sent in the User-Agent (required by the public service). Default: ${CONTACT_ENV}."),
        click.option("--offline", is_flag=True, help="Use only cached answers; a missing one is an error."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Where answers are cached. Default: $XDG_CACHE_HOME/balkg/wikidata."),
        click.option("--cache-days", type=click.FloatRange(min=0), default=7.0, show_default=True,
                     help="Re-ask for answers older than this (0: always ask, still storing answers)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress on stderr."),
    ]
    for option in reversed(options):
        command = option(command)
    return timeout_options(command)


def make_client(endpoint, contact, offline, cache_dir, cache_days, timeout, retries, quiet,
                sleep=None) -> WikidataClient:
    cache = ResponseCache(Path(cache_dir) if cache_dir else default_cache_dir(), ttl_seconds=cache_days * 86400)
    retry = RetryPolicy(attempts=retries + 1) if sleep is None else RetryPolicy(attempts=retries + 1, sleep=sleep)
    progress = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    return WikidataClient(url=endpoint, contact=contact, cache=cache, offline=offline, timeout=timeout,
                          retry=retry, progress=progress)


def _client_from(kwargs: dict) -> WikidataClient:
    keys = ("endpoint", "contact", "offline", "cache_dir", "cache_days", "timeout", "retries", "quiet")
    return make_client(*(kwargs.pop(k) for k in keys))


def _warn(message: str) -> None:
    click.echo(f"balkg: warning: {message}", err=True)


@click.group("link")
def link() -> None:
    """Link the graph's actors and places to other datasets."""


@link.command("wikidata")
@transport_options
@click.option("--check", is_flag=True, help="Re-verify every existing link instead; exit 1 if any is broken.")
@click.option("--review", "review_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Review file to write (.tsv or .json). Default: <reviews>/wikidata-candidates.tsv.")
@click.option("--judgements", "judgements_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The reviewer's judgements. Default: <reviews>/wikidata-judgements.tsv.")
@click.option("--links", "links_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Generated links file. Default: <generated>/wikidata-links.ttl.")
@click.option("--threshold", type=click.FloatRange(0, 1), help="Score a proposal needs (default: the alignment's).")
@click.option("--auto-accept", is_flag=True,
              help="Also write links for proposals (unique candidates at or above the threshold) nobody judged yet.")
@pass_rooted
def link_wikidata_command(rooted, check, review_path, judgements_path, links_path, threshold, auto_accept,
                          **transport) -> None:
    """Propose Wikidata items for actors and places without a link (or --check existing links).

    Writes one row per candidate to the review file, and rewrites the generated links file
    from the accepted judgements. Prints the proposals (TSV) on stdout.
    """
    layout = rooted.layout
    client = _client_from(transport)
    if check:
        report = check_links(layout, client)
        prefixes = graph_prefixes(layout)
        click.echo("entity\tqid\tproblem")
        for p in report.problems:
            click.echo(f"{curie(p.entity, prefixes)}\t{p.qid}\t{p.problem}")
        broken = len({(p.entity, p.qid) for p in report.problems})
        click.echo(f"balkg: checked {len(report.checked)} links: {broken} broken", err=True)
        if broken:
            click.get_current_context().exit(1)
        return
    report = link_wikidata(layout, client, review_path=review_path, judgements_path=judgements_path,
                           links_path=links_path, threshold=threshold, auto_accept=auto_accept)
    for warning in report.warnings:
        _warn(warning)
    prefixes = graph_prefixes(layout)
    click.echo("entity\tqid\tlabel\tscore")
    for c in report.proposals:
        click.echo(f"{curie(c.entity.iri, prefixes)}\t{c.qid}\t{c.item.label()}\t{c.score:.3f}")
    statuses = {}
    for c in report.candidates:
        statuses[c.status] = statuses.get(c.status, 0) + 1
    counts = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) or "none"
    click.echo(f"balkg: {report.entities} actors and places, {report.already_linked} already linked, "
               f"{report.searched} searched, {len(report.unmatched)} without candidates; "
               f"{len(report.candidates)} candidates ({counts})", err=True)
    click.echo(f"balkg: review file {layout.relative(report.review_path)}; "
               f"{len(report.links)} links in {layout.relative(report.links_path)}", err=True)


@link.command("judge")
@click.argument("entity")
@click.argument("qid")
@click.argument("judgement", type=click.Choice(["accept", "reject", "unsure"]))
@click.option("--note", default="", help="Why (kept in the judgements file).")
@click.option("--reviewer", default="", envvar="BALKG_REVIEWER", help="Who judged. Default: $BALKG_REVIEWER.")
@click.option("--judgements", "judgements_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The judgements file. Default: <reviews>/wikidata-judgements.tsv.")
@pass_rooted
def judge_command(rooted, entity, qid, judgement, note, reviewer, judgements_path) -> None:
    """Record a reviewer's judgement on a candidate: ENTITY (IRI or prefixed name) QID accept|reject|unsure.

    The next `balkg link wikidata` honours it: accepted links go to the generated links file,
    rejected candidates are never proposed again.
    """
    layout = rooted.layout
    path = judge(layout, entity, qid, judgement, reviewer=reviewer, note=note, judgements_path=judgements_path)
    click.echo(f"balkg: {judgement} {entity} {qid.upper()} recorded in {layout.relative(path)}", err=True)


@click.group("enrich")
def enrich() -> None:
    """Pull facts of linked items from other datasets into generated files."""


@enrich.command("wikidata")
@transport_options
@click.option("--output", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Generated file to write. Default: <generated>/wikidata-enrichment.ttl.")
@click.option("--allow-empty", is_flag=True,
              help="Write the file even when this run found no facts and the file holds some.")
@pass_rooted
def enrich_wikidata_command(rooted, out_path, allow_empty, **transport) -> None:
    """Write coordinates, inception/dissolution and terrorist designations of linked items, with Wikidata as source.

    Prints what was added and where Wikidata and the graph disagree (TSV) on stdout;
    neither the graph nor Wikidata is changed where they disagree.
    """
    layout = rooted.layout
    report = enrich_wikidata(layout, _client_from(transport), out_path=out_path, allow_empty=allow_empty)
    prefixes = graph_prefixes(layout)
    click.echo("entity\tqid\tfact\tfinding\tgraph\twikidata")
    for f in report.findings:
        click.echo(f"{curie(f.entity, prefixes)}\t{f.qid}\t{f.fact}\t{f.finding}\t{f.graph}\t{f.wikidata}")
    click.echo(f"balkg: {report.items} linked items, {report.facts} facts written to "
               f"{layout.relative(report.path)}, {len(report.disagreements)} disagreements", err=True)


COMMANDS = [link, enrich]
