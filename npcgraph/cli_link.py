"""`npcgraph link`: link persons, posts, bodies and sessions to Wikidata."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from npcgraph.errors import InputError, Location, NpcGraphError, OutputError

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
RDF_SUFFIXES = {".trig": "TRIG", ".nq": "N_QUADS", ".ttl": "TURTLE", ".nt": "N_TRIPLES"}


def load_graph(inputs: Sequence[Path]) -> Any:
    """A pyoxigraph Store of the inputs: RDF files as they are, articles through the pipeline."""
    import pyoxigraph

    articles = [p for p in inputs if p.suffix.lower() not in RDF_SUFFIXES]
    rdf_files = [p for p in inputs if p.suffix.lower() in RDF_SUFFIXES]
    if articles or not rdf_files:
        try:
            from npcgraph import pipeline  # type: ignore[attr-defined]
        except ImportError:
            raise NpcGraphError(
                "the article pipeline (npcgraph.pipeline) is not available; "
                "give RDF files (.trig, .nq, .ttl, .nt) instead"
            ) from None
        store = pipeline.corpus_store(articles or None)
    else:
        store = pyoxigraph.Store()
    for path in rdf_files:
        fmt = getattr(pyoxigraph.RdfFormat, RDF_SUFFIXES[path.suffix.lower()])
        try:
            store.load(path=str(path), format=fmt)
        except (OSError, SyntaxError, ValueError) as error:
            raise InputError(Location(str(path)), f"cannot read RDF: {error}") from None
    return store


def write_nquads(quads: Sequence[Any], path: Path) -> None:
    """The link quads as N-Quads, one per line."""
    text = "".join(f"{quad} .\n" for quad in quads)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error}") from None


@click.command("link")
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--endpoint",
    default=WIKIDATA_SPARQL,
    show_default=True,
    help="SPARQL endpoint that speaks Wikidata's RDF model.",
)
@click.option(
    "--source",
    default=None,
    help="Name recorded as the source of new cache entries [default: the endpoint URL].",
)
@click.option("--report", is_flag=True, help="Print each entity, its item, score and runner-up.")
@click.option(
    "--cache",
    "cache_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Link cache file [default: links/wikidata.json of the source tree].",
)
@click.option("--offline", is_flag=True, help="Ask no endpoint: use the cache and table only.")
@click.option("--refresh", is_flag=True, help="Ask again for entities already in the cache.")
@click.option("--rate", type=float, default=5.0, show_default=True, help="Requests per second.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds per request.")
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=4,
    show_default=True,
    help="Retries after 429/503 answers and network errors, with backoff.",
)
@click.option("--batch-size", type=click.IntRange(1, 500), default=50, show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the link quads (graph id:graph/links) as N-Quads.",
)
def link(
    inputs: tuple[Path, ...],
    endpoint: str,
    source: str | None,
    report: bool,
    cache_path: Path | None,
    offline: bool,
    refresh: bool,
    rate: float,
    timeout: float,
    retries: int,
    batch_size: int,
    output: Path | None,
) -> None:
    """Link the persons, posts, bodies and sessions of INPUT (default: the bundled corpus)
    to Wikidata, and record each decision in the link cache that export reads."""
    from npcgraph.wikidata.cache import LinkCache, default_cache_path
    from npcgraph.wikidata.client import SparqlClient
    from npcgraph.wikidata.linker import link_graph
    from npcgraph.wikidata.quads import link_quads
    from npcgraph.wikidata.report import format_report

    try:
        store = load_graph(inputs)
        cache = LinkCache.load(cache_path or default_cache_path())
        if offline:
            run = link_graph(store, cache, None, refresh=refresh, batch_size=batch_size)
        else:
            with SparqlClient(endpoint, rate=rate, timeout=timeout, retries=retries) as client:
                run = link_graph(
                    store, cache, client, refresh=refresh, batch_size=batch_size, source=source
                )
            cache.save()
        if report:
            click.echo(format_report(run.entries), nl=False)
        if output is not None:
            write_nquads(link_quads(run.entries), output)
    except NpcGraphError as error:
        raise click.ClickException(str(error)) from None
    summary = (
        f"linked {run.linked} of {len(run.entries)} entities "
        f"({run.from_table} from the table, {run.from_cache} from the cache, "
        f"{run.asked} asked in {run.requests} requests)"
    )
    if run.not_cached:
        summary += f"; {len(run.not_cached)} not in the cache (offline)"
    click.echo(summary, err=True)
