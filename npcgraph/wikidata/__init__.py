"""Link persons, posts, bodies, congress terms and sessions of the graph to Wikidata."""

from __future__ import annotations

from typing import Any


def cached_link_quads(store_or_quads: Any, cache_path: Any) -> list[Any]:
    """The owl:sameAs link quads the committed cache gives for entities in the graph."""
    from npcgraph.wikidata.quads import cached_link_quads as build

    return build(store_or_quads, cache_path)


__all__ = ["cached_link_quads"]
