"""JSON-LD output: the context, framing, round trips through rdflib and Oxigraph, determinism."""

from __future__ import annotations

import json
import os
import random
import re
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from npcgraph.errors import OutputError
from npcgraph.jsonld import load_context, parse_context, write_jsonld
from npcgraph.vocab import ID, NPCO, PREFIXES, XSD
from npcgraph.writers import write_nquads

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "jsonld"
SESSION = FIXTURES / "session.trig"
EDGE_CASES = FIXTURES / "edge-cases.trig"
GOLDEN = FIXTURES / "session.jsonld"
SEEDS = ROOT.parent / "shared" / "seeds"
CONTEXT_FILE = ROOT / "ontology" / "context.jsonld"
ABSOLUTE = re.compile(r"^https?://")


def read_quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


def corpus_quads() -> list[ox.Quad]:
    from npcgraph import pipeline

    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 3
    return pipeline.corpus_quads(seeds)


def by_graph(quads: Iterator[ox.Quad] | list[ox.Quad]) -> dict[str, set[ox.Triple]]:
    graphs: dict[str, set[ox.Triple]] = {}
    for quad in quads:
        graphs.setdefault(str(quad.graph_name), set()).add(quad.triple)
    return graphs


def rdflib_dataset(data: bytes, format: str) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(data=data.decode("utf-8"), format=format)
    return dataset


