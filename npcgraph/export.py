"""Export: corpus to validated, serialized files, written all at once or not at all."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from npcgraph.errors import OutputError
from npcgraph.output import write_files
from npcgraph.pipeline import Corpus, Shard, build_corpus
from npcgraph.writers import FORMATS, writer_for

BASENAME = "npcgraph"


@dataclass
class ExportResult:
    corpus: Corpus
    triples: int
    report: Any | None
    written: list[tuple[Path | None, int]] = field(default_factory=list)


def targets(format_: str, output: str | None, folder: Path) -> dict[str, Path | None]:
    """Where each format goes; None means standard output."""
    if format_ == "all":
        if output == "-":
            raise OutputError("--format all writes several files: give a folder, not '-'")
        base = Path(output) if output else folder
        return {extension: base / f"{BASENAME}.{extension}" for extension in FORMATS}
    if output == "-":
        return {format_: None}
    return {format_: Path(output) if output else folder / f"{BASENAME}.{format_}"}


def export_graph(
    inputs: Sequence[Path] | None,
    destinations: dict[str, Path | None],
    *,
    validate: bool = True,
    keep_going: bool = False,
    jobs: int = 1,
    shard: Shard | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExportResult:
    """Build, check and write the graph; ValidationFailed is raised before anything is written."""
    corpus = build_corpus(
        inputs, keep_going=keep_going, jobs=jobs, shard=shard, progress=progress
    )
    quads = corpus.quads + _links(corpus)
    report = None
    if validate:
        from npcgraph.cli_validate import check_before_write

        report = check_before_write(quads)
    triples = len({(quad.subject, quad.predicate, quad.object) for quad in quads})
    result = ExportResult(corpus, triples, report)
    files: dict[Path, bytes] = {}
    for extension, path in destinations.items():
        data = writer_for(extension)(quads)
        if path is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            result.written.append((None, len(data)))
        else:
            files[path] = data
            result.written.append((path, len(data)))
    write_files(files)
    return result


def _links(corpus: Corpus) -> list:
    """Wikidata links from the committed cache, for the entities this corpus has."""
    from npcgraph.wikidata import cached_link_quads
    from npcgraph.wikidata.cache import default_cache_path

    return list(cached_link_quads(corpus.quads, default_cache_path()))
