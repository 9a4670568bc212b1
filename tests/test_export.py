"""`npcgraph export`: files, formats, round trips, byte-determinism, named graphs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import SEEDS

ID = "https://w3id.org/npcgraph/id/"
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
OXIGRAPH_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}


def run_export(cwd: Path, *args: str, seed: str = "0") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "npcgraph", "export", *args], cwd=cwd, env=env, capture_output=True
    )


@pytest.fixture(scope="module")
def all_formats(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`npcgraph export --format all` of the seeds, run once for the module."""
    folder = tmp_path_factory.mktemp("export")
    done = run_export(folder, "--format", "all", str(SEEDS))
    assert done.returncode == 0, done.stderr.decode()
    return folder / "out"


def union_graph(path: Path, extension: str) -> rdflib.Graph:
    if extension in {"nq", "trig", "jsonld"}:
        dataset = rdflib.Dataset()
        dataset.parse(path, format=RDFLIB_FORMATS[extension])
        union = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return rdflib.Graph().parse(path, format=RDFLIB_FORMATS[extension])


def test_main_job_writes_out_npcgraph_ttl(tmp_path: Path) -> None:
    done = run_export(tmp_path, "--format", "ttl")
    assert done.returncode == 0, done.stderr.decode()
    written = tmp_path / "out" / "npcgraph.ttl"
    graph = rdflib.Graph().parse(written, format="turtle")
    sessions = {str(s) for s in graph.subjects(rdflib.RDF.type, rdflib.URIRef(
        "https://w3id.org/npcgraph/ontology#Session"))}  # fmt: skip
    assert sessions == {ID + "session/12-1", ID + "session/12-2", ID + "session/12-5"}
    assert b"wrote out/npcgraph.ttl" in done.stderr
    assert b"Traceback" not in done.stderr


def test_format_all_writes_every_format(all_formats: Path) -> None:
    assert sorted(path.name for path in all_formats.iterdir()) == [
        "npcgraph.jsonld", "npcgraph.nq", "npcgraph.nt", "npcgraph.trig", "npcgraph.ttl",
    ]  # fmt: skip


@pytest.mark.parametrize("extension", ["nt", "nq", "trig", "jsonld"])
def test_every_format_parses_to_the_same_graph_as_the_turtle(
    all_formats: Path, extension: str
) -> None:
    turtle = union_graph(all_formats / "npcgraph.ttl", "ttl")
    other = union_graph(all_formats / f"npcgraph.{extension}", extension)
    assert len(turtle) > 3000
    assert isomorphic(turtle, other)


@pytest.mark.parametrize("extension", sorted(OXIGRAPH_FORMATS))
def test_a_second_parser_reads_the_same_triples_from_every_format(
    all_formats: Path, extension: str
) -> None:
    """Oxigraph, independent of rdflib, reads exactly the N-Triples' triples from each format."""

    def triples(name: str, rdf_format: pyoxigraph.RdfFormat) -> set[pyoxigraph.Triple]:
        quads = pyoxigraph.parse(path=str(all_formats / name), format=rdf_format)
        return {pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads}

    reference = triples("npcgraph.nt", pyoxigraph.RdfFormat.N_TRIPLES)
    assert len(reference) > 3000
    assert triples(f"npcgraph.{extension}", OXIGRAPH_FORMATS[extension]) == reference


def test_turtle_round_trips_to_an_isomorphic_graph(all_formats: Path) -> None:
    """Parse the Turtle, write it again through rdflib, parse again: the same graph."""
    first = rdflib.Graph().parse(all_formats / "npcgraph.ttl", format="turtle")
    second = rdflib.Graph().parse(data=first.serialize(format="turtle"), format="turtle")
    assert isomorphic(first, second)


@pytest.mark.parametrize("extension", ["nq", "trig"])
def test_one_named_graph_per_session_and_one_for_links(all_formats: Path, extension: str) -> None:
    quads = pyoxigraph.parse(path=str(all_formats / f"npcgraph.{extension}"))
    graphs = sorted({quad.graph_name.value for quad in quads})
    assert graphs == [
        ID + "graph/links",
        ID + "graph/session/12-1",
        ID + "graph/session/12-2",
        ID + "graph/session/12-5",
    ]