def rdflib_graphs(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    graphs: dict[str, rdflib.Graph] = {}
    for subject, predicate, obj, graph in dataset.quads():
        graphs.setdefault(str(graph), rdflib.Graph()).add((subject, predicate, obj))
    return graphs


def union(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for subject, predicate, obj, _ in dataset.quads():
        graph.add((subject, predicate, obj))
    return graph


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection (say, to fetch a remote context) fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def assert_round_trips(quads: list[ox.Quad]) -> bytes:
    """Write JSON-LD, read it back with Oxigraph and rdflib, compare with the input."""
    output = write_jsonld(quads)
    expected = by_graph(quads)
    # Oxigraph: exactly the same quads, graph by graph
    assert by_graph(ox.parse(output, format=ox.RdfFormat.JSON_LD)) == expected
    # rdflib: the union (the Turtle export) and every named graph are isomorphic to the input
    reference = rdflib_dataset(write_nquads(quads), "nquads")
    parsed = rdflib_dataset(output, "json-ld")
    assert len(union(parsed)) == len(union(reference))
    assert isomorphic(union(parsed), union(reference))
    parsed_graphs, reference_graphs = rdflib_graphs(parsed), rdflib_graphs(reference)
    assert parsed_graphs.keys() == reference_graphs.keys()
    for name, graph in reference_graphs.items():
        assert isomorphic(parsed_graphs[name], graph), name
    return output


def walk(value: Any, key: str | None = None) -> Iterator[tuple[str | None, Any]]:
    """Every (key, value) pair of a JSON document, depth first."""
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield child_key, child
            yield from walk(child, child_key)
    elif isinstance(value, list):
        for item in value:
            yield key, item
            yield from walk(item, key)


def find_node(nodes: list[dict[str, Any]], node_id: str) -> dict[str, Any]:
    found = [node for node in nodes if node["@id"] == node_id]
    assert len(found) == 1, node_id
    return found[0]


def graph_nodes(document: dict[str, Any], graph_id: str) -> list[dict[str, Any]]:
    return find_node(document["@graph"], graph_id)["@graph"]


# --- the context ----------------------------------------------------------------------------


def test_context_file_is_json_ld_with_the_project_prefixes() -> None:
    document = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    assert list(document) == ["@context"]
    context = document["@context"]
    assert context["@version"] == 1.1
    assert "@vocab" not in context and "@base" not in context
    assert {name: context[name] for name in PREFIXES} == PREFIXES


def test_every_term_maps_to_an_iri_of_a_known_namespace() -> None:
    context = parse_context(load_context())
    namespaces = tuple(PREFIXES.values())
    assert len(context.terms) >= 70
    for term in context.terms.values():
        assert term.iri.startswith(namespaces), term
        assert term.iri != term.name and ":" not in term.name
        if term.coerce not in (None, "@id"):
            assert term.coerce.startswith(XSD), term
    assert context.terms["label"].language_map
    assert context.terms["congress"].coerce == XSD + "integer"
    assert context.terms["startDate"].coerce == XSD + "date"
    assert context.terms["statedApprovalRate"].coerce == XSD + "decimal"
    assert context.terms["year"].coerce == XSD + "gYear"
    assert context.terms["candidate"].coerce == "@id"
    assert (
        context.terms["votes"].reverse
        and context.terms["votes"].iri == "http://schema.org/superEvent"
    )


def test_context_covers_every_property_of_the_data_model() -> None:
    model = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    names = "|".join(name for name in PREFIXES if name not in ("xsd", "id", "wd"))
    used = set(re.findall(rf"\b({names}):([a-z][A-Za-z]*)\b", model))
    assert len(used) > 50
    context = parse_context(load_context())
    missing = sorted(f"{prefix}:{name}" for prefix, name in used
                     if PREFIXES[prefix] + name not in context.by_property)  # fmt: skip
    assert missing == []


def test_context_agrees_with_the_ontology() -> None:
    """Object properties are `@id` terms; datatype properties are typed as their range."""
    ontology = rdflib.Graph().parse(ROOT / "ontology" / "npcgraph.ttl", format="turtle")
    context = parse_context(load_context())
    owl, rdfs = rdflib.OWL, rdflib.RDFS
    checked = 0
    for kind in (owl.ObjectProperty, owl.DatatypeProperty):
        for prop in ontology.subjects(rdflib.RDF.type, kind):
            term = context.by_property.get(str(prop))
            assert term is not None, f"no term for {prop}"
            if kind == owl.ObjectProperty:
                assert term.coerce == "@id", term
            else:
                ranges = {str(r) for r in ontology.objects(prop, rdfs.range)}
                expected = {XSD + "string": None}.get(min(ranges), min(ranges)) if ranges else None
                if expected == str(rdflib.RDF.langString):
                    assert term.language or term.language_map, term
                else:
                    assert term.coerce == expected, term
            checked += 1
    assert checked >= 40


# --- output shape ---------------------------------------------------------------------------


def test_session_reads_as_one_nested_object() -> None:
    document = json.loads(write_jsonld(read_quads(SESSION)))
    nodes = graph_nodes(document, "id:graph/session/12-1")
    session = find_node(nodes, "id:session/12-1")
    assert session["@type"] == ["schema:Event", "npco:Session"]
    assert session["label"] == {
        "en": "First session of the 12th National People's Congress",
        "zh": "第十二届全国人民代表大会第一次会议",
        "zh-Latn-pinyin": "Dì-shíèr Jiè Quánguó Rénmín Dàibiǎo Dàhuì Dì-yīcì Huìyì",
    }
    assert (session["congress"], session["sessionNumber"]) == (12, 1)
    assert (session["startDate"], session["endDate"], session["year"]) == (
        "2013-03-05",
        "2013-03-17",
        "2013",
    )
    assert session["organizer"] == "id:body/npc"

    first, second = session["votes"]
    assert first["agendaOrder"] == 1 and second["agendaOrder"] == 2
    assert first["motion"]["prefLabel"] == {"en": "Premier Wen Jiabao's Government Work Report"}
    assert {count["@type"]: count["value"] for count in first["counts"]} == {
        "opengov:AbstainCount": 85,
        "opengov:NoCount": 60,
        "opengov:YesCount": 2799,
    }
    assert first["statedApprovalRate"] == "96.96" and first["computedApprovalRate"] == "96.69"
    assert first["approvalRateMismatch"] is True
    assert "counts" not in second and "superEvent" not in second
    assert second["motion"]["presentedBy"] == "id:person/li-keqiang"

    (election,) = session["elections"]
    assert election["office"] == "id:post/president-of-the-peoples-republic-of-china"
    ballots = election["ballots"]
    assert [b["candidate"] for b in ballots] == ["id:person/xi-jinping", "id:person/li-keqiang"]
    assert [sum(c["value"] for c in b["counts"]) for b in ballots] == [2956, 1]
    assert ballots[0]["superEvent"] == "id:session/12-1"

    (membership,) = session["officeholders"]
    assert membership["member"] == "id:person/xi-jinping"
    assert membership["post"] == "id:post/president-of-the-peoples-republic-of-china"
    assert membership["validFrom"] == "2013-03-14"
    (statistic,) = session["statistics"]
    assert (statistic["statisticValue"], statistic["unitText"]) == ("51.9", "trillion yuan")
    assert statistic["measure"] == "npco:Level"
    (event,) = session["events"]
    assert event["eventPerson"] == "id:person/shao-zhanwei"
    assert event["description"] == "Hangzhou mayor Shao Zhanwei died during the congress."


def test_persons_posts_and_bodies_appear_once_at_top_level() -> None:
    document = json.loads(write_jsonld(read_quads(SESSION)))
    nodes = graph_nodes(document, "id:graph/session/12-1")
    top = [node["@id"] for node in nodes]
    assert top == [
        "id:article/001_5f1d125ef1423499",
        "id:body/npc",
        "id:body/prc",
        "id:congress/12",
        "id:indicator/gdp",
        "id:person/li-keqiang",
        "id:person/shao-zhanwei",
        "id:person/xi-jinping",
        "id:post/mayor-of-hangzhou",
        "id:post/president-of-the-peoples-republic-of-china",
        "id:session/12-1",
    ]
    xi = find_node(nodes, "id:person/xi-jinping")
    assert xi["label"] == {"en": "Xi Jinping", "zh": "习近平"}
    assert xi["name"] == "Xi Jinping"
    # every node object occurs once per graph; everything else refers to it by @id
    for graph in document["@graph"]:
        described = [
            v["@id"]
            for _, v in walk(graph["@graph"])
            if isinstance(v, dict) and "@id" in v and len(v) > 1
        ]
        assert len(described) == len(set(described))
    article = find_node(nodes, "id:article/001_5f1d125ef1423499")
    assert [location["line"] for location in article["locations"]] == [1, 8, 34, 34]


def test_named_graphs_are_kept() -> None:
    document = json.loads(write_jsonld(read_quads(SESSION)))
    assert [graph["@id"] for graph in document["@graph"]] == [
        "id:graph/links",
        "id:graph/session/12-1",
    ]
    links = graph_nodes(document, "id:graph/links")
    xi = find_node(links, "id:person/xi-jinping")
    assert xi["sameAs"] == "wd:Q15031"
    (link,) = xi["wikidataLinks"]
    assert link["linkTarget"] == "wd:Q15031"
    assert (link["matchScore"], link["runnerUpScore"]) == ("0.98", "0.12")
    assert len(link["evidence"]) == 2
    assert find_node(links, "id:session/12-1")["nextSession"] == "id:session/12-2"


def test_output_matches_the_golden_file() -> None:
    """After a deliberate change of the context or the framing, regenerate session.jsonld with
    `write_jsonld` from session.trig and review the diff."""
    assert write_jsonld(read_quads(SESSION)) == GOLDEN.read_bytes()


def test_literals_that_do_not_fit_their_term_fall_back_to_full_keys() -> None:
    document = json.loads(write_jsonld(read_quads(EDGE_CASES)))
    graph = find_node(document["@graph"], "id:graph/session/99-1")
    assert graph["source"] == "id:article/099_edge"  # default-graph triple about a graph name
    session = find_node(graph["@graph"], "id:session/99-1")
    assert session["congress"] == ["007", "9007199254740993"]  # not canonical / beyond 2^53
    assert session["npco:congress"] == [
        {"@value": "12"},
        {"@value": "12.0", "@type": "xsd:decimal"},
    ]
    assert session["label"] == {"en": ["a", "b"], "zh": "Ｃ"}
    assert session["rdfs:label"] == {"@value": "no language"}
    assert session["schema:description"] == {"@value": "中文描述", "@language": "zh"}
    assert session["foaf:name"] == {"@value": "tagged", "@language": "en"}
    assert session["npco:ofCongress"] == {"@value": "not an IRI"}
    assert session["npco:status"] == {"@id": "http://example.org/status"}
    assert session["rdf:type"] == {"@value": "a literal type"}
    assert session["approvalRateMismatch"] == "1"
    assert -5 in session["sessionNumber"] and "-0" in session["sessionNumber"]
    assert [s["@id"] for s in session["statistics"]] == [
        "id:session/99-1/statistic/2",
        "id:session/99-1/statistic/10",
    ]
    vote_a, vote_b = session["votes"]
    assert vote_a["motion"]["@id"] == "id:session/99-1/motion/m"
    assert vote_b["motion"] == "id:session/99-1/motion/m"
    cycle = find_node(graph["@graph"], "id:session/99-1/motion/x")
    assert cycle["motion"]["motion"] == "id:session/99-1/motion/x"
    default_session = find_node(document["@graph"], "id:session/99-1")
    assert default_session["label"] == {"en": "Default graph session"}


# --- round trips ----------------------------------------------------------------------------


def test_fixture_round_trips(no_network: None) -> None:
    assert_round_trips(read_quads(SESSION))


def test_edge_cases_round_trip(no_network: None) -> None:
    assert_round_trips(read_quads(EDGE_CASES))


def test_corpus_round_trips(no_network: None) -> None:
    quads = corpus_quads()
    output = assert_round_trips(quads)
    document = json.loads(output)
    graphs = [graph["@id"] for graph in document["@graph"]]
    assert "id:graph/links" in graphs
    sessions = [g for g in graphs if g.startswith("id:graph/session/")]
    assert len(sessions) == 3
    for graph_id in sessions:
        key = graph_id.removeprefix("id:graph/session/")
        session = find_node(graph_nodes(document, graph_id), f"id:session/{key}")
        assert "npco:Session" in session["@type"]
        assert session["votes"] or session["elections"]
    assert_valid_for_jsonld_js(output)


# --- determinism ----------------------------------------------------------------------------


def test_same_input_gives_the_same_bytes_in_any_order() -> None:
    quads = read_quads(SESSION) + read_quads(EDGE_CASES)
    first = write_jsonld(quads)
    shuffled = list(quads)
    random.Random(7).shuffle(shuffled)
    assert write_jsonld(shuffled) == first
    assert write_jsonld(shuffled + shuffled[:20]) == first  # duplicates change nothing


HASH_SEED_SCRIPT = """
import sys
import pyoxigraph as ox
from npcgraph.jsonld import write_jsonld
if sys.argv[1] == "corpus":
    from pathlib import Path
    from npcgraph import pipeline
    quads = pipeline.corpus_quads(sorted(Path(sys.argv[2]).glob("*.txt")))
else:
    quads = list(ox.parse(path=sys.argv[1], format=ox.RdfFormat.TRIG))
sys.stdout.buffer.write(write_jsonld(quads))
"""


def run_with_hash_seed(seed: str, *args: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", HASH_SEED_SCRIPT, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    )
    return done.stdout


def test_bytes_do_not_depend_on_the_hash_seed() -> None:
    outputs = {run_with_hash_seed(seed, str(SESSION)) for seed in ("1", "4242")}
    assert outputs == {write_jsonld(read_quads(SESSION))}


def test_corpus_bytes_do_not_depend_on_the_hash_seed() -> None:
    outputs = {run_with_hash_seed(seed, "corpus", str(SEEDS)) for seed in ("0", "31337")}
    assert len(outputs) == 1
    assert outputs == {write_jsonld(corpus_quads())}


# --- format and compatibility ---------------------------------------------------------------


def test_pretty_printed_utf8_with_trailing_newline() -> None:
    output = write_jsonld(read_quads(SESSION))
    text = output.decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert '\n  "@context": {\n    "@version": 1.1,' in text
    assert "习近平" in text and "\\u" not in text
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_context_is_inline_and_never_remote() -> None:
    output = write_jsonld(read_quads(SESSION))
    document = json.loads(output)
    assert document["@context"] == json.loads(CONTEXT_FILE.read_text())["@context"]
    assert [key for key, _ in walk(document) if key in ("@context", "@import")] == ["@context"]
    assert not re.search(rb'"@context"\s*:\s*"', output)
    assert b'"@context": "http' not in output


def test_empty_input_is_an_empty_graph() -> None:
    document = json.loads(write_jsonld([]))
    assert document["@graph"] == []
    assert set(ox.parse(write_jsonld([]), format=ox.RdfFormat.JSON_LD)) == set()


def expand(value: str, context: dict[str, Any]) -> str:
    prefix, colon, suffix = value.partition(":")
    if colon and isinstance(context.get(prefix), str) and not suffix.startswith("//"):
        return context[prefix] + suffix
    return value


def iri_uses(value: Any, context: dict[str, Any], key: str | None = None) -> Iterator[str]:
    """Every string of the document that stands for an IRI: ids, types, IRI keys and values."""
    if isinstance(value, list):
        for item in value:
            yield from iri_uses(item, context, key)
        return
    term = context.get(key) if key is not None else None
    if isinstance(value, str):
        if isinstance(term, dict) and term.get("@type") == "@id":
            yield value
        return
    if (
        not isinstance(value, dict)
        or isinstance(term, dict)
        and term.get("@container") == "@language"
    ):
        return
    for child_key, child in value.items():
        if child_key in ("@id", "@type"):
            yield from child if isinstance(child, list) else [child]
        elif child_key == "@graph":
            yield from iri_uses(child, context)
        elif not child_key.startswith("@"):
            if child_key not in context:
                yield child_key  # a compact or full IRI as key
            yield from iri_uses(child, context, child_key)


def assert_valid_for_jsonld_js(output: bytes) -> None:
    """No blank nodes, no relative IRIs, the published context: what jsonld.js needs."""
    document = json.loads(output)
    context = document["@context"]
    assert context == load_context()
    iris = list(iri_uses(document["@graph"], context))
    assert len(iris) > 20
    for value in iris:
        assert not value.startswith("_:"), value
        assert ABSOLUTE.match(expand(value, context)), value


def test_output_is_valid_for_jsonld_js_users() -> None:
    assert_valid_for_jsonld_js(write_jsonld(read_quads(SESSION)))
    assert_valid_for_jsonld_js(write_jsonld(read_quads(EDGE_CASES)))


# --- refusals -------------------------------------------------------------------------------

S = ox.NamedNode(ID + "session/1-1")
P = ox.NamedNode(NPCO + "status")


@pytest.mark.parametrize(
    "quad",
    [
        ox.Quad(ox.BlankNode("b0"), P, ox.Literal("x")),
        ox.Quad(S, P, ox.BlankNode("b0")),
        ox.Quad(S, P, ox.Literal("x"), ox.BlankNode("g")),
        ox.Quad(S, P, ox.NamedNode("schema:thing")),
    ],
    ids=["blank-subject", "blank-object", "blank-graph", "iri-read-as-compact"],
)
def test_refuses_what_json_ld_readers_would_misread(quad: ox.Quad) -> None:
    with pytest.raises(OutputError):
        write_jsonld([quad])
