"""Link persons, posts, bodies, congress terms and sessions of the graph to Wikidata."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def present_link_quads(entities: Any, cache_path: Path) -> list[Any]:
    """The link quads the committed cache gives for the entities (IRIs) a graph holds."""
    from npcgraph.wikidata.quads import present_link_quads as build

    return build(entities, cache_path)


__all__ = ["present_link_quads"]
