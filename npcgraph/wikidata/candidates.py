"""Candidate Wikidata items for each target, fetched in batched SPARQL queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from npcgraph.wikidata import sparql
from npcgraph.wikidata.names import has_cjk, pinyin_matches
from npcgraph.wikidata.table import CONGRESS_TERMS, NPC_MEMBER, WIKIDATA_ENTITY
from npcgraph.wikidata.targets import LabelTarget, PersonTarget


@dataclass(frozen=True, order=True)
class PositionHeld:
    """One P39 statement: the position and its start, end and term qualifiers."""

    position: str
    start: dt.date | None = None
    end: dt.date | None = None
    term: str | None = None


@dataclass
class Candidate:
    """A Wikidata item that might be the target, with the facts used to score it."""

    qid: str
    labels: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    births: set[dt.date] = field(default_factory=set)
    deaths: set[dt.date] = field(default_factory=set)
    starts: set[dt.date] = field(default_factory=set)
    positions: set[PositionHeld] = field(default_factory=set)

    @property
    def label(self) -> str:
        """A display label: an ASCII one if there is, else the first in order."""
        ordered = sorted(self.labels, key=lambda text: (has_cjk(text), text))
        return ordered[0] if ordered else self.qid


def _qid(binding: dict[str, str] | None) -> str | None:
    if not binding or binding.get("type") != "uri":
        return None
    value = binding["value"]
    if not value.startswith(WIKIDATA_ENTITY):
        return None
    local = value[len(WIKIDATA_ENTITY) :]
    return local if local.startswith("Q") and local[1:].isdigit() else None


def _value(binding: dict[str, str] | None) -> str | None:
    return binding.get("value") if binding else None


def _day(binding: dict[str, str] | None) -> dt.date | None:
    text = _value(binding)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.lstrip("+")[:10])
    except ValueError:
        return None


def _batches(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class CandidateSource:
    """Asks a SparqlClient for candidates: by exact name, then by pinyin of Chinese labels."""

    def __init__(self, client: Any, batch_size: int = 50) -> None:
        self.client = client
        self.batch_size = batch_size

    def _by_names(self, names: set[tuple[str, str]]) -> dict[str, dict[str, set[str]]]:
        """name text -> {qid -> {"label" | "alias"}}."""
        found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for batch in _batches(sorted(names), self.batch_size):
            for row in self.client.select(sparql.names_query(batch)):
                qid, name, how = _qid(row.get("item")), _value(row.get("name")), row.get("how")
                if qid and name is not None:
                    found[name][qid].add(_value(how) or "label")
        return found

    def _facts(self, candidates: dict[str, Candidate]) -> None:
        qids = sorted(candidates, key=lambda q: int(q[1:]))
        for batch in _batches(qids, self.batch_size):
            for row in self.client.select(sparql.facts_query(batch)):
                candidate = candidates.get(_qid(row.get("item")) or "")
                if candidate is None:
                    continue
                if row.get("label"):
                    candidate.labels.add(row["label"]["value"])
                if cls := _qid(row.get("class")):
                    candidate.classes.add(cls)
                if birth := _day(row.get("birth")):
                    candidate.births.add(birth)
                if death := _day(row.get("death")):
                    candidate.deaths.add(death)
                if start := _day(row.get("start")):
                    candidate.starts.add(start)

    def _positions(self, candidates: dict[str, Candidate]) -> None:
        qids = sorted(candidates, key=lambda q: int(q[1:]))
        for batch in _batches(qids, self.batch_size):
            for row in self.client.select(sparql.positions_query(batch)):
                candidate = candidates.get(_qid(row.get("item")) or "")
                position = _qid(row.get("position"))
                if candidate is None or position is None:
                    continue
                candidate.positions.add(
                    PositionHeld(
                        position,
                        _day(row.get("start")),
                        _day(row.get("end")),
                        _qid(row.get("term")),
                    )
                )

    def persons(
        self, targets: Sequence[PersonTarget], position_map: dict[str, str]
    ) -> dict[str, list[Candidate]]:
        """Candidates per person IRI: exact label or alias first, pinyin of Chinese labels
        (holders of the person's positions, NPC members of the term) when none is found."""
        names: set[tuple[str, str]] = set()
        for target in targets:
            names.update((name, "en") for name in target.names)
            # Wikidata tags Chinese labels "zh"; the offline extract tags every label "en".
            names.update((text, lang) for text in target.chinese for lang in ("zh", "en"))
        hits = self._by_names(names) if names else {}
        pool: dict[str, Candidate] = {}
        chosen: dict[str, set[str]] = {}
        for target in targets:
            qids: set[str] = set()
            for text in (*target.names, *target.chinese):
                for qid, hows in hits.get(text, {}).items():
                    candidate = pool.setdefault(qid, Candidate(qid))
                    if "alias" in hows:
                        candidate.aliases.add(text)
                    if "label" in hows:
                        candidate.labels.add(text)
                    qids.add(qid)
            chosen[target.iri] = qids
        lacking = [t for t in targets if not chosen[t.iri]]
        if lacking:
            for qid, label, target in self._by_pinyin(lacking, position_map):
                pool.setdefault(qid, Candidate(qid)).labels.add(label)
                chosen[target.iri].add(qid)
        if pool:
            self._facts(pool)
            self._positions(pool)
        return {iri: [pool[q] for q in sorted(qids)] for iri, qids in chosen.items()}

    def _by_pinyin(
        self, targets: Sequence[PersonTarget], position_map: dict[str, str]
    ) -> list[tuple[str, str, PersonTarget]]:
        positions = sorted(
            {position_map[o.post] for t in targets for o in t.offices if o.post in position_map}
            - {NPC_MEMBER}
        )
        terms = sorted(
            {
                CONGRESS_TERMS[s.congress]
                for t in targets
                for s in t.sessions
                if s.congress in CONGRESS_TERMS
            }
        )
        labelled: set[tuple[str, str]] = set()
        queries = []
        if positions:
            queries.append(sparql.chinese_holders_query(positions))
        if terms:
            queries.append(sparql.chinese_term_members_query(terms))
        for query in queries:
            for row in self.client.select(query):
                qid, label = _qid(row.get("item")), _value(row.get("label"))
                if qid and label and has_cjk(label):
                    labelled.add((qid, label))
        found = []
        for qid, label in sorted(labelled):
            for target in targets:
                if any(pinyin_matches(name, label) for name in target.names):
                    found.append((qid, label, target))
        return found

    def labelled(self, targets: Sequence[LabelTarget]) -> dict[str, list[Candidate]]:
        """Candidates per post, body, congress or session IRI, by exact label."""
        names: set[tuple[str, str]] = set()
        for target in targets:
            for text, lang in target.labels:
                for variant in label_variants(text):
                    names.add((variant, lang or "en"))
        hits = self._by_names(names) if names else {}
        pool: dict[str, Candidate] = {}
        result: dict[str, list[Candidate]] = {}
        for target in targets:
            qids: set[str] = set()
            for text, _lang in target.labels:
                for variant in label_variants(text):
                    for qid in hits.get(variant, {}):
                        pool.setdefault(qid, Candidate(qid)).labels.add(variant)
                        qids.add(qid)
            result[target.iri] = [pool[q] for q in sorted(qids)]
        if pool:
            self._facts(pool)
        return result


def label_variants(text: str) -> list[str]:
    """The label as written and, for Wikidata's lower-case style, with a lower-case first letter."""
    variants = [text]
    if text[:1].isupper() and not text[1:2].isupper():
        variants.append(text[0].lower() + text[1:])
    return variants
