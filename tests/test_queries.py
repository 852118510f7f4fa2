"""The saved-query catalogue and `balkg query`: parsing, engines, parameters, injection, formats, targets."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.sparql import prepareQuery
from support import REPO, after_graph_line
from support.answers import REQUIRED_VALUES, concat_separators, unordered

from balkg.errors import UsageError
from balkg.layout import load_layout
from balkg.query.catalogue import SavedQuery, catalogue, find_saved
from balkg.query.parameters import substitute
from balkg.query.results import render
from balkg.query.run import EmbeddedTarget, QuerySyntaxError, run_query
from balkg.query.text import tokens
from balkg.rdf.dataset import graph_files, memory_dataset, parse_layout
from balkg.rdf.parsing import parse_file, to_rdflib


# Values for the required parameters of the saved queries, so that each can run.
def sample_params(query: SavedQuery) -> dict[str, str]:
    return {p.name: REQUIRED_VALUES[p.name] for p in query.parameters if p.required}


@pytest.fixture(scope="module")
def shipped(layout):
    return EmbeddedTarget(memory_dataset(layout))


@pytest.fixture(scope="module")
def rdflib_dataset(layout):
    """The same files in an rdflib Dataset: one named graph per file, the default graph their union.

    The union is copied into the default graph rather than computed (default_union=True):
    same answers, and rdflib evaluates it about twice as fast.
    """
    dataset = rdflib.Dataset()
    for gf in graph_files(layout):
        triples = parse_file(gf.path).triples
        to_rdflib(triples, dataset.graph(rdflib.URIRef(gf.graph)))
        to_rdflib(triples, dataset.default_graph)
    return dataset


SAVED = catalogue(load_layout(REPO))
SAVED_IDS = [q.name for q in SAVED]


# ---------------------------------------------------------------- the catalogue

def test_catalogue_covers_the_questions_users_bring():
    names = set(SAVED_IDS)
    for needed in ("designations", "actor", "alliance-members", "events", "casualty-claims",
                   "accusations", "provenance", "sources", "places"):
        assert needed in names
    assert sum(1 for n in names if n.startswith("checks/")) >= 10


@pytest.mark.parametrize("query", SAVED, ids=SAVED_IDS)
def test_saved_query_is_documented(query):
    assert query.summary, f"{query.display} has no #+ summary"
    assert query.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@pytest.mark.parametrize("query", SAVED, ids=SAVED_IDS)
def test_saved_query_parses_with_rdflib_and_pyoxigraph(query):
    prepareQuery(query.text)
    ox.Store().query(query.text)  # raises SyntaxError; evaluation is lazy
    ox.Store().query(query.with_parameters(sample_params(query)))  # rdflib runs it below


def normal(term):
    """A term as a comparable tuple, whichever engine made it."""
    if term is None:
        return None
    if isinstance(term, (ox.NamedNode, rdflib.URIRef)):
        return ("iri", term.value if isinstance(term, ox.NamedNode) else str(term))
    if isinstance(term, (ox.BlankNode, rdflib.BNode)):
        return ("bnode",)
    if isinstance(term, ox.Literal):
        lang = term.language or ""
        return ("literal", term.value, lang.lower(), "" if lang else term.datatype.value)
    lang = term.language or ""
    datatype = str(term.datatype) if term.datatype else "http://www.w3.org/2001/XMLSchema#string"
    return ("literal", str(term), lang.lower(), "" if lang else datatype)


def oxigraph_answer(result, separators=()):
    if result.form == "ASK":
        return result.boolean
    if result.is_graph:
        return sorted(tuple(normal(x) for x in (t.subject, t.predicate, t.object)) for t in result.triples)
    rows = (unordered(tuple(normal(t) for t in row), separators) for row in result.tuples())
    return sorted(rows, key=repr)


def rdflib_answer(dataset, text, form, separators=()):
    answer = dataset.query(text)
    if form == "ASK":
        return answer.askAnswer
    if form in ("CONSTRUCT", "DESCRIBE"):
        return sorted(tuple(normal(x) for x in t) for t in answer.graph)
    rows = (unordered(tuple(normal(row[v]) for v in answer.vars), separators) for row in answer)
    return sorted(rows, key=repr)


@pytest.mark.parametrize("query", SAVED, ids=SAVED_IDS)
def test_saved_query_gives_the_same_answer_on_rdflib_and_pyoxigraph(query, shipped, rdflib_dataset):
    params = sample_params(query)
    separators = concat_separators(query.text)
    ours = run_query(query, shipped, params)
    theirs = rdflib_answer(rdflib_dataset, query.with_parameters(params), query.form, separators)
    assert oxigraph_answer(ours, separators) == theirs
    if query.form == "SELECT" and not query.name.startswith("checks/"):
        assert ours.rows, f"{query.name} returns nothing on the shipped graph"


# ---------------------------------------------------------------- parameters

PARAMS_QUERY = SavedQuery.from_text("""#+ summary: test
#+ defaults:
#+   - limit: "2"
PREFIX actor: <https://w3id.org/balkg/id/actor/>
PREFIX ex: <http://example.org/types#>
SELECT ?x WHERE {
  ?x ?p ?_who_iri .
  ?x ?q ?__since_xsd_date , ?__year_xsd_gYear , ?__n_integer , ?__f_number , ?__label_en , ?__text , ?__custom_ex_code .
  FILTER(?x != ?__limit_integer)
}""", "params")


def bind(**values):
    return PARAMS_QUERY.bind({"who": "actor:bla", **values})


def test_parameters_are_read_the_basil_way():
    by_name = {p.name: p for p in PARAMS_QUERY.parameters}
    assert by_name["who"].required and by_name["who"].kind == "iri"
    assert not by_name["since"].required
    assert by_name["since"].datatype == "http://www.w3.org/2001/XMLSchema#date"
    assert by_name["year"].datatype.endswith("#gYear")
    assert by_name["n"].datatype.endswith("#integer")
    assert by_name["f"].kind == "number"
    assert by_name["label"].language == "en"
    assert by_name["text"].kind == "literal" and by_name["text"].datatype is None
    assert by_name["custom"].datatype == "http://example.org/types#code"


@pytest.mark.parametrize("value", ["actor:bla", "<https://w3id.org/balkg/id/actor/bla>",
                                   "https://w3id.org/balkg/id/actor/bla"])
def test_iri_parameter_accepts_prefixed_names_and_iris(value):
    assert PARAMS_QUERY.bind({"who": value})["_who_iri"] == ox.NamedNode("https://w3id.org/balkg/id/actor/bla")


def test_typed_parameters_become_typed_literals():
    terms = bind(since="2025-08-11", year="2006", n="42", f="3.5", label="Majeed Brigade", text="BLA",
                 custom="X1")
    assert terms["__since_xsd_date"] == ox.Literal("2025-08-11", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#date"))
    assert terms["__year_xsd_gYear"].datatype.value.endswith("#gYear")
    assert terms["__n_integer"].datatype.value.endswith("#integer")
    assert terms["__f_number"].datatype.value.endswith("#decimal")
    assert terms["__label_en"] == ox.Literal("Majeed Brigade", language="en")
    assert terms["__text"] == ox.Literal("BLA")
    assert terms["__custom_ex_code"].datatype.value == "http://example.org/types#code"


def test_defaults_apply_unless_given():
    assert bind()["__limit_integer"] == ox.Literal("2", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))
    assert bind(limit="5")["__limit_integer"].value == "5"


@pytest.mark.parametrize("values, named", [
    ({"since": "2025-13-01"}, "since"),
    ({"since": "2025-02-30"}, "since"),
    ({"since": "yesterday"}, "since"),
    ({"year": "06"}, "year"),
    ({"n": "4.2"}, "n"),
    ({"f": "three"}, "f"),
    ({"who": "nosuchprefix:bla"}, "who"),
    ({"who": "http://example.org/a b"}, "who"),
    ({"who": "just words"}, "who"),
    ({"color": "red"}, "color"),
])
def test_ill_typed_or_unknown_parameter_is_a_usage_error_naming_it(values, named):
    with pytest.raises(UsageError, match=f"'{named}'"):
        bind(**values)


def test_missing_required_parameter_is_a_usage_error_naming_it():
    with pytest.raises(UsageError, match="'who'"):
        PARAMS_QUERY.bind({})


def test_cli_parameter_errors_name_the_parameter(run):
    result = run("query", "designations", "--param", "asof=2025-02-30")
    assert result.exit_code == 2 and "'asof'" in result.output
    result = run("query", "designations", "--param", "country=pakistan")
    assert result.exit_code == 2 and "unknown parameter 'country'" in result.output
    result = run("query", "provenance")
    assert result.exit_code == 2 and "'resource'" in result.output
    result = run("query", "designations", "--param", "asof")
    assert result.exit_code == 2 and "NAME=VALUE" in result.output



# ---------------------------------------------------------------- enumerated values and the graph's prefixes

ENUMERATED = [q for q in SAVED if q.enumerations]
SKOS = "http://www.w3.org/2004/02/skos/core#"


def scheme_concepts(store) -> dict[str, set[str]]:
    """Every SKOS concept scheme of the graph with the concepts in it."""
    text = (f"SELECT ?scheme ?concept WHERE {{ {{ ?concept <{SKOS}inScheme> ?scheme }} "
            f"UNION {{ ?concept <{SKOS}topConceptOf> ?scheme }} }}")
    schemes: dict[str, set[str]] = {}
    for row in store.query(text, use_default_graph_as_union=True):
        schemes.setdefault(row["scheme"].value, set()).add(row["concept"].value)
    return schemes


def test_the_catalogue_enumerates_type_parameters_the_form_grlc_reads():
    assert {q.name for q in ENUMERATED} >= {"designations", "events"}
    for query in ENUMERATED:
        raw = query.metadata["enumerate"]
        assert all(isinstance(item, dict) for item in raw), f"{query.name}: grlc 1.3.11 reads only `- name: [...]`"


@pytest.mark.parametrize("query", ENUMERATED, ids=[q.name for q in ENUMERATED])
def test_enumerated_values_are_exactly_a_skos_scheme_of_the_graph(query, shipped):
    schemes = scheme_concepts(shipped.store)
    for name, values in query.enumerations.items():
        holding = [s for s, concepts in schemes.items() if values[0] in concepts]
        assert holding, f"{query.name}: {values[0]} is in no concept scheme"
        scheme = schemes[holding[0]]
        block = "\n".join(f"#+       - {v}" for v in sorted(scheme))
        assert sorted(values) == sorted(scheme), (
            f"{query.name}: `enumerate: - {name}:` differs from the scheme <{holding[0]}>; list exactly:\n{block}")


def test_a_value_outside_the_enumeration_is_a_usage_error(run):
    result = run("query", "designations", "--param", "type=dtype:no-such-type")
    assert result.exit_code == 2
    assert "'type'" in result.stderr and "dtype:us-fto" in result.stderr and "dtype:no-such-type" in result.stderr
    assert len(after_graph_line(result.stderr).strip().splitlines()) == 1
    assert run("query", "designations", "--param", "type=dtype:us-fto").exit_code == 0


IRI_PARAMETERS = [(q, p) for q in SAVED for p in q.parameters if p.kind == "iri"]


@pytest.mark.parametrize("query, parameter", IRI_PARAMETERS,
                         ids=[f"{q.name}:{p.name}" for q, p in IRI_PARAMETERS])
def test_an_iri_parameter_accepts_a_prefix_the_graph_declares(query, parameter):
    graph = {k: v for k, v in query.graph_prefixes.items() if v and k}
    assert graph, "the catalogue's queries know the graph's prefixes"
    allowed = query.enumerations.get(parameter.name)
    if allowed:
        iri = allowed[0]
        prefix = max((k for k, v in graph.items() if iri.startswith(v)), key=lambda k: len(graph[k]))
        value = f"{prefix}:{iri[len(graph[prefix]):]}"
    else:
        prefix = sorted(k for k in graph if k not in query.prefixes)[0]  # one the query does not declare
        iri, value = graph[prefix] + "x", f"{prefix}:x"
    terms = query.bind({**sample_params(query), parameter.name: value})
    assert terms[parameter.variable] == ox.NamedNode(iri)


def test_a_prefix_the_files_declare_twice_differently_is_refused(make_root, tmp_path):
    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    one.write_text("@prefix x: <https://example.org/one/> .\nx:a x:b x:c .\n")
    two.write_text("@prefix x: <https://example.org/two/> .\nx:a x:b x:c .\n")
    root = make_root(data={"one.ttl": one, "two.ttl": two})
    query = find_saved(load_layout(root), "provenance")
    with pytest.raises(UsageError, match="prefix 'x:' with different namespaces"):
        query.bind({"resource": "x:a"})


# ---------------------------------------------------------------- injection

INJECTIONS = [
    'x" } UNION { ?s ?p ?o }',
    "x' } UNION { ?s ?p ?o }",
    'x"""} UNION { ?s ?p ?o } #',
    'Nikkei" || true || "',
    "x\\\" } UNION { ?s ?p ?o } #",
    "x\n} UNION { ?s ?p ?o }\n#",
    "?s",
    "} } DROP ALL",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_a_text_value_is_a_value_not_a_query(value, shipped):
    lookup = find_saved(shipped_layout(), "lookup")
    text = lookup.with_parameters({"name": value})
    significant = lambda t: [x.text.upper() for x in tokens(t) if x.kind not in ("space", "comment", "string")]
    # The structure of the query is the same; only the variable became one string token.
    original = [x for x in significant(lookup.text) if x != "?_NAME"]
    assert significant(text) == original
    result = run_query(lookup, shipped, {"name": value})
    assert result.rows == []  # no name in the graph contains these strings


