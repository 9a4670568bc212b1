"""Click commands for SPARQL: `npcgraph query`, `npcgraph load` and `npcgraph serve`.

INPUT paths are articles (read by the pipeline) or RDF files (`.ttl`, `.nt`, `.nq`, `.trig`,
`.rdf`, `.jsonld`, loaded as they are); with no INPUT the bundled corpus is used.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

import click
from pyoxigraph import Quad, RdfFormat, Store

from npcgraph.cli import jobs_option
from npcgraph.errors import InputError, Location, NpcGraphError
from npcgraph.terms import ntriples

RDF_SUFFIXES: dict[str, RdfFormat] = {
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".jsonld": RdfFormat.JSON_LD,
}
OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples")
MEMORY_STORE_ARTICLES = 500
"""Above this many articles, `query` and `serve` build their store on disk (about 1 MiB of
memory per article in memory)."""

inputs_argument = click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))


def input_quads(inputs: Sequence[Path]) -> list[Quad]:
    """The quads of the inputs: articles through the pipeline, RDF files parsed as they are."""
    from npcgraph import pipeline

    articles = [path for path in inputs if path.suffix.lower() not in RDF_SUFFIXES]
    rdf_files = [path for path in inputs if path.suffix.lower() in RDF_SUFFIXES]
    if not rdf_files:
        return list(pipeline.corpus_quads(articles or None))
    quads = list(pipeline.corpus_quads(articles)) if articles else []
    for path in rdf_files:
        quads.extend(read_rdf(path))
    return quads


def article_graphs(inputs: Sequence[Path], jobs: int = 1) -> Iterator[tuple[str, bytes, int]]:
    """Each article's session graph as N-Triples, read one at a time, then the links graph."""
    from npcgraph.links import corpus_graphs
    from npcgraph.pipeline import read_corpus

    for name, triples in corpus_graphs(read_corpus(list(inputs) or None, jobs=jobs)):
        yield name[1:-1], ntriples(triples).encode("utf-8"), len(triples)


@contextmanager
def input_store(inputs: Sequence[Path], jobs: int = 1) -> Iterator[Store]:
    """A store of the inputs (the bundled corpus when there are none): in memory, or for a
    corpus of more than MEMORY_STORE_ARTICLES articles on disk in a temporary folder (under
    TMPDIR), removed afterwards, so memory stays bounded whatever the corpus size."""
    from npcgraph import pipeline

    if any(path.suffix.lower() in RDF_SUFFIXES for path in inputs):
        yield pipeline.quads_store(input_quads(inputs))
        return
    paths = pipeline.discover(inputs) if inputs else None
    if paths is None or len(paths) <= MEMORY_STORE_ARTICLES:
        yield pipeline.corpus_store(paths, jobs=jobs)
        return
    with TemporaryDirectory(prefix="npcgraph-store-") as folder:
        yield pipeline.corpus_store(paths, jobs=jobs, folder=Path(folder))


def read_rdf(path: Path) -> list[Quad]:
    """The quads of one RDF file; a syntax error names the file, line and column."""
    from pyoxigraph import parse

    try:
        return list(parse(path=str(path), format=RDF_SUFFIXES[path.suffix.lower()]))
    except SyntaxError as err:
        line, column = _error_position(err)
        message = " ".join(str(err.msg if err.msg else err).split())
        raise InputError(Location(str(path), line, column), message) from None
    except OSError as err:
        raise InputError(Location(str(path)), f"cannot read: {err.strerror or err}") from None


def _error_position(err: SyntaxError) -> tuple[int | None, int | None]:
    if isinstance(err.lineno, int):
        return err.lineno, err.offset if isinstance(err.offset, int) else None
    return None, None


