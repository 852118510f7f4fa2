"""balkg: validate, query, load and link a linked-data knowledge graph of militancy in Balochistan.

The Python interface. Every `balkg` command is a thin call of one of these:

    import balkg
    layout = balkg.load_layout("path/to/checkout")        # or None: $BALKG_ROOT, else the bundled graph
    report = balkg.validate_layout(layout)                # balkg validate
    result = balkg.run_query("designations", layout)      # balkg query (a saved name, or SPARQL text)
    balkg.export(layout, "turtle", "graph.ttl")           # balkg export
    balkg.load(layout, balkg.load_target(staging_base=layout.base, store_dir="store/"))   # balkg load --store
    sections = balkg.compute_stats(layout)                # balkg stats
    balkg.diff_layouts(layout, "HEAD~1", None)            # balkg diff HEAD~1; balkg.changelog(layout): balkg changelog
    balkg.format_files(paths, check=True)                 # balkg fmt --check
    balkg.ontology_bytes(layout), balkg.void_bytes(layout)    # balkg export --ontology / --void
    balkg.start_serving(layout)                           # balkg serve
    balkg.build_site(layout, "site/")                     # balkg site
    balkg.link_wikidata(layout, client), balkg.judge(...), balkg.check_links(...), balkg.enrich_wikidata(...)
    report = balkg.fetch_sources(layout)                  # balkg sources fetch

Where things live (each module's docstring says what belongs there):
- layout: where a graph's files are (`balkg.toml`); rdf: namespaces, prefixed names,
  and `rdf.dataset.parse_layout`, the one parse of a layout every command starts from;
- formats: every input and output format; results: query results in those formats;
- validation/: the stages of `balkg validate` and their reports;
- queries: the saved-query catalogue; sparql: running a query on a target;
- loading: `load` (validate, then load); store/: loading into stores and serving them
  (targets, presets, the swap, the lock); transport/: every HTTP request;
- sources/: archiving the sources' pages (`sources fetch`);
- export, stats, wikidata/: the other commands; cli/: the command line.
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING

from ._lazy import lazy_exports

# The exports, imported on first use (see _lazy.py): `balkg --help` stays fast.
if TYPE_CHECKING:
    from .curate.changelog import changelog
    from .curate.diff import diff_layouts
    from .curate.fmt import format_files
    from .errors import BalkgError, EndpointError, ParseError, UsageError
    from .layout import Layout, load_layout
    from .loading import load
    from .publish.export import export
    from .publish.ontology import ontology_bytes
    from .publish.stats import compute_stats
    from .publish.void import void_bytes
    from .query.catalogue import SavedQuery, catalogue, find_saved
    from .query.run import EmbeddedTarget, EndpointTarget, Result
    from .rdf.dataset import ParsedLayout, memory_dataset, parse_layout
    from .site import build_site
    from .sources import FetchReport, fetch_sources
    from .store import EmbeddedStore, ServerStore, load_target
    from .store.serve import start_serving
    from .validation import Finding, Report, validate_layout
    from .wikidata import WikidataClient, check_links, enrich_wikidata, judge, link_wikidata


def run_query(query: "SavedQuery | str", target: "Layout | EmbeddedTarget | EndpointTarget | None" = None,
              params: dict[str, str] | None = None) -> "Result":
    """Run a saved query (by name, with a layout) or SPARQL text on a target.

    `target` is a Layout (its graph in memory; a string `query` is then a saved
    query's name when the catalogue has one), an EmbeddedTarget or EndpointTarget,
    or None for the graph of `load_layout()`.
    """
    from .layout import Layout, load_layout
    from .query.catalogue import catalogue, find_saved
    from .query.run import EmbeddedTarget
    from .query.run import run_query as _run_query

    if target is None or isinstance(target, Layout):
        layout = target or load_layout()
        if isinstance(query, str) and query in {q.name for q in catalogue(layout)}:
            query = find_saved(layout, query)
        target = EmbeddedTarget.shipped(layout)
    return _run_query(query, target, params)


__all__ = [
    "BalkgError", "EmbeddedStore", "EmbeddedTarget", "EndpointError", "EndpointTarget", "FetchReport", "Finding",
    "Layout",
    "ParseError", "ParsedLayout", "Report", "Result", "SavedQuery", "ServerStore", "UsageError", "WikidataClient",
    "__version__", "build_site", "catalogue", "changelog", "check_links", "compute_stats", "diff_layouts", "enrich_wikidata",
    "export", "fetch_sources", "find_saved", "format_files", "judge", "link_wikidata", "load", "load_layout", "load_target",
    "memory_dataset", "ontology_bytes", "parse_layout", "run_query", "start_serving", "validate_layout",
    "void_bytes",
]

__getattr__, __dir__ = lazy_exports(__name__, __file__)
