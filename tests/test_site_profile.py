"""Entity pages for readers (issue 23 §6): a profile before the property table, designations with
what was in force on a day, ties to other actors, and curators' notes kept apart from content."""

from __future__ import annotations

import html5lib
import pytest

from balkg.query.run import run_query
from balkg.site.profile import in_force

PREFIXES = """PREFIX balkg: <https://w3id.org/balkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
NS = {"h": "http://www.w3.org/1999/xhtml"}


def select(target, text):
    return run_query(PREFIXES + text, target).rows


def page(site, iri):
    return html5lib.parse((site / (iri.split("/balkg/", 1)[1] + ".html")).read_bytes(), namespaceHTMLElements=True)


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def most_designated(target) -> tuple[str, int]:
    row = select(target, """SELECT ?a (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a balkg:Designation ; balkg:designatedActor ?a }
        GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT 1""")[0]
    return row["a"].value, int(row["n"].value)


def test_profile_comes_before_the_property_table_and_lists_every_designation(site, target):
    actor, count = most_designated(target)
    tree = page(site, actor)
    ids = [e.get("id") for e in tree.iter() if e.get("id") in ("profile", "statements")]
    assert ids == ["profile", "statements"]
    rows = tree.findall(".//h:table[@id='designation-table']//h:tr[@data-listed-first]", NS)
    assert len(rows) == count >= 3
    labels = {r["l"].value for r in select(target, f"""SELECT ?l WHERE {{ ?d balkg:designatedActor <{actor}> ;
        skos:prefLabel ?l }}""")}
    shown = {text(r.findall("h:td", NS)[0].find("h:a", NS)) for r in rows}
    assert labels <= shown
    assert all(r.findall("h:td", NS)[-1].get("data-in-force") in ("yes", "no", "uncertain", "unknown") for r in rows)


def test_a_membership_appears_on_both_members_pages(site, target):
    row = select(target, """SELECT ?m ?o WHERE { ?s a balkg:Membership ; org:member ?m ; org:organization ?o }
        ORDER BY ?s LIMIT 1""")[0]
    member, organisation = row["m"].value, row["o"].value
    for here, there in ((member, organisation), (organisation, member)):
        section = next(e for e in page(site, here).iter() if e.get("id") == "profile-relations")
        hrefs = [a.get("href") for a in section.iter("{http://www.w3.org/1999/xhtml}a")]
        assert any(h and h.endswith(there.rsplit("/", 1)[1] + ".html") for h in hrefs), (here, there)


def test_curator_notes_are_marked_and_kept_out_of_the_property_table(site, target):
    row = select(target, """SELECT ?s ?note WHERE { ?s balkg:curatorNote ?note ; skos:prefLabel ?l
        FILTER(STRSTARTS(STR(?s), "https://w3id.org/balkg/id/actor/")) } ORDER BY ?s LIMIT 1""")[0]
    tree = page(site, row["s"].value)
    note = " ".join(row["note"].value.split())
    asides = [e for e in tree.iter("{http://www.w3.org/1999/xhtml}aside") if e.get("class") == "curator-notes"]
    assert any(note in text(a) for a in asides) and all("not evidence" in text(a) for a in asides)
    tables = [e for e in tree.iter("{http://www.w3.org/1999/xhtml}table") if e.get("class") == "props"]
    assert tables and all(note not in text(t) for t in tables)
    assert not any("curator note" in text(th).lower() for t in tables for th in t.iter("{http://www.w3.org/1999/xhtml}th"))


@pytest.mark.parametrize("listing, revocation, day, expected", [
    ({"first": "2019-07-02", "last": "2019-07-02"}, None, "2019-07-01", "no"),
    ({"first": "2019-07-02", "last": "2019-07-02"}, None, "2019-07-02", "yes"),
    ({"first": "2006-07-01", "last": "2006-07-31"}, None, "2006-07-15", "uncertain"),   # known to the month
    ({"first": "2006-07-01", "last": "2006-07-31"}, None, "2006-08-01", "yes"),
    ({"first": "2006-04-07", "last": "2006-04-09"}, None, "2006-04-08", "uncertain"),   # sources differ
    ({"first": "2010-01-01", "last": "2010-01-01"}, {"first": "2015-03-01", "last": "2015-03-01"}, "2015-03-01", "no"),
    ({"first": "2010-01-01", "last": "2010-01-01"}, {"first": "2015-01-01", "last": "2015-12-31"}, "2015-06-01", "uncertain"),
    ({"first": "2010-01-01", "last": "2010-01-01"}, {"first": "2015-01-01", "last": "2015-12-31"}, "2016-01-01", "no"),
    (None, None, "2020-01-01", "unknown"),
])
def test_in_force_on_a_day(listing, revocation, day, expected):
    assert in_force(listing, revocation, day) == expected
