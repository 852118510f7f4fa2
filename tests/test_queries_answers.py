"""Expected answers of the saved queries on the shipped graph (exact rows where the result is small).

The answers come from reference/facts.md, which the graph is curated from: when a
curator changes one of these facts, the test says which question's answer moved.
"""

from __future__ import annotations


from support import local


def rows(result, *variables):
    return sorted(tuple(local(row.get(v)) for v in variables) for row in result.rows)


def test_designations_of_the_bla_with_contested_dates_side_by_side(ask):
    result = ask("designations", actor="actor:bla")
    assert set(rows(result, "designation", "listed", "listedPer")) == {
        ("designation/pk-bla-2006", "2006-04-07", "actor/nacta"),
        ("designation/pk-bla-2006", "2006-04-09", "actor/dawn"),
        ("designation/uk-bla-2006", "2006-07", None),
        ("designation/us-sdgt-bla-2019", "2019-07-02", None),
        ("designation/us-fto-bla-2025", "2025-08-11", None),
        ("designation/us-sdgt-bla-2025-amendment", "2025-08-11", None),
    }


def test_designations_in_force_on_a_date(ask):
    before_us = {r[0] for r in rows(ask("designations", actor="actor:bla", asof="2019-07-01"), "designation")}
    assert before_us == {"designation/pk-bla-2006", "designation/uk-bla-2006"}
    on_sdgt_day = {r[0] for r in rows(ask("designations", actor="actor:bla", asof="2019-07-02"), "designation")}
    assert on_sdgt_day == before_us | {"designation/us-sdgt-bla-2019"}
    # Between the two Pakistani dates only the NACTA version counts as in force.
    between = rows(ask("designations", actor="actor:bla", asof="2006-04-08"), "designation", "listedPer")
    assert between == [("designation/pk-bla-2006", "actor/nacta")]


def test_designations_by_authority_and_type(ask):
    by_us = ask("designations", authority="actor:us-state-department")
    assert {"designation/us-fto-bla-2025", "designation/us-sdgt-bla-2019"} <= {r[0] for r in rows(by_us, "designation")}
    assert {r[0] for r in rows(by_us, "authority")} == {"actor/us-state-department"}
    fto = ask("designations", type="dtype:us-fto")
    assert {r[0] for r in rows(fto, "type")} == {"https://w3id.org/balkg/concept/designation-type/us-fto"}
    assert ("actor/bla",) in rows(fto, "actor")


def test_is_designated(ask):
    assert ask("is-designated", actor="actor:bla").boolean is True
    assert ask("is-designated", actor="actor:bla", asof="2006-01-01").boolean is False
    assert ask("is-designated", actor="actor:bla", authority="actor:united-kingdom", asof="2006-07-31").boolean


def test_the_select_twin_of_is_designated_gives_the_same_answers(ask):
    for params in ({"actor": "actor:bla"}, {"actor": "actor:bla", "asof": "2006-01-01"},
                   {"actor": "actor:bla", "authority": "actor:united-kingdom", "asof": "2006-07-31"},
                   {"actor": "actor:bla", "authority": "actor:united-kingdom", "asof": "2006-06-01"}):
        twin = ask("is-designated-select", **params)
        assert [row["designated"].value == "true" for row in twin.rows] == [ask("is-designated", **params).boolean]


def test_figures_about_a_place_given_with_a_prefix_only_the_graph_declares(ask):
    result = ask("quantitative-claims", about="place:pakistan")
    assert result.rows and {local(row["about"]) for row in result.rows} == {"place/pakistan"}


def test_bras_members_as_of_2019(ask):
    result = ask("alliance-members", alliance="actor:bras", asof="2019-01-01")
    assert rows(result, "member", "role", "begin", "beginPer") == sorted([
        ("actor/bla", "https://w3id.org/balkg/concept/membership-role/founding-member", "2018-11-10", None),
        ("actor/blf", "https://w3id.org/balkg/concept/membership-role/founding-member", "2018-11-10", None),
        ("actor/brg", "https://w3id.org/balkg/concept/membership-role/founding-member", "2018-11-10", None),
        ("actor/bra", "https://w3id.org/balkg/concept/membership-role/member", "2018", "actor/arab-news"),
    ])


