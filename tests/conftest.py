"""Shared fixtures: the shipped layout, fixture graphs, and real SPARQL servers on loopback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from balkg.layout import load_layout
from balkg.store.oxigraph import OxigraphServer

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


@pytest.fixture(scope="session")
def required_values():
    """Values for the required parameters of the saved queries, so that each can run."""
    return {
        "actor": "https://w3id.org/balkg/id/actor/bla",
        "resource": "https://w3id.org/balkg/id/actor/bla",
        "source": "https://w3id.org/balkg/id/source/nikkei-asia-2025-03-bras-national-army",
        "name": "baloch",
    }


@pytest.fixture(scope="session")
def order_free_row():
    """Normalise a row of (kind, value, ...) terms so that GROUP_CONCAT values compare as sets.

    GROUP_CONCAT's order is undefined; `row_fn(row, query_text)` sorts the parts
    of values joined with the query's separators.
    """
    import re

    def separators(text):
        if "GROUP_CONCAT" not in text.upper():
            return []
        return re.findall(r'SEPARATOR\s*=\s*"([^"]+)"', text, re.IGNORECASE) or [" "]

    def normalise(row, text):
        found = separators(text)

        def fix(term):
            if term and term[0] == "literal":
                for sep in found:
                    if sep in term[1]:
                        return (term[0], sep.join(sorted(term[1].split(sep))), *term[2:])
            return term
        return tuple(fix(t) for t in row)

    return normalise
