"""Serializers: Turtle, TriG, N-Triples, N-Quads (and JSON-LD via npcgraph.jsonld).

The Turtle and TriG writers are our own, small, and only for what npcgraph writes (IRIs and
literals, no blank nodes): rdflib's and Oxigraph's writers order prefixes by hash and escape `/`
in local names, so their output is neither byte-stable across runs nor pleasant to diff. Here the
order is fixed (subject, then `a` first and predicates by name, then objects), so a diff of two
exports shows only what changed. Both parsers read the output back in the tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import groupby

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from npcgraph.vocab import ID, PREFIXES, RDF, XSD

FORMATS: dict[str, str] = {
    "ttl": "Turtle",
    "nt": "N-Triples",
    "nq": "N-Quads",
    "trig": "TriG",
    "jsonld": "JSON-LD",
}
"""Export formats by file extension."""

_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_RELATIVE = re.compile(r"^[A-Za-z0-9_\-./]+$")
_RDF_TYPE = RDF + "type"
_PREFIX_ORDER = [(name, base) for name, base in PREFIXES.items() if name != "id"]
_BARE_NUMBER = {XSD + "integer": re.compile(r"^[+-]?\d+$"),
                XSD + "decimal": re.compile(r"^[+-]?\d*\.\d+$"),
                XSD + "boolean": re.compile(r"^(?:true|false)$")}  # fmt: skip


def sort_quads(quads: Iterable[Quad]) -> list[Quad]:
    """Quads in the one order every writer uses: graph, subject, predicate, object."""
    return sorted(set(quads), key=_quad_key)


def _quad_key(quad: Quad) -> tuple[str, str, str, str]:
    graph = "" if isinstance(quad.graph_name, DefaultGraph) else str(quad.graph_name)
    return (graph, quad.subject.value, quad.predicate.value, str(quad.object))


def language_tag(tag: str) -> str:
    """BCP 47 letter case (Oxigraph lower-cases tags): `zh-latn-pinyin` -> `zh-Latn-pinyin`."""
    parts = tag.split("-")
    for index, part in enumerate(parts[1:], start=1):
        if len(parts[index - 1]) == 1:
            break
        if len(part) == 4 and part.isalpha():
            parts[index] = part.title()
        elif len(part) == 2 and part.isalpha():
            parts[index] = part.upper()
    return "-".join(parts)


def term_text(term: NamedNode | Literal) -> str:
    """A term in N-Triples syntax, with language tags in their usual letter case."""
    if isinstance(term, Literal) and term.language:
        return f"{Literal(term.value)}@{language_tag(term.language)}"
    return str(term)


def write_nquads(quads: Iterable[Quad]) -> bytes:
    lines = [
        f"{quad.subject} {quad.predicate} {term_text(quad.object)} {_graph(quad)}".rstrip() + " .\n"
        for quad in sort_quads(quads)
    ]
    return "".join(lines).encode("utf-8")


def write_ntriples(quads: Iterable[Quad]) -> bytes:
    lines = {f"{quad.subject} {quad.predicate} {term_text(quad.object)} .\n" for quad in quads}
    return "".join(sorted(lines)).encode("utf-8")


def _graph(quad: Quad) -> str:
    return "" if isinstance(quad.graph_name, DefaultGraph) else str(quad.graph_name)


class _Names:
    """Compact names: prefixed where the local part is plain, else relative to `@base`."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, term: NamedNode | Literal) -> str:
        if isinstance(term, Literal):
            return self.literal(term)
        value = term.value
        if value == _RDF_TYPE:
            return "a"
        for name, base in _PREFIX_ORDER:
            if value.startswith(base) and _LOCAL_NAME.match(value[len(base) :]):
                self.used.add(name)
                return f"{name}:{value[len(base) :]}"
        if value.startswith(ID) and _RELATIVE.match(value[len(ID) :]):
            return f"<{value[len(ID) :]}>"
        return str(term)

    def literal(self, term: Literal) -> str:
        datatype = term.datatype.value
        pattern = _BARE_NUMBER.get(datatype)
        if pattern is not None and pattern.match(term.value):
            return term.value
        if term.language or datatype == XSD + "string":
            return term_text(term)
        return f"{Literal(term.value)}^^{self(NamedNode(datatype))}"

    def header(self) -> str:
        lines = [f"@base <{ID}> ."]
        lines += [
            f"@prefix {name}: <{base}> ." for name, base in _PREFIX_ORDER if name in self.used
        ]
        return "\n".join(lines) + "\n"


def _subject_blocks(quads: list[Quad], names: _Names, indent: str) -> list[str]:
    blocks: list[str] = []
    for subject, group in groupby(quads, key=lambda quad: quad.subject.value):
        items = list(group)
        by_predicate: dict[str, list[str]] = {}
        for quad in items:
            by_predicate.setdefault(names(quad.predicate), []).append(names(quad.object))
        ordered = sorted(by_predicate.items(), key=lambda pair: (pair[0] != "a", pair[0]))
        lines = [f"{indent}{names(NamedNode(subject))}"]
        for number, (predicate, objects) in enumerate(ordered):
            end = " ." if number == len(ordered) - 1 else " ;"
            lines.append(f"{indent}    {predicate} {' , '.join(sorted(set(objects)))}{end}")
        blocks.append("\n".join(lines))
    return blocks


def _by_subject(quads: Iterable[Quad]) -> list[Quad]:
    return sorted(
        quads, key=lambda quad: (quad.subject.value, quad.predicate.value, str(quad.object))
    )


def write_turtle(quads: Iterable[Quad]) -> bytes:
    """The union of all graphs as Turtle."""
    triples = {Quad(quad.subject, quad.predicate, quad.object) for quad in quads}
    names = _Names()
    body = "\n\n".join(_subject_blocks(_by_subject(triples), names, ""))
    return (names.header() + "\n" + body + "\n").encode("utf-8")


def write_trig(quads: Iterable[Quad]) -> bytes:
    """Each named graph in its own block, in graph order."""
    names = _Names()
    blocks: list[str] = []
    for graph, group in groupby(sort_quads(quads), key=_graph):
        inner = "\n\n".join(_subject_blocks(_by_subject(group), names, "    "))
        opening = "{" if not graph else f"{names(NamedNode(graph[1:-1]))} {{"
        blocks.append(f"{opening}\n{inner}\n}}")
    return (names.header() + "\n" + "\n\n".join(blocks) + "\n").encode("utf-8")


def writer_for(extension: str) -> Callable[[Iterable[Quad]], bytes]:
    """The serializer for an export format."""
    if extension == "jsonld":
        from npcgraph.jsonld import write_jsonld

        return write_jsonld
    return {
        "ttl": write_turtle,
        "nt": write_ntriples,
        "nq": write_nquads,
        "trig": write_trig,
    }[extension]
