"""The load report: per graph, what was sent and what the target holds; and how a load fails."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import BalkgError
from .plan import GraphLoad


class LoadFailed(BalkgError):
    """The load stopped; the message says what the target holds now."""

    exit_code = 1


class CountMismatch(BalkgError):
    """The target holds other counts than the files; `report` has the table."""

    exit_code = 1

    def __init__(self, message: str, report: "LoadReport"):
        super().__init__(message)
        self.report = report


@dataclass
class GraphResult:
    display: str
    graph: str
    sent: int
    stored: int

    @property
    def match(self) -> bool:
        return self.sent == self.stored


@dataclass
class LoadReport:
    target: str
    graphs: list[GraphResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(g.match for g in self.graphs)

    @property
    def sent(self) -> int:
        return sum(g.sent for g in self.graphs)

    @property
    def stored(self) -> int:
        return sum(g.stored for g in self.graphs)

    def table(self) -> str:
        rows = [("file", "graph", "sent", "stored", "match")]
        rows += [(g.display, g.graph, str(g.sent), str(g.stored), "yes" if g.match else "NO") for g in self.graphs]
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        right = {2, 3}
        return "\n".join(
            "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
            for r in rows)

    def summary_line(self) -> str:
        verdict = "all counts match" if self.ok else \
            f"{sum(not g.match for g in self.graphs)} graph(s) with other counts than the files"
        return f"{len(self.graphs)} graphs, {self.sent} triples sent, {self.stored} stored in {self.target}: {verdict}"


def results(graphs: list[GraphLoad], stored: dict[str, int]) -> list[GraphResult]:
    """Sent and stored counts of each graph (a graph the target lacks holds 0)."""
    return [GraphResult(g.display, g.graph, g.sent, stored.get(g.graph, 0)) for g in graphs]
