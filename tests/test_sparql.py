"""Tests for npcgraph.sparql, the bundled queries and the `query` command."""

from __future__ import annotations

import csv
import io
import json
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Quad, RdfFormat, Store, parse

from npcgraph import sparql, vocab
from npcgraph.cli_sparql import query as query_command
from npcgraph.errors import NpcGraphError

from conftest import SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "sparql"
CORPUS = FIXTURES / "corpus.trig"
TRICKY = FIXTURES / "tricky.trig"
BUNDLED = {
    "dissent-by-session",
    "report-approval-across-sessions",
    "officeholders",
    "election-results",
    "rate-mismatches",
    "wikidata-links",
}


def fixture_quads(path: Path = CORPUS) -> list[Quad]:
    return list(parse(path=str(path), format=RdfFormat.TRIG))


@pytest.fixture()
def store() -> Store:
    loaded = Store()
    loaded.extend(fixture_quads())
    return loaded


def rows(store: Store, text: str) -> list[dict[str, str]]:
    """Run a query and return its solutions as {variable: lexical value} via the JSON format."""
    data = json.loads(sparql.run_query(store, text, "json"))
    return [
        {name: cell["value"] for name, cell in binding.items()}
        for binding in data["results"]["bindings"]
    ]


def test_bundled_queries_are_the_six_named_ones_with_header_comments() -> None:
    queries = sparql.bundled_queries()
    assert set(queries) == BUNDLED
    assert list(queries) == sorted(queries)
    for text in queries.values():
        assert text.startswith("# ")
        assert sparql.describe_query(text)
    assert "dissent" in sparql.describe_query(queries["dissent-by-session"])


def test_unknown_bundled_query_lists_the_known_ones() -> None:
    with pytest.raises(NpcGraphError, match="no bundled query named 'nope'.*officeholders"):
        sparql.bundled_query("nope")


def test_dissent_by_session_ranks_against_plus_abstain(store: Store) -> None:
    found = rows(store, sparql.bundled_query("dissent-by-session"))
    assert [(row["session"].rsplit("/", 1)[1], row["dissent"]) for row in found] == [
        ("12-1", "725"),
        ("12-1", "145"),
        ("12-2", "473"),
        ("12-2", "9"),
        ("12-5", "225"),
        ("12-5", "11"),
    ]
    first = found[0]
    assert first["motion"] == "Chief Justice Wang Shengjun's Supreme People's Court Work Report"
    assert (first["for"], first["against"], first["abstain"]) == ("2218", "605", "120")
    assert first["sessionLabel"] == "First session of the 12th National People's Congress"
    assert first["dissentShare"] == "24.63"
    assert all("Chen Sixi" not in row["motion"] for row in found)


def test_report_approval_across_sessions_follows_the_supreme_court_report(store: Store) -> None:
    found = rows(store, sparql.bundled_query("report-approval-across-sessions"))
    assert [
        (
            row["session"].rsplit("/", 1)[1],
            row["presenter"],
            row["for"],
            row["against"],
            row["abstain"],
            row["statedRate"],
            row["computedRate"],
        )
        for row in found
    ] == [
        ("12-1", "Wang Shengjun", "2218", "605", "120", "75.37", "75.37"),
        ("12-2", "Zhou Qiang", "2425", "378", "95", "83.69", "83.68"),
        ("12-5", "Zhou Qiang", "2606", "180", "45", "91.92", "92.05"),
    ]


def test_officeholders_lists_person_post_start_and_reporting_session(store: Store) -> None:
    found = rows(store, sparql.bundled_query("officeholders"))
    assert [
        (row["name"], row["validFrom"], row["reportedIn"].rsplit("/", 1)[1]) for row in found
    ] == [
        ("Hu Jintao", "2003-03-15", "12-1"),
        ("Xi Jinping", "2013-03-14", "12-1"),
        ("Xi Jinping", "2013-03-14", "12-2"),
    ]
    assert {row["postLabel"] for row in found} == {"President of the People's Republic of China"}
    assert found[1]["electedAt"] == vocab.ID + "session/12-1"
    assert "electedAt" not in found[0]


def test_election_results_in_ballot_order(store: Store) -> None:
    found = rows(store, sparql.bundled_query("election-results"))
    assert [
        (row["office"], row["listOrder"], row["candidate"], row["for"], row["against"])
        for row in found
    ] == [
        ("President of the People's Republic of China", "1", "Xi Jinping", "2952", "1"),
        ("President of the People's Republic of China", "2", "Liu Yunshan", "2", "0"),
        ("President of the Supreme People's Court", "1", "Zhou Qiang", "2908", "26"),
        ("President of the Supreme People's Court", "2", "Wu Aiying", "2", "0"),
    ]
    assert found[0]["election"] == "Presidential Election"
    assert found[0]["forShare"] == "99.86"


