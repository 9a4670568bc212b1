"""The fast SHACL engine (npcgraph.shacl): it loads our shapes with no unsupported feature,
refuses what it does not implement, and gives pyshacl's results on every fixture, the seeds and
the bundled corpus. The pyshacl runs are grouped (all fail fixtures in one graph, all pass
fixtures in another) and shared through module fixtures, to keep the module fast."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat

from npcgraph import shacl
from npcgraph.cli_validate import validate_command
from npcgraph.pipeline import corpus_quads
from npcgraph.shacl import (
    UnsupportedShapes,
    batch_safe,
    query_predicates,
    text_term,
    validate_quads,
    validate_triples,
)
from npcgraph.validation import ValidationReport, shapes_path, validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
SEEDS = Path("/work/shared/seeds")
SH = "http://www.w3.org/ns/shacl#"
NPCS = "https://w3id.org/npcgraph/shapes#"
SPARQL = SH + "SPARQLConstraintComponent"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""


def parse(text: str) -> list[Quad]:
    return list(pyoxigraph.parse(text, format=RdfFormat.TURTLE))


def fixture_quads(names: list[str]) -> list[Quad]:
    quads = parse((FIXTURES / "base.ttl").read_text(encoding="utf-8"))
    for name in names:
        quads += parse((FIXTURES / name).read_text(encoding="utf-8"))
    return quads


def keys(report: ValidationReport) -> set[tuple[str, ...]]:
    """What must agree between the engines: focus, path, value, severity, shape, component
    (blank nodes as `_:`, since the engines name them differently)."""

    def text(term: object) -> str:
        if term is None:
            return ""
        name = type(term).__name__
        if name in ("BNode", "BlankNode"):
            return "_:"
        return term.value if isinstance(term, NamedNode | Literal) else str(term)

    return {
        (
            text(r.focus_node),
            text(r.path),
            text(r.value),
            r.severity,
            text(r.source_shape),
            text(r.constraint_component),
        )
        for r in report.results
    }


def sparql_messages(report: ValidationReport) -> list[tuple[str, str, str]]:
    return sorted(
        (str(r.focus_node).strip("<>"), str(r.source_shape).strip("<>"), r.message)
        for r in report.results
        if str(r.constraint_component).strip("<>") == SPARQL
    )


def both(quads: list[Quad]) -> tuple[ValidationReport, ValidationReport]:
    return validate_quads(quads), validate(quads, engine="pyshacl")


@pytest.fixture(scope="module")
def fail_reports() -> tuple[ValidationReport, ValidationReport]:
    names = sorted(path.name for path in FIXTURES.glob("*.fail.ttl"))
    return both(fixture_quads(names))


@pytest.fixture(scope="module")
def seed_reports() -> tuple[ValidationReport, ValidationReport]:
    return both(corpus_quads(sorted(SEEDS.glob("*.txt"))))


@pytest.fixture(scope="module")
def bundled_reports() -> tuple[ValidationReport, ValidationReport]:
    return both(corpus_quads(None))


# ---------------------------------------------------------------- loading the shapes


def test_our_shapes_load_with_no_unsupported_feature() -> None:
    shapes = shacl.shapes_from_quads(parse(shapes_path().read_text(encoding="utf-8")))
    names = sorted(str(shape.node).removeprefix(NPCS) for shape in shapes.targeted)
    assert len(names) == 30
    assert names[:3] == ["ApprovalRateShape", "BallotCandidateOfficeShape", "CongressShape"]
    modes = {
        str(shape.node).removeprefix(NPCS): constraint.batch
        for shape in shapes.targeted
        for constraint in shape.sparql
    }
    assert modes == {
        "ApprovalRateShape": True,
        "BallotCandidateOfficeShape": False,
        "DeputyLimitShape": True,
        "DuplicateCountShape": True,
        "SessionDatesShape": True,
        "TermStartShape": True,
        "VoteDateShape": True,
    }
    assert shapes.sparql_predicates is not None
    assert "http://www.w3.org/ns/opengov#count" in shapes.sparql_predicates
    assert "http://www.w3.org/2000/01/rdf-schema#label" not in shapes.sparql_predicates


def test_shapes_are_parsed_once_per_process() -> None:
    assert shacl.load_shapes() is shacl.load_shapes()


@pytest.mark.parametrize(
    ("shape", "complaint"),
    [
        ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:closed true .", "sh:closed"),
        ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:or ( ex:T ) .", "sh:or"),
        (
            "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P . "
            "ex:P sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 .",
            "sh:inversePath",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P . "
            "ex:P sh:path ( ex:p ex:q ) ; sh:minCount 1 .",
            "complex sh:path",
        ),
        ("ex:P sh:path ex:p ; sh:targetNode ex:a ; sh:minExclusive 1 .", "sh:minExclusive"),
        ("ex:S a sh:NodeShape, rdfs:Class ; sh:nodeKind sh:IRI .", "implicit class target"),
        ("ex:C a sh:ConstraintComponent .", "sh:ConstraintComponent"),
        (
            "ex:P sh:path ex:p ; sh:targetNode ex:a ; sh:qualifiedValueShape ex:Q ; "
            "sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true .",
            "Disjoint",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this '
            'WHERE { $this ex:p ?failure }" ] .',
            "?failure",
        ),
        ("ex:P sh:path ex:p ; sh:targetNode ex:a ; sh:minCount ex:one .", "not an integer"),
    ],
)
def test_unsupported_features_are_refused_at_load_time(shape: str, complaint: str) -> None:
    with pytest.raises(UnsupportedShapes, match=complaint.replace("?", r"\?")):
        shacl.shapes_from_quads(parse(PREFIXES + shape))


# ---------------------------------------------------------------- SPARQL: batch or pre-bound


@pytest.mark.parametrize(
    ("query", "safe"),
    [
        ("SELECT $this ?value WHERE { $this ex:p ?value FILTER (?value > 1) }", True),
        ("SELECT $this WHERE { $this ex:p ?x FILTER NOT EXISTS { $this ex:q ?x } }", True),
        ("SELECT $this WHERE { $this ex:p ?x OPTIONAL { $this ex:q ?y } }", True),
        (
            "SELECT $this ?n WHERE { { SELECT $this (COUNT(?x) AS ?n) WHERE { $this ex:p ?x } "
            "GROUP BY $this } FILTER (?n > 1) }",
            True,
        ),
        ("SELECT ?x WHERE { $this ex:p ?x }", False),  # ?this not projected
        ("SELECT $this WHERE { ?x ex:p $this }", False),  # not first as subject: conservative
        ("SELECT $this WHERE { { FILTER NOT EXISTS { $this ex:p ?x } } UNION { } }", False),
        ("SELECT $this WHERE { $this ex:p ?x OPTIONAL { ?x ex:q ?y FILTER (?y = $this) } }", False),
        ("SELECT $this (COUNT(?x) AS ?n) WHERE { $this ex:p ?x }", False),  # one group for all
        ("SELECT $this WHERE { $this ex:p ?x } LIMIT 1", False),
        (
            "SELECT $this ?n WHERE { { SELECT $this (COUNT(?x) AS ?n) WHERE { $this ex:p ?x } } }",
            False,
        ),
    ],
)
def test_batch_safe(query: str, safe: bool) -> None:
    assert batch_safe(query) is safe


def test_query_predicates() -> None:
    prefix = "PREFIX ex: <http://example.org/>\n"
    found = query_predicates(prefix + "SELECT $this WHERE { $this ex:p/ex:q ?x ; a ex:C }")
    assert found is not None and {"http://example.org/p", "http://example.org/q"} <= found
    assert query_predicates(prefix + "SELECT $this WHERE { $this ?p ?x }") is None
    assert query_predicates(prefix + "SELECT $this WHERE { $this ex:p ?x ; ?q ?y }") is None
    assert query_predicates(prefix + "SELECT $this WHERE { $this ex:p* ?x }") is None
    assert query_predicates(prefix + "SELECT $this WHERE { $this !ex:p ?x }") is None
    assert query_predicates(prefix + "SELECT $this WHERE { GRAPH ?g { $this ex:p ?x } }") is None


# ---------------------------------------------------------------- the same results as pyshacl


def test_fail_fixtures_give_pyshacl_results(fail_reports) -> None:
    fast, slow = fail_reports
    assert keys(fast) == keys(slow)
    assert len(fast.results) == len(slow.results)
    assert sparql_messages(fast) == sparql_messages(slow)
    assert [str(r.source) for r in fast.results] == [str(r.source) for r in slow.results]
    sources = {key[4] for key in keys(fast)}
    for shape in shacl.load_shapes().targeted:  # every shape (or a property of it) is broken
        assert sources & {shape.node, *(part.node for part in shape.properties)}, shape.node


def test_pass_fixtures_give_no_result_in_either_engine() -> None:
    names = sorted(path.name for path in FIXTURES.glob("*.pass.ttl"))
    quads = fixture_quads(names)
    fast = validate_quads(quads)
    assert fast.results == ()
    assert keys(validate(quads, engine="pyshacl")) == set()


def test_each_fail_fixture_breaks_its_shape_in_the_fast_engine() -> None:
    for path in sorted(FIXTURES.glob("*.fail.ttl")):
        name = path.name.removesuffix(".fail.ttl")
        report = validate_quads(fixture_quads([path.name]))
        assert report.results, name
        shapes = {str(r.source_shape).strip("<>").removeprefix(NPCS) for r in report.results}
        assert any(s == name or s.startswith(name.removesuffix("Shape")) for s in shapes), name


def test_seeds_give_pyshacl_results(seed_reports) -> None:
    fast, slow = seed_reports
    assert keys(fast) == keys(slow)
    assert len(fast.violations) == 0 and len(fast.warnings) == 5
    assert sparql_messages(fast) == sparql_messages(slow)
    assert [r.one_line() for r in fast.results] == [r.one_line() for r in slow.results]


def test_bundled_corpus_gives_pyshacl_results(bundled_reports) -> None:
    fast, slow = bundled_reports
    assert keys(fast) == keys(slow)
    assert fast.conforms and len(fast.warnings) == 5
    assert sparql_messages(fast) == sparql_messages(slow)
    assert fast.to_json() == slow.to_json()


EXTRA_SHAPES = (
    PREFIXES
    + """
