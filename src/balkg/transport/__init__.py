"""Transport: every HTTP request balkg sends, through one client.

What belongs here, one module per concern:

- `urls`: checking a URL a user gave (scheme, host, no credentials in it) and
  showing one in messages without its query string;
- `credentials`: none/basic/digest/bearer, from the environment or a TOML file;
- `retry`: bounded retries with exponential backoff, jitter and Retry-After;
- `http`: the HTTP client (httpx): connection reuse, a deadline for the whole
  request, and the one mapping from HTTP failures to balkg's errors;
- `sparql`: the SPARQL 1.1 Protocol (query and update) over that client.

Loading (`balkg.store`), remote queries (`balkg.query.run`) and Wikidata
(`balkg.wikidata.client`) all send their requests through `HttpClient`.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .credentials import AUTH_KINDS, Credentials, resolve_credentials
    from .http import DEFAULT_USER_AGENT, HttpClient, Response, Unauthorized
    from .retry import RetryPolicy, Retryable
    from .sparql import SparqlClient, parse_json_results
    from .urls import check_url, display_url

__all__ = [
    "AUTH_KINDS", "Credentials", "DEFAULT_USER_AGENT", "HttpClient", "Response", "RetryPolicy", "Retryable",
    "SparqlClient", "Unauthorized", "check_url", "display_url", "parse_json_results", "resolve_credentials",
]

__getattr__, __dir__ = lazy_exports(__name__, __file__)
