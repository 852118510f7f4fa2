"""Transport manners of the Wikidata client, with a scripted HTTP server on 127.0.0.1 (tests/servers/scripted.py)
for the conditions a real SPARQL server cannot be made to produce: HTTP 429 with Retry-After, a timeout,
a truncated JSON body, and an error message sent with status 200. Sleeping is injected."""

from __future__ import annotations

import json

import pytest

from balkg.transport import RetryPolicy
from balkg.errors import EndpointError, UsageError
from balkg.wikidata import ResponseCache, WikidataClient
from support import after_graph_line
from servers.scripted import Scripted


EMPTY = json.dumps({"head": {"vars": ["name", "item"]}, "results": {"bindings": []}}).encode()
ONE_ROW = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
    {"x": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1"}}]}}).encode()
SPARQL_JSON = "application/sparql-results+json"


def client(url, sleeps=None, attempts=3, timeout=5.0, **kwargs):
    sleep = (sleeps.append if sleeps is not None else (lambda s: None))
    return WikidataClient(url=url, retry=RetryPolicy(attempts=attempts, sleep=sleep), timeout=timeout, **kwargs)


def test_429_is_retried_after_the_time_the_server_asks_for():
    sleeps: list[float] = []
    script = [(429, {"Retry-After": "7"}, b"Too Many Requests", 0), (200, {"Content-Type": SPARQL_JSON}, ONE_ROW, 0)]
    with Scripted(script) as server:
        rows = client(server.url, sleeps).select("SELECT ?x WHERE { ?x ?p ?o }")
    assert rows == [{"x": ("uri", "http://www.wikidata.org/entity/Q1", None)}]
    assert sleeps == [7.0]
    assert len(server.seen) == 2


def test_server_errors_back_off_and_give_up_after_the_bounded_attempts():
    sleeps: list[float] = []
    with Scripted([(503, {}, b"unavailable", 0)]) as server:
        with pytest.raises(EndpointError, match=r"HTTP 503.*gave up after 3 attempts"):
            client(server.url, sleeps).select("SELECT * {}")
    # exponential backoff between the three attempts, each less up to half of it at random (jitter)
    assert len(sleeps) == 2 and 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0


def test_a_timeout_is_an_error_not_an_empty_answer():
    with Scripted([(200, {"Content-Type": SPARQL_JSON}, EMPTY, 3)]) as server:
        with pytest.raises(EndpointError, match=r"no answer within 1 s \(timeout\).*gave up after 1 attempt\b"):
            client(server.url, attempts=1, timeout=1).select("SELECT * {}")


def test_a_truncated_json_body_is_detected():
    body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "val'
    with Scripted([(200, {"Content-Type": SPARQL_JSON}, body, 0)]) as server:
        with pytest.raises(EndpointError, match=r"the answer was cut off \(incomplete JSON"):
            client(server.url).select("SELECT * {}")


def test_an_error_message_sent_with_status_200_is_detected():
    body = b"java.util.concurrent.TimeoutException: Query deadline is expired."
    with Scripted([(200, {"Content-Type": "text/plain"}, body, 0)]) as server:
        with pytest.raises(EndpointError, match="the server sent an error instead of results: java.util.concurrent"):
            client(server.url).select("SELECT * {}")


def test_user_agent_names_tool_version_and_contact_and_requests_go_one_at_a_time(tmp_path):
    with Scripted([(200, {"Content-Type": SPARQL_JSON}, ONE_ROW, 0)]) as server:
        c = client(server.url, contact="ops@example.org", cache=ResponseCache(tmp_path))
        c.select("SELECT ?x { ?x ?p ?o }")
        c.select("SELECT ?x { ?x ?p ?o }")          # answered from the cache
    assert len(server.seen) == 1
    agent = server.seen[0]["agent"]
    assert agent.startswith("balkg/0.1.0 (https://w3id.org/balkg; ops@example.org) httpx/")
    assert c.requests == 1 and c.cache_hits == 1


def test_cache_expiry_asks_again():
    clock = [1000.0]
    with Scripted([(200, {"Content-Type": SPARQL_JSON}, ONE_ROW, 0)]) as server:
        import tempfile
        with tempfile.TemporaryDirectory() as directory:
            c = client(server.url, cache=ResponseCache(directory, ttl_seconds=60, clock=lambda: clock[0]))
            c.select("SELECT ?x { ?x ?p ?o }")
            clock[0] += 30
            c.select("SELECT ?x { ?x ?p ?o }")
            clock[0] += 61
            c.select("SELECT ?x { ?x ?p ?o }")
    assert len(server.seen) == 2


def test_the_public_service_is_refused_without_a_contact(monkeypatch):
    monkeypatch.delenv("BALKG_CONTACT", raising=False)
    with pytest.raises(UsageError, match="public Wikidata Query Service"):
        WikidataClient()
    WikidataClient(contact="ops@example.org")      # with a contact it is allowed (no request is made here)


@pytest.fixture
def root(wikidata_root):
    return wikidata_root


def test_cli_refuses_the_public_service_without_a_contact(run, root, monkeypatch):
    monkeypatch.delenv("BALKG_CONTACT", raising=False)
    result = run(root, "link", "wikidata")
    assert result.exit_code == 2
    assert after_graph_line(result.stderr).startswith("balkg: error: https://query.wikidata.org/sparql is the public Wikidata Query "
                                    "Service, whose policy asks every client for a contact: pass --contact")
    assert not (root / "data" / "reviews").exists()


@pytest.mark.parametrize("answer, message", [
    ((200, {"Content-Type": SPARQL_JSON}, b'{"head": {"vars": []}, "results": {"bindi', 0), "the answer was cut off"),
    ((200, {"Content-Type": "text/html"}, b"<html>Query timeout</html>", 0), "sent an error instead of results"),
    ((200, {"Content-Type": SPARQL_JSON}, EMPTY, 3), "no answer within 1 s (timeout)"),
])
def test_cli_reports_transport_failures_in_one_line_and_keeps_previous_files(run, root, tmp_path, answer, message):
    review = root / "data" / "reviews" / "wikidata-candidates.tsv"
    review.parent.mkdir(parents=True)
    review.write_text("earlier review\n", encoding="utf-8")
    with Scripted([answer]) as server:
        result = run(root, "link", "wikidata", "--endpoint", server.url, "--cache-dir", str(tmp_path / "cache"),
                     "--timeout", "1", "--retries", "0")
    assert result.exit_code == 2
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"balkg: error: {server.url}: ") and message in last
    assert "Traceback" not in result.output
    assert review.read_text(encoding="utf-8") == "earlier review\n"
    assert not list((tmp_path / "cache").rglob("*.json"))        # an error is never cached
