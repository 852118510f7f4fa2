"""A careful client for remote SPARQL endpoints, over SPARQLWrapper.

Every request has a timeout and a descriptive User-Agent. Connection errors,
5xx answers and HTTP 429 are retried a bounded number of times with
exponential backoff (honouring Retry-After). A body that is not a complete
SPARQL results document - truncated JSON, or an error page sent with status
200 - is an error, never an empty result.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import socket
import time
import urllib.error
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper
from SPARQLWrapper import SPARQLExceptions as sx

from . import __version__
from .errors import EndpointError, UsageError

T = TypeVar("T")

DEFAULT_USER_AGENT = f"balkg/{__version__} (+https://w3id.org/balkg; SPARQL client)"


class Unauthorized(EndpointError):
    """The server refused the credentials (exit 1: the call was right, the secret was not)."""

    exit_code = 1


@dataclass
class RetryPolicy:
    attempts: int = 4
    backoff: float = 0.5
    max_wait: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def wait(self, attempt: int, retry_after: float | None = None) -> None:
        delay = retry_after if retry_after is not None else self.backoff * (2 ** attempt)
        self.sleep(min(delay, self.max_wait))

    def run(self, once: Callable[[], T], where: str) -> T:
        """Call `once` until it succeeds or raises something other than Retryable, at most `attempts` times."""
        attempts = max(1, self.attempts)
        last: Retryable | None = None
        for attempt in range(attempts):
            try:
                return once()
            except Retryable as exc:
                last = exc
                if attempt + 1 < attempts:
                    self.wait(attempt, exc.retry_after)
        raise EndpointError(f"{where}: {last} (gave up after {attempts} attempt{'s' if attempts > 1 else ''})")


def retry_after_seconds(value: str | None) -> float | None:
    """Parse a Retry-After header: seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Retryable(Exception):
    """A failure that may pass if the request is sent again (connection, timeout, 5xx, 429)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class SparqlEndpoint:
    """A SPARQL 1.1 Protocol endpoint."""

    url: str
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 60.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    user: str | None = None
    password: str | None = None
    method: str = "GET"

    def _wrapper(self, query: str, fmt) -> SPARQLWrapper:
        if not self.url.startswith(("http://", "https://")):
            raise UsageError(f"endpoint URL must start with http:// or https://: {self.url}")
        sparql = SPARQLWrapper(self.url, agent=self.user_agent)
        sparql.setQuery(query)
        # SPARQLWrapper guesses the form with a regex that comment lines can fool ("loaded" -> LOAD).
        from .queries import query_form

        sparql.queryType = query_form(query) or sparql.queryType
        sparql.setReturnFormat(fmt)
        sparql.setTimeout(int(max(1, self.timeout)))
        if self.method == "POST":
            sparql.setMethod(POST)
        if self.user is not None:
            sparql.setCredentials(self.user, self.password or "")
        return sparql

    def _request(self, query: str, fmt) -> bytes:
        return self.retry.run(lambda: self._once(query, fmt), self.url)

    def _once(self, query: str, fmt) -> bytes:
        sparql = self._wrapper(query, fmt)
        try:
            response = sparql.query().response
            return response.read()
        except sx.QueryBadFormed as exc:
            raise EndpointError(f"{self.url}: the server rejected the query: {_first_line(exc)}") from None
        except sx.Unauthorized:
            raise Unauthorized(f"{self.url}: authentication failed (HTTP 401); check the credentials") from None
        except sx.EndPointNotFound:
            raise EndpointError(f"{self.url}: no SPARQL endpoint at this URL (HTTP 404)") from None
        except sx.EndPointInternalError as exc:
            raise Retryable(f"server error (HTTP 500): {_first_line(exc)}") from None
        except urllib.error.HTTPError as exc:
            if exc.code == 429:
                raise Retryable("rate limited (HTTP 429)", retry_after_seconds(exc.headers.get("Retry-After"))) from None
            if exc.code == 403:
                raise Unauthorized(f"{self.url}: access forbidden (HTTP 403)") from None
            if exc.code >= 500:
                raise Retryable(f"server error (HTTP {exc.code})",
                                 retry_after_seconds(exc.headers.get("Retry-After"))) from None
            raise EndpointError(f"{self.url}: HTTP {exc.code} {exc.reason}") from None
        except (socket.timeout, TimeoutError):
            raise Retryable(f"no answer within {self.timeout:g} s (timeout)") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise Retryable(f"no answer within {self.timeout:g} s (timeout)") from None
            raise Retryable(f"cannot connect: {reason}") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise Retryable(f"connection failed: {exc.__class__.__name__}: {exc}") from None

    def select(self, query: str) -> dict:
        """Run a SELECT or ASK query; return the SPARQL 1.1 JSON results document."""
        body = self._request(query, JSON)
        return parse_json_results(body, self.url)

    def construct(self, query: str) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query; return the RDF the server sent (Turtle or N-Triples)."""
        return self._request(query, N3)


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


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("QueryBadFormed", "EndPointInternalError", "Response:")):
            return line[:200]
    return text.splitlines()[0][:200] if text else exc.__class__.__name__
