"""`npcgraph validate`: check a graph against the SHACL shapes; the check export runs first."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from npcgraph.cli import jobs_option
from npcgraph.errors import NpcGraphError, ValidationFailed

if TYPE_CHECKING:
    import pyoxigraph

    from npcgraph.validation import ValidationReport

EXIT_CONFORMS = 0
EXIT_VIOLATIONS = 1
EXIT_UNREADABLE = 2


@click.command("validate")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="How to write the report.",
)
@click.option(
    "--engine",
    type=click.Choice(["fast", "pyshacl"]),
    default="fast",
    show_default=True,
    help="The SHACL engine: npcgraph's own (fast) or pyshacl (same results, much slower).",
)
@jobs_option("Processes that read and check articles in parallel (articles only, fast engine).")
@click.pass_context
def validate_command(
    ctx: click.Context, inputs: tuple[Path, ...], output_format: str, engine: str, jobs: int
) -> None:
    """Check articles (.txt) or RDF files (.ttl, .jsonld, .nt, .nq, .trig) against the npcgraph
    SHACL shapes; no INPUT checks the bundled corpus.

    Exit status: 0 no Violation (Warnings are printed), 1 Violations, 2 unreadable input.
    """
    from npcgraph.validation import read_inputs, validate

    articles_only = all(path.is_dir() or path.suffix.lower() == ".txt" for path in inputs)
    try:
        if engine == "fast" and articles_only:
            from npcgraph.export import validate_corpus

            report = validate_corpus(list(inputs) or None, jobs=jobs)
        else:
            report = validate(read_inputs(list(inputs) or None), engine=engine)
    except NpcGraphError as error:
        click.echo(f"Error: {error}", err=True)
        ctx.exit(EXIT_UNREADABLE)
    click.echo(report.render(output_format), nl=False)
    ctx.exit(EXIT_CONFORMS if report.conforms else EXIT_VIOLATIONS)


def check_before_write(quads: Iterable[pyoxigraph.Quad], engine: str = "fast") -> ValidationReport:
    """Validate quads about to be written: print each Warning on stderr, and raise
    ValidationFailed (naming the first Violation) when there is any Violation. The fast engine
    imports neither rdflib nor pyshacl."""
    if engine == "fast":
        from npcgraph.shacl import validate_quads

        report = validate_quads(quads)
    else:
        from npcgraph.validation import validate

        report = validate(list(quads), engine=engine)
    return enforce(report)


def enforce(report: ValidationReport) -> ValidationReport:
    """Print each Warning on stderr; raise ValidationFailed naming the first Violation."""
    for warning in report.warnings:
        click.echo(warning.one_line(), err=True)
    violations = report.violations
    if violations:
        count = len(violations)
        raise ValidationFailed(
            f"the graph has {count} SHACL Violation{'' if count == 1 else 's'}, the first: "
            f"{violations[0].one_line()}; run `npcgraph validate` for all of them, "
            "or write anyway with --no-validate"
        )
    return report
