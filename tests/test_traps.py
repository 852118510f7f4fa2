"""Smaller traps of issue 10 §6, each reproduced against real files, stores or servers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest

from support import FIXTURES, after_graph_line

BASE = FIXTURES / "defects" / "base.ttl"
PREFIXES = """@prefix balkg: <https://w3id.org/balkg/ontology#> .
@prefix actor: <https://w3id.org/balkg/id/actor/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def test_every_syntax_error_of_a_file_is_reported_in_one_run(run, bare_root, tmp_path):
    bad = tmp_path / "three-errors.ttl"
    bad.write_text(PREFIXES + "\n"
                   "actor:a balkg:p actor:b actor:c .\n"          # line 5: two objects without a comma
                   "actor:d balkg:p actor:e .\n"                  # fine
                   'actor:f balkg:p "unterminated .\n'            # line 7: a string that never ends on its line
                   "\n"
                   "actor:g balkg:p [ balkg:q .\n")                # line 9: an unclosed blank node
    result = run(bare_root, "validate", "--quiet", "--format", "json", BASE, bad)
    document = json.loads(result.stdout)
    lines = [f["line"] for f in document["findings"] if f["stage"] == "syntax" and f["file"].endswith("three-errors.ttl")]
    assert lines == [5, 7, 9]
    assert result.exit_code == 1


def test_an_ill_typed_literal_is_a_finding_without_tracebacks(run, bare_root, tmp_path):
    ill = tmp_path / "ill-typed.ttl"
    ill.write_text(PREFIXES + '<https://w3id.org/balkg/id/designation/x> a balkg:Designation ;\n'
                   '    balkg:listingDate "abc"^^xsd:date .\n')
    result = run(bare_root, "validate", "-q", BASE, ill)
    assert result.exit_code == 1
    assert '"abc"^^xsd:date' in result.stdout
    assert after_graph_line(result.stderr) == ""


@pytest.mark.parametrize("name, fmt", [("x.ttl", ox.RdfFormat.TURTLE), ("x.nt", ox.RdfFormat.N_TRIPLES),
                                       ("x.trig", ox.RdfFormat.TRIG)])
def test_export_takes_the_format_from_the_extension(run, graph_copy, tmp_path, name, fmt):
    target = tmp_path / name
    result = run(graph_copy, "export", "-o", target)
    assert result.exit_code == 0, result.output
    assert len(list(ox.parse(path=str(target), format=fmt))) > 1000


def test_export_refuses_a_format_that_contradicts_the_extension(run, graph_copy, tmp_path):
    target = tmp_path / "x.ttl"
    result = run(graph_copy, "export", "--format", "nquads", "-o", target)
    assert result.exit_code == 2
    assert after_graph_line(result.stderr) == (
        f"balkg: error: {target} names Turtle (.ttl) but --format is nquads; drop --format or change the extension\n")
    assert not target.exists()


def test_link_judge_refuses_an_iri_that_is_not_in_the_graph(run, wikidata_root):
    judgements = wikidata_root / "data" / "reviews" / "wikidata-judgements.tsv"
    result = run(wikidata_root, "link", "judge", "actor:no-such-actor", "Q42", "accept")
    assert result.exit_code == 2
    assert after_graph_line(result.stderr) == (
        "balkg: error: actor:no-such-actor (https://w3id.org/balkg/id/actor/no-such-actor) is not in the graph; "
        "judge an entity the graph describes\n")
    assert not judgements.exists()


@pytest.mark.parametrize("text, line, column", [
    ("SELECT * WHERE { ?s ?p ?o", 1, 24),
    ("SELECT * WHERE {\n  ?s ?p\n", 2, 6),
])
def test_a_sparql_syntax_error_is_located_inside_the_text(run, tmp_path, text, line, column):
    path = tmp_path / "broken.rq"
    path.write_text(text)
    result = run("query", path)
    assert result.exit_code == 2
    assert after_graph_line(result.stderr).startswith(f"balkg: error: {path}:{line}:{column}: SPARQL syntax error")


def test_a_type_added_in_another_file_is_located_at_the_triple_that_added_it(run, bare_root, tmp_path):
    retyped = tmp_path / "retyped.ttl"
    retyped.write_text(PREFIXES + "\n# a curator's slip: the group typed as a designation\n"
                       "actor:fixture-group a balkg:Designation .\n")
    result = run(bare_root, "validate", "--quiet", "--format", "json", "--skip", "checks", BASE, retyped)
    about = [f for f in json.loads(result.stdout)["findings"]
             if f["stage"] == "shacl" and f["focus"] == "https://w3id.org/balkg/id/actor/fixture-group"
             and (f["shape"] or "").startswith("bsh:DesignationShape")]
    assert about, result.stdout
    assert {(f["file"], f["line"]) for f in about} == {(str(retyped), 6)}


def many_rows_root(make_root, n: int):
    """A graph root whose data has n subjects, so that a query joining them with themselves gives n*n rows."""
    root = make_root(parts=("ontology",))
    lines = [f"<http://example.org/s{i}> <http://example.org/p> <http://example.org/o{i}> ." for i in range(n)]
    (root / "data" / "ttl" / "many.ttl").write_text("\n".join(lines) + "\n")
    return root


def peak_rss_kb(root, query: str, fmt: str) -> tuple[int, int]:
    """(exit status, peak resident memory in kB) of `balkg query` run alone in a subprocess."""
    command = [sys.executable, "-c", "from balkg.cli import main; main()", "--root", str(root), "query", "-",
               "--format", fmt]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as p:
        p.stdin.write(query.encode())
        p.stdin.close()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, usage.ru_maxrss


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_query_streams_a_million_rows_instead_of_holding_them(make_root, fmt):
    root = many_rows_root(make_root, 1000)
    small = "SELECT ?a WHERE { ?a <http://example.org/p> ?x } LIMIT 1"
    large = "SELECT ?a ?b WHERE { ?a <http://example.org/p> ?x . ?b <http://example.org/p> ?y }"
    status_small, baseline = peak_rss_kb(root, small, fmt)
    status_large, peak = peak_rss_kb(root, large, fmt)
    assert status_small == status_large == 0
    # Held in memory, a million rows take well over a gigabyte; streamed, next to nothing.
    assert peak - baseline < 100_000, f"{fmt}: peak {peak} kB against {baseline} kB for one row"


def test_rows_of_a_streamed_result_say_it_was_streamed_instead_of_being_empty(make_root):
    import io

    from balkg.layout import load_layout
    from balkg.query.results import write
    from balkg.query.run import EmbeddedTarget, run_query

    root = many_rows_root(make_root, 3)
    result = run_query("SELECT ?a WHERE { ?a <http://example.org/p> ?x }",
                       EmbeddedTarget.shipped(load_layout(root)), lazy=True)
    out = io.BytesIO()
    write(result, "tsv", out)
    assert out.getvalue().count(b"\n") == 4
    with pytest.raises(RuntimeError, match="streamed"):
        result.rows
