"""Unit tests of balkg.formats: one table of formats, and a writer for every entry."""

from __future__ import annotations

import pytest

from balkg import formats
from balkg.errors import UsageError
from balkg.query.results import render, render_graph
from balkg.query.run import Result
from balkg.validation.findings import Report
from balkg.validation.reporting import WRITERS, write_report


@pytest.mark.parametrize("alias, name", [("ttl", "turtle"), ("nt", "ntriples"), ("nq", "nquads"),
                                         ("json-ld", "jsonld"), ("markdown", "md"), ("TTL", "turtle")])
def test_old_names_are_aliases_of_one_name(alias, name):
    assert formats.get(alias).name == name


def test_text_is_a_report_format_and_an_alias_of_table_for_results():
    assert formats.get("text", "report").name == "text"
    assert formats.get("text", "solutions").name == "table"


def test_unknown_name_lists_the_choices_of_its_kind():
    with pytest.raises(UsageError, match="choose one of nquads, trig|choose one of turtle, ntriples"):
        formats.get("yaml", "dataset")


def test_every_report_format_has_a_writer_and_every_writer_a_format():
    assert set(WRITERS) == set(formats.names("report"))
    for name in formats.names("report"):
        assert write_report(Report(), name).strip()


def test_every_solutions_and_graph_format_renders():
    select = Result("SELECT", variables=["x"], rows=[])
    for name in formats.names("solutions"):
        render(select, name)
    for name in formats.names("graph"):
        assert render_graph(Result("CONSTRUCT"), name) is not None


def test_dataset_formats_are_rdf_syntaxes_and_say_whether_they_keep_graphs():
    kept = {f.name for f in formats.writers_of("dataset") if f.keeps_graphs}
    assert kept == {"nquads", "trig", "jsonld"}
    assert all(f.rdf is not None for f in formats.writers_of("dataset"))


@pytest.mark.parametrize("path, name", [("x.ttl", "turtle"), ("X.NQ", "nquads"), ("a/b.trig", "trig"),
                                        ("x.jsonld", "jsonld"), ("x.nt", "ntriples")])
def test_extension_names_the_format(path, name):
    assert formats.for_path(path, "dataset").name == name


def test_unknown_extension_is_no_format_and_parses_as_turtle():
    assert formats.for_path("x.txt", "dataset") is None
    assert formats.rdf_syntax("x.unknown") == formats.get("turtle").rdf
