"""A fast SHACL validator for the part of SHACL that shapes/npcgraph.ttl uses.

The shapes graph is read once per process with pyoxigraph into plain objects (`Shape`,
`SparqlConstraint`); a shapes graph that uses any SHACL feature this module does not implement is
refused when it is loaded (`UnsupportedShapes`), so nothing is ever silently skipped. Data is
validated as the RDF merge of all its graphs: SHACL Core constraints are checked in Python over a
subject -> predicate -> objects index, SHACL-SPARQL constraints run on Oxigraph's query engine.

Supported: node and property shapes; targets sh:targetClass (with rdfs:subClassOf* in the data),
sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf; sh:path as one predicate IRI; sh:property,
sh:minCount, sh:maxCount, sh:datatype, sh:nodeKind, sh:class, sh:minInclusive, sh:maxInclusive
(numeric), sh:hasValue, sh:in, sh:pattern with sh:flags, sh:languageIn, sh:uniqueLang, sh:node,
sh:qualifiedValueShape with sh:qualifiedMinCount / sh:qualifiedMaxCount, sh:severity,
sh:message, sh:deactivated, and sh:sparql constraints with sh:select, sh:prefixes / sh:declare,
sh:message and sh:deactivated, on node shapes.

SPARQL constraints and pre-binding. SHACL defines a SPARQL constraint by "pre-binding" `$this` to
each focus node in turn, as pyshacl does, one query per focus node. Running the query once with
`?this` free and keeping the rows whose `?this` is a focus node gives the same rows whenever
`?this` is bound by the first element of the WHERE group (a triple or path pattern with `$this`,
or a sub-SELECT that is itself of that form, projects `$this` and groups by it): every later
element is joined or left-joined on that binding, filters, BINDs and EXISTS in the top group see
`?this` already bound (EXISTS substitutes the solution into its pattern), and groups with
aggregates are formed per `?this`. So selecting the rows of one focus node after the fact equals
fixing it beforehand. That holds when, besides, `$this` occurs in a nested OPTIONAL, UNION, MINUS
or plain group only as a term of a triple pattern (a join on it), never in a FILTER or BIND
inside such a group, and the query has no LIMIT or OFFSET. `batch_safe` checks exactly these
conditions on the query text; of our shapes, SessionDates, TermStart, ApprovalRate, DeputyLimit,
DuplicateCount and VoteDate pass it. A query that does not (BallotCandidateOffice, whose
`FILTER NOT EXISTS { $this ... }` sits in a UNION branch where `?this` is not yet bound) runs once
per focus node with `$this` pre-bound by Oxigraph's substitution (SEP-0007), SHACL's own
definition. Rows then become results as pyshacl makes them: the focus is `?this`, the path
`?path`, the value `?value` or else the focus node; identical rows are reported once; each
`{?var}` / `{$var}` of a message is replaced by the lexical form or IRI of the variable's value.

sh:datatype checks the lexical form of XSD literals against the XSD grammar (after whitespace
collapsing), so "abc"^^xsd:integer or "2017-02-30"^^xsd:date fail. That is stricter than
rdflib (which pyshacl relies on) for a few odd forms rdflib's Python converters accept, such as
"1_000"^^xsd:integer, "NaN"^^xsd:decimal or a gYear that is not a year.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from npcgraph.errors import Location, NpcGraphError
from npcgraph.terms import ntriples
from npcgraph.vocab import DCTERMS, NPCO, PROV, RDF, RDFS, XSD

if TYPE_CHECKING:
    from npcgraph.validation import ValidationReport

# Terms are plain Python values inside the engine (hashing and comparing pyoxigraph terms
# crosses into Rust each time): an IRI is its str, a blank node "_:" + its id, a literal a
# tuple (lexical form, datatype IRI, language tag or "").
Term = str | tuple[str, str, str]
PyTerm = NamedNode | BlankNode | Literal

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = RDF + "type"
RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDF_NIL = RDF + "nil"
RDF_LANG_STRING = RDF + "langString"
SUBCLASS_OF = RDFS + "subClassOf"
XSD_STRING = XSD + "string"
VIOLATION = SH + "Violation"
THIS = pyoxigraph.Variable("this")
SHAPE_TYPES = {SH + "NodeShape", SH + "PropertyShape"}
KNOWN_TYPES = SHAPE_TYPES | {SH + "SPARQLConstraint", SH + "PrefixDeclaration"}
CLASS_TYPES = {RDFS + "Class", "http://www.w3.org/2002/07/owl#Class"}
TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
# sh: predicates this engine understands; any other in a shapes graph is refused at load time.
SUPPORTED = {
    *TARGETS,
    *("path", "property", "sparql", "severity", "message", "deactivated"),
    *("name", "description", "order", "group"),  # non-validating annotations
    *("minCount", "maxCount", "datatype", "nodeKind", "class", "minInclusive", "maxInclusive"),
    *("hasValue", "in", "pattern", "flags", "languageIn", "uniqueLang", "node"),
    *("qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount"),
    *("qualifiedValueShapesDisjoint", "select", "prefixes", "declare", "prefix", "namespace"),
}
NODE_KINDS = {
    "IRI": frozenset({"iri"}),
    "BlankNode": frozenset({"bnode"}),
    "Literal": frozenset({"literal"}),
    "BlankNodeOrIRI": frozenset({"bnode", "iri"}),
    "BlankNodeOrLiteral": frozenset({"bnode", "literal"}),
    "IRIOrLiteral": frozenset({"iri", "literal"}),
}
REGEX_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


class UnsupportedShapes(NpcGraphError):
    """A shapes graph that uses SHACL this engine does not implement, or malformed SHACL."""


def native(term: PyTerm) -> Term:
    """A pyoxigraph term as the engine's plain value."""
    kind = type(term)
    if kind is NamedNode:
        return term.value
    if kind is Literal:
        language = term.language  # type: ignore[union-attr]
        if language:
            return (term.value, RDF_LANG_STRING, language)
        return (term.value, term.datatype.value, "")  # type: ignore[union-attr]
    return "_:" + term.value


_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)


def _unescape(text: str) -> str:
    """N-Triples string and IRI escapes (ECHAR, UCHAR) replaced by the characters they stand for."""

    def character(match: re.Match[str]) -> str:
        code = match[1] or match[2]
        if code:
            return chr(int(code, 16))
        if match[3] not in _ECHAR:
            raise ValueError(f"invalid escape \\{match[3]}")
        return _ECHAR[match[3]]

    return _ESCAPE.sub(character, text) if "\\" in text else text


