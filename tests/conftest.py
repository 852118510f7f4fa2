"""Shared fixtures: the shipped layout, fixture graphs, and real SPARQL servers on loopback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from balkg.layout import load_layout
from balkg.oxserver import OxigraphServer

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def layout():
    """The shipped graph (the checkout this test suite belongs to)."""
    return load_layout(REPO)


@pytest.fixture
def graph_copy(tmp_path):
    """A writable copy of the shipped graph's root, for tests that add or break files."""
    target = tmp_path / "graph"
    target.mkdir()
    shutil.copy(REPO / "balkg.toml", target / "balkg.toml")
    for part in ("ontology", "shapes", "data", "queries"):
        if (REPO / part).exists():
            shutil.copytree(REPO / part, target / part)
    return target


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
def wikidata_root(tmp_path):
    """A small graph root for the Wikidata tests: the repository's ontology and alignment, and a fixture data file."""
    target = tmp_path / "wikidata-graph"
    target.mkdir()
    shutil.copy(REPO / "balkg.toml", target / "balkg.toml")
    shutil.copytree(REPO / "ontology", target / "ontology")
    (target / "data" / "ttl").mkdir(parents=True)
    shutil.copy(FIXTURES / "wikidata" / "graph-data.ttl", target / "data" / "ttl" / "entities.ttl")
    return target
