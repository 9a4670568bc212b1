"""Persons inside resolution topics: who presented a report, who resigned from what."""

from __future__ import annotations

import re
from dataclasses import dataclass

from npcgraph.extract.context import Context
from npcgraph.naming import split_name
from npcgraph.offices import ROLE_WORDS, body_for_name, post_for_role
from npcgraph.records import Person, Post, Source

NAME = (
    r"(?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?(?: [A-Z][a-z]+(?:-[a-z]+)?){1,2}"
    r"(?: \([\u3400-\u9fff]{2,4}\))?|[\u3400-\u9fff]{2,4})"
)
"""A person's name: pinyin words, optionally with the Chinese form in brackets, or Chinese."""
_ROLES = "|".join(re.escape(word) for word in ROLE_WORDS)
_PRESENTED = re.compile(rf"^(?P<role>{_ROLES}) (?P<name>{NAME})['’]s (?P<report>.+)$")
_RESIGNATION = re.compile(
    rf"^Resignation of (?P<name>{NAME}) from (?:the )?(?P<body>.+?)\.?$", re.IGNORECASE
)


@dataclass(frozen=True)
class TopicReading:
    presenter: Person | None = None
    presenter_post: Post | None = None
    resigning_person: Person | None = None
    resigns_from: str | None = None


def read_topic(topic: str, source: Source, context: Context) -> TopicReading:
    """`Chief Justice Zhou Qiang's Supreme People's Court Work Report`: Zhou Qiang presented it."""
    presented = _PRESENTED.match(topic)
    if presented is not None:
        post = post_for_role(presented["role"], presented["report"])
        return TopicReading(
            presenter=mentioned_person(presented["name"], source, context), presenter_post=post
        )
    resignation = _RESIGNATION.match(topic)
    if resignation is not None:
        body = body_for_name(resignation["body"])
        if body is None:
            context.notice(
                source.line, 1, f"resignation from an unknown body {resignation['body']!r}"
            )
        return TopicReading(
            resigning_person=mentioned_person(resignation["name"], source, context),
            resigns_from=body,
        )
    return TopicReading()


def mentioned_person(text: str, source: Source, context: Context) -> Person:
    """A person named in running text, written in pinyin, Chinese, or both."""
    name, chinese = split_name(text)
    return context.person(name, chinese, source)
