"""`balkg validate --format sarif` against the OASIS SARIF 2.1.0 schema, and the W3C report's sh:conforms.

The schema is vendored in tests/schemas/ (where it came from: tests/schemas/README.md).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import rdflib
from click.testing import CliRunner

from balkg.cli import cli

from support import FIXTURES, REPO

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
DEFECTS = FIXTURES / "defects"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def defects_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("bare")
    shutil.copy(REPO / "balkg.toml", root / "balkg.toml")
    for part in ("ontology", "shapes", "queries"):
        shutil.copytree(REPO / part, root / part)
    (root / "data" / "ttl").mkdir(parents=True)
    shutil.copytree(DEFECTS, root / "defects")
    return root


def validate(root, *args):
    return CliRunner().invoke(cli, ["--root", str(root), "validate", "--quiet", *map(str, args)])


def sarif_of(root, *paths):
    result = validate(root, "--format", "sarif", *paths)
    document = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    return result, document


def test_sarif_of_planted_defects_is_valid_and_locates_each_finding(defects_root):
    result, document = sarif_of(defects_root, *(defects_root / "defects" / name for name in
                                             ("base.ttl", "end-before-start.ttl", "undeclared-property.ttl")))
    assert result.exit_code == 1
    (run,) = document["runs"]
    assert run["tool"]["driver"]["name"] == "balkg"
    results = run["results"]
    by_rule = {r["ruleId"]: r for r in results}
    interval = by_rule["bsh:IntervalOrderRule"]
    assert interval["level"] == "error"
    location = interval["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "defects/end-before-start.ttl", "uriBaseId": "SRCROOT"}
    assert location["region"] == {"startLine": 14}
    assert "before it starts" in interval["message"]["text"]
    assert interval["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == \
        "https://w3id.org/balkg/id/event/fixture-siege"
    undeclared = by_rule["vocabulary/UndeclaredTerm"]
    assert undeclared["message"]["text"].startswith("balkg:desigantedBy is not declared")
    location = undeclared["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "defects/undeclared-property.ttl"
    assert location["region"] == {"startLine": 16, "startColumn": 5}
    rules = run["tool"]["driver"]["rules"]
    assert [rules[r["ruleIndex"]]["id"] for r in results] == [r["ruleId"] for r in results]


def test_sarif_levels_follow_severities_on_the_shipped_graph():
    result, document = sarif_of(REPO)
    results = document["runs"][0]["results"]
    text = validate(REPO, "--format", "json")
    counts = json.loads(text.stdout)["counts"]
    levels = [r["level"] for r in results]
    assert (levels.count("error"), levels.count("warning"), levels.count("note")) == \
        (counts["Violation"], counts["Warning"], counts["Info"])
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".ttl") for r in results)


def test_sarif_of_a_syntax_error_has_line_and_column(defects_root):
    result, document = sarif_of(defects_root, defects_root / "defects" / "syntax-error.ttl")
    (finding,) = [r for r in document["runs"][0]["results"] if r["properties"]["stage"] == "syntax"]
    region = finding["locations"][0]["physicalLocation"]["region"]
    assert finding["ruleId"] == "syntax/ParseError" and finding["level"] == "error"
    assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_turtle_report_conforms_only_without_results():
    """The shipped graph passes balkg's rule (no violations) but has warnings: the W3C report says false."""
    result = validate(REPO, "--format", "turtle")
    assert result.exit_code == 0
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    (report,) = graph.subjects(rdflib.RDF.type, SH.ValidationReport)
    results = list(graph.objects(report, SH.result))
    assert results, "the shipped graph has warnings and infos"
    assert graph.value(report, SH.conforms).toPython() is False
    assert result.stderr.strip().startswith("conforms: 0 violations")


def test_turtle_report_of_a_clean_graph_conforms(defects_root):
    result = validate(defects_root, "--format", "turtle", "--skip", "checks")
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    (report,) = graph.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert list(graph.objects(report, SH.result)) == []
    assert graph.value(report, SH.conforms).toPython() is True
