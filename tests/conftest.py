"""Shared fixtures: the shipped layout, graph roots to break, the CLI run in-process, real SPARQL servers on loopback."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from balkg.cli import cli
from balkg.layout import load_layout
from balkg.store.oxigraph import OxigraphServer
from support import FIXTURES, REPO


@pytest.fixture(scope="session")
def layout():
    """The shipped graph (the checkout this test suite belongs to)."""
    return load_layout(REPO)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site of the checkout's graph, built once by `balkg site` as a user runs it."""
    out = tmp_path_factory.mktemp("site") / "out"
    result = CliRunner().invoke(cli, ["--root", str(REPO), "site", str(out)])
    assert result.exit_code == 0, result.output
    assert str(REPO) in result.output  # says which graph it used
    return out


@pytest.fixture(scope="session")
def target(layout):
    """The shipped graph on the embedded engine."""
    from balkg.query.run import EmbeddedTarget
    return EmbeddedTarget.shipped(layout)


@pytest.fixture
def run():
    """Run `balkg` in-process: `run(*args, root=REPO, input=None)` -> click's Result.

    A first argument that is a path is the graph root: `run(graph_copy, "load")`.
    Exceptions the CLI does not turn into an exit code propagate, with their traceback.
    """
    def invoke(*args, root: Path | None = None, input: str | None = None, env: dict | None = None):
        if args and isinstance(args[0], os.PathLike):
            root, args = args[0], args[1:]
        argv = ["--root", str(root or REPO), *map(str, args)]
        return CliRunner().invoke(cli, argv, input=input, env=env, catch_exceptions=False)

    return invoke


def copy_root(target: Path, parts=("ontology", "shapes", "queries"), data: dict[str, Path] | None = None) -> Path:
    """A graph root at `target`: the checkout's balkg.toml and `parts`, and `data` files (name -> source) in data/ttl."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "balkg.toml", target / "balkg.toml")
    for part in parts:
        if (REPO / part).exists():
            shutil.copytree(REPO / part, target / part)
    (target / "data" / "ttl").mkdir(parents=True, exist_ok=True)
    for name, source in (data or {}).items():
        shutil.copy(source, target / "data" / "ttl" / name)
    return target


@pytest.fixture
def make_root(tmp_path):
    """Factory: `make_root(parts=..., data={name: source})` -> a new graph root under tmp_path."""
    made = []

    def make(parts=("ontology", "shapes", "queries"), data: dict[str, Path] | None = None) -> Path:
        made.append(None)
        return copy_root(tmp_path / f"graph-{len(made)}", parts, data)

    return make


@pytest.fixture
def graph_copy(tmp_path):
    """A writable copy of the shipped graph's root, for tests that add or break files."""
    return copy_root(tmp_path / "graph", ("ontology", "shapes", "data", "queries"))


@pytest.fixture(scope="module")
def bare_root(tmp_path_factory):
    """The shipped ontology, shapes and queries with no data: defects are judged on their own."""
    return copy_root(tmp_path_factory.mktemp("bare") / "graph")


@pytest.fixture
def wikidata_root(tmp_path):
    """A small graph root for the Wikidata tests: the repository's ontology and alignment, and a fixture data file."""
    return copy_root(tmp_path / "wikidata-graph", ("ontology",),
                     {"entities.ttl": FIXTURES / "wikidata" / "graph-data.ttl"})


@pytest.fixture
def oxigraph_server(tmp_path):
    """Factory: start a real Oxigraph server on loopback; every one started is stopped."""
    started: list[OxigraphServer] = []

    def start(location: Path | None = None, **kwargs) -> OxigraphServer:
        server = OxigraphServer(location or tmp_path / f"oxigraph-{len(started)}", **kwargs)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def no_user_credentials(monkeypatch, tmp_path):
    """Keep the tester's own credentials (environment, ~/.config/balkg) out of a test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("BALKG_USER", "BALKG_PASSWORD", "BALKG_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def kill_after_first_graph_request(monkeypatch):
    """Factory: let the first request that carries graph data through, then call `kill` (a server crash).

    Returns the list of URLs it let through before killing (empty: never killed).
    """
    from balkg.transport import HttpClient

    def arm(kill) -> list[str]:
        original = HttpClient.request
        seen: list[str] = []

        def request(self, method, url, body=None, content_type=None, **kwargs):
            answer = original(self, method, url, body, content_type, **kwargs)
            carries_data = content_type == "application/n-triples" or (body or b"").startswith(b"update=INSERT")
            if carries_data and not seen:
                seen.append(url)
                kill()
            return answer

        monkeypatch.setattr(HttpClient, "request", request)
        return seen

    return arm


@pytest.fixture(scope="module")
def ask(layout):
    """Run a saved query by name, with parameters, on the shipped graph in memory."""
    from balkg.query.catalogue import find_saved
    from balkg.rdf.dataset import memory_dataset
    from balkg.query.run import EmbeddedTarget, run_query
    target = EmbeddedTarget(memory_dataset(layout))

    def answer(name, **params):
        return run_query(find_saved(layout, name), target, params)
    return answer


@pytest.fixture(scope="module")
def shipped_endpoint(tmp_path_factory):
    """A real Oxigraph server holding the shipped graph, one named graph per file, queried as their union."""
    import urllib.request

    import pyoxigraph as ox

    from balkg.rdf.dataset import memory_dataset
    from balkg.store.oxigraph import OxigraphServer
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    server.start(extra_args=("--union-default-graph",))
    try:
        body = ox.serialize(memory_dataset(load_layout(REPO)), format=ox.RdfFormat.N_QUADS)
        request = urllib.request.Request(server.store_url, data=body, method="POST",
                                         headers={"Content-Type": "application/n-quads"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status in (200, 201, 204)
        yield server.query_url
    finally:
        server.stop()


@pytest.fixture
def union_oxigraph(tmp_path):
    """Factory of restartable Oxigraph servers whose default graph is the union of the named graphs."""
    from balkg.store.oxigraph import OxigraphServer
    started = []

    def start(location=None, port=0):
        server = OxigraphServer(location or tmp_path / "oxigraph", port=port)
        server.start(extra_args=("--union-default-graph",))
        started.append(server)
        return server

    start.restart = lambda server: start(server.location, server.port)
    yield start
    for server in started:
        server.stop()
