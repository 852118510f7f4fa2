"""`balkg query --endpoint` against a real Oxigraph server on loopback, and endpoint failures."""

from __future__ import annotations

import base64
import json
import socket
import time

import pyoxigraph as ox
import pytest

from balkg.layout import load_layout
from balkg.store.oxigraph import free_port
from balkg.query.catalogue import catalogue
from servers.scenarios import error_line
from servers.scripted import Answer, Scripted

from support import REPO, after_graph_line
from support.answers import REQUIRED_VALUES, concat_separators, unordered

pytestmark = pytest.mark.server

SAVED = [q for q in catalogue(load_layout(REPO))]


@pytest.fixture(scope="module")
def endpoint(shipped_endpoint):
    return shipped_endpoint


def params_for(query):
    args = []
    for p in query.parameters:
        if p.required:
            args += ["--param", f"{p.name}={REQUIRED_VALUES[p.name]}"]
    return args


def answer(output, form, separators):
    if form in ("CONSTRUCT", "DESCRIBE"):
        return sorted(map(str, ox.parse(output.encode(), format=ox.RdfFormat.N_TRIPLES)))
    doc = json.loads(output)
    if "boolean" in doc:
        return doc["boolean"]
    rows = []
    for b in doc["results"]["bindings"]:
        row = tuple((b[v]["type"], b[v]["value"], b[v].get("xml:lang", "").lower(), b[v].get("datatype", ""))
                    if v in b else None for v in doc["head"]["vars"])
        rows.append(unordered(row, separators))
    return sorted(rows, key=repr)


@pytest.mark.parametrize("query", SAVED, ids=[q.name for q in SAVED])
def test_saved_query_gives_the_same_rows_through_the_endpoint(run, query, endpoint):
    fmt = "ntriples" if query.form in ("CONSTRUCT", "DESCRIBE") else "json"
    local = run("query", query.name, "-f", fmt, *params_for(query))
    remote = run("query", query.name, "-f", fmt, "--endpoint", endpoint, *params_for(query))
    assert remote.exit_code == local.exit_code, remote.output
    separators = concat_separators(query.text)
    assert answer(remote.stdout, query.form, separators) == answer(local.stdout, query.form, separators)


def test_parameters_reach_the_endpoint_typed(run, endpoint):
    args = ["query", "designations", "-f", "json", "--param", "actor=actor:bla", "--param", "asof=2020-01-01"]
    local, remote = run(*args), run(*args, "--endpoint", endpoint)
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert json.loads(remote.stdout)["results"]["bindings"]


def test_injection_attempt_through_the_endpoint_is_a_value(run, endpoint):
    result = run("query", "lookup", "-f", "json", "--endpoint", endpoint,
                 "--param", 'name=x" } UNION { ?resource ?p ?matched }')
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"] == []


def test_ask_through_the_endpoint_sets_the_exit_code(run, endpoint):
    yes = run("query", "is-designated", "--endpoint", endpoint, "--param", "actor=actor:bla")
    no = run("query", "is-designated", "--endpoint", endpoint, "--param", "actor=actor:bla",
             "--param", "asof=1990-01-01")
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    assert (no.exit_code, no.stdout) == (1, "false\n")


def test_syntax_error_is_reported_with_its_line_before_anything_is_sent(run, endpoint):
    result = run("query", "-", "--endpoint", endpoint, input="SELECT ?x WHERE {\n  ?x a ?y .\n  OPTIONAL ?x\n}\n")
    assert result.exit_code == 2
    assert after_graph_line(result.stderr).startswith("balkg: error: <stdin>:3:")


def test_unreachable_endpoint_is_one_clear_line_and_exit_2(run):
    port = free_port()  # nothing listens there
    result = run("query", "sources", "--endpoint", f"http://127.0.0.1:{port}/query", "--retries", "0")
    assert result.exit_code == 2
    lines = after_graph_line(result.stderr).strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"balkg: error: http://127.0.0.1:{port}/query: cannot connect")


