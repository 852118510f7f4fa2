"""Linking the graph's actors and places to Wikidata, checking the links, and enriching from them.

- config: the alignment file (which classes and properties mean what; scores)
- client, cache: requests to a Wikidata Query Service, one at a time, cached on disk
- graph: the graph's entities, names and context
- candidates: search by name; fetch what scoring needs about items
- scoring: name, type and context scores, with reasons; proposals
- review: the review file and the reviewer's judgements
- links: the generated links file
- linker, check, enrich: `balkg link wikidata`, `--check`, `balkg enrich wikidata`
"""

from .cache import ResponseCache, default_cache_dir
from .check import CheckReport, LinkProblem, check_links
from .client import PUBLIC_ENDPOINT, WikidataClient
from .config import Alignment, load_alignment
from .enrich import EnrichReport, enrich_wikidata
from .linker import LinkReport, default_paths, judge, link_wikidata
from .review import read_judgements, record_judgement

__all__ = [
    "Alignment", "CheckReport", "EnrichReport", "LinkProblem", "LinkReport", "PUBLIC_ENDPOINT",
    "ResponseCache", "WikidataClient", "check_links", "default_cache_dir", "default_paths",
    "enrich_wikidata", "judge", "link_wikidata", "load_alignment", "read_judgements", "record_judgement",
]
