"""Scoring and the link decision, on hand-made candidates (no endpoint)."""

from __future__ import annotations

import datetime as dt

import pyoxigraph
import pytest

from npcgraph.wikidata.candidates import Candidate, PositionHeld
from npcgraph.wikidata.names import name_key, pinyin_matches
from npcgraph.wikidata.scoring import Scored, decide, score_label, score_person
from npcgraph.wikidata.sparql import names_query, string_literal
from npcgraph.wikidata.targets import LabelTarget, OfficeClaim, PersonTarget, SessionContext

SPC = "https://w3id.org/npcgraph/id/post/president-of-the-supreme-peoples-court"
SESSION = SessionContext(
    "https://w3id.org/npcgraph/id/session/12-5", dt.date(2017, 3, 5), dt.date(2017, 3, 15), 12
)
CLAIM = OfficeClaim(
    SPC, "President of the Supreme People's Court", "presenter", SESSION.start, SESSION.end
)
ZHOU = PersonTarget("id:person/zhou-qiang", ("Zhou Qiang",), (), (CLAIM,), (SESSION,))
POSITIONS = {SPC: "Q10301264"}


def zhou(qid: str = "Q1", label: str = "周强", **facts: object) -> Candidate:
    candidate = Candidate(qid, labels={label}, classes={"Q5"}, births={dt.date(1960, 4, 25)})
    candidate.positions.add(PositionHeld("Q10301264", dt.date(2013, 3, 16)))
    for key, value in facts.items():
        setattr(candidate, key, value)
    return candidate


def test_chinese_only_label_matches_through_pinyin() -> None:
    scored = score_person(ZHOU, zhou(), POSITIONS)
    assert scored.points == 75
    assert scored.evidence[0] == "pinyin of '周强' spells 'Zhou Qiang'"
    assert "P39 President of the Supreme People's Court 2013-03-16.." in scored.evidence[3]
    assert decide([scored], "person-score").qid == "Q1"


def test_english_label_beats_pinyin_and_chinese_form_counts_as_exact() -> None:
    assert score_person(ZHOU, zhou(label="Zhou Qiang"), POSITIONS).points == 90
    with_chinese = PersonTarget(ZHOU.iri, ZHOU.names, ("周强",), ZHOU.offices, ZHOU.sessions)
    assert score_person(with_chinese, zhou(), POSITIONS).evidence[0] == "Chinese name exact '周强'"


def test_not_human_and_impossible_ages_score_zero() -> None:
    assert score_person(ZHOU, zhou(classes={"Q5398426"}), POSITIONS).points == 0
    assert score_person(ZHOU, zhou(births={dt.date(2000, 1, 1)}), POSITIONS).points == 0
    dead = score_person(ZHOU, zhou(deaths={dt.date(2010, 1, 1)}), POSITIONS)
    assert dead.points == 0 and "died 2010-01-01" in dead.evidence[-1]


def test_position_at_another_time_counts_less_and_year_precision_end() -> None:
    old = zhou(positions={PositionHeld("Q10301264", dt.date(1998, 1, 1), dt.date(2003, 1, 1))})
    assert score_person(ZHOU, old, POSITIONS).points == 55
    until_2017 = zhou(
        positions={PositionHeld("Q10301264", dt.date(2013, 1, 1), dt.date(2017, 1, 1))}
    )
    assert score_person(ZHOU, until_2017, POSITIONS).points == 75


def test_decision_needs_threshold_and_gap() -> None:
    def s(qid: str, points: int) -> Scored:
        return Scored(qid, qid, points, ("x",))

    assert decide([s("Q2", 55), s("Q1", 55)], "m").qid is None
    tie = decide([s("Q2", 55), s("Q1", 55)], "m")
    assert [c.qid for c in tie.candidates] == ["Q1", "Q2"]
    assert decide([s("Q1", 54)], "m").qid is None
    assert decide([s("Q1", 55)], "m").qid == "Q1"
    assert decide([s("Q1", 90), s("Q2", 76)], "m").qid is None
    assert decide([s("Q1", 90), s("Q2", 75)], "m").qid == "Q1"
    assert decide([], "m").evidence == "no candidates"


def test_label_scoring_for_sessions() -> None:
    target = LabelTarget(
        "id:session/12-1",
        "session",
        (("First session", "en"),),
        dt.date(2013, 3, 5),
        dt.date(2013, 3, 16),
    )
    dated = Candidate("Q9", labels={"First session"}, starts={dt.date(2013, 3, 5)})
    assert score_label(target, dated).points == 100
    assert score_label(target, Candidate("Q8", labels={"first session"})).points == 70
    assert (
        score_label(target, Candidate("Q7", labels={"First session"}, classes={"Q5"})).points == 0
    )


def test_name_keys() -> None:
    assert name_key("Lǚ Xiao-ming") == "luxiaoming"
    assert pinyin_matches("Zeng Qinghong", "曾庆红")
    assert not pinyin_matches("Zhou Qiang", "周强强")


@pytest.mark.parametrize(
    "text", ['say "hi"', "back\\slash\\", "line\nbreak\r\ttab", "{ } . ?x", "it's", "\x01bell"]
)
def test_string_literals_round_trip_through_a_sparql_parser(text: str) -> None:
    store = pyoxigraph.Store()
    query = f"SELECT ?x WHERE {{ BIND({string_literal(text, 'en')} AS ?x) }}"
    [row] = list(store.query(query))
    assert row["x"] == pyoxigraph.Literal(text, language="en")
    store.query(names_query([(text, "en")]))  # parses


def test_language_tags_are_checked() -> None:
    with pytest.raises(Exception, match="not a language tag"):
        string_literal("x", 'en" } DROP ALL #')
