"""`balkg query` and `balkg queries`: run SPARQL, and browse the saved-query catalogue."""

from __future__ import annotations

import sys
import threading
from contextlib import nullcontext
from pathlib import Path

import click

from .. import formats
from ..errors import BalkgError, UsageError
from ..layout import default_store_dir
from ..query.catalogue import catalogue, find_saved, parse_param_options, resolve
from ..query.results import normalise_format, write
from ..query.run import EmbeddedTarget, EndpointTarget, run_query
from ..store.lock import store_lock
from ..transport import RetryPolicy, check_url, resolve_credentials
from .common import credential_options, pass_rooted, timeout_options


@click.command("query")
@click.argument("query", metavar="NAME|PATH|-")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of the query (repeatable). IRIs as <...>, http(s)://... or prefix:name.")
@click.option("--format", "-f", "fmt", type=click.Choice(formats.choices("solutions", "graph"), case_sensitive=False),
              help="Output format. Default: table on a terminal, else tsv; Turtle for CONSTRUCT/DESCRIBE.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), is_flag=False, flag_value="",
              help="Query an embedded store made by `balkg load` instead of the shipped graph "
                   "(--store alone: the default store).")
@click.option("--endpoint", metavar="URL", help="Query a SPARQL endpoint instead of the shipped graph.")
@timeout_options
@credential_options
@pass_rooted
def query_command(rooted, query, params, fmt, store_dir, endpoint, timeout, retries, auth, credentials_file):
    """Run a saved query by NAME, a query file at PATH, or standard input (-).

    By default the query runs on the shipped graph with the embedded engine,
    over the union of its named graphs. Results go to standard output; an ASK
    query prints true or false and exits 0 or 1. With --endpoint, credentials
    come from BALKG_USER, BALKG_PASSWORD, BALKG_TOKEN or the credentials file,
    as for `balkg load`. A local query is bounded by --timeout when it is given.
    """
    if store_dir == "":
        store_dir = str(default_store_dir())
    if store_dir and endpoint:
        raise UsageError("choose one target: --store or --endpoint")
    if (auth or credentials_file) and not endpoint:
        raise UsageError("--auth and --credentials need --endpoint")
    if endpoint:
        check_url(endpoint)  # before anything is read or parsed
    layout = rooted.layout
    stdin_text = sys.stdin.read() if query == "-" else None
    saved = resolve(layout, query, stdin_text)
    values = parse_param_options(params)
    saved.bind(values)  # unknown, missing and ill-typed parameters fail before any loading
    if endpoint:
        credentials = resolve_credentials(endpoint, auth, credentials_file)
        target = EndpointTarget.at(endpoint, timeout=timeout, retry=RetryPolicy(attempts=retries + 1),
                                   credentials=credentials)
        result = _answer(saved, target, values, fmt)
    else:
        given = click.get_current_context().get_parameter_source("timeout") != click.core.ParameterSource.DEFAULT
        # A load waits for this reader instead of swapping the store away under it.
        reading = store_lock(Path(store_dir), "balkg query", exclusive=False,
                             notice=lambda m: click.echo(f"balkg: {m}", err=True)) if store_dir else nullcontext()
        with reading:
            target = EmbeddedTarget.open_store(store_dir) if store_dir else EmbeddedTarget.shipped(layout)
            result = _within(timeout if given else None, lambda: _answer(saved, target, values, fmt))
    if result.form == "ASK":
        click.get_current_context().exit(0 if result.boolean else 1)


def _answer(saved, target, values, fmt):
    """Run the query and write its answer to stdout as it is read (so a local --timeout bounds both)."""
    result = run_query(saved, target, values, lazy=True)
    chosen = normalise_format(fmt, result, terminal=sys.stdout.isatty())
    out = sys.stdout.buffer
    write(result, chosen, out)
    out.flush()
    return result


class QueryTimeout(BalkgError):
    exit_code = 2


def _within(seconds: float | None, evaluate):
    """Evaluate on a daemon thread (pyoxigraph releases the GIL) and give up after `seconds`.

    The embedded engine cannot be cancelled; the command exits right after
    the error, which ends the abandoned evaluation with the process.
    """
    if seconds is None:
        return evaluate()
    outcome: dict = {}

    def work():
        try:
            outcome["result"] = evaluate()
        except BaseException as exc:  # noqa: BLE001 - re-raised on the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryTimeout(f"the query did not finish within {seconds:g} s (--timeout)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


@click.group("queries", invoke_without_command=True)
@click.pass_context
def queries_group(ctx):
    """List the saved queries with their summaries and parameters."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_command)


@queries_group.command("list")
@pass_rooted
def list_command(rooted):
    """List the saved queries (the default)."""
    saved = catalogue(rooted.layout)
    if not saved:
        click.echo("no saved queries", err=True)
        return
    width = max(len(q.name) for q in saved)
    for q in saved:
        click.echo(f"{q.name.ljust(width)}  {q.summary}")
        if q.parameters:
            click.echo(" " * (width + 2) + "params: " + ", ".join(p.describe() for p in q.parameters))


@queries_group.command("show")
@click.argument("name")
@pass_rooted
def show_command(rooted, name):
    """Print one saved query with its documentation."""
    q = find_saved(rooted.layout, name)
    click.echo(f"{q.name}: {q.summary}")
    click.echo(f"file: {q.display}")
    click.echo(f"form: {q.form}")
    if q.tags:
        click.echo(f"tags: {', '.join(q.tags)}")
    if q.description:
        click.echo("")
        click.echo(q.description)
    click.echo("")
    if q.parameters:
        click.echo("parameters:")
        defaults = q.defaults
        for p in q.parameters:
            default = f" [default: {defaults[p.name]}]" if p.name in defaults else ""
            click.echo(f"  --param {p.name}=...  {p.type_label}, {'required' if p.required else 'optional'}"
                       f" (?{p.variable}){default}")
    else:
        click.echo("parameters: none")
    click.echo("")
    click.echo(q.text.rstrip("\n"))


COMMANDS = [query_command, queries_group]
