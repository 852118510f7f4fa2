"""`balkg link wikidata`, `--check`, `balkg link judge` and `balkg enrich wikidata` against a real
Oxigraph server on loopback holding a Wikidata-shaped fixture with decoys."""

from __future__ import annotations

import csv
import urllib.request

import pyoxigraph as ox
import pytest

from balkg.layout import load_layout
from balkg.wikidata import ResponseCache, WikidataClient, link_wikidata

from support import FIXTURES

pytestmark = pytest.mark.server

WIKIDATA_FIXTURE = FIXTURES / "wikidata" / "wikidata.ttl"
ACTOR = "https://w3id.org/balkg/id/actor/"
PLACE = "https://w3id.org/balkg/id/place/"

# The right item for each entity the fixture graph leaves unlinked.
RIGHT = {
    "actor:bla": "Q900000001",
    "actor:blf": "Q900000002",
    "actor:baloch-nationalist-army": "Q900000011",
    "actor:baloch-national-army": "Q900000012",
    "actor:kiyya-baloch": "Q900000301",
    "place:mastung": "Q2592655",
    "place:mastung-district": "Q900000201",
    "place:pakistan": "Q843",
}


@pytest.fixture
def endpoint(oxigraph_server):
    """Query URL of an Oxigraph server loaded with the Wikidata-shaped fixture."""
    server = oxigraph_server()
    request = urllib.request.Request(server.store_url + "?default", data=WIKIDATA_FIXTURE.read_bytes(),
                                     method="POST", headers={"Content-Type": "text/turtle"})
    urllib.request.urlopen(request, timeout=30).read()
    return server.query_url


@pytest.fixture
def root(wikidata_root):
    return wikidata_root


@pytest.fixture
def wikidata_run(run):
    """`balkg ARGS` on a root, against a Wikidata endpoint with its own cache when given one."""
    def invoke(root, *args, endpoint=None, cache=None):
        extra = ["--endpoint", endpoint, "--cache-dir", str(cache or root.parent / "cache")] if endpoint else []
        return run(root, *args, *extra)
    return invoke


