"""The shape of an article, format only: title, infobox, sections, tables, bullets, paragraphs.

Nothing here knows about sessions or votes; every element keeps the line it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One cell of a pipe table; `column` counts from 1."""

    text: str
    line: int
    column: int


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    line: int

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]

    def is_empty(self) -> bool:
        return all(not cell.text for cell in self.cells)


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    line: int


@dataclass(frozen=True)
class Bullet:
    text: str
    line: int


@dataclass(frozen=True)
class BulletList:
    items: tuple[Bullet, ...]
    line: int


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


Block = Table | BulletList | Paragraph


@dataclass(frozen=True)
class InfoboxField:
    """`- Key: value`, or one `name = value` part of a `|`-separated value."""

    key: str
    value: str
    line: int


@dataclass
class Section:
    """A heading with its blocks and subsections; the article body is the level-1 root."""

    title: str
    level: int
    line: int
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def walk(self, parents: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Section]]:
        """Every section below and including this one, with its heading path."""
        path = (*parents, self.title) if self.level > 1 else parents
        found = [(path, self)]
        for child in self.children:
            found.extend(child.walk(path))
        return found


@dataclass
class Article:
    path: str
    title: str
    title_line: int
    infobox: list[InfoboxField]
    body: Section

    def field(self, key: str) -> InfoboxField | None:
        """The first infobox field with this key (case and spaces ignored)."""
        wanted = normalise_key(key)
        for item in self.infobox:
            if normalise_key(item.key) == wanted:
                return item
        return None


def normalise_key(key: str) -> str:
    return "".join(key.split()).lower()
