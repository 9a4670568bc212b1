"""Shared fixtures: the seeds (from ../shared/seeds) and the bundled corpus, as stores."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"

PREFIXES = """
PREFIX npco: <https://w3id.org/npcgraph/ontology#>
PREFIX id: <https://w3id.org/npcgraph/id/>
PREFIX opengov: <http://www.w3.org/ns/opengov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX person: <http://www.w3.org/ns/person#>
PREFIX schema: <http://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def python_value(term: Any) -> Any:
    """A query result term as a plain value: IRIs as strings, numbers as int/Decimal."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.Literal):
        if term.datatype.value == _INTEGER:
            return int(term.value)
        if term.datatype.value == _DECIMAL:
            return Decimal(term.value)
        return term.value
    return str(term)


def select(store: pyoxigraph.Store, query: str) -> list[tuple[Any, ...]]:
    """Rows of a SELECT over the default graph (the merge of all graphs), in the query's order."""
    results = store.query(PREFIXES + query)
    names = [variable.value for variable in results.variables]
    return [tuple(python_value(row[name]) for name in names) for row in results]


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """The real entry point, `npcgraph.cli.main`, in this process; returns the exit code."""
    import sys

    from npcgraph.cli import main

    monkeypatch.setattr(sys, "argv", ["npcgraph", *args])
    try:
        main()
    except SystemExit as done:
        return int(done.code or 0)
    return 0


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 3, f"expected the three seed articles in {SEEDS}"
    return paths


@pytest.fixture(scope="session")
def seed_store(seed_paths: list[Path]) -> pyoxigraph.Store:
    from npcgraph.pipeline import corpus_store

    return corpus_store(seed_paths)


@pytest.fixture(scope="session")
def bundled_store() -> pyoxigraph.Store:
    from npcgraph.pipeline import corpus_store

    return corpus_store(None)


@pytest.fixture(params=["seeds", "bundled"], scope="session")
def any_store(request: pytest.FixtureRequest, seed_store, bundled_store) -> pyoxigraph.Store:
    """The same facts must come out of the seeds and of the bundled corpus."""
    return seed_store if request.param == "seeds" else bundled_store