def test_rate_mismatches_lists_stated_computed_and_difference(store: Store) -> None:
    found = rows(store, sparql.bundled_query("rate-mismatches"))
    assert [
        (row["motion"], row["statedRate"], row["computedRate"], row["difference"]) for row in found
    ] == [
        ("Premier Li Keqiang's Government Work Report", "99.31", "99.69", "-0.38"),
        ("Macau", "99.29", "99.61", "-0.32"),
        (
            "Chief Justice Zhou Qiang's Supreme People's Court Work Report",
            "91.92",
            "92.05",
            "-0.13",
        ),
        ("Chief Justice Zhou Qiang's Supreme People's Court Work Report", "83.69", "83.68", "0.01"),
    ]


def test_wikidata_links_with_optional_score(store: Store) -> None:
    found = rows(store, sparql.bundled_query("wikidata-links"))
    assert [(row["name"], row["item"], row.get("score")) for row in found] == [
        ("Hu Jintao", vocab.WD + "Q15029", "0.95"),
        ("Xi Jinping", vocab.WD + "Q15031", "0.98"),
        ("Zhou Qiang", vocab.WD + "Q198003", None),
    ]
    assert found[1]["method"] == "English label and position held"


def test_table_is_aligned_with_prefixed_names(store: Store) -> None:
    text = sparql.run_query(
        store,
        "SELECT ?person ?name WHERE { ?person foaf:name ?name "
        'FILTER(?name IN ("Hu Jintao", "Liu Yunshan")) } ORDER BY ?name',
    )
    assert text == (
        "person                 name\n"
        "---------------------  -----------\n"
        "id:person/hu-jintao    Hu Jintao\n"
        "id:person/liu-yunshan  Liu Yunshan\n"
        "(2 rows)\n"
    )


def test_table_counts_wide_characters_twice_and_escapes_newlines() -> None:
    store = Store()
    store.extend(fixture_quads(TRICKY))
    text = sparql.run_query(
        store,
        "SELECT ?name ?x WHERE { { ?p foaf:name ?name } UNION { ?p rdfs:label ?name } "
        'BIND("|" AS ?x) } ORDER BY ?name',
    )
    lines = text.splitlines()
    assert "Wang\\nFang\\t(tab)" in text
    assert "陈毅@zh" in text
    bar_columns = {
        len(line) + sum(1 for c in line if c == "陈" or c == "毅") for line in lines[2:-1]
    }
    assert len(bar_columns) == 1
    assert lines[-1] == "(5 rows)"


def test_unknown_namespace_is_shown_in_angle_brackets() -> None:
    assert sparql.prefixed_name("http://example.org/x") == "<http://example.org/x>"
    assert sparql.prefixed_name(vocab.NPCO + "Session") == "npco:Session"
    assert sparql.prefixed_name(vocab.ID + "session/12-1") == "id:session/12-1"
    assert sparql.prefixed_name(vocab.ID + "a b") == f"<{vocab.ID}a b>"


def test_csv_and_tsv_come_from_pyoxigraph(store: Store) -> None:
    text = (
        "SELECT DISTINCT ?name ?for WHERE { ?b npco:candidate/foaf:name ?name ; opengov:count ?c . "
    )
    text += "?c a opengov:YesCount ; rdf:value ?for } ORDER BY DESC(?for) ?name"
    table = list(csv.reader(io.StringIO(sparql.run_query(store, text, "csv"))))
    assert table == [
        ["name", "for"],
        ["Xi Jinping", "2952"],
        ["Zhou Qiang", "2908"],
        ["Liu Yunshan", "2"],
        ["Wu Aiying", "2"],
    ]
    tsv = sparql.run_query(store, text, "tsv").splitlines()
    assert tsv[0] == "?name\t?for"
    assert tsv[1] == '"Xi Jinping"\t2952'


def test_json_is_sparql_results_json(store: Store) -> None:
    data = json.loads(
        sparql.run_query(store, "SELECT ?s WHERE { ?s a npco:Session } ORDER BY ?s", "json")
    )
    assert data["head"] == {"vars": ["s"]}
    assert [b["s"] for b in data["results"]["bindings"]] == [
        {"type": "uri", "value": vocab.ID + f"session/{key}"} for key in ("12-1", "12-2", "12-5")
    ]


