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

_BULLET = re.compile(r"^[-*]\s+(?P<text>.*)$")
MAX_LINE_LENGTH = 20_000
"""Characters in one line; the longest line of a real article is a paragraph of a few hundred."""


def read_article(text: str, path: str) -> Article:
    """Parse an article; raise InputError naming the line where the format is broken."""
    lines = text.split("\n")
    _reject_long_lines(lines, path)
    number = _skip_blank(lines, 0)
    if number >= len(lines):
        raise InputError(Location(path), "no text; expected an article starting with '= Title ='")
    title = _title(lines[number].strip())
    if title is None:
        raise InputError(
            Location(path, number + 1),
            f"expected the title line '= Title =', found {_quote(lines[number])}",
        )
    title_line = number + 1
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
        field = _infobox_field(stripped)
        if field is None:
            if fields and (stripped.startswith("=") or not stripped.startswith("-")):
                break
            raise InputError(
                Location(path, number + 1),
                f"expected an infobox line '- Key: value', found {_quote(stripped)}",
            )
        fields.extend(_split_field(*field, number + 1))
        number += 1
    if not fields:
        raise InputError(Location(path, start), "the Infobox block is empty")
    return fields, number


def _split_field(key: str, value: str, line: int) -> list[InfoboxField]:
    """`Session: 5th | # = 12th | term-begin = 5 March` gives four fields."""
    parts = [part.strip() for part in value.split("|")]
    fields = [InfoboxField(key.strip(), parts[0], line)]
    for part in parts[1:]:
        sub_key, equals, sub_value = part.partition("=")
        if equals and sub_key.strip():
            fields.append(InfoboxField(sub_key.strip(), sub_value.strip(), line))
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
        heading = _heading(stripped)
        if heading is not None:
            level, title = heading
            section = Section(title=title, level=level, line=number + 1)
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
        if not line or line.startswith("|") or _BULLET.match(line) or _heading(line):
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
    _reject_cut_row(lines, start, number, rows, path)
    return Table(tuple(rows), start + 1), number


def _reject_cut_row(lines: list[str], start: int, end: int, rows: list[Row], path: str) -> None:
    """A row is cut short when it has no closing `|` and fewer cells than the closed rows of its
    table, or when it is the end of a file with no final newline (a file cut off mid-way) and
    either has no closing `|` or fewer cells."""
    closed = [_is_closed(line) for line in lines[start:end]]
    widths = [len(row.cells) for row, is_closed in zip(rows, closed, strict=True) if is_closed]
    if not widths:
        return
    widest = max(widths)
    for row, is_closed in zip(rows, closed, strict=True):
        narrow = len(row.cells) < widest
        at_cut_end = row.line == len(lines)
        if is_closed and not (narrow and at_cut_end) or not (is_closed or narrow or at_cut_end):
            continue
        have = f"{len(row.cells)} of the {widest} cells the other rows have"
        if not is_closed and narrow:
            problem = f"no closing '|' and {have}"
        elif narrow:
            problem = f"the file ends in this row, which has {have}"
        else:
            problem = "the file ends inside this row, with no closing '|'"
        last = row.cells[-1]
        raise InputError(
            Location(path, row.line, last.column),
            f"table row cut short after {_quote(last.text, 30)}: {problem}",
        )


def _is_closed(line: str) -> bool:
    body = line.strip()
    return len(body) > 1 and body.endswith("|")


def _read_row(line: str, number: int) -> Row:
    body = line.strip()[1:]
    if body.endswith("|"):
        body = body[:-1]
    cells = tuple(
        Cell(text.strip(), number, column) for column, text in enumerate(body.split("|"), start=1)
    )
    return Row(cells, number)


def _reject_long_lines(lines: list[str], path: str) -> None:
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_LENGTH:
            raise InputError(
                Location(path, number),
                f"line is {len(line):,} characters long; an article's lines are at most "
                f"{MAX_LINE_LENGTH:,}",
            )


def _title(line: str) -> str | None:
    """`= Title =` (one `=` each side) gives `Title`. Plain string work, no regular expression:
    one that backtracks would take minutes on a long line of spaces."""
    if len(line) < 2 or line[0] != "=" or line[-1] != "=":
        return None
    inner = line[1:-1]
    return inner.strip() if inner.strip() and not inner.startswith("=") else None


def _heading(line: str) -> tuple[int, str] | None:
    """`=== Title ===` gives (3, 'Title'): 2 to 6 `=` each side; the level is the smaller."""
    length = len(line)
    lead = length - len(line.lstrip("="))
    trail = length - len(line.rstrip("="))
    if lead == length:  # only `=`: split as `={2,6}(.*?)={2,6}` would
        if length < 4:
            return None
        opening = min(6, length - 2)
        closing = min(6, length - opening)
    elif lead < 2 or trail < 2:
        return None
    else:
        opening, closing = min(lead, 6), min(trail, 6)
    return min(opening, closing), line[opening : length - closing].strip()


def _infobox_field(line: str) -> tuple[str, str] | None:
    """`- Key: value` gives ('Key', 'value'); the key ends at the first colon."""
    if not line.startswith("-"):
        return None
    key, colon, value = line[1:].partition(":")
    if not colon or not key.strip():
        return None
    return key.strip(), value.strip()


def _skip_blank(lines: list[str], number: int) -> int:
    while number < len(lines) and not lines[number].strip():
        number += 1
    return number


def _quote(text: str, limit: int = 60) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
