"""Events reported in bullet lists and prose: deaths, resignations, anything else as text."""

from __future__ import annotations

import re

from npcgraph.extract.context import Context
from npcgraph.extract.topics import NAME, mentioned_person
from npcgraph.offices import ROLE_WORDS, mayor_post, post_for_role
from npcgraph.records import Event, Person, Post, Source

_MAYOR = re.compile(rf"^(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?) [Mm]ayor (?P<name>{NAME})\b")
_ROLE = re.compile(
    rf"^(?P<role>{'|'.join(re.escape(word) for word in ROLE_WORDS)}) (?P<name>{NAME})\b"
)
_BARE = re.compile(rf"^(?P<name>{NAME})\b")
_KINDS = (
    ("Death", re.compile(r"\b(died|dies|passed away)\b", re.IGNORECASE)),
    ("Resignation", re.compile(r"\b(resigned|resigns|stepped down)\b", re.IGNORECASE)),
    ("Dismissal", re.compile(r"\b(dismissed|removed|expelled)\b", re.IGNORECASE)),
)


def read_event(text: str, source: Source, context: Context) -> Event:
    """`Hangzhou mayor Shao Zhanwei died during the congress.`: a death, with person and post."""
    kind = next((name for name, pattern in _KINDS if pattern.search(text)), None)
    person: Person | None = None
    post: Post | None = None
    if kind is not None:
        mayor = _MAYOR.match(text)
        role = _ROLE.match(text)
        bare = _BARE.match(text)
        if mayor is not None:
            person = mentioned_person(mayor["name"], source, context)
            post = mayor_post(mayor["city"])
        elif role is not None:
            person = mentioned_person(role["name"], source, context)
            post = post_for_role(role["role"], text)
        elif bare is not None and bare["name"].split()[0] not in {"The", "A", "An", "On", "In"}:
            person = mentioned_person(bare["name"], source, context)
    if kind is not None and person is None:
        context.notice(
            source.line,
            None,
            f"a {kind.lower()} with no name npcgraph can read; kept as an event without a person",
        )
        kind = None
    return Event(description=text, kind=kind, person=person, person_post=post, source=source)
