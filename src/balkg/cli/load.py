"""`balkg load` and `balkg serve`."""

from __future__ import annotations

import re
import signal
import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..layout import default_store_dir
from ..loading import load
from ..site.server import serve_site
from ..store import DEFAULT_CHUNK_BYTES, PRESETS, CountMismatch, clean_up, load_target
from ..store.serve import DEFAULT_HOST, DEFAULT_PORT, start_serving
from .common import credential_options, pass_rooted, timeout_options
from .progress import StderrProgress

_SIZE = re.compile(r"^\s*(\d+)\s*([kKmMgG]?)i?[bB]?\s*$")


def parse_size(text: str) -> int:
    """`4M`, `500k`, `65536` -> bytes."""
    match = _SIZE.match(str(text))
    if not match or int(match.group(1)) == 0:
        raise UsageError(f"not a size: {text!r} (examples: 4M, 500k, 65536)")
    return int(match.group(1)) * 1024 ** " kmg".index(match.group(2).lower() or " ")


@click.command("load")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help=f"Embedded Oxigraph store directory (the default target: {default_store_dir()}).")
@click.option("--gsp", "gsp_url", metavar="URL", help="SPARQL 1.1 Graph Store Protocol endpoint.")
@click.option("--update", "update_url", metavar="URL", help="SPARQL 1.1 Update endpoint.")
@click.option("--server", nargs=2, type=(click.Choice(sorted(PRESETS)), str), metavar="KIND URL", default=None,
              help="A store with known endpoint paths: " + ", ".join(sorted(PRESETS)) + ".")
@click.option("--query-url", metavar="URL", help="SPARQL query endpoint used to count what was stored.")
@credential_options
@click.option("--chunk-size", default=str(DEFAULT_CHUNK_BYTES // (1024 * 1024)) + "M", show_default=True,
              help="Largest request body for a graph; bigger graphs are sent in chunks.")
@timeout_options
@click.option("--no-validate", is_flag=True, help="Send without validating first.")
@click.option("--wait", type=click.FloatRange(min=0), metavar="SECONDS",
              help="If another command holds the store, wait at most this long, then exit 2 (default: wait).")
@click.option("--cleanup", is_flag=True,
              help="Only remove what interrupted loads left (staging graphs, unfinished stores), and say what.")
@pass_rooted
def load_command(ctx, store_dir, gsp_url, update_url, server, query_url, auth, credentials_file, chunk_size,
                 timeout, retries, no_validate, wait, cleanup):
    """Load every file into its own named graph of a store, all graphs or none.

    Graph names are <base>graph/<file path>, so a re-load replaces them. After
    the load the triples of each graph are counted in the store and compared
    with the files; a difference exits 1. Credentials come from BALKG_USER,
    BALKG_PASSWORD, BALKG_TOKEN or the credentials file, and are never printed.
    """
    layout = ctx.layout
    target = load_target(staging_base=layout.base, store_dir=store_dir, server=server, gsp_url=gsp_url,
                         update_url=update_url, query_url=query_url, auth=auth, credentials_file=credentials_file,
                         chunk_bytes=parse_size(chunk_size), timeout=timeout, retries=retries,
                         default_store=default_store_dir(), wait=wait)
    with StderrProgress() as progress:
        if cleanup:
            if not clean_up(target, progress):
                progress.note(f"nothing to clean up in {target.describe()}")
            return
        try:
            report = load(layout, target, validate=not no_validate, progress=progress)
        except CountMismatch as exc:
            click.echo(exc.report.table())
            raise
    click.echo(report.table())
    click.echo(report.summary_line())


@click.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on (loopback unless told otherwise).")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Serve this existing store (made by `balkg load --store DIR`) as it is, read-only "
                   "(default: load the graph into a temporary store removed on exit).")
@click.option("--timeout", type=click.FloatRange(min=1), metavar="SECONDS",
              help="Stop evaluating a query after this long (default: no limit).")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (browser tools served from elsewhere).")
@click.option("--allow-service", is_flag=True,
              help="Let queries call other endpoints with SERVICE (refused by default: the server would send "
                   "requests anywhere a query asks).")
@click.option("--site-port", type=click.IntRange(0, 65535), default=None,
              help="Port of the browsable site (default: the endpoint's port + 1; 0: any free port).")
@click.option("--no-site", is_flag=True, help="Serve only the SPARQL endpoint.")
@pass_rooted
def serve_command(ctx, host, port, store_dir, timeout, cors, allow_service, site_port, no_site):
    """Serve the graph as a read-only SPARQL endpoint and its browsable site until Ctrl-C (or SIGTERM, SIGHUP).

    The default graph is the union of the named graphs, as in `balkg query`.
    """
    _stop_on_signals()
    with StderrProgress() as progress:
        served = start_serving(ctx.layout, store_dir=store_dir, host=host, port=port, progress=progress,
                               cors=cors, timeout=timeout, allow_service=allow_service)
    site = None
    try:
        click.echo(f"SPARQL endpoint: {served.query_url}")
        click.echo(f"try: {served.sample_curl()}")
        sys.stdout.flush()
        if not no_site:  # the endpoint answers while the site is built
            site = serve_site(ctx.layout, served.query_url, host,
                              site_port if site_port is not None else (port + 1 if 0 < port < 65535 else 0),
                              any_port_if_busy=site_port is None)
            click.echo(f"site: {site.url} (saved queries with run links: {site.url}queries.html)")
        click.echo(f"query page: {served.base_url}/", err=True)
        click.echo("stop with Ctrl-C", err=True)
        sys.stdout.flush()
        served.wait()
    except KeyboardInterrupt:
        click.echo("stopping", err=True)
    finally:
        if site is not None:
            site.stop()
        served.stop()


def _stop_on_signals() -> None:
    """SIGTERM (kill PID) and SIGHUP (closed terminal) stop the server and remove the temporary store, as Ctrl-C.

    SIGINT is set too: a process started in the background by a non-interactive shell
    (`balkg serve &` in a script) inherits SIGINT ignored, and Python then leaves it ignored,
    so `kill -INT` would not stop it although the server says "stop with Ctrl-C"."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, interrupt)


COMMANDS = [load_command, serve_command]
