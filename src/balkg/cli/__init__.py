"""The `balkg` command line: one module per command group, each a thin layer over the library."""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import BalkgError
from .common import RootedContext


class BalkgGroup(click.Group):
    """Turns library errors into one line on stderr and the error's exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BalkgError as exc:
            click.echo(f"balkg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=BalkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="balkg")
@click.option("--root", type=click.Path(file_okay=False), envvar="BALKG_ROOT",
              help="Root of a graph checkout (with balkg.toml). Default: $BALKG_ROOT, else the bundled graph.")
@click.pass_context
def cli(ctx: click.Context, root: str | None) -> None:
    """Validate, query, load and link the balkg knowledge graph."""
    ctx.obj = RootedContext(root)


def _register() -> None:
    from . import diff, export, fmt, link, load, query, stats, validate

    for module in (validate, query, stats, load, export, link, fmt, diff):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="balkg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
