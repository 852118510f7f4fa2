"""Talking to a Wikidata Query Service (or any SPARQL endpoint holding Wikidata-shaped data).

Requests go one at a time through `balkg.transport` (a deadline per request,
bounded retries, 429/Retry-After, truncated or error bodies detected), behind
an on-disk cache. The public service is only used with a contact in the
User-Agent, as the Wikimedia User-Agent policy asks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Iterable
from urllib.parse import urlparse

import httpx

from .. import __version__
from ..errors import BalkgError, UsageError
from ..transport import HttpClient, RetryPolicy, SparqlClient, check_url
from .cache import ResponseCache

PUBLIC_ENDPOINT = "https://query.wikidata.org/sparql"
PUBLIC_HOSTS = {"query.wikidata.org", "query-main.wikidata.org", "query-scholarly.wikidata.org"}
CONTACT_ENV = "BALKG_CONTACT"

# The Wikidata RDF format (https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format).
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX psv: <http://www.wikidata.org/prop/statement/value/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX pqv: <http://www.wikidata.org/prop/qualifier/value/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


class OfflineCacheMiss(BalkgError):
    """--offline and the answer is not in the cache."""

    exit_code = 2


def user_agent(contact: str | None) -> str:
    """Tool name and version, contact, and library, as https://meta.wikimedia.org/wiki/User-Agent_policy asks."""
    who = f"https://w3id.org/balkg; {contact}" if contact else "https://w3id.org/balkg"
    return f"balkg/{__version__} ({who}) httpx/{httpx.__version__}"


def is_public(url: str) -> bool:
    return (urlparse(url).hostname or "").lower() in PUBLIC_HOSTS


def contact_from_env(contact: str | None) -> str | None:
    return contact or os.environ.get(CONTACT_ENV) or None


@dataclass
class WikidataClient:
    """Runs SELECT queries against one endpoint, through the cache, one at a time."""

    url: str = PUBLIC_ENDPOINT
    contact: str | None = None
    cache: ResponseCache | None = None
    offline: bool = False
    timeout: float = 60.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    progress: Callable[[str], None] = lambda message: None
    batch_size: int = 50
    requests: int = 0           # answers fetched over the network
    cache_hits: int = 0

    def __post_init__(self) -> None:
        check_url(self.url)
        if self.offline and self.cache is None:
            raise UsageError("--offline needs a cache directory")
        if is_public(self.url) and not self.contact and not self.offline:
            raise UsageError(
                f"{self.url} is the public Wikidata Query Service, whose policy asks every client for a "
                f"contact: pass --contact EMAIL-OR-URL or set {CONTACT_ENV}")
        http = HttpClient(timeout=self.timeout, retry=self.retry, user_agent=user_agent(self.contact))
        self._sparql = SparqlClient(http, method="POST")

    def select(self, query: str, what: str = "query") -> list[dict]:
        """The bindings of a SELECT query, each as {var: (kind, value, lang-or-datatype)}."""
        query = PREFIXES + query
        result = None
        if self.cache is not None:
            result = self.cache.get(self.url, query, allow_expired=self.offline)
        if result is not None:
            self.cache_hits += 1
        elif self.offline:
            raise OfflineCacheMiss(f"--offline: the answer to this {what} is not in the cache; "
                                   "run once online to fill it")
        else:
            self.progress(f"wikidata: {what}")
            result = self._sparql.select(self.url, query)
            self.requests += 1
            if self.cache is not None:
                self.cache.put(self.url, query, result)
        return [{k: _term(v) for k, v in row.items()} for row in result["results"]["bindings"]]

    def batched(self, values: Iterable, size: int | None = None) -> list[list]:
        values = list(values)
        size = size or self.batch_size
        return [values[i:i + size] for i in range(0, len(values), size)]


def _term(binding: dict) -> tuple[str, str, str | None]:
    kind = binding.get("type")
    if kind in ("literal", "typed-literal"):
        return ("literal", binding["value"], binding.get("xml:lang") or binding.get("datatype"))
    return (kind, binding["value"], None)


def value(row: dict, var: str) -> str | None:
    term = row.get(var)
    return term[1] if term else None


def lang(row: dict, var: str) -> str | None:
    term = row.get(var)
    if not term or term[0] != "literal" or not term[2] or term[2].startswith("http"):
        return None
    return term[2]


def sparql_string(text: str, language: str | None = None) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"' + (f"@{language}" if language else "")


def values_items(qids: Iterable[str]) -> str:
    return " ".join(f"wd:{q}" for q in qids)
