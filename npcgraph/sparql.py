"""Run SPARQL 1.1 queries over an embedded pyoxigraph Store and format the results.

Plain triple patterns see every named graph: when the store's default graph holds triples
(pipeline.corpus_store puts the merge of all graphs there, each triple once) it is queried as
it is; when it is empty, the union of all graphs is used instead. The prefixes of
`vocab.PREFIXES` are predeclared, so `npco:Session` works without a PREFIX line; a query's own
PREFIX lines win. Row order is the query's: use ORDER BY (as every bundled query does) for a
stable order.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    serialize,
)

from npcgraph import vocab
from npcgraph.errors import NpcGraphError

QueryResult = QuerySolutions | QueryBoolean | QueryTriples

SOLUTION_FORMATS: dict[str, QueryResultsFormat] = {
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
}
GRAPH_FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
}
FORMATS: tuple[str, ...] = ("table", *SOLUTION_FORMATS, *GRAPH_FORMATS)

_ERROR_AT = re.compile(r"^error at (\d+):(\d+):\s*")
_MAX_MESSAGE = 240
_RDF_TYPE = NamedNode(vocab.RDF + "type")
_TURTLE_LOCAL = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?")
_DISPLAY_LOCAL = re.compile(r"[\w\-/]*(?:\.[\w\-/]+)*")


class QuerySyntaxError(NpcGraphError):
    """A query that does not parse; carries the line and column when the parser gives them."""

    def __init__(self, source: str, message: str, line: int | None, column: int | None) -> None:
        where = source if line is None else f"{source}:{line}:{column}"
        super().__init__(f"{where}: SPARQL syntax error: {message}")
        self.source = source
        self.line = line
        self.column = column


def read_query(path: Path) -> str:
    """The text of a `.rq` file."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise NpcGraphError(f"{path}: cannot read the query: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise NpcGraphError(f"{path}: the query is not UTF-8 text") from None


def bundled_queries() -> dict[str, str]:
    """The bundled queries by name (file stem), from package `npcgraph.queries` or `queries/`."""
    found: dict[str, str] = {}
    try:
        package = resources.files("npcgraph.queries")
        for entry in package.iterdir():
            if entry.name.endswith(".rq") and entry.is_file():
                found[entry.name[: -len(".rq")]] = entry.read_text(encoding="utf-8")
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parent.parent / "queries"
        for path in folder.glob("*.rq"):
            found[path.stem] = path.read_text(encoding="utf-8")
    return dict(sorted(found.items()))


def bundled_query(name: str) -> str:
    """One bundled query by name; an unknown name lists the known ones."""
    queries = bundled_queries()
    if name not in queries:
        known = ", ".join(queries) or "none"
        raise NpcGraphError(f"no bundled query named {name!r} (known: {known})")
    return queries[name]


def describe_query(text: str) -> str:
    """The first line of a query's header comment, for listings."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            summary = stripped.lstrip("#").strip()
            if summary:
                return summary
        elif stripped:
            break
    return ""


def execute(
    store: Store,
    query: str,
    *,
    source: str = "<query>",
    default_graphs: list[NamedNode] | None = None,
    named_graphs: list[NamedNode] | None = None,
) -> QueryResult:
    """Run a query over `store`; syntax errors as QuerySyntaxError (an NpcGraphError).

    The default graph is the store's own when it holds triples, else the union of all graphs,
    unless `default_graphs` names some.
    """
    union = default_graphs is None and not has_default_graph(store)
    try:
        return store.query(
            query,
            prefixes=vocab.PREFIXES,
            use_default_graph_as_union=union,
            default_graph=default_graphs,
            named_graphs=named_graphs,
        )
    except SyntaxError as err:
        raise _syntax_error(source, str(err)) from None
    except (OSError, ValueError, TypeError) as err:
        raise NpcGraphError(f"{source}: the query failed: {err}") from None


def check_query(query: str, *, source: str = "<query>") -> None:
    """Raise QuerySyntaxError for a query that does not parse, before any data is read."""
    execute(Store(), query, source=source)


def has_default_graph(store: Store) -> bool:
    """Whether the store's default graph holds any triple."""
    return next(iter(store.quads_for_pattern(None, None, None, DefaultGraph())), None) is not None


def _syntax_error(source: str, raw: str) -> QuerySyntaxError:
    text = " ".join(raw.split())
    line = column = None
    match = _ERROR_AT.match(text)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        text = text[match.end() :]
    if len(text) > _MAX_MESSAGE:
        text = text[: _MAX_MESSAGE - 3].rstrip() + "..."
    return QuerySyntaxError(source, text, line, column)


