"""ROBOT-style data checks: silent on the shipped graph, each one finds the problem planted in its fixture."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from balkg.validation.checks import CheckResult, check_queries, run_check, run_checks, severity_of
from balkg.rdf.dataset import memory_dataset, parse_layout
from balkg.errors import UsageError
from balkg.layout import load_layout
from balkg.query.catalogue import SavedQuery

from support import FIXTURES, REPO

CHECK_FIXTURES = FIXTURES / "checks"
TEST_NODES = "https://w3id.org/balkg/id/test/"
CHECKS = check_queries(load_layout(REPO))
CHECK_IDS = [c.name for c in CHECKS]


def test_the_shipped_graph_passes_every_check(layout):
    findings = run_checks(layout, memory_dataset(layout))
    assert findings == [], "\n".join(f"{f.check}: {f.entity} {f.property} {f.value}" for f in findings)


@pytest.mark.parametrize("check", CHECKS, ids=CHECK_IDS)
def test_check_has_a_fixture_with_a_planted_problem(check):
    assert (CHECK_FIXTURES / f"{check.name}.ttl").is_file()


def ontology_and(layout, fixture) -> ox.Store:
    """A store of the ontology and one fixture file, each in its named graph."""
    parsed = parse_layout(layout, [fixture]).check()
    return parsed.store(parsed.ontology + parsed.extra)


@pytest.mark.parametrize("check", CHECKS, ids=CHECK_IDS)
def test_check_finds_the_planted_problem(check, layout):
    fixture = CHECK_FIXTURES / f"{check.name}.ttl"
    store = ontology_and(layout, fixture)
    findings = run_check(check, store)
    assert findings, f"{check.name} misses the problem planted in {fixture.name}"
    for finding in findings:
        assert finding.check == check.name
        assert finding.message == check.summary
        assert finding.severity in ("error", "warn", "info")
        # Only the planted test nodes are reported, never the ontology the fixture is checked with.
        assert (finding.entity or "").startswith(TEST_NODES) or (finding.value or "").startswith(TEST_NODES)


@pytest.mark.parametrize("name, entity", [
    ("self-membership", TEST_NODES + "membership"),
    ("located-in-cycle", TEST_NODES + "town"),
    ("designation-without-date", TEST_NODES + "designation"),
    ("claim-without-claimant", TEST_NODES + "claim"),
    ("undeclared-term", TEST_NODES + "one"),
])
def test_findings_name_the_offending_node(name, entity, layout):
    check = next(c for c in CHECKS if c.name == name)
    fixture = CHECK_FIXTURES / f"{name}.ttl"
    store = ontology_and(layout, fixture)
    assert entity in {f.entity for f in run_check(check, store)}


def test_undeclared_term_reports_both_the_class_and_the_property(layout):
    check = next(c for c in CHECKS if c.name == "undeclared-term")
    fixture = CHECK_FIXTURES / "undeclared-term.ttl"
    store = ontology_and(layout, fixture)
    found = {(f.property, f.value) for f in run_check(check, store)}
    assert ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "https://w3id.org/balkg/ontology#ArmedGrop") in found
    assert ("https://w3id.org/balkg/ontology#foundingdate", "2000") in found


def test_severity_comes_from_the_decorator_and_defaults_to_error():
    assert severity_of(SavedQuery.from_text("#+ severity: warn\nSELECT * {}")) == "warn"
    assert severity_of(SavedQuery.from_text("#+ severity: WARNING\nSELECT * {}")) == "warn"
    assert severity_of(SavedQuery.from_text("#+ summary: x\nSELECT * {}")) == "error"
    with pytest.raises(UsageError, match="severity"):
        severity_of(SavedQuery.from_text("#+ severity: fatal\nSELECT * {}"))


def test_every_shipped_check_declares_a_valid_severity():
    assert {severity_of(c) for c in CHECKS} <= {"error", "warn", "info"}
    assert any(severity_of(c) == "warn" for c in CHECKS)


def test_run_checks_on_a_layout_with_a_planted_problem(graph_copy):
    data = graph_copy / "data" / "ttl"
    data.mkdir(parents=True, exist_ok=True)
    (data / "planted.ttl").write_text((CHECK_FIXTURES / "self-membership.ttl").read_text())
    layout = load_layout(graph_copy)
    findings = run_checks(layout, memory_dataset(layout))
    assert CheckResult("self-membership", "error", TEST_NODES + "membership", "http://www.w3.org/ns/org#member",
                        TEST_NODES + "a", "A membership makes an organisation a member of itself") in findings


def test_a_check_runs_as_a_saved_query_from_the_command_line(run):
    result = run("query", "checks/self-membership", "-f", "csv")
    assert (result.exit_code, result.stdout_bytes) == (0, b"entity,property,value\r\n")  # W3C CSV: CRLF


def test_alias_check_ignores_case_but_not_the_language(layout):
    check = next(c for c in CHECKS if c.name == "alias-names-another-actor")
    store = ontology_and(layout, CHECK_FIXTURES / "alias-names-another-actor.ttl")
    found = {(f.entity, str(f.value)) for f in run_check(check, store)}
    assert {(e.removeprefix(TEST_NODES), v) for e, v in found} == {("army", "Test Armed Forces"),
                                                                    ("police", "TEST ARMED FORCES")}
