"""Keyset paging of in-store validation queries: every row, once, and a row cap is an error, never a short answer."""

import json

import pyoxigraph as ox
import pytest

from balkg.errors import EndpointError
from balkg.validation.insitu.paging import PagedSelect, fetch_all

EX = "http://example.org/"


def store_runner(store, headers=None, cap=None):
    def run(query):
        body = ox.QueryResultsFormat.JSON
        rows = json.loads(store.query(query).serialize(format=body))["results"]["bindings"]
        if cap is not None:
            rows = rows[:cap]
        return rows, headers or {}
    return run


@pytest.fixture
def store():
    s = ox.Store()
    for i in range(23):
        for j in range(3):  # several rows per focus node: a key of the focus alone would lose rows
            s.add(ox.Quad(ox.NamedNode(f"{EX}n{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(f"v{j}")))
    return s


SELECT = PagedSelect(("focus", "value"), f"?focus <{EX}p> ?value .")


def test_every_row_once_across_pages(store):
    rows = list(fetch_all(store_runner(store), SELECT, "test", page_size=4))
    pairs = {(r["focus"]["value"], r["value"]["value"]) for r in rows}
    assert len(rows) == 69 and len(pairs) == 69


def test_a_capped_answer_is_refused_naming_the_cap(store):
    run = store_runner(store, headers={"X-SPARQL-MaxRows": "10"}, cap=10)
    with pytest.raises(EndpointError, match="row cap of 10"):
        list(fetch_all(run, SELECT, "http://127.0.0.1:1/sparql", page_size=50))