def test_same_input_same_bytes_across_runs_and_hash_seeds(
    tmp_path: Path, all_formats: Path
) -> None:
    again = tmp_path / "again"
    done = run_export(tmp_path, "--format", "all", "-o", str(again), str(SEEDS), seed="12345")
    assert done.returncode == 0, done.stderr.decode()
    for path in sorted(all_formats.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_output_to_standard_output(tmp_path: Path) -> None:
    done = run_export(
        tmp_path, "--format", "nt", "-o", "-", str(SEEDS / "000_ec72ee92cfb52ba5.txt")
    )
    assert done.returncode == 0, done.stderr.decode()
    graph = rdflib.Graph().parse(data=done.stdout, format="nt")
    assert (
        rdflib.URIRef(ID + "session/12-5/vote/7-macau/yes"),
        rdflib.RDF.value,
        rdflib.Literal(2811),
    ) in graph
    assert not (tmp_path / "out").exists()


def test_notes_name_file_line_and_cell(tmp_path: Path) -> None:
    done = run_export(tmp_path, "-o", "x.ttl", str(SEEDS / "000_ec72ee92cfb52ba5.txt"))
    assert done.returncode == 0
    assert "000_ec72ee92cfb52ba5.txt:34:2: note: repaired: cell 2 ('All') is not a count" in (
        done.stderr.decode()
    )


def test_a_missing_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = run_export(tmp_path, "no-such-folder")
    assert done.returncode == 2
    assert done.stderr.decode() == "Error: no-such-folder: no such file or folder\n"
    assert not (tmp_path / "out").exists()


def test_help_lists_every_command(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "npcgraph", "--help"], capture_output=True)
    assert done.returncode == 0
    for command in ("export", "validate", "query", "load", "serve", "link"):
        assert f"  {command} " in done.stdout.decode()


def test_parallel_export_gives_the_same_bytes(tmp_path: Path, all_formats: Path) -> None:
    """Workers render their articles themselves; the files must not change by a byte."""
    parallel = tmp_path / "parallel"
    done = run_export(tmp_path, "--format", "all", "-j", "2", "-o", str(parallel), str(SEEDS))
    assert done.returncode == 0, done.stderr.decode()
    for path in sorted(all_formats.iterdir()):
        assert (parallel / path.name).read_bytes() == path.read_bytes(), path.name


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    """stderr on a terminal shows a bar that ends at 100%; a pipe shows none."""
    import pty

    leader, follower = pty.openpty()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "npcgraph",
            "export",
            "-q",
            "--no-validate",
            "-o",
            "x.ttl",
            str(SEEDS),
        ],
        cwd=tmp_path,
        stderr=follower,
        stdout=subprocess.DEVNULL,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0
    assert b"articles" in shown and b"100%" in shown
    piped = run_export(tmp_path, "-q", "--no-validate", "-o", "y.ttl", str(SEEDS))
    assert b"articles  [" not in piped.stderr


def test_jsonld_streams_one_entry_per_article_and_merges_a_session_told_twice(
    tmp_path: Path,
) -> None:
    """Two articles about one session give two entries with the same graph @id; JSON-LD merges
    them, so the document reads as the same dataset as the N-Quads export."""
    import json

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = (SEEDS / "000_ec72ee92cfb52ba5.txt").read_bytes()
    (corpus / "a.txt").write_bytes(seed)
    (corpus / "b.txt").write_bytes(seed.replace(b"| Macau | 2,811 |", b"| Macau | 2,812 |", 1))
    done = run_export(tmp_path, "-q", "--no-validate", "-f", "all", str(corpus))
    assert done.returncode == 0, done.stderr.decode()
    document = json.loads((tmp_path / "out" / "npcgraph.jsonld").read_bytes())
    assert [entry["@id"] for entry in document["@graph"]] == [
        "id:graph/session/12-5", "id:graph/session/12-5", "id:graph/links",
    ]  # fmt: skip
    from_jsonld = set(pyoxigraph.parse(path=str(tmp_path / "out" / "npcgraph.jsonld")))
    from_nquads = set(pyoxigraph.parse(path=str(tmp_path / "out" / "npcgraph.nq")))
    assert len(from_nquads) > 1000
    assert from_jsonld == from_nquads
    yes = rdflib.URIRef(ID + "session/12-5/vote/7-macau/yes")
    dataset = rdflib.Dataset()
    dataset.parse(tmp_path / "out" / "npcgraph.jsonld", format="json-ld")
    counts = {int(o) for _, _, o, _ in dataset.quads((yes, rdflib.RDF.value, None, None))}
    assert counts == {2811, 2812}
