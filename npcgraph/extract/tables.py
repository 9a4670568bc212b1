"""Pipe tables: resolution votes and election results, with every quirk of real articles."""

from __future__ import annotations

from dataclasses import dataclass

from npcgraph.article import Cell, Row, Table
from npcgraph.extract.context import Context
from npcgraph.extract.topics import read_topic
from npcgraph.naming import split_name
from npcgraph.offices import post_for_office, post_named
from npcgraph.records import Ballot, Election, Post, Resolution, Source, VoteCounts
from npcgraph.values import ValueProblem, is_count, parse_count, parse_rate

_TOPIC_HEADERS = {"topic", "resolution", "motion", "bill", "item", "report", "subject"}
_CANDIDATE_HEADERS = {"candidates", "candidate", "nominee", "nominees"}
_COUNT_HEADERS = {
    "for": "yes", "yes": "yes", "in favour": "yes", "in favor": "yes", "approve": "yes",
    "against": "no", "no": "no", "oppose": "no",
    "abstain": "abstain", "abstentions": "abstain", "abstention": "abstain",
}  # fmt: skip
_RATE_HEADERS = {"rate", "approval", "approval rate", "percentage", "%"}


@dataclass(frozen=True)
class Columns:
    """Where each field sits in a table's rows (0-based cell indexes)."""

    label: int
    yes: int | None
    no: int | None
    abstain: int | None
    rate: int | None
    width: int


def table_kind(table: Table) -> str | None:
    """'election', 'resolution' or None for a table npcgraph does not read as votes."""
    for row in table.rows:
        words = {cell.text.strip().lower() for cell in row.cells}
        if words & _CANDIDATE_HEADERS:
            return "election"
        if words & _TOPIC_HEADERS and words & set(_COUNT_HEADERS):
            return "resolution"
    return None


def _columns(header: tuple[Cell, ...], start: int, label: int) -> Columns:
    found: dict[str, int] = {}
    for index in range(start, len(header)):
        name = header[index].text.strip().lower()
        if index > start and name in _CANDIDATE_HEADERS:
            break
        option = _COUNT_HEADERS.get(name)
        if option is not None and option not in found:
            found[option] = index
        elif name in _RATE_HEADERS and "rate" not in found:
            found["rate"] = index
    width = max([label, *found.values()]) - start + 1
    return Columns(
        label, found.get("yes"), found.get("no"), found.get("abstain"), found.get("rate"), width
    )


def _count(cell: Cell | None, context: Context) -> int | None:
    if cell is None:
        return None
    try:
        return parse_count(cell.text)
    except ValueProblem as problem:
        raise context.error(cell.line, cell.column, str(problem)) from None


def _cell(cells: tuple[Cell, ...], index: int | None) -> Cell | None:
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _counts(
    cells: tuple[Cell, ...], columns: Columns, context: Context, source: Source
) -> VoteCounts:
    picked = [_cell(cells, columns.yes), _cell(cells, columns.no), _cell(cells, columns.abstain)]
    values = [_count(cell, context) for cell in picked]
    sources = tuple(
        None
        if cell is None or value is None
        else Source(cell.line, cell.column, source.table_row, source.section)
        for cell, value in zip(picked, values, strict=True)
    )
    return VoteCounts(values[0], values[1], values[2], sources)  # type: ignore[arg-type]


def read_resolutions(
    table: Table, section: tuple[str, ...], context: Context, first_order: int
) -> list[Resolution]:
    header_index = next(
        index
        for index, row in enumerate(table.rows)
        if {cell.text.strip().lower() for cell in row.cells} & _TOPIC_HEADERS
    )
    header = table.rows[header_index]
    label = next(
        index
        for index, cell in enumerate(header.cells)
        if cell.text.strip().lower() in _TOPIC_HEADERS
    )
    columns = _columns(header.cells, 0, label)
    found: list[Resolution] = []
    for row in table.rows[header_index + 1 :]:
        if row.is_empty():
            context.notice(row.line, None, "empty table row skipped")
            continue
        order = first_order + len(found)
        source = Source(row.line, table_row=order - first_order + 1, section=section)
        cells, repair = _fit_row(row, len(header.cells), columns, context)
        topic = cells[columns.label].text
        if not topic:
            raise context.error(row.line, columns.label + 1, "a vote row with no topic")
        counts = _counts(cells, columns, context, source)
        rate_cell = _cell(cells, columns.rate)
        try:
            stated = parse_rate(rate_cell.text) if rate_cell is not None else None
        except ValueProblem as problem:
            raise context.error(row.line, rate_cell.column, str(problem)) from None  # type: ignore[union-attr]
        reading = read_topic(topic, source, context)
        found.append(
            Resolution(
                topic=topic,
                order=order,
                counts=counts,
                stated_rate=stated,
                repair=repair,
                presenter=reading.presenter,
                presenter_post=reading.presenter_post,
                resigning_person=reading.resigning_person,
                resigns_from=reading.resigns_from,
                source=source,
            )
        )
    return found


