"""SHACL validation of an npcgraph graph: run the shapes, report each result with its source."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from npcgraph.errors import InputError, Location, NpcGraphError
from npcgraph.vocab import DCTERMS, NPCO, PREFIXES, PROV, XSD

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib
    from rdflib.term import Node as RdflibNode

    # Results hold rdflib terms (from `validate`) or pyoxigraph terms (from the fast engine's
    # `npcgraph.shacl.validate_quads`); the renderers below accept both.
    Node = RdflibNode | pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal

SH = "http://www.w3.org/ns/shacl#"
SHAPES_NS = "https://w3id.org/npcgraph/shapes#"
REPORT_IRI = "https://w3id.org/npcgraph/id/validation/report"
SEVERITIES = ("Violation", "Warning", "Info")
ENGINES = ("fast", "pyshacl")
DEFAULT_ENGINE = "fast"

RDF_SUFFIXES: dict[str, tuple[str, str]] = {
    ".ttl": ("turtle", "Turtle"),
    ".jsonld": ("json-ld", "JSON-LD"),
    ".nt": ("nt", "N-Triples"),
    ".nq": ("nquads", "N-Quads"),
    ".trig": ("trig", "TriG"),
}
QUAD_FORMATS = {"nquads", "trig", "json-ld"}
XSD_STRING = XSD + "string"
ARTICLE_SUFFIX = ".txt"


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with the source file and line of the record it is about."""

    severity: str
    focus_node: Node
    path: Node | None
    value: Node | None
    message: str
    source_shape: Node
    constraint_component: Node
    source: Location | None

    def sort_key(self) -> tuple[object, ...]:
        where = self.source
        return (
            SEVERITIES.index(self.severity) if self.severity in SEVERITIES else len(SEVERITIES),
            (0, where.path, where.line or 0, where.column or 0) if where else (1, "", 0, 0),
            _lexical(self.focus_node),
            _lexical(self.path),
            self.message,
            _lexical(self.value),
            _lexical(self.source_shape),
        )

    def one_line(self) -> str:
        """`Warning: file:line: message [focus]`, for export's stderr."""
        where = f"{self.source}: " if self.source else ""
        return f"{self.severity}: {where}{self.message} [{_short(self.focus_node)}]"


