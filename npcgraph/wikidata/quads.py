"""Link quads in the links graph, from decisions or from the committed cache (no network)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad, Store

from npcgraph import vocab
from npcgraph.wikidata.cache import MANUAL, LinkCache
from npcgraph.wikidata.table import WIKIDATA_ENTITY

DECIMAL = vocab.xsd.decimal


def link_node(entity: str) -> NamedNode:
    """The link record's IRI: id:person/xi-jinping -> id:link/person/xi-jinping."""
    path = entity[len(vocab.ID) :] if entity.startswith(vocab.ID) else entity
    return NamedNode(f"{vocab.ID}link/{path}")


def _decimal(score: Any) -> Literal:
    return Literal(f"{float(score):.2f}", datatype=DECIMAL)


def entry_quads(entity: str, entry: Mapping[str, Any]) -> list[Quad]:
    """owl:sameAs and the npco:WikidataLink record for one linked entry (none if unlinked)."""
    qid = entry.get("qid")
    if not qid:
        return []
    graph = vocab.LINKS_GRAPH
    subject = NamedNode(entity)
    target = NamedNode(WIKIDATA_ENTITY + qid)
    node = link_node(entity)
    quads = [
        Quad(subject, vocab.owl.sameAs, target, graph),
        Quad(node, vocab.rdf.type, vocab.npco.WikidataLink, graph),
        Quad(node, vocab.npco.linkSubject, subject, graph),
        Quad(node, vocab.npco.linkTarget, target, graph),
        Quad(node, vocab.npco.matchScore, _decimal(entry.get("score", 0)), graph),
        Quad(node, vocab.npco.matchMethod, Literal(str(entry.get("method", ""))), graph),
    ]
    runner = entry.get("runner_up")
    if runner:
        quads.append(Quad(node, vocab.npco.runnerUpScore, _decimal(runner["score"]), graph))
    if entry.get("evidence"):
        quads.append(Quad(node, vocab.npco.evidence, Literal(str(entry["evidence"])), graph))
    return quads


def link_quads(entries: Mapping[str, Mapping[str, Any]]) -> list[Quad]:
    """All link quads of the entries, sorted."""
    quads = [q for iri, entry in entries.items() for q in entry_quads(iri, entry)]
    return sorted(set(quads), key=str)


def present_link_quads(entities: Iterable[str], cache_path: Path) -> list[Quad]:
    """Link quads of the committed cache for the entities (IRIs) a graph holds: what export
    adds, offline. It trusts the cache as reviewed; `npcgraph link` is what re-checks it."""
    cache = LinkCache.load(Path(cache_path))
    return link_quads({iri: cache.entries[iri] for iri in entities if iri in cache.entries})


def _as_store(store_or_quads: Store | Iterable[Quad]) -> Store:
    if isinstance(store_or_quads, Store):
        return store_or_quads
    store = Store()
    store.extend(list(store_or_quads))
    return store


def cached_link_quads(store_or_quads: Store | Iterable[Quad], cache_path: Path) -> list[Quad]:
    """Link quads from the committed cache for the entities present in the graph (offline).

    An entry counts only while the graph says no more than what the match rested on (its
    `inputs`);
    a reviewer's manual entry always counts. Nothing here touches the network.
    """
    from npcgraph.wikidata.cache import decision_entry
    from npcgraph.wikidata.linker import TABLE_SOURCE, table_qid
    from npcgraph.wikidata.scoring import table_decision
    from npcgraph.wikidata.targets import label_targets, person_targets

    store = _as_store(store_or_quads)
    cache = LinkCache.load(Path(cache_path))
    labelled = label_targets(store)
    current = {t.iri: t.inputs() for t in (*labelled, *person_targets(store))}
    entries: dict[str, Mapping[str, Any]] = {}
    for target in labelled:
        if (qid := table_qid(target)) is not None:
            decision = table_decision(qid, target.display)
            entries[target.iri] = decision_entry(
                target.kind, target.display, target.inputs(), decision, TABLE_SOURCE
            )
    for iri, inputs in current.items():
        entry = cache.entries.get(iri)
        if entry is None or iri in entries and entry.get("method") != MANUAL:
            continue
        if entry.get("method") == MANUAL or covered(inputs, entry.get("inputs")):
            entries[iri] = entry
    return link_quads(entries)


def covered(current: Mapping[str, Any], matched: Any) -> bool:
    """The graph says nothing about the entity beyond what the match rested on: every fact
    now present was there when it was matched (a shard of the corpus holds a part of them)."""
    if not isinstance(matched, Mapping) or current.keys() != matched.keys():
        return False
    for key, value in current.items():
        if isinstance(value, list):
            if not set(value) <= set(matched[key]):
                return False
        elif value != matched[key]:
            return False
    return True
