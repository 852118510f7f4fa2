"""`balkg site`: the generated folder, checked as a reader and a web server would see it."""

from __future__ import annotations

import csv
import html.parser
import io
import json
import posixpath
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import openpyxl
import pytest
from click.testing import CliRunner

from balkg.cli import cli
from balkg.query.run import EmbeddedTarget, run_query
from balkg.site import build_site
from balkg.site.build import MARKER
from balkg.errors import UsageError

REPO = Path(__file__).resolve().parents[1]
PREFIXES = """PREFIX balkg: <https://w3id.org/balkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def select(target, text):
    return run_query(PREFIXES + text, target).rows


def page_of(site, iri, base="https://w3id.org/balkg/"):
    return site / (iri[len(base):] + ".html")


def text_of(path: Path) -> str:
    """The page's text as a reader sees it: no markup, entities decoded, whitespace collapsed."""
    import html
    import re
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


# ---------------------------------------------------------------- one page per node

def test_every_node_under_the_base_has_a_page_and_alternates(site, target):
    rows = select(target, """SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "https://w3id.org/balkg/id/")) }""")
    assert len(rows) > 100
    for row in rows:
        page = page_of(site, row["s"].value)
        assert page.is_file(), page
        for suffix in (".ttl", ".jsonld"):
            assert page.with_suffix(suffix).is_file()
        head = page.read_text(encoding="utf-8")
        assert f'rel="alternate" type="text/turtle" href="{page.stem}.ttl"' in head


def test_alternates_hold_the_nodes_description(site, target):
    import pyoxigraph as ox
    iri = select(target, "SELECT ?a WHERE { ?a a balkg:ArmedGroup ; skos:altLabel ?x } ORDER BY ?a LIMIT 1")[0]["a"].value
    page = page_of(site, iri)
    turtle = list(ox.parse(page.with_suffix(".ttl").read_bytes(), format=ox.RdfFormat.TURTLE))
    labels = {t.object.value for t in turtle if t.subject.value == iri and t.predicate.value.endswith("altLabel")}
    expected = {r["x"].value for r in select(target, f"SELECT ?x WHERE {{ <{iri}> skos:altLabel ?x }}")}
    assert labels == expected
    document = json.loads(page.with_suffix(".jsonld").read_text(encoding="utf-8"))
    assert any(node.get("@id") == iri for node in document)


def test_actor_page_shows_every_alias_and_every_quote_of_its_evidence(site, target):
    iri = select(target, "SELECT ?a (COUNT(?x) AS ?n) WHERE { ?a a balkg:ArmedGroup ; skos:altLabel ?x } GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT 1")[0]["a"].value
    shown = text_of(page_of(site, iri))
    for row in select(target, f"SELECT ?x WHERE {{ <{iri}> skos:altLabel ?x }}"):
        assert html_text(row["x"].value) in shown
    for row in select(target, f"SELECT ?q WHERE {{ <{iri}> balkg:evidence/balkg:quote ?q }}"):
        assert html_text(row["q"].value) in shown


def html_text(value: str) -> str:
    return " ".join(value.split())


def test_conflicting_figures_stand_side_by_side_with_claimant_and_source(site, target):
    rows = select(target, """
        SELECT ?about ?a ?b WHERE {
          ?a a balkg:QuantitativeClaim ; balkg:about ?about ; balkg:measure ?m ; balkg:category ?c ; balkg:figure ?fa .
          ?b a balkg:QuantitativeClaim ; balkg:about ?about ; balkg:measure ?m ; balkg:category ?c ; balkg:figure ?fb .
          FILTER(?fa != ?fb)
        } ORDER BY ?about ?a ?b LIMIT 1""")
    assert rows, "the shipped graph has conflicting figures"
    about = rows[0]["about"].value
    shown = text_of(page_of(site, about))
    assert "claims differ" in shown
    for claim in (rows[0]["a"].value, rows[0]["b"].value):
        facts = select(target, f"""SELECT ?f ?who ?q WHERE {{ <{claim}> balkg:figure ?f ; balkg:claimant ?c ;
                                     balkg:evidence/balkg:quote ?q . ?c skos:prefLabel ?who }}""")
        for fact in facts:
            assert fact["f"].value in shown and html_text(fact["who"].value) in shown and html_text(fact["q"].value) in shown


