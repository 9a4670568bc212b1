"""Score candidates against what the graph says, and decide whether to link.

A score is a whole number of points out of 100 (shown as 0.00-1.00):

persons
  name      40 an English label equals a name of the person (or a Chinese label equals the
               Chinese form the article gives); 35 an alias equals it or a label equals it
               ignoring case; 25 the pinyin of a Chinese-only label spells the name
  human     10 instance of human (P31 Q5); an item that is not human scores 0
  born       5 alive and aged 25-100 at every session the person appears in; a birth or
               death date that rules this out scores 0
  office    35 holds (P39) the Wikidata position of an office the article ties the person
               to, at a time (P580-P582) that overlaps the article's; 15 holds it at another
               time. A P582 on 1 January counts to the end of that year (year precision).
  term      10 member of the NPC (P39 Q10891456) in the session's term: P2937 the term's
               item, or P580-P582 overlapping the session's dates (a statement with no P582
               only if it began at most 5 years, one term, before the session)

posts, bodies, congress terms and sessions
  100 an entry of the reviewed table; else 80 an exact label (70 ignoring case), +20 for a
  session whose start (P580/P585) falls within its dates; humans and disambiguation pages
  score 0.

The decision, in the spirit of OpenRefine's reconciliation "match" flag: link the best
candidate only when its score is at least THRESHOLD (0.55: a unique exact name of a human
alive at the session, and more for weaker names) and at least MIN_GAP (0.15) ahead of the
runner-up. Two same-named candidates with no other evidence tie and stay unlinked; the
candidates are kept for review either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from npcgraph.wikidata.candidates import Candidate, PositionHeld
from npcgraph.wikidata.names import has_cjk, pinyin_matches
from npcgraph.wikidata.table import (
    CONGRESS_TERMS,
    DISAMBIGUATION_PAGE,
    HUMAN,
    NPC_MEMBER,
    normalise_label,
)
from npcgraph.wikidata.targets import LabelTarget, OfficeClaim, PersonTarget

THRESHOLD = 55
MIN_GAP = 15

NAME_LABEL = 40
NAME_ALIAS = 35
NAME_PINYIN = 25
HUMAN_POINTS = 10
BORN_POINTS = 5
OFFICE_OVERLAP = 35
OFFICE_OTHER_TIME = 15
TERM_POINTS = 10

LABEL_EXACT = 80
LABEL_CASELESS = 70
SESSION_DATE = 20
TABLE_POINTS = 100


@dataclass(frozen=True)
class Scored:
    """A candidate's score (points out of 100) and the evidence for it."""

    qid: str
    label: str
    points: int
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    """The outcome for one entity: the chosen item (or None) and the ranked candidates."""

    qid: str | None
    points: int
    runner_up: Scored | None
    method: str
    evidence: str
    candidates: tuple[Scored, ...]


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _end_of_precision(day: dt.date | None) -> dt.date | None:
    """Wikidata pads a year-precision date to 1 January: read such an end as 31 December."""
    if day is not None and day.month == 1 and day.day == 1:
        return dt.date(day.year, 12, 31)
    return day


def _overlaps(
    a_start: dt.date | None, a_end: dt.date | None, b_start: dt.date | None, b_end: dt.date | None
) -> bool:
    low = max(a_start or dt.date.min, b_start or dt.date.min)
    high = min(a_end or dt.date.max, b_end or dt.date.max)
    return low <= high


def _name_points(target: PersonTarget, candidate: Candidate) -> tuple[int, str | None]:
    names = set(target.names)
    folded = {name.casefold() for name in names}
    for label in sorted(candidate.labels):
        if label in names:
            return NAME_LABEL, f"name exact '{label}'"
        if label in target.chinese:
            return NAME_LABEL, f"Chinese name exact '{label}'"
    for alias in sorted(candidate.aliases):
        if alias in names or alias in target.chinese:
            return NAME_ALIAS, f"alias exact '{alias}'"
    for label in sorted(candidate.labels):
        if label.casefold() in folded:
            return NAME_ALIAS, f"name equal ignoring case '{label}'"
    for label in sorted(candidate.labels):
        if has_cjk(label):
            for name in sorted(names):
                if pinyin_matches(name, label):
                    return NAME_PINYIN, f"pinyin of '{label}' spells '{name}'"
    return 0, None


def _born_points(target: PersonTarget, candidate: Candidate) -> tuple[int | None, str | None]:
    """Points for a plausible life span; None when the dates rule the candidate out."""
    dated = [s for s in target.sessions if s.start is not None]
    if not dated or not candidate.births:
        return 0, None
    birth = min(candidate.births)
    for session in dated:
        assert session.start is not None
        age = session.start.year - birth.year
        if not 25 <= age <= 100:
            return None, f"born {birth.year}: aged {age} at {session.start.year}"
        if candidate.deaths and max(candidate.deaths) < session.start:
            return None, f"died {_iso(max(candidate.deaths))}, before {_iso(session.start)}"
    first = min(s.start for s in dated if s.start is not None)
    return BORN_POINTS, f"born {birth.year} (aged {first.year - birth.year} in {first.year})"


def _describe(held: PositionHeld, claim: OfficeClaim) -> str:
    return f"P39 {claim.label} {_iso(held.start)}..{_iso(held.end)}"


