"""`balkg load`, `balkg serve` and `balkg export`."""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from ..endpoint import RetryPolicy
from ..errors import UsageError
from ..export import FORMATS, export, write_atomically
from ..site.flat import FORMATS as FLAT_FORMATS, export_flat
from ..site.server import serve_site
from ..http import AUTH_KINDS, HttpClient, resolve_credentials
from ..layout import default_store_dir
from ..loading import (DEFAULT_CHUNK_BYTES, PRESETS, CountMismatch, Endpoints, ServerTarget, StoreTarget,
                       load, prepare_graphs, preset_endpoints)
from ..serve import DEFAULT_HOST, DEFAULT_PORT, start_serving
from .common import pass_rooted

_SIZE = re.compile(r"^\s*(\d+)\s*([kKmMgG]?)i?[bB]?\s*$")


def parse_size(text: str) -> int:
    """`4M`, `500k`, `65536` -> bytes."""
    match = _SIZE.match(str(text))
    if not match or int(match.group(1)) == 0:
        raise UsageError(f"not a size: {text!r} (examples: 4M, 500k, 65536)")
    return int(match.group(1)) * 1024 ** " kmg".index(match.group(2).lower() or " ")


@contextmanager
def progress_bar(total: int, label: str):
    """A progress bar on stderr over triples, showing the file being sent (only on a terminal)."""
    if not sys.stderr.isatty():
        yield lambda n, name: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr,
                           item_show_func=lambda name: name or "") as bar:
        yield lambda n, name: bar.update(n, name)


@click.command("load")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help=f"Embedded Oxigraph store directory (the default target: {default_store_dir()}).")
@click.option("--gsp", "gsp_url", metavar="URL", help="SPARQL 1.1 Graph Store Protocol endpoint.")
@click.option("--update", "update_url", metavar="URL", help="SPARQL 1.1 Update endpoint.")
@click.option("--server", nargs=2, type=(click.Choice(sorted(PRESETS)), str), metavar="KIND URL", default=None,
              help="A store with known endpoint paths: " + ", ".join(sorted(PRESETS)) + ".")
@click.option("--query-url", metavar="URL", help="SPARQL query endpoint used to count what was stored.")
@click.option("--auth", type=click.Choice(AUTH_KINDS), help="Authentication (default: from the credentials).")
@click.option("--credentials", "credentials_file", type=click.Path(dir_okay=False, path_type=Path),
              help="TOML credentials file (default: ~/.config/balkg/credentials.toml when present).")
@click.option("--chunk-size", default=str(DEFAULT_CHUNK_BYTES // (1024 * 1024)) + "M", show_default=True,
              help="Largest request body for a graph; bigger graphs are sent in chunks.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for each request.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Retries of a request after a connection error, a timeout or a 5xx answer.")
@click.option("--no-validate", is_flag=True, help="Send without validating first.")
@pass_rooted
def load_command(ctx, store_dir, gsp_url, update_url, server, query_url, auth, credentials_file, chunk_size,
                 timeout, retries, no_validate):
    """Load every file into its own named graph of a store, all graphs or none.

    Graph names are <base>graph/<file path>, so a re-load replaces them. After
    the load the triples of each graph are counted in the store and compared
    with the files; a difference exits 1. Credentials come from BALKG_USER,
    BALKG_PASSWORD, BALKG_TOKEN or the credentials file, and are never printed.
    """
    layout = ctx.layout
    remote = server or gsp_url or update_url
    if store_dir and remote:
        raise UsageError("choose one target: --store, or a server (--server, --gsp, --update)")
    if remote:
        target = _server_target(layout, server, gsp_url, update_url, query_url, auth, credentials_file,
                                parse_size(chunk_size), timeout, retries)
    else:
        if query_url or auth or credentials_file:
            raise UsageError("--query-url, --auth and --credentials need a server target (--server, --gsp, --update)")
        target = StoreTarget(store_dir or default_store_dir())
    loads = prepare_graphs(layout)
    with progress_bar(sum(g.sent for g in loads), "loading") as progress:
        try:
            report = load(layout, target, validate=not no_validate, progress=progress, loads=loads)
        except CountMismatch as exc:
            click.echo(exc.report.table())
            raise
    click.echo(report.table())
    click.echo(report.summary_line())


def _server_target(layout, server, gsp_url, update_url, query_url, auth, credentials_file, chunk_bytes,
                   timeout, retries) -> ServerTarget:
    preset = preset_endpoints(*server) if server else Endpoints()
    endpoints = Endpoints(query=query_url or preset.query, update=update_url or preset.update,
                          gsp=gsp_url or preset.gsp)
    write_url = endpoints.gsp or endpoints.update
    default_auth = PRESETS[server[0]]["auth"] if server else None
    credentials = resolve_credentials(write_url or "", auth, credentials_file, default_auth)
    client = HttpClient(credentials, timeout=timeout, retry=RetryPolicy(attempts=retries + 1))
    return ServerTarget(endpoints, client, staging_base=layout.base, chunk_bytes=chunk_bytes)


@click.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on (loopback unless told otherwise).")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Load into and serve this store directory (default: a temporary store removed on exit).")
@click.option("--site-port", type=click.IntRange(0, 65535), default=None,
              help="Port of the browsable site (default: the endpoint's port + 1; 0: any free port).")
@click.option("--no-site", is_flag=True, help="Serve only the SPARQL endpoint.")
@pass_rooted
def serve_command(ctx, host, port, store_dir, site_port, no_site):
    """Serve the graph as a read-only SPARQL endpoint and its browsable site until Ctrl-C.

    The default graph is the union of the named graphs, as in `balkg query`.
    """
    served = start_serving(ctx.layout, store_dir=store_dir, host=host, port=port)
    site = None
    try:
        click.echo(f"SPARQL endpoint: {served.query_url}")
        if not no_site:
            site = serve_site(ctx.layout, served.query_url, host, site_port if site_port is not None
                              else (port + 1 if port else 0))
            click.echo(f"site: {site.url} (saved queries with run links: {site.url}queries.html)")
        click.echo(f"try: {served.sample_curl()}")
        click.echo("stop with Ctrl-C", err=True)
        sys.stdout.flush()
        served.wait()
    except KeyboardInterrupt:
        click.echo("stopping", err=True)
    finally:
        if site is not None:
            site.stop()
        served.stop()


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS) + list(FLAT_FORMATS)), default="nq", show_default=True,
              help="nq and trig and jsonld keep the named graphs; nt and ttl hold their union. "
                   "graphml, edges-csv: the actor network; events-csv, events-xlsx: one row per event.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: stdout).")
@pass_rooted
def export_command(ctx, fmt, output):
    """Write the whole dataset (ontology, shapes, data) in one file, deterministically."""
    if fmt in FLAT_FORMATS:
        data = export_flat(ctx.layout, fmt)
        if output is not None:
            write_atomically(output, data)
    else:
        data = export(ctx.layout, fmt, output)
    if output is None:
        click.get_binary_stream("stdout").write(data)


COMMANDS = [load_command, serve_command, export_command]
