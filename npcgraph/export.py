"""Export: the corpus streamed into every requested format, validated, then renamed into place."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from npcgraph.errors import NpcGraphError, OutputError
from npcgraph.links import cached_entities, entities_in, links_graph
from npcgraph.output import staged_streams as staged_files
from npcgraph.pipeline import ArticleResult, CorpusRun, Shard, read_corpus
from npcgraph.terms import Term, Triple
from npcgraph.triples import LINKS_GRAPH
from npcgraph.writers import FORMATS, WRITERS, GraphWriter

BASENAME = "npcgraph"


@dataclass
class ExportResult:
    run: CorpusRun
    quads: int
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


@dataclass
class _Collector:
    """What must be seen whole at the end: the SHACL results of every article, and which
    entities the Wikidata cache knows the corpus holds."""

    known: frozenset[Term]
    findings: list[Any] = field(default_factory=list)
    present: set[Term] = field(default_factory=set)
    count: int = 0

    def add(self, result: ArticleResult) -> None:
        self.findings.extend(result.findings)
        self.count += result.size
        self.present |= entities_in(result.triples, self.known)


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
    """Stream the corpus into every destination; the files take their names only when the
    whole graph is written (and valid): ValidationFailed or any error leaves them unchanged."""
    run = read_corpus(
        inputs,
        keep_going=keep_going,
        jobs=jobs,
        shard=shard,
        progress=progress,
        validate=validate,
        render=tuple(destinations) if jobs > 1 else (),
        light=jobs > 1,
    )
    files = [path for path in destinations.values() if path is not None]
    collector = _Collector(cached_entities())
    with staged_files(files) as streams:
        outputs: dict[str, BinaryIO] = {
            extension: streams[path] if path is not None else BytesIO()
            for extension, path in destinations.items()
        }
        writers: dict[str, GraphWriter] = {
            extension: WRITERS[extension](stream) for extension, stream in outputs.items()
        }
        for result in run:
            collector.add(result)
            rendered = dict(result.rendered)
            for extension, writer in writers.items():
                writer.graph(result.graph, result.triples, rendered.get(extension))
        if run.articles == 0 and run.failures:
            raise NpcGraphError("no article could be read; nothing was written")
        links = links_graph(run, collector.present)
        for writer in writers.values():
            writer.graph(LINKS_GRAPH, links)
            writer.finish()
        report = _check(collector, links) if validate else None
        result = ExportResult(run, collector.count + len(links), report)
        for extension, path in destinations.items():
            stream = outputs[extension]
            result.written.append((path, stream.tell()))
            if path is None:
                sys.stdout.buffer.write(stream.getvalue())  # type: ignore[attr-defined]
                sys.stdout.flush()
    return result


def _report(collector: _Collector, links: list[Triple]) -> Any:
    """Each article was validated as it was read (its graph holds every node it mentions);
    the links graph is validated here; the results make one report."""
    from npcgraph.shacl import validate_triples
    from npcgraph.validation import ValidationReport, ValidationResult

    found = [*collector.findings, *validate_triples(links).results]
    return ValidationReport(tuple(sorted(found, key=ValidationResult.sort_key)))


def _check(collector: _Collector, links: list[Triple]) -> Any:
    from npcgraph.cli_validate import enforce

    return enforce(_report(collector, links))


def validate_corpus(inputs: Sequence[Path] | None, *, jobs: int = 1) -> Any:
    """The SHACL report of a corpus of articles, read and validated article by article."""
    run = read_corpus(inputs, jobs=jobs, validate=True, light=True)
    collector = _Collector(cached_entities())
    for result in run:
        collector.add(result)
    return _report(collector, links_graph(run, collector.present))
