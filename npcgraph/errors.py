"""Errors that carry where in the input they happened."""

from __future__ import annotations

from dataclasses import dataclass


class NpcGraphError(Exception):
    """Base of every error npcgraph reports to a user as one line."""


@dataclass(frozen=True)
class Location:
    """A place in an input file: path, line and (for table cells) column, all from 1."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class InputError(NpcGraphError):
    """Input that cannot be read: names the file, line and cell and what was expected."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message

    def __reduce__(self) -> tuple[type[InputError], tuple[Location, str]]:
        """Picklable, so a worker process can hand it back."""
        return (type(self), (self.location, self.message))


class OutputError(NpcGraphError):
    """An output that cannot be written."""


class EndpointError(NpcGraphError):
    """A SPARQL or Graph Store endpoint that is unreachable or refuses a request."""


class ValidationFailed(NpcGraphError):
    """A graph with SHACL Violations."""
