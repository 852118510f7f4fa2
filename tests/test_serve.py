"""`balkg serve` as a user runs it: start, query over HTTP, Ctrl-C, port freed."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from balkg.store.oxigraph import free_port
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

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in process.stderr.read()
    with socket.socket() as probe:
        # SO_REUSEADDR tolerates closed connections in TIME_WAIT, not a server still listening.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
        probe.listen()


def test_serve_on_a_busy_port_is_one_line_and_exit_2(graph_copy):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([*BALKG, "--root", str(graph_copy), "serve", "--port",
                               str(port)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("balkg: error: cannot listen on") and done.stderr.count("\n") == 1
