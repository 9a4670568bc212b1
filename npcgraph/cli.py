"""The `npcgraph` command line."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from npcgraph import __version__
from npcgraph.errors import InputError, NpcGraphError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

_COMMANDS: dict[str, str] = {
    "export": "npcgraph.cli_export:export",
    "validate": "npcgraph.cli_validate:validate_command",
    "query": "npcgraph.cli_sparql:query",
    "load": "npcgraph.cli_sparql:load",
    "serve": "npcgraph.cli_sparql:serve",
    "link": "npcgraph.cli_link:link",
}


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs or help lists it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="npcgraph")
def cli() -> None:
    """Turn articles about sessions of China's National People's Congress into linked data.

    With no INPUT, every command works on the corpus bundled with npcgraph.
    """


def main() -> None:
    """Run the CLI; errors become one line on stderr and an exit code, never a traceback."""
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        click.echo("Interrupted; no output was changed.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except InputError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except NpcGraphError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_FAILED)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_FAILED)
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("NPCGRAPH_DEBUG"):
            raise
        click.echo(
            f"Error: internal error {type(error).__name__}: {error} "
            "(set NPCGRAPH_DEBUG=1 for the traceback, and please report it)",
            err=True,
        )
        sys.exit(EXIT_FAILED)
    if isinstance(code, int):
        sys.exit(code)


def jobs_option(help_text: str) -> Callable[[F], F]:
    """`--jobs/-j N`: processes that read articles in parallel."""
    return click.option(
        "--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help=help_text
    )


def input_paths(inputs: tuple[str, ...]) -> list[Path] | None:
    """INPUT arguments as paths; none means the bundled corpus."""
    return [Path(item) for item in inputs] or None