def review(root):
    with open(root / "data" / "reviews" / "wikidata-candidates.tsv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_link_proposes_the_right_items_and_abstains_on_every_decoy(wikidata_run, root, endpoint):
    result = wikidata_run(root, "link", "wikidata", endpoint=endpoint)
    assert result.exit_code == 0, result.output
    proposed = {line.split("\t")[0]: line.split("\t")[1] for line in result.stdout.splitlines()[1:]}
    assert proposed == RIGHT

    rows = review(root)
    assert [r["entity"] for r in rows if r["status"] == "no-candidates"] == ["actor:us-state-department"]
    rows = [r for r in rows if r["qid"]]
    threshold = 0.85
    for row in rows:
        # No wrong candidate reaches the threshold; every right one does.
        if row["qid"] == RIGHT.get(row["entity"]):
            assert float(row["score"]) >= threshold and row["status"] == "proposed", row
        else:
            assert float(row["score"]) < threshold and row["status"] == "below-threshold", row
    by_pair = {(r["entity"], r["qid"]): r for r in rows}
    # Each decoy was found (so the test means something) and the reason it lost is given.
    assert "inception: Wikidata 2022-01; graph 2025" in by_pair[("actor:baloch-national-army", "Q900000011")]["reasons"]
    assert "inception: Wikidata 2025; graph 2022-01" in by_pair[("actor:baloch-nationalist-army", "Q900000012")]["reasons"]
    assert "inception: Wikidata 1964; graph 2000" in by_pair[("actor:bla", "Q900000002")]["reasons"]
    assert "is the preferred name of another entity: https://w3id.org/balkg/id/actor/blf" in by_pair[
        ("actor:bla", "Q900000002")]["reasons"]
    assert "- country: Wikidata United States of America (Q30)" in by_pair[("actor:bla", "Q900000003")]["reasons"]
    assert "- located in:" in by_pair[("place:mastung", "Q900000202")]["reasons"]
    assert "is not a kind of balkg:Person" in by_pair[("actor:kiyya-baloch", "Q900000302")]["reasons"]
    # All the graph's names were used, other scripts included; label, description and types shown.
    bla = by_pair[("actor:bla", "Q900000001")]
    assert "بلوچستان لبریشن آرمی@ur" in bla["names_used"] and "BLA@en" in bla["names_used"]
    assert bla["description"] == "Baloch separatist militant organisation (test fixture)"
    assert "terrorist organization (Q17127659)" in bla["types"]
    # Already linked entities (curated links) are not searched again.
    assert not any(r["entity"] in ("actor:bra", "place:balochistan") for r in rows)
    # Proposals alone never become links.
    links = root / "data" / "ttl" / "generated" / "wikidata-links.ttl"
    assert list(ox.parse(path=str(links), format=ox.RdfFormat.TURTLE)) == []
    assert "15 actors and places, 6 already linked, 9 searched, 1 without candidates" in result.stderr


def test_decoys_still_lose_when_the_graph_holds_no_dates(wikidata_run, root, endpoint):
    """As in the shipped graph, where contested founding dates are kept off the nodes."""
    data = root / "data" / "ttl" / "entities.ttl"
    lines = data.read_text(encoding="utf-8").splitlines()
    data.write_text("\n".join(l for l in lines if "balkg:foundingDate" not in l) + "\n", encoding="utf-8")
    result = wikidata_run(root, "link", "wikidata", endpoint=endpoint)
    assert result.exit_code == 0, result.output
    for row in review(root):
        if row["qid"] and row["qid"] != RIGHT.get(row["entity"]):
            assert float(row["score"]) < 0.85 and row["status"] != "proposed", row
    proposed = {line.split("\t")[0]: line.split("\t")[1] for line in result.stdout.splitlines()[1:]}
    assert proposed["actor:bla"] == "Q900000001" and proposed["actor:blf"] == "Q900000002"


def test_judgements_drive_the_generated_links_file(wikidata_run, root, endpoint):
    assert wikidata_run(root, "link", "judge", "actor:bla", "Q900000001", "accept", "--reviewer", "r1").exit_code == 0
    assert wikidata_run(root, "link", "judge", f"{PLACE}mastung", "Q2592655", "accept").exit_code == 0
    assert wikidata_run(root, "link", "judge", "actor:kiyya-baloch", "Q900000301", "reject", "--note", "not sure it is her").exit_code == 0
    assert wikidata_run(root, "link", "judge", "actor:blf", "Q900000002", "unsure").exit_code == 0
    result = wikidata_run(root, "link", "wikidata", endpoint=endpoint)
    assert result.exit_code == 0, result.output

    links_file = root / "data" / "ttl" / "generated" / "wikidata-links.ttl"
    triples = {(t.subject.value, t.predicate.value, t.object.value)
               for t in ox.parse(path=str(links_file), format=ox.RdfFormat.TURTLE)}
    link = "https://w3id.org/balkg/ontology#wikidata"
    assert triples == {(ACTOR + "bla", link, "http://www.wikidata.org/entity/Q900000001"),
                       (PLACE + "mastung", link, "http://www.wikidata.org/entity/Q2592655")}
    by_pair = {(r["entity"], r["qid"]): r for r in review(root)}
    assert by_pair[("actor:kiyya-baloch", "Q900000301")]["status"] == "rejected"
    assert by_pair[("actor:blf", "Q900000002")]["status"] == "unsure"
    assert ("actor:bla", "Q900000001") not in by_pair          # linked now: not searched again
    proposed = {line.split("\t")[0] for line in result.stdout.splitlines()[1:]}
    assert "actor:kiyya-baloch" not in proposed and "actor:blf" not in proposed

    # A later judgement replaces the earlier one for the same pair; the link disappears.
    assert wikidata_run(root, "link", "judge", "place:mastung", "Q2592655", "reject").exit_code == 0
    assert wikidata_run(root, "link", "wikidata", endpoint=endpoint).exit_code == 0
    assert "Q2592655" not in links_file.read_text(encoding="utf-8")
    judgements = (root / "data" / "reviews" / "wikidata-judgements.tsv").read_text(encoding="utf-8")
    assert judgements.count("Q2592655") == 1 and "not sure it is her" in judgements


def test_bad_judgements_are_one_clear_error(wikidata_run, root, endpoint):
    path = root / "data" / "reviews" / "wikidata-judgements.tsv"
    path.parent.mkdir(parents=True)
    path.write_text("entity\tqid\tjudgement\n"
                    f"{ACTOR}bla\tQ900000001\taccept\n"
                    f"{ACTOR}bla\tQ900000002\taccept\n", encoding="utf-8")
    result = wikidata_run(root, "link", "wikidata", endpoint=endpoint)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"balkg: error: data/reviews/wikidata-judgements.tsv:3: {ACTOR}bla is accepted as both "
        "Q900000001 (line 2) and Q900000002; reject one")
    result = wikidata_run(root, "link", "judge", "actor:bla", "Q9x", "accept")
    assert result.exit_code == 2 and "is not a QID" in result.stderr


