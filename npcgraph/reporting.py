"""Telling the user about notices and failed articles, one line each."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import click

from npcgraph.errors import NpcGraphError
from npcgraph.records import Notice


def echo_notices(notices: Iterable[tuple[str, Notice]]) -> None:
    for path, notice in notices:
        where = f"{path}:{notice.line}" + (f":{notice.column}" if notice.column else "")
        click.echo(f"{where}: note: {notice.message}", err=True)


def echo_failures(failures: Iterable[NpcGraphError]) -> None:
    failed = list(failures)
    for error in failed:
        click.echo(f"Error: {error}", err=True)
    if failed:
        click.echo(f"{len(failed)} article(s) failed and were skipped.", err=True)


@contextmanager
def progress_bar() -> Iterator[Callable[[int], None] | None]:
    """A bar on stderr counting articles, only when stderr is a terminal; it appears with the
    first article, once the number of articles is known."""
    if not sys.stderr.isatty():
        yield None
        return
    with ExitStack() as stack:
        bars: list[Any] = []

        def advance(total: int) -> None:
            if not bars:
                bar = click.progressbar(length=total, label="articles", file=sys.stderr)
                bars.append(stack.enter_context(bar))
            bars[0].update(1)

        yield advance
