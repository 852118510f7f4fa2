"""balkg.store as a library: targets from options, presets as data, a load run on each kind of target."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from balkg.errors import UsageError
from balkg.store import (PRESETS, CountMismatch, EmbeddedStore, GraphLoad, ServerStore, load_graphs, load_target,
                         prepare_graphs)
from balkg.store.server import swap_update
from balkg.rdf.dataset import GraphFile

EX = "http://example.org/"


def graph(name: str, n: int, blank: bool = False) -> GraphLoad:
    """A graph of `n` triples built in Python, as a library user would."""
    triples = [ox.Triple(ox.NamedNode(f"{EX}{name}/s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i)))
               for i in range(n)]
    if blank:
        triples.append(ox.Triple(ox.NamedNode(f"{EX}{name}/s0"), ox.NamedNode(f"{EX}q"), ox.BlankNode("b")))
    return GraphLoad(GraphFile(path=None, display=f"{name}.ttl", graph=f"{EX}graph/{name}"), triples)


# ---------------------------------------------------------------- targets from options

def test_options_without_a_server_give_the_embedded_store(tmp_path):
    target = load_target(staging_base=EX, store_dir=tmp_path / "s")
    assert isinstance(target, EmbeddedStore) and target.directory == tmp_path / "s"
    assert load_target(staging_base=EX, default_store=tmp_path / "d").directory == tmp_path / "d"


def test_a_preset_gives_its_paths_and_explicit_urls_override_them(no_user_credentials):
    target = load_target(staging_base=EX, server=("virtuoso", "http://h:8890/"), query_url="http://q:1/sparql")
    assert isinstance(target, ServerStore)
    assert target.endpoints.update == "http://h:8890/sparql-auth" and target.endpoints.query == "http://q:1/sparql"
    assert target.http.credentials.auth == "none"       # no user known: the preset's digest is not forced


def test_a_presets_default_authentication_applies_when_a_user_is_known(no_user_credentials, monkeypatch):
    monkeypatch.setenv("BALKG_USER", "u")
    monkeypatch.setenv("BALKG_PASSWORD", "p")
    target = load_target(staging_base=EX, server=("virtuoso", "http://h:8890"), timeout=5, retries=0)
    assert target.http.credentials.auth == "digest"
    assert (target.http.timeout, target.http.retry.attempts) == (5, 1)


@pytest.mark.parametrize("options, message", [
    ({"store_dir": "x", "gsp_url": "http://h/store"}, "choose one target"),
    ({"store_dir": "x", "auth": "basic"}, "need a server target"),
    ({"gsp_url": "http://h/store"}, "--query-url"),
    ({"server": ("nosuch", "http://h")}, "unknown server kind"),
    ({"server": ("oxigraph", "http://[x")}, r"malformed URL: 'http://\[x'$"),  # the URL given, no preset path
])
def test_wrong_options_are_usage_errors(options, message, no_user_credentials):
    with pytest.raises(UsageError, match=message):
        load_target(staging_base=EX, **options)


def test_every_preset_is_data_with_a_query_path_and_a_write_path():
    for kind, preset in PRESETS.items():
        assert preset.kind == kind and preset.query is not None and (preset.update or preset.gsp)
        assert preset.auth in (None, "basic", "digest")
    assert PRESETS["graphdb"].endpoints("http://g:7200/repositories/r/").query == "http://g:7200/repositories/r"


# ---------------------------------------------------------------- runs

def test_a_run_into_an_embedded_store_reports_each_graph(tmp_path):
    graphs = [graph("a", 3), graph("b", 5, blank=True)]
    report = load_graphs(EmbeddedStore(tmp_path / "store"), graphs)
    assert report.ok and [(g.display, g.sent, g.stored) for g in report.graphs] == [("a.ttl", 3, 3), ("b.ttl", 6, 6)]
    assert report.summary_line().endswith("all counts match")
    assert EmbeddedStore(tmp_path / "store").counts([g.graph for g in graphs]) == {g.graph: g.sent for g in graphs}


def test_a_run_into_a_server_stages_swaps_and_leaves_no_staging_graph(oxigraph_server, no_user_credentials):
    server = oxigraph_server()
    target = load_target(staging_base=EX, update_url=server.update_url, query_url=server.query_url,
                         chunk_bytes=200)
    graphs = [graph("a", 10), graph("b", 1, blank=True), graph("empty", 0)]
    report = load_graphs(target, graphs)
    assert report.ok and report.sent == 12
    assert target.counts([g.graph for g in graphs]) == {graphs[0].graph: 10, graphs[1].graph: 2}
    names = target.sparql.select(server.query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
    assert {b["g"]["value"] for b in names["results"]["bindings"]} <= {g.graph for g in graphs}


def test_the_swap_moves_staged_graphs_and_empties_the_graph_of_an_empty_file():
    graphs = [graph("a", 1), graph("empty", 0)]
    text = swap_update(graphs, {g.graph: f"{EX}staging/{i}" for i, g in enumerate(graphs)})
    assert text == (f"MOVE SILENT GRAPH <{EX}staging/0> TO GRAPH <{EX}graph/a> ;\n"
                    f"DROP SILENT GRAPH <{EX}graph/empty>")


def test_a_store_with_other_counts_is_refused_before_the_swap(tmp_path, monkeypatch):
    store = EmbeddedStore(tmp_path / "store")
    load_graphs(store, [graph("a", 2)])
    monkeypatch.setattr("balkg.store.embedded.store_counts", lambda s, graphs: {g: 0 for g in graphs})
    with pytest.raises(CountMismatch, match="previous store is unchanged"):
        load_graphs(store, [graph("a", 4)])
    monkeypatch.undo()
    assert store.counts([f"{EX}graph/a"]) == {f"{EX}graph/a": 2}


def test_the_plan_has_one_graph_per_file_of_the_layout(layout):
    plan = prepare_graphs(layout)
    assert [g.graph for g in plan] == [layout.graph_name(p) for p in layout.all_turtle_files()]


def test_a_chunk_whose_answer_is_lost_is_not_sent_again(oxigraph_server, no_user_credentials, monkeypatch):
    """The server stored the chunk, the answer never came: a resend would add its blank-node triples twice."""
    from balkg.transport import Retryable
    from balkg.transport.http import HttpClient

    server = oxigraph_server()
    target = load_target(staging_base=EX, server=("oxigraph", server.base_url), chunk_bytes=300, retries=2)
    blanks = GraphLoad(GraphFile(path=None, display="b.ttl", graph=f"{EX}graph/b"),
                       [ox.Triple(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.BlankNode(f"b{i}"))
                        for i in range(20)])
    original, sent = HttpClient._once, []

    def lose_the_second_answer(self, method, url, body, headers, allow, seconds):
        answer = original(self, method, url, body, headers, allow, seconds)
        if headers.get("Content-Type") == "application/n-triples":
            sent.append(body)
            if len(sent) == 2:
                raise Retryable("connection failed: the answer was lost")
        return answer

    monkeypatch.setattr(HttpClient, "_once", lose_the_second_answer)
    monkeypatch.setattr(target.http.retry, "sleep", lambda seconds: None)
    report = load_graphs(target, [blanks])
    assert report.ok and report.stored == 20
    assert len(sent) == len(blanks.chunks(300)) and len(set(sent)) == len(sent)   # each chunk sent once


def test_the_swap_is_sent_once_and_a_lost_answer_says_before_or_after(oxigraph_server, no_user_credentials,
                                                                        monkeypatch):
    from balkg.store import LoadFailed
    from balkg.transport import Retryable
    from balkg.transport.http import HttpClient

    server = oxigraph_server()
    target = load_target(staging_base=EX, server=("oxigraph", server.base_url), retries=3)
    original, swaps = HttpClient._once, []

    def lose_the_swap_answer(self, method, url, body, headers, allow, seconds):
        answer = original(self, method, url, body, headers, allow, seconds)
        if body and body.startswith(b"update=MOVE"):
            swaps.append(seconds)
            raise Retryable("connection failed: the answer was lost")
        return answer

    monkeypatch.setattr(HttpClient, "_once", lose_the_swap_answer)
    with pytest.raises(LoadFailed, match="either as before the run or as after it"):
        load_graphs(target, [graph("a", 40_000)])
    assert len(swaps) == 1 and swaps[0] == pytest.approx(60 + 40_000 / 20_000)   # once, timeout grown with size
    assert target.counts([f"{EX}graph/a"]) == {f"{EX}graph/a": 40_000}           # the server did apply it


def test_cleanup_says_which_unfinished_stores_it_could_not_remove(tmp_path, monkeypatch):
    store = tmp_path / "store"
    for tag in ("loading-1-aaaa", "loading-2-bbbb"):
        (tmp_path / f".store.{tag}").mkdir()
    real_rmtree = shutil.rmtree

    def rmtree_refusing_one(path, ignore_errors=False):
        if not str(path).endswith("bbbb"):
            real_rmtree(path, ignore_errors=ignore_errors)
    monkeypatch.setattr(shutil, "rmtree", rmtree_refusing_one)
    said = EmbeddedStore(store).cleanup()
    assert said == [f"removed 1 unfinished store(s) left by interrupted loads beside {store}: .store.loading-1-aaaa",
                    f"could not remove 1 unfinished store(s) beside {store} (remove them by hand): "
                    ".store.loading-2-bbbb"]
