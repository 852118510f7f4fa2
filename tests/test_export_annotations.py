"""`balkg export --format annotations` (issue 23 §3): every evidence quote as a W3C Web Annotation
with a TextQuoteSelector on its source, anchored in the archived text. Offline: the JSON-LD is
read with the context's terms from a local fixture."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import rdflib

from support import FIXTURES

SHARED_DIR = Path(os.environ.get("BALKG_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
SOURCES_DIR = SHARED_DIR / "sources"
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
ARCHIVED_QUOTES = """PREFIX balkg: <https://w3id.org/balkg/ontology#>
SELECT (COUNT(DISTINCT ?ev) AS ?n) WHERE { ?ev balkg:quote ?q ; balkg:source ?s . ?s balkg:localFile ?f }"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    if not SOURCES_DIR.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the source articles are not at {SOURCES_DIR}")
        pytest.skip(f"the source articles are not at {SOURCES_DIR}")
    from click.testing import CliRunner

    from balkg.cli import cli
    from support import REPO

    out = tmp_path_factory.mktemp("annotations") / "evidence.jsonld"
    result = CliRunner().invoke(cli, ["--root", str(REPO), "export", "--format", "annotations",
                                      "--sources", str(SOURCES_DIR), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def targets(annotation):
    target = annotation["target"]
    return target if isinstance(target, list) else [target]


def test_every_evidence_quote_is_an_annotation(exported, layout):
    from balkg.rdf.dataset import memory_dataset

    store = memory_dataset(layout)
    quotes = int(next(iter(store.query("PREFIX balkg: <https://w3id.org/balkg/ontology#> "
                                       "SELECT (COUNT(DISTINCT ?ev) AS ?n) WHERE { ?ev balkg:quote ?q ; balkg:source ?s }",
                                       use_default_graph_as_union=True)))[0].value)
    items = exported["first"]["items"]
    assert exported["type"] == "AnnotationCollection" and exported["total"] == len(items) == quotes
    assert all(a["type"] == "Annotation" and a["motivation"] == "linking" for a in items)


def test_quotes_of_archived_sources_are_anchored_with_prefix_and_suffix(exported, layout):
    from balkg.rdf.dataset import memory_dataset

    archived = int(next(iter(memory_dataset(layout).query(ARCHIVED_QUOTES, use_default_graph_as_union=True)))[0].value)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES_DIR.glob("*.txt")]
    anchored = [a for a in exported["first"]["items"] if all("prefix" in t["selector"] for t in targets(a))]
    assert len(anchored) == archived
    for annotation in anchored:
        for target in targets(annotation):
            selector = target["selector"]
            assert selector["type"] == "TextQuoteSelector"
            assert selector["prefix"] or selector["suffix"]   # empty only at the start or end of the text
            passage = selector["prefix"] + selector["exact"] + selector["suffix"]
            assert any(passage in text for text in texts), annotation["id"]


def test_the_export_is_web_annotation_json_ld(exported):
    context = json.loads((FIXTURES / "anno-context-terms.json").read_text(encoding="utf-8"))["@context"]
    document = dict(exported, **{"@context": context})
    graph = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    annotations = set(graph.subjects(rdflib.RDF.type, OA.Annotation))
    assert len(annotations) == exported["total"]
    selectors = set(graph.subjects(rdflib.RDF.type, OA.TextQuoteSelector))
    assert len(selectors) >= len(annotations)
    some = next(iter(annotations))
    assert graph.value(some, OA.motivatedBy) == OA.linking
    assert graph.value(some, OA.hasTarget) is not None


def test_sources_goes_only_with_annotations(run):
    result = run("export", "--format", "graphml", "--sources", str(SOURCES_DIR))
    assert result.exit_code == 2 and "--sources only goes with --format annotations" in result.output


def test_without_an_archive_the_export_says_nothing_was_anchored(run, graph_copy):
    text = (graph_copy / "balkg.toml").read_text(encoding="utf-8")
    (graph_copy / "balkg.toml").write_text(text.replace('archives = ["../shared/sources", "sources/fetched"]',
                                                        'archives = ["no-such-folder"]'), encoding="utf-8")
    result = run(graph_copy, "export", "--format", "annotations")
    assert result.exit_code == 0
    assert "no archive folder exists" in result.stderr and "have `exact` only" in result.stderr
    items = json.loads(result.stdout)["first"]["items"]
    assert items and not any("prefix" in t["selector"] for a in items for t in targets(a))