def test_a_quoted_text_value_matches_literally(shipped):
    lookup = find_saved(shipped_layout(), "lookup")
    plain = run_query(lookup, shipped, {"name": "Nikkei"}).rows
    assert plain, "the shipped graph names Nikkei"
    assert run_query(lookup, shipped, {"name": 'Nikkei"'}).rows == []


@pytest.mark.parametrize("value", [
    "<http://example.org/x> } UNION { ?s ?p ?o",
    "http://example.org/x>{",
    'http://example.org/"x"',
    "actor:bla> } UNION { ?s ?p ?o } #",
    "http://example.org/x y",
])
def test_an_iri_value_that_is_no_iri_is_refused(value):
    with pytest.raises(UsageError, match="'who'"):
        PARAMS_QUERY.bind({"who": value})


def test_cli_injection_attempt_returns_no_rows_and_no_error(run):
    result = run("query", "lookup", "--param", 'name=x" } UNION { ?s ?p ?o }', "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"] == []


def test_substitution_leaves_strings_comments_and_iris_alone():
    text = 'SELECT ?x WHERE { ?x ?p "?_name" . ?x ?q ?_name } # ?_name\n'
    query = SavedQuery.from_text(text)
    assert [p.name for p in query.parameters] == ["name"]
    bound = substitute(text, {"_name": ox.Literal("v")})
    assert bound == 'SELECT ?x WHERE { ?x ?p "?_name" . ?x ?q "v" } # ?_name\n'