def text_term(text: str) -> Term:
    """One N-Triples term (an IRI, a blank node or a literal) as the engine's plain value, with
    language tags in lower case as Oxigraph keeps them."""
    first = text[0]
    if first == "<":
        return _unescape(text[1:-1])
    if first == "_":
        return text
    end = text.rindex('"')
    lexical = _unescape(text[1:end])
    rest = text[end + 1 :]
    if not rest:
        return (lexical, XSD_STRING, "")
    if rest[0] == "@":
        return (lexical, RDF_LANG_STRING, rest[1:].lower())
    return (lexical, _unescape(rest[3:-1]), "")


def to_term(term: Term) -> PyTerm:
    """The engine's plain value as a pyoxigraph term."""
    if isinstance(term, tuple):
        lexical, datatype, language = term
        if language:
            return Literal(lexical, language=language)
        return Literal(lexical, datatype=NamedNode(datatype))
    if term.startswith("_:"):
        return BlankNode(term[2:])
    return NamedNode(term)


def _kind(term: Term) -> str:
    if isinstance(term, tuple):
        return "literal"
    return "bnode" if term.startswith("_:") else "iri"


def _is_iri(term: Term | None) -> bool:
    return isinstance(term, str) and not term.startswith("_:")


# ---------------------------------------------------------------- the shapes as plain objects


@dataclass(frozen=True)
class Constraint:
    """One Core constraint: its component's local name and its parameter(s)."""

    component: str
    value: object


@dataclass(frozen=True)
class SparqlConstraint:
    node: Term
    query: str
    messages: tuple[str, ...]
    batch: bool
    predicates: frozenset[str] | None


@dataclass
class Shape:
    node: Term
    path: str | None
    severity: str
    messages: tuple[str, ...]
    deactivated: bool
    targets: dict[str, tuple[Term, ...]]
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)

    @property
    def has_targets(self) -> bool:
        return any(self.targets.values())


@dataclass(frozen=True)
class Shapes:
    """The shapes with targets, in IRI order, each with its property shapes resolved; the
    predicates whose subjects or objects are targets; the predicates the SPARQL constraints
    read (None: any)."""

    targeted: tuple[Shape, ...]
    subjects_of: frozenset[str]
    objects_of: frozenset[str]
    sparql_predicates: frozenset[str] | None


class _Graph:
    """The shapes graph as subject -> predicate -> objects."""

    def __init__(self, quads: Iterable[Quad]) -> None:
        self.out: dict[Term, dict[str, list[Term]]] = {}
        for subject, predicate, obj, _graph in quads:
            by_predicate = self.out.setdefault(native(subject), {})
            objects = by_predicate.setdefault(predicate.value, [])
            if (value := native(obj)) not in objects:
                objects.append(value)

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        return self.out.get(subject, {}).get(predicate, [])

    def one(self, subject: Term, name: str) -> Term | None:
        values = self.objects(subject, SH + name)
        if len(values) > 1:
            raise UnsupportedShapes(f"{_label(subject)} has {len(values)} values of sh:{name}")
        return values[0] if values else None

    def items(self, head: Term) -> list[Term]:
        """The members of an RDF list."""
        found: list[Term] = []
        seen: set[Term] = set()
        while head != RDF_NIL:
            if head in seen or not self.objects(head, RDF_FIRST):
                raise UnsupportedShapes(f"{_label(head)} is not a well-formed RDF list")
            seen.add(head)
            found.append(self.objects(head, RDF_FIRST)[0])
            rest = self.objects(head, RDF_REST)
            head = rest[0] if rest else RDF_NIL
        return found


def load_shapes(path: Path | None = None) -> Shapes:
    """The shapes of a Turtle file (default: the npcgraph shapes), parsed once per process."""
    from npcgraph.validation import shapes_path

    return _load_cached(str(path or shapes_path()))


@lru_cache(maxsize=8)
def _load_cached(path: str) -> Shapes:
    try:
        text = Path(path).read_bytes()
        quads = list(pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.TURTLE))
    except (OSError, SyntaxError) as error:
        raise NpcGraphError(f"{path}: the shapes file cannot be read: {error}") from None
    return shapes_from_quads(quads)


def shapes_from_quads(quads: Iterable[Quad]) -> Shapes:
    """Shapes from the triples of a shapes graph; UnsupportedShapes for what is not implemented."""
    graph = _Graph(quads)
    _refuse_unknown_features(graph)
    built: dict[Term, Shape] = {}
    names = sorted(_shape_nodes(graph), key=_sort_key)
    for node in names:
        _build(graph, node, built)
    targeted = tuple(built[node] for node in names if built[node].has_targets)
    subjects_of = {p for shape in targeted for p in shape.targets["targetSubjectsOf"]}
    objects_of = {p for shape in targeted for p in shape.targets["targetObjectsOf"]}
    predicates: set[str] | None = set()
    for shape in built.values():
        for constraint in shape.sparql:
            if constraint.predicates is None or predicates is None:
                predicates = None
            else:
                predicates |= constraint.predicates
    return Shapes(
        targeted,
        frozenset(subjects_of),  # type: ignore[arg-type]
        frozenset(objects_of),  # type: ignore[arg-type]
        None if predicates is None else frozenset(predicates),
    )


def _refuse_unknown_features(graph: _Graph) -> None:
    for subject, predicates in graph.out.items():
        for predicate, objects in predicates.items():
            if predicate.startswith(SH) and predicate[len(SH) :] not in SUPPORTED:
                raise UnsupportedShapes(
                    f"{_label(subject)} uses sh:{predicate[len(SH) :]}, which the fast SHACL "
                    "engine does not implement (use --engine pyshacl)"
                )
            if predicate != RDF_TYPE:
                continue
            for kind in objects:
                if isinstance(kind, str) and kind.startswith(SH) and kind not in KNOWN_TYPES:
                    raise UnsupportedShapes(
                        f"{_label(subject)} is a {_label(kind)}, which the fast SHACL engine "
                        "does not implement (use --engine pyshacl)"
                    )
                if kind in CLASS_TYPES and SHAPE_TYPES & set(objects):
                    raise UnsupportedShapes(
                        f"{_label(subject)} is a shape and a class (an implicit class target), "
                        "which the fast SHACL engine does not implement (use --engine pyshacl)"
                    )


def _shape_nodes(graph: _Graph) -> set[Term]:
    nodes: set[Term] = set()
    for subject, predicates in graph.out.items():
        if SHAPE_TYPES & set(predicates.get(RDF_TYPE, ())):
            nodes.add(subject)
        if SH + "path" in predicates or any(SH + t in predicates for t in TARGETS):
            nodes.add(subject)
        for name in ("property", "node", "qualifiedValueShape"):
            nodes.update(predicates.get(SH + name, ()))
    return nodes


