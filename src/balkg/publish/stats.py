"""`balkg stats`: the statistics queries of the layout (queries/stats/*.rq), run on the graph.

What is counted is data, not code: each query of the stats folder is one
section of the report, titled by its `#+ summary:`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..layout import Layout
from ..query.catalogue import SavedQuery, catalogue
from ..query.run import EmbeddedTarget, Result, run_query

STATS_FOLDER = "stats/"


@dataclass
class Section:
    query: SavedQuery
    result: Result


def stats_queries(layout: Layout) -> list[SavedQuery]:
    return sorted((q for q in catalogue(layout) if q.name.startswith(STATS_FOLDER)), key=lambda q: q.name)


def compute_stats(layout: Layout, target=None) -> list[Section]:
    """Run every stats query on `target` (default: the shipped graph in memory)."""
    target = target or EmbeddedTarget.shipped(layout)
    return [Section(query, run_query(query, target, {})) for query in stats_queries(layout)]
