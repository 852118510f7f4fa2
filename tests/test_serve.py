"""`balkg serve` as a user runs it: start, query over HTTP, Ctrl-C, port freed."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from balkg.store.oxigraph import free_port
from support import after_graph_line
from servers.scenarios import local_counts

pytestmark = pytest.mark.server

BALKG = [sys.executable, "-c", "from balkg.cli import main; main()"]


def test_serve_answers_queries_and_stops_cleanly_on_ctrl_c(graph_copy):
    port = free_port()
    process = subprocess.Popen([*BALKG, "--root", str(graph_copy), "serve",
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()
        second = process.stdout.readline()
        url = f"http://127.0.0.1:{port}/query"
        assert first.strip() == f"SPARQL endpoint: {url}"
        assert second.startswith("try: curl ") and url in second

        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        request = urllib.request.Request(url + "?query=" + urllib.parse.quote(query),
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            bindings = json.load(answer)["results"]["bindings"]
        assert {b["g"]["value"]: int(b["n"]["value"]) for b in bindings} == local_counts(graph_copy)
        # The default graph is the union of the files' graphs, as in `balkg query`.
        union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        with urllib.request.urlopen(urllib.request.Request(
                url + "?query=" + urllib.parse.quote(union), headers={"Accept": "application/sparql-results+json"}),
                timeout=30) as answer:
            assert int(json.load(answer)["results"]["bindings"][0]["n"]["value"]) > 0

    finally:
        _stop(process, signal.SIGINT)
    _port_is_free(port)


def test_serve_on_a_busy_port_is_one_line_and_exit_2(graph_copy):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([*BALKG, "--root", str(graph_copy), "serve", "--port",
                               str(port)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert after_graph_line(done.stderr).startswith("balkg: error: cannot listen on") and after_graph_line(done.stderr).count("\n") == 1


def _start(graph_copy, *args, env=None, preexec_fn=None):
    port = free_port()
    process = subprocess.Popen([*BALKG, "--root", str(graph_copy), "serve", "--port", str(port), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               preexec_fn=preexec_fn)
    first = process.stdout.readline()
    assert first.startswith("SPARQL endpoint: "), process.stderr.read() if process.poll() is not None else first
    process.stdout.readline()
    return process, port, first.split(": ", 1)[1].strip()


def _ask(url, query, headers=None):
    request = urllib.request.Request(url + "?query=" + urllib.parse.quote(query),
                                     headers={"Accept": "application/sparql-results+json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer), {k.lower(): v for k, v in answer.headers.items()}


def _stop(process, signum) -> None:
    """Stop `balkg serve` with `signum`: it exits 0 without a traceback (killed if it does not stop)."""
    try:
        process.send_signal(signum)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in process.stderr.read()


def _port_is_free(port):
    with socket.socket() as probe:
        # SO_REUSEADDR tolerates closed connections in TIME_WAIT, not a server still listening.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
        probe.listen()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_serve_stops_cleanly_on_sigterm_and_sighup(graph_copy, tmp_path, signum):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    process, port, url = _start(graph_copy, env=env)
    try:
        assert _ask(url, "ASK { ?s ?p ?o }")[0]["boolean"] is True
        assert [p.name for p in temp.iterdir() if p.name.startswith("balkg-serve-")]
    finally:
        _stop(process, signum)
    assert not [p for p in temp.iterdir() if p.name.startswith("balkg-serve-")], "the temporary store is left"
    _port_is_free(port)  # the Oxigraph server is gone too


def _servers_under(folder):
    """Pids of the Oxigraph servers whose store lies under `folder`."""
    pids = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                args = cmdline.read().split(b"\0")
        except (OSError, ValueError):
            continue
        if any(b"oxigraph" in a for a in args[:1]) and any(a.startswith(str(folder).encode()) for a in args):
            pids.append(int(entry))
    return pids


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
def test_serve_killed_by_sigkill_leaves_no_server_running(graph_copy, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    process, port, url = _start(graph_copy, env={**os.environ, "TMPDIR": str(temp)})
    try:
        assert _ask(url, "ASK { ?s ?p ?o }")[0]["boolean"] is True
        assert _servers_under(temp), "the test should see the running Oxigraph server"
        process.kill()
        process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _servers_under(temp) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _servers_under(temp), "the Oxigraph server outlived balkg serve"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in _servers_under(temp):
            os.kill(pid, signal.SIGKILL)


def test_serve_store_serves_an_existing_store_as_it_is(graph_copy, tmp_path):
    store = tmp_path / "store"
    loaded = subprocess.run([*BALKG, "--root", str(graph_copy), "load", "--no-validate", "--store", str(store)],
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    (graph_copy / "data" / "ttl" / "zz-new.ttl").write_text("<http://example.org/new> a <http://example.org/C> .\n")
    process, port, url = _start(graph_copy, "--store", str(store))
    try:
        # The store is served as it is: the new file was not loaded into it.
        assert _ask(url, "ASK { <http://example.org/new> ?p ?o }")[0]["boolean"] is False
        assert _ask(url, "ASK { ?s ?p ?o }")[0]["boolean"] is True
        # A load into the served store waits for the server (it would swap the store away under it).
        busy = subprocess.run([*BALKG, "--root", str(graph_copy), "load", "--no-validate", "--store", str(store),
                               "--wait", "0.5"], capture_output=True, text=True, timeout=120)
        assert busy.returncode == 2 and "in use by pid" in busy.stderr and "balkg serve" in busy.stderr
    finally:
        _stop(process, signal.SIGINT)
    assert store.is_dir()


def test_service_clauses_to_other_hosts_are_refused_unless_allowed(graph_copy, oxigraph_server):
    elsewhere = oxigraph_server()
    federated = f"SELECT * WHERE {{ SERVICE <{elsewhere.query_url}> {{ ?s ?p ?o }} }} LIMIT 1"
    process, port, url = _start(graph_copy, "--cors")
    try:
        _, headers = _ask(url, "ASK {}", headers={"Origin": "http://example.org"})
        assert headers.get("access-control-allow-origin") in ("*", "http://example.org")
        with pytest.raises(urllib.error.HTTPError) as refused:
            _ask(url, "# SERVICE in a comment is fine\n" + federated)
        assert refused.value.code == 403 and b"--allow-service" in refused.value.read()
        assert _ask(url, 'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }')[0]["results"]["bindings"] == []
    finally:
        _stop(process, signal.SIGINT)
    process, port, url = _start(graph_copy, "--allow-service", "--cors")
    try:
        document, headers = _ask(url, federated, headers={"Origin": "http://example.org"})
        assert document["results"]["bindings"] == []          # the other server is empty, but was asked
        assert headers.get("access-control-allow-origin") in ("*", "http://example.org")
    finally:
        _stop(process, signal.SIGINT)


def test_ctrl_c_stops_a_server_started_in_the_background_of_a_script(graph_copy):
    """`balkg serve &` in a non-interactive shell starts with SIGINT ignored; SIGINT still stops it."""
    process, _, url = _start(graph_copy, "--no-site", preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert _ask(url, "ASK { ?s ?p ?o }")[0]["boolean"] is True
    _stop(process, signal.SIGINT)
