"""`balkg load --store`: the embedded store, its atomic swap, and the loader's building blocks."""

from __future__ import annotations

import pkgutil

import pyoxigraph as ox
import pytest

from balkg.cli.load import parse_size
from balkg.errors import UsageError
from balkg.transport import Credentials, resolve_credentials
from balkg.layout import load_layout
from balkg.store import (EmbeddedStore, GraphLoad, blank_node_units, count_query, load_graphs, plan_files,
                         prepare_graphs, preset_endpoints)
from servers.scenarios import assert_summary, error_line, local_counts, mark_reload


def store_counts(directory) -> dict[str, int]:
    store = ox.Store.read_only(str(directory))
    graphs = [g.value for g in store.named_graphs()]
    return {s["g"].value: int(s["n"].value) for s in store.query(count_query(graphs))} if graphs else {}


def siblings(directory) -> list[str]:
    """What a load left beside the store, but for the lock file every load keeps there."""
    return sorted(p.name for p in directory.parent.iterdir()
                  if p.name.startswith(f".{directory.name}.") and p.name != f".{directory.name}.lock")


def test_store_load_puts_each_file_in_its_graph_and_reload_is_identical(run, graph_copy, tmp_path):
    store = tmp_path / "store"
    first = run(graph_copy, "load", "--no-validate", "--store", str(store))
    assert first.exit_code == 0, first.output
    assert_summary(first.stdout, graph_copy)
    assert store_counts(store) == local_counts(graph_copy)

    again = run(graph_copy, "load", "--no-validate", "--store", str(store))
    assert again.exit_code == 0 and again.stdout == first.stdout
    assert store_counts(store) == local_counts(graph_copy)
    assert siblings(store) == []


def test_store_is_what_balkg_query_store_reads(run, graph_copy, tmp_path):
    store = tmp_path / "store"
    assert run(graph_copy, "load", "--no-validate", "--store", str(store)).exit_code == 0
    text = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    result = run(graph_copy, "query", "--store", str(store), "--format", "csv", "-", input=text)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == str(sum(local_counts(graph_copy).values()))


def test_default_store_is_in_the_user_data_dir(run, graph_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert run(graph_copy, "load", "--no-validate").exit_code == 0
    assert store_counts(tmp_path / "data" / "balkg" / "store") == local_counts(graph_copy)


@pytest.mark.parametrize("validation, writer", [(["--no-validate"], "balkg.store.embedded._bulk_load_file"),
                                               ([], "balkg.store.plan.GraphLoad.quads")],
                         ids=["files bulk-loaded", "validated parse bulk-loaded"])
def test_failure_halfway_leaves_the_previous_store(run, graph_copy, tmp_path, monkeypatch, validation, writer):
    store = tmp_path / "store"
    assert run(graph_copy, "load", "--no-validate", "--store", str(store)).exit_code == 0
    before = store_counts(store)
    mark_reload(graph_copy)

    original, calls = pkgutil.resolve_name(writer), []

    def write_then_fail(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)

    monkeypatch.setattr(writer, write_then_fail)
    result = run(graph_copy, "load", *validation, "--store", str(store))
    monkeypatch.undo()
    assert len(calls) == 2
    assert result.exit_code == 1
    assert error_line(result.stderr).startswith("balkg: error: the load failed")
    assert "previous store is unchanged" in result.stderr
    assert store_counts(store) == before
    assert siblings(store) == []


def test_bad_file_stops_before_anything_changes(run, graph_copy, tmp_path):
    store = tmp_path / "store"
    assert run(graph_copy, "load", "--no-validate", "--store", str(store)).exit_code == 0
    before = store_counts(store)
    broken = load_layout(graph_copy).data_dir / "zz-broken.ttl"
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n")
    result = run(graph_copy, "load", "--no-validate", "--store", str(store))
    assert result.exit_code == 1
    assert error_line(result.stderr).startswith("balkg: error: data/ttl/zz-broken.ttl:1:")
    assert store_counts(store) == before


def test_validation_runs_first_and_blocks_a_failing_graph(run, graph_copy, tmp_path):
    store = tmp_path / "store"
    data = load_layout(graph_copy).data_dir
    data.mkdir(parents=True, exist_ok=True)
    # An IRI in the ontology's namespace that the ontology does not declare.
    (data / "zz-undeclared.ttl").write_text(
        "<https://w3id.org/balkg/id/actor/zz-test> a <https://w3id.org/balkg/ontology#NoSuchClass> .\n")
    result = run(graph_copy, "load", "--store", str(store))
    assert result.exit_code == 1
    assert "does not validate" in result.stderr and "nothing was sent" in result.stderr
    assert not store.exists()


@pytest.mark.parametrize("plan", [plan_files, prepare_graphs], ids=["files bulk-loaded", "parsed triples"])
def test_repeated_triples_and_blank_node_labels_load_as_the_parse_reads_them(graph_copy, tmp_path, plan):
    """A file that repeats a triple holds it once; `_:x` in two files is two nodes, in either load path
    (`balkg load --no-validate` gives the store the files; a validated load gives it the parse)."""
    store = tmp_path / "store"
    data = load_layout(graph_copy).data_dir
    ex = "<https://w3id.org/balkg/id/zz-test/"
    for name, value in (("zz-one.ttl", "one"), ("zz-two.ttl", "two")):
        (data / name).write_text(f'_:x {ex}value> "{value}" .\n_:x {ex}value> "{value}" .\n')
    report = load_graphs(EmbeddedStore(store), plan(load_layout(graph_copy)))
    assert report.ok and report.stored == sum(local_counts(graph_copy).values())
    counts = store_counts(store)
    assert counts == local_counts(graph_copy)
    assert [n for g, n in counts.items() if g.endswith(("zz-one.ttl", "zz-two.ttl"))] == [1, 1]
    nodes = ox.Store.read_only(str(store)).query(
        f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ ?x {ex}value> ?v }} }}")
    assert next(nodes)["n"].value == "2"