def _build(graph: _Graph, node: Term, built: dict[Term, Shape]) -> Shape:
    if node in built:
        return built[node]
    path = graph.one(node, "path")
    if path is not None and not _is_iri(path):
        raise UnsupportedShapes(f"{_label(node)} has a complex sh:path, not implemented")
    severity = graph.one(node, "severity") or VIOLATION
    shape = Shape(
        node=node,
        path=path,  # type: ignore[arg-type]
        severity=_iri(severity, node, "severity"),
        messages=_messages(graph, node),
        deactivated=_boolean(graph, node, "deactivated"),
        targets={name: tuple(graph.objects(node, SH + name)) for name in TARGETS},
    )
    for name in ("targetClass", "targetSubjectsOf", "targetObjectsOf"):
        for target in shape.targets[name]:
            _iri(target, node, name)
    built[node] = shape  # before the parts, so that recursive shapes end
    shape.constraints = _constraints(graph, node, built)
    parts = sorted(graph.objects(node, SH + "property"), key=_sort_key)
    shape.properties = [_build(graph, part, built) for part in parts]
    for part in shape.properties:
        if part.path is None:
            raise UnsupportedShapes(f"{_label(part.node)}, a property shape, has no sh:path")
        if part.properties or part.sparql:
            raise UnsupportedShapes(
                f"{_label(part.node)}: sh:property or sh:sparql on a property shape is not "
                "implemented"
            )
    sparql = graph.objects(node, SH + "sparql")
    if sparql and path is not None:
        raise UnsupportedShapes(f"{_label(node)}: sh:sparql on a property shape is not implemented")
    shape.sparql = [_sparql(graph, part) for part in sorted(sparql, key=_sort_key)]
    return shape


def _constraints(graph: _Graph, node: Term, built: dict[Term, Shape]) -> list[Constraint]:
    found: list[Constraint] = []
    for name in ("minCount", "maxCount"):
        if (value := graph.one(node, name)) is not None:
            found.append(Constraint(name, _integer(value, node, name)))
    for value in graph.objects(node, SH + "datatype"):
        found.append(Constraint("datatype", _iri(value, node, "datatype")))
    for value in graph.objects(node, SH + "nodeKind"):
        kind = _iri(value, node, "nodeKind").removeprefix(SH)
        if kind not in NODE_KINDS:
            raise UnsupportedShapes(f"{_label(node)}: unknown sh:nodeKind {_label(value)}")
        found.append(Constraint("nodeKind", (value, NODE_KINDS[kind])))
    for value in graph.objects(node, SH + "class"):
        found.append(Constraint("class", _iri(value, node, "class")))
    for name in ("minInclusive", "maxInclusive"):
        if (value := graph.one(node, name)) is not None:
            number = _number(value) if isinstance(value, tuple) else None
            if number is None:
                raise UnsupportedShapes(f"{_label(node)}: sh:{name} is not a number")
            found.append(Constraint(name, (value, number)))
    for value in graph.objects(node, SH + "hasValue"):
        found.append(Constraint("hasValue", value))
    if (value := graph.one(node, "in")) is not None:
        members = graph.items(value)
        found.append(Constraint("in", (tuple(members), frozenset(members))))
    found.extend(_pattern(graph, node))
    if (value := graph.one(node, "languageIn")) is not None:
        tags = tuple(_string(item, node, "languageIn").lower() for item in graph.items(value))
        found.append(Constraint("languageIn", tags))
    if _boolean(graph, node, "uniqueLang"):
        found.append(Constraint("uniqueLang", True))
    for value in sorted(graph.objects(node, SH + "node"), key=_sort_key):
        found.append(Constraint("node", _build(graph, value, built)))
    found.extend(_qualified(graph, node, built))
    return found


def _pattern(graph: _Graph, node: Term) -> list[Constraint]:
    value = graph.one(node, "pattern")
    flags_node = graph.one(node, "flags")
    if value is None:
        if flags_node is not None:
            raise UnsupportedShapes(f"{_label(node)} has sh:flags without sh:pattern")
        return []
    flags = 0
    for letter in _string(flags_node, node, "flags") if flags_node is not None else "":
        if letter not in REGEX_FLAGS:
            raise UnsupportedShapes(f"{_label(node)}: sh:flags {letter!r} is not implemented")
        flags |= REGEX_FLAGS[letter]
    text = _string(value, node, "pattern")
    try:
        compiled = re.compile(text, flags)
    except re.error as error:
        raise UnsupportedShapes(f"{_label(node)}: sh:pattern {text!r}: {error}") from None
    return [Constraint("pattern", (text, compiled))]


def _qualified(graph: _Graph, node: Term, built: dict[Term, Shape]) -> list[Constraint]:
    value = graph.one(node, "qualifiedValueShape")
    low, high = graph.one(node, "qualifiedMinCount"), graph.one(node, "qualifiedMaxCount")
    if value is None:
        if low is not None or high is not None:
            raise UnsupportedShapes(f"{_label(node)}: a qualified count without a shape")
        return []
    if _boolean(graph, node, "qualifiedValueShapesDisjoint"):
        raise UnsupportedShapes(f"{_label(node)}: sh:qualifiedValueShapesDisjoint true")
    inner = _build(graph, value, built)
    found: list[Constraint] = []
    if low is not None:
        found.append(Constraint("qualifiedMinCount", (inner, _integer(low, node, "min"))))
    if high is not None:
        found.append(Constraint("qualifiedMaxCount", (inner, _integer(high, node, "max"))))
    return found


def _sparql(graph: _Graph, node: Term) -> SparqlConstraint:
    select = graph.one(node, "select")
    if select is None:
        raise UnsupportedShapes(f"{_label(node)}: a SPARQL constraint without sh:select")
    query = _string(select, node, "select")
    if re.search(r"[?$](failure|PATH|currentShape|shapesGraph)\b", query):
        raise UnsupportedShapes(
            f"{_label(node)}: ?failure, $PATH, $currentShape and $shapesGraph are not implemented"
        )
    prefixes: dict[str, str] = {}
    for holder in sorted(graph.objects(node, SH + "prefixes"), key=_sort_key):
        for declaration in sorted(graph.objects(holder, SH + "declare"), key=_sort_key):
            prefix = _string(graph.one(declaration, "prefix"), declaration, "prefix")
            namespace = graph.one(declaration, "namespace")
            prefixes[prefix] = _string(namespace, declaration, "namespace")
    text = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items()) + query
    try:
        pyoxigraph.Store().query(text)
    except SyntaxError as error:
        raise UnsupportedShapes(f"{_label(node)}: sh:select is not valid SPARQL: {error}") from None
    if _boolean(graph, node, "deactivated"):
        return SparqlConstraint(node, "", (), True, frozenset())
    return SparqlConstraint(
        node, text, _messages(graph, node), batch_safe(query), query_predicates(text)
    )