def test_check_reports_each_broken_link_and_exits_1(wikidata_run, root, endpoint):
    (root / "data" / "ttl" / "more-links.ttl").write_text(
        "@prefix balkg: <https://w3id.org/balkg/ontology#> .\n"
        "@prefix actor: <https://w3id.org/balkg/id/actor/> .\n"
        "@prefix wd: <http://www.wikidata.org/entity/> .\n"
        "actor:kiyya-baloch balkg:wikidata wd:Q900000302 .\n"     # an organisation, for a person
        "actor:blf balkg:wikidata wd:Q900000001 .\n",             # the BLA item: no name matches
        encoding="utf-8")
    result = wikidata_run(root, "link", "wikidata", "--check", endpoint=endpoint)
    assert result.exit_code == 1, result.output
    problems = {tuple(line.split("\t")[:2]): line.split("\t")[2] for line in result.stdout.splitlines()[1:]}
    assert set(problems) == {("actor:bra", "Q900000052"), ("actor:uba", "Q900000099"),
                             ("actor:kiyya-baloch", "Q900000302"), ("actor:blf", "Q900000001")}
    assert problems[("actor:bra", "Q900000052")].startswith("redirects to Q900000053")
    assert problems[("actor:uba", "Q900000099")].startswith("no such item")
    assert problems[("actor:kiyya-baloch", "Q900000302")].startswith("no longer a compatible type")
    assert "equals a name of the graph" in problems[("actor:blf", "Q900000001")]
    assert "checked 8 links: 4 broken" in result.stderr


def test_check_passes_when_every_link_holds(wikidata_run, root, endpoint):
    data = root / "data" / "ttl" / "entities.ttl"
    text = data.read_text(encoding="utf-8")
    text = text.replace("balkg:wikidata <http://www.wikidata.org/entity/Q900000052>", "balkg:wikidata <http://www.wikidata.org/entity/Q900000053>")
    text = text.replace("    balkg:wikidata <http://www.wikidata.org/entity/Q900000099> .", "    skos:note \"unlinked\" .")
    data.write_text(text, encoding="utf-8")
    result = wikidata_run(root, "link", "wikidata", "--check", endpoint=endpoint)
    assert result.exit_code == 0, result.output
    assert result.stdout == "entity\tqid\tproblem\n"
    assert "checked 5 links: 0 broken" in result.stderr


