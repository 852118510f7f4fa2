"""What a load target is: the protocol every kind of store follows, and the progress callback."""

from __future__ import annotations

from typing import Callable, Protocol

from .plan import GraphLoad

# progress(triples_sent, display name of the file being sent)
Progress = Callable[[int, str], None]


def no_progress(_n: int, _name: str) -> None:
    pass


class LoadTarget(Protocol):
    """A store the load replaces graphs in (`EmbeddedStore`, `ServerStore`)."""

    on_failure: str  # what the target holds when `replace` fails

    def describe(self) -> str: ...
    def check(self) -> None: ...
    def replace(self, graphs: list[GraphLoad], progress: Progress) -> None: ...
    def counts(self, graphs: list[str]) -> dict[str, int]: ...
