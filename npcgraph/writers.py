"""Serializers that stream: Turtle, TriG, N-Triples, N-Quads, and JSON-LD (npcgraph.jsonld).

Each writer takes the corpus one article at a time, so a corpus of any size is written in
bounded memory, and the order is fixed (articles in path order; in an article, subject, then `a`
first and predicates by name, then objects), so a diff of two exports shows only what changed.
Turtle and TriG are written here rather than by rdflib or Oxigraph: their writers need the whole
graph in memory and order prefixes by hash, so their output is neither streamable nor byte-stable.
Subjects shared by articles (persons, posts, bodies, memberships) are written in the union
formats (Turtle, N-Triples) only with triples not written before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from io import BytesIO
from itertools import groupby
from typing import BinaryIO, Protocol

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from npcgraph.terms import Term, Triple, nquads, ntriples
from npcgraph.vocab import ID, PREFIXES, RDF, XSD

FORMATS: dict[str, str] = {
    "ttl": "Turtle",
    "nt": "N-Triples",
    "nq": "N-Quads",
    "trig": "TriG",
    "jsonld": "JSON-LD",
}
"""Export formats by file extension."""

SHARED_SUBJECTS = tuple(
    f"<{ID}{kind}/"
    for kind in ("person", "post", "body", "congress", "indicator", "membership", "link")
)
"""Nodes more than one article can describe."""

_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_RELATIVE = re.compile(r"^[A-Za-z0-9_\-./]+$")
_PREFIX_ORDER = [(name, base) for name, base in PREFIXES.items() if name != "id"]
_BARE = {
    f"<{XSD}integer>": re.compile(r"^[+-]?\d+$"),
    f"<{XSD}decimal>": re.compile(r"^[+-]?\d*\.\d+$"),
    f"<{XSD}boolean>": re.compile(r"^(?:true|false)$"),
}
_TYPED = re.compile(r'^(?P<lexical>".*")\^\^(?P<datatype><[^>]*>)$', re.DOTALL)
_RDF_TYPE = f"<{RDF}type>"


class GraphWriter(Protocol):
    """Takes a corpus graph by graph and writes it to a binary stream; `rendered` is what
    `render` made of the same graph, perhaps in another process."""

    @classmethod
    def render(cls, name: Term, triples: Sequence[Triple]) -> bytes | None: ...

    def graph(
        self, name: Term, triples: Sequence[Triple], rendered: bytes | None = None
    ) -> None: ...

    def finish(self) -> None: ...


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


def term_text(term: NamedNode | Literal) -> Term:
    """An Oxigraph term in N-Triples syntax, with language tags in their usual letter case."""
    if isinstance(term, Literal) and term.language:
        return f"{Literal(term.value)}@{language_tag(term.language)}"
    return str(term)


def is_shared(triple: Triple) -> bool:
    return triple[0].startswith(SHARED_SUBJECTS)


class _Dedupe:
    """Remembers triples of shared subjects, so union formats write each of them once."""

    def __init__(self) -> None:
        self.seen: set[Triple] = set()

    def fresh(self, triples: Sequence[Triple]) -> list[Triple]:
        kept = [triple for triple in triples if is_shared(triple) and triple not in self.seen]
        self.seen.update(kept)
        return kept


class _UnionWriter:
    """A format of the union of all graphs: the part of an article about its own nodes can be
    rendered anywhere (a worker process); shared subjects are written here, each triple once."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.dedupe = _Dedupe()

    @classmethod
    def render(cls, name: Term, triples: Sequence[Triple]) -> bytes:
        return cls.text([triple for triple in triples if not is_shared(triple)]).encode("utf-8")

    @staticmethod
    def text(triples: Sequence[Triple]) -> str:
        raise NotImplementedError

    def graph(self, name: Term, triples: Sequence[Triple], rendered: bytes | None = None) -> None:
        self.stream.write(rendered if rendered is not None else self.render(name, triples))
        self.stream.write(self.text(self.dedupe.fresh(triples)).encode("utf-8"))

    def finish(self) -> None:
        pass


