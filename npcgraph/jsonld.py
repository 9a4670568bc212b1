"""JSON-LD output: the graph as compacted, framed JSON-LD with the project's context inline.

`write_jsonld(quads)` turns a dataset into one JSON-LD 1.1 document that a web developer can read
without an RDF library, and that parses back to exactly the same quads. `npcgraph export` builds
the same document as a stream (`writers.JsonLdWriter`): `document_head()`, then one
`graph_entry()` per article, rendered in the process that read it, then `document_tail()`, so
a corpus of any size is written in bounded memory.

How it is built. No general JSON-LD processor is used: the compaction and framing below are
written for this one known model (docs/model.md) and the one context we publish
(`ontology/context.jsonld`). A general processor (pyld, jsonld.js, rdflib) goes through
expansion, flattening, framing and compaction passes over generic node maps; this module makes
one pass over the quads and one over the nodes, with term selection read off the context. It is
much faster (the three seed articles, 3,655 quads: about 0.06 s here against about 0.5 s for
jsonld.js's fromRDF + compact + frame), and every choice it makes (key, value form, array
order) comes from sorting, so it is deterministic.

The document:
- `"@context"`: the object of `ontology/context.jsonld`, embedded inline. Nothing refers to a
  remote context, so no reader ever fetches one.
- `"@graph"`: one object per named graph, `{"@id": <graph IRI>, "@graph": [...]}`: from
  `write_jsonld` sorted by graph IRI (`id:graph/links`, `id:graph/session/12-1`, ...); from
  `export`, one per article in corpus order, then `id:graph/links`. Two articles about one
  session give two objects with the same `@id`, and JSON-LD merges them into one named graph.
  Parsing the document gives back the dataset with its named graphs; its union is the Turtle
  export. Triples in the default graph, if any, are node objects placed directly in the
  top-level `"@graph"`.
- Inside a graph, each session is one nested object: `"votes"` (resolution votes, each with its
  `"motion"` and `"counts"` nested), `"elections"` (each with its `"ballots"`, counts nested),
  `"officeholders"` (memberships), `"statistics"`, `"events"` and `"sections"`; an article nests
  its source `"locations"`; in the links graph a linked node nests its `"wikidataLinks"`.
  These keys are reverse terms of the context (`schema:superEvent`, `npco:election`,
  `npco:reportedIn`, `npco:session`, `dcterms:isPartOf`, `npco:linkSubject`); `NEST_RULES`
  says which node goes where, and a nesting cycle in odd data is cut at its first IRI.
  Persons, posts, bodies, congresses, indicators and articles are top-level objects of the graph,
  each once, and are referenced elsewhere by `@id`. A node is nested at most once; every other
  mention is a reference, so every triple is written exactly once.
- Values: IRIs as compact IRIs (`id:person/xi-jinping`); `xsd:integer` and `xsd:boolean` as
  JSON numbers and booleans when their lexical form is canonical (and integers within 2^53);
  decimals, dates and years as strings typed by the context (a JSON number would be re-read as a
  double); language-tagged labels in language maps (`"label": {"en": ..., "zh": ...}`).
  A literal whose datatype or language does not fit the key's term definition falls back to the
  compact-IRI key (`"rdfs:label"`, `"npco:congress"`) with `{"@value", "@type"|"@language"}`
  objects, so every triple survives.
- Order: `@id`, `@type`, then keys in sorted order; arrays sorted by `npco:agendaOrder` /
  `npco:listOrder` where a node has one, then by IRI (numbers in IRIs compared as numbers),
  literals by value; two-space indent, UTF-8 without escapes, trailing newline.

Blank nodes, directional literals and RDF-star triple terms have no place in the model and are
refused with an `OutputError`.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse

from npcgraph.errors import OutputError
from npcgraph.terms import ntriples
from npcgraph.vocab import NPCO, OPENGOV, ORG, RDF, XSD
from npcgraph.writers import language_tag

CONTEXT_FILE = "context.jsonld"
RDF_TYPE = RDF + "type"
XSD_STRING = XSD + "string"
XSD_INTEGER = XSD + "integer"
XSD_BOOLEAN = XSD + "boolean"
ORDER_PROPERTIES = (NPCO + "agendaOrder", NPCO + "listOrder")
MAX_SAFE_INTEGER = 2**53 - 1
CANONICAL_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
ENTRY_INDENT = "    "
EMPTY_GRAPH_TAIL = "]\n}"

Json = Any
SortKey = tuple[int, int, tuple[Any, ...], tuple[str, ...]]
Object = NamedNode | Literal


@dataclass(frozen=True)
class NestRule:
    """Nest a node that has `child_type` (any node if None) under the term `key`."""

    child_type: str | None
    key: str


# Tried in order for every node; the first rule that finds a parent in the same graph wins.
NEST_RULES: tuple[NestRule, ...] = (
    NestRule(NPCO + "ElectionBallot", "ballots"),
    NestRule(OPENGOV + "VoteEvent", "votes"),
    NestRule(NPCO + "Election", "elections"),
    NestRule(NPCO + "Event", "events"),
    NestRule(ORG + "Membership", "officeholders"),
    NestRule(NPCO + "Statistic", "statistics"),
    NestRule(NPCO + "SectionText", "sections"),
    NestRule(NPCO + "SourceLocation", "locations"),
    NestRule(NPCO + "WikidataLink", "wikidataLinks"),
    NestRule(OPENGOV + "Motion", "motion"),
    NestRule(None, "counts"),
)


@dataclass(frozen=True)
class TermDefinition:
    """One term of the context, with its IRIs expanded."""

    name: str
    iri: str
    reverse: bool = False
    coerce: str | None = None  # "@id" or a datatype IRI
    language: str | None = None  # "@language" of the term
    language_map: bool = False
    is_set: bool = False


@dataclass(frozen=True)
class Context:
    """The published context, read for compaction."""

    document: dict[str, Json]
    prefixes: tuple[tuple[str, str], ...]  # (namespace, prefix), longest namespace first
    terms: dict[str, TermDefinition]  # by name
    by_property: dict[str, TermDefinition]  # forward terms by property IRI

    def expand(self, value: str) -> str:
        """The IRI a compact IRI of this context stands for."""
        prefix, _, suffix = value.partition(":")
        for namespace, name in self.prefixes:
            if name == prefix:
                return namespace + suffix
        return value


def context_text() -> str:
    """The text of `ontology/context.jsonld`, from the installed package or the source tree."""
    try:
        from importlib.resources import files

        return (files("npcgraph.ontology") / CONTEXT_FILE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError, TypeError):
        pass
    path = Path(__file__).resolve().parent.parent / "ontology" / CONTEXT_FILE
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise OutputError(f"cannot read the JSON-LD context {path}: {error.strerror}") from None


def load_context() -> dict[str, Json]:
    """A fresh copy of the `"@context"` object of `ontology/context.jsonld`."""
    return json.loads(context_text())["@context"]


@cache
def published_context() -> Context:
    """The context, parsed once."""
    return parse_context(load_context())


def parse_context(document: dict[str, Json]) -> Context:
    """Read prefixes and term definitions from a context object of the shape we publish."""
    namespaces = {
        name: value
        for name, value in document.items()
        if isinstance(value, str) and not name.startswith("@")
    }
    prefixes = tuple(sorted(((iri, name) for name, iri in namespaces.items()), key=_prefix_order))
    partial = Context(document, prefixes, {}, {})
    terms: dict[str, TermDefinition] = {}
    by_property: dict[str, TermDefinition] = {}
    for name, value in document.items():
        if not isinstance(value, dict):
            continue
        reverse = "@reverse" in value
        coerce = value.get("@type")
        term = TermDefinition(
            name=name,
            iri=partial.expand(value["@reverse"] if reverse else value["@id"]),
            reverse=reverse,
            coerce=coerce if coerce in (None, "@id") else partial.expand(coerce),
            language=value.get("@language"),
            language_map=value.get("@container") == "@language",
            is_set=value.get("@container") == "@set",
        )
        terms[name] = term
        if not reverse:
            if term.iri in by_property:
                raise OutputError(f"JSON-LD context: two terms for {term.iri}")
            by_property[term.iri] = term
    return Context(document, prefixes, terms, by_property)


def _prefix_order(entry: tuple[str, str]) -> tuple[int, str]:
    return (-len(entry[0]), entry[1])


@lru_cache(maxsize=1 << 16)
def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key comparing runs of digits as numbers: `statistic/2` before `statistic/10`."""
    parts: list[Any] = re.split(r"(\d+)", text)
    for index in range(1, len(parts), 2):
        parts[index] = int(parts[index])
    return tuple(parts)


