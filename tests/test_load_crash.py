"""Loads killed halfway (kill -9 of balkg, of the Oxigraph server), loads racing for one store, --cleanup.

After every crash each store answers every saved query exactly as before the
load or exactly as after it (issue 10 §3). balkg runs in a real subprocess
that SIGKILLs itself at a chosen point of the load (tests/servers/killer.py
patches one function to do so); the Oxigraph server is a real process killed
with SIGKILL.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from balkg.layout import load_layout
from balkg.query.run import EmbeddedTarget, EndpointTarget
from balkg.store.lock import store_lock
from balkg.transport import SparqlClient
from servers.scenarios import (assert_before_or_after, assert_store_holds, expected_answers, local_graphs,
                               mark_reload, remote_graph, run_load, staging_graphs)

pytestmark = pytest.mark.usefixtures("no_user_credentials")
KILLER = Path(__file__).resolve().parent / "servers" / "killer.py"
CHUNK = "16k"


def balkg(root: Path, *args: str, kills: list[dict] | None = None, timeout: float = 120):
    """`balkg --root ROOT ARGS` in a subprocess; `kills` makes it patch functions to SIGKILL itself."""
    command = [sys.executable, str(KILLER), json.dumps(kills or []), "--root", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def siblings(store: Path) -> list[str]:
    return sorted(p.name for p in store.parent.iterdir()
                  if p.name.startswith(f".{store.name}.") and not p.name.endswith(".lock"))


@pytest.fixture
def before_and_after(graph_copy, tmp_path):
    """The graph as loaded first (`before`), then changed (`graph_copy` becomes the after state)."""
    before = tmp_path / "before"
    shutil.copytree(graph_copy, before)
    mark_reload(graph_copy)
    return before, graph_copy, expected_answers(before), expected_answers(graph_copy)


# ---------------------------------------------------------------- the embedded store

EMBEDDED_KILLS = {
    "while bulk-loading the files": [{"target": "balkg.store.embedded:_bulk_load_file", "nth": 3}],
    "while bulk-loading the validated parse": [{"target": "balkg.store.plan:GraphLoad.quads", "nth": 3}],
    "before the swap": [{"target": "balkg.store.embedded:_exchange", "nth": 1}],
    "after the swap, before removing the old store": [{"target": "shutil:rmtree", "nth": 1}],
    "between the two renames of a swap without exchange": [
        {"target": "balkg.store.embedded:_exchange", "nth": 1, "action": "return False"},
        {"target": "os:rename", "nth": 2}],
}


@pytest.mark.parametrize("point", list(EMBEDDED_KILLS))
def test_balkg_killed_during_a_store_load_leaves_it_as_before_or_after(point, before_and_after, tmp_path):
    before, after, expected_before, expected_after = before_and_after
    store = tmp_path / "store"
    assert balkg(before, "load", "--no-validate", "--store", str(store)).returncode == 0

    validation = [] if "validated" in point else ["--no-validate"]
    killed = balkg(after, "load", *validation, "--store", str(store), kills=EMBEDDED_KILLS[point])
    assert killed.returncode == -9, killed.stderr

    if point.startswith("between the two renames"):
        # Without an atomic exchange the store is missing until a cleanup puts the old one back.
        assert not store.exists()
        cleanup = balkg(after, "load", "--cleanup", "--store", str(store))
        assert cleanup.returncode == 0 and "put back the store" in cleanup.stderr
    state = assert_before_or_after(EmbeddedTarget.open_store(store), after, expected_before, expected_after)
    assert state == ("after" if point.startswith("after the swap") else "before")

    cleanup = balkg(after, "load", "--cleanup", "--store", str(store))
    assert cleanup.returncode == 0, cleanup.stderr
    assert ("removed 1 unfinished store(s)" in cleanup.stderr) == (point != "between the two renames of a swap "
                                                                   "without exchange")
    assert siblings(store) == []
    assert assert_before_or_after(EmbeddedTarget.open_store(store), after, expected_before, expected_after) == state


def test_a_second_load_waits_for_the_first_and_names_it(graph_copy, tmp_path):
    store = tmp_path / "store"
    with store_lock(store, "a test holding the store"):
        refused = balkg(graph_copy, "load", "--no-validate", "--store", str(store), "--wait", "1")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1].startswith(f"balkg: error: the store {store} is still in use by pid")
    assert "a test holding the store" in refused.stderr and not store.exists()

    # Hold the lock until the second load says it waits: a fixed sleep races the load's start-up on a busy machine.
    command = [sys.executable, str(KILLER), "[]", "--root", str(graph_copy), "load", "--no-validate", "--store", str(store)]
    with store_lock(store, "a test holding the store"):
        waiter = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen = []
        for line in waiter.stderr:
            seen.append(line)
            if "waiting for the store" in line:
                break
    out, rest = waiter.communicate(timeout=120)
    waited = subprocess.CompletedProcess(command, waiter.returncode, out, "".join(seen) + rest)
    assert waited.returncode == 0, waited.stderr
    assert "waiting for the store" in waited.stderr and "a test holding the store" in waited.stderr


def test_a_query_on_a_store_waits_for_the_load_that_holds_it(graph_copy, tmp_path):
    store = tmp_path / "store"
    assert balkg(graph_copy, "load", "--no-validate", "--store", str(store)).returncode == 0
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    command = [sys.executable, str(KILLER), "[]", "--root", str(graph_copy), "query", "--store", str(store),
               "--format", "csv", str(query)]
    with store_lock(store, "a test loading the store"):
        reader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        notice = ""
        for line in reader.stderr:  # the graph line comes first, then the notice
            notice += line
            if "waiting for the store" in line:
                break
    out, rest = reader.communicate(timeout=120)
    assert "waiting for the store" in notice and "a test loading the store" in notice, notice + rest
    assert reader.returncode == 0 and out.splitlines()[1] == str(sum(len(g) for g in local_graphs(graph_copy).values()))


def test_concurrent_loads_into_one_store_all_tell_the_truth(graph_copy, tmp_path):
    store = tmp_path / "store"
    command = [sys.executable, str(KILLER), "[]", "--root", str(graph_copy), "load", "--no-validate",
               "--store", str(store)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], [err for _, err in outputs]
    assert all("all counts match" in out for out, _ in outputs)
    assert siblings(store) == []
    assert EmbeddedTarget.open_store(store).run(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"].value == str(
        sum(len(g) for g in local_graphs(graph_copy).values()))


def test_serve_store_serves_what_is_there_and_never_overwrites(graph_copy, tmp_path):
    empty = tmp_path / "nothing"
    refused = balkg(graph_copy, "serve", "--store", str(empty), "--port", "0", timeout=60)
    assert refused.returncode == 2 and "no store at" in refused.stderr and not empty.exists()


# ---------------------------------------------------------------- a server

@pytest.fixture
def oxigraph(union_oxigraph):
    return union_oxigraph


BALKG_KILLS = {
    # the third chunk sent to a staging graph (N-Triples bodies; the GSP probe only accepts N-Triples)
    "while staging": [{"target": "balkg.transport.http:HttpClient.request", "nth": 3,
                       "when": "'application/n-triples'), {"}],
    "right before the swap": [{"target": "balkg.transport.sparql:SparqlClient.update", "nth": 1,
                               "when": "MOVE SILENT"}],
    "right after the swap": [{"target": "balkg.store.server:ServerStore.counts", "nth": 2}],
}


@pytest.mark.server
@pytest.mark.parametrize("point", list(BALKG_KILLS))
def test_balkg_killed_during_a_server_load(point, oxigraph, before_and_after):
    before, after, expected_before, expected_after = before_and_after
    s = oxigraph()
    args = ("load", "--no-validate", "--server", "oxigraph", s.base_url, "--chunk-size", CHUNK)
    assert balkg(before, *args).returncode == 0

    killed = balkg(after, *args, kills=BALKG_KILLS[point])
    assert killed.returncode == -9, killed.stderr
    # The layout's graphs are whole: all as before or all as after.
    states = {("after" if remote_graph(s.query_url, g) == graph else "before")
              for g, graph in local_graphs(after).items()}
    assert states == {"after" if point == "right after the swap" else "before"}

    cleanup = balkg(after, "load", "--cleanup", "--server", "oxigraph", s.base_url)
    assert cleanup.returncode == 0, cleanup.stderr
    if point != "right after the swap":
        assert "removed" in cleanup.stderr and "staging graph(s)" in cleanup.stderr
    assert staging_graphs(s.query_url, load_layout(after).base) == []
    state = assert_before_or_after(EndpointTarget.at(s.query_url), after, expected_before, expected_after)
    assert state == states.pop()


def _kill_during_swap(monkeypatch, server):
    """Kill the server a moment after the swap request leaves."""
    original = SparqlClient.update

    def update(self, url, text, *args, **kwargs):
        if text.startswith("MOVE"):
            threading.Timer(0.005, server.kill).start()
        return original(self, url, text, *args, **kwargs)

    monkeypatch.setattr(SparqlClient, "update", update)


def _kill_after_staging(monkeypatch, server):
    """Kill the server when every graph is staged, as the staged counts are checked."""
    from balkg.store.server import ServerStore

    original = ServerStore.counts

    def counts(self, graphs):
        server.kill()
        return original(self, graphs)

    monkeypatch.setattr(ServerStore, "counts", counts)


@pytest.mark.server
@pytest.mark.parametrize("kill", [_kill_after_staging, _kill_during_swap], ids=["after staging", "during the swap"])
def test_oxigraph_killed_during_a_load(kill, oxigraph, before_and_after, monkeypatch):
    before, after, expected_before, expected_after = before_and_after
    s = oxigraph()
    args = ("--server", "oxigraph", s.base_url, "--chunk-size", CHUNK, "--retries", "0")
    assert run_load(before, *args).exit_code == 0

    kill(monkeypatch, s)
    result = run_load(after, *args)
    monkeypatch.undo()
    assert result.exit_code in (0, 1, 2)  # the swap may have landed before the kill
    assert result.exit_code != 0 or "all counts match" in result.stdout

    restarted = oxigraph.restart(s)
    cleanup = run_load(after, "--cleanup", "--server", "oxigraph", restarted.base_url)
    assert cleanup.exit_code == 0, cleanup.output
    state = assert_before_or_after(EndpointTarget.at(restarted.query_url), after, expected_before, expected_after)
    if result.exit_code:
        assert "the load failed" in result.stderr
    again = run_load(after, "--server", "oxigraph", restarted.base_url)
    assert again.exit_code == 0, again.output
    assert_store_holds(restarted.query_url, after)
    assert state in ("before", "after")
