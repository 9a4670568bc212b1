"""SPARQL text for Wikidata-model endpoints: safe literals and the candidate queries."""

from __future__ import annotations

import re
from collections.abc import Iterable

from npcgraph.errors import NpcGraphError

PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
# A label that starts with a Chinese character (the SPARQL parser turns the \\u escapes into
# the characters themselves, so every regex engine sees a plain character range).
CJK_REGEX = "^[\\u3400-\\u9FFF\\uF900-\\uFAFF]"


def string_literal(text: str, language: str | None = None) -> str:
    """A SPARQL string literal for any text: quotes, backslashes and line breaks escaped."""
    body = "".join(_ESCAPES.get(ch, ch) for ch in text)
    # Other control characters and lone surrogates would break the request: use \\u escapes.
    body = "".join(
        f"\\u{ord(ch):04X}" if (ord(ch) < 0x20 or 0xD800 <= ord(ch) <= 0xDFFF) else ch
        for ch in body
    )
    literal = f'"{body}"'
    if language is not None:
        if not _LANGUAGE.match(language):
            raise NpcGraphError(f"not a language tag: {language!r}")
        literal += f"@{language}"
    return literal


def item(qid: str) -> str:
    """`wd:Q..` for a checked QID."""
    if not _QID.match(qid):
        raise NpcGraphError(f"not a Wikidata item id: {qid!r}")
    return f"wd:{qid}"


def _values(variable: str, terms: Iterable[str]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(terms)} }}"


def names_query(names: Iterable[tuple[str, str]]) -> str:
    """Items whose label or alias is one of the (text, language) names."""
    values = _values("name", (string_literal(text, lang) for text, lang in names))
    return (
        PREFIXES
        + "SELECT ?name ?item ?how WHERE {\n  "
        + values
        + '\n  { ?item rdfs:label ?name . BIND("label" AS ?how) }\n'
        + '  UNION { ?item skos:altLabel ?name . BIND("alias" AS ?how) }\n'
        + "  FILTER(STRSTARTS(STR(?item), STR(wd:)))\n}"
    )


def facts_query(qids: Iterable[str]) -> str:
    """Labels (en, zh), classes, birth and death dates, start or point in time of items."""
    values = _values("item", (item(qid) for qid in qids))
    return (
        PREFIXES
        + "SELECT ?item ?label ?class ?birth ?death ?start WHERE {\n  "
        + values
        + "\n  { ?item rdfs:label ?label . "
        + 'FILTER(LANG(?label) IN ("en", "zh", "zh-hans", "zh-cn")) }\n'
        + "  UNION { ?item wdt:P31 ?class }\n"
        + "  UNION { ?item wdt:P569 ?birth }\n"
        + "  UNION { ?item wdt:P570 ?death }\n"
        + "  UNION { ?item wdt:P580|wdt:P585 ?start }\n}"
    )


def positions_query(qids: Iterable[str]) -> str:
    """Positions held (P39 statements) with start, end and parliamentary term qualifiers."""
    values = _values("item", (item(qid) for qid in qids))
    return (
        PREFIXES
        + "SELECT ?item ?statement ?position ?start ?end ?term WHERE {\n  "
        + values
        + "\n  ?item p:P39 ?statement . ?statement ps:P39 ?position .\n"
        + "  OPTIONAL { ?statement pq:P580 ?start }\n"
        + "  OPTIONAL { ?statement pq:P582 ?end }\n"
        + "  OPTIONAL { ?statement pq:P2937 ?term }\n}"
    )


def chinese_holders_query(positions: Iterable[str]) -> str:
    """Holders of the positions whose label is in Chinese characters (for pinyin matching)."""
    values = _values("position", (item(qid) for qid in positions))
    return (
        PREFIXES
        + "SELECT DISTINCT ?item ?label WHERE {\n  "
        + values
        + "\n  ?item p:P39/ps:P39 ?position ; rdfs:label ?label .\n"
        + f'  FILTER(REGEX(STR(?label), "{CJK_REGEX}"))\n}}'
    )


def chinese_term_members_query(terms: Iterable[str]) -> str:
    """Members of the NPC in the given terms whose label is in Chinese characters."""
    values = _values("term", (item(qid) for qid in terms))
    return (
        PREFIXES
        + "SELECT DISTINCT ?item ?label WHERE {\n  "
        + values
        + "\n  ?item p:P39 ?statement . ?statement ps:P39 wd:Q10891456 ; pq:P2937 ?term .\n"
        + "  ?item rdfs:label ?label .\n"
        + f'  FILTER(REGEX(STR(?label), "{CJK_REGEX}"))\n}}'
    )