def test_dates_show_their_precision_and_never_a_made_up_day(site, target):
    row = select(target, """SELECT ?s ?d WHERE { ?s ?p ?d FILTER(DATATYPE(?d) = xsd:gYearMonth
                            && STRSTARTS(STR(?s), "https://w3id.org/balkg/id/")) } ORDER BY ?s LIMIT 1""")[0]
    year, month = row["d"].value.split("-")[:2]
    import calendar
    shown = text_of(page_of(site, row["s"].value))
    assert f"{calendar.month_name[int(month)]} {year} precision: month" in shown
    assert f"1 {calendar.month_name[int(month)]} {year}" not in shown


def test_source_page_lists_every_statement_citing_it_with_its_quote(site, target):
    source = select(target, """SELECT ?s (COUNT(*) AS ?n) WHERE { ?e balkg:source ?s } GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 1""")[0]["s"].value
    shown = text_of(page_of(site, source))
    quotes = select(target, f"SELECT DISTINCT ?q WHERE {{ ?x balkg:evidence ?e . ?e balkg:source <{source}> ; balkg:quote ?q }}")
    assert quotes
    for q in quotes:
        assert html_text(q["q"].value) in shown


def test_ontology_page_has_every_term_with_label_and_definition(site, target):
    shown = (site / "ontology.html").read_text(encoding="utf-8")
    terms = select(target, """PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?t ?d WHERE { VALUES ?k { owl:Class owl:ObjectProperty owl:DatatypeProperty }
        ?t a ?k ; skos:definition ?d FILTER(STRSTARTS(STR(?t), STR(balkg:))) }""")
    assert len(terms) > 50
    for t in terms:
        assert f'id="{t["t"].value.split("#")[1]}"' in shown
        assert html_text(t["d"].value) in text_of(site / "ontology.html")


def test_ontology_is_also_documented_by_pylode_under_its_own_title(site, target):
    title = select(target, "SELECT ?t WHERE { <https://w3id.org/balkg/ontology> <http://purl.org/dc/terms/title> ?t }")[0]["t"].value
    page = (site / "ontology" / "pylode.html").read_text(encoding="utf-8")
    assert f"<title>{title}</title>" in page
    assert 'href="ontology/pylode.html"' in (site / "ontology.html").read_text(encoding="utf-8")


def test_scheme_page_shows_its_concepts_with_their_gtd_and_acled_mappings(site, target):
    row = select(target, """SELECT ?scheme ?c ?m ?ml WHERE { ?c skos:inScheme ?scheme ; skos:closeMatch ?m . ?m skos:prefLabel ?ml }
                            ORDER BY ?scheme ?c ?m LIMIT 1""")[0]
    shown = text_of(page_of(site, row["scheme"].value))
    assert "Concepts in this scheme" in shown and html_text(row["ml"].value) in shown


def test_query_catalogue_has_every_saved_query_with_its_text_and_answer(site, layout):
    from balkg.query.catalogue import catalogue
    shown = (site / "queries.html").read_text(encoding="utf-8")
    for query in catalogue(layout):
        assert f'id="q-{query.name.replace("/", "-")}"' in shown
    assert shown.count("<table class=\"answer\">") > 10


def test_home_page_counts_and_search_index_cover_every_alias(site, target):
    home = text_of(site / "index.html")
    n = select(target, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a balkg:ArmedGroup }")[0]["n"].value
    assert f"armed group {n} " in home
    licence = select(target, "SELECT ?l WHERE { <https://w3id.org/balkg/ontology> <http://purl.org/dc/terms/license> ?l }")[0]["l"].value
    assert f'href="{licence}"' in (site / "index.html").read_text(encoding="utf-8") and "Apache" in home
    index = json.loads((site / "data/search.js").read_text(encoding="utf-8").split("=", 1)[1].rstrip().rstrip(";"))
    names = {name for entry in index for name in entry["n"]}
    for row in select(target, "SELECT ?x WHERE { ?a skos:altLabel ?x }"):
        assert row["x"].value in names


