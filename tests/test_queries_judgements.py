"""Expected answers of the judgement queries on the shipped graph (issue 14 §2).

`judgements` lists what analysts, reporters and officials judge about an actor or a
relation, with the hedging and the reasons given for and against; `who-said-what`
lists each speaker's quotations, judgements, reasons and plans by source.
"""

from __future__ import annotations

from functools import partial


from support import CONCEPT, ID, local as _local


local = partial(_local, bases=(ID, CONCEPT))


def rows(result, *variables):
    return sorted({tuple(local(row.get(v)) for v in variables) for row in result.rows}, key=repr)


def test_strafasia_reasons_against_a_bla_ttp_alliance(ask):
    result = ask("judgements", about="actor:ttp", relation="rel:cooperates", claimant="actor:strafasia")
    alliance = [r for r in rows(result, "judgement", "likelihood", "hedge", "reason", "direction")
                if r[0] == "judgement/strafasia-bla-ttp-alliance-undetermined"]
    assert {r[3] for r in alliance} == {
        "reason/strafasia-ttp-prior-negotiations", "reason/strafasia-ttp-insists-on-sharia",
        "reason/strafasia-ttp-opposes-independence", "reason/strafasia-fear-of-islamization",
        "reason/strafasia-ttp-past-state-proxy", "reason/strafasia-fear-ttp-reunites-with-state",
        "reason/strafasia-ttp-would-avoid-india", "reason/strafasia-alliance-claims-refuted",
    }
    assert {(r[1], r[2], r[4]) for r in alliance} == {
        ("likelihood/undetermined", "It is challenging to determine", "against")}


def test_hedging_is_kept_as_the_source_words_it(ask):
    result = ask("judgements", about="actor:bla", relation="rel:cooperates")
    got = {r[0]: r[1:] for r in rows(result, "judgement", "likelihood", "hedge", "kind")}
    assert got["judgement/strafasia-collaboration-probably-tactical-brief"] == (
        "likelihood/probable", "would probably", "judgement-kind/prediction")
    assert got["judgement/strafasia-sustained-collaboration-improbable"] == (
        "likelihood/unlikely", "improbable", "judgement-kind/prediction")
    assert got["judgement/strafasia-bla-jua-lej-only-against-security-forces"][0] == "likelihood/nearly-impossible"
    # Judgements about other ties, or none, stay out of a relation filter.
    assert "judgement/strafasia-bla-support-base" not in got


def test_judgements_about_an_event_with_their_sources(ask):
    result = ask("judgements", about="event:2026-01-31-coordinated-attacks")
    assert rows(result, "judgement", "claimant", "likelihood", "source") == sorted({
        ("judgement/rferl-2026-attacks-largest-ever-escalation", "actor/rferl", "likelihood/asserted",
         "source/rferl-2026-02-unprecedented-attacks"),
        ("judgement/experts-pakistan-failed-policy", "actor/rferl", "likelihood/asserted",
         "source/rferl-2026-02-unprecedented-attacks"),
        ("judgement/rferl-casualty-claims-unverified", "actor/rferl", "likelihood/undetermined",
         "source/rferl-2026-02-unprecedented-attacks"),
        ("judgement/kiyya-2026-attacks-not-witnessed-before", "actor/kiyya-baloch", "likelihood/asserted",
         "source/rferl-2026-02-unprecedented-attacks"),
        ("judgement/kiyya-2026-dramatic-escalation", "actor/kiyya-baloch", "likelihood/asserted",
         "source/rferl-2026-02-unprecedented-attacks"),
        ("judgement/mtt-new-more-aggressive-phase", "actor/modern-tokyo-times", "likelihood/possible",
         "source/modern-tokyo-times-2026-02-02"),
    }, key=repr)


def test_reasons_for_the_unverified_casualty_claims(ask):
    result = ask("judgements", about="claim:2026-01-31-government-civilians-killed-rferl")
    assert rows(result, "judgement", "reason", "direction") == [
        ("judgement/rferl-casualty-claims-unverified", "reason/rferl-internet-shutdown-hinders-verification", "for"),
        ("judgement/rferl-casualty-claims-unverified", "reason/rferl-region-inaccessible", "for"),
    ]


def test_what_tricia_bacon_said(ask):
    result = ask("who-said-what", speaker="actor:tricia-bacon")
    assert rows(result, "kind", "statement", "source") == [
        ("judgement", "judgement/bacon-bras-first-anti-china-alliance", "source/nikkei-asia-2025-03-bras-national-army"),
        ("judgement", "judgement/bacon-separatist-alliances-hard-to-manage", "source/nikkei-asia-2025-03-bras-national-army"),
        ("quotation", "quotation/tricia-bacon-alliance-against-china", "source/nikkei-asia-2025-03-bras-national-army"),
        ("quotation", "quotation/tricia-bacon-alliances-hard-to-manage", "source/nikkei-asia-2025-03-bras-national-army"),
        ("reason", "reason/bacon-mistrust-limits-cooperation", "source/nikkei-asia-2025-03-bras-national-army"),
    ]


def test_who_said_what_in_one_source_names_the_relayed_outlet(ask):
    result = ask("who-said-what", speaker="actor:ishaq-baloch", source="src:rferl-2026-02-unprecedented-attacks")
    got = rows(result, "statement", "reportedBy")
    assert ("quotation/ishaq-baloch-dialogue", "actor/radio-mashaal") in got
    assert ("judgement/ishaq-dialogue-only-way", "actor/radio-mashaal") in got
    assert ("judgement/ishaq-engage-locals", None) in got
    assert {s for s, _ in got} == {"quotation/ishaq-baloch-dialogue", "judgement/ishaq-dialogue-only-way",
                                   "judgement/ishaq-engage-locals", "reason/ishaq-locals-suffering"}


def test_who_said_what_lists_announced_plans_of_a_group(ask):
    result = ask("who-said-what", speaker="actor:bras", about="actor:baloch-national-army-2025")
    assert {r[0] for r in rows(result, "statement")} == {"plan/2025-03-02-bras-restructure-into-bna"}