def _messages(graph: _Graph, node: Term) -> tuple[str, ...]:
    return tuple(m[0] for m in graph.objects(node, SH + "message") if isinstance(m, tuple))


def _boolean(graph: _Graph, node: Term, name: str) -> bool:
    value = graph.one(node, name)
    if value is None:
        return False
    if not isinstance(value, tuple) or value[0] not in ("true", "false", "1", "0"):
        raise UnsupportedShapes(f"{_label(node)}: sh:{name} is not a boolean")
    return value[0] in ("true", "1")


def _integer(value: Term | None, node: Term, name: str) -> int:
    if not isinstance(value, tuple) or not re.fullmatch(r"[+-]?\d+", value[0].strip()):
        raise UnsupportedShapes(f"{_label(node)}: sh:{name} is not an integer")
    return int(value[0])


def _string(value: Term | None, node: Term, name: str) -> str:
    if not isinstance(value, tuple):
        raise UnsupportedShapes(f"{_label(node)}: sh:{name} is not a literal")
    return value[0]


def _iri(value: Term, node: Term, name: str) -> str:
    if not _is_iri(value):
        raise UnsupportedShapes(f"{_label(node)}: sh:{name} is not an IRI")
    return value  # type: ignore[return-value]


def _label(term: Term) -> str:
    if isinstance(term, tuple):
        return repr(term[0])
    return term.replace(SH, "sh:")


def _sort_key(term: Term) -> tuple[int, str, str, str]:
    if isinstance(term, tuple):
        return (2, *term)
    return (1 if term.startswith("_:") else 0, term, "", "")


# ---------------------------------------------------------------- SPARQL: batch or pre-bound