def test_map_page_says_there_are_no_coordinates_instead_of_an_empty_map(site, target):
    count = select(target, "SELECT (COUNT(*) AS ?n) WHERE { ?p <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?x }")[0]["n"].value
    shown = (site / "map.html").read_text(encoding="utf-8")
    if count == "0":
        assert 'id="no-coordinates"' in shown and not (site / "pictures/map.svg").exists()
    else:
        assert "<svg" in shown


def test_map_page_lists_every_dated_event_by_place_or_as_unplaced(site, target):
    rows = select(target, """PREFIX balkg: <https://w3id.org/balkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
        SELECT DISTINCT ?e ?place WHERE { ?e a/rdfs:subClassOf* balkg:Event ; balkg:beginDate ?d .
          OPTIONAL { ?e balkg:place ?place . ?place wgs84:lat ?lat } }""")
    shown = (site / "map.html").read_text(encoding="utf-8")
    table = shown[shown.index('id="map-table"'):shown.index("</table>", shown.index('id="map-table"'))]
    unplaced = shown[shown.index('id="map-unplaced"'):]
    placed = {r["place"].value for r in rows if r.get("place") is not None}
    overview = shown[shown.index('id="map-overview"'):shown.index("</svg>", shown.index('id="map-overview"'))]
    points = select(target, """SELECT (COUNT(DISTINCT CONCAT(STR(?lat), " ", STR(?long))) AS ?n) WHERE {
        ?p <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat ; <http://www.w3.org/2003/01/geo/wgs84_pos#long> ?long }""")
    assert overview.count("data-place=") == int(points[0]["n"].value) >= 15
    assert len(placed) >= 10 and all(f'data-place="{p}"' in table for p in placed)
    for event in {r["e"].value for r in rows} - {r["e"].value for r in rows if r.get("place") is not None}:
        page = event.split("/id/", 1)[1]
        assert f'id/{page}.html"' in unplaced, event


def test_pictures_exist_as_standalone_svg(site):
    for name in ("network", "timeline", "designations"):
        root = ET.parse(site / "pictures" / f"{name}.svg").getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(list(root.iter())) > 20


# ---------------------------------------------------------------- links and HTML

class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])


def test_every_internal_link_resolves(site):
    parsed = {}
    for page in site.rglob("*.html"):
        p = _Links()
        p.feed(page.read_text(encoding="utf-8"))
        parsed[page] = p
    broken = []
    for page, p in parsed.items():
        for link in p.links:
            url = urllib.parse.urlsplit(link)
            if url.scheme or link.startswith("//"):
                continue
            target = page if not url.path else Path(posixpath.normpath(str(page.parent / urllib.parse.unquote(url.path))))
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif url.fragment and target.suffix == ".html" and url.fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(site)} -> {link} (no such anchor)")
    assert not broken, broken[:20]
    assert len(parsed) > 500


def test_pages_are_valid_html(site):
    pages = [p for p in site.glob("*.html")] + sorted(site.glob("index/*.html"))[:5]
    seen_dirs = set()
    for page in sorted(site.glob("id/*/*.html")):  # one node page of every kind
        if page.parent not in seen_dirs:
            seen_dirs.add(page.parent)
            pages.append(page)
    assert len(seen_dirs) >= 8
    for page in pages:
        parser = html5lib.HTMLParser(strict=True)
        try:
            parser.parse(page.read_bytes())
        except html5lib.html5parser.ParseError as exc:
            raise AssertionError(f"{page.relative_to(site)}: {exc}") from None


# ---------------------------------------------------------------- exports

def test_events_csv_keeps_lowest_and_highest_claimed_figures_with_claimants(site, target):
    rows = list(csv.DictReader(io.StringIO((site / "exports/events.csv").read_text(encoding="utf-8"))))
    events = select(target, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* balkg:Event }")
    assert len(rows) == int(events[0]["n"].value)
    conflict = select(target, """
        SELECT ?about ?ml ?cl (MIN(?f) AS ?low) (MAX(?f) AS ?high) WHERE {
          ?a a balkg:QuantitativeClaim ; balkg:about ?about ; balkg:measure ?m ; balkg:category ?c ; balkg:figure ?f .
          ?m skos:prefLabel ?ml . ?c skos:prefLabel ?cl . ?about a balkg:Event .
        } GROUP BY ?about ?ml ?cl HAVING (MIN(?f) != MAX(?f)) ORDER BY ?about ?ml ?cl LIMIT 1""")[0]
    row = next(r for r in rows if r["event"] == conflict["about"].value)
    stem = f'{conflict["ml"].value} {conflict["cl"].value}'
    assert row[f"{stem} lowest"] == conflict["low"].value
    assert row[f"{stem} highest"] == conflict["high"].value
    assert row[f"{stem} lowest claimed by"] and row[f"{stem} highest claimed by"]
    assert int(row[f"{stem} claims"]) >= 2
    assert any(h.startswith("event_type matches in GTD") for h in rows[0])


