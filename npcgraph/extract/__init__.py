"""`Article` to domain records: one article at a time, a pure function."""

from __future__ import annotations

import re
from pathlib import PurePath

from npcgraph.article import Article, BulletList, Paragraph, Section, Table
from npcgraph.extract.context import Context
from npcgraph.extract.events import read_event
from npcgraph.extract.session import extract_memberships, extract_session
from npcgraph.extract.statistics import ListContext, list_context, read_statistics
from npcgraph.extract.tables import read_elections, read_resolutions, table_kind
from npcgraph.naming import split_name
from npcgraph.offices import post_for_office, post_named
from npcgraph.records import (
    ArticleRecords,
    Ballot,
    Election,
    SectionText,
    Session,
    Source,
    VoteCounts,
)

_ELECTION_SECTION = re.compile(r"election|elected|state positions|appointment", re.IGNORECASE)
_EVENT_SECTION = re.compile(r"\bevents?\b|\bincidents?\b", re.IGNORECASE)
_REPORT_SECTION = re.compile(r"work report", re.IGNORECASE)
_OFFICE_BULLET = re.compile(r"^(?P<office>[^:：]{2,80})[:：]\s*(?P<names>.+)$")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|、|，|\band\b)\s*")


def extract(article: Article) -> ArticleRecords:
    """Every record the article states, with notices for what was repaired or left out."""
    context = Context(article.path)
    session = extract_session(article, context)
    file_name = PurePath(article.path).name
    records = ArticleRecords(
        path=article.path,
        file_name=file_name,
        stem=PurePath(file_name).stem,
        session=session,
    )
    records.memberships = extract_memberships(article, session, context)
    for path, section in article.body.walk():
        _extract_section(section, path, session, records, context)
    records.notices = context.notices
    return records


def _extract_section(
    section: Section,
    path: tuple[str, ...],
    session: Session,
    records: ArticleRecords,
    context: Context,
) -> None:
    texts: list[str] = []
    intro: str | None = None
    for block in section.blocks:
        if isinstance(block, Table):
            kind = table_kind(block)
            if kind == "resolution":
                records.resolutions.extend(
                    read_resolutions(block, path, context, len(records.resolutions) + 1)
                )
            elif kind == "election":
                records.elections.extend(read_elections(block, path, context))
            else:
                context.notice(block.line, None, "table is not a vote table; kept as text")
                texts.extend(" | ".join(row.texts()) for row in block.rows)
        elif isinstance(block, Paragraph):
            texts.append(block.text)
            intro = block.text
            if re.search(r"\btargets?\b", block.text, re.IGNORECASE):
                records.statistics.extend(
                    read_statistics(
                        block.text,
                        ListContext("Target", str(session.year) if session.year else None),
                        Source(block.line, section=path),
                    )
                )
        elif isinstance(block, BulletList):
            texts.extend(item.text for item in block.items)
            _extract_bullets(block, intro, path, session, records, context)
    if texts and path:
        records.sections.append(
            SectionText(path[-1], "\n".join(texts), Source(section.line, section=path))
        )


def _extract_bullets(
    block: BulletList,
    intro: str | None,
    path: tuple[str, ...],
    session: Session,
    records: ArticleRecords,
    context: Context,
) -> None:
    heading = " / ".join(path)
    if _EVENT_SECTION.search(heading):
        for item in block.items:
            records.events.append(read_event(item.text, Source(item.line, section=path), context))
        return
    if _ELECTION_SECTION.search(heading):
        _bullet_elections(block, path, records, context)
        return
    if _REPORT_SECTION.search(heading):
        list_kind = list_context(intro, session.year)
        if list_kind is None:
            return
        for item in block.items:
            records.statistics.extend(
                read_statistics(item.text, list_kind, Source(item.line, section=path))
            )


def _bullet_elections(
    block: BulletList, path: tuple[str, ...], records: ArticleRecords, context: Context
) -> None:
    """`- President: Hu Jintao (胡锦涛)`, `- Vice Premiers: A, B and C`: results with no counts."""
    for item in block.items:
        match = _OFFICE_BULLET.match(item.text)
        if match is None:
            context.notice(item.line, None, "bullet is not 'Office: Name'; kept as text")
            continue
        offices = [match["office"]]
        if " and " in match["office"]:
            parts = [part.strip() for part in match["office"].split(" and ")]
            if all(post_for_office(part) for part in parts):
                offices = parts
        names = [name for name in _NAME_SEPARATORS.split(match["names"].strip(" .")) if name]
        for office in offices:
            post = post_for_office(office) or post_named(office)
            ballots = []
            for order, raw in enumerate(names, start=1):
                name, chinese = split_name(raw)
                source = Source(item.line, section=path)
                ballots.append(
                    Ballot(
                        context.person(name, chinese, source),
                        order,
                        VoteCounts(None, None, None),
                        source,
                    )
                )
            records.elections.append(
                Election(office, post, tuple(ballots), Source(item.line, section=path))
            )
