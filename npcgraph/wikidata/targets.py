"""What the graph says about each entity to link: names, offices, dates, congress terms."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from npcgraph import vocab

PERSON_PREFIX = vocab.ID + "person/"
KINDS = ("person", "post", "body", "congress", "session")


@dataclass(frozen=True, order=True)
class SessionContext:
    """A session a record comes from: its dates and NPC term."""

    iri: str
    start: dt.date | None = None
    end: dt.date | None = None
    congress: int | None = None


@dataclass(frozen=True, order=True)
class OfficeClaim:
    """An office the graph ties a person to, and the time window it speaks of."""

    post: str
    label: str
    role: str  # held, candidate, presenter, mentioned
    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True)
class PersonTarget:
    """A person to link, with the evidence the graph gives."""

    iri: str
    names: tuple[str, ...]
    chinese: tuple[str, ...]
    offices: tuple[OfficeClaim, ...]
    sessions: tuple[SessionContext, ...]

    @property
    def kind(self) -> str:
        return "person"

    @property
    def display(self) -> str:
        return self.names[0] if self.names else (self.chinese[0] if self.chinese else self.iri)

    def inputs(self) -> dict[str, Any]:
        """The facts the match rests on, as stored in the cache to detect changes."""
        return {
            "names": list(self.names),
            "chinese": list(self.chinese),
            "offices": [f"{o.role} {o.label} {_iso(o.start)}..{_iso(o.end)}" for o in self.offices],
            "sessions": [s.iri for s in self.sessions],
        }


@dataclass(frozen=True)
class LabelTarget:
    """A post, body, congress term or session, matched by label."""

    iri: str
    kind: str
    labels: tuple[tuple[str, str], ...]  # (text, language)
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def display(self) -> str:
        return self.labels[0][0] if self.labels else self.iri

    def inputs(self) -> dict[str, Any]:
        return {
            "labels": [f"{text}@{lang}" if lang else text for text, lang in self.labels],
            "dates": f"{_iso(self.start)}..{_iso(self.end)}",
        }


Target = PersonTarget | LabelTarget


@dataclass
class _PersonFacts:
    names: set[str] = field(default_factory=set)
    chinese: set[str] = field(default_factory=set)
    offices: set[OfficeClaim] = field(default_factory=set)
    sessions: set[SessionContext] = field(default_factory=set)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _date(term: Any) -> dt.date | None:
    if term is None:
        return None
    try:
        return dt.date.fromisoformat(str(term.value)[:10])
    except ValueError:
        return None


def _int(term: Any) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def entity_kind(iri: str) -> str | None:
    """person, post, body, congress or session for an npcgraph IRI, else None."""
    if not iri.startswith(vocab.ID):
        return None
    path = iri[len(vocab.ID) :].split("/")
    if path[0] in KINDS and (path[0] != "session" or len(path) == 2):
        return path[0]
    return None


def _select(store: Any, query: str) -> list[Any]:
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in vocab.PREFIXES.items())
    return list(store.query(prefixes + query, use_default_graph_as_union=True))


def sessions(store: Any) -> dict[str, SessionContext]:
    """Every session of the graph, by IRI."""
    found: dict[str, SessionContext] = {}
    rows = _select(
        store,
        """SELECT ?s ?start ?end ?congress WHERE { ?s a npco:Session .
        OPTIONAL { ?s schema:startDate ?start } OPTIONAL { ?s schema:endDate ?end }
        OPTIONAL { ?s npco:congress ?congress } }""",
    )
    for row in rows:
        iri = row["s"].value
        if iri not in found:
            found[iri] = SessionContext(
                iri, _date(row["start"]), _date(row["end"]), _int(row["congress"])
            )
    return found


def _graph_sessions(store: Any) -> dict[str, str]:
    rows = _select(store, "SELECT ?g ?s WHERE { GRAPH ?g { ?s a npco:Session } }")
    return {row["g"].value: row["s"].value for row in rows}


_CLAIMS = """
SELECT ?p ?post ?label ?role ?from ?session ?g WHERE {
  GRAPH ?g {
    { ?m org:member ?p ; opengov:post ?post . BIND("held" AS ?role)
      OPTIONAL { ?m schema:validFrom ?from }
      OPTIONAL { ?m npco:reportedIn ?session } }
    UNION { ?b npco:candidate ?p ; npco:office ?post . BIND("candidate" AS ?role)
      OPTIONAL { ?b schema:superEvent ?session } }
    UNION { ?x npco:presentedBy ?p ; npco:presenterOffice ?post . BIND("presenter" AS ?role) }
    UNION { ?e npco:person ?p ; npco:personOffice ?post . BIND("mentioned" AS ?role)
      OPTIONAL { ?e schema:superEvent ?session } }
  }
  OPTIONAL { ?post skos:prefLabel ?label }
}"""


def person_targets(store: Any) -> list[PersonTarget]:
    """Every person of the graph with names, offices and the sessions they appear in."""
    all_sessions = sessions(store)
    by_graph = _graph_sessions(store)
    facts: dict[str, _PersonFacts] = defaultdict(_PersonFacts)
    for row in _select(
        store,
        """SELECT ?p ?name ?label WHERE { ?p a person:Person .
        OPTIONAL { ?p foaf:name ?name } OPTIONAL { ?p rdfs:label ?label } }""",
    ):
        person = facts[row["p"].value]
        for term in (row["name"], row["label"]):
            if term is None:
                continue
            language = (term.language or "").lower()
            if language.startswith("zh") and language != "zh-latn-pinyin":
                person.chinese.add(term.value)
            else:
                person.names.add(term.value)
    for row in _select(
        store,
        "SELECT DISTINCT ?p ?g WHERE { ?p a person:Person . "
        "GRAPH ?g { { ?p ?pred ?o } UNION { ?s ?pred ?p } } }",
    ):
        session = all_sessions.get(by_graph.get(row["g"].value, ""))
        if row["p"].value in facts and session is not None:
            facts[row["p"].value].sessions.add(session)
    for row in _select(store, _CLAIMS):
        if row["p"].value not in facts:
            continue
        session_iri = row["session"].value if row["session"] else by_graph.get(row["g"].value)
        session = all_sessions.get(session_iri or "")
        valid_from = _date(row["from"])
        start = valid_from or (session.start if session else None)
        end = session.end if session and session.end else valid_from
        label = row["label"].value if row["label"] else row["post"].value
        claim = OfficeClaim(row["post"].value, label, row["role"].value, start, end)
        facts[row["p"].value].offices.add(claim)
        if session is not None:
            facts[row["p"].value].sessions.add(session)
    return [
        PersonTarget(
            iri,
            tuple(sorted(f.names)),
            tuple(sorted(f.chinese)),
            tuple(sorted(f.offices)),
            tuple(sorted(f.sessions)),
        )
        for iri, f in sorted(facts.items())
    ]


def label_targets(store: Any) -> list[LabelTarget]:
    """Posts, bodies, congress terms and sessions of the graph with their labels and dates."""
    labels: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in _select(
        store,
        """SELECT DISTINCT ?x ?label WHERE {
        { ?x a org:Post } UNION { ?x a org:Organization } UNION { ?x a npco:Congress }
        UNION { ?x a npco:Session }
        { ?x skos:prefLabel ?label } UNION { ?x rdfs:label ?label } }""",
    ):
        language = (row["label"].language or "").lower()
        if language == "zh-latn-pinyin":
            continue
        labels[row["x"].value].add((row["label"].value, language))
    all_sessions = sessions(store)
    targets = []
    for iri in sorted(labels):
        kind = entity_kind(iri)
        if kind is None or kind == "person":
            continue
        session = all_sessions.get(iri)
        ordered = tuple(sorted(labels[iri], key=lambda pair: (pair[1] != "en", pair)))
        targets.append(
            LabelTarget(
                iri,
                kind,
                ordered,
                session.start if session else None,
                session.end if session else None,
            )
        )
    return targets