def test_an_endpoint_redirecting_to_itself_is_one_clear_line_and_exit_2(run):
    with Scripted([(301, {"Location": "/sparql"}, b"", 0)]) as server:
        result = run("query", "sources", "--endpoint", server.url, "--retries", "0")
    assert result.exit_code == 2
    lines = after_graph_line(result.stderr).strip().splitlines()
    assert lines == [f"balkg: error: {server.url}: more than 20 redirects (a redirect loop?)"]


def test_endpoint_that_never_answers_times_out_with_a_clear_message(run):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        result = run("query", "sources", "--endpoint", url, "--timeout", "1", "--retries", "0")
    assert result.exit_code == 2
    assert "timeout" in result.output and len(after_graph_line(result.stderr).strip().splitlines()) == 1


def test_not_an_endpoint_url_is_a_usage_error(run):
    result = run("query", "sources", "--endpoint", "ftp://example.org/sparql")
    assert result.exit_code == 2 and "http" in result.output


# ---------------------------------------------------------------- credentials, URLs, deadlines (issue 10 §4)

def test_a_password_in_the_endpoint_url_is_refused_and_never_printed(run):
    result = run("query", "sources", "--endpoint", "http://me:hunter2@127.0.0.1:1/query")
    assert result.exit_code == 2 and "hunter2" not in result.output
    assert "do not put credentials in the URL" in error_line(result.stderr)


def test_query_endpoint_takes_the_credentials_load_takes(run, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("BALKG_USER", "reader")
    monkeypatch.setenv("BALKG_PASSWORD", "s3cret")
    body = json.dumps({"head": {}, "boolean": True}).encode()
    with Scripted([(200, {"Content-Type": "application/sparql-results+json"}, body, 0)]) as server:
        result = run("query", "-", "--endpoint", server.url, "--auth", "basic", input="ASK {}")
    assert (result.exit_code, result.stdout) == (0, "true\n")
    assert server.seen[0]["authorization"] == "Basic " + base64.b64encode(b"reader:s3cret").decode()
    assert "s3cret" not in result.output


def test_credential_options_need_an_endpoint(run):
    result = run("query", "sources", "--auth", "basic")
    assert result.exit_code == 2 and "need --endpoint" in result.stderr


@pytest.mark.parametrize("command", [
    ["query", "sources", "--endpoint", "http://[x/query"],
    ["load", "--no-validate", "--server", "oxigraph", "http://[x"],
    ["load", "--no-validate", "--update", "http://[x/update", "--query-url", "http://[x/query"],
    ["link", "wikidata", "--endpoint", "http://[x/sparql", "--offline"],
])
def test_a_malformed_url_is_one_line_and_exit_2(run, command, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    result = run(*command)
    assert result.exit_code == 2, result.output
    assert error_line(result.stderr).startswith("balkg: error: malformed URL")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_an_endpoint_trickling_its_answer_is_cut_off_at_timeout(run):
    body = b" " * 40 + json.dumps({"head": {}, "boolean": True}).encode()
    answer = Answer(200, {"Content-Type": "application/sparql-results+json"}, body, trickle=0.1)
    with Scripted([answer]) as server:
        started = time.monotonic()
        result = run("query", "-", "--endpoint", server.url, "--timeout", "1", "--retries", "0", input="ASK {}")
        elapsed = time.monotonic() - started
    assert result.exit_code == 2 and "no answer within 1 s (timeout)" in result.stderr
    assert elapsed < 2.5   # the whole answer would take 6 s


def test_a_local_query_is_bounded_by_timeout_when_given(run):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    started = time.monotonic()
    result = run("query", "-", "--timeout", "1", input=heavy)
    assert result.exit_code == 2
    assert after_graph_line(result.stderr) == "balkg: error: the query did not finish within 1 s (--timeout)\n"
    assert time.monotonic() - started < 15   # parsing the shipped graph, then 1 s of evaluation
