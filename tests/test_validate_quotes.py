"""The quotes stage of `balkg validate` (issue 23 §1): every quote is looked for in its source's
archived text, named by balkg:localFile and checked against balkg:sha256."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from balkg.validation.quotes import normalise, quote_in

SHARED_DIR = Path(os.environ.get("BALKG_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
SOURCES_DIR = SHARED_DIR / "sources"
ONLY_QUOTES = ("--skip", "vocabulary", "--skip", "shacl", "--skip", "checks")


@pytest.fixture(autouse=True)
def needs_sources():
    if not SOURCES_DIR.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the source articles are not at {SOURCES_DIR}: CI must check the quotes against them")
        pytest.skip(f"the source articles are not at {SOURCES_DIR}")


def quote_findings(result) -> list[dict]:
    return [f for f in json.loads(result.stdout)["findings"] if f["stage"] == "quotes"]


def article_quote(root: Path, prefix: str = "003_") -> tuple[Path, int, str]:
    """(file, line, quote) of an evidence quote of the article whose file name starts with `prefix`."""
    sources = (root / "data/ttl/sources.ttl").read_text(encoding="utf-8")
    source = re.search(r'^(src:\S+) a balkg:Article ;(?:\n    .*)*?\n    balkg:localFile "' + prefix, sources,
                       re.M).group(1)
    for path in sorted((root / "data/ttl").glob("*.ttl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if f"balkg:source {source}" in line:
                for near in lines[number - 2:number + 3]:
                    found = re.search(r'balkg:quote "([^"]{40,})"', near)
                    if found:
                        return path, lines.index(near) + 1, found.group(1)
    raise AssertionError(f"no quote of {source} found")


def test_the_shipped_graph_has_no_quote_violation(run):
    result = run("validate", "--stage", "quotes", "--sources", SOURCES_DIR, *ONLY_QUOTES, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert "quotes" in report["stages"]
    found = quote_findings(result)
    assert [f for f in found if f["severity"] == "Violation"] == []
    # every public page without an archived text is named once, never passed over
    assert found and all(f["severity"] == "Info" and "not checked" in f["message"] for f in found)
    assert len({f["focus"] for f in found}) == len(found)


def test_the_configured_archive_is_used_without_sources_option(run):
    result = run("validate", *ONLY_QUOTES, "--format", "json")
    assert "quotes" in json.loads(result.stdout)["stages"]


def test_one_changed_word_is_a_violation_at_its_line_naming_the_closest_passage(run, graph_copy):
    path, line, quote = article_quote(graph_copy)
    words = quote.split()
    changed = " ".join(words[:2] + ["zebra"] + words[3:])
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'"{quote}"', f'"{changed}"', 1), encoding="utf-8")
    result = run(graph_copy, "validate", "--sources", SOURCES_DIR, *ONLY_QUOTES, "--format", "json")
    assert result.exit_code == 1
    [violation] = [f for f in quote_findings(result) if f["severity"] == "Violation"]
    assert violation["file"] == f"data/ttl/{path.name}"
    assert abs(violation["line"] - line) <= 3   # the evidence node's subject line
    assert normalise(" ".join(words[3:6])) in normalise(violation["expected"])
    assert "closest passage" in violation["message"] and "% alike" in violation["message"]
    text_report = run(graph_copy, "validate", "--sources", SOURCES_DIR, *ONLY_QUOTES).stdout
    assert f"data/ttl/{path.name}:{violation['line']}" in text_report and "quote not found" in text_report


def test_a_changed_archive_file_is_a_digest_violation(run, tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(SOURCES_DIR, archive)
    changed = sorted(archive.glob("004_*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA line added later.\n", encoding="utf-8")
    result = run("validate", "--sources", archive, *ONLY_QUOTES, "--format", "json")
    assert result.exit_code == 1
    [violation] = [f for f in quote_findings(result) if f["severity"] == "Violation"]
    assert violation["component"] == "ArchivedTextDigest" and changed.name in violation["message"]
    assert violation["file"] == "data/ttl/sources.ttl"


def test_an_archived_file_missing_from_the_archive_is_a_warning_not_a_pass(run, tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(SOURCES_DIR, archive)
    missing = sorted(archive.glob("002_*.txt"))[0]
    missing.unlink()
    result = run("validate", "--sources", archive, *ONLY_QUOTES, "--format", "json")
    warnings = [f for f in quote_findings(result) if f["severity"] == "Warning"]
    assert len(warnings) == 1 and missing.name in warnings[0]["message"] and "not checked" in warnings[0]["message"]


def test_without_an_archive_the_stage_is_skipped_and_the_report_says_so(run, graph_copy):
    (graph_copy / "balkg.toml").write_text(
        (graph_copy / "balkg.toml").read_text(encoding="utf-8").replace('"../shared/sources", ', ""),
        encoding="utf-8")
    result = run(graph_copy, "validate", *ONLY_QUOTES, "--format", "json")
    report = json.loads(result.stdout)
    assert "quotes" not in report["stages"]
    assert any("quotes were not checked: no archive folder exists" in note for note in report["notes"])
    text = run(graph_copy, "validate", *ONLY_QUOTES).stdout
    assert "quotes were not checked" in text


@pytest.mark.parametrize("quote, text", [
    ("the army’s “new” front – at once", 'the army\'s "new" front - at once'),
    ("spread over\n  two lines", "spread over two lines"),
    ("first part … later part", "first part, then some words, later part"),
    ("Cafe\u0301", "Caf\u00e9"),
])
def test_typography_whitespace_elision_and_composition_are_accepted(quote, text):
    assert quote_in(normalise(quote), normalise(text))


@pytest.mark.parametrize("quote, text", [
    ("later part … first part", "first part, then some words, later part"),
    ("the army's NEW front", "the army's new front"),
])
def test_order_and_case_still_count(quote, text):
    assert not quote_in(normalise(quote), normalise(text))
