"""What every command shares: the chosen graph root and its layout, and the options of commands that talk HTTP."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import click

from ..layout import Layout, load_layout
from ..transport import AUTH_KINDS


class RootedContext:
    def __init__(self, root: str | None):
        self.root = root

    @cached_property
    def layout(self) -> Layout:
        return load_layout(self.root)


pass_rooted = click.make_pass_decorator(RootedContext)


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
