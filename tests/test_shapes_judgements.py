"""Shapes of judgements, reasons, plans and measures (shapes/judgements.ttl): each planted defect is reported."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from balkg.cli import cli
from support import FIXTURES

BASE = FIXTURES / "defects" / "base.ttl"
DEFECTS = FIXTURES / "judgements" / "judgement-defects.ttl"
ID = "https://w3id.org/balkg/id/"


@pytest.fixture(scope="module")
def findings(bare_root):
    """`balkg validate` of the base graph and the defects, on the shipped ontology and shapes without data."""
    result = CliRunner().invoke(cli, ["--root", str(bare_root), "validate", "--quiet", "--format", "json",
                                      str(BASE), str(DEFECTS)])
    assert result.exit_code == 1, result.output
    return [f for f in json.loads(result.stdout)["findings"] if (f["file"] or "").endswith(DEFECTS.name)]


def of(findings, node):
    return [f for f in findings if f["focus"] == ID + node]


def test_a_hedged_likelihood_without_the_hedging_words(findings):
    [finding] = of(findings, "judgement/fixture-unhedged")
    assert finding["shape"] == "bsh:HedgedJudgementRule"
    assert finding["severity"] == "Violation"


def test_a_reason_cannot_be_both_for_and_against(findings):
    assert [f["shape"] for f in of(findings, "reason/fixture-both-ways")] == ["bsh:ReasonShape"]


def test_a_plan_needs_its_type_and_status(findings):
    paths = sorted(f["path"] for f in of(findings, "plan/fixture-untyped"))
    assert paths == ["balkg:planStatus", "balkg:planType"]


def test_a_measure_takes_a_type_of_the_plan_type_scheme_and_names_what_produced_it(findings):
    got = {(f["path"], f["severity"]) for f in of(findings, "plan/fixture-measure")}
    assert ("balkg:planType", "Violation") in got
    assert ("balkg:producedBy", "Warning") in got
