"""`balkg export`: the whole dataset in one file, the same bytes whatever the hash seed."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph as ox
import pytest

from balkg import formats
from balkg.layout import load_layout
from balkg.store import prepare_graphs

FORMATS = {f.name: f.rdf for f in formats.writers_of("dataset")}
BALKG = [sys.executable, "-c", "from balkg.cli import main; main()"]


def canonical(quads) -> set[str]:
    """Quads with blank nodes relabelled by RDF Dataset Canonicalization: equal iff isomorphic."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def local_quads(root, named: bool) -> set[str]:
    return canonical(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g.graph) if named else None)
                     for g in prepare_graphs(load_layout(root)) for t in g.triples)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_holds_the_dataset(run, graph_copy, fmt):
    result = run(graph_copy, "export", "--format", fmt)
    assert result.exit_code == 0, result.output
    parsed = canonical(ox.parse(result.stdout_bytes, format=FORMATS[fmt]))
    named = FORMATS[fmt].supports_datasets  # N-Triples and Turtle hold the union of the graphs
    assert parsed == local_quads(graph_copy, named)


def test_output_file_and_nothing_on_stdout(run, graph_copy, tmp_path):
    target = tmp_path / "out" / "balkg.trig"
    result = run(graph_copy, "export", "--format", "trig", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_bytes() == run(graph_copy, "export", "--format", "trig").stdout_bytes


def test_same_bytes_whatever_the_hash_seed(graph_copy, tmp_path):
    outputs = {}
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        for fmt in sorted(FORMATS):
            out = tmp_path / f"{seed}.{fmt}"
            subprocess.run([*BALKG, "--root", str(graph_copy), "export", "--format", fmt,
                            "-o", str(out)], env=env, check=True, timeout=120)
            outputs.setdefault(fmt, set()).add(out.read_bytes())
    assert all(len(versions) == 1 and b"" not in versions for versions in outputs.values())
