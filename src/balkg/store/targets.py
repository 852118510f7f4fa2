"""What a load target is: the protocol every kind of store follows, and how a load reports its progress."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from .plan import GraphLoad


class Progress(Protocol):
    """What a load tells as it goes: phases (parse, validate, send, verify) with counts, and notices."""

    def phase(self, name: str, total: int | None = None, unit: str = "") -> None: ...
    def advance(self, n: int = 1, item: str = "") -> None: ...
    def note(self, message: str) -> None: ...


class NoProgress:
    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        pass

    def advance(self, n: int = 1, item: str = "") -> None:
        pass

    def note(self, message: str) -> None:
        pass


no_progress = NoProgress()


class LoadTarget(Protocol):
    """A store the load replaces graphs in (`EmbeddedStore`, `ServerStore`)."""

    on_failure: str  # what the target holds when `replace` fails
    reads_files: bool  # True: `replace` accepts graphs planned unparsed (`plan.plan_files`)

    def describe(self) -> str: ...
    def session(self, progress: Progress) -> AbstractContextManager: ...  # held for the whole run (a lock)
    def cleanup(self, progress: Progress) -> list[str]: ...  # remove what earlier runs left; say what
    def check(self, progress: Progress) -> None: ...
    def replace(self, graphs: list[GraphLoad], progress: Progress) -> None: ...
    def counts(self, graphs: list[str]) -> dict[str, int]: ...
