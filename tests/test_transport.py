"""balkg.transport as a library: URLs, retries, the deadline, credentials, connection reuse, error mapping.

Servers are real sockets on 127.0.0.1 (tests/servers/scripted.py); sleeping between retries is injected.
"""

from __future__ import annotations

import base64
import re
import json
import time

import pytest

from balkg.errors import EndpointError, UsageError
from balkg.transport import (Credentials, HttpClient, RetryPolicy, SparqlClient, Unauthorized, check_url,
                             display_url)
from balkg.transport.retry import retry_after_seconds
from servers.scripted import Answer, Scripted

RESULTS = json.dumps({"head": {"vars": []}, "boolean": True}).encode()
JSON = {"Content-Type": "application/sparql-results+json"}


def client(sleeps=None, attempts=1, timeout=5.0, **kwargs) -> HttpClient:
    policy = RetryPolicy(attempts=attempts, sleep=(sleeps.append if sleeps is not None else lambda s: None))
    return HttpClient(timeout=timeout, retry=policy, **kwargs)


# ---------------------------------------------------------------- URLs

@pytest.mark.parametrize("url, message", [
    ("http://[x", "malformed URL"),
    ("http://host:port/", "malformed URL"),
    ("ftp://example.org/sparql", "not an http(s) URL"),
    ("http:///sparql", "not an http(s) URL"),
])
def test_bad_urls_are_one_usage_error(url, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        check_url(url)


@pytest.mark.parametrize("url", ["http://me:hunter2@127.0.0.1:1/q", "http://me:hunter2@[x/q"])
def test_credentials_in_a_url_are_refused_and_never_echoed(url):
    with pytest.raises(UsageError) as caught:
        check_url(url)
    assert "hunter2" not in str(caught.value) and "me:" not in str(caught.value)


def test_display_url_drops_the_query_string_and_user_information():
    assert display_url("http://u:secret@h:8890/sparql?query=SELECT") == "http://h:8890/sparql"


# ---------------------------------------------------------------- retries

def test_backoff_doubles_with_jitter_and_retry_after_is_honoured_up_to_the_cap():
    policy = RetryPolicy(backoff=0.5, jitter=0.5, max_wait=30, random=lambda: 1.0)
    assert [policy.delay(n) for n in range(3)] == [0.25, 0.5, 1.0]
    assert RetryPolicy(jitter=0, random=lambda: 1.0).delay(2) == 2.0
    assert policy.delay(0, retry_after=7) == 7
    assert policy.delay(0, retry_after=3600) == 30
    assert retry_after_seconds("12") == 12.0 and retry_after_seconds("soon") is None


def test_retries_are_bounded_and_say_how_many_attempts_were_made():
    sleeps: list[float] = []
    with Scripted([(503, {}, b"busy", 0)]) as server:
        with pytest.raises(EndpointError, match=r"server error \(HTTP 503\): busy \(gave up after 3 attempts\)"):
            client(sleeps, attempts=3).request("GET", server.url)
    assert len(server.seen) == 3 and len(sleeps) == 2


def test_a_request_that_must_not_be_repeated_is_sent_once():
    with Scripted([(503, {}, b"busy", 0)]) as server:
        http = client(attempts=4)
        with pytest.raises(EndpointError, match="gave up after 1 attempt"):
            http.request("POST", server.url, b"x", retry=http.retry.once())
    assert len(server.seen) == 1


# ---------------------------------------------------------------- the deadline

def test_a_server_trickling_its_answer_is_cut_off_at_the_deadline():
    """Each byte comes well within any per-read timeout; the whole answer would take 10 s."""
    with Scripted([Answer(200, JSON, b" " * 50 + RESULTS, trickle=0.2)]) as server:
        started = time.monotonic()
        with pytest.raises(EndpointError, match=r"no answer within 1 s \(timeout\)"):
            client(timeout=1).request("GET", server.url)
        elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 1.6


def test_a_server_that_never_answers_is_cut_off_at_the_deadline():
    with Scripted([Answer(200, JSON, RESULTS, delay=5)]) as server:
        started = time.monotonic()
        with pytest.raises(EndpointError, match="timeout"):
            client(timeout=0.5).request("GET", server.url)
    assert time.monotonic() - started < 1.2


def test_a_per_request_timeout_overrides_the_clients():
    with Scripted([Answer(200, JSON, RESULTS, delay=1)]) as server:
        assert client(timeout=0.3).request("GET", server.url, timeout=3).status == 200


# ---------------------------------------------------------------- connections and credentials

def test_requests_reuse_one_connection():
    with Scripted([(200, JSON, RESULTS, 0)]) as server:
        http = client()
        for _ in range(3):
            http.request("GET", server.url)
        http.close()
    assert len({seen["port"] for seen in server.seen}) == 1


def test_basic_and_bearer_credentials_are_sent_and_never_in_repr():
    with Scripted([(200, JSON, RESULTS, 0)]) as server:
        client(credentials=Credentials("basic", "me", "s3cret")).request("GET", server.url)
        bearer = client(credentials=Credentials("bearer", token="t0ken"))
        bearer.request("GET", server.url)
    assert server.seen[0]["authorization"] == "Basic " + base64.b64encode(b"me:s3cret").decode()
    assert server.seen[1]["authorization"] == "Bearer t0ken"
    assert "s3cret" not in repr(Credentials("basic", "me", "s3cret")) and "t0ken" not in repr(bearer)


def test_refused_credentials_are_unauthorized_exit_1_without_the_secret():
    with Scripted([(401, {"WWW-Authenticate": 'Basic realm="x"'}, b"no", 0)]) as server:
        with pytest.raises(Unauthorized, match="authentication failed") as caught:
            client(credentials=Credentials("basic", "me", "s3cret")).request("GET", server.url)
    assert caught.value.exit_code == 1 and "s3cret" not in str(caught.value)


# ---------------------------------------------------------------- one error mapping

@pytest.mark.parametrize("answer, error, message", [
    ((404, {}, b"", 0), EndpointError, "nothing at this URL (HTTP 404)"),
    ((400, {}, b"Parser error: line 1", 0), EndpointError, "the server refused the request (HTTP 400): Parser error"),
    ((403, {}, b"", 0), Unauthorized, "access forbidden (HTTP 403)"),
    ((429, {"Retry-After": "0"}, b"", 0), EndpointError, "rate limited (HTTP 429)"),
])
def test_each_failure_is_one_error_with_the_url(answer, error, message):
    with Scripted([answer]) as server:
        with pytest.raises(error) as caught:  # noqa: PT011
            client().request("GET", server.url + "?query=secret-looking")
    assert str(caught.value).startswith(server.url + ": ") and message in str(caught.value)
    assert "secret-looking" not in str(caught.value)


def test_nothing_listening_is_cannot_connect():
    with Scripted([(200, {}, b"", 0)]) as server:
        url = server.url
    with pytest.raises(EndpointError, match="cannot connect: connection refused"):
        client().request("GET", url)


def test_a_redirect_loop_is_one_endpoint_error_naming_the_url():
    with Scripted([(302, {"Location": "/sparql"}, b"", 0)]) as server:
        with pytest.raises(EndpointError) as caught:
            client().request("GET", server.url)
    assert str(caught.value) == f"{server.url}: more than 20 redirects (a redirect loop?)"
    assert caught.value.exit_code == 2


def test_a_redirect_to_another_host_never_carries_the_credentials():
    with Scripted([(200, JSON, RESULTS, 0)]) as other:
        elsewhere = other.url.replace("127.0.0.1", "localhost")
        with Scripted([(307, {"Location": elsewhere}, b"", 0)]) as server:
            client(credentials=Credentials("basic", "me", "s3cret")).request("GET", server.url)
    assert server.seen[0]["authorization"] is not None
    assert [seen["authorization"] for seen in other.seen] == [None]


# ---------------------------------------------------------------- SPARQL over the client

def test_sparql_queries_go_by_get_and_long_ones_by_post():
    with Scripted([(200, JSON, RESULTS, 0)]) as server:
        sparql = SparqlClient(client())
        assert sparql.select(server.url, "ASK {}")["boolean"] is True
        sparql.select(server.url, "ASK { " + "# padding\n" * 500 + "}")
    assert [s["method"] for s in server.seen] == ["GET", "POST"]
    assert server.seen[0]["accept"] == "application/sparql-results+json"


def test_an_update_is_a_form_post():
    with Scripted([(204, {}, b"", 0)]) as server:
        SparqlClient(client()).update(server.url, "DROP SILENT GRAPH <http://example.org/g>")
    assert server.seen[0]["method"] == "POST" and server.seen[0]["body"].startswith(b"update=DROP+SILENT")
