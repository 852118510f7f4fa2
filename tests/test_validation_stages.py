"""Unit tests of balkg.validation: the stage registry and validate_layout's run of it."""

from __future__ import annotations

import pytest

from balkg.errors import EnvironmentProblem
from balkg.layout import load_layout
from balkg.validation import STAGES, validate_layout
from balkg.validation.stages import OPTIONAL, SKIPPABLE, select


def test_stages_in_order_with_reasoning_off_by_default():
    assert [s.name for s in STAGES] == ["syntax", "vocabulary", "shacl", "checks", "quotes", "reasoning"]
    assert OPTIONAL == ("reasoning",)
    assert "syntax" not in SKIPPABLE


def test_select_adds_optional_stages_and_skips_others_but_never_syntax():
    assert [s.name for s in select(("reasoning",), ("shacl",))] == ["syntax", "vocabulary", "checks", "quotes", "reasoning"]
    assert [s.name for s in select(skip=("syntax", "vocabulary", "shacl", "checks", "quotes"))] == ["syntax"]
    with pytest.raises(ValueError, match="unknown validation stage 'typo'"):
        select(("typo",))


def test_a_missing_need_stops_the_run_before_any_stage(bare_root, monkeypatch):
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    said = []
    with pytest.raises(EnvironmentProblem, match="needs a Java runtime"):
        validate_layout(load_layout(bare_root), reason=True, progress=said.append)
    assert said == []


def test_syntax_errors_stop_the_stages_that_need_clean_files(bare_root, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n")
    report = validate_layout(load_layout(bare_root), [broken])
    assert report.stages == ["syntax", "vocabulary"]
    assert [f.stage for f in report.findings] == ["syntax"]
    assert report.notes == ["SHACL, checks, quotes and reasoning were skipped: fix the syntax errors first"]