def test_enrich_writes_facts_with_wikidata_as_source_and_reports_disagreements(wikidata_run, root, endpoint):
    assert wikidata_run(root, "link", "judge", "actor:bla", "Q900000001", "accept").exit_code == 0
    assert wikidata_run(root, "link", "judge", "place:mastung", "Q2592655", "accept").exit_code == 0
    assert wikidata_run(root, "link", "judge", "actor:baloch-national-army", "Q900000012", "accept").exit_code == 0
    assert wikidata_run(root, "link", "wikidata", endpoint=endpoint).exit_code == 0
    result = wikidata_run(root, "enrich", "wikidata", endpoint=endpoint)
    assert result.exit_code == 0, result.output
    findings = {(f[0], f[2]): f for f in (line.split("\t") for line in result.stdout.splitlines()[1:])}
    # Designation dates: the graph's 2006-04-07 against Wikidata's 2006-04-08 is reported, not changed.
    assert findings[("actor:bla", "designated by Pakistan (Q843)")][3:] == [
        "disagrees", "start 2006-04-07; end none", "start 2006-04-08"]
    # The deprecated US statement (start 2010) is dropped; the normal one agrees with the graph.
    assert ("actor:bla", "designated by United States of America (Q30)") not in findings
    assert "2010" not in result.stdout
    # A designation the graph lacks is reported; written only when the alignment asks (see below).
    assert findings[("actor:bla", "designated by United Kingdom (Q145)")][3:] == ["graph-lacks", "", "start 2006-07"]
    assert findings[("actor:bla", "designated by Test Designating Authority (Q900000400)")][3] == "not-in-graph"
    assert findings[("place:mastung", "coordinates")][3:] == ["added", "", "29.799 66.845"]

    out = root / "data" / "ttl" / "generated" / "wikidata-enrichment.ttl"
    assert "balkg:Designation" not in out.read_text(encoding="utf-8")
    alignment = root / "ontology" / "wikidata-alignment.toml"
    text = alignment.read_text(encoding="utf-8").replace("write_missing = false", "write_missing = true")
    text = text.replace('# publisher_property = "dcterms:publisher"', 'publisher_property = "dcterms:publisher"')
    text = text.replace('# publisher = "', 'publisher = "')
    alignment.write_text(text, encoding="utf-8")
    result = wikidata_run(root, "enrich", "wikidata", endpoint=endpoint)
    assert result.exit_code == 0, result.output
    assert "designated by United Kingdom (Q145)\tadded\t\tstart 2006-07" in result.stdout
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.TURTLE)
    q = lambda text: {tuple(term.value for term in row) for row in store.query(
        "PREFIX balkg: <https://w3id.org/balkg/ontology#> PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#> " + text)}
    assert q("SELECT ?lat ?long WHERE { <%smastung> wgs84:lat ?lat ; wgs84:long ?long }" % PLACE) == {("29.799", "66.845")}
    # The UK designation the graph lacks, dated at Wikidata's precision (a month), with its evidence.
    assert q("""SELECT ?date ?source ?url ?modified WHERE { ?d a balkg:Designation ; balkg:designatedActor <%sbla> ;
               balkg:designatingAuthority <%sunited-kingdom> ; balkg:listingDate ?date ; balkg:evidence ?ev .
               ?ev a balkg:Evidence ; balkg:source ?source . ?source a balkg:Source ; balkg:url ?url ;
               balkg:retrievalDate ?retrieved ; balkg:publicationDate ?modified }""" % (ACTOR, ACTOR)) == {
        ("2006-07", "https://w3id.org/balkg/id/source/wikidata-q900000001", "https://www.wikidata.org/wiki/Q900000001",
         "2026-10-30")}
    assert q("SELECT ?p WHERE { ?s <http://purl.org/dc/terms/publisher> ?p }") == {
        ("https://w3id.org/balkg/id/actor/wikimedia-foundation",)}
    # Nothing deprecated, and no value the graph already states, is written.
    assert "Point(10 10)" not in out.read_text(encoding="utf-8")
    assert q("SELECT ?d WHERE { ?e balkg:foundingDate ?d }") == set()
    # Every node is an IRI and every term used is declared by the ontology (or the alignment's wgs84).
    assert not any(isinstance(t, ox.BlankNode) for quad in store for t in (quad.subject, quad.object))
    ontology = ox.Store()
    for path in (root / "ontology").glob("*.ttl"):
        ontology.load(path=str(path), format=ox.RdfFormat.TURTLE)
    declared = {row[0].value for row in ontology.query("SELECT ?t WHERE { ?t a ?k }")}
    used = {quad.predicate.value for quad in store} | {
        quad.object.value for quad in store if quad.predicate.value.endswith("#type")}
    assert used - declared - {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"} == set()


def test_offline_uses_only_the_cache(wikidata_run, root, endpoint, tmp_path):
    cache = tmp_path / "cache"
    first = wikidata_run(root, "link", "wikidata", endpoint=endpoint, cache=cache)
    assert first.exit_code == 0 and "wikidata: search names" in first.stderr
    again = wikidata_run(root, "link", "wikidata", "--offline", endpoint=endpoint, cache=cache)
    assert again.exit_code == 0, again.output
    assert again.stdout == first.stdout and "wikidata:" not in again.stderr
    empty = wikidata_run(root, "link", "wikidata", "--offline", endpoint=endpoint, cache=tmp_path / "empty")
    assert empty.exit_code == 2
    assert empty.stderr.strip().splitlines()[-1].startswith("balkg: error: --offline: the answer to this search names")


def test_library_call_matches_the_cli(root, endpoint, tmp_path):
    client = WikidataClient(url=endpoint, cache=ResponseCache(tmp_path / "c"))
    report = link_wikidata(load_layout(root), client)
    assert {c.entity.iri.replace(ACTOR, "actor:").replace(PLACE, "place:"): c.qid for c in report.proposals} == RIGHT
    assert client.requests == 7 and client.cache_hits == 0    # one request per query kind, entities batched


def test_enrich_keeps_a_generated_file_when_the_endpoint_answers_nothing(wikidata_run, root, endpoint,
                                                                         oxigraph_server, tmp_path):
    assert wikidata_run(root, "link", "judge", "place:mastung", "Q2592655", "accept").exit_code == 0
    assert wikidata_run(root, "link", "wikidata", endpoint=endpoint).exit_code == 0
    assert wikidata_run(root, "enrich", "wikidata", endpoint=endpoint).exit_code == 0
    out = root / "data" / "ttl" / "generated" / "wikidata-enrichment.ttl"
    before = out.read_bytes()
    held = len(list(ox.parse(before, format=ox.RdfFormat.TURTLE)))
    assert held > 0

    silent = oxigraph_server().query_url  # a real endpoint that holds nothing
    refused = wikidata_run(root, "enrich", "wikidata", endpoint=silent, cache=tmp_path / "fresh-cache")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-1] == (
        f"balkg: error: data/ttl/generated/wikidata-enrichment.ttl holds {held} triples and this run found none "
        "(did the endpoint answer?); it is kept as it was: pass --allow-empty to empty it")
    assert out.read_bytes() == before

    emptied = wikidata_run(root, "enrich", "wikidata", "--allow-empty", endpoint=silent, cache=tmp_path / "fresh-cache")
    assert emptied.exit_code == 0, emptied.output
    assert list(ox.parse(out.read_bytes(), format=ox.RdfFormat.TURTLE)) == []