def write_jsonld(quads: Iterable[Quad]) -> bytes:
    """The quads as one framed, compacted JSON-LD document (UTF-8, indent 2, final newline),
    its top-level objects sorted by IRI."""
    context = published_context()
    graphs: dict[str | None, dict[str, dict[str, set[Object]]]] = defaultdict(_node_map)
    for quad in quads:
        graph = _graph_name(quad)
        subject, predicate, obj = _checked_triple(quad)
        graphs[graph][subject][predicate].add(obj)

    compactor = Compactor(published_context())
    root: dict[str, dict[str, Json]] = {}
    if None in graphs:
        for node in _GraphFramer(compactor, graphs[None]).frame():
            root[context.expand(node["@id"])] = node
    for graph in sorted((name for name in graphs if name is not None), key=natural_key):
        frame = _GraphFramer(compactor, graphs[graph]).frame()
        holder = root.setdefault(graph, {"@id": compactor.iri(graph)})
        holder["@graph"] = frame
    entries = [top_level_entry(root[iri]) for iri in sorted(root, key=natural_key)]
    return (document_head() + "".join(_separated(entries)) + document_tail(bool(entries))).encode()


def graph_entry(name: str, triples: Iterable[tuple[str, str, str]]) -> str:
    """One named graph, given as N-Triples text triples (npcgraph.terms), as a top-level object
    of the document, `{"@id": name, "@graph": [...]}`: what the streaming writer writes for
    each article, in whichever process read it."""
    nodes = _node_map()
    for quad in parse(ntriples(triples).encode("utf-8"), format=RdfFormat.N_TRIPLES):
        subject, predicate, obj = _checked_triple(quad)
        nodes[subject][predicate].add(obj)
    compactor = Compactor(published_context())
    frame = _GraphFramer(compactor, nodes).frame()
    return top_level_entry({"@id": compactor.iri(name), "@graph": frame})


