"""The infobox: the session itself and the officeholders it names."""

from __future__ import annotations

import datetime as dt
import re

from npcgraph.article import Article, InfoboxField, Paragraph, normalise_key
from npcgraph.extract.context import Context
from npcgraph.naming import split_name
from npcgraph.offices import INFOBOX_POSTS
from npcgraph.records import Membership, Session, Source
from npcgraph.values import (
    ValueProblem,
    ordinal_suffix_ok,
    parse_date,
    parse_ordinal,
    parse_year,
)

_TITLE = re.compile(
    r"^(?P<session>\w+)\s+session\s+of\s+the\s+(?P<congress>\d+)\s*(?:st|nd|rd|th)\s+"
    r"National People's Congress",
    re.IGNORECASE,
)
_HOLDER_KEY = re.compile(r"^(?P<office>[a-z]+?)(?P<elect>e)?$")
_PRESENTATION_SUFFIXES = ("image", "caption", "size", "alt")
_SESSION_KEYS = {
    "status", "chinese", "pinyin", "year", "session", "#", "congress", "term-begin", "term-end",
    "termbegin", "termend", "lastyear", "nextyear", "title", "name",
}  # fmt: skip


def extract_session(article: Article, context: Context) -> Session:
    fields = {normalise_key(item.key): item for item in reversed(article.infobox)}
    title_match = _TITLE.match(article.title)
    congress = _number(fields.get("#") or fields.get("congress"), context)
    number = _number(fields.get("session"), context)
    if title_match is not None:
        title_congress = parse_ordinal(title_match["congress"])
        title_number = parse_ordinal(title_match["session"])
        congress = _agree(congress, title_congress, "congress", article, context)
        number = _agree(number, title_number, "session", article, context)
    if congress is None or number is None:
        raise context.error(
            article.title_line,
            None,
            "cannot tell which session this is: expected 'Session: 5th | # = 12th' in the "
            "infobox or a title like 'Fifth session of the 12th National People's Congress'",
        )
    year = _year(fields.get("year"), context) or _year_from_lead(article)
    start = _date(fields.get("term-begin") or fields.get("termbegin"), year, context)
    end = _date(fields.get("term-end") or fields.get("termend"), year, context)
    if year is None and start is not None:
        year = start.year
    _report_unused_keys(article, context)
    return Session(
        title=article.title,
        congress=congress,
        number=number,
        year=year,
        start=start,
        end=end,
        status=_text(fields.get("status")),
        chinese_name=_text(fields.get("chinese")),
        pinyin_name=_text(fields.get("pinyin")),
        previous_year=_year(fields.get("lastyear"), context),
        next_year=_year(fields.get("nextyear"), context),
        description=_lead_paragraph(article),
        source=Source(article.title_line),
    )


def extract_memberships(article: Article, session: Session, context: Context) -> list[Membership]:
    """`Pz: Xi Jinping` with `Pzterm: 14 March 2013`; `Pze` etc. are elected at this session."""
    fields = {normalise_key(item.key): item for item in reversed(article.infobox)}
    found: list[Membership] = []
    for item in article.infobox:
        key = normalise_key(item.key)
        match = _HOLDER_KEY.match(key)
        if match is None or key in _SESSION_KEYS or not item.value:
            continue
        post = INFOBOX_POSTS.get(match["office"])
        if post is None:
            continue
        elected = match["elect"] is not None
        name, chinese = split_name(item.value)
        source = Source(item.line, section=("Infobox",))
        term = fields.get(key + "term")
        valid_from = _date(term, session.year if elected else None, context)
        found.append(
            Membership(
                person=context.person(name, chinese, source),
                post=post,
                valid_from=valid_from,
                elected_here=elected,
                source=Source(item.line, section=("Infobox",)),
            )
        )
    return found


def _report_unused_keys(article: Article, context: Context) -> None:
    for item in article.infobox:
        key = normalise_key(item.key)
        if key in _SESSION_KEYS or key.endswith(_PRESENTATION_SUFFIXES):
            continue
        match = _HOLDER_KEY.match(key.removesuffix("term"))
        if match is not None and match["office"] in INFOBOX_POSTS:
            continue
        context.notice(item.line, None, f"infobox key {item.key!r} is not one npcgraph reads")


def _number(item: InfoboxField | None, context: Context) -> int | None:
    if item is None or not item.value:
        return None
    value = parse_ordinal(item.value)
    if value is None:
        raise context.error(
            item.line, None, f"{item.key}: expected an ordinal such as '5th', found {item.value!r}"
        )
    if not ordinal_suffix_ok(item.value):
        context.notice(item.line, None, f"{item.key}: read {item.value!r} as {value}")
    return value


def _agree(
    infobox: int | None, title: int | None, what: str, article: Article, context: Context
) -> int | None:
    if infobox is None:
        return title
    if title is not None and title != infobox:
        context.notice(
            article.title_line,
            None,
            f"the title says {what} {title}, the infobox {infobox}; the infobox is used",
        )
    return infobox


def _year(item: InfoboxField | None, context: Context) -> int | None:
    if item is None or not item.value:
        return None
    year = parse_year(item.value)
    if year is None:
        raise context.error(item.line, None, f"{item.key}: expected a year, found {item.value!r}")
    return year


def _date(item: InfoboxField | None, year: int | None, context: Context) -> dt.date | None:
    if item is None or not item.value:
        return None
    try:
        return parse_date(item.value, year)
    except ValueProblem as problem:
        raise context.error(item.line, None, f"{item.key}: {problem}") from None


def _text(item: InfoboxField | None) -> str | None:
    return item.value if item is not None and item.value else None


def _lead_paragraph(article: Article) -> str | None:
    for block in article.body.blocks:
        if isinstance(block, Paragraph):
            return block.text
    return None


def _year_from_lead(article: Article) -> int | None:
    lead = _lead_paragraph(article)
    match = re.search(r"\b(19[5-9]\d|20\d\d)\b", lead or "")
    return int(match.group(1)) if match else None
