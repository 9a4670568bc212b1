"""Domain records extracted from one article; each says where it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Source:
    """Where a record came from: line, table cell, heading path."""

    line: int
    column: int | None = None
    table_row: int | None = None
    section: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    name: str
    chinese_name: str | None
    source: Source


@dataclass(frozen=True)
class Post:
    """An office; `body` is the key of the organisation it belongs to, if known."""

    label: str
    body: str | None = None


@dataclass(frozen=True)
class Membership:
    """A person holding a post, as an infobox reports it."""

    person: Person
    post: Post
    valid_from: dt.date | None
    elected_here: bool
    source: Source


@dataclass(frozen=True)
class VoteCounts:
    """For / against / abstain; None where the source gives no figure."""

    yes: int | None
    no: int | None
    abstain: int | None
    sources: tuple[Source | None, Source | None, Source | None] = (None, None, None)

    def total(self) -> int | None:
        if self.yes is None or self.no is None or self.abstain is None:
            return None
        return self.yes + self.no + self.abstain


@dataclass(frozen=True)
class Resolution:
    topic: str
    order: int
    counts: VoteCounts
    stated_rate: Decimal | None
    repair: str | None
    presenter: Person | None
    presenter_post: Post | None
    resigning_person: Person | None
    resigns_from: str | None
    source: Source


@dataclass(frozen=True)
class Ballot:
    """One candidate's result in one election."""

    candidate: Person
    order: int
    counts: VoteCounts
    source: Source


@dataclass(frozen=True)
class Election:
    title: str
    post: Post
    ballots: tuple[Ballot, ...]
    source: Source


@dataclass(frozen=True)
class Statistic:
    indicator: str
    indicator_label: str
    indicator_text: str
    value: Decimal
    unit: str
    measure: str
    kind: str
    period: str | None
    qualifiers: tuple[str, ...]
    start_value: Decimal | None
    text: str
    source: Source


@dataclass(frozen=True)
class Event:
    description: str
    kind: str | None
    person: Person | None
    person_post: Post | None
    source: Source


@dataclass(frozen=True)
class SectionText:
    """The text of a section, kept whatever the section is."""

    title: str
    text: str
    source: Source


@dataclass(frozen=True)
class Session:
    title: str
    congress: int
    number: int
    year: int | None
    start: dt.date | None
    end: dt.date | None
    status: str | None
    chinese_name: str | None
    pinyin_name: str | None
    previous_year: int | None
    next_year: int | None
    description: str | None
    source: Source

    @property
    def key(self) -> str:
        return f"{self.congress}-{self.number}"


@dataclass(frozen=True)
class Notice:
    """Something the reader changed or could not use, reported to the user."""

    line: int
    column: int | None
    message: str


@dataclass
class ArticleRecords:
    """Everything extracted from one article."""

    path: str
    file_name: str
    stem: str
    session: Session
    memberships: list[Membership] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    elections: list[Election] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sections: list[SectionText] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
