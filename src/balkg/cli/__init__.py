"""The `balkg` command line: one module per command group, each a thin layer over the library.

A command's module is imported only when that command runs. `balkg --help` lists the commands
with the one-line help read from their modules' source (`listing.py`), so it imports none of
the library.
"""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from ..errors import BalkgError
from .common import ROOT_HELP, RootedContext
from .listing import short_help

# Which module of balkg.cli defines each command, in the order `balkg --help` lists them.
COMMAND_MODULES = {
    "validate": "validate", "query": "query", "queries": "query", "stats": "stats", "load": "load",
    "serve": "load", "export": "export", "link": "link", "enrich": "link", "fmt": "fmt", "diff": "diff",
    "changelog": "diff", "site": "site", "sources": "sources",
}


class BalkgGroup(click.Group):
    """Imports a command's module when it is used, and turns library errors into one line on stderr
    and the error's exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMAND_MODULES) + [name for name in self.commands if name not in COMMAND_MODULES]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMAND_MODULES:
            module = importlib.import_module(f"{__name__}.{COMMAND_MODULES[name]}")
            for command in module.COMMANDS:
                self.commands.setdefault(command.name, command)
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = [(name, self.commands[name].get_short_help_str(limit) if name in self.commands
                 else short_help(f"{__name__}.{COMMAND_MODULES[name]}", name, limit))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BalkgError as exc:
            click.echo(f"balkg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=BalkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="balkg")
@click.option("--root", type=click.Path(file_okay=False), help=ROOT_HELP)
@click.pass_context
def cli(ctx: click.Context, root: str | None) -> None:
    """Validate, query, load and link the balkg knowledge graph."""
    ctx.obj = RootedContext(root)


def all_commands() -> dict[str, click.Command]:
    """Every top-level command, imported (for tests and documentation tools)."""
    return {name: cli.get_command(None, name) for name in cli.list_commands(None)}


def main() -> None:
    cli(prog_name="balkg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