def test_unparsed_load_reports_its_progress_in_files(run, graph_copy, tmp_path):
    result = run(graph_copy, "load", "--no-validate", "--store", str(tmp_path / "store"))
    assert result.exit_code == 0, result.stderr
    files = len(local_counts(graph_copy))
    assert f"balkg: send: {files}/{files} files" in result.stderr


def test_refuses_to_replace_a_directory_that_is_not_a_store(run, graph_copy, tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    result = run(graph_copy, "load", "--no-validate", "--store", str(precious))
    assert result.exit_code == 2 and "not an Oxigraph store" in result.stderr
    assert (precious / "notes.txt").read_text() == "keep me"


# ---------------------------------------------------------------- building blocks

def test_chunks_stay_below_the_size_and_keep_blank_node_structures_together():
    ex = "http://example.org/"
    b1, b2 = ox.BlankNode("one"), ox.BlankNode("two")
    triples = [ox.Triple(ox.NamedNode(f"{ex}s{i}"), ox.NamedNode(f"{ex}p"), ox.Literal(f"value {i}"))
               for i in range(50)]
    triples += [ox.Triple(ox.NamedNode(f"{ex}shape"), ox.NamedNode(f"{ex}property"), b1),
                ox.Triple(b1, ox.NamedNode(f"{ex}list"), b2),
                ox.Triple(b2, ox.NamedNode(f"{ex}first"), ox.Literal("x"))]
    load = GraphLoad(file=None, triples=triples)
    chunks = load.chunks(300)
    assert len(chunks) > 5
    assert sum(n for _, n in chunks) == len(triples)
    assert all(len(body) <= 300 for body, n in chunks if b"_:" not in body)
    with_bnodes = [body for body, _ in chunks if b"_:" in body]
    assert len(with_bnodes) == 1 and with_bnodes[0].count(b"\n") == 3
    assert [len(u) for u in blank_node_units(triples)][-1] == 3


def test_parse_size():
    assert parse_size("4M") == 4 * 1024 * 1024 and parse_size("500k") == 500 * 1024 and parse_size("77") == 77
    with pytest.raises(UsageError):
        parse_size("lots")


def test_presets_know_each_stores_paths():
    v = preset_endpoints("virtuoso", "http://h:8890/")
    assert (v.query, v.update, v.gsp) == ("http://h:8890/sparql", "http://h:8890/sparql-auth",
                                          "http://h:8890/sparql-graph-crud-auth")
    assert preset_endpoints("neptune", "https://n:8182").gsp is None
    assert preset_endpoints("graphdb", "http://g:7200/repositories/r").query == "http://g:7200/repositories/r"


def test_credentials_from_file_then_environment_and_never_in_repr(tmp_path):
    secrets = tmp_path / "credentials.toml"
    secrets.write_text('["http://h:8890/"]\nauth = "digest"\nuser = "file-user"\npassword = "file-secret"\n'
                       '["http://h:8890/sparql-auth"]\nuser = "longer-prefix"\npassword = "s2"\n')
    found = resolve_credentials("http://h:8890/sparql-graph-crud-auth", credentials_file=secrets, env={})
    assert (found.auth, found.user) == ("digest", "file-user")
    assert "file-secret" not in repr(found)
    assert resolve_credentials("http://h:8890/sparql-auth", credentials_file=secrets, env={}).user == "longer-prefix"
    env = {"BALKG_USER": "env-user", "BALKG_PASSWORD": "env-secret"}
    assert resolve_credentials("http://h:8890/x", credentials_file=secrets, env=env).user == "env-user"
    assert resolve_credentials("http://other/", env={"BALKG_TOKEN": "t"}).auth == "bearer"
    with pytest.raises(UsageError, match="does not exist"):
        resolve_credentials("http://other/", env={}, credentials_file=tmp_path / "none.toml")
    with pytest.raises(UsageError, match="needs a user and a password"):
        Credentials("digest")


def test_server_options_need_a_server_target(run, graph_copy):
    result = run(graph_copy, "load", "--no-validate", "--auth", "basic")
    assert result.exit_code == 2 and "need a server target" in result.stderr
    result = run(graph_copy, "load", "--no-validate", "--gsp", "http://127.0.0.1:1/store")
    assert result.exit_code == 2 and "--query-url" in result.stderr


def test_credentials_in_the_url_are_refused_without_echoing_them(run, graph_copy):
    result = run(graph_copy, "load", "--no-validate", "--server", "oxigraph", "http://me:hunter2@127.0.0.1:1")
    assert result.exit_code == 2 and "hunter2" not in result.output


def test_prepare_graphs_counts_distinct_triples(layout):
    loads = prepare_graphs(layout)
    assert [g.graph for g in loads] == [layout.graph_name(p) for p in layout.all_turtle_files()]
    assert all(g.sent == len(set(g.triples)) for g in loads)
