"""Telling the user about notices and failed articles, one line each."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

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
    """A bar on stderr counting articles, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=0, label="articles", file=sys.stderr, show_pos=True) as bar:
        yield bar.update
