"""`balkg validate`: each planted defect is reported at its path:line with exit 1; the shipped graph conforms."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import rdflib

from balkg.validation.reasoning import java_available
from balkg.validation.reporting import JSON_FIELDS

from support import FIXTURES, REPO, after_graph_line

DEFECTS = FIXTURES / "defects"
BASE = DEFECTS / "base.ttl"


@pytest.fixture
def validate(run):
    """`balkg validate --quiet ARGS` on a root (default: the checkout)."""
    return lambda *args, root=REPO: run(root, "validate", "--quiet", *args)


@pytest.fixture
def json_findings(bare_root, validate):
    def findings_of(*paths, extra=()):
        result = validate("--format", "json", *extra, BASE, *paths, root=bare_root)
        return result, json.loads(result.stdout)
    return findings_of


def in_file(document, name):
    return [f for f in document["findings"] if f["file"] and f["file"].endswith(name)]


def test_shipped_graph_conforms(validate):
    result = validate()
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().splitlines()[-1].startswith("conforms: 0 violations")


def test_fixture_base_is_clean_so_each_defect_stands_alone(json_findings):
    result, document = json_findings()
    assert in_file(document, "base.ttl") == []
    assert result.exit_code == 0


def test_syntax_error_is_reported_at_line_and_column(validate, json_findings, bare_root):
    result, document = json_findings(DEFECTS / "syntax-error.ttl")
    assert result.exit_code == 1
    [finding] = in_file(document, "syntax-error.ttl")
    assert (finding["stage"], finding["line"], finding["column"]) == ("syntax", 16, 23)
    assert "tests/fixtures/defects/syntax-error.ttl:16:23" in validate(BASE, DEFECTS / "syntax-error.ttl", root=bare_root).stdout


def test_syntax_errors_in_several_files_are_all_reported(validate, tmp_path, bare_root):
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    second.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ; ex:d .\n")
    result = validate(first, second, root=bare_root)
    assert result.exit_code == 1
    assert f"{first}:2:" in result.stdout and f"{second}:3:" in result.stdout


def test_undeclared_property_is_caught_where_it_is_written(json_findings):
    result, document = json_findings(DEFECTS / "undeclared-property.ttl")
    assert result.exit_code == 1
    [finding] = in_file(document, "undeclared-property.ttl")
    assert finding["stage"] == "vocabulary"
    assert (finding["line"], finding["column"]) == (16, 5)
    assert finding["found"] == "https://w3id.org/balkg/ontology#desigantedBy"
    assert "balkg:desigantedBy is not declared" in finding["message"]


def test_statement_without_source(json_findings):
    result, document = json_findings(DEFECTS / "statement-without-source.ttl")
    assert result.exit_code == 1
    [finding] = in_file(document, "statement-without-source.ttl")
    assert finding["line"] == 14
    assert finding["focus"] == "https://w3id.org/balkg/id/designation/fixture-ban"
    assert finding["shape"] == "bsh:StatementCitesSourceAndQuoteRule"
    assert finding["message"] == "No evidence of this statement has both a source and a quote."


def test_end_before_start(json_findings):
    result, document = json_findings(DEFECTS / "end-before-start.ttl")
    assert result.exit_code == 1
    [finding] = in_file(document, "end-before-start.ttl")
    assert (finding["line"], finding["path"], finding["focus_label"]) == (14, "balkg:endDate", "Fixture siege")
    assert finding["found"] == '"2025-02-02"^^xsd:date'
    assert finding["message"].startswith("Ends (2025-02-02")


def test_wrong_datatype(json_findings):
    result, document = json_findings(DEFECTS / "wrong-datatype.ttl")
    assert result.exit_code == 1
    [finding] = in_file(document, "wrong-datatype.ttl")
    assert (finding["line"], finding["path"]) == (14, "balkg:listingDate")
    assert finding["expected"] == "a date at day, month or year precision"
    assert finding["found"] == '"1 January 2024"^^xsd:string'


def test_unknown_designation_type(json_findings):
    result, document = json_findings(DEFECTS / "unknown-designation-type.ttl")
    assert result.exit_code == 1
    [finding] = in_file(document, "unknown-designation-type.ttl")
    assert (finding["line"], finding["path"]) == (14, "balkg:designationType")
    assert finding["found"] == "dtype:eu-terrorist-list"
    assert finding["expected"] == "a concept of c:designation-type"


@pytest.mark.java
@pytest.mark.skipif(not java_available(), reason="no Java runtime: HermiT cannot run")
def test_reasoner_names_the_individual_that_makes_the_graph_inconsistent(json_findings):
    result, document = json_findings(DEFECTS / "inconsistent.ttl", extra=("--reason", "--skip", "shacl"))
    assert result.exit_code == 1
    [finding] = [f for f in in_file(document, "inconsistent.ttl") if f["stage"] == "reasoning"]
    assert finding["line"] == 15
    assert "Fixture Person-Organisation is an instance of both armed group and person" in finding["message"]


@pytest.mark.java
@pytest.mark.skipif(not java_available(), reason="no Java runtime: HermiT cannot run")
def test_reasoner_reports_unsatisfiable_class_by_label(tmp_path, json_findings):
    bad = tmp_path / "unsatisfiable.ttl"
    bad.write_text(
        "@prefix balkg: <https://w3id.org/balkg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n\n"
        "balkg:PersonOrganisation a owl:Class ;\n"
        '    rdfs:label "person-organisation"@en ;\n'
        "    rdfs:subClassOf balkg:Person , balkg:Organisation .\n")
    result, document = json_findings(bad, extra=("--reason", "--skip", "shacl", "--skip", "vocabulary"))
    assert result.exit_code == 1
    [finding] = [f for f in document["findings"] if f["stage"] == "reasoning"]
    assert finding["message"] == "class person-organisation is unsatisfiable: no individual can belong to it"
    assert finding["line"] == 5


def test_reason_without_java_says_so_in_one_line(validate, monkeypatch, bare_root):
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    result = validate("--reason", "--skip", "shacl", root=bare_root)
    assert result.exit_code == 2
    assert after_graph_line(result.stderr).strip().splitlines() == [
        "balkg: error: --reason needs a Java runtime (java not found); install one, e.g. apt-get install default-jre-headless"]


def test_json_output_has_the_documented_fields(json_findings):
    result, document = json_findings(DEFECTS / "end-before-start.ttl")
    assert set(document) == {"root", "conforms", "counts", "stages", "files_checked", "notes", "findings"}
    assert document["conforms"] is False
    assert document["counts"]["Violation"] == 1
    assert all(set(f) == set(JSON_FIELDS) for f in document["findings"])


def test_turtle_output_is_a_shacl_validation_report(validate):
    result = validate("--format", "turtle", BASE, DEFECTS / "end-before-start.ttl")
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    [report] = list(graph.subjects(rdflib.RDF.type, sh.ValidationReport))
    assert graph.value(report, sh.conforms).toPython() is False
    focus = rdflib.URIRef("https://w3id.org/balkg/id/event/fixture-siege")
    assert (None, sh.focusNode, focus) in graph


def test_fail_on_warning(validate, tmp_path, bare_root):
    weak = tmp_path / "weak.ttl"
    weak.write_text(
        "@prefix balkg: <https://w3id.org/balkg/ontology#> .\n"
        "@prefix place: <https://w3id.org/balkg/id/place/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\n"
        'place:fixture-town a balkg:Town ; skos:prefLabel "Fixture Town"@en .\n')
    assert validate(weak, root=bare_root).exit_code == 0
    strict = validate("--fail-on", "warning", weak, root=bare_root)
    assert strict.exit_code == 1
    assert "place:fixture-town" in strict.stdout or "fixture-town" in strict.stdout


def test_unreadable_root_is_a_usage_error(run, tmp_path):
    result = run("validate", root=tmp_path / "missing")
    assert result.exit_code == 2
    assert "is not a readable directory" in result.stderr


def test_root_points_at_a_fork(validate, graph_copy):
    (graph_copy / "data" / "ttl" / "broken.ttl").write_text("this is not turtle\n")
    result = validate(root=graph_copy)
    assert result.exit_code == 1
    assert "data/ttl/broken.ttl:1:" in result.stdout


def test_validate_as_a_real_subprocess_from_another_directory(tmp_path):
    """The installed command, run elsewhere, validates the graph bundled with the package."""
    import os

    exe = shutil.which("balkg")
    command = [exe] if exe else [sys.executable, "-m", "balkg.cli"]
    env = {k: v for k, v in os.environ.items() if k != "BALKG_ROOT"}
    done = subprocess.run([*command, "validate", "--quiet"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("conforms: 0 violations")
    stats = subprocess.run([*command, "stats", "--format", "json"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=600)
    assert stats.returncode == 0 and "stats/05-provenance-coverage" in json.loads(stats.stdout)


def test_a_source_is_not_published_before_the_event_it_reports(json_findings):
    result, document = json_findings(DEFECTS / "source-before-event.ttl")
    assert result.exit_code == 1
    [finding] = in_file(document, "source-before-event.ttl")
    assert (finding["line"], finding["shape"]) == (21, "bsh:SourceNotBeforeEventRule")
    assert finding["message"] == ("Cites https://w3id.org/balkg/id/source/fixture-article, published by 2025-06-01, "
                                  "before the event https://w3id.org/balkg/id/event/fixture-raid began (2025-07).")


def test_a_check_covered_by_a_stage_reports_once_in_validate_but_still_runs_as_a_query(run, bare_root, tmp_path):
    root = tmp_path / "graph"
    shutil.copytree(bare_root, root)
    for name in ("base.ttl", "undeclared-property.ttl"):
        shutil.copy(DEFECTS / name, root / "data" / "ttl" / name)
    validated = run(root, "validate", "--quiet", "--format", "json")
    stages = [f["stage"] for f in json.loads(validated.stdout)["findings"] if f["severity"] == "Violation"]
    assert stages == ["vocabulary"]
    queried = run(root, "query", "checks/undeclared-term", "--format", "csv")
    assert queried.exit_code == 0
    assert "https://w3id.org/balkg/ontology#desigantedBy" in queried.stdout


def test_nested_shape_details_are_not_reported_as_findings_of_their_own(json_findings):
    result, document = json_findings(DEFECTS / "unknown-designation-type.ttl")
    about_the_concept = [f for f in document["findings"]
                         if f["focus"] == "https://w3id.org/balkg/concept/designation-type/eu-terrorist-list"]
    assert about_the_concept == []
    assert document["counts"]["Violation"] == 1


def test_text_report_lists_infos_only_with_verbose_and_counts_many_findings_of_a_shape(run):
    quiet = run("validate", "--quiet")
    verbose = run("validate", "--quiet", "-v")
    summary = quiet.stdout.splitlines()[-1]
    infos = int(summary.split(" infos")[0].rsplit(" ", 1)[-1])
    assert infos > 0 and summary == verbose.stdout.splitlines()[-1]
    assert "Info [" not in quiet.stdout
    assert verbose.stdout.count("    Info [") == infos
    assert f"note: {infos} info findings not listed (-v lists them)" in quiet.stdout
    first = quiet.stdout.splitlines()[0]
    count, shape = first.split(" ")[0], first.rsplit(" of shape ", 1)[-1]
    assert int(count) >= 5 and quiet.stdout.count(f"; shape {shape}\n") == int(count)
