"""The embedded persistent Oxigraph store as a load target: build a new store aside, check it, swap directories.

The run takes the store's lock (see `lock`), bulk-loads a new store next to
the target directory (`.NAME.loading-PID-*`), checks its counts, then swaps
the directories in one atomic step (Linux renameat2 RENAME_EXCHANGE), so a
failure or a kill at any point leaves either the previous store or the new
one in place, never neither. A file planned unparsed (`plan.plan_files`) is
bulk-loaded by pyoxigraph from the file itself, while a second thread counts
its triples with pyoxigraph's parser (the bulk load releases the GIL, so on
two cores the count costs almost nothing); the new store's counts are checked
against those. Where the file system cannot exchange, two
renames are used; a crash between them leaves the old store aside as
`.NAME.old-*`, and the next run (or `balkg load --cleanup`) puts it back.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import UsageError
from ..formats import rdf_syntax
from ..rdf.parsing import count_triples, file_source, located
from .lock import store_lock
from .plan import GraphLoad, count_query
from .report import CountMismatch, LoadReport, results
from .targets import Progress, no_progress

_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


@dataclass
class EmbeddedStore:
    """An embedded persistent Oxigraph store in `directory`."""

    directory: Path
    wait: float | None = None    # seconds to wait for another command's lock (None: as long as it takes)
    on_failure: str = "the previous store is unchanged"
    reads_files = True  # bulk-loads files planned unparsed (see plan.plan_files)

    def describe(self) -> str:
        return f"the store {self.directory}"

    def session(self, progress: Progress = no_progress):
        return store_lock(Path(self.directory), "balkg load", wait=self.wait, notice=progress.note)

    def cleanup(self, progress: Progress = no_progress) -> list[str]:
        """Put back a store a crash left aside, and remove what dead runs were building; say what was done."""
        directory = Path(self.directory)
        done = _restore_interrupted_swap(directory) + _remove_abandoned_staging(directory)
        for message in done:
            progress.note(message)
        return done

    def check(self, progress: Progress = no_progress) -> None:
        directory = Path(self.directory)
        if directory.exists() and not directory.is_dir():
            raise UsageError(f"{directory} is a file, not a store directory")
        self.cleanup(progress)
        if directory.is_dir() and any(directory.iterdir()) and not (directory / "CURRENT").is_file():
            raise UsageError(f"{directory} is not empty and not an Oxigraph store; refusing to replace it")

    def replace(self, graphs: list[GraphLoad], progress: Progress = no_progress) -> None:
        directory = Path(self.directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = _sibling(directory, f"loading-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        counter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="balkg-count")
        try:
            store = ox.Store(str(staging))
            counting = {g.graph: counter.submit(count_triples, g.file.path, g.display)
                        for g in graphs if not g.parsed}
            by_file = bool(counting)  # the send phase counts files then (see run.load_graphs)
            for graph in graphs:
                if graph.parsed:
                    store.bulk_extend(graph.quads())
                else:
                    _bulk_load_file(store, graph, counting[graph.graph])
                progress.advance(1 if by_file else graph.sent, f"{graph.display}: {graph.sent} triples")
            store.flush()
            stored = store_counts(store, [g.graph for g in graphs])
            del store  # closes the database before its directory moves
            for graph in graphs:
                if not graph.parsed and graph.counted != stored.get(graph.graph, 0):
                    # Fewer stored than parsed: the file may repeat triples; the store keeps one of each.
                    graph.counted = count_triples(graph.file.path, graph.display, distinct=True)
            checked = results(graphs, stored)
            if not all(r.match for r in checked):
                raise CountMismatch("the new store holds other counts than the files; the previous store is "
                                    "unchanged", LoadReport(self.describe(), checked))
            _swap(staging, directory)
        finally:
            counter.shutdown(wait=True, cancel_futures=True)
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    def counts(self, graphs: list[str]) -> dict[str, int]:
        return store_counts(ox.Store.read_only(str(self.directory)), graphs)


def _bulk_load_file(store: ox.Store, graph: GraphLoad, counted: Future) -> None:
    """Bulk-load the file into its graph and record how many triples it holds; a syntax error is
    raised as a ParseError at file:line:col (the caller removes the unfinished store)."""
    path = Path(graph.file.path)
    try:
        store.bulk_load(**file_source(path), format=rdf_syntax(path), base_iri=path.resolve().as_uri(),
                        to_graph=ox.NamedNode(graph.graph))
    except SyntaxError as exc:
        raise located(exc, graph.display) from None
    graph.counted = counted.result()


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
    if _exchange(staging, directory):
        shutil.rmtree(staging, ignore_errors=True)  # now the old store
        return
    old = _sibling(directory, f"old-{uuid.uuid4().hex[:8]}")
    os.rename(directory, old)
    try:
        os.rename(staging, directory)
    except OSError:
        os.rename(old, directory)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step; False where the system cannot (then nothing changed)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _restore_interrupted_swap(directory: Path) -> list[str]:
    """A crash between the two renames of a swap leaves only the old store aside: put it back."""
    if directory.exists() or not directory.parent.is_dir():
        return []
    olds = sorted(directory.parent.glob(f".{directory.name}.old-*"))
    if not olds:
        return []
    os.rename(olds[0], directory)
    return [f"put back the store {directory} that an interrupted load had set aside"]


def _remove_abandoned_staging(directory: Path) -> list[str]:
    if not directory.parent.is_dir():
        return []
    # Called under the store's lock, which every load holds: no live load is building these.
    removed, kept = [], []
    for staging in directory.parent.glob(f".{directory.name}.loading-*"):
        shutil.rmtree(staging, ignore_errors=True)
        (kept if staging.exists() else removed).append(staging.name)
    messages = [f"removed {len(removed)} unfinished store(s) left by interrupted loads beside {directory}: "
                + ", ".join(sorted(removed))] if removed else []
    if kept:
        messages.append(f"could not remove {len(kept)} unfinished store(s) beside {directory} (remove them by "
                        "hand): " + ", ".join(sorted(kept)))
    return messages