_TOKEN = re.compile(
    r"""(?P<skip>\#[^\n]*|\s+)
    | (?P<string>(?:'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
        (?:@[A-Za-z0-9\-]+|\^\^(?:<[^>]*>|[A-Za-z_][\w\-.]*:[\w\-.]*))?)
    | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+)
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<var>[?$][A-Za-z0-9_]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[A-Za-z0-9_\-.]*)?|:[A-Za-z0-9_\-.]*)
    | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}


def _tokens(query: str) -> list[str]:
    found = []
    for match in _TOKEN.finditer(query):
        if match.lastgroup == "skip":
            continue
        text = match.group()
        if match.lastgroup == "var":
            text = "?" + text[1:]
        elif match.lastgroup == "word" and ":" not in text:
            text = text.upper()
        elif match.lastgroup == "string":
            text = '""'
        found.append(text)
    return found


def batch_safe(query: str) -> bool:
    """True when running `query` once with ?this free and keeping each focus node's rows gives
    what pre-binding $this to that node gives (see the module docstring for the conditions)."""
    tokens = _tokens(query)
    if tokens[:1] != ["SELECT"]:
        return False
    end = _select_safe(tokens, 0)
    return end == len(tokens)


def _select_safe(tokens: list[str], start: int) -> int:
    """Index after a batch-safe SELECT that begins at `start`, or -1."""
    position = start + 1
    projected = aggregated = False
    depth = 0
    while position < len(tokens) and tokens[position] not in ("WHERE", "{"):
        token = tokens[position]
        depth += {"(": 1, ")": -1}.get(token, 0)
        if token == "?this" and depth == 0:
            projected = True
        aggregated = aggregated or token in _AGGREGATES
        position += 1
    if not projected or position == len(tokens):
        return -1
    if tokens[position] == "WHERE":
        position += 1
    end = _group_safe(tokens, position)
    if end < 0:
        return -1
    grouped = False
    position = end
    while position < len(tokens) and tokens[position] != "}":
        token = tokens[position]
        if token in ("LIMIT", "OFFSET", "VALUES", "{"):
            return -1
        if token == "GROUP":
            grouped = True
            group_end = position + 2
            while group_end < len(tokens) and tokens[group_end] not in ("HAVING", "ORDER", "}"):
                group_end += 1
            if "?this" not in tokens[position + 2 : group_end]:
                return -1
        aggregated = aggregated or token in _AGGREGATES
        position += 1
    if aggregated and not grouped:
        return -1
    return position


def _group_safe(tokens: list[str], start: int) -> int:
    """Index after the top group (at `start`, a `{`) of a batch-safe query, or -1."""
    if tokens[start] != "{" or start + 1 >= len(tokens):
        return -1
    first = start + 1
    if tokens[first] == "{" and tokens[first + 1 : first + 2] == ["SELECT"]:
        end = _select_safe(tokens, first + 1)
        if end < 0 or tokens[end : end + 1] != ["}"]:
            return -1
        position = end + 1
    elif tokens[first] == "?this":
        position = first
    else:
        return -1
    return _rest_safe(tokens, position)


def _rest_safe(tokens: list[str], position: int) -> int:
    """Walk the rest of the top group: `?this` may be anywhere in it and in EXISTS groups, but
    in other nested groups only outside parentheses (in triple patterns)."""
    stack: list[str] = ["top"]
    parens: list[int] = [0]
    previous = ""
    while position < len(tokens):
        token = tokens[position]
        if token == "{":
            if tokens[position + 1 : position + 2] == ["SELECT"]:
                return -1 if "?this" in _until_close(tokens, position) else _skip(tokens, position)
            inside_exists = stack[-1] == "exists" or previous == "EXISTS"
            stack.append("exists" if inside_exists else "nested")
            parens.append(0)
        elif token == "}":
            stack.pop()
            parens.pop()
            if not stack:
                return position + 1
        elif token == "(":
            parens[-1] += 1
        elif token == ")":
            parens[-1] -= 1
        elif token == "?this" and stack[-1] == "nested" and parens[-1] > 0:
            return -1
        previous = token
        position += 1
    return -1


def _until_close(tokens: list[str], start: int) -> list[str]:
    return tokens[start : _skip(tokens, start)]


def _skip(tokens: list[str], start: int) -> int:
    depth = 0
    for position in range(start, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[position], 0)
        if depth == 0:
            return position + 1
    return len(tokens)


_KEYWORDS = {
    *("SELECT", "WHERE", "FILTER", "BIND", "OPTIONAL", "MINUS", "UNION", "VALUES", "EXISTS"),
    *("NOT", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET", "DISTINCT", "REDUCED", "AS"),
}


def query_predicates(query: str) -> frozenset[str] | None:
    """The IRIs a query names (a superset of the predicates its triple patterns can match), or
    None when it may match triples of any predicate: a variable or negated property set as
    predicate, a zero-length path (`*`, `?`), GRAPH or SERVICE. Unsure cases give None."""
    tokens = _tokens(query)
    prefixes: dict[str, str] = {}
    found = {RDF_TYPE, RDF_FIRST, RDF_REST}
    parens = braces = 0
    in_projection = False
    state = "s"
    stack: list[str] = []
    for position, token in enumerate(tokens):
        previous = tokens[position - 1] if position else ""
        if previous == "PREFIX":
            prefixes[token.rstrip(":")] = tokens[position + 1][1:-1]
            continue
        starred = token == "*" and (in_projection or parens)
        if token in ("GRAPH", "SERVICE", "!", "*", "?") and not starred:
            return None
        if token.startswith("<") and len(token) > 2:
            found.add(token[1:-1])
        elif ":" in token and not token.startswith("?"):
            name, _colon, local = token.partition(":")
            if name not in prefixes:
                return None
            found.add(prefixes[name] + local)
        if token == "SELECT":
            in_projection = True
        elif token in ("WHERE", "{"):
            in_projection = False
        if token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif token in ("{", "}"):
            braces += 1 if token == "{" else -1
        outside = not braces and token != "}"
        if parens or in_projection or outside or token == ")" or previous == "PREFIX":
            continue
        if token in ("{", "}", ".") or token in _KEYWORDS:
            state = "s"
        elif token == ";":
            state = "p"
        elif token == ",":
            state = "o"
        elif token == "[":
            stack.append("p" if state == "s" else "s")
            state = "p"
        elif token == "]":
            state = stack.pop() if stack else "s"
        elif token in ("/", "|", "^"):
            state = "p"
        else:
            if state == "p" and token.startswith("?"):
                return None
            state = {"s": "p", "p": "o"}.get(state, "s")
    return frozenset(found)


# ---------------------------------------------------------------- literals

_XML_SPACE = " \t\n\r"
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
_DOUBLE = r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)"
_ZONE = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_DAY = r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}
_LEXICAL: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in {
        "decimal": _DECIMAL,
        "double": _DOUBLE,
        "float": _DOUBLE,
        "boolean": r"true|false|1|0",
        "date": _YEAR + _DAY + _ZONE,
        "dateTime": _YEAR + _DAY + "T" + _TIME + _ZONE,
        "time": _TIME + _ZONE,
        "gYear": _YEAR + _ZONE,
        "gYearMonth": _YEAR + r"-(0[1-9]|1[0-2])" + _ZONE,
    }.items()
}
_FREE_TEXT = {"string", "normalizedString", "token", "language", "anyURI"}
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_NUMERIC = {*_INTEGER_RANGES, "decimal", "double", "float"}


@lru_cache(maxsize=65536)
def well_typed(lexical: str, datatype: str) -> bool:
    """Whether a lexical form is valid for an XSD datatype (after whitespace collapsing);
    forms of datatypes outside XSD, and of XSD string types, are taken as valid."""
    if not datatype.startswith(XSD):
        return True
    name = datatype[len(XSD) :]
    if name in _FREE_TEXT:
        return True
    text = lexical.strip(_XML_SPACE)
    if name in _INTEGER_RANGES:
        if not _INTEGER.fullmatch(text):
            return False
        low, high = _INTEGER_RANGES[name]
        number = int(text)
        return (low is None or number >= low) and (high is None or number <= high)
    pattern = _LEXICAL.get(name)
    if pattern is None:
        return True
    if not pattern.fullmatch(text):
        return False
    if name in ("date", "dateTime"):
        year, month, day = (int(part) for part in re.findall(r"\d+", text)[:3])
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return day <= _DAYS[month - 1] and (month != 2 or day <= 28 or leap)
    return True


def _number(literal: tuple[str, str, str]) -> int | Decimal | float | None:
    """The value of a well-typed numeric literal, else None."""
    lexical, datatype, _language = literal
    name = datatype[len(XSD) :] if datatype.startswith(XSD) else ""
    if name not in _NUMERIC or not well_typed(lexical, datatype):
        return None
    text = lexical.strip(_XML_SPACE)
    if name in _INTEGER_RANGES:
        return int(text)
    if name == "decimal":
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    return float(text.replace("INF", "inf"))


# ---------------------------------------------------------------- the data


class DataIndex:
    """The RDF merge of some triples, indexed for the shapes: subject -> predicate -> objects,
    instances by class, subjects / objects of the target predicates, and the triples the SPARQL
    constraints need (kept in their source form, to load into a store only when asked)."""

    def __init__(
        self,
        rows: Iterable[tuple[Term, str, Term, object]],
        shapes: Shapes,
        loader: Callable[[list], tuple[pyoxigraph.Store, PyTerm | None]],
    ) -> None:
        out: dict[Term, dict[str, list[Term]]] = {}
        subclasses: dict[Term, list[Term]] = {}
        subjects_of: dict[str, list[Term]] = {p: [] for p in shapes.subjects_of}
        objects_of: dict[str, list[Term]] = {p: [] for p in shapes.objects_of}
        wanted = shapes.sparql_predicates
        for_sparql: list[object] = []
        for s, p, o, source in rows:
            by_predicate = out.get(s)
            if by_predicate is None:
                by_predicate = out[s] = {}
            objects = by_predicate.get(p)
            if objects is None:
                by_predicate[p] = [o]
            elif o in objects:
                continue
            else:
                objects.append(o)
            if p == SUBCLASS_OF:
                subclasses.setdefault(o, []).append(s)
            if p in subjects_of:
                subjects_of[p].append(s)
            if p in objects_of:
                objects_of[p].append(o)
            if wanted is None or p in wanted:
                for_sparql.append(source)
        self.out = out
        self.subclasses = subclasses
        self.subjects_of = subjects_of
        self.objects_of = objects_of
        self._for_sparql = for_sparql
        self._loader = loader
        self._instances: dict[Term, list[Term]] | None = None
        self._closure: dict[Term, frozenset[Term]] = {}

    @classmethod
    def of_quads(cls, quads: Iterable[Quad], shapes: Shapes) -> DataIndex:
        """The merge of pyoxigraph quads."""
        rows = (
            (native(quad.subject), quad.predicate.value, native(quad.object), quad)
            for quad in quads
        )
        return cls(rows, shapes, _quads_store)

    @classmethod
    def of_text(cls, triples: Iterable[tuple[str, str, str]], shapes: Shapes) -> DataIndex:
        """The merge of triples whose terms are N-Triples text (npcgraph.terms): read without
        building library objects, which is most of the cost of validating one article."""
        known: dict[str, Term] = {}
        rows = []
        for triple in triples:
            s, p, o = triple
            subject = known.get(s)
            if subject is None:
                subject = known[s] = text_term(s)
            predicate = known.get(p)
            if predicate is None:
                predicate = known[p] = text_term(p)
            obj = known.get(o)
            if obj is None:
                obj = known[o] = text_term(o)
            rows.append((subject, predicate, obj, triple))
        return cls(rows, shapes, _text_store)  # type: ignore[arg-type]

    def values(self, subject: Term, predicate: str) -> list[Term]:
        by_predicate = self.out.get(subject)
        if by_predicate is None:
            return []
        return by_predicate.get(predicate, [])

    def instances(self, cls: Term) -> list[Term]:
        if self._instances is None:
            found: dict[Term, list[Term]] = {}
            for subject, by_predicate in self.out.items():
                for kind in by_predicate.get(RDF_TYPE, ()):
                    found.setdefault(kind, []).append(subject)
            self._instances = found
        return self._instances.get(cls, [])

    def classes_under(self, cls: Term) -> frozenset[Term]:
        """The class and all its subclasses (rdfs:subClassOf* in the data)."""
        found = self._closure.get(cls)
        if found is None:
            seen = {cls}
            todo = [cls]
            while todo:
                for sub in self.subclasses.get(todo.pop(), ()):
                    if sub not in seen:
                        seen.add(sub)
                        todo.append(sub)
            found = self._closure[cls] = frozenset(seen)
        return found

    def is_instance(self, node: Term, cls: Term) -> bool:
        types = self.values(node, RDF_TYPE)
        if not types or isinstance(node, tuple):
            return False
        if cls in types:
            return True
        under = self.classes_under(cls)
        return any(kind in under for kind in types)

    def focus_nodes(self, shape: Shape) -> list[Term]:
        found: dict[Term, None] = {}
        for cls in shape.targets["targetClass"]:
            for kind in self.classes_under(cls):
                found.update(dict.fromkeys(self.instances(kind)))
        found.update(dict.fromkeys(shape.targets["targetNode"]))
        for predicate in shape.targets["targetSubjectsOf"]:
            found.update(dict.fromkeys(self.subjects_of.get(predicate, ())))  # type: ignore[arg-type]
        for predicate in shape.targets["targetObjectsOf"]:
            found.update(dict.fromkeys(self.objects_of.get(predicate, ())))  # type: ignore[arg-type]
        return list(found)  # the report is sorted at the end; no order is needed here

    def store(self) -> tuple[pyoxigraph.Store, PyTerm | None]:
        """A store for the SPARQL constraints, and the graph to query as the default graph."""
        return self._loader(self._for_sparql)


def _quads_store(quads: list[Quad]) -> tuple[pyoxigraph.Store, PyTerm | None]:
    """The quads in a store: the one graph they are all in, or else their merge, written to
    the default graph."""
    store = pyoxigraph.Store()
    graphs = {quad.graph_name for quad in quads}
    if len(graphs) <= 1:
        store.bulk_extend(quads)
        return store, next(iter(graphs), None)
    triples = {(quad.subject, quad.predicate, quad.object) for quad in quads}
    store.bulk_extend([Quad(s, p, o) for s, p, o in triples])
    return store, None


def _text_store(triples: list[tuple[str, str, str]]) -> tuple[pyoxigraph.Store, PyTerm | None]:
    """Text triples in the default graph of a store, read by Oxigraph's N-Triples parser."""
    store = pyoxigraph.Store()
    store.load(ntriples(triples).encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store, None


# ---------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Finding:
    """One validation result."""

    focus: Term
    path: Term | None
    value: Term | None
    severity: str
    messages: tuple[str, ...]
    shape: Term
    component: str


class _Run:
    """One validation: the data, and the conformance checks made so far."""

    def __init__(self, data: DataIndex) -> None:
        self.data = data
        self._store: tuple[pyoxigraph.Store, PyTerm | None] | None = None
        self._conforms: dict[tuple[int, Term], bool] = {}

    def rows(self, query: str, focus: Term | None) -> Iterator[tuple[Term, tuple]]:
        """(this, bound variables) of each row; with `focus`, $this is pre-bound to it."""
        if self._store is None:
            self._store = self.data.store()
        store, graph = self._store
        options: dict[str, object] = {}
        if graph is not None and not isinstance(graph, pyoxigraph.DefaultGraph):
            options["default_graph"] = graph
        if focus is not None:
            options["substitutions"] = {THIS: to_term(focus)}
        solutions = store.query(query, **options)  # type: ignore[arg-type]
        names = [variable.value for variable in solutions.variables]  # type: ignore[union-attr]
        for solution in solutions:  # type: ignore[union-attr]
            bound = tuple(
                (name, native(term)) for name in names if (term := solution[name]) is not None
            )
            this = dict(bound).get("this", focus)
            if this is not None:
                yield this, bound

    def conforms(self, shape: Shape, node: Term) -> bool:
        """Whether a node conforms to a shape (no result of any severity), for sh:node and
        sh:qualifiedValueShape."""
        key = (id(shape), node)
        known = self._conforms.get(key)
        if known is None:
            self._conforms[key] = True  # assume conformance while recursing into the same pair
            found: list[Finding] = []
            self.check(shape, node, found)
            known = self._conforms[key] = not found
        return known

    def check_all(self, shape: Shape, focus_nodes: list[Term], found: list[Finding]) -> None:
        """Add the Core results of a targeted shape on all its focus nodes to `found`, one
        constraint at a time over all of them (its SPARQL constraints run in `sparql`)."""
        if not shape.deactivated:
            self._core(shape, focus_nodes, found, nested=False)

    def check(self, shape: Shape, focus: Term, found: list[Finding]) -> None:
        """Add the results of a nested shape on one node to `found` (at most one per
        constraint: conformance is all that is asked), its SPARQL constraints included."""
        if shape.deactivated:
            return
        self._core(shape, [focus], found, nested=True)
        for constraint in shape.sparql:
            found.extend(self._sparql(shape, constraint, [focus], batch=False))

    def _core(
        self, shape: Shape, focus_nodes: list[Term], found: list[Finding], nested: bool
    ) -> None:
        """The Core constraints of a shape and of its property shapes on `focus_nodes`."""
        nowhere: dict[str, list[Term]] = {}
        edges = [(focus, self.data.out.get(focus, nowhere)) for focus in focus_nodes]
        if shape.path is None:
            self._constraints(shape, [(focus, [focus]) for focus in focus_nodes], found, nested)
        elif shape.constraints:
            path = shape.path
            self._constraints(shape, [(f, out.get(path, [])) for f, out in edges], found, nested)
        for part in shape.properties:
            if not part.deactivated:
                path = part.path  # type: ignore[assignment]
                pairs = [(f, out.get(path, [])) for f, out in edges]  # type: ignore[arg-type]
                self._constraints(part, pairs, found, nested)

    def _constraints(
        self,
        shape: Shape,
        pairs: list[tuple[Term, list[Term]]],
        found: list[Finding],
        nested: bool,
    ) -> None:
        """Each Core constraint of `shape` on each (focus node, value nodes) pair."""
        for constraint in shape.constraints:
            check = _CHECKS[constraint.component]
            parameter = constraint.value
            for focus, values in pairs:
                for value, message in check(self, shape, parameter, values):
                    found.append(
                        Finding(
                            focus=focus,
                            path=shape.path,
                            value=value,
                            severity=shape.severity,
                            messages=() if nested else shape.messages or (message(),),
                            shape=shape.node,
                            component=_component(constraint.component),
                        )
                    )
                    if nested:
                        return

    def sparql(self, shape: Shape, focus_nodes: list[Term]) -> Iterator[Finding]:
        if shape.deactivated or not focus_nodes:
            return
        for constraint in shape.sparql:
            yield from self._sparql(shape, constraint, focus_nodes, constraint.batch)

    def _sparql(
        self, shape: Shape, constraint: SparqlConstraint, focus_nodes: list[Term], batch: bool
    ) -> Iterator[Finding]:
        if not constraint.query:
            return
        if batch:
            wanted = set(focus_nodes)
            rows = [row for row in self.rows(constraint.query, None) if row[0] in wanted]
        else:
            rows = [row for f in focus_nodes for row in self.rows(constraint.query, f)]
        seen: set[tuple[object, ...]] = set()
        own = tuple(m for m in constraint.messages if m not in shape.messages)
        for this, bindings in rows:
            if bindings in seen:
                continue
            seen.add(bindings)
            names = dict(bindings)
            path = names.get("path")
            value = names.get("value", this)
            names.update({"this": this, "value": value})
            messages = tuple(_fill(message, names) for message in (*own, *shape.messages))
            default = f"the SPARQL constraint {_label(constraint.node)} found a problem"
            yield Finding(
                focus=this,
                path=path,
                value=value,
                severity=shape.severity,
                messages=messages or (default,),
                shape=shape.node,
                component=SH + "SPARQLConstraintComponent",
            )


def _fill(message: str, names: dict[str, Term]) -> str:
    """A message with each {?name} / {$name} replaced by the lexical form or IRI of its value."""
    for name, term in names.items():
        text = term[0] if isinstance(term, tuple) else term.removeprefix("_:")
        message = message.replace("{?" + name + "}", text).replace("{$" + name + "}", text)
    return message


@lru_cache(maxsize=64)
def _component(name: str) -> str:
    return SH + name[0].upper() + name[1:] + "ConstraintComponent"


# A check: (run, shape, parameter, value nodes) -> (value or None, message maker) per result.
Message = Callable[[], str]
Check = Callable[[_Run, Shape, object, list[Term]], list[tuple[Term | None, Message]]]


def _where(shape: Shape) -> str:
    return "the node" if shape.path is None else _short(shape.path)


def _min_count(run: _Run, shape: Shape, low: object, values: list[Term]) -> list:
    if len(values) < low:  # type: ignore[operator]
        return [(None, lambda: f"{_where(shape)}: {len(values)} values, at least {low} expected")]
    return []


def _max_count(run: _Run, shape: Shape, high: object, values: list[Term]) -> list:
    if len(values) > high:  # type: ignore[operator]
        return [(None, lambda: f"{_where(shape)}: {len(values)} values, at most {high} allowed")]
    return []


def _datatype(run: _Run, shape: Shape, datatype: object, values: list[Term]) -> list:
    found = []
    for value in values:
        if (
            isinstance(value, tuple)
            and value[1] == datatype
            and (datatype in (RDF_LANG_STRING, XSD_STRING) or well_typed(value[0], datatype))
        ):
            continue
        found.append((value, _says(value, "is not a valid", datatype)))
    return found


def _node_kind(run: _Run, shape: Shape, parameter: object, values: list[Term]) -> list:
    kind, allowed = parameter  # type: ignore[misc]
    return [
        (value, _says(value, "is not of the node kind", kind))
        for value in values
        if _kind(value) not in allowed
    ]


def _class(run: _Run, shape: Shape, cls: object, values: list[Term]) -> list:
    is_instance = run.data.is_instance
    return [
        (value, _says(value, "is not an instance of", cls))
        for value in values
        if not is_instance(value, cls)  # type: ignore[arg-type]
    ]


def _bound(low: bool) -> Check:
    def check(run: _Run, shape: Shape, parameter: object, values: list[Term]) -> list:
        term, limit = parameter  # type: ignore[misc]
        found = []
        for value in values:
            number = _number(value) if isinstance(value, tuple) else None
            if number is None or (number < limit if low else number > limit):
                found.append((value, _says(value, "is not >=" if low else "is not <=", term)))
        return found

    return check


def _has_value(run: _Run, shape: Shape, expected: object, values: list[Term]) -> list:
    if expected in values:
        return []
    return [(None, lambda: f"{_where(shape)} does not have the value {_short(expected)}")]


def _in(run: _Run, shape: Shape, parameter: object, values: list[Term]) -> list:
    members, allowed = parameter  # type: ignore[misc]
    return [
        (value, lambda value=value: f"{_short(value)} is not one of {_shorts(members)}")
        for value in values
        if value not in allowed
    ]


def _pattern_check(run: _Run, shape: Shape, parameter: object, values: list[Term]) -> list:
    text, compiled = parameter  # type: ignore[misc]
    found = []
    for value in values:
        if _kind(value) == "bnode" or not compiled.search(_lexical(value)):
            found.append((value, lambda value=value: f"{_short(value)} does not match {text}"))
    return found


def _language_in(run: _Run, shape: Shape, tags: object, values: list[Term]) -> list:
    allowed = ", ".join(tags)  # type: ignore[arg-type]
    found = []
    for value in values:
        language = value[2].lower() if isinstance(value, tuple) else ""
        if not language or not any(
            tag == "*" or language == tag or language.startswith(tag + "-")
            for tag in tags  # type: ignore[attr-defined]
        ):
            found.append((value, lambda v=value: f"{_short(v)} is not in the languages {allowed}"))
    return found


def _unique_lang(run: _Run, shape: Shape, _on: object, values: list[Term]) -> list:
    counts: dict[str, int] = {}
    for value in values:
        if isinstance(value, tuple) and value[2]:
            language = value[2].lower()
            counts[language] = counts.get(language, 0) + 1
    return [
        (None, lambda n=count, tag=language: f"{_where(shape)}: {n} values in language {tag}")
        for language, count in sorted(counts.items())
        if count > 1
    ]


def _node(run: _Run, shape: Shape, inner: object, values: list[Term]) -> list:
    return [
        (value, _says(value, "does not conform to", inner.node))  # type: ignore[attr-defined]
        for value in values
        if not run.conforms(inner, value)  # type: ignore[arg-type]
    ]


def _qualified_count(low: bool) -> Check:
    def check(run: _Run, shape: Shape, parameter: object, values: list[Term]) -> list:
        inner, limit = parameter  # type: ignore[misc]
        count = sum(1 for value in values if run.conforms(inner, value))
        if not ((count < limit) if low else (count > limit)):
            return []
        word = "at least" if low else "at most"

        def message() -> str:
            return (
                f"{_where(shape)}: {count} values conform to {_short(inner.node)}, "
                f"{word} {limit} expected"
            )

        return [(None, message)]

    return check


_CHECKS: dict[str, Check] = {
    "minCount": _min_count,
    "maxCount": _max_count,
    "datatype": _datatype,
    "nodeKind": _node_kind,
    "class": _class,
    "minInclusive": _bound(low=True),
    "maxInclusive": _bound(low=False),
    "hasValue": _has_value,
    "in": _in,
    "pattern": _pattern_check,
    "languageIn": _language_in,
    "uniqueLang": _unique_lang,
    "node": _node,
    "qualifiedMinCount": _qualified_count(low=True),
    "qualifiedMaxCount": _qualified_count(low=False),
}


def _says(value: Term, words: str, other: object) -> Message:
    """A default message, made only when a result is reported."""
    return lambda: f"{_short(value)} {words} {_short(other)}"  # type: ignore[arg-type]


def _lexical(term: Term) -> str:
    return term[0] if isinstance(term, tuple) else term


def _short(term: Term) -> str:
    if isinstance(term, str) and " " in term:
        return term
    from npcgraph.validation import _short as short

    return short(to_term(term))


def _shorts(terms: Iterable[Term]) -> str:
    return ", ".join(_short(term) for term in terms)


# ---------------------------------------------------------------- sources


class _Sources:
    """Where a node came from, as validation._SourceFinder finds it with SPARQL: the file and
    line of its prov:wasDerivedFrom location (or of itself, when it has an npco:line), else of
    a node that points to it; the first in file, line and column order."""

    def __init__(self, data: DataIndex, nodes: set[Term]) -> None:
        self._data = data
        self._cache: dict[Term, Location | None] = {}
        self._parents: dict[Term, list[Term]] = {node: [] for node in nodes}
        for subject, by_predicate in data.out.items():
            if not _is_iri(subject):
                continue
            for objects in by_predicate.values():
                for obj in objects:
                    if obj in self._parents:
                        self._parents[obj].append(subject)

    def own(self, node: Term) -> Location | None:
        if node in self._cache:
            return self._cache[node]
        values = self._data.values
        places = list(values(node, PROV + "wasDerivedFrom"))
        if values(node, NPCO + "line"):
            places.append(node)
        found: list[Location] = []
        for place in places:
            columns: list[Term | None] = list(values(place, NPCO + "column")) or [None]
            for article in values(place, DCTERMS + "isPartOf"):
                for name in values(article, NPCO + "fileName"):
                    for line in values(place, NPCO + "line"):
                        for column in columns:
                            found.append(
                                Location(
                                    _lexical(name),
                                    _as_int(line),
                                    None if column is None else _as_int(column),
                                )
                            )
        best = min(found, key=_location_key) if found else None
        self._cache[node] = best
        return best

    def find(self, node: Term) -> Location | None:
        if not _is_iri(node):
            return None
        if (own := self.own(node)) is not None:
            return own
        parents = [found for p in self._parents.get(node, ()) if (found := self.own(p))]
        return min(parents, key=_location_key) if parents else None


def _as_int(term: Term) -> int | None:
    try:
        return int(_lexical(term))
    except ValueError:
        return None


def _location_key(location: Location) -> tuple[str, int, int]:
    return (location.path, location.line or 0, location.column or 0)


# ---------------------------------------------------------------- entry points


def findings(quads: Iterable[Quad], shapes: Shapes | None = None) -> list[Finding]:
    """Every result of validating the merge of `quads`, in evaluation order."""
    shapes = shapes or load_shapes()
    return _evaluate(DataIndex.of_quads(quads, shapes), shapes)


def _evaluate(data: DataIndex, shapes: Shapes) -> list[Finding]:
    run = _Run(data)
    found: list[Finding] = []
    for shape in shapes.targeted:
        if shape.deactivated:
            continue
        focus_nodes = data.focus_nodes(shape)
        run.check_all(shape, focus_nodes, found)
        found.extend(run.sparql(shape, focus_nodes))
    return found


def validate_quads(quads: Iterable[Quad], shapes: Shapes | None = None) -> ValidationReport:
    """Validate the RDF merge of `quads` against the npcgraph shapes (or `shapes`): a report
    whose terms are pyoxigraph terms, each result with its source file and line. Imports
    neither rdflib nor pyshacl; cheap to call many times (the shapes are parsed once)."""
    shapes = shapes or load_shapes()
    return _report(DataIndex.of_quads(quads, shapes), shapes)


def validate_triples(
    triples: Iterable[tuple[str, str, str]], shapes: Shapes | None = None
) -> ValidationReport:
    """Validate triples whose terms are N-Triples text (npcgraph.terms), as `validate_quads`
    does; the fast path for one article's triples."""
    shapes = shapes or load_shapes()
    return _report(DataIndex.of_text(triples, shapes), shapes)


def _report(data: DataIndex, shapes: Shapes) -> ValidationReport:
    from npcgraph.validation import ValidationReport, ValidationResult

    found = _evaluate(data, shapes)
    if not found:
        return ValidationReport(())
    sources = _Sources(data, {item.focus for item in found})
    results = [
        ValidationResult(
            severity=item.severity.removeprefix(SH),
            focus_node=to_term(item.focus),
            path=None if item.path is None else to_term(item.path),
            value=None if item.value is None else to_term(item.value),
            message="; ".join(sorted(set(item.messages))),
            source_shape=to_term(item.shape),
            constraint_component=NamedNode(item.component),
            source=sources.find(item.focus),
        )
        for item in found
    ]
    return ValidationReport(tuple(sorted(results, key=ValidationResult.sort_key)))