@dataclass(frozen=True)
class ValidationReport:
    """The results of one validation, sorted: Violations first, then by source."""

    results: tuple[ValidationResult, ...]

    @property
    def conforms(self) -> bool:
        """True when there is no Violation (Warnings and Infos allowed)."""
        return not self.violations

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return self.of_severity("Violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return self.of_severity("Warning")

    def of_severity(self, severity: str) -> tuple[ValidationResult, ...]:
        return tuple(result for result in self.results if result.severity == severity)

    def summary(self) -> str:
        counts = ", ".join(_plural(len(self.of_severity(name)), name) for name in SEVERITIES)
        return f"Conforms: {'yes' if self.conforms else 'no'} ({counts})"

    def to_text(self) -> str:
        """Human-readable: one block per result, grouped by severity, Violations first."""
        lines: list[str] = []
        for severity in SEVERITIES:
            group = self.of_severity(severity)
            if not group:
                continue
            lines.append(f"== {_plural(len(group), severity)} ==")
            lines.append("")
            for result in group:
                lines.extend(_text_block(result))
                lines.append("")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """The report as JSON, with full IRIs."""
        document = {
            "conforms": self.conforms,
            "counts": {name: len(self.of_severity(name)) for name in SEVERITIES},
            "results": [_json_result(result) for result in self.results],
        }
        return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    def to_graph(self) -> rdflib.Graph:
        """The SHACL validation report graph, with IRIs (not blank nodes) for the results."""
        from rdflib import RDF, Graph, Literal, Namespace, URIRef

        sh = Namespace(SH)
        graph = Graph()
        _bind_prefixes(graph)
        report = URIRef(REPORT_IRI)
        graph.add((report, RDF.type, sh.ValidationReport))
        graph.add((report, sh.conforms, Literal(self.conforms)))
        width = max(4, len(str(len(self.results))))
        for number, result in enumerate(self.results, start=1):
            node = URIRef(f"{REPORT_IRI}/result/{number:0{width}d}")
            graph.add((report, sh.result, node))
            graph.add((node, RDF.type, sh.ValidationResult))
            graph.add((node, sh.resultSeverity, sh[result.severity]))
            graph.add((node, sh.focusNode, _as_rdflib(result.focus_node)))
            graph.add((node, sh.resultMessage, Literal(result.message)))
            graph.add((node, sh.sourceShape, _as_rdflib(result.source_shape)))
            graph.add((node, sh.sourceConstraintComponent, _as_rdflib(result.constraint_component)))
            if result.path is not None:
                graph.add((node, sh.resultPath, _as_rdflib(result.path)))
            if result.value is not None:
                graph.add((node, sh.value, _as_rdflib(result.value)))
        return graph

    def to_turtle(self) -> str:
        return self.to_graph().serialize(format="turtle")

    def render(self, output_format: str) -> str:
        """The report as `text`, `turtle` or `json`."""
        renderers = {"text": self.to_text, "turtle": self.to_turtle, "json": self.to_json}
        if output_format not in renderers:
            raise NpcGraphError(f"unknown report format {output_format!r}: text, turtle or json")
        return renderers[output_format]()


def shapes_path() -> Path:
    """The shapes file: package data when installed, else shapes/ in the source tree."""
    try:
        from importlib import resources

        installed = Path(str(resources.files("npcgraph.shapes") / "npcgraph.ttl"))
        if installed.is_file():
            return installed
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "shapes" / "npcgraph.ttl"


def load_shapes(path: Path | None = None) -> rdflib.Graph:
    """The npcgraph shapes graph."""
    from rdflib import Graph

    source = path or shapes_path()
    try:
        return Graph().parse(source, format="turtle")
    except Exception as error:  # rdflib raises many kinds; all mean "unusable shapes"
        message = f"{source}: the shapes file cannot be read: {_first_line(error)}"
        raise NpcGraphError(message) from None


def validate(
    data: rdflib.Graph | rdflib.Dataset | Iterable[pyoxigraph.Quad],
    shapes: rdflib.Graph | None = None,
    engine: str = DEFAULT_ENGINE,
) -> ValidationReport:
    """Validate the union of all graphs of `data` against the npcgraph shapes (SHACL-SPARQL on,
    no inference), with npcgraph's own engine (`fast`, npcgraph.shacl) or `pyshacl`. The data
    is loaded into an Oxigraph store, whose SPARQL engine runs the SHACL-SPARQL checks. The
    results hold rdflib terms; `npcgraph.shacl.validate_quads` is the fast path without rdflib."""
    if engine not in ENGINES:
        raise NpcGraphError(f"unknown SHACL engine {engine!r}: fast or pyshacl")
    store = union_store(data)
    if engine == "fast":
        return _validate_fast(store, shapes)
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    shapes_graph = shapes if shapes is not None else load_shapes()
    try:
        _conforms, report_graph, _text = pyshacl.validate(
            store,
            shacl_graph=shapes_graph,
            advanced=True,
            inference="none",
            allow_warnings=True,
            allow_infos=True,
        )
    except ReportableRuntimeError as error:
        raise NpcGraphError(f"SHACL validation failed to run: {_first_line(error)}") from None
    return _read_report(report_graph, _SourceFinder(store))


def validate_fast(quads: Iterable[pyoxigraph.Quad]) -> ValidationReport:
    """The fast engine on quads, with pyoxigraph terms in the results (no rdflib, no pyshacl)."""
    from npcgraph.shacl import validate_quads

    return validate_quads(quads)


def _validate_fast(store: pyoxigraph.Store, shapes: rdflib.Graph | None) -> ValidationReport:
    import pyoxigraph

    from npcgraph.shacl import shapes_from_quads, validate_quads

    fast_shapes = None
    if shapes is not None:
        text = shapes.serialize(format="nt")
        fast_shapes = shapes_from_quads(
            pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_TRIPLES)
        )
    quads = store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())
    report = validate_quads(quads, fast_shapes)
    return ValidationReport(tuple(_with_rdflib_terms(result) for result in report.results))


def _with_rdflib_terms(result: ValidationResult) -> ValidationResult:
    from dataclasses import replace

    return replace(
        result,
        focus_node=_to_rdflib(result.focus_node),
        path=None if result.path is None else _to_rdflib(result.path),
        value=None if result.value is None else _to_rdflib(result.value),
        source_shape=_to_rdflib(result.source_shape),
        constraint_component=_to_rdflib(result.constraint_component),
    )


def union_store(
    data: rdflib.Graph | rdflib.Dataset | Iterable[pyoxigraph.Quad],
) -> pyoxigraph.Store:
    """An in-memory store whose default graph holds every triple of every graph of `data`."""
    import pyoxigraph
    from rdflib import Graph

    store = pyoxigraph.Store()
    default = pyoxigraph.DefaultGraph()
    if isinstance(data, Graph):
        triples = (
            (_to_oxigraph(s), _to_oxigraph(p), _to_oxigraph(o))
            for s, p, o, *_rest in _all_triples(data)
        )
    else:
        triples = ((quad.subject, quad.predicate, quad.object) for quad in data)
    store.bulk_extend(pyoxigraph.Quad(s, p, o, default) for s, p, o in triples)
    return store


