"""npcgraph.pipeline: light results and bounded read-ahead of the worker processes."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

from npcgraph import pipeline
from npcgraph.pipeline import article_result
from npcgraph.writers import is_shared

from conftest import SEEDS

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def test_a_light_result_keeps_shared_nodes_and_types_and_the_full_count() -> None:
    path = SEEDS / "000_ec72ee92cfb52ba5.txt"
    full = article_result(path)
    light = article_result(path, light=True)
    assert light.size == full.size == len(full.triples) == 809
    expected = tuple(t for t in full.triples if t[1] == RDF_TYPE or is_shared(t))
    assert light.triples == expected
    assert any(t[0].startswith("<https://w3id.org/npcgraph/id/person/") for t in light.triples)
    assert len(light.triples) < len(full.triples) / 2
    assert (light.session, light.graph, light.notices) == (full.session, full.graph, full.notices)


def _mark(folder: Path, path: Path) -> Path:
    (folder / path.name).touch()
    return path


def test_workers_read_only_a_few_chunks_ahead_of_a_slow_consumer(tmp_path: Path) -> None:
    """Executor.map would read the whole corpus while the consumer waits; here at most
    AHEAD_CHUNKS chunks per process are read before the consumer asks for more."""
    marks = tmp_path / "marks"
    marks.mkdir()
    paths = [Path(f"article-{number:04d}.txt") for number in range(800)]
    results = pipeline._results(paths, 2, partial(_mark, marks))
    assert next(results) == paths[0]
    time.sleep(1.5)
    chunk = 800 // (2 * 8)
    read = len(list(marks.iterdir()))
    assert chunk <= read <= 2 * pipeline.AHEAD_CHUNKS * chunk
    assert list(results) == paths[1:]
    assert len(list(marks.iterdir())) == 800