def _office_points(
    target: PersonTarget, candidate: Candidate, positions: Mapping[str, str]
) -> tuple[int, str | None]:
    best: tuple[int, str | None] = (0, None)
    for claim in target.offices:
        wanted = positions.get(claim.post)
        if wanted is None:
            continue
        for held in sorted(candidate.positions):
            if held.position != wanted:
                continue
            if _overlaps(held.start, _end_of_precision(held.end), claim.start, claim.end):
                text = f"{_describe(held, claim)} overlaps {claim.role} {_iso(claim.start)}.."
                return OFFICE_OVERLAP, text + _iso(claim.end)
            if best[0] < OFFICE_OTHER_TIME:
                best = (OFFICE_OTHER_TIME, f"{_describe(held, claim)} (another time)")
    return best


def _term_points(target: PersonTarget, candidate: Candidate) -> tuple[int, str | None]:
    for session in target.sessions:
        term = CONGRESS_TERMS.get(session.congress or 0)
        for held in sorted(candidate.positions):
            if held.position != NPC_MEMBER:
                continue
            if term is not None and held.term == term:
                return TERM_POINTS, f"NPC member, {session.congress}th term ({term})"
            if held.term is not None or held.start is None or session.start is None:
                continue
            # An open-ended statement counts only if it began within one term (5 years).
            end = _end_of_precision(held.end)
            recent = end is not None or session.start.year - held.start.year <= 5
            if recent and _overlaps(held.start, end, session.start, session.end):
                span = f"{_iso(held.start)}..{_iso(held.end)}"
                return TERM_POINTS, f"NPC member {span} overlaps the session"
    return 0, None


def score_person(
    target: PersonTarget, candidate: Candidate, positions: Mapping[str, str]
) -> Scored:
    """Score one candidate for a person (see the module docstring for the points)."""
    evidence: list[str] = []
    points, text = _name_points(target, candidate)
    if text is None:
        return Scored(candidate.qid, candidate.label, 0, ("no name match",))
    evidence.append(text)
    if candidate.classes and HUMAN not in candidate.classes:
        return Scored(candidate.qid, candidate.label, 0, (text, "not a human (P31)"))
    if HUMAN in candidate.classes:
        points += HUMAN_POINTS
        evidence.append("human")
    born, born_text = _born_points(target, candidate)
    if born is None:
        return Scored(candidate.qid, candidate.label, 0, (*evidence, born_text or ""))
    for part, part_text in (
        (born, born_text),
        _office_points(target, candidate, positions),
        _term_points(target, candidate),
    ):
        points += part
        if part_text:
            evidence.append(part_text)
    return Scored(candidate.qid, candidate.label, min(points, 100), tuple(evidence))


def score_label(target: LabelTarget, candidate: Candidate) -> Scored:
    """Score one candidate for a post, body, congress term or session by label."""
    if HUMAN in candidate.classes or DISAMBIGUATION_PAGE in candidate.classes:
        return Scored(candidate.qid, candidate.label, 0, ("a human or disambiguation page",))
    texts = {text for text, _lang in target.labels}
    points, evidence = 0, []
    exact = sorted(label for label in candidate.labels if label in texts)
    folded = {normalise_label(text) for text in texts}
    caseless = sorted(label for label in candidate.labels if normalise_label(label) in folded)
    if exact:
        points, evidence = LABEL_EXACT, [f"label exact '{exact[0]}'"]
    elif caseless:
        points, evidence = LABEL_CASELESS, [f"label equal ignoring case '{caseless[0]}'"]
    if points and target.kind == "session" and target.start:
        for start in sorted(candidate.starts):
            if _overlaps(start, start, target.start, target.end):
                points += SESSION_DATE
                evidence.append(f"starts {_iso(start)}, within the session")
                break
    return Scored(candidate.qid, candidate.label, min(points, 100), tuple(evidence))


def ranked(scored: Iterable[Scored]) -> tuple[Scored, ...]:
    """Best first; ties in QID order, so the outcome never depends on the endpoint's order."""
    return tuple(sorted(scored, key=lambda s: (-s.points, int(s.qid[1:]))))


def decide(scored: Sequence[Scored], method: str) -> Decision:
    """Link the best candidate if it reaches THRESHOLD and leads the runner-up by MIN_GAP."""
    order = ranked(scored)
    best = order[0] if order else None
    runner = order[1] if len(order) > 1 else None
    if best is None:
        return Decision(None, 0, None, method, "no candidates", order)
    lead = best.points - (runner.points if runner else 0)
    if best.points >= THRESHOLD and lead >= MIN_GAP:
        return Decision(best.qid, best.points, runner, method, "; ".join(best.evidence), order)
    if best.points < THRESHOLD:
        why = f"best {best.qid} scores {best.points / 100:.2f}, below {THRESHOLD / 100:.2f}"
    else:
        assert runner is not None
        why = f"{best.qid} and {runner.qid} too close ({best.points / 100:.2f} vs "
        why += f"{runner.points / 100:.2f})"
    return Decision(None, best.points, runner, method, why, order)


def table_decision(qid: str, label: str) -> Decision:
    """A link from the reviewed table."""
    only = Scored(qid, label, TABLE_POINTS, ("reviewed table",))
    return Decision(qid, TABLE_POINTS, None, "reviewed-table", "reviewed table", (only,))