def run_query(store: Store, query: str, fmt: str = "table", *, source: str = "<query>") -> str:
    """Run a query and return its results as text in format `fmt` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise NpcGraphError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return format_result(execute(store, query, source=source), fmt)


def format_result(result: QueryResult, fmt: str) -> str:
    """Format a query result; tables for SELECT/ASK, Turtle for a CONSTRUCT/DESCRIBE table."""
    if isinstance(result, QueryTriples):
        return _format_triples(result, fmt)
    if fmt in GRAPH_FORMATS:
        raise NpcGraphError(f"format {fmt} is for CONSTRUCT and DESCRIBE queries only")
    if fmt == "table":
        if isinstance(result, QueryBoolean):
            return ("true" if bool(result) else "false") + "\n"
        return format_table(
            [variable.value for variable in result.variables],
            [[solution[variable] for variable in result.variables] for solution in result],
        )
    data = result.serialize(format=SOLUTION_FORMATS[fmt]).decode("utf-8")
    if fmt == "json":
        return json.dumps(json.loads(data), ensure_ascii=False, indent=2) + "\n"
    if data and not data.endswith("\n"):
        data += "\n"
    return data


def _format_triples(result: QueryTriples, fmt: str) -> str:
    if fmt == "table":
        fmt = "turtle"
    if fmt not in GRAPH_FORMATS:
        raise NpcGraphError(
            f"a CONSTRUCT or DESCRIBE query gives RDF: use turtle or ntriples, not {fmt}"
        )
    return serialize_triples(result, GRAPH_FORMATS[fmt]).decode("utf-8")


def serialize_triples(triples: Iterable[Triple], rdf_format: RdfFormat) -> bytes:
    """Triples sorted by their N-Triples form: N-Triples, or Turtle with npcgraph's prefixes."""
    ordered = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    if rdf_format == RdfFormat.TURTLE:
        return turtle(ordered).encode("utf-8")
    return serialize(ordered, format=rdf_format)


def turtle(ordered: Sequence[Triple]) -> str:
    """Turtle for sorted triples: used prefixes first (vocab order), one block per subject."""
    used: set[str] = set()

    def name(term: object) -> str:
        if term == _RDF_TYPE:
            return "a"
        if isinstance(term, NamedNode):
            prefix, local = _split(term.value)
            if prefix is not None and _TURTLE_LOCAL.fullmatch(local):
                used.add(prefix)
                return f"{prefix}:{local}"
        if isinstance(term, Literal):
            quoted = str(Literal(term.value))
            if term.language:
                return f"{quoted}@{term.language}"
            if term.datatype.value == vocab.XSD + "string":
                return quoted
            return f"{quoted}^^{name(term.datatype)}"
        return str(term)

    blocks: list[str] = []
    subject = predicate = None
    for triple in ordered:
        if triple.subject != subject:
            if blocks:
                blocks[-1] += " ."
            subject, predicate = triple.subject, triple.predicate
            blocks.append(f"{name(subject)} {name(predicate)} {name(triple.object)}")
        elif triple.predicate != predicate:
            predicate = triple.predicate
            blocks[-1] += f" ;\n    {name(predicate)} {name(triple.object)}"
        else:
            blocks[-1] += f" ,\n        {name(triple.object)}"
    if blocks:
        blocks[-1] += " ."
    header = [f"@prefix {p}: <{iri}> ." for p, iri in vocab.PREFIXES.items() if p in used]
    return "\n".join(header + ([""] if header else []) + blocks) + ("\n" if blocks else "")


def _split(iri: str) -> tuple[str | None, str]:
    """The longest known namespace of an IRI and the rest."""
    best: str | None = None
    for prefix, namespace in vocab.PREFIXES.items():
        if iri.startswith(namespace) and (
            best is None or len(namespace) > len(vocab.PREFIXES[best])
        ):
            best = prefix
    return best, iri[len(vocab.PREFIXES[best]) :] if best else iri


def format_table(header: Sequence[str], rows: Sequence[Sequence[object | None]]) -> str:
    """An aligned plain-text table: IRIs as prefixed names, literals as their lexical form."""
    cells = [[render_term(term) for term in row] for row in rows]
    widths = [_width(name) for name in header]
    for row in cells:
        widths = [max(width, _width(cell)) for width, cell in zip(widths, row, strict=True)]
    lines = [
        _table_line(header, widths),
        "  ".join("-" * width for width in widths),
        *(_table_line(row, widths) for row in cells),
    ]
    noun = "row" if len(rows) == 1 else "rows"
    return "\n".join(line.rstrip() for line in lines) + f"\n({len(rows)} {noun})\n"


def _table_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(
        cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths, strict=True)
    )


def _width(text: str) -> int:
    """Display width in a terminal: wide East Asian characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def render_term(term: object | None) -> str:
    """A term for a table cell: prefixed name or <IRI>, lexical form, @lang for tagged strings."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return prefixed_name(term.value)
    if isinstance(term, Literal):
        text = term.value
        if term.language and term.language != "en":
            text = f"{text}@{term.language}"
        return (
            text.replace("\\", "\\\\")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
    return str(term)


def prefixed_name(iri: str) -> str:
    """`npco:Session` for an IRI under a known namespace, `<iri>` otherwise (for display)."""
    prefix, local = _split(iri)
    if prefix is not None and _DISPLAY_LOCAL.fullmatch(local):
        return f"{prefix}:{local}"
    return f"<{iri}>"
