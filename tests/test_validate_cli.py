"""`npcgraph validate`: report formats and exit codes 0 (conforms), 1 (Violations), 2 (unreadable)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from npcgraph.cli_validate import validate_command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
SEEDS = Path("/work/shared/seeds")


def run(*args: str):
    return CliRunner().invoke(validate_command, list(args))


def test_seeds_conform_with_warnings_exit_0() -> None:
    result = run(*sorted(str(path) for path in SEEDS.glob("*.txt")))
    assert result.exit_code == 0, result.stderr
    assert "== 5 Warnings ==" in result.stdout
    assert "Violation:" not in result.stdout
    assert result.stdout.endswith("Conforms: yes (0 Violations, 5 Warnings, 0 Infos)\n")
    assert result.stderr == ""


def test_no_input_validates_the_bundled_corpus() -> None:
    result = run("--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["conforms"] is True
    assert document["counts"]["Warning"] == 5


def test_violations_exit_1(tmp_path: Path) -> None:
    graph = Graph().parse(FIXTURES / "base.ttl")
    graph.parse(FIXTURES / "SessionDatesShape.fail.ttl")
    path = tmp_path / "graph.ttl"
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 1
    assert "== 1 Violation ==" in result.stdout
    assert "the session ends on 2016-03-05, before it starts on 2016-03-16" in result.stdout
    assert result.stdout.endswith("Conforms: no (1 Violation, 0 Warnings, 0 Infos)\n")


def test_several_rdf_inputs_are_validated_together() -> None:
    result = run(str(FIXTURES / "base.ttl"), str(FIXTURES / "DuplicateCountShape.fail.ttl"))
    assert result.exit_code == 1
    assert "the vote has 2 counts of the option" in result.stdout
    assert (
        run(str(FIXTURES / "base.ttl"), str(FIXTURES / "DuplicateCountShape.pass.ttl")).exit_code
        == 0
    )


def test_turtle_format() -> None:
    result = run("--format", "turtle", str(FIXTURES / "base.ttl"))
    assert result.exit_code == 0
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) == 2  # the report, its type and sh:conforms true
    assert "sh:conforms true" in result.stdout


def test_missing_file_exit_2_one_line(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ") and "nope.ttl: cannot read file" in result.stderr


def test_bad_rdf_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "broken.nt"
    path.write_text("<urn:a> <urn:b> \n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "broken.nt: not valid N-Triples" in result.stderr


def test_unknown_format_is_a_usage_error() -> None:
    result = run("--format", "xml", str(FIXTURES / "base.ttl"))
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr
