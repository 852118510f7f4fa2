"""`balkg load` into a real Oxigraph server on loopback: GSP, Update, the preset, failures."""

from __future__ import annotations

import shutil

import pytest

from balkg.cli.load import parse_size
from balkg.layout import load_layout
from balkg.store import prepare_graphs
from balkg.store.oxigraph import free_port
from servers.scenarios import (assert_saved_queries_agree, assert_store_holds, assert_summary, error_line,
                               local_graphs, mark_reload, remote_graph, run_load, staging_graphs)

pytestmark = [pytest.mark.server, pytest.mark.usefixtures("no_user_credentials")]

CHUNK = "16k"


def test_the_chunk_size_used_here_splits_a_graph_with_blank_nodes(graph_copy):
    """Otherwise the chunked tests below would not test chunking."""
    loads = prepare_graphs(load_layout(graph_copy))
    split = [g for g in loads if len(g.chunks(parse_size(CHUNK))) > 1]
    assert any(any(type(t.subject).__name__ == "BlankNode" for t in g.triples) for g in split)


@pytest.fixture
def server(union_oxigraph):
    return union_oxigraph


def test_preset_loads_in_chunks_and_reloads_to_the_same_store(server, graph_copy):
    s = server()
    args = ("--server", "oxigraph", s.base_url, "--chunk-size", CHUNK)
    first = run_load(graph_copy, *args)
    assert first.exit_code == 0, first.output
    assert_summary(first.stdout, graph_copy)
    assert_store_holds(s.query_url, graph_copy)

    again = run_load(graph_copy, *args)
    assert again.exit_code == 0, again.output
    assert again.stdout == first.stdout
    assert_store_holds(s.query_url, graph_copy)
    assert staging_graphs(s.query_url, load_layout(graph_copy).base) == []


def test_gsp_alone_puts_whole_graphs(server, graph_copy):
    s = server()
    args = ("--gsp", s.store_url, "--query-url", s.query_url)
    for _ in range(2):
        result = run_load(graph_copy, *args)
        assert result.exit_code == 0, result.output
        assert_summary(result.stdout, graph_copy)
    assert_store_holds(s.query_url, graph_copy)


def test_gsp_alone_refuses_a_graph_bigger_than_a_chunk_before_sending(server, graph_copy):
    s = server()
    result = run_load(graph_copy, "--gsp", s.store_url, "--query-url", s.query_url, "--chunk-size", "1k")
    assert result.exit_code == 2
    assert "bigger than the chunk size" in result.stderr
    assert remote_graph(s.query_url, next(iter(local_graphs(graph_copy)))) == frozenset()


def test_update_alone_stages_and_swaps(server, graph_copy):
    s = server()
    result = run_load(graph_copy, "--update", s.update_url, "--query-url", s.query_url, "--chunk-size", CHUNK)
    assert result.exit_code == 0, result.output
    assert_summary(result.stdout, graph_copy)
    assert_store_holds(s.query_url, graph_copy)


def test_saved_queries_give_the_embedded_rows(server, graph_copy):
    s = server()
    assert run_load(graph_copy, "--server", "oxigraph", s.base_url).exit_code == 0
    assert assert_saved_queries_agree(s.query_url, graph_copy) >= 1


def test_server_killed_during_reload_keeps_every_graph(server, graph_copy, tmp_path, monkeypatch,
                                                      kill_after_first_graph_request):
    s = server()
    args = ("--server", "oxigraph", s.base_url, "--chunk-size", CHUNK, "--retries", "1")
    assert run_load(graph_copy, *args).exit_code == 0
    before = tmp_path / "before"
    shutil.copytree(graph_copy, before)
    mark_reload(graph_copy)

    seen = kill_after_first_graph_request(s.kill)
    result = run_load(graph_copy, *args)
    monkeypatch.undo()
    assert seen, "the server was never killed"
    assert result.exit_code == 1
    assert error_line(result.stderr).startswith("balkg: error: the load failed")
    assert "every graph is as it was before the run" in result.stderr

    restarted = server.restart(s)
    assert_store_holds(restarted.query_url, before)
    # The next run succeeds and removes what the killed run had staged.
    again = run_load(graph_copy, "--server", "oxigraph", restarted.base_url)
    assert again.exit_code == 0, again.output
    assert_store_holds(restarted.query_url, graph_copy)
    assert staging_graphs(restarted.query_url, load_layout(graph_copy).base) == []


def test_gsp_alone_killed_during_reload_leaves_whole_graphs(server, graph_copy, tmp_path, monkeypatch,
                                                            kill_after_first_graph_request):
    s = server()
    args = ("--gsp", s.store_url, "--query-url", s.query_url, "--retries", "1")
    assert run_load(graph_copy, *args).exit_code == 0
    old = local_graphs(graph_copy)
    mark_reload(graph_copy)
    new = local_graphs(graph_copy)

    kill_after_first_graph_request(s.kill)
    result = run_load(graph_copy, *args)
    monkeypatch.undo()
    assert result.exit_code == 1 and error_line(result.stderr).startswith("balkg: error: the load failed")

    restarted = server.restart(s)
    states = []
    for name in old:
        stored = remote_graph(restarted.query_url, name)
        assert stored in (old[name], new[name]), f"{name} is half-replaced"
        states.append("new" if stored == new[name] else "old")
    assert states[0] == "new" and set(states[1:]) == {"old"}


def test_unreachable_server_is_one_line_and_exit_2(graph_copy):
    url = f"http://127.0.0.1:{free_port()}"
    result = run_load(graph_copy, "--server", "oxigraph", url, "--retries", "1")
    assert result.exit_code == 2
    assert "cannot connect" in error_line(result.stderr)
