"""Link the entities of a graph: reuse the cache, ask the endpoint for the rest, decide."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from npcgraph import vocab
from npcgraph.wikidata.cache import LinkCache, decision_entry
from npcgraph.wikidata.candidates import CandidateSource
from npcgraph.wikidata.scoring import decide, score_label, score_person, table_decision
from npcgraph.wikidata.table import BODIES, position_for_label
from npcgraph.wikidata.targets import LabelTarget, PersonTarget, label_targets, person_targets

TABLE_SOURCE = "npcgraph/wikidata/table.py"


@dataclass
class LinkRun:
    """What one run did: the entry per entity of the graph and where it came from."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    from_cache: int = 0
    asked: int = 0
    from_table: int = 0
    not_cached: list[str] = field(default_factory=list)
    requests: int = 0

    @property
    def linked(self) -> int:
        return sum(1 for entry in self.entries.values() if entry.get("qid"))


def table_qid(target: LabelTarget) -> str | None:
    """The reviewed Wikidata item for a post, body or congress term, if the table has one."""
    path = target.iri[len(vocab.ID) :]
    if path in BODIES:
        return BODIES[path]
    if target.kind == "post":
        for text, lang in target.labels:
            if lang in ("en", "") and (qid := position_for_label(text)):
                return qid
    return None


def link_graph(
    store: Any,
    cache: LinkCache,
    client: Any | None,
    *,
    refresh: bool = False,
    batch_size: int = 50,
    source: str | None = None,
) -> LinkRun:
    """Decide a link for every person, post, body, congress term and session of the store.

    With no client (offline) only the table and the cache answer; the rest is listed in
    `not_cached`. Entries are written into `cache` (the caller saves it), naming `source`
    (default: the endpoint URL) as where their candidates came from.
    """
    run = LinkRun()
    endpoint = source or (client.endpoint if client is not None else "")
    source = CandidateSource(client, batch_size) if client is not None else None
    start_requests = client.requests if client is not None else 0

    todo_labels: list[LabelTarget] = []
    for target in label_targets(store):
        inputs = target.inputs()
        if (qid := table_qid(target)) is not None:
            entry = decision_entry(
                target.kind,
                target.display,
                inputs,
                table_decision(qid, target.display),
                TABLE_SOURCE,
            )
            cache.put(target.iri, entry)
            run.entries[target.iri] = cache.entries[target.iri]
            run.from_table += 1
        elif (hit := None if refresh else cache.hit(target.iri, inputs)) is not None:
            run.entries[target.iri] = hit
            run.from_cache += 1
        else:
            todo_labels.append(target)
    if todo_labels and source is not None:
        found = source.labelled(todo_labels)
        for target in todo_labels:
            scored = [score_label(target, c) for c in found.get(target.iri, [])]
            decision = decide(scored, "label-exact")
            entry = decision_entry(target.kind, target.display, target.inputs(), decision, endpoint)
            cache.put(target.iri, entry)
            run.entries[target.iri] = cache.entries[target.iri]
            run.asked += 1
    else:
        run.not_cached.extend(t.iri for t in todo_labels)

    positions = {
        iri: entry["qid"]
        for iri, entry in run.entries.items()
        if entry.get("kind") == "post" and entry.get("qid")
    }
    todo_persons: list[PersonTarget] = []
    for person in person_targets(store):
        hit = None if refresh else cache.hit(person.iri, person.inputs())
        if hit is not None:
            run.entries[person.iri] = hit
            run.from_cache += 1
        else:
            todo_persons.append(person)
    if todo_persons and source is not None:
        found = source.persons(todo_persons, positions)
        for person in todo_persons:
            scored = [score_person(person, c, positions) for c in found.get(person.iri, [])]
            decision = decide(scored, "person-score")
            entry = decision_entry("person", person.display, person.inputs(), decision, endpoint)
            cache.put(person.iri, entry)
            run.entries[person.iri] = cache.entries[person.iri]
            run.asked += 1
    else:
        run.not_cached.extend(p.iri for p in todo_persons)
    run.requests = (client.requests if client is not None else 0) - start_requests
    return run
