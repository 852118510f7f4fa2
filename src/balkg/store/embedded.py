"""The embedded persistent Oxigraph store as a load target: build a new store aside, check it, swap directories.

The run bulk-loads a new store next to the target directory
(`.NAME.loading-PID-*`), checks its counts, then swaps the directories with two
renames, so a failure at any point leaves the previous store as it was. A
crash between the two renames leaves the old store aside as `.NAME.old-*`;
the next run puts it back.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import UsageError
from .plan import GraphLoad, count_query
from .report import CountMismatch, LoadReport, results
from .targets import Progress, no_progress


@dataclass
class EmbeddedStore:
    """An embedded persistent Oxigraph store in `directory`."""

    directory: Path
    on_failure: str = "the previous store is unchanged"

    def describe(self) -> str:
        return f"the store {self.directory}"

    def check(self) -> None:
        directory = Path(self.directory)
        if directory.exists() and not directory.is_dir():
            raise UsageError(f"{directory} is a file, not a store directory")
        if directory.is_dir() and any(directory.iterdir()) and not (directory / "CURRENT").is_file():
            raise UsageError(f"{directory} is not empty and not an Oxigraph store; refusing to replace it")
        _restore_interrupted_swap(directory)
        _remove_abandoned_staging(directory)

    def replace(self, graphs: list[GraphLoad], progress: Progress = no_progress) -> None:
        directory = Path(self.directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = _sibling(directory, f"loading-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            store = ox.Store(str(staging))
            for graph in graphs:
                store.bulk_extend(graph.quads())
                progress(graph.sent, graph.display)
            store.flush()
            stored = store_counts(store, [g.graph for g in graphs])
            del store  # closes the database before its directory moves
            checked = results(graphs, stored)
            if not all(r.match for r in checked):
                raise CountMismatch("the new store holds other counts than the files; the previous store is "
                                    "unchanged", LoadReport(self.describe(), checked))
            _swap(staging, directory)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    def counts(self, graphs: list[str]) -> dict[str, int]:
        return store_counts(ox.Store.read_only(str(self.directory)), graphs)


def store_counts(store: ox.Store, graphs: list[str]) -> dict[str, int]:
    if not graphs:
        return {}
    return {s["g"].value: int(s["n"].value) for s in store.query(count_query(graphs))}


def _sibling(directory: Path, tag: str) -> Path:
    return directory.parent / f".{directory.name}.{tag}"


def _swap(staging: Path, directory: Path) -> None:
    """Put `staging` in place of `directory`; the old one is removed only once the new one is in place."""
    if not directory.exists():
        os.rename(staging, directory)
        return
    old = _sibling(directory, f"old-{uuid.uuid4().hex[:8]}")
    os.rename(directory, old)
    try:
        os.rename(staging, directory)
    except OSError:
        os.rename(old, directory)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _restore_interrupted_swap(directory: Path) -> None:
    """A crash between the two renames of a swap leaves only the old store aside: put it back."""
    if directory.exists() or not directory.parent.is_dir():
        return
    olds = sorted(directory.parent.glob(f".{directory.name}.old-*"))
    if olds:
        os.rename(olds[0], directory)


def _remove_abandoned_staging(directory: Path) -> None:
    if not directory.parent.is_dir():
        return
    for staging in directory.parent.glob(f".{directory.name}.loading-*"):
        pid = staging.name.split("loading-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(staging, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