def test_alliance_membership_with_a_contested_start(ask):
    sra = [r for r in rows(ask("alliance-members", alliance="actor:bras"), "membership", "begin", "beginPer")
           if r[0] == "membership/bras-sra"]
    assert sra == [("membership/bras-sra", "2020-07-25", "actor/cscr"),
                   ("membership/bras-sra", "2020-07-26", "actor/newsintervention")]


def test_casualty_claims_of_the_february_2022_attacks_side_by_side(ask):
    result = ask("casualty-claims", event="event:2022-02-nushki-panjgur-attacks")
    claims = {(r[0], r[1], r[2]) for r in rows(result, "claimant", "category", "figure")}
    assert {("actor/pakistan-army", "https://w3id.org/balkg/concept/claim-category/militants", "20"),
            ("actor/pakistan-army", "https://w3id.org/balkg/concept/claim-category/soldiers", "9"),
            ("actor/bla", "https://w3id.org/balkg/concept/claim-category/soldiers", "80"),
            ("actor/bla", "https://w3id.org/balkg/concept/claim-category/militants", "16")} <= claims
    assert all(row.get("source") for row in result.rows)


def test_casualty_claims_keep_every_version_of_one_figure(ask):
    result = ask("casualty-claims", event="event:2026-01-31-coordinated-attacks")
    civilians = {int(r[1]) for r in rows(result, "category", "figure")
                 if r[0].endswith("/civilians")}
    assert {18, 31, 36} <= civilians  # the military, the chief minister and officials disagree


def test_contested_end_of_the_nushki_siege(ask):
    result = ask("date-claims", about="event:2026-nushki-siege")
    assert rows(result, "dateOf", "claimedDate", "claimant") == [
        ("https://w3id.org/balkg/ontology#endDate", "2026-02-02", "actor/reuters"),
        ("https://w3id.org/balkg/ontology#endDate", "2026-02-04", "actor/rferl"),
    ]


def test_accusations_with_their_denials(ask):
    result = ask("accusations", accused="actor:india")
    found = rows(result, "accusation", "beneficiary", "status", "denial")
    assert ("accusation/pakistan-india-supports-bla", "actor/bla",
            "https://w3id.org/balkg/concept/accusation-status/denied", "accusation/bla-denies-india-ties") in found
    assert {r[0] for r in rows(result, "accused")} == {"actor/india"}


def test_events_in_a_district_include_events_in_its_towns(ask):
    in_district = {r[0] for r in rows(ask("events", place="place:nushki-district"), "event")}
    assert {"event/2026-nushki-siege", "event/2022-02-02-nushki-attack"} <= in_district
    assert "event/2022-02-02-panjgur-attack" not in in_district


def test_events_between_two_dates(ask):
    february_2022 = {r[0] for r in rows(ask("events", **{"from": "2022-02-01", "to": "2022-02-28"}), "event")}
    assert {"event/2022-02-02-nushki-attack", "event/2022-02-02-panjgur-attack",
            "event/2022-02-nushki-panjgur-attacks"} <= february_2022
    assert not any(e.startswith("event/2026") or e.startswith("event/2025") for e in february_2022)


def test_events_of_an_actor(ask):
    bla = {r[0] for r in rows(ask("events", actor="actor:bla"), "event")}
    assert "event/2026-01-31-coordinated-attacks" in bla


def test_provenance_of_a_designation_quotes_its_source(ask):
    result = ask("provenance", resource="desig:us-fto-bla-2025")
    quotes = [row["quote"].value for row in result.rows if row.get("quote")]
    assert any("Foreign Terrorist Organization" in q for q in quotes)
    assert all(row.get("source") for row in result.rows)


def test_actor_profile_lists_names_designations_and_memberships(ask):
    result = ask("actor", actor="actor:bla")
    aspects = {}
    for aspect, value in rows(result, "aspect", "value"):
        aspects.setdefault(aspect, set()).add(value)
    assert aspects["name"] == {"Balochistan Liberation Army"}
    assert "designation/us-fto-bla-2025" in aspects["designation"]
    assert "actor/bras" in aspects["member of"]
    assert "Majeed Brigade" in aspects.get("alias", set()) or "actor/majeed-brigade" in aspects.get("unit", set())
    assert aspects["source"]


def test_sources_count_what_each_reports(ask):
    result = ask("sources")
    by_source = {local(row["source"]): int(row["statements"].value) for row in result.rows}
    assert len(by_source) == len(result.rows)
    assert by_source["source/nikkei-asia-2025-03-bras-national-army"] > 0