def test_parameter_written_with_dollar_is_the_same_variable():
    text = "SELECT ?x WHERE { ?x ?p $_v . ?x ?q ?_v }"
    assert substitute(text, {"_v": ox.NamedNode("http://e/x")}) == \
        "SELECT ?x WHERE { ?x ?p <http://e/x> . ?x ?q <http://e/x> }"


def shipped_layout():
    return load_layout(REPO)


# ---------------------------------------------------------------- formats

def test_machine_formats_equal_pyoxigraphs_own_serialisation(layout):
    store = memory_dataset(layout)
    query = find_saved(layout, "designations")
    result = run_query(query, EmbeddedTarget(store))
    assert result.rows
    for fmt, oxformat in (("csv", ox.QueryResultsFormat.CSV), ("tsv", ox.QueryResultsFormat.TSV),
                          ("xml", ox.QueryResultsFormat.XML)):
        own = store.query(query.text, use_default_graph_as_union=True).serialize(format=oxformat).decode()
        assert render(result, fmt) == own, fmt
    own_json = json.loads(store.query(query.text, use_default_graph_as_union=True)
                          .serialize(format=ox.QueryResultsFormat.JSON))
    assert json.loads(render(result, "json")) == own_json


def test_default_format_off_a_terminal_is_w3c_tsv(run):
    result = run("query", "sources")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("?source\t?sourceLabel\t")
    assert len(lines) > 5 and all(line.count("\t") == lines[0].count("\t") for line in lines)


