"""What every server test checks, whatever the server: run by test_load_oxigraph and test_load_virtuoso.

Expected values come from the local files of the graph under test, never from
hard-coded numbers.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from balkg.cli import cli
from balkg.errors import UsageError
from balkg.layout import load_layout
from balkg.store import STAGING_SEGMENT, count_query, counts_from_results, prepare_graphs
from balkg.query.catalogue import catalogue
from balkg.query.run import EmbeddedTarget, EndpointTarget, run_query
from balkg.transport import HttpClient, SparqlClient

XSD = "http://www.w3.org/2001/XMLSchema#"
RELOAD_MARK = "http://example.org/balkg-test/reloaded"


def run_load(root: Path, *args: str, env: dict | None = None):
    """`balkg --root ROOT load --no-validate ARGS` through click's runner (exceptions are not swallowed)."""
    runner = CliRunner()
    return runner.invoke(cli, ["--root", str(root), "load", "--no-validate", *args], env=env,
                         catch_exceptions=False)


def local_counts(root: Path) -> dict[str, int]:
    return {g.graph: g.sent for g in prepare_graphs(load_layout(root))}


def canonical(triples) -> frozenset[str]:
    """The triples with blank nodes relabelled by W3C RDF Dataset Canonicalization: equal iff isomorphic."""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return frozenset(str(q) for q in dataset)


def local_graphs(root: Path) -> dict[str, frozenset[str]]:
    """Each graph of the files under `root`, in canonical form."""
    return {graph.graph: canonical(graph.triples) for graph in prepare_graphs(load_layout(root))}


def remote_counts(query_url: str, graphs) -> dict[str, int]:
    found = counts_from_results(SparqlClient(HttpClient()).select(query_url, count_query(sorted(graphs))))
    return {g: found.get(g, 0) for g in graphs}


def remote_graph(query_url: str, graph: str) -> frozenset[str]:
    """A graph as the server holds it, in canonical form."""
    text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return canonical(EndpointTarget.at(query_url).run(text).triples)


def staging_graphs(query_url: str, base: str) -> list[str]:
    doc = SparqlClient(HttpClient()).select(query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                                                f'FILTER(STRSTARTS(STR(?g), "{base}{STAGING_SEGMENT}")) }}')
    return [row["g"]["value"] for row in doc["results"]["bindings"]]


def assert_store_holds(query_url: str, root: Path) -> None:
    """Every graph of the files under `root` is in the store, with the same triples (blank nodes too)."""
    expected = local_graphs(root)
    counts, wanted = remote_counts(query_url, expected), {g: len(graph) for g, graph in expected.items()}
    assert counts == wanted, {g: (counts[g], wanted[g]) for g in wanted if counts[g] != wanted[g]}
    for name, graph in expected.items():
        assert remote_graph(query_url, name) == graph, f"{name} differs from its file"


def assert_summary(output: str, root: Path) -> None:
    """The summary has one line per file with sent = stored = the file's count."""
    layout = load_layout(root)
    for graph in prepare_graphs(layout):
        line = next(l for l in output.splitlines() if l.startswith(graph.display + " "))
        assert line.split()[-3:] == [str(graph.sent), str(graph.sent), "yes"], line
    assert "all counts match" in output


def mark_reload(root: Path) -> None:
    """Change every file, so that a re-load differs from what is stored."""
    layout = load_layout(root)
    for graph in prepare_graphs(layout):
        with open(graph.file.path, "a", encoding="utf-8") as out:
            out.write(f'\n<{RELOAD_MARK}> <{RELOAD_MARK}> "{graph.display}" .\n')


def comparable_queries(root: Path):
    """Saved queries that run with their defaults (queries needing a value are left out)."""
    layout = load_layout(root)
    usable = []
    for saved in catalogue(layout):
        try:
            saved.with_parameters({})
        except UsageError:
            continue
        usable.append(saved)
    return usable


def rows(result) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of N-Triples terms; blank node labels differ between engines."""
    if result.form == "ASK":
        return [(str(result.boolean),)]
    if result.is_graph:
        return sorted((_term(t.subject), _term(t.predicate), _term(t.object)) for t in result.triples)
    return sorted(tuple(_term(v) for v in row) for row in result.tuples())


_NUMERIC = {XSD + name for name in ("integer", "decimal", "int", "long", "short", "nonNegativeInteger",
                                    "positiveInteger", "double", "float")}


def _term(term) -> str:
    """Blank node labels differ between engines; stores may keep a number's value but not its type
    (Virtuoso keeps an integral xsd:decimal as an xsd:integer), so numbers compare by value."""
    if term is None:
        return "UNBOUND"
    if isinstance(term, ox.BlankNode):
        return "_:b"
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        try:
            return f"number {Decimal(term.value).normalize()}"
        except InvalidOperation:
            pass
    return str(term)


def assert_query_agrees(saved, embedded, remote) -> None:
    """The saved query gives the same rows on the server as on the embedded engine."""
    expected = rows(run_query(saved, embedded))
    got = rows(run_query(saved, remote))
    missing, extra = sorted(set(expected) - set(got))[:1], sorted(set(got) - set(expected))[:1]
    assert got == expected, (f"{saved.name}: {len(got)} rows on the server, {len(expected)} embedded; "
                             f"first missing {missing}, first extra {extra}")


def assert_saved_queries_agree(query_url: str, root: Path) -> int:
    """Every saved query that runs with its defaults agrees; returns how many ran."""
    embedded = EmbeddedTarget.shipped(load_layout(root))
    remote = EndpointTarget.at(query_url)
    queries = comparable_queries(root)
    for saved in queries:
        assert_query_agrees(saved, embedded, remote)
    return len(queries)


def error_line(stderr: str) -> str:
    """The one error line a failed command printed: the last line of stderr, after any progress lines."""
    lines = stderr.splitlines()
    errors = [line for line in lines if line.startswith("balkg: error: ")]
    assert len(errors) == 1 and lines[-1] == errors[0], stderr
    assert "Traceback" not in stderr
    return errors[0]


PROBE = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"


def answers(target, root: Path) -> dict[str, list]:
    """The rows each comparable saved query of `root` gives on `target`, plus a count of every triple."""
    found = {saved.name: rows(run_query(saved, target)) for saved in comparable_queries(root)}
    found["<all triples>"] = rows(run_query(PROBE, target))
    return found


def expected_answers(root: Path) -> dict[str, list]:
    """What every comparable saved query answers on the files under `root` (the embedded engine)."""
    return answers(EmbeddedTarget.shipped(load_layout(root)), root)


def assert_before_or_after(target, root: Path, before: dict, after: dict) -> str:
    """Every query answers as it did before the load, or every query as after it: never a mix."""
    got = answers(target, root)
    if got == before:
        return "before"
    if got == after:
        return "after"
    neither = [name for name in got if got[name] not in (before[name], after[name])]
    raise AssertionError(f"the store answers neither as before nor as after the load: "
                         f"{neither[:3] or 'a mix of before and after'}")
