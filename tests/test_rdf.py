"""Unit tests of balkg.rdf: prefixed names both ways, locations, and the one parse of a layout."""

from __future__ import annotations

import pytest

from balkg.layout import load_layout
from balkg.rdf import expand, location, shorten
from balkg.rdf.dataset import parse_layout

PREFIXES = {"balkg": "https://w3id.org/balkg/ontology#", "id": "https://w3id.org/balkg/id/",
            "actor": "https://w3id.org/balkg/id/actor/", "": "http://example.org/"}


@pytest.mark.parametrize("iri, short", [
    ("https://w3id.org/balkg/id/actor/bla", "actor:bla"),           # the longest namespace wins
    ("https://w3id.org/balkg/ontology#Group", "balkg:Group"),
    ("https://w3id.org/balkg/id/actor/a/b", "<https://w3id.org/balkg/id/actor/a/b>"),  # '/' is not a safe local
    ("https://w3id.org/balkg/id/actor/x.", "<https://w3id.org/balkg/id/actor/x.>"),    # nor a trailing dot
    ("https://w3id.org/balkg/ontology#", "<https://w3id.org/balkg/ontology#>"),        # nor nothing
    ("http://example.org/x", "<http://example.org/x>"),                                # no empty prefix by default
])
def test_shorten(iri, short):
    assert shorten(iri, PREFIXES) == short


def test_shorten_options():
    assert shorten("http://example.org/x", PREFIXES, empty_prefix=True) == ":x"
    assert shorten("urn:x", PREFIXES, angle=False) == "urn:x"


@pytest.mark.parametrize("name, iri", [
    ("actor:bla", "https://w3id.org/balkg/id/actor/bla"),
    ("<urn:x:y>", "urn:x:y"),
    ("https://example.org/a", "https://example.org/a"),
    ("urn:isbn:1", "urn:isbn:1"),
    (r"id:a\-b", "https://w3id.org/balkg/id/a-b"),
    ("nope:x", None),
    ("plain", None),
])
def test_expand(name, iri):
    assert expand(name, PREFIXES) == iri


def test_shorten_and_expand_agree():
    for iri in ("https://w3id.org/balkg/id/actor/bla", "https://w3id.org/balkg/ontology#designatedBy"):
        assert expand(shorten(iri, PREFIXES), PREFIXES) == iri


def test_location_leaves_out_what_is_unknown():
    assert location("a.ttl", 3, 7) == "a.ttl:3:7"
    assert location("a.ttl", None, 7) == "a.ttl"
    assert location(None) == "(no file)"


def test_parse_layout_collects_every_broken_file_and_keeps_the_rest(graph_copy):
    data = graph_copy / "data" / "ttl"
    (data / "broken-1.ttl").write_text("<a> <b> .\n")
    (data / "broken-2.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b \"open\n")
    layout = load_layout(graph_copy)
    parsed = parse_layout(layout)
    assert sorted(e.path for e in parsed.errors) == ["data/ttl/broken-1.ttl", "data/ttl/broken-2.ttl"]
    files = layout.ontology_files() + layout.shape_files() + layout.data_files()
    assert len(parsed.all()) == len(files) - 2
    with pytest.raises(Exception, match="broken-1.ttl:1"):
        parsed.check()


def test_parse_layout_puts_each_file_in_its_named_graph_and_can_leave_files_out(layout):
    parsed = parse_layout(layout).check()
    store = parsed.store()
    assert {g.value for g in store.named_graphs()} == {parsed.graph_name(p) for p in parsed.all() if p.triples}
    left_out = layout.data_files()[0]
    assert left_out not in [p.path for p in parse_layout(layout, exclude=[left_out]).all()]


def test_extra_files_are_data_checked_with_the_layout(layout, tmp_path):
    extra = tmp_path / "new.ttl"
    extra.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    parsed = parse_layout(layout, [extra])
    assert [p.path for p in parsed.extra] == [extra]
    assert parsed.extra[0] in parsed.data_like()


def test_a_blank_node_label_is_local_to_its_file(tmp_path):
    from balkg.rdf.parsing import parse_file
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text('_:x <http://example.org/p> "1" .\n', encoding="utf-8")
    first, second = (parse_file(tmp_path / name).triples[0].subject for name in ("a.ttl", "b.ttl"))
    assert first != second
