"""`balkg fmt`: turtlefmt's canonical style, with meaning and comments checked before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from balkg.curate import fmt as fmt_module
from balkg.cli import cli
from balkg.curate.fmt import canonical_quads, comments

from support import REPO, after_graph_line

MESSY = """@prefix ex: <http://example.org/> .
@prefix   rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
# A curator's note on the first node.
ex:a rdfs:label "a # not a comment"@en ;   ex:p [ ex:q 1 ; ex:r ( 1 2 ) ] ,
      <http://example.org/x#frag> .
ex:b    ex:p ex:a . # why b points at a
"""


@pytest.fixture
def root(tmp_path):
    """A graph root with one messy data file and the shipped ontology and shapes."""
    shutil.copy(REPO / "balkg.toml", tmp_path / "balkg.toml")
    for part in ("ontology", "shapes"):
        shutil.copytree(REPO / part, tmp_path / part)
    data = tmp_path / "data" / "ttl"
    data.mkdir(parents=True)
    (data / "messy.ttl").write_text(MESSY, encoding="utf-8")
    (data / "generated").mkdir()
    (data / "generated" / "tool.ttl").write_text("<http://e/a>   <http://e/b> <http://e/c> .\n")
    return tmp_path


def fmt(root, *args):
    return CliRunner().invoke(cli, ["--root", str(root), "fmt", *map(str, args)])


def graph_of(path: Path) -> set:
    return canonical_quads(ox.parse(path=str(path)))


def test_check_lists_files_that_would_change_and_writes_nothing(root):
    messy = root / "data" / "ttl" / "messy.ttl"
    before = {p: p.read_bytes() for p in root.rglob("*.ttl")}
    result = fmt(root, "--check", messy)
    assert result.exit_code == 1
    assert result.stdout == "would reformat data/ttl/messy.ttl\n"
    assert "1 of 1 files would be reformatted, 0 refused" in result.stderr
    assert {p: p.read_bytes() for p in root.rglob("*.ttl")} == before


def test_fmt_rewrites_keeping_triples_and_comments_then_check_passes(root):
    messy = root / "data" / "ttl" / "messy.ttl"
    graph_before = graph_of(messy)
    result = fmt(root, messy)
    assert result.exit_code == 0, result.output
    assert result.stdout == "reformatted data/ttl/messy.ttl\n"
    text = messy.read_text(encoding="utf-8")
    assert text != MESSY
    assert graph_of(messy) == graph_before
    assert comments(text) == ["A curator's note on the first node.", "why b points at a"]
    again = fmt(root, "--check", messy)
    assert again.exit_code == 0 and again.stdout == ""


def test_default_files_are_ontology_shapes_and_curated_data_not_generated(root):
    generated = root / "data" / "ttl" / "generated" / "tool.ttl"
    before = generated.read_bytes()
    result = fmt(root, "--check")
    assert "would reformat data/ttl/messy.ttl" in result.stdout.splitlines()
    assert "generated" not in result.output
    count = len(list((root / "ontology").glob("*.ttl"))) + len(list((root / "shapes").glob("*.ttl"))) + 1
    assert f"of {count} files would be reformatted" in result.stderr
    assert generated.read_bytes() == before


def test_a_file_that_does_not_parse_is_refused_with_its_location(root):
    broken = root / "data" / "ttl" / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "open .\n', encoding="utf-8")
    before = broken.read_bytes()
    result = fmt(root, broken)
    assert result.exit_code == 1
    assert after_graph_line(result.stderr).splitlines()[0].startswith("balkg: data/ttl/broken.ttl:2:")
    assert "does not parse" in result.stderr
    assert broken.read_bytes() == before


def test_a_formatter_that_would_drop_a_comment_is_refused(root, monkeypatch):
    real = fmt_module.format_texts
    monkeypatch.setattr(fmt_module, "format_texts",
                        lambda texts: [t.replace("# why b points at a", "") for t in real(texts)])
    messy = root / "data" / "ttl" / "messy.ttl"
    result = fmt(root, messy)
    assert result.exit_code == 1
    assert "turtlefmt would lose the comment 'why b points at a'; left unchanged" in result.stderr
    assert messy.read_text(encoding="utf-8") == MESSY


def test_a_formatter_that_would_change_the_triples_is_refused(root, monkeypatch):
    real = fmt_module.format_texts
    monkeypatch.setattr(fmt_module, "format_texts", lambda texts: [t.replace("ex:q 1", "ex:q 2") for t in real(texts)])
    messy = root / "data" / "ttl" / "messy.ttl"
    result = fmt(root, messy)
    assert result.exit_code == 1
    assert "would change the file's triples; left unchanged" in result.stderr
    assert messy.read_text(encoding="utf-8") == MESSY


def test_comments_are_found_outside_iris_and_strings_only():
    text = '<http://e/#a> <http://e/p> "x # y", """long # not\n# still not""" , \'#no\' . # yes\n# and this\n'
    assert comments(text) == ["yes", "and this"]


@pytest.mark.skipif(not (REPO / ".fmt-enforced").exists(),
                    reason="the shipped files are formatted with `balkg fmt` on main, which then creates .fmt-enforced")
def test_the_shipped_graph_is_formatted():
    result = CliRunner().invoke(cli, ["--root", str(REPO), "fmt", "--check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
