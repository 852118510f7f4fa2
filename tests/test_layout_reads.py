"""A layout that reads nothing is an error, not a pass; empty and broken modules are named once."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from support import after_graph_line


def set_layout(root, key, value):
    path = root / "balkg.toml"
    text = path.read_text(encoding="utf-8")
    lines = [f'{key} = "{value}"' if line.startswith(f"{key} = ") else line for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def store_quads(directory) -> int:
    store = ox.Store.read_only(str(directory))
    return sum(1 for _ in store.quads_for_pattern(None, None, None))


@pytest.fixture
def loaded_store(run, graph_copy, tmp_path):
    store = tmp_path / "store"
    assert run(graph_copy, "load", "--no-validate", "--store", store).exit_code == 0
    return store


@pytest.mark.parametrize("folder, problem", [("data/tll", "does not exist"), ("data/empty", "has no .ttl file")],
                         ids=["misspelt", "without turtle"])
@pytest.mark.parametrize("command", [("validate", "--quiet"), ("load", "--store"), ("load", "--no-validate", "--store")])
def test_a_data_folder_that_reads_nothing_stops_before_anything_is_written(run, graph_copy, loaded_store, command,
                                                                           folder, problem):
    before = store_quads(loaded_store)
    (graph_copy / "data" / "empty").mkdir()
    (graph_copy / "data" / "empty" / "notes.txt").write_text("not RDF\n")
    set_layout(graph_copy, "data", folder)
    args = [*command, loaded_store] if command[0] == "load" else command
    result = run(graph_copy, *args)
    assert result.exit_code == 2
    stray = f"warning: {folder}/notes.txt: not read (not an RDF file)\n" if folder == "data/empty" else ""
    assert after_graph_line(result.stderr) == (f"{stray}balkg: error: the data folder {folder} "
                                               f"(balkg.toml [layout] data) {problem}\n")
    assert store_quads(loaded_store) == before


def test_folders_outside_the_root_are_refused(run, graph_copy):
    set_layout(graph_copy, "shapes", "../elsewhere/shapes")
    result = run(graph_copy, "queries", "list")
    assert result.exit_code == 2
    assert "balkg.toml [layout] shapes = ../elsewhere/shapes points outside the graph root" in result.stderr


def test_an_empty_data_file_and_an_empty_ontology_module_are_warnings_naming_them(run, graph_copy):
    (graph_copy / "data" / "ttl" / "events-2026.ttl").write_text("# nothing yet\n")
    (graph_copy / "ontology" / "draft.ttl").write_text("")
    result = run(graph_copy, "validate", "--quiet", "--format", "json", "--skip", "shacl")
    document = json.loads(result.stdout)
    warnings = {(f["file"], f["message"]) for f in document["findings"] if f["severity"] == "Warning"
                and f["stage"] == "syntax"}
    assert warnings == {("data/ttl/events-2026.ttl", "the file holds no triples"),
                        ("ontology/draft.ttl", "the file holds no triples")}


def test_an_ontology_module_that_does_not_parse_limits_vocabulary_checks_once(run, graph_copy):
    module = graph_copy / "ontology" / "actors.ttl"
    assert module.is_file()
    module.write_text(module.read_text(encoding="utf-8") + "\nbalkg:Broken a owl:Class ;\n", encoding="utf-8")
    result = run(graph_copy, "validate", "--quiet", "--format", "json")
    document = json.loads(result.stdout)
    by_stage = {}
    for f in document["findings"]:
        by_stage.setdefault(f["stage"], []).append(f)
    assert [f["file"] for f in by_stage["syntax"]] == ["ontology/actors.ttl"]
    assert "vocabulary" not in by_stage
    assert ("vocabulary checks were limited to external vocabularies: ontology/actors.ttl did not parse"
            in document["notes"])