def _fit_row(
    row: Row, width: int, columns: Columns, context: Context
) -> tuple[tuple[Cell, ...], str | None]:
    """The row's cells in header order; a row shifted by one stray cell is repaired and said so."""
    cells = row.cells
    while len(cells) > width and not cells[-1].text:
        cells = cells[:-1]
    if len(cells) < width:
        if all(not cell.text for cell in cells[columns.label + 1 :]):
            return cells, None
        raise context.error(
            row.line, None, f"row has {len(cells)} cells, the table's header has {width}"
        )
    count_indexes = [i for i in (columns.yes, columns.no, columns.abstain) if i is not None]
    if (
        all(is_count(cells[i].text) or not cells[i].text for i in count_indexes)
        and len(cells) == width
    ):
        return cells, None
    stray = next(
        (
            i
            for i in range(columns.label + 1, len(cells))
            if cells[i].text and not is_count(cells[i].text)
        ),
        None,
    )
    if stray is not None:
        shifted = cells[:stray] + cells[stray + 1 :]
        shifted_ok = all(i < len(shifted) and is_count(shifted[i].text) for i in count_indexes)
        rate_cell = _cell(shifted, columns.rate)
        if shifted_ok and (rate_cell is None or _rate_or_empty(rate_cell.text)):
            repair = (
                f"cell {cells[stray].column} ({cells[stray].text!r}) is not a count; the row is "
                "read as shifted one cell to the right, so For, Against and Abstain come from "
                f"cells {', '.join(str(shifted[i].column) for i in count_indexes)}"
            )
            if columns.rate is not None and rate_cell is None:
                repair += ", and no rate is stated"
            context.notice(row.line, cells[stray].column, "repaired: " + repair)
            return shifted, repair
    if len(cells) > width:
        raise context.error(
            row.line, cells[width].column, f"row has {len(cells)} cells, the header has {width}"
        )
    return cells, None


def _rate_or_empty(text: str) -> bool:
    try:
        parse_rate(text)
    except ValueProblem:
        return False
    return "%" in text or not text.strip() or "." in text


def read_elections(table: Table, section: tuple[str, ...], context: Context) -> list[Election]:
    """Side-by-side election blocks: a title row, a `Candidates | For | ...` row, result rows."""
    elections: list[Election] = []
    groups: list[tuple[Columns, Post, str, Source]] = []
    ballots: list[list[Ballot]] = []
    pending_titles: list[Cell] = []

    def close() -> None:
        for (_, post, title, source), found in zip(groups, ballots, strict=True):
            elections.append(Election(title, post, tuple(found), source))

    for row in table.rows:
        words = [cell.text.strip().lower() for cell in row.cells]
        if any(word in _CANDIDATE_HEADERS for word in words):
            close()
            starts = [i for i, word in enumerate(words) if word in _CANDIDATE_HEADERS]
            groups, ballots = [], []
            titles = pending_titles or []
            for position, start in enumerate(starts):
                title_cell = titles[position] if position < len(titles) else None
                title = (
                    title_cell.text if title_cell is not None else (section[-1] if section else "")
                )
                post = post_for_office(title) or post_named(title)
                line = title_cell.line if title_cell is not None else row.line
                column = title_cell.column if title_cell is not None else row.cells[start].column
                groups.append(
                    (
                        _columns(row.cells, start, start),
                        post,
                        title,
                        Source(line, column, None, section),
                    )
                )
                ballots.append([])
            pending_titles = []
            continue
        if not any(is_count(cell.text) for cell in row.cells) and not groups_expect_data(
            row, groups
        ):
            pending_titles = [cell for cell in row.cells if cell.text]
            continue
        if not groups:
            raise context.error(row.line, None, "election results before a 'Candidates' header")
        for (columns, _, _, _), found in zip(groups, ballots, strict=True):
            cell = _cell(row.cells, columns.label)
            rest = row.cells[columns.label + 1 : columns.label + columns.width]
            if cell is None or not cell.text:
                if any(other.text for other in rest):
                    raise context.error(row.line, rest[0].column, "counts with no candidate name")
                continue
            source = Source(cell.line, cell.column, len(found) + 1, section)
            name, chinese = split_name(cell.text)
            found.append(
                Ballot(
                    candidate=context.person(name, chinese, source),
                    order=len(found) + 1,
                    counts=_counts(row.cells, columns, context, source),
                    source=source,
                )
            )
    close()
    return elections


def groups_expect_data(row: Row, groups: list) -> bool:
    """A row of names with empty counts is still data when a header is open."""
    if not groups:
        return False
    return all(
        not cell.text or not cell.text.lower().endswith(("election", "elections"))
        for cell in row.cells
    )
