"""`npcgraph export`: the corpus as Turtle, JSON-LD, N-Triples, N-Quads or TriG."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from npcgraph.cli import EXIT_FAILED, input_paths, jobs_option
from npcgraph.reporting import echo_failures, echo_notices, progress_bar

DEFAULT_FOLDER = Path("out")
FORMAT_CHOICES = ["ttl", "jsonld", "nt", "nq", "trig", "all"]


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--format",
    "-f",
    "format_",
    type=click.Choice(FORMAT_CHOICES),
    default="ttl",
    show_default=True,
    help="Output format; 'all' writes every format to out/.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=str),
    default=None,
    help="File to write ('-' for standard output); a folder with --format all. "
    "Default: out/npcgraph.<format>.",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Check the graph with the SHACL shapes and refuse to write Violations.",
)
@click.option(
    "--keep-going",
    "-k",
    is_flag=True,
    help="Report a bad article and go on with the rest (exit 1 at the end).",
)
@jobs_option("Processes that read articles in parallel.")
@click.option(
    "--shard",
    metavar="I/N",
    default=None,
    help="Read only part I of N of the corpus (a stable split by file name); the "
    "N-Quads of all parts add up to the whole graph.",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not print notes about repaired cells.")
def export(
    inputs: tuple[str, ...],
    format_: str,
    output: str | None,
    validate: bool,
    keep_going: bool,
    jobs: int,
    shard: str | None,
    quiet: bool,
) -> None:
    """Export the knowledge graph of INPUT articles (files or folders)."""
    from npcgraph.export import export_graph, targets
    from npcgraph.pipeline import Shard

    try:
        part = Shard.parse(shard) if shard is not None else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--shard") from None
    destinations = targets(format_, output, DEFAULT_FOLDER)
    with progress_bar() as advance:
        result = export_graph(
            input_paths(inputs),
            destinations,
            validate=validate,
            keep_going=keep_going,
            jobs=jobs,
            shard=part,
            progress=advance,
        )
    if not quiet:
        echo_notices(result.run.notices)
    if result.report is not None:
        click.echo(f"validation: {result.report.summary()}", err=True)
    echo_failures(result.run.failures)
    for path, size in result.written:
        if path is not None:
            click.echo(f"wrote {path} ({size:,} bytes)", err=True)
    click.echo(f"{result.run.articles:,} article(s), {result.quads:,} quads", err=True)
    if result.run.failures:
        sys.exit(EXIT_FAILED)
