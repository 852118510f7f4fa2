"""Progress of long commands on stderr: a bar per phase on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time

import click

PLAIN_EVERY_SECONDS = 5.0


class StderrProgress:
    """Implements `balkg.store.Progress`: phases with counts, and notices, on stderr.

    On a terminal each phase with a known size gets a progress bar. Elsewhere
    (a log, CI) each phase ends with one line, `balkg: send: 6062/6062 triples`,
    and a long phase also prints such a line every few seconds.
    """

    def __init__(self, terminal: bool | None = None, clock=time.monotonic):
        self.terminal = sys.stderr.isatty() if terminal is None else terminal
        self.clock = clock
        self._name: str | None = None
        self._bar = None

    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        self.close()
        self._name, self._total, self._unit, self._done = name, total, unit, 0
        self._last_line = self.clock()
        if self.terminal and total:
            self._bar = click.progressbar(length=total, label=name.ljust(8), file=sys.stderr,
                                          item_show_func=lambda item: item or "")
            self._bar.__enter__()

    def advance(self, n: int = 1, item: str = "") -> None:
        self._done += n
        if self._bar is not None:
            self._bar.update(n, item)
        elif not self.terminal and self.clock() - self._last_line >= PLAIN_EVERY_SECONDS:
            self._line(f" ({item})" if item else "")

    def note(self, message: str) -> None:
        if self._bar is not None:
            click.echo("", err=True)
        click.echo(f"balkg: {message}", err=True)

    def close(self) -> None:
        """End the phase under way (also when the command fails in it)."""
        if self._name is None:
            return
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
        elif not self.terminal and self._total is not None:
            self._line()
        self._name = None

    def _line(self, suffix: str = "") -> None:
        self._last_line = self.clock()
        click.echo(f"balkg: {self._name}: {self._done}/{self._total} {self._unit}".rstrip() + suffix, err=True)

    def __enter__(self) -> "StderrProgress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
