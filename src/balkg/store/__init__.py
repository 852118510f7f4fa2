"""Stores: loading the graph into a triplestore, all graphs or none, and serving it.

What belongs here, one module per concern:

- `plan`: which graphs a load sends (one per file), their triples, the chunks;
- `targets`: the `LoadTarget` protocol every kind of store follows;
- `embedded`: the embedded Oxigraph store (build aside, check, swap directories);
- `server`: a SPARQL server (stage every graph, check, swap by one update);
- `presets`: one `Preset` record per kind of server (paths, default auth, notes) -
  add a store preset there;
- `options`: `load_target`, the one function that turns load options into a target;
- `run`: `load_graphs`, one run against a target, and `clean_up`; `report`: what a run reports;
- `lock`: the lock on an embedded store's folder;
- `oxigraph`: the Oxigraph server process; `serve`: `balkg serve` on top of it.

This layer does not validate: `balkg.loading.load` validates, then calls it.
Every request to a server goes through `balkg.transport`.
"""

from .embedded import EmbeddedStore
from .options import load_target
from .plan import (
                   DEFAULT_CHUNK_BYTES,
                   GraphLoad,
                   blank_node_units,
                   count_query,
                   counts_from_results,
                   parse_and_plan,
                   plan_files,
                   plan_graphs,
                   prepare_graphs,
)
from .presets import PRESETS, Endpoints, Preset, preset_endpoints
from .report import CountMismatch, GraphResult, LoadFailed, LoadReport
from .run import clean_up, load_graphs
from .server import STAGING_SEGMENT, ServerStore
from .targets import LoadTarget, Progress

__all__ = [
    "CountMismatch", "DEFAULT_CHUNK_BYTES", "EmbeddedStore", "Endpoints", "GraphLoad", "GraphResult", "LoadFailed",
    "LoadReport", "LoadTarget", "PRESETS", "Preset", "Progress", "STAGING_SEGMENT", "ServerStore",
    "blank_node_units", "clean_up", "count_query", "counts_from_results", "load_graphs", "load_target", "parse_and_plan", "plan_files", "plan_graphs",
    "preset_endpoints",
    "prepare_graphs",
]
