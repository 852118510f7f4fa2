"""What every command shares: the chosen graph root and its layout."""

from __future__ import annotations

from functools import cached_property

import click

from ..layout import Layout, load_layout


class RootedContext:
    def __init__(self, root: str | None):
        self.root = root

    @cached_property
    def layout(self) -> Layout:
        return load_layout(self.root)


pass_rooted = click.make_pass_decorator(RootedContext)