def test_events_workbook_has_the_same_table(site):
    book = openpyxl.load_workbook(site / "exports/events.xlsx", read_only=True)
    sheet = book["events"]
    values = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    with open(site / "exports/events.csv", encoding="utf-8") as f:
        assert values == list(csv.reader(f))
    assert "network" in book.sheetnames


def test_graphml_and_edge_list_describe_the_same_network(site, layout):
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(site / "exports/network.graphml").getroot()
    edges = root.findall(".//g:edge", ns)
    nodes = {n.get("id") for n in root.findall(".//g:node", ns)}
    rows = list(csv.DictReader(io.StringIO((site / "exports/network-edges.csv").read_text(encoding="utf-8"))))
    assert len(edges) == len(rows) > 10
    assert {r["source"] for r in rows} | {r["target"] for r in rows} <= nodes
    assert {r["established"] for r in rows} == {"true", "false"}
    assert any(r["begin"] and r["begin_precision"] for r in rows)


@pytest.mark.parametrize("fmt", ["graphml", "edges-csv", "events-csv"])
def test_export_command_writes_the_flat_formats(fmt, tmp_path):
    out = tmp_path / f"x.{fmt}"
    result = CliRunner().invoke(cli, ["--root", str(REPO), "export", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 200


# ---------------------------------------------------------------- refusals

def test_refuses_to_write_into_the_graph_or_over_a_folder_that_is_no_site(layout, tmp_path):
    for bad in (layout.data_dir / "site", REPO, layout.queries_dir):
        with pytest.raises(UsageError):
            build_site(layout, bad)
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["--root", str(REPO), "site", str(other)])
    assert result.exit_code != 0 and "not a balkg site" in result.output
    assert (other / "keep.txt").read_text() == "mine"


def test_rebuilding_over_an_earlier_site_replaces_it(site, layout):
    (site / "id" / "stale.html").write_text("old")
    build_site(layout, site)
    assert (site / MARKER).is_file() and not (site / "id" / "stale.html").exists()


# ---------------------------------------------------------------- balkg serve

@pytest.mark.server
def test_serve_serves_the_endpoint_and_the_site_with_content_negotiation(tmp_path):
    import re
    import signal
    import subprocess
    import sys
    import httpx
    process = subprocess.Popen([sys.executable, "-c", "from balkg.cli import main; main()", "--root", str(REPO), "serve", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        while not any(line.startswith("site:") for line in lines):
            line = process.stdout.readline()
            assert line, f"serve stopped: {process.stderr.read()}"
            lines.append(line)
        endpoint = next(l.split(": ", 1)[1].strip() for l in lines if l.startswith("SPARQL endpoint:"))
        site = re.search(r"site: (\S+)", "".join(lines)).group(1)
        page = httpx.get(site + "id/actor/bla", headers={"Accept": "text/html"}, timeout=10)
        assert page.status_code == 200 and "<h1>" in page.text
        assert f"from {endpoint}" in page.text  # the site shows what the endpoint serves
        turtle = httpx.get(site + "id/actor/bla", headers={"Accept": "text/turtle"}, timeout=10)
        assert turtle.headers["content-type"].startswith("text/turtle") and "skos:prefLabel" in turtle.text
        queries = httpx.get(site + "queries.html", timeout=10).text
        runs = re.findall(r'class="run" href="([^"]+)"', queries)
        assert runs and all(run.startswith(endpoint + "?query=") for run in runs)
        answer = httpx.get(runs[0].replace("&amp;", "&"), headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.status_code == 200 and answer.json()["results"]["bindings"]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