def _all_triples(data: rdflib.Graph) -> Iterable[tuple[Node, ...]]:
    from rdflib import ConjunctiveGraph

    if isinstance(data, ConjunctiveGraph):
        return data.quads((None, None, None, None))
    return data.triples((None, None, None))


def union_graph(data: rdflib.Graph | rdflib.Dataset) -> rdflib.Graph:
    """One rdflib graph holding every triple of every named graph of `data`."""
    from rdflib import Graph

    union = Graph()
    for subject, predicate, obj, *_rest in _all_triples(data):
        union.add((subject, predicate, obj))
    return union


def quads_to_graph(quads: Iterable[pyoxigraph.Quad]) -> rdflib.Graph:
    """The union of pyoxigraph quads as an rdflib graph."""
    from rdflib import Graph

    graph = Graph()
    for quad in quads:
        graph.add((_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object)))
    return graph


def read_inputs(inputs: Sequence[Path] | None = None) -> rdflib.Graph:
    """The graph to validate: articles (.txt, through the pipeline) and RDF files by extension;
    no inputs means the bundled corpus. A file that cannot be read raises InputError."""
    from rdflib import Graph

    if not inputs:
        from npcgraph.pipeline import corpus_quads

        return quads_to_graph(corpus_quads(None))
    graph = Graph()
    articles: list[Path] = []
    for path in inputs:
        if path.is_dir() or path.suffix.lower() == ARTICLE_SUFFIX:
            articles.append(path)
        else:
            _parse_rdf_file(path, graph)
    if articles:
        from npcgraph.pipeline import corpus_quads

        for triple in quads_to_graph(corpus_quads(articles)):
            graph.add(triple)
    return graph


def _parse_rdf_file(path: Path, graph: rdflib.Graph) -> None:
    from rdflib import Dataset

    suffix = path.suffix.lower()
    if suffix not in RDF_SUFFIXES:
        known = ", ".join([ARTICLE_SUFFIX, *RDF_SUFFIXES])
        raise InputError(Location(str(path)), f"unknown input type {suffix!r}: expected {known}")
    rdf_format, name = RDF_SUFFIXES[suffix]
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(Location(str(path)), f"cannot read file: {error.strerror}") from None
    try:
        if rdf_format in QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(data=data, format=rdf_format, publicID=path.resolve().as_uri())
            for triple in union_graph(dataset):
                graph.add(triple)
        else:
            graph.parse(data=data, format=rdf_format, publicID=path.resolve().as_uri())
    except Exception as error:  # parsers raise many kinds; all mean "not valid input"
        message = f"not valid {name}: {_first_line(error)}"
        raise InputError(Location(str(path)), message) from None