ex:Thing a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:property ex:Thing-number , ex:Thing-label , ex:Thing-code , ex:Thing-friend ,
        ex:Thing-kind , ex:Thing-off , ex:Thing-names , ex:Thing-day .
ex:Thing-day sh:path ex:day ; sh:datatype xsd:date .
ex:Thing-number sh:path ex:number ; sh:datatype xsd:integer ; sh:maxInclusive 10 ;
    sh:minInclusive 1 .
ex:Thing-label sh:path rdfs:label ; sh:datatype rdf:langString ; sh:languageIn ( "en" ) ;
    sh:uniqueLang true .
ex:Thing-code sh:path ex:code ; sh:pattern "^ab" ; sh:flags "i" ; sh:maxCount 1 .
ex:Thing-friend sh:path ex:friend ; sh:class ex:Thing ; sh:node ex:Named .
ex:Thing-kind sh:path rdf:type ; sh:in ( ex:Thing ex:SubThing ) ;
    sh:qualifiedValueShape ex:IsSub ; sh:qualifiedMaxCount 0 .
ex:Thing-off sh:path ex:off ; sh:deactivated true ; sh:minCount 5 .
ex:Thing-names sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Info .
ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:IsSub a sh:NodeShape ; sh:hasValue ex:SubThing .
ex:Listed a sh:NodeShape ; sh:targetNode ex:b ; sh:nodeKind sh:Literal ; sh:message "no"@en .
"""
)
EXTRA_DATA = (
    PREFIXES
    + """