def top_level_entry(node: dict[str, Json]) -> str:
    """A top-level object as it is indented inside the document's `"@graph"` array."""
    text = json.dumps(_keywords_first(node), indent=2, ensure_ascii=False)
    return ENTRY_INDENT + text.replace("\n", "\n" + ENTRY_INDENT)


def document_head() -> str:
    """The document up to its `"@graph"` array's first entry: the context, inline."""
    document = {"@context": published_context().document, "@graph": []}
    empty = json.dumps(document, indent=2, ensure_ascii=False)
    return empty.removesuffix(EMPTY_GRAPH_TAIL)


def document_tail(has_entries: bool) -> str:
    """The end of the document after its last entry (byte for byte what `json.dumps` writes)."""
    return "\n  ]\n}\n" if has_entries else EMPTY_GRAPH_TAIL + "\n"


def entry_separator(first: bool) -> str:
    return "\n" if first else ",\n"


def _separated(entries: list[str]) -> Iterator[str]:
    for number, entry in enumerate(entries):
        yield entry_separator(number == 0)
        yield entry


def _node_map() -> dict[str, dict[str, set[Object]]]:
    return defaultdict(lambda: defaultdict(set))


def _keywords_first(node: dict[str, Json]) -> dict[str, Json]:
    """`@id`, `@type` and `@graph` before the properties of a top-level object."""
    keywords = [key for key in ("@id", "@type", "@graph") if key in node]
    return {key: node[key] for key in [*keywords, *(k for k in node if k not in keywords)]}


def _graph_name(quad: Quad) -> str | None:
    graph = quad.graph_name
    if isinstance(graph, DefaultGraph):
        return None
    if isinstance(graph, NamedNode):
        return graph.value
    raise OutputError(f"JSON-LD output needs IRIs, not a blank node as graph name: {graph}")


def _checked_triple(quad: Quad) -> tuple[str, str, Object]:
    subject, obj = quad.subject, quad.object
    if not isinstance(subject, NamedNode):
        raise OutputError(f"JSON-LD output needs IRIs, not {subject} as subject")
    if isinstance(obj, Literal):
        if obj.direction is not None:
            raise OutputError(f"JSON-LD output has no place for the directional literal {obj}")
    elif not isinstance(obj, NamedNode):
        raise OutputError(f"JSON-LD output needs IRIs or literals, not {obj} as object")
    return subject.value, quad.predicate.value, obj


class Compactor:
    """Compacts IRIs and literals against the published context."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self._compacted: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        """The compact IRI `prefix:suffix`, or the IRI itself where no prefix fits."""
        found = self._compacted.get(iri)
        if found is None:
            found = self._compacted[iri] = self._compact(iri)
        return found

    def _compact(self, iri: str) -> str:
        for namespace, prefix in self.context.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                suffix = iri[len(namespace) :]
                if not suffix.startswith("//"):
                    return f"{prefix}:{suffix}"
        scheme = iri.partition(":")[0]
        if scheme in self.context.terms or any(p == scheme for _, p in self.context.prefixes):
            raise OutputError(f"JSON-LD output: the IRI {iri} would be read as a compact IRI")
        return iri

    def key(self, predicate: str) -> str:
        """The key for a property that has no term, or whose value does not fit its term."""
        return self.iri(predicate)

    def term_value(self, term: TermDefinition, obj: Object) -> Json | None:
        """The value as the term writes it, or None when it does not fit the term."""
        if term.coerce == "@id":
            return self.iri(obj.value) if isinstance(obj, NamedNode) else None
        if not isinstance(obj, Literal) or term.language_map:
            return None
        if term.language is not None:
            return obj.value if obj.language == term.language else None
        if obj.language is not None:
            return None
        datatype = obj.datatype.value
        if term.coerce is None:
            return obj.value if datatype == XSD_STRING else None
        if datatype != term.coerce:
            return None
        return native_value(obj.value, datatype)

    def value_object(self, obj: Object) -> dict[str, Json]:
        """The full form: `{"@id"}` or `{"@value", "@type" | "@language"}`."""
        if isinstance(obj, NamedNode):
            return {"@id": self.iri(obj.value)}
        if obj.language is not None:
            return {"@value": obj.value, "@language": language_tag(obj.language)}
        if obj.datatype.value == XSD_STRING:
            return {"@value": obj.value}
        return {"@value": obj.value, "@type": self.iri(obj.datatype.value)}


def native_value(lexical: str, datatype: str) -> Json:
    """A JSON number or boolean where it reads back as the same lexical form, else the string."""
    if datatype == XSD_INTEGER and CANONICAL_INTEGER.fullmatch(lexical) and lexical != "-0":
        number = int(lexical)
        if abs(number) <= MAX_SAFE_INTEGER:
            return number
    if datatype == XSD_BOOLEAN and lexical in ("true", "false"):
        return lexical == "true"
    return lexical


@dataclass(frozen=True)
class Nesting:
    """Where a node is written: inside `parent` under `key`, through the triple `link`."""

    parent: str
    key: str
    link: tuple[str, str, str]


class _GraphFramer:
    """Frames the triples of one graph into an array of nested node objects."""

    def __init__(self, compactor: Compactor, nodes: dict[str, dict[str, set[Object]]]) -> None:
        self.compactor = compactor
        self.context = compactor.context
        self.nodes = nodes
        self.incoming: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for subject, properties in nodes.items():
            for predicate, objects in properties.items():
                for obj in objects:
                    if isinstance(obj, NamedNode) and obj.value in nodes:
                        self.incoming[obj.value][predicate].append(subject)
        self.nesting = self._nest()
        self.children: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.links: set[tuple[str, str, str]] = set()
        for child in sorted(self.nesting, key=natural_key):
            place = self.nesting[child]
            self.children[place.parent][place.key].append(child)
            self.links.add(place.link)

    def frame(self) -> list[dict[str, Json]]:
        roots = [subject for subject in self.nodes if subject not in self.nesting]
        return [self._render(subject) for subject in sorted(roots, key=self._node_key)]

    def _types(self, subject: str) -> set[str]:
        objects = self.nodes[subject].get(RDF_TYPE, set())
        return {obj.value for obj in objects if isinstance(obj, NamedNode)}

    def _nest(self) -> dict[str, Nesting]:
        nesting: dict[str, Nesting] = {}
        for child in sorted(self.nodes, key=natural_key):
            place = self._place(child)
            if place is not None:
                nesting[child] = place
        _break_cycles(nesting)
        return nesting

    def _place(self, child: str) -> Nesting | None:
        types = self._types(child)
        for rule in NEST_RULES:
            if rule.child_type is not None and rule.child_type not in types:
                continue
            term = self.context.terms[rule.key]
            if term.reverse:
                objects = self.nodes[child].get(term.iri, set())
                parents = [o.value for o in objects if isinstance(o, NamedNode)]
                parents = [p for p in parents if p in self.nodes and p != child]
                if parents:
                    parent = min(parents, key=natural_key)
                    return Nesting(parent, rule.key, (child, term.iri, parent))
            else:
                parents = [p for p in self.incoming[child].get(term.iri, []) if p != child]
                if parents:
                    parent = min(parents, key=natural_key)
                    return Nesting(parent, rule.key, (parent, term.iri, child))
        return None

    def _node_key(self, subject: str) -> SortKey:
        for predicate in ORDER_PROPERTIES:
            for obj in self.nodes.get(subject, {}).get(predicate, ()):
                if isinstance(obj, Literal) and CANONICAL_INTEGER.fullmatch(obj.value):
                    return (0, int(obj.value), natural_key(subject), ("", "", subject))
        return (0, 2**63, natural_key(subject), ("", "", subject))

    def _object_key(self, obj: Object) -> SortKey:
        if isinstance(obj, NamedNode):
            return self._node_key(obj.value)
        extra = (obj.datatype.value, obj.language or "", obj.value)
        return (1, 0, natural_key(obj.value), extra)

    def _render(self, subject: str) -> dict[str, Json]:
        """The node object of `subject`, with the nodes nested in it."""
        values = _NodeValues()
        for predicate, objects in self.nodes[subject].items():
            for obj in objects:
                self._add_value(values, subject, predicate, obj)
        for key, kids in self.children.get(subject, {}).items():
            if self.context.terms[key].reverse:
                for kid in kids:
                    values.entries[key].append((self._node_key(kid), self._render(kid)))
        node: dict[str, Json] = {"@id": self.compactor.iri(subject)}
        if values.types:
            ordered = [self.compactor.iri(t) for t in sorted(values.types, key=natural_key)]
            node["@type"] = ordered[0] if len(ordered) == 1 else ordered
        properties = values.properties(self.context)
        for key in sorted(properties):
            node[key] = properties[key]
        return node

    def _add_value(self, values: _NodeValues, subject: str, predicate: str, obj: Object) -> None:
        if predicate == RDF_TYPE and isinstance(obj, NamedNode):
            values.types.append(obj.value)
            return
        if isinstance(obj, NamedNode) and (subject, predicate, obj.value) in self.links:
            place = self.nesting.get(obj.value)
            if place is not None and place.parent == subject:
                values.entries[place.key].append(
                    (self._node_key(obj.value), self._render(obj.value))
                )
            return  # else the child->parent triple is written by the parent's reverse key
        sort_key = self._object_key(obj)
        term = self.context.by_property.get(predicate)
        if term is not None and term.language_map:
            if isinstance(obj, Literal) and obj.language is not None:
                values.language_maps[term.name][language_tag(obj.language)].append(
                    (sort_key, obj.value)
                )
                return
        elif term is not None:
            value = self.compactor.term_value(term, obj)
            if value is not None:
                values.entries[term.name].append((sort_key, value))
                return
        values.entries[self.compactor.key(predicate)].append(
            (sort_key, self.compactor.value_object(obj))
        )


class _NodeValues:
    """The values of one node object as they are collected, before sorting."""

    def __init__(self) -> None:
        self.types: list[str] = []
        self.entries: dict[str, list[tuple[SortKey, Json]]] = defaultdict(list)
        self.language_maps: dict[str, dict[str, list[tuple[SortKey, str]]]] = defaultdict(
            lambda: defaultdict(list)
        )

    def properties(self, context: Context) -> dict[str, Json]:
        """Every key with its sorted values: one value alone, several (or a set) as an array."""
        properties: dict[str, Json] = {}
        for key, entries in self.entries.items():
            entries.sort(key=lambda entry: entry[0])
            term = context.terms.get(key)
            always_array = term is not None and (term.is_set or term.reverse)
            single = len(entries) == 1 and not always_array
            properties[key] = entries[0][1] if single else [value for _, value in entries]
        for key, by_language in self.language_maps.items():
            language_map: dict[str, Json] = {}
            for language in sorted(by_language):
                texts = [text for _, text in sorted(by_language[language], key=lambda e: e[0])]
                language_map[language] = texts[0] if len(texts) == 1 else texts
            properties[key] = language_map
        return properties


def _break_cycles(nesting: dict[str, Nesting]) -> None:
    """Unnest one node of every nesting cycle (the first by IRI), so that every chain ends."""
    for start in sorted(nesting, key=natural_key):
        seen: list[str] = []
        node = start
        while node in nesting:
            if node in seen:
                cycle = seen[seen.index(node) :]
                del nesting[min(cycle, key=natural_key)]
                break
            seen.append(node)
            node = nesting[node].parent