def test_ask_in_every_format(store: Store) -> None:
    ask = "ASK { ?s a npco:ElectionBallot }"
    assert sparql.run_query(store, ask) == "true\n"
    assert sparql.run_query(store, "ASK { ?s a npco:Nothing }") == "false\n"
    assert json.loads(sparql.run_query(store, ask, "json")) == {"head": {}, "boolean": True}


def test_construct_gives_sorted_turtle_and_ntriples(store: Store) -> None:
    construct = "CONSTRUCT { ?p rdfs:label ?name } WHERE { ?p foaf:name ?name }"
    turtle = sparql.run_query(store, construct)
    assert turtle.startswith("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n<")
    assert f'<{vocab.ID}person/hu-jintao> rdfs:label "Hu Jintao" .\n' in turtle
    reparsed = Store()
    reparsed.load(turtle.encode("utf-8"), format=RdfFormat.TURTLE)
    assert len(reparsed) == 7
    lines = sparql.run_query(store, construct, "ntriples").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == 7
    assert lines[0] == (f'<{vocab.ID}person/hu-jintao> <{vocab.RDFS}label> "Hu Jintao" .')
    with pytest.raises(NpcGraphError, match="use turtle or ntriples"):
        sparql.run_query(store, construct, "csv")
    with pytest.raises(NpcGraphError, match="CONSTRUCT and DESCRIBE queries only"):
        sparql.run_query(store, "SELECT * WHERE { ?s ?p ?o }", "turtle")


def test_output_is_the_same_whatever_order_the_quads_were_added() -> None:
    quads = fixture_quads()
    forward, backward = Store(), Store()
    forward.extend(quads)
    backward.extend(list(reversed(quads)))
    for text in sparql.bundled_queries().values():
        for fmt in ("table", "json", "csv"):
            assert sparql.run_query(forward, text, fmt) == sparql.run_query(backward, text, fmt)
    describe = "DESCRIBE <https://w3id.org/npcgraph/id/person/xi-jinping>"
    assert sparql.run_query(forward, describe) == sparql.run_query(backward, describe)


def test_syntax_error_names_line_and_column(store: Store) -> None:
    with pytest.raises(sparql.QuerySyntaxError) as caught:
        sparql.run_query(store, "SELECT ?x\nWHERE {\n  ?x ?y\n}", source="bad.rq")
    assert caught.value.line == 4
    assert caught.value.column is not None
    message = str(caught.value)
    assert message.startswith(f"bad.rq:4:{caught.value.column}: SPARQL syntax error: ")
    assert "\n" not in message


def test_unknown_format_is_refused(store: Store) -> None:
    with pytest.raises(NpcGraphError, match="unknown format 'yaml'"):
        sparql.run_query(store, "ASK {}", "yaml")


def test_plain_patterns_see_every_named_graph(store: Store) -> None:
    found = rows(
        store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s owl:sameAs ?o . ?s a person:Person }"
    )
    assert found == [{"n": "3"}]


# --- the `query` command ------------------------------------------------------------------