def test_csv_is_readable_by_a_csv_reader(run):
    result = run("query", "designations", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and rows[0]["designation"].startswith("https://w3id.org/balkg/id/designation/")


def test_table_shows_labels_instead_of_iris(run):
    result = run("query", "designations", "-f", "table")
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split()
    assert "actor" in header and "actorLabel" not in header
    assert "Balochistan Liberation Army" in result.output
    assert "https://w3id.org/balkg/id/actor/bla" not in result.output


def test_markdown_is_a_table_with_escaped_pipes():
    query = SavedQuery.from_text('SELECT ?a ?b WHERE { VALUES (?a ?b) { ("x|y" "z") } }')
    result = run_query(query, EmbeddedTarget(ox.Store()))
    assert render(result, "md") == "| a | b |\n|---|---|\n| x\\|y | z |\n"


def test_construct_writes_turtle_ntriples_and_jsonld(run):
    turtle = run("query", "actor-graph", "--param", "actor=actor:bla")
    assert turtle.exit_code == 0, turtle.output
    triples = set(ox.parse(turtle.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert any(t.subject == ox.NamedNode("https://w3id.org/balkg/id/actor/bla") for t in triples)
    assert "actor:bla" in turtle.output  # written with the query's prefixes
    nt = run("query", "actor-graph", "--param", "actor=actor:bla", "-f", "ntriples")
    assert set(ox.parse(nt.stdout.encode(), format=ox.RdfFormat.N_TRIPLES)) == triples
    jsonld = run("query", "actor-graph", "--param", "actor=actor:bla", "-f", "jsonld")
    assert set(ox.parse(jsonld.stdout.encode(), format=ox.RdfFormat.JSON_LD)) == triples


def test_graph_format_for_a_select_is_a_usage_error(run):
    result = run("query", "sources", "-f", "turtle")
    assert result.exit_code == 2 and "CONSTRUCT" in result.output


def test_ask_prints_true_or_false_and_sets_the_exit_code(run):
    yes = run("query", "is-designated", "--param", "actor=actor:bla")
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    no = run("query", "is-designated", "--param", "actor=actor:bla", "--param", "asof=1990-01-01")
    assert (no.exit_code, no.stdout) == (1, "false\n")
    as_json = run("query", "is-designated", "--param", "actor=actor:bla", "-f", "json")
    assert json.loads(as_json.stdout) == {"head": {}, "boolean": True}


# ---------------------------------------------------------------- query sources and errors

def test_query_from_file_and_from_stdin(run, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("PREFIX balkg: <https://w3id.org/balkg/ontology#>\n"
                    "SELECT (COUNT(*) AS ?n) WHERE { ?d a balkg:Designation }\n")
    from_file = run("query", str(path), "-f", "csv")
    from_stdin = run("query", "-", "-f", "csv", input=path.read_text())
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout
    assert int(from_file.stdout.splitlines()[1]) > 0


def test_syntax_error_names_the_file_and_line(run, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("#+ summary: broken\nPREFIX balkg: <https://w3id.org/balkg/ontology#>\n"
                    "SELECT ?x WHERE {\n  ?x a balkg:Designation .\n  OPTIONAL ?x\n}\n")
    result = run("query", str(path))
    assert result.exit_code == 2
    assert after_graph_line(result.stderr).startswith(f"balkg: error: {path}:5:12: SPARQL syntax error")
    assert "SPARQL syntax error" in result.output
    assert len(after_graph_line(result.stderr).strip().splitlines()) == 1


def test_undeclared_prefix_is_named_in_one_short_line(run):
    result = run("query", "-", input="SELECT ?x WHERE {\n  ?x a nope:Thing\n}\n")
    assert result.exit_code == 2
    assert after_graph_line(result.stderr).startswith("balkg: error: <stdin>:2:")
    assert after_graph_line(result.stderr).endswith(": SPARQL syntax error: undeclared prefix (add a PREFIX line)\n")


def test_syntax_error_from_the_library_carries_line_and_column():
    with pytest.raises(QuerySyntaxError) as caught:
        run_query("SELECT ?x WHERE {\n ?x ?y\n}", EmbeddedTarget(ox.Store()))
    assert caught.value.line == 3 and caught.value.column


def test_unknown_query_name_suggests_close_names(run):
    result = run("query", "designation")
    assert result.exit_code == 2 and "designations" in result.output


def test_an_update_is_refused(run):
    result = run("query", "-", input="DELETE WHERE { ?s ?p ?o }")
    assert result.exit_code == 2 and "not updates" in result.output


# ---------------------------------------------------------------- persistent store

def make_store(layout, directory):
    store = ox.Store(str(directory))
    store.extend(parse_layout(layout).check().quads())
    store.flush()
    del store


def test_store_target_gives_the_same_rows_as_the_shipped_graph(run, layout, tmp_path):
    make_store(layout, tmp_path / "store")
    for name in ("designations", "sources", "events"):
        shipped = run("query", name, "-f", "json")
        stored = run("query", name, "-f", "json", "--store", str(tmp_path / "store"))
        assert stored.exit_code == 0, stored.output
        assert json.loads(stored.stdout) == json.loads(shipped.stdout)


def test_missing_or_empty_store_is_a_usage_error(run, tmp_path):
    missing = run("query", "sources", "--store", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "balkg load" in missing.output
    (tmp_path / "empty").mkdir()
    empty = run("query", "sources", "--store", str(tmp_path / "empty"))
    assert empty.exit_code == 2 and "empty" in empty.output


def test_store_without_a_directory_means_the_default_store(run, layout, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    missing = run("query", "sources", "--store")
    assert missing.exit_code == 2 and str(tmp_path / "balkg" / "store") in missing.output
    (tmp_path / "balkg").mkdir()
    make_store(layout, tmp_path / "balkg" / "store")
    assert run("query", "sources", "--store", "-f", "json").output == run("query", "sources", "-f", "json").output


def test_store_and_endpoint_together_is_a_usage_error(run, tmp_path):
    result = run("query", "sources", "--store", str(tmp_path), "--endpoint", "http://127.0.0.1:1/query")
    assert result.exit_code == 2 and "one target" in result.output


# ---------------------------------------------------------------- balkg queries

def test_queries_lists_the_catalogue_with_parameters(run):
    result = run("queries")
    assert result.exit_code == 0, result.output
    for query in SAVED:
        assert query.name in result.output
    assert "asof (xsd:date, optional)" in result.output
    assert "resource (IRI)" in result.output


def test_queries_show_prints_documentation_and_text(run):
    result = run("queries", "show", "designations")
    assert result.exit_code == 0, result.output
    assert "--param asof=...  xsd:date, optional" in result.output
    assert "in force" in result.output  # from the description
    assert "SELECT ?designation" in result.output
    assert run("queries", "show", "nonesuch").exit_code == 2
