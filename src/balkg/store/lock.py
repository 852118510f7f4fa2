"""A lock on an embedded store's folder, so that two commands never change (or read and swap) one store at once.

The lock is `flock` on `.NAME.lock` beside the store (the store directory
itself is swapped, so it cannot hold the lock). A load holds it exclusively
from its first look at the store to its last count; `serve --store` holds it
shared while it serves. The kernel releases it when its holder dies, even by
kill -9. The file records who holds it, for the message of whoever waits.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

from ..errors import UsageError

POLL_SECONDS = 0.1


class StoreBusy(UsageError):
    """Another command holds the store for longer than the caller would wait."""


def lock_path(directory: Path) -> Path:
    return directory.parent / f".{directory.name}.lock"


@contextmanager
def store_lock(directory: Path, what: str, exclusive: bool = True, wait: float | None = None,
               notice: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the lock of `directory`; wait for it (forever, or `wait` seconds then StoreBusy), saying who holds it."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(directory), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, directory, exclusive, wait, notice)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} ({what}, since {datetime.now():%Y-%m-%d %H:%M:%S})".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _acquire(fd: int, directory: Path, exclusive: bool, wait: float | None, notice) -> None:
    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    try:
        fcntl.flock(fd, mode)
        return
    except BlockingIOError:
        pass
    holder = os.pread(fd, 300, 0).decode("utf-8", errors="replace").strip() or "another process"
    if wait is not None and wait <= 0:
        raise StoreBusy(f"the store {directory} is in use by {holder}; try again later, or give --wait SECONDS")
    notice(f"waiting for the store {directory}, in use by {holder}"
           + (f" (at most {wait:g} s)" if wait else " (Ctrl-C to stop waiting)"))
    deadline = None if wait is None else time.monotonic() + wait
    while True:
        time.sleep(POLL_SECONDS)
        try:
            fcntl.flock(fd, mode)
            return
        except BlockingIOError:
            if deadline is not None and time.monotonic() >= deadline:
                raise StoreBusy(f"the store {directory} is still in use by {holder} after {wait:g} s") from None