def _to_oxigraph(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    raise NpcGraphError(f"cannot validate the RDF term {term}")


def _to_rdflib(term: object) -> Node:
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD + "string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise NpcGraphError(f"cannot validate the RDF term {term}")


def _read_report(report: rdflib.Graph, sources: _SourceFinder) -> ValidationReport:
    from rdflib import RDF, Namespace

    sh = Namespace(SH)
    results: list[ValidationResult] = []
    for node in report.subjects(RDF.type, sh.ValidationResult):
        severity = report.value(node, sh.resultSeverity)
        focus = report.value(node, sh.focusNode)
        messages = sorted(str(message) for message in report.objects(node, sh.resultMessage))
        results.append(
            ValidationResult(
                severity=str(severity).removeprefix(SH),
                focus_node=focus,
                path=report.value(node, sh.resultPath),
                value=report.value(node, sh.value),
                message="; ".join(messages) or "(no message)",
                source_shape=report.value(node, sh.sourceShape),
                constraint_component=report.value(node, sh.sourceConstraintComponent),
                source=sources.find(focus),
            )
        )
    return ValidationReport(tuple(sorted(results, key=ValidationResult.sort_key)))


class _SourceFinder:
    """Where a node came from: the file and line of its prov:wasDerivedFrom location, or of a
    node that points to it (a vote for its counts), first in file and line order."""

    QUERY = f"""
        SELECT ?node ?file ?line ?column WHERE {{
            {{ ?node <{PROV}wasDerivedFrom> ?place }}
            UNION {{ ?node <{NPCO}line> ?anyLine BIND (?node AS ?place) }}
            ?place <{DCTERMS}isPartOf> ?article ; <{NPCO}line> ?line .
            ?article <{NPCO}fileName> ?file .
            OPTIONAL {{ ?place <{NPCO}column> ?column }}
        }}
    """

    def __init__(self, store: pyoxigraph.Store) -> None:
        self._store = store
        self._own: dict[str, Location] = {}
        for row in store.query(self.QUERY):
            column = row["column"]
            location = Location(
                row["file"].value,
                _as_int(row["line"].value),
                None if column is None else _as_int(column.value),
            )
            key = row["node"].value
            if key not in self._own or _location_key(location) < _location_key(self._own[key]):
                self._own[key] = location

    def find(self, node: Node) -> Location | None:
        import pyoxigraph

        kind, iri, _language, _datatype = _parts(node)
        if kind != "iri":
            return None
        if iri in self._own:
            return self._own[iri]
        parents = [
            self._own[quad.subject.value]
            for quad in self._store.quads_for_pattern(None, None, pyoxigraph.NamedNode(iri))
            if isinstance(quad.subject, pyoxigraph.NamedNode) and quad.subject.value in self._own
        ]
        return min(parents, key=_location_key) if parents else None


def _location_key(location: Location) -> tuple[str, int, int]:
    return (location.path, location.line or 0, location.column or 0)


def _as_int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _text_block(result: ValidationResult) -> list[str]:
    lines = [f"{result.severity}: {result.message}", f"  focus:  {_short(result.focus_node)}"]
    if result.path is not None:
        lines.append(f"  path:   {_short(result.path)}")
    if result.value is not None:
        lines.append(f"  value:  {_short(result.value)}")
    lines.append(f"  shape:  {_short(result.source_shape)}")
    lines.append(f"  source: {result.source or 'unknown'}")
    return lines


def _json_result(result: ValidationResult) -> dict[str, object]:
    where = result.source
    return {
        "severity": result.severity,
        "focusNode": _lexical(result.focus_node),
        "resultPath": None if result.path is None else _lexical(result.path),
        "value": None if result.value is None else _lexical(result.value),
        "message": result.message,
        "sourceShape": _lexical(result.source_shape),
        "sourceConstraintComponent": _lexical(result.constraint_component),
        "source": None
        if where is None
        else {"file": where.path, "line": where.line, "column": where.column},
    }


def _prefixes() -> dict[str, str]:
    return {**PREFIXES, "sh": SH, "npcs": SHAPES_NS}


def _bind_prefixes(graph: rdflib.Graph) -> None:
    for prefix, namespace in sorted(_prefixes().items()):
        graph.bind(prefix, namespace, override=True, replace=True)


def _parts(term: Node) -> tuple[str, str, str | None, str | None]:
    """(kind, lexical form or IRI or id, language, datatype) of an rdflib or pyoxigraph term;
    kind is iri, bnode or literal; the datatype is None for plain and language strings."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return ("iri", term.value, None, None)
    if isinstance(term, pyoxigraph.BlankNode):
        return ("bnode", term.value, None, None)
    if isinstance(term, pyoxigraph.Literal):
        datatype = None if term.language else term.datatype.value
        return ("literal", term.value, term.language, None if datatype == XSD_STRING else datatype)
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        datatype = None if term.datatype is None else str(term.datatype)
        return ("literal", str(term), term.language, None if datatype == XSD_STRING else datatype)
    return ("bnode" if isinstance(term, BNode) else "iri", str(term), None, None)


def _lexical(term: Node | None) -> str:
    """The IRI, blank node id or lexical form of a term ("" for None), whatever its library."""
    return "" if term is None else _parts(term)[1]


def _as_rdflib(term: Node) -> RdflibNode:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal):
        return _to_rdflib(term)
    return term


def _short(term: Node) -> str:
    """An IRI as prefix:name where a known prefix fits; a literal in Turtle form."""
    kind, text, language, datatype = _parts(term)
    if kind == "literal":
        quoted = json.dumps(text, ensure_ascii=False)
        if language:
            return f"{quoted}@{language}"
        if datatype is None:
            return quoted
        if datatype.startswith(XSD):
            return f"{quoted}^^xsd:{datatype[len(XSD) :]}"
        return f"{quoted}^^<{datatype}>"
    if kind == "bnode":
        return f"_:{text}"
    best = max(
        ((prefix, ns) for prefix, ns in _prefixes().items() if text.startswith(ns)),
        key=lambda item: len(item[1]),
        default=None,
    )
    return f"{best[0]}:{text[len(best[1]) :]}" if best else f"<{text}>"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
