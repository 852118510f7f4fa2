"""`balkg load --server virtuoso` into a real Virtuoso (Debian virtuoso-opensource) on loopback.

One server for the module: it takes about 7 s to create its database. A
missing Virtuoso skips these tests with the reason, except under .ci/run,
which installs it and sets BALKG_REQUIRE_VIRTUOSO=1 so that CI cannot skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from balkg.layout import load_layout
from balkg.store.oxigraph import free_port
from balkg.query.run import EmbeddedTarget, EndpointTarget
from servers.scenarios import (assert_query_agrees, assert_store_holds, assert_summary, comparable_queries, error_line,
                               mark_reload, run_load, staging_graphs)
from servers.virtuoso import REQUIRE_ENV, VirtuosoServer, missing_reason

pytestmark = [pytest.mark.server, pytest.mark.usefixtures("no_user_credentials")]
REPO = Path(__file__).resolve().parents[1]
CHUNK = "16k"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    reason = missing_reason()
    if reason:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"Virtuoso is required here ({REQUIRE_ENV} is set) but {reason}")
        pytest.skip(reason)
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso")).start()
    yield server
    server.stop()


def credentials(server: VirtuosoServer, password: str | None = None) -> dict:
    return {"BALKG_USER": server.user, "BALKG_PASSWORD": password or server.password}


def test_load_and_reload_give_the_same_graphs(virtuoso, graph_copy):
    args = ("--server", "virtuoso", virtuoso.base_url, "--chunk-size", CHUNK)
    first = run_load(graph_copy, *args, env=credentials(virtuoso))
    assert first.exit_code == 0, first.output
    assert_summary(first.stdout, graph_copy)
    assert_store_holds(virtuoso.query_url, graph_copy)

    again = run_load(graph_copy, *args, env=credentials(virtuoso))
    assert again.exit_code == 0, again.output
    assert again.stdout == first.stdout
    assert_store_holds(virtuoso.query_url, graph_copy)
    assert staging_graphs(virtuoso.query_url, load_layout(graph_copy).base) == []


def test_update_endpoint_alone_with_credentials_file(virtuoso, graph_copy, tmp_path):
    secrets = tmp_path / "credentials.toml"
    secrets.write_text(f'["{virtuoso.base_url}/"]\nauth = "digest"\nuser = "{virtuoso.user}"\n'
                       f'password = "{virtuoso.password}"\n')
    result = run_load(graph_copy, "--update", virtuoso.base_url + "/sparql-auth", "--query-url",
                      virtuoso.query_url, "--credentials", str(secrets), "--chunk-size", CHUNK)
    assert result.exit_code == 0, result.output
    assert virtuoso.password not in result.output
    assert_store_holds(virtuoso.query_url, graph_copy)


@pytest.fixture(scope="module")
def loaded(virtuoso, tmp_path_factory):
    """The checkout's graph loaded into the module's Virtuoso."""
    root = tmp_path_factory.mktemp("loaded") / "graph"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", "tests", "src", "benchmarks", ".*cache*"))
    result = run_load(root, "--server", "virtuoso", virtuoso.base_url,
                      env={"BALKG_USER": virtuoso.user, "BALKG_PASSWORD": virtuoso.password})
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("name", [saved.name for saved in comparable_queries(REPO)])
def test_saved_query_gives_the_embedded_rows(virtuoso, loaded, name):
    saved = next(q for q in comparable_queries(loaded) if q.name == name)
    assert_query_agrees(saved, EmbeddedTarget.shipped(load_layout(loaded)), EndpointTarget.at(virtuoso.query_url))


def test_wrong_password_is_one_line_and_exit_1(virtuoso, graph_copy):
    result = run_load(graph_copy, "--server", "virtuoso", virtuoso.base_url,
                      env=credentials(virtuoso, password="not-the-password"))
    assert result.exit_code == 1
    assert "authentication failed" in error_line(result.stderr)
    assert "not-the-password" not in result.output and "Traceback" not in result.output


def test_unreachable_server_is_one_line_and_exit_2(virtuoso, graph_copy):
    result = run_load(graph_copy, "--server", "virtuoso", f"http://127.0.0.1:{free_port()}", "--retries", "1",
                      env=credentials(virtuoso))
    assert result.exit_code == 2
    assert "cannot connect" in error_line(result.stderr)


# Runs last: it leaves the store with changed files loaded.
def test_server_killed_during_reload_keeps_every_graph(virtuoso, graph_copy, tmp_path, monkeypatch,
                                                      kill_after_first_graph_request):
    args = ("--server", "virtuoso", virtuoso.base_url, "--chunk-size", CHUNK, "--retries", "1")
    assert run_load(graph_copy, *args, env=credentials(virtuoso)).exit_code == 0
    # What Virtuoso promises to keep over a kill -9 is what it has checkpointed: graph-level
    # MOVE/DROP of large graphs is not replayed from its transaction log (see the README).
    virtuoso.isql("checkpoint;")
    before = tmp_path / "before"
    shutil.copytree(graph_copy, before)
    mark_reload(graph_copy)

    seen = kill_after_first_graph_request(virtuoso.kill)
    result = run_load(graph_copy, *args, env=credentials(virtuoso))
    monkeypatch.undo()
    assert seen, "the server was never killed"
    assert result.exit_code == 1
    assert error_line(result.stderr).startswith("balkg: error: the load failed")

    virtuoso.start()  # same database: Virtuoso replays its transaction log
    assert_store_holds(virtuoso.query_url, before)
    again = run_load(graph_copy, *args, env=credentials(virtuoso))
    assert again.exit_code == 0, again.output
    assert_store_holds(virtuoso.query_url, graph_copy)
    assert staging_graphs(virtuoso.query_url, load_layout(graph_copy).base) == []
