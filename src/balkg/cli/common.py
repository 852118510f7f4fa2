"""What every command shares: the chosen graph root, its layout and saying which graph is used, and the
options of commands that talk HTTP."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import click

from ..layout import Layout, load_layout
from ..transport.credentials import AUTH_KINDS

ROOT_HELP = ("Root of a graph checkout (with balkg.toml). Default: $BALKG_ROOT, else the nearest balkg.toml "
             "in this directory or its parents, else the bundled graph (read-only).")


class RootedContext:
    """The graph root a command works on; the first use of its layout says on stderr which graph it is."""

    def __init__(self, root: str | None):
        self.root = root

    @cached_property
    def layout(self) -> Layout:
        layout = load_layout(self.root)
        click.echo(f"graph: {layout.describe()}", err=True)
        for stray in layout.stray_files():
            click.echo(f"warning: {layout.relative(stray)}: not read (not an RDF file)", err=True)
        return layout


def _set_root(ctx: click.Context, _param, value: str | None) -> None:
    if value is not None:
        rooted = ctx.ensure_object(RootedContext)
        rooted.__dict__.pop("layout", None)
        rooted.root = value


root_option = click.option("--root", type=click.Path(file_okay=False), expose_value=False, is_eager=True,
                           callback=_set_root, help=ROOT_HELP)


def pass_rooted(command):
    """Pass the RootedContext to a command, which also takes --root after its name."""
    return root_option(click.make_pass_decorator(RootedContext, ensure=True)(command))


def _apply(command, options):
    for option in reversed(options):
        command = option(command)
    return command


def timeout_options(command):
    """--timeout and --retries, the same for every command that sends requests (query, load, link, enrich)."""
    return _apply(command, [
        click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
                     help="Seconds one request may take in all (connect, send, receive); a server that "
                          "answers more slowly is cut off."),
        click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
                     help="Retries after a connection error, a timeout, HTTP 429 or 5xx (exponential backoff "
                          "with jitter, honouring Retry-After)."),
    ])


def credential_options(command):
    """--auth and --credentials; the secrets themselves come from the environment or the file, never options."""
    return _apply(command, [
        click.option("--auth", type=click.Choice(AUTH_KINDS), help="Authentication (default: from the credentials)."),
        click.option("--credentials", "credentials_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="TOML credentials file (default: ~/.config/balkg/credentials.toml when present)."),
    ])
