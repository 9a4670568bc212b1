"""Link quads in the links graph, from decisions or from the committed cache (no network)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from npcgraph import vocab
from npcgraph.wikidata.cache import LinkCache
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
