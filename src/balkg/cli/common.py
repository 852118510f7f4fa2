"""What every command shares: the chosen graph root, its layout, and saying which graph is used."""

from __future__ import annotations

from functools import cached_property

import click

from ..layout import Layout, load_layout

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
