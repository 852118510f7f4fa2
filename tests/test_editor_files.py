"""Files as editors save them (a UTF-8 byte-order mark, CRLF line ends), and files in the data folder
that balkg does not read: each is read, refused with its name, or named in a warning, never skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import after_graph_line

BOM = b"\xef\xbb\xbf"


def with_bom(path: Path) -> None:
    path.write_bytes(BOM + path.read_bytes())


def with_crlf(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


@pytest.mark.parametrize("edit", [with_bom, with_crlf], ids=["bom", "crlf"])
def test_data_ontology_shapes_and_queries_saved_by_an_editor_validate_and_query(run, graph_copy, edit):
    for path in ("data/ttl/actors.ttl", "ontology/core.ttl", "shapes/nodes.ttl", "queries/designations.rq"):
        edit(graph_copy / path)
    validated = run(graph_copy, "validate")
    assert validated.exit_code == 0, validated.output
    assert "conforms: 0 violations" in validated.stdout
    queried = run(graph_copy, "query", "designations", "--format", "csv")
    assert queried.exit_code == 0, queried.output
    assert queried.stdout.count("\n") > 5


def test_a_syntax_error_after_a_byte_order_mark_keeps_its_line_and_column(run, graph_copy):
    path = graph_copy / "data" / "ttl" / "bad.ttl"
    path.write_bytes(BOM + b"@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n    ex:d .\n")
    result = run(graph_copy, "validate")
    assert result.exit_code == 1
    assert "data/ttl/bad.ttl:4:10" in result.output


def test_a_file_with_a_byte_order_mark_loads_unparsed_into_a_store(run, graph_copy, tmp_path):
    with_bom(graph_copy / "data" / "ttl" / "actors.ttl")
    result = run(graph_copy, "load", "--store", tmp_path / "store", "--no-validate")
    assert result.exit_code == 0, result.output
    assert "all counts match" in result.output


@pytest.mark.parametrize("name", ["extra.trig", "extra.nq", "extra.nt", "extra.rdf", "extra.jsonld"])
def test_an_rdf_file_balkg_does_not_read_is_refused_by_name(run, graph_copy, name):
    (graph_copy / "data" / "ttl" / name).write_text("")
    result = run(graph_copy, "validate")
    assert result.exit_code == 2
    message = after_graph_line(result.stderr).strip().splitlines()[-1]
    assert message.startswith(f"balkg: error: data/ttl/{name}: ")
    assert "not read" in message
    assert "conforms" not in result.stdout


def test_a_file_that_is_not_rdf_is_named_in_a_warning(run, graph_copy):
    (graph_copy / "data" / "ttl" / "notes.txt").write_text("to do\n")
    result = run(graph_copy, "validate")
    assert result.exit_code == 0
    assert "warning: data/ttl/notes.txt: not read (not an RDF file)" in result.stderr