def _query_text(
    args: tuple[str, ...], file: Path | None, name: str | None
) -> tuple[str, str, list[Path]]:
    """The query, where it came from, and the INPUT paths, from the positional arguments."""
    from npcgraph import sparql

    chosen = sum(1 for given in (file is not None, name is not None) if given)
    if chosen > 1:
        raise NpcGraphError("give either --file or --name, not both")
    if file is not None:
        return sparql.read_query(file), str(file), _paths(args)
    if name is not None:
        return sparql.bundled_query(name), f"{name}.rq", _paths(args)
    if not args:
        raise NpcGraphError("give a QUERY, --file FILE.rq or --name NAME (see --list)")
    return args[0], "<query>", _paths(args[1:])


def _paths(args: Sequence[str]) -> list[Path]:
    paths = [Path(arg) for arg in args]
    for path in paths:
        if not path.exists():
            raise NpcGraphError(f"{path}: no such file or folder")
    return paths


@click.command()
@click.argument("args", nargs=-1, metavar="[QUERY] [INPUT]...")
@click.option(
    "--file",
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the query from a .rq file.",
)
@click.option("--name", help="Run a bundled query by name (see --list).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(OUTPUT_FORMATS),
    default="table",
    show_default=True,
    help="Output format; CONSTRUCT and DESCRIBE give Turtle for table.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the bundled queries and exit.")
@jobs_option("Processes that read articles in parallel.")
def query(
    args: tuple[str, ...],
    file: Path | None,
    name: str | None,
    fmt: str,
    list_queries: bool,
    jobs: int,
) -> None:
    """Run a SPARQL query over the graph of INPUT files (default: the bundled corpus).

    The query is QUERY, or the contents of --file, or the bundled query --name. Plain triple
    patterns see every named graph; npcgraph's prefixes (npco:, id:, opengov:, ...) are
    predeclared.
    """
    from npcgraph import sparql

    try:
        if list_queries:
            for known, text in sparql.bundled_queries().items():
                click.echo(f"{known}: {sparql.describe_query(text)}")
            return
        text, source, inputs = _query_text(args, file, name)
        sparql.check_query(text, source=source)
        with input_store(inputs, jobs) as store:
            click.echo(sparql.run_query(store, text, fmt, source=source), nl=False)
    except NpcGraphError as err:
        raise click.ClickException(str(err)) from None


@click.command()
@click.option(
    "--endpoint",
    required=True,
    help="Graph Store URL (.../store, .../DATASET/data) or server root (Oxigraph).",
)
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds per request.")
@jobs_option("Processes that read articles, and requests sent at once.")
@inputs_argument
def load(endpoint: str, timeout: float, jobs: int, inputs: tuple[Path, ...]) -> None:
    """Load the graph of INPUT files into a triplestore, one named graph per session.

    Each graph is replaced with an HTTP PUT (SPARQL 1.1 Graph Store Protocol), so loading again
    leaves the same triples. Credentials come from NPCGRAPH_TOKEN (Bearer) or NPCGRAPH_USER and
    NPCGRAPH_PASSWORD, else ~/.netrc.
    """
    from npcgraph.store import load_graph_texts, load_graphs

    try:
        if any(path.suffix.lower() in RDF_SUFFIXES for path in inputs):
            summary = load_graphs(endpoint, input_quads(list(inputs)), timeout=timeout)
        else:
            graphs = article_graphs(list(inputs), jobs)
            summary = load_graph_texts(endpoint, graphs, timeout=timeout, in_flight=jobs)
    except NpcGraphError as err:
        raise click.ClickException(str(err)) from None
    for graph, count in summary.graphs.items():
        click.echo(f"{graph}\t{count}")
    click.echo(str(summary), err=True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@jobs_option("Processes that read articles in parallel.")
@inputs_argument
def serve(host: str, port: int, jobs: int, inputs: tuple[Path, ...]) -> None:
    """Serve a read-only SPARQL 1.1 endpoint at /sparql over the graph of INPUT files."""
    from npcgraph import serve as serving

    try:
        with input_store(list(inputs), jobs) as store:
            serving.serve(store, host, port)
    except NpcGraphError as err:
        raise click.ClickException(str(err)) from None
