"""What every extractor needs: the article's path and a place to report notices."""

from __future__ import annotations

from dataclasses import dataclass, field

from npcgraph.errors import InputError, Location
from npcgraph.records import Notice, Person, Source


@dataclass
class Context:
    path: str
    notices: list[Notice] = field(default_factory=list)
    persons: dict[str, Person] = field(default_factory=dict)

    def notice(self, line: int, column: int | None, message: str) -> None:
        self.notices.append(Notice(line, column, message))

    def error(self, line: int, column: int | None, message: str) -> InputError:
        return InputError(Location(self.path, line, column), message)

    def person(self, name: str, chinese: str | None, source: Source) -> Person:
        """The first mention of a name in this article stands for all of them."""
        known = self.persons.get(name)
        if known is not None:
            if chinese and not known.chinese_name:
                known = Person(known.name, chinese, known.source)
                self.persons[name] = known
            return known
        created = Person(name, chinese, source)
        self.persons[name] = created
        return created
