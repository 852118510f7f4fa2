"""The SPARQL 1.1 Protocol over `HttpClient`: queries (GET or POST) and updates (POST).

A body that is not a complete SPARQL results document - truncated JSON, or an
error page sent with status 200 - is an error, never an empty result.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass

from ..errors import EndpointError
from .http import HttpClient, Response
from .retry import RetryPolicy
from .urls import display_url

RESULTS_JSON = "application/sparql-results+json"
RDF_ACCEPT = "text/turtle, application/n-triples;q=0.9"
FORM = "application/x-www-form-urlencoded"
# Longer GET URLs are refused by some servers and proxies; such queries go by POST.
MAX_GET_URL = 4000


@dataclass
class SparqlClient:
    """Queries and updates against SPARQL endpoints, through one HttpClient."""

    http: HttpClient
    method: str = "GET"

    def select(self, url: str, query: str) -> dict:
        """Run a SELECT or ASK query; return the checked SPARQL 1.1 JSON results document."""
        return parse_json_results(self._query(url, query, RESULTS_JSON).body, display_url(url))

    def construct(self, url: str, query: str) -> Response:
        """Run a CONSTRUCT or DESCRIBE query; the answer holds Turtle or N-Triples."""
        return self._query(url, query, RDF_ACCEPT)

    def update(self, url: str, update: str, retry: RetryPolicy | None = None, timeout: float | None = None,
               resend_needed=None) -> None:
        body = urllib.parse.urlencode({"update": update}).encode("utf-8")
        self.http.request("POST", url, body, FORM, retry=retry, timeout=timeout, resend_needed=resend_needed)

    def _query(self, url: str, query: str, accept: str) -> Response:
        encoded = urllib.parse.urlencode({"query": query})
        if self.method == "GET" and len(url) + len(encoded) < MAX_GET_URL:
            separator = "&" if "?" in url else "?"
            return self.http.request("GET", f"{url}{separator}{encoded}", accept=accept)
        return self.http.request("POST", url, encoded.encode("utf-8"), FORM, accept=accept)


def parse_json_results(body: bytes, url: str) -> dict:
    """Check that `body` is a complete SPARQL JSON results document."""
    text = body.decode("utf-8", errors="replace")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        snippet = " ".join(text.strip().split())[:160]
        if text.lstrip().startswith(("{", "[")):
            raise EndpointError(f"{url}: the answer was cut off (incomplete JSON at char {exc.pos})") from None
        raise EndpointError(f"{url}: the server sent an error instead of results: {snippet}") from None
    if not isinstance(doc, dict) or "head" not in doc or ("results" not in doc and "boolean" not in doc):
        raise EndpointError(f"{url}: the answer is not a SPARQL results document")
    if "results" in doc and not isinstance(doc["results"].get("bindings"), list):
        raise EndpointError(f"{url}: the answer has no result bindings")
    return doc