@pytest.fixture()
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Point pipeline.corpus_store/corpus_quads at the fixture; record the inputs they got."""
    try:
        from npcgraph import pipeline
    except ImportError:
        pipeline = types.ModuleType("npcgraph.pipeline")
        monkeypatch.setitem(sys.modules, "npcgraph.pipeline", pipeline)
        monkeypatch.setattr("npcgraph.pipeline", pipeline, raising=False)
    calls: list[object] = []

    def corpus_quads(inputs: object = None) -> list[Quad]:
        calls.append(inputs)
        return fixture_quads()

    def corpus_store(inputs: object = None, **options: object) -> Store:
        calls.append(inputs)
        loaded = Store()
        loaded.extend(fixture_quads())
        return loaded

    monkeypatch.setattr(pipeline, "corpus_quads", corpus_quads, raising=False)
    monkeypatch.setattr(pipeline, "corpus_store", corpus_store, raising=False)
    return calls


def test_query_command_runs_a_bundled_query_on_the_default_corpus(
    fake_pipeline: list[object],
) -> None:
    result = CliRunner().invoke(query_command, ["--name", "rate-mismatches", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert fake_pipeline == [None]
    lines = result.output.splitlines()
    assert lines[0] == "session,motion,for,against,abstain,statedRate,computedRate,difference"
    assert len(lines) == 5


def test_query_command_takes_a_query_string_and_article_inputs(
    fake_pipeline: list[object], tmp_path: Path
) -> None:
    article = tmp_path / "article.txt"
    article.write_text("= Title =\n", encoding="utf-8")
    result = CliRunner().invoke(
        query_command, ["SELECT ?s WHERE { ?s a npco:Session } ORDER BY ?s", str(article)]
    )
    assert result.exit_code == 0, result.output
    assert fake_pipeline == [[article]]
    assert result.output.splitlines()[2:] == [
        "id:session/12-1",
        "id:session/12-2",
        "id:session/12-5",
        "(3 rows)",
    ]


def test_query_command_reads_rdf_inputs_without_the_pipeline(
    fake_pipeline: list[object], tmp_path: Path
) -> None:
    rq = tmp_path / "names.rq"
    rq.write_text("SELECT ?name WHERE { ?p foaf:name ?name } ORDER BY ?name\n", encoding="utf-8")
    result = CliRunner().invoke(query_command, ["--file", str(rq), "--format", "tsv", str(TRICKY)])
    assert result.exit_code == 0, result.output
    assert fake_pipeline == []
    assert result.output.splitlines()[0] == "?name"
    assert len(result.output.splitlines()) == 5


def test_a_large_corpus_is_queried_from_a_store_on_disk_that_is_removed_after(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Above MEMORY_STORE_ARTICLES the store is built in a temporary folder: same answers,
    nothing left behind."""
    import tempfile

    from npcgraph import cli_sparql

    args = ["--name", "rate-mismatches", "--format", "csv", "-j", "2", str(SEEDS)]
    in_memory = CliRunner().invoke(query_command, args)
    assert in_memory.exit_code == 0, in_memory.output
    monkeypatch.setattr(cli_sparql, "MEMORY_STORE_ARTICLES", 2)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folders: list[Path] = []
    real = cli_sparql.TemporaryDirectory

    def spy(**options: object) -> tempfile.TemporaryDirectory[str]:
        made = real(**options)  # type: ignore[call-overload]
        folders.append(Path(made.name))
        return made

    monkeypatch.setattr(cli_sparql, "TemporaryDirectory", spy)
    on_disk = CliRunner().invoke(query_command, args)
    assert on_disk.exit_code == 0, on_disk.output
    assert on_disk.output == in_memory.output
    assert len(on_disk.output.splitlines()) == 6  # header and the five mismatches of the seeds
    assert len(folders) == 1 and folders[0].parent == tmp_path
    assert list(tmp_path.iterdir()) == []


def test_a_query_syntax_error_comes_before_reading_any_article(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not an article")
    result = CliRunner().invoke(query_command, ["SELECT ?s WHERE { ?s ?p }", str(bad)])
    assert result.exit_code == 1
    assert "<query>:1:26: SPARQL syntax error" in result.output
    assert "bad.txt" not in result.output


def test_query_command_lists_bundled_queries() -> None:
    result = CliRunner().invoke(query_command, ["--list"])
    assert result.exit_code == 0
    names = [line.split(":", 1)[0] for line in result.output.splitlines()]
    assert set(names) == BUNDLED


def test_query_command_reports_a_syntax_error_in_one_line(
    fake_pipeline: list[object], tmp_path: Path
) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT ?x WHERE {\n  ?x ?y\n}\n", encoding="utf-8")
    result = CliRunner().invoke(query_command, ["--file", str(rq)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.startswith(f"Error: {rq}:4:")
    assert result.output.count("\n") == 1


def test_query_command_needs_a_query() -> None:
    result = CliRunner().invoke(query_command, [])
    assert result.exit_code == 1
    assert "give a QUERY, --file FILE.rq or --name NAME" in result.output


def test_query_command_reports_a_broken_rdf_input(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('<http://e/a> <http://e/b> "open .\n', encoding="utf-8")
    result = CliRunner().invoke(query_command, ["ASK {}", str(broken)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {broken}:1:")
    assert result.output.count("\n") == 1


def test_literal_round_trip_through_json() -> None:
    store = Store()
    store.extend(fixture_quads(TRICKY))
    names = [
        row["name"] for row in rows(store, "SELECT ?name { ?p foaf:name ?name } ORDER BY ?name")
    ]
    assert names == [
        "Chen {Yi} } { ; . , <x> 'q'",
        "Li\\Ming \\n not a newline",
        "Wang\nFang\t(tab)",
        'Zhang "Big" Wei',
    ]

    turtle = sparql.run_query(store, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert '"Wang\\nFang\\t(tab)"' in turtle
    assert "<https://w3id.org/npcgraph/id/person/quote> a person:Person ;" in turtle
    reparsed = Store()
    reparsed.load(turtle.encode("utf-8"), format=RdfFormat.TURTLE)
    assert {quad.triple for quad in reparsed} == {quad.triple for quad in store}