class _GraphByGraphWriter:
    """A dataset format: every article is rendered whole, anywhere."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    @classmethod
    def render(cls, name: Term, triples: Sequence[Triple]) -> bytes:
        raise NotImplementedError

    def graph(self, name: Term, triples: Sequence[Triple], rendered: bytes | None = None) -> None:
        self.stream.write(rendered if rendered is not None else self.render(name, triples))

    def finish(self) -> None:
        pass


class NTriplesWriter(_UnionWriter):
    @staticmethod
    def text(triples: Sequence[Triple]) -> str:
        return ntriples(triples)


class NQuadsWriter(_GraphByGraphWriter):
    @classmethod
    def render(cls, name: Term, triples: Sequence[Triple]) -> bytes:
        return nquads(name, triples).encode("utf-8")


@lru_cache(maxsize=1 << 18)
def compact(term: Term) -> str:
    """A term as Turtle writes it: `a`, `npco:Session`, `<session/12-1>`, `2811`."""
    if term.startswith("<"):
        value = term[1:-1]
        if term == _RDF_TYPE:
            return "a"
        for name, base in _PREFIX_ORDER:
            if value.startswith(base) and _LOCAL_NAME.match(value[len(base) :]):
                return f"{name}:{value[len(base) :]}"
        if value.startswith(ID) and _RELATIVE.match(value[len(ID) :]):
            return f"<{value[len(ID) :]}>"
        return term
    typed = _TYPED.match(term)
    if typed is None:
        return term
    lexical, datatype = typed["lexical"], typed["datatype"]
    bare = _BARE.get(datatype)
    if bare is not None and bare.match(lexical[1:-1]):
        return lexical[1:-1]
    return f"{lexical}^^{compact(datatype)}"


def _header() -> str:
    lines = [f"@base <{ID}> ."]
    lines += [f"@prefix {name}: <{base}> ." for name, base in _PREFIX_ORDER]
    return "\n".join(lines) + "\n"


def _blocks(triples: Sequence[Triple], indent: str) -> str:
    blocks: list[str] = []
    for subject, group in groupby(triples, key=lambda triple: triple[0]):
        by_predicate: dict[str, list[str]] = {}
        for _, predicate, obj in group:
            by_predicate.setdefault(compact(predicate), []).append(compact(obj))
        ordered = sorted(by_predicate.items(), key=lambda pair: (pair[0] != "a", pair[0]))
        lines = [f"{indent}{compact(subject)}"]
        for number, (predicate, objects) in enumerate(ordered):
            end = " ." if number == len(ordered) - 1 else " ;"
            lines.append(f"{indent}    {predicate} {' , '.join(sorted(set(objects)))}{end}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


class TurtleWriter(_UnionWriter):
    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream)
        stream.write(_header().encode("utf-8"))

    @staticmethod
    def text(triples: Sequence[Triple]) -> str:
        return "\n" + _blocks(triples, "") + "\n" if triples else ""


class TriGWriter(_GraphByGraphWriter):
    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream)
        stream.write(_header().encode("utf-8"))

    @classmethod
    def render(cls, name: Term, triples: Sequence[Triple]) -> bytes:
        if not triples:
            return b""
        return f"\n{compact(name)} {{\n{_blocks(triples, '    ')}\n}}\n".encode()


class JsonLdWriter(_GraphByGraphWriter):
    """One JSON-LD document whose `"@graph"` holds one `{"@id": graph, "@graph": [...]}` object
    per article, in corpus order, each framed where the article was read (npcgraph.jsonld)."""

    def __init__(self, stream: BinaryIO) -> None:
        from npcgraph.jsonld import document_head

        super().__init__(stream)
        self.entries = 0
        stream.write(document_head().encode("utf-8"))

    @classmethod
    def render(cls, name: Term, triples: Sequence[Triple]) -> bytes:
        from npcgraph.jsonld import graph_entry

        return graph_entry(name[1:-1], triples).encode("utf-8") if triples else b""

    def graph(self, name: Term, triples: Sequence[Triple], rendered: bytes | None = None) -> None:
        from npcgraph.jsonld import entry_separator

        if not triples:
            return
        self.stream.write(entry_separator(self.entries == 0).encode("utf-8"))
        self.entries += 1
        super().graph(name, triples, rendered)

    def finish(self) -> None:
        from npcgraph.jsonld import document_tail

        self.stream.write(document_tail(self.entries > 0).encode("utf-8"))


WRITERS: dict[str, type[GraphWriter]] = {
    "ttl": TurtleWriter,
    "nt": NTriplesWriter,
    "nq": NQuadsWriter,
    "trig": TriGWriter,
    "jsonld": JsonLdWriter,
}


def quad_key(quad: Quad) -> tuple[str, str, str, str]:
    graph = "" if isinstance(quad.graph_name, DefaultGraph) else str(quad.graph_name)
    return (graph, quad.subject.value, quad.predicate.value, str(quad.object))


def sort_quads(quads: Iterable[Quad]) -> list[Quad]:
    """Oxigraph quads in one fixed order: graph, subject, predicate, object."""
    return sorted(set(quads), key=quad_key)


def grouped(quads: Iterable[Quad]) -> list[tuple[Term, list[Triple]]]:
    """Oxigraph quads as (graph, sorted triples) pairs, graphs in order."""
    by_graph: dict[Term, set[Triple]] = {}
    for quad in quads:
        name = "" if isinstance(quad.graph_name, DefaultGraph) else str(quad.graph_name)
        triple = (str(quad.subject), str(quad.predicate), term_text(quad.object))
        by_graph.setdefault(name, set()).add(triple)
    return [(name, sorted(by_graph[name])) for name in sorted(by_graph)]


def serialize(quads: Iterable[Quad], extension: str) -> bytes:
    """A whole in-memory graph in one format (for small graphs and tests)."""
    buffer = BytesIO()
    writer = WRITERS[extension](buffer)
    for name, triples in grouped(quads):
        writer.graph(name, triples)
    writer.finish()
    return buffer.getvalue()


def write_nquads(quads: Iterable[Quad]) -> bytes:
    return serialize(quads, "nq")
