"""The links graph: previous / next sessions, and the Wikidata links of the committed cache."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from npcgraph.pipeline import CorpusRun
from npcgraph.terms import Term, Triple
from npcgraph.triples import LINKS_GRAPH
from npcgraph.vocab import RDF
from npcgraph.writers import term_text

_RDF_TYPE = f"<{RDF}type>"


def cached_entities() -> frozenset[Term]:
    """Every entity the committed Wikidata cache has a decision for."""
    from npcgraph.wikidata.cache import LinkCache, default_cache_path

    return frozenset(f"<{iri}>" for iri in LinkCache.load(default_cache_path()).entries)


def entities_in(triples: Iterable[Triple], known: frozenset[Term]) -> set[Term]:
    """The typed nodes of `triples` that are among `known`."""
    return {s for s, p, _ in triples if p == _RDF_TYPE and s in known}


def links_graph(run: CorpusRun, present: Iterable[Term]) -> list[Triple]:
    """Session links of the corpus, and cached Wikidata links for the entities present."""
    from npcgraph.wikidata.cache import default_cache_path
    from npcgraph.wikidata.quads import present_link_quads

    triples = set(run.link_triples())
    entities = sorted(term[1:-1] for term in present)
    for quad in present_link_quads(entities, default_cache_path()):
        triples.add((str(quad.subject), str(quad.predicate), term_text(quad.object)))
    return sorted(triples)


def corpus_graphs(run: CorpusRun) -> Iterator[tuple[Term, Sequence[Triple]]]:
    """Each article's session graph as it is read, then the links graph."""
    known = cached_entities()
    present: set[Term] = set()
    for result in run:
        present |= entities_in(result.triples, known)
        yield result.graph, result.triples
    yield LINKS_GRAPH, links_graph(run, present)
