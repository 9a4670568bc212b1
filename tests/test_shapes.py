"""The SHACL shapes: well-formed SHACL, each broken and passed by a fixture, and the seeds'
five stated approval rates that disagree with their counts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Namespace, URIRef

from npcgraph.cli_validate import check_before_write
from npcgraph.errors import InputError, Location, ValidationFailed
from npcgraph.pipeline import corpus_quads
from npcgraph.validation import (
    ValidationReport,
    load_shapes,
    quads_to_graph,
    read_inputs,
    validate,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
SEEDS = Path("/work/shared/seeds")
SH = Namespace("http://www.w3.org/ns/shacl#")
NPCS = Namespace("https://w3id.org/npcgraph/shapes#")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
WARNING_SHAPES = {"ApprovalRateShape", "TermStartShape"}

# session, topic, stated, computed (two places): the rows whose printed rate is off by > 0.01.
SEED_MISMATCHES = {
    ("12-5", "Macau", "99.29", "99.61"),
    ("12-5", "Chief Justice Zhou Qiang's Supreme People's Court Work Report", "91.92", "92.05"),
    (
        "12-1",
        "Procurator-General Cao Jianming's Supreme People's Procuratorate Work Report",
        "76.03",
        "78.70",
    ),
    ("12-2", "Premier Li Keqiang's Government Work Report", "99.31", "99.69"),
    ("12-2", "Chief Justice Zhou Qiang's Supreme People's Court Work Report", "83.69", "83.68"),
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def targeted_shapes() -> list[str]:
    graph = load_shapes()
    names = {
        str(shape).removeprefix(str(NPCS))
        for shape in graph.subjects(RDF.type, SH.NodeShape)
        if any(graph.value(shape, target) is not None for target in TARGETS)
    }
    return sorted(names)


def owned_shapes(shapes: Graph, name: str) -> set[URIRef]:
    """A node shape and its property shapes: the sources of the results it produces."""
    shape = NPCS[name]
    return {shape, *shapes.objects(shape, SH.property)}


def with_base(*paths: Path) -> Graph:
    graph = Graph().parse(FIXTURES / "base.ttl", format="turtle")
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def seed_report() -> ValidationReport:
    return validate(quads_to_graph(corpus_quads(sorted(SEEDS.glob("*.txt")))))


def test_shapes_conform_to_shacl_shapes_for_shacl(shapes: Graph) -> None:
    from pyshacl.entrypoints import meta_validate

    conforms, _graph, text = meta_validate(shapes)
    assert conforms, text


def test_meta_validation_catches_a_malformed_shape(shapes: Graph) -> None:
    from pyshacl.entrypoints import meta_validate

    broken = Graph()
    for triple in shapes:
        broken.add(triple)
    broken.set((NPCS["Session-congress"], SH.minCount, URIRef("urn:not-an-integer")))
    conforms, _graph, _text = meta_validate(broken)
    assert not conforms


def test_every_targeted_shape_has_both_fixtures() -> None:
    names = targeted_shapes()
    assert len(names) == 30
    fixtures = {path.name for path in FIXTURES.glob("*.ttl")} - {"base.ttl"}
    expected = {f"{name}.{kind}.ttl" for name in names for kind in ("pass", "fail")}
    assert fixtures == expected


def test_base_fixture_conforms_with_no_results(shapes: Graph) -> None:
    report = validate(with_base(), shapes)
    assert report.results == ()
    assert report.conforms


@pytest.mark.parametrize("name", targeted_shapes())
def test_pass_fixture_gives_no_result(shapes: Graph, name: str) -> None:
    report = validate(with_base(FIXTURES / f"{name}.pass.ttl"), shapes)
    assert [result.one_line() for result in report.results] == []


@pytest.mark.parametrize("name", targeted_shapes())
def test_fail_fixture_breaks_only_its_shape(shapes: Graph, name: str) -> None:
    report = validate(with_base(FIXTURES / f"{name}.fail.ttl"), shapes)
    assert report.results, name
    assert {result.source_shape for result in report.results} <= owned_shapes(shapes, name)
    severity = "Warning" if name in WARNING_SHAPES else "Violation"
    assert {result.severity for result in report.results} == {severity}
    assert report.conforms is (severity == "Warning")


def test_deputy_limit_message_names_total_and_limit(shapes: Graph) -> None:
    report = validate(with_base(FIXTURES / "DeputyLimitShape.fail.ttl"), shapes)
    [result] = report.results
    assert result.message == (
        "the counts add up to 2990 votes, more than the 2987 deputies of the congress"
    )
    assert str(result.focus_node).endswith("/session/12-5/vote/too-many")


def test_session_dates_message(shapes: Graph) -> None:
    [result] = validate(with_base(FIXTURES / "SessionDatesShape.fail.ttl"), shapes).results
    assert result.message == "the session ends on 2016-03-05, before it starts on 2016-03-16"
    assert str(result.path) == "http://schema.org/endDate"


def test_result_source_is_file_and_line_of_the_record(shapes: Graph) -> None:
    [result] = validate(with_base(FIXTURES / "ApprovalRateShape.fail.ttl"), shapes).results
    assert result.source == Location("a.txt", 34, 2)
    assert result.value.toPython() == Decimal("99.29")
    [count] = validate(with_base(FIXTURES / "CountShape.fail.ttl"), shapes).results
    assert count.source is None


def test_seed_rows_give_exactly_five_warnings(seed_report: ValidationReport) -> None:
    assert seed_report.violations == ()
    assert seed_report.conforms
    assert len(seed_report.warnings) == 5
    assert {str(w.source_shape) for w in seed_report.warnings} == {str(NPCS.ApprovalRateShape)}
    graph = quads_to_graph(corpus_quads(sorted(SEEDS.glob("*.txt"))))
    skos_label = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    motion = URIRef("http://www.w3.org/ns/opengov#motion")
    found = set()
    for warning in seed_report.warnings:
        session = str(warning.focus_node).split("/session/")[1].split("/")[0]
        topic = str(graph.value(graph.value(warning.focus_node, motion), skos_label))
        stated = str(warning.value)
        computed = warning.message.split(" differs from ")[1].split("%")[0]
        assert f"stated approval rate {stated}%" in warning.message
        found.add((session, topic, stated, computed))
    assert found == SEED_MISMATCHES


def test_seed_warning_sources(seed_report: ValidationReport) -> None:
    sources = [str(warning.source) for warning in seed_report.warnings]
    assert sources == [
        "000_ec72ee92cfb52ba5.txt:36",
        "000_ec72ee92cfb52ba5.txt:38",
        "001_5f1d125ef1423499.txt:83",
        "002_293612d646b830fb.txt:62",
        "002_293612d646b830fb.txt:66",
    ]


def test_bundled_corpus_conforms() -> None:
    report = validate(read_inputs(None))
    assert report.conforms
    assert len(report.warnings) == 5


def test_dataset_is_validated_as_the_union_of_its_graphs(shapes: Graph) -> None:
    dataset = Dataset()
    base = dataset.graph(URIRef("https://w3id.org/npcgraph/id/graph/session/12-5"))
    base.parse(FIXTURES / "base.ttl", format="turtle")
    links = dataset.graph(URIRef("https://w3id.org/npcgraph/id/graph/links"))
    links.parse(FIXTURES / "DuplicateCountShape.fail.ttl", format="turtle")
    report = validate(dataset, shapes)
    assert [str(r.source_shape) for r in report.results] == [str(NPCS.DuplicateCountShape)]


def test_text_report_lists_violations_first(shapes: Graph) -> None:
    graph = with_base(FIXTURES / "ApprovalRateShape.fail.ttl", FIXTURES / "PersonShape.fail.ttl")
    report = validate(graph, shapes)
    text = report.to_text()
    assert text.index("== 1 Violation ==") < text.index("== 1 Warning ==")
    assert text.endswith("Conforms: no (1 Violation, 1 Warning, 0 Infos)\n")
    assert "  source: a.txt:34:2\n" in text
    assert "  focus:  id:person/hu-jintao\n" in text


def test_json_report(shapes: Graph) -> None:
    report = validate(with_base(FIXTURES / "SourceLocationShape.fail.ttl"), shapes)
    document = json.loads(report.render("json"))
    assert document["conforms"] is False
    assert document["counts"] == {"Info": 0, "Violation": 1, "Warning": 0}
    [result] = document["results"]
    assert result["focusNode"] == "https://w3id.org/npcgraph/id/article/a/L0"
    assert result["resultPath"] == "https://w3id.org/npcgraph/ontology#line"
    assert result["value"] == "0"
    assert result["source"] == {"file": "a.txt", "line": 0, "column": None}


def test_turtle_report_is_a_shacl_report_without_blank_nodes(shapes: Graph) -> None:
    report = validate(with_base(FIXTURES / "ApprovalRateShape.fail.ttl"), shapes)
    graph = Graph().parse(data=report.to_turtle(), format="turtle")
    [node] = graph.subjects(RDF.type, SH.ValidationReport)
    assert str(graph.value(node, SH.conforms)) == "true"
    [result] = graph.objects(node, SH.result)
    assert graph.value(result, SH.resultSeverity) == SH.Warning
    assert all(not term.startswith("_:") for triple in graph for term in map(str, triple))
    assert not any(type(term).__name__ == "BNode" for triple in graph for term in triple)


def test_turtle_report_is_byte_identical_across_processes() -> None:
    script = (
        "import sys; from pathlib import Path; from rdflib import Graph;"
        "from npcgraph.validation import validate;"
        f"g = Graph().parse('{FIXTURES / 'base.ttl'}');"
        f"g.parse('{FIXTURES / 'MotionShape.fail.ttl'}');"
        f"g.parse('{FIXTURES / 'ApprovalRateShape.fail.ttl'}');"
        "sys.stdout.write(validate(g).to_turtle() + validate(g).to_text())"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("a sh:ValidationResult") == 3


@pytest.mark.parametrize(
    ("suffix", "rdf_format"),
    [
        (".ttl", "turtle"),
        (".nt", "nt"),
        (".nq", "nquads"),
        (".trig", "trig"),
        (".jsonld", "json-ld"),
    ],
)
def test_read_inputs_by_extension(tmp_path: Path, suffix: str, rdf_format: str) -> None:
    dataset = Dataset()
    dataset.graph(URIRef("https://w3id.org/npcgraph/id/graph/session/12-5")).parse(
        FIXTURES / "base.ttl", format="turtle"
    )
    path = tmp_path / f"graph{suffix}"
    source = dataset if rdf_format in {"nquads", "trig", "json-ld"} else union(dataset)
    path.write_text(source.serialize(format=rdf_format), encoding="utf-8")
    graph = read_inputs([path])
    assert len(graph) == len(union(dataset))
    assert validate(graph).results == ()


def union(dataset: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def test_read_inputs_rejects_bad_turtle(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl: not valid Turtle"):
        read_inputs([path])


def test_read_inputs_rejects_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    unknown = tmp_path / "graph.rdfx"
    unknown.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unknown input type '.rdfx'"):
        read_inputs([unknown])
    with pytest.raises(InputError, match="cannot read file"):
        read_inputs([tmp_path / "missing.ttl"])


def test_read_inputs_articles_through_the_pipeline() -> None:
    graph = read_inputs([SEEDS / "000_ec72ee92cfb52ba5.txt"])
    session = URIRef("https://w3id.org/npcgraph/id/session/12-5")
    assert (session, RDF.type, URIRef("https://w3id.org/npcgraph/ontology#Session")) in graph


def test_check_before_write_refuses_violations(capsys: pytest.CaptureFixture[str]) -> None:
    from pyoxigraph import RdfFormat, parse

    text = (FIXTURES / "base.ttl").read_text(encoding="utf-8")
    quads = list(parse(text, format=RdfFormat.TURTLE))
    report = check_before_write(quads)
    assert report.conforms and report.results == ()
    broken = text + (FIXTURES / "VoteDateShape.fail.ttl").read_text(encoding="utf-8")
    broken += (FIXTURES / "TermStartShape.fail.ttl").read_text(encoding="utf-8")
    with pytest.raises(ValidationFailed, match="1 SHACL Violation, the first: Violation: a.txt"):
        check_before_write(list(parse(broken, format=RdfFormat.TURTLE)))
    assert capsys.readouterr().err.startswith("Warning: a.txt:1: the term starts on 2018-03-17")


def test_check_before_write_prints_seed_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    report = check_before_write(corpus_quads(sorted(SEEDS.glob("*.txt"))))
    assert report.conforms
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 5
    assert err[0].startswith(
        "Warning: 000_ec72ee92cfb52ba5.txt:36: the stated approval rate 99.29%"
    )
