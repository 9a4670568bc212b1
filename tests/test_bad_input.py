"""Bad input through the real command line: one clear line naming file, line and cell, and what
was expected; a non-zero exit; never a traceback. Input that is merely unusual (a byte-order
mark, CRLF, UTF-16 with a BOM, GBK Chinese) must just work and give the same graph."""

from __future__ import annotations

import codecs
import errno
import os
import re
import socket
import stat
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from npcgraph import source
from npcgraph.errors import InputError

from conftest import run_main

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
FIFTH = SEEDS / "000_ec72ee92cfb52ba5.txt"  # Fifth session of the 12th NPC (2017)
FIRST = SEEDS / "001_5f1d125ef1423499.txt"  # First session (2013): the election tables
NAME = "npc12-5-2017.txt"
HONG_KONG = "| Hong Kong | 2,813 | 13 | 9 | 99.22% |"
HONG_KONG_LINE = 35


def npcgraph(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m npcgraph ...` in a fresh process, as a user runs it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("NPCGRAPH_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "npcgraph", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def fifth() -> str:
    return FIFTH.read_text(encoding="utf-8")


def write(folder: Path, data: str | bytes, name: str = NAME) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def assert_one_error(
    result: subprocess.CompletedProcess[str],
    where: str,
    expected: str,
    code: int = 2,
) -> str:
    """Exactly one line on stderr, `Error: <where>: ...expected...`, and the exit code."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith(f"Error: {where}: "), line
    assert re.search(expected, line), line
    assert result.stdout == ""
    return line


def export_bad(
    tmp_path: Path, data: str | bytes, *extra: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    article = write(tmp_path / "in", data)
    result = npcgraph("export", article, "--no-validate", "-o", "out/g.ttl", *extra, cwd=tmp_path)
    assert not (tmp_path / "out").exists(), "a failed export wrote something"
    return result, article


# --- bytes that are not an article -------------------------------------------------------------


def test_binary_file(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    result, article = export_bad(tmp_path, data)
    assert_one_error(result, f"{article}:3", r"binary file \(NUL bytes\); expected a UTF-8 text")


def test_random_bytes_without_nul(tmp_path: Path) -> None:
    data = bytes(range(0x80, 0x100)) * 8
    result, article = export_bad(tmp_path, data)
    assert_one_error(result, f"{article}:1", r"not UTF-8 text \(byte 0\).*expected an article")


@pytest.mark.parametrize("data", [b"", b"\n\n  \r\n\t\n"], ids=["empty", "blank"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    result, article = export_bad(tmp_path, data)
    assert_one_error(result, f"{article}:1", "file is empty; expected an article starting with")


def test_latin1_file_is_refused_not_misread_as_gbk(tmp_path: Path) -> None:
    """This Latin-1 text decodes cleanly as GB18030 too (`é` and the next letter make one Han
    character: `s閍nce`); npcgraph must not take such a guess."""
    lines = [line for line in fifth().split("\n") if not line.startswith(("- Chinese", "- Pinyin"))]
    text = "\n".join(lines).replace("The fifth session", "The fifth séance (résumés, années)")
    assert "閍" in text.encode("latin-1").decode("gb18030")
    result, article = export_bad(tmp_path, text.encode("latin-1"))
    assert_one_error(
        result, f"{article}:19", r"not UTF-8 text .*cannot be detected for sure: save .* as UTF-8"
    )


def test_gbk_without_chinese_cannot_be_detected_for_sure(tmp_path: Path) -> None:
    lines = [line for line in fifth().split("\n") if not line.startswith("- Chinese:")]
    result, article = export_bad(tmp_path, "\n".join(lines).encode("gbk"))
    pinyin_line = next(n for n, line in enumerate(lines, start=1) if line.startswith("- Pinyin"))
    assert_one_error(
        result, f"{article}:{pinyin_line}", "cannot be detected for sure: save the article as UTF-8"
    )


def test_control_character(tmp_path: Path) -> None:
    text = fifth().replace("Hong Kong", "Hong\x07Kong")
    result, article = export_bad(tmp_path, text)
    assert_one_error(result, f"{article}:{HONG_KONG_LINE}:7", r"control character U\+0007")


# --- encodings and line endings that must just work --------------------------------------------


@pytest.fixture(scope="module")
def plain_graph(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The fifth session as UTF-8 with LF, exported as N-Quads."""
    folder = tmp_path_factory.mktemp("plain")
    write(folder / "in", fifth())
    result = npcgraph("export", "in", "--no-validate", "-f", "nq", "-o", "g.nq", cwd=folder)
    assert result.returncode == 0, result.stderr
    return (folder / "g.nq").read_bytes()


VARIANTS = {
    "utf8-bom": codecs.BOM_UTF8 + fifth().encode("utf-8"),
    "crlf": fifth().replace("\n", "\r\n").encode("utf-8"),
    "bom-and-crlf": codecs.BOM_UTF8 + fifth().replace("\n", "\r\n").encode("utf-8"),
    "old-mac-cr": fifth().replace("\n", "\r").encode("utf-8"),
    "utf16-bom": fifth().encode("utf-16"),
    "utf16-be-bom": codecs.BOM_UTF16_BE + fifth().encode("utf-16-be"),
    "gbk": fifth().encode("gbk"),
    "gb18030-crlf": fifth().replace("\n", "\r\n").encode("gb18030"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_same_graph_whatever_the_encoding(tmp_path: Path, plain_graph: bytes, variant: str) -> None:
    write(tmp_path / "in", VARIANTS[variant])
    result = npcgraph("export", "in", "--no-validate", "-f", "nq", "-o", "g.nq", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "g.nq").read_bytes() == plain_graph
    assert "第十二届全国人民代表大会第五次会议" in plain_graph.decode("utf-8")


# --- the article format ------------------------------------------------------------------------


def test_no_title(tmp_path: Path) -> None:
    text = fifth().split("\n", 2)[2]  # drops the title line and the blank line after it
    result, article = export_bad(tmp_path, text)
    assert_one_error(
        result, f"{article}:1", r"expected the title line '= Title =', found 'Infobox'"
    )


def test_no_infobox(tmp_path: Path) -> None:
    text = re.sub(r"Infobox\n(- .*\n)+", "", fifth())
    result, article = export_bad(tmp_path, text)
    assert_one_error(result, f"{article}:4", "expected an 'Infobox' block after the title")


@pytest.mark.parametrize(
    ("cut", "column", "expected"),
    [
        (" 27 | 47 | 97", 5, "the file ends inside this row, with no closing '|'"),
        (" 27 | 47 |", 4, "the file ends in this row, which has 4 of the 5 cells the other"),
        (" 2,749 | 2", 3, "no closing '|' and 3 of the 5 cells the other rows have"),
        ("Resignation of Xu", 1, "after 'Resignation of Xu': no closing '|' and 1 of the 5"),
    ],
)
def test_truncated_table(tmp_path: Path, cut: str, column: int, expected: str) -> None:
    """The file ends in the middle of the last row (a `|` at the very end is a cell boundary
    too: the next cell is missing)."""
    text = fifth().rstrip("\n")
    text = text[: text.rindex(cut) + len(cut)]
    result, article = export_bad(tmp_path, text)
    assert_one_error(
        result, f"{article}:40:{column}", "table row cut short .*" + re.escape(expected)
    )


def test_truncated_election_table(tmp_path: Path) -> None:
    text = FIRST.read_text(encoding="utf-8")
    text = text[: text.index("| Wang Chen |") + len("| Wang Chen")]
    result, article = export_bad(tmp_path, text)
    assert_one_error(result, f"{article}:55:5", r"cut short after 'Wang Chen'.*5 of the 8 cells")


def test_row_with_too_few_cells(tmp_path: Path) -> None:
    text = fifth().replace(HONG_KONG, "| Hong Kong | 2,813 | 13 |")
    result, article = export_bad(tmp_path, text)
    assert_one_error(
        result, f"{article}:{HONG_KONG_LINE}", "row has 3 cells, the table's header has 5"
    )


def test_row_with_too_many_cells(tmp_path: Path) -> None:
    text = fifth().replace(HONG_KONG, HONG_KONG + " 1 | 2 |")
    result, article = export_bad(tmp_path, text)
    assert_one_error(result, f"{article}:{HONG_KONG_LINE}:6", "row has 7 cells, the header has 5")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("All", "expected a vote count such as 2,812, found 'All'"),
        ("—", "expected a vote count such as 2,812, found '—'"),
        ("n/a", "expected a vote count such as 2,812, found 'n/a'"),
        ("2,81", "expected a vote count such as 2,812, found '2,81'"),
        ("-13", r"negative count '-13'; expected a whole number >= 0"),
        ("99999999999999999999999", "larger than any legislature"),
        ("130,000", "count 130,000 is larger than any legislature"),
    ],
)
def test_bad_count(tmp_path: Path, cell: str, expected: str) -> None:
    """`All` here cannot be repaired (the row does not read as shifted), unlike the seed's."""
    text = fifth().replace(HONG_KONG, f"| Hong Kong | 2,813 | {cell} | 9 | 99.22% |")
    text = text.replace("| 2,813 | All |", "| All | 13 |") if cell == "All" else text
    result, article = export_bad(tmp_path, text)
    column = 2 if cell == "All" else 3
    assert_one_error(result, f"{article}:{HONG_KONG_LINE}:{column}", expected)


def test_bad_count_in_an_election(tmp_path: Path) -> None:
    text = FIRST.read_text(encoding="utf-8").replace("| Wang Chen | 2,923 |", "| Wang Chen | n/a |")
    result, article = export_bad(tmp_path, text)
    assert_one_error(result, f"{article}:55:6", "expected a vote count such as 2,812, found 'n/a'")


def test_rate_above_100(tmp_path: Path) -> None:
    text = fifth().replace(HONG_KONG, "| Hong Kong | 2,813 | 13 | 9 | 992.2% |")
    result, article = export_bad(tmp_path, text)
    assert_one_error(result, f"{article}:{HONG_KONG_LINE}:5", r"rate 992.2% is above 100%")


@pytest.mark.parametrize(
    ("infobox", "expected"),
    [
        ("Session: 5000000000000th | # = 12th", "Session: expected an ordinal such as '5th'"),
        ("Session: 5th | # = 0th", "#: expected an ordinal such as '5th', found '0th'"),
    ],
)
def test_absurd_ordinal(tmp_path: Path, infobox: str, expected: str) -> None:
    text = fifth().replace("Session: 5th | # = 12th", infobox)
    result, article = export_bad(tmp_path, text)
    assert_one_error(result, f"{article}:8", expected)


def test_absurd_year(tmp_path: Path) -> None:
    text = fifth().replace("- Year: 2017", "- Year: 20170")
    result, article = export_bad(tmp_path, text)
    assert_one_error(result, f"{article}:7", "Year: expected a year, found '20170'")


def test_overlong_line(tmp_path: Path) -> None:
    text = fifth().replace("Hong Kong", "Hong Kong " + "and Macau " * 2500)
    result, article = export_bad(tmp_path, text)
    assert_one_error(
        result,
        f"{article}:{HONG_KONG_LINE}",
        "line is 25,0.. characters long; an article's lines are at most 20,000",
    )


@pytest.mark.parametrize(
    "line",
    [
        "== " + " " * 19_000 + "x",  # a heading that never closes
        "=" + " " * 19_000 + "x",  # the same for the title (it is the first line)
        "- a" + " " * 19_000 + "b",  # an infobox line without a colon
        "- " + "GDP rose from 1 trillion yuan to " * 550,  # a very long work-report bullet
    ],
    ids=["heading", "title", "infobox", "statistics"],
)
def test_long_lines_are_read_in_linear_time(tmp_path: Path, line: str) -> None:
    """Lines that make a backtracking regular expression take minutes."""
    from npcgraph.errors import NpcGraphError
    from npcgraph.pipeline import article_result

    text = fifth()
    if line.startswith("=") and not line.startswith("=="):
        text = line + "\n" + text
    elif line.startswith("- a"):
        text = text.replace("- Status: inactive", line)
    else:
        report = "=== Government Work Report ===\nIn the past year:\n" + line + "\n\n"
        text = text.replace("== The session ==", report + "== The session ==")
    article = write(tmp_path, text)
    started = time.monotonic()
    try:
        article_result(article)
    except NpcGraphError as error:
        assert str(error).startswith(f"{article}:")
    assert time.monotonic() - started < 3


# --- files that are not files ------------------------------------------------------------------


def test_huge_file_is_refused_quickly_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "in" / NAME
    huge.parent.mkdir()
    with huge.open("wb") as stream:  # sparse: 100 MB long, nothing on disk
        stream.write(fifth().encode("utf-8"))
        stream.truncate(100 * 1024 * 1024)
    started = time.monotonic()
    result = npcgraph("export", huge, "--no-validate", "-o", "out/g.ttl", cwd=tmp_path)
    assert time.monotonic() - started < 20
    assert_one_error(
        result, str(huge), r"file is 104,857,600 bytes; an article is at most 2,097,152 bytes"
    )
    tracemalloc.start()
    with pytest.raises(InputError):
        source.read_text(huge)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1024 * 1024, f"{peak:,} bytes allocated to refuse a 100 MB file"


def test_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "in" / NAME
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    result = npcgraph("export", fifo, "--no-validate", "-o", "out/g.ttl", cwd=tmp_path)
    assert_one_error(result, str(fifo), r"is not a regular file \(a pipe or device\)")


def test_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """chmod 000. Root reads such a file anyway, so the kernel's permission check is emulated
    for this one path: opening it fails with EACCES exactly as it does for any other user."""
    article = write(tmp_path / "in", fifth())
    article.chmod(0)
    real_open = os.open

    def checked_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path) == str(article) and not os.stat(article).st_mode & stat.S_IRUSR:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", checked_open)
    monkeypatch.chdir(tmp_path)
    code = run_main(monkeypatch, "export", str(article), "--no-validate", "-o", "out/g.ttl")
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"Error: {article}: cannot be read: permission denied\n"
    assert not (tmp_path / "out").exists()


def test_folder_named_like_an_article(tmp_path: Path) -> None:
    """A folder called x.txt inside the input folder is walked, not read as an article."""
    write(tmp_path / "in", fifth())
    (tmp_path / "in" / "x.txt").mkdir()
    write(tmp_path / "in" / "x.txt", FIRST.read_text(encoding="utf-8"), "inner.txt")
    result = npcgraph("export", "in", "--no-validate", "-o", "out/g.ttl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 article(s)" in result.stderr


def test_folder_with_no_articles(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.md").write_text("not an article\n")
    result = npcgraph("export", "in", "--no-validate", "-o", "out/g.ttl", cwd=tmp_path)
    assert_one_error(result, "in", r"no article files \(\*\.txt\) in this folder")
    assert not (tmp_path / "out").exists()


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    result = npcgraph("export", "missing.txt", "--no-validate", "-o", "g.ttl", cwd=tmp_path)
    assert_one_error(result, "missing.txt", "no such file or folder")


def test_broken_symbolic_link(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / NAME).symlink_to(tmp_path / "gone.txt")
    result = npcgraph("export", "in", "--no-validate", "-o", "g.ttl", cwd=tmp_path)
    assert_one_error(result, f"in/{NAME}", "broken symbolic link")


def test_symlink_loop_terminates_and_reads_each_file_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "a", fifth())
    write(corpus / "a" / "b", FIRST.read_text(encoding="utf-8"), "npc12-1-2013.txt")
    (corpus / "a" / "b" / "up").symlink_to("..")  # a loop: a/b/up/b/up/...
    (corpus / "a" / "b" / "top").symlink_to(corpus)  # and another, to the top
    (corpus / "link.txt").symlink_to(corpus / "a" / NAME)  # the same file again
    started = time.monotonic()
    result = npcgraph("export", "corpus", "corpus/a", "-f", "nq", "-o", "g.nq", "--no-validate",
                      cwd=tmp_path)  # fmt: skip
    assert time.monotonic() - started < 60
    assert result.returncode == 0, result.stderr
    assert "2 article(s)" in result.stderr
    names = column(
        tmp_path / "g.nq",
        "PREFIX npco: <https://w3id.org/npcgraph/ontology#> "
        "SELECT DISTINCT ?value WHERE { GRAPH ?g { ?a npco:fileName ?value } }",
    )
    assert names == ["npc12-1-2013.txt", NAME]


def column(nquads: Path, query: str) -> list[str]:
    """The sorted ?value column of a query over an N-Quads file."""
    store = pyoxigraph.Store()
    store.load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    return sorted(row["value"].value for row in store.query(query))


# --- --keep-going ------------------------------------------------------------------------------


@pytest.fixture()
def mixed_corpus(tmp_path: Path) -> Path:
    """The three seeds and two bad articles, in one folder."""
    folder = tmp_path / "in"
    for seed in sorted(SEEDS.glob("*.txt")):
        write(folder, seed.read_bytes(), seed.name)
    write(folder, b"\x00\x01binary", "003_binary.txt")
    write(folder, fifth().replace(HONG_KONG, "| Hong Kong | n/a | 13 | 9 | 99.22% |"), "004_na.txt")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_keep_going_skips_bad_articles_and_exports_the_rest(mixed_corpus: Path, jobs: str) -> None:
    """With -j 2 the errors cross from worker processes: they must survive pickling."""
    tmp_path = mixed_corpus.parent
    result = npcgraph("export", "in", "-k", "-q", "-j", jobs, "--no-validate", "-f", "nq", "-o",
                      "g.nq", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        "Error: in/003_binary.txt:1: binary file (NUL bytes); expected a UTF-8 text article "
        "(or UTF-16 with a byte-order mark)",
        f"Error: in/004_na.txt:{HONG_KONG_LINE}:2: expected a vote count such as 2,812, "
        "found 'n/a'",
    ]
    assert "2 article(s) failed and were skipped." in result.stderr
    assert "3 article(s)" in result.stderr
    graphs = column(
        tmp_path / "g.nq",
        "PREFIX opengov: <http://www.w3.org/ns/opengov#> "
        "SELECT DISTINCT ?value WHERE { GRAPH ?value { ?s a opengov:VoteEvent } }",
    )
    assert [graph.rsplit("/", 1)[-1] for graph in graphs] == ["12-1", "12-2", "12-5"]


def test_without_keep_going_the_first_error_stops_and_nothing_is_written(
    mixed_corpus: Path,
) -> None:
    tmp_path = mixed_corpus.parent
    previous = write(tmp_path / "out", b"previous export\n", "g.nq")
    result = npcgraph("export", "in", "--no-validate", "-f", "nq", "-o", "out/g.nq", cwd=tmp_path)
    assert_one_error(result, "in/003_binary.txt:1", "binary file")
    assert previous.read_bytes() == b"previous export\n"
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["g.nq"]


def test_keep_going_with_no_good_article_writes_nothing(tmp_path: Path) -> None:
    """Every article failed: the previous export must not be replaced by an empty graph."""
    write(tmp_path / "in", b"", "a.txt")
    write(tmp_path / "in", b"\x00", "b.txt")
    previous = write(tmp_path / "out", b"previous export\n", "g.ttl")
    result = npcgraph("export", "in", "-k", "--no-validate", "-o", "out/g.ttl", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert previous.read_bytes() == b"previous export\n"


# --- security ----------------------------------------------------------------------------------


def test_export_and_parse_never_touch_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError(errno.ENETUNREACH, "network use during export")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.chdir(tmp_path)
    code = run_main(monkeypatch, "export", str(SEEDS), "-f", "all", "-o", "out", "-q")
    err = capsys.readouterr().err
    assert attempts == []
    assert code == 0, err
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == [f"npcgraph.{ext}" for ext in ("jsonld", "nq", "nt", "trig", "ttl")]
    graph = rdflib.Dataset()
    graph.parse(tmp_path / "out" / "npcgraph.jsonld", format="json-ld")
    assert len(graph) > 1000
    assert attempts == []


TRICKY = {
    "topic": "Report on the \"Quoted\" \\ back\\slash {braces} }} '''triple''' \\n\ttab\u2028ls",
    "candidate": 'Zhang "Tiger" \\ Wei {x}',
}


def tricky_article() -> str:
    text = FIRST.read_text(encoding="utf-8")
    text = text.replace(
        "| State Council Institutional Reform Plan |", f"| {TRICKY['topic']} |"
    ).replace("| Zhang Ping | 1 |", f"| {TRICKY['candidate']} | 1 |")
    assert TRICKY["topic"] in text and TRICKY["candidate"] in text
    return text


@pytest.mark.parametrize(("fmt", "parser"), [("ttl", "turtle"), ("nt", "nt"), ("nq", "nquads"),
                                             ("trig", "trig")])  # fmt: skip
def test_quotes_backslashes_newlines_and_braces_round_trip(
    tmp_path: Path, fmt: str, parser: str
) -> None:
    write(tmp_path / "in", tricky_article(), "npc12-1-2013.txt")
    result = npcgraph("export", "in", "-q", "--no-validate", "-f", fmt, "-o", f"g.{fmt}",
                      cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = (tmp_path / f"g.{fmt}").read_bytes()
    rdflib_literals = {str(obj) for obj in _rdflib_objects(data, parser)}
    oxigraph_format = {
        "ttl": pyoxigraph.RdfFormat.TURTLE,
        "nt": pyoxigraph.RdfFormat.N_TRIPLES,
        "nq": pyoxigraph.RdfFormat.N_QUADS,
        "trig": pyoxigraph.RdfFormat.TRIG,
    }[fmt]
    oxigraph_literals = {
        quad.object.value
        for quad in pyoxigraph.parse(data, format=oxigraph_format)
        if isinstance(quad.object, pyoxigraph.Literal)
    }
    for text in TRICKY.values():
        assert text in rdflib_literals
        assert text in oxigraph_literals


def _rdflib_objects(data: bytes, parser: str) -> list[object]:
    if parser in {"nquads", "trig"}:
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=parser)
        return [obj for _, _, obj, _ in dataset.quads()]
    graph = rdflib.Graph()
    graph.parse(data=data, format=parser)
    return [obj for _, _, obj in graph]