ex:SubThing rdfs:subClassOf ex:Thing .
ex:a a ex:Thing ; ex:number "abc"^^xsd:integer , 11 , 5 , "7" ;
    rdfs:label "A"@en , "A again"@en-GB , "Also A"@en , "Ein A"@de , "plain" ;
    ex:code "ABc" , "xab" ; ex:friend ex:b , ex:c ; ex:name "A" .
ex:b a ex:SubThing ; ex:day "2017-02-30"^^xsd:date , "2016-02-29"^^xsd:date ; ex:name "B" .
ex:c ex:name "C" .
ex:d a ex:Thing , ex:Other ; ex:off 1 .
"""
)


def test_extra_features_give_pyshacl_results() -> None:
    shapes = shacl.shapes_from_quads(parse(EXTRA_SHAPES))
    quads = parse(EXTRA_DATA)
    fast = validate_quads(quads, shapes)
    from rdflib import Graph

    slow = validate(quads, Graph().parse(data=EXTRA_SHAPES, format="turtle"), engine="pyshacl")
    assert keys(fast) == keys(slow)
    found = {(k[0].removeprefix("http://example.org/"), k[5].removeprefix(SH)) for k in keys(fast)}
    assert ("a", "DatatypeConstraintComponent") in found  # "abc"^^xsd:integer, "7"
    assert ("a", "MaxInclusiveConstraintComponent") in found
    assert ("a", "UniqueLangConstraintComponent") in found
    assert ("a", "ClassConstraintComponent") in found  # ex:c; not ex:b, a Thing by rdfs:subClassOf
    assert ("b", "QualifiedMaxCountConstraintComponent") in found
    assert ("b", "NodeKindConstraintComponent") in found
    assert ("d", "InConstraintComponent") in found
    assert not any(k[4].endswith("Thing-off") for k in keys(fast))
    values = {k[2] for k in keys(fast) if k[5].endswith("DatatypeConstraintComponent")}
    assert {"abc", "7", "2017-02-30", "plain"} <= values
    [info] = [r for r in fast.results if r.severity == "Info"]
    assert str(info.focus_node) == "<http://example.org/d>"
    [listed] = [r for r in fast.results if str(r.source_shape) == "<http://example.org/Listed>"]
    assert listed.message == "no"


# ---------------------------------------------------------------- literals


@pytest.mark.parametrize(
    ("lexical", "datatype", "valid"),
    [
        ("12", "integer", True),
        (" -3 ", "integer", True),
        ("abc", "integer", False),
        ("1.0", "integer", False),
        ("99.29", "decimal", True),
        (".5", "decimal", True),
        ("1e3", "decimal", False),
        ("2016-02-29", "date", True),
        ("2017-02-29", "date", False),
        ("2017-3-5", "date", False),
        ("2017", "gYear", True),
        ("17", "gYear", False),
        ("true", "boolean", True),
        ("yes", "boolean", False),
        ("300", "byte", False),
        ("anything", "string", True),
    ],
)
def test_well_typed(lexical: str, datatype: str, valid: bool) -> None:
    assert shacl.well_typed(lexical, XSD + datatype) is valid


# ---------------------------------------------------------------- the fast path


def test_fast_path_imports_neither_rdflib_nor_pyshacl() -> None:
    script = (
        "from npcgraph.cli_validate import check_before_write;"
        "from npcgraph.pipeline import corpus_quads;"
        "r = check_before_write(corpus_quads(None)); print(len(r.warnings))"
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout == "5\n"
    imported = [line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line]
    assert not [name for name in imported if name.startswith(("rdflib", "pyshacl"))]


def test_report_of_quads_renders_without_rdflib_terms(seed_reports) -> None:
    fast, slow = seed_reports
    assert isinstance(fast.results[0].focus_node, NamedNode)
    assert fast.to_text() == slow.to_text()
    assert fast.to_turtle() == slow.to_turtle()


def test_per_article_reports_add_up_to_the_whole() -> None:
    from npcgraph.pipeline import article_result, bundled_articles

    whole = validate_quads(corpus_quads(None))
    parts = [validate_quads(article_result(p).quads) for p in bundled_articles()]
    assert sorted(r.one_line() for part in parts for r in part.results) == sorted(
        r.one_line() for r in whole.results
    )


def as_text(quads: list[Quad]) -> list[tuple[str, str, str]]:
    """Quads as N-Triples text triples, written by Oxigraph (its escapes, its blank node ids)."""
    return [(str(q.subject), str(q.predicate), str(q.object)) for q in quads]


def test_text_triples_give_the_report_of_quads() -> None:
    names = sorted(path.name for path in FIXTURES.glob("*.fail.ttl"))
    quads = fixture_quads(names)
    by_quads, by_text = validate_quads(quads), validate_triples(as_text(quads))
    assert len(by_quads.results) >= len(names)
    assert by_text.to_json() == by_quads.to_json()
    shapes = shacl.shapes_from_quads(parse(EXTRA_SHAPES))
    extra = parse(EXTRA_DATA)
    assert (
        validate_triples(as_text(extra), shapes).to_json()
        == validate_quads(extra, shapes).to_json()
    )


def test_article_triples_validate_as_their_quads() -> None:
    from npcgraph.pipeline import article_result

    for path in sorted(SEEDS.glob("*.txt")):
        result = article_result(path)
        assert validate_triples(result.triples).to_json() == validate_quads(result.quads).to_json()


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("<http://example.org/a>", "http://example.org/a"),
        ("<http://example.org/\\u00E9>", "http://example.org/\u00e9"),
        ("_:b0", "_:b0"),
        ('"plain"', ("plain", XSD + "string", "")),
        ('"say \\"hi\\"\\n\\\\"', ('say "hi"\n\\', XSD + "string", "")),
        ('"caf\\u00E9 \\U0001F600"', ("caf\u00e9 \U0001f600", XSD + "string", "")),
        ('"quote \\" at end\\""@en', ('quote " at end"', RDF + "langString", "en")),
        ('"Zhōngguó"@zh-Latn-pinyin', ("Zhōngguó", RDF + "langString", "zh-latn-pinyin")),
        ('"12"^^<http://www.w3.org/2001/XMLSchema#integer>', ("12", XSD + "integer", "")),
    ],
)
def test_text_term_reads_n_triples_terms(text: str, term: object) -> None:
    assert text_term(text) == term
    if not text.startswith("_:"):  # Oxigraph renames blank nodes
        line = f"<x:s> <x:p> {text} .".encode()
        (quad,) = pyoxigraph.parse(line, format=RdfFormat.N_TRIPLES)
        assert shacl.native(quad.object) == term


def test_named_graphs_are_merged() -> None:
    quads = fixture_quads(["DuplicateCountShape.fail.ttl"])
    one, two = NamedNode("http://example.org/g1"), NamedNode("http://example.org/g2")
    spread = [
        Quad(q.subject, q.predicate, q.object, one if i % 2 else two) for i, q in enumerate(quads)
    ]
    twice = spread + [Quad(q.subject, q.predicate, q.object, one) for q in quads]
    expected = keys(validate_quads(quads))
    assert keys(validate_quads(spread)) == expected == keys(validate_quads(twice))
    assert len(expected) == 1


def test_cli_engines_agree_on_sparql_results() -> None:
    args = [str(FIXTURES / "base.ttl"), str(FIXTURES / "SessionDatesShape.fail.ttl")]
    fast = CliRunner().invoke(validate_command, ["--engine", "fast", *args])
    slow = CliRunner().invoke(validate_command, ["--engine", "pyshacl", *args])
    assert fast.exit_code == slow.exit_code == 1
    assert fast.stdout == slow.stdout
    assert "the session ends on 2016-03-05, before it starts on 2016-03-16" in fast.stdout
