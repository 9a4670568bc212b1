"""Text to `Article`: the article format, with every element's source line."""

from __future__ import annotations

import re

from npcgraph.article import (
    Article,
    Block,
    Bullet,
    BulletList,
    Cell,
    InfoboxField,
    Paragraph,
    Row,
    Section,
    Table,
)
from npcgraph.errors import InputError, Location

_TITLE = re.compile(r"^=\s*(?P<title>[^=].*?)\s*=$")
_HEADING = re.compile(r"^(?P<open>={2,6})\s*(?P<title>.*?)\s*(?P<close>={2,6})$")
_INFOBOX_FIELD = re.compile(r"^-\s*(?P<key>[^:]+?)\s*:\s*(?P<value>.*)$")
_SUBFIELD = re.compile(r"^(?P<key>[^=]+?)\s*=\s*(?P<value>.*)$")
_BULLET = re.compile(r"^[-*]\s+(?P<text>.*)$")


def read_article(text: str, path: str) -> Article:
    """Parse an article; raise InputError naming the line where the format is broken."""
    lines = text.split("\n")
    number = _skip_blank(lines, 0)
    if number >= len(lines):
        raise InputError(Location(path), "no text; expected an article starting with '= Title ='")
    title_match = _TITLE.match(lines[number].strip())
    if title_match is None or not title_match.group("title"):
        raise InputError(
            Location(path, number + 1),
            f"expected the title line '= Title =', found {_quote(lines[number])}",
        )
    title, title_line = title_match.group("title"), number + 1
    number = _skip_blank(lines, number + 1)
    infobox: list[InfoboxField] = []
    if number < len(lines) and lines[number].strip().lower() == "infobox":
        infobox, number = _read_infobox(lines, number + 1, path)
    else:
        raise InputError(
            Location(path, number + 1 if number < len(lines) else len(lines)),
            "expected an 'Infobox' block after the title",
        )
    body = _read_body(lines, number, path)
    return Article(path=path, title=title, title_line=title_line, infobox=infobox, body=body)


def _read_infobox(lines: list[str], start: int, path: str) -> tuple[list[InfoboxField], int]:
    fields: list[InfoboxField] = []
    number = start
    while number < len(lines):
        stripped = lines[number].strip()
        if not stripped:
            if fields:
                break
            number += 1
            continue
        match = _INFOBOX_FIELD.match(stripped)
        if match is None:
            if fields and (stripped.startswith("=") or not stripped.startswith("-")):
                break
            raise InputError(
                Location(path, number + 1),
                f"expected an infobox line '- Key: value', found {_quote(stripped)}",
            )
        fields.extend(_split_field(match.group("key"), match.group("value"), number + 1))
        number += 1
    if not fields:
        raise InputError(Location(path, start), "the Infobox block is empty")
    return fields, number


def _split_field(key: str, value: str, line: int) -> list[InfoboxField]:
    """`Session: 5th | # = 12th | term-begin = 5 March` gives four fields."""
    parts = [part.strip() for part in value.split("|")]
    fields = [InfoboxField(key.strip(), parts[0], line)]
    for part in parts[1:]:
        sub = _SUBFIELD.match(part)
        if sub is not None:
            fields.append(InfoboxField(sub.group("key").strip(), sub.group("value").strip(), line))
        elif part:
            fields.append(InfoboxField(key.strip(), part, line))
    return fields


def _read_body(lines: list[str], start: int, path: str) -> Section:
    root = Section(title="", level=1, line=start + 1)
    stack = [root]
    number = start
    while number < len(lines):
        stripped = lines[number].strip()
        if not stripped:
            number += 1
            continue
        heading = _HEADING.match(stripped)
        if heading is not None:
            level = min(len(heading.group("open")), len(heading.group("close")))
            section = Section(title=heading.group("title"), level=level, line=number + 1)
            while stack[-1].level >= level:
                stack.pop()
            stack[-1].children.append(section)
            stack.append(section)
            number += 1
            continue
        block, number = _read_block(lines, number, path)
        stack[-1].blocks.append(block)
    return root


def _read_block(lines: list[str], start: int, path: str) -> tuple[Block, int]:
    stripped = lines[start].strip()
    if stripped.startswith("|"):
        return _read_table(lines, start, path)
    if _BULLET.match(stripped):
        items: list[Bullet] = []
        number = start
        while number < len(lines):
            match = _BULLET.match(lines[number].strip())
            if match is None:
                break
            items.append(Bullet(match.group("text").strip(), number + 1))
            number += 1
        return BulletList(tuple(items), start + 1), number
    text_lines: list[str] = []
    number = start
    while number < len(lines):
        line = lines[number].strip()
        if not line or line.startswith("|") or _BULLET.match(line) or _HEADING.match(line):
            break
        text_lines.append(line)
        number += 1
    return Paragraph(" ".join(text_lines), start + 1), number


def _read_table(lines: list[str], start: int, path: str) -> tuple[Table, int]:
    rows: list[Row] = []
    number = start
    while number < len(lines) and lines[number].strip().startswith("|"):
        rows.append(_read_row(lines[number], number + 1))
        number += 1
    return Table(tuple(rows), start + 1), number


def _read_row(line: str, number: int) -> Row:
    body = line.strip()[1:]
    if body.endswith("|"):
        body = body[:-1]
    cells = tuple(
        Cell(text.strip(), number, column) for column, text in enumerate(body.split("|"), start=1)
    )
    return Row(cells, number)


def _skip_blank(lines: list[str], number: int) -> int:
    while number < len(lines) and not lines[number].strip():
        number += 1
    return number


def _quote(text: str, limit: int = 60) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
