"""Tests for npcgraph.store: loading named graphs into a real `oxigraph serve` and failures."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse

from npcgraph import vocab
from npcgraph.cli_sparql import load as load_command
from npcgraph.errors import EndpointError
from npcgraph.store import graph_store_url, graphs_of, load_graphs
from tests.oxigraph_server import free_port, oxigraph_server

FIXTURES = Path(__file__).parent / "fixtures" / "sparql"
CORPUS = FIXTURES / "corpus.trig"
TRICKY = FIXTURES / "tricky.trig"
XSD_INTEGER = NamedNode(vocab.XSD + "integer")
NO_ENV: dict[str, str] = {"NETRC": "/nonexistent/netrc"}
COUNT_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def quads_of(path: Path) -> list[Quad]:
    return list(parse(path=str(path), format=RdfFormat.TRIG))


def expected_counts(quads: list[Quad]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for quad in set(quads):
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    return counts


def remote_select(base_url: str, query: str) -> list[dict[str, str]]:
    response = httpx.get(
        f"{base_url}/query",
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    response.raise_for_status()
    return [
        {name: cell["value"] for name, cell in binding.items()}
        for binding in response.json()["results"]["bindings"]
    ]


def remote_counts(base_url: str) -> dict[str, int]:
    return {row["g"]: int(row["n"]) for row in remote_select(base_url, COUNT_PER_GRAPH)}


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[str]:
    with oxigraph_server(tmp_path / "oxigraph") as base_url:
        yield base_url


def test_graph_store_url_accepts_gsp_urls_server_roots_and_datasets() -> None:
    assert graph_store_url("http://127.0.0.1:7878/store") == "http://127.0.0.1:7878/store"
    assert graph_store_url("http://127.0.0.1:7878") == "http://127.0.0.1:7878/store"
    assert graph_store_url("http://127.0.0.1:7878/") == "http://127.0.0.1:7878/store"
    assert graph_store_url("http://h:3030/npc") == "http://h:3030/npc/data"
    assert graph_store_url("http://h:3030/npc/data/") == "http://h:3030/npc/data"
    assert graph_store_url("http://h:8890/sparql-graph-crud-auth") == (
        "http://h:8890/sparql-graph-crud-auth"
    )
    assert graph_store_url("https://h/a/b/gsp") == "https://h/a/b/gsp"
    with pytest.raises(EndpointError, match="not an http"):
        graph_store_url("ftp://h/store")


def test_graphs_of_groups_sorted_triples_by_graph() -> None:
    subject, predicate = NamedNode("http://e/s"), NamedNode("http://e/p")
    quads = [
        Quad(subject, predicate, Literal("b"), NamedNode("http://e/g2")),
        Quad(subject, predicate, Literal("a"), NamedNode("http://e/g1")),
        Quad(subject, predicate, Literal("c"), DefaultGraph()),
    ]
    grouped = graphs_of(quads)
    assert list(grouped) == ["default", "http://e/g1", "http://e/g2"]
    assert [t.object.value for t in grouped["http://e/g1"]] == ["a"]


def test_load_puts_one_graph_per_session_and_reload_replaces(oxigraph: str) -> None:
    quads = quads_of(CORPUS)
    summary = load_graphs(oxigraph, quads, environ=NO_ENV)
    expected = expected_counts(quads)
    assert summary.endpoint == f"{oxigraph}/store"
    assert summary.graphs == dict(sorted(expected.items()))
    assert summary.triples == 315
    assert vocab.LINKS_GRAPH.value in summary.graphs
    assert remote_counts(oxigraph) == expected

    again = load_graphs(f"{oxigraph}/store", quads, environ=NO_ENV)
    assert again.graphs == summary.graphs
    assert remote_counts(oxigraph) == expected

    session = vocab.session_graph("12-5")
    macau_no = NamedNode(vocab.ID + "session/12-5/vote/macau/no")
    value = NamedNode(vocab.RDF + "value")
    changed = [q for q in quads if q.graph_name == session and q.predicate != value]
    changed.append(Quad(macau_no, value, Literal("11", datatype=XSD_INTEGER), session))
    load_graphs(oxigraph, changed, environ=NO_ENV)
    counts = remote_counts(oxigraph)
    assert counts[session.value] == expected[session.value] - 5
    assert {g: n for g, n in counts.items() if g != session.value} == {
        g: n for g, n in expected.items() if g != session.value
    }
    values = remote_select(
        oxigraph, f"SELECT ?v WHERE {{ GRAPH ?g {{ <{macau_no.value}> <{vocab.RDF}value> ?v }} }}"
    )
    assert values == [{"v": "11"}]


def test_literals_that_need_escaping_survive_load_and_query(oxigraph: str) -> None:
    load_graphs(oxigraph, quads_of(TRICKY), environ=NO_ENV)
    names = remote_select(
        oxigraph,
        "SELECT ?name WHERE { GRAPH ?g { ?p <http://xmlns.com/foaf/0.1/name> ?name } } "
        "ORDER BY ?name",
    )
    assert [row["name"] for row in names] == [
        "Chen {Yi} } { ; . , <x> 'q'",
        "Li\\Ming \\n not a newline",
        "Wang\nFang\t(tab)",
        'Zhang "Big" Wei',
    ]
    labels = remote_select(
        oxigraph,
        "SELECT ?l WHERE { GRAPH ?g { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l } }",
    )
    assert labels == [{"l": "陈毅"}]


def test_load_command_prints_graphs_and_counts(
    oxigraph: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")
    for name in ("NPCGRAPH_TOKEN", "NPCGRAPH_USER", "NPCGRAPH_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(load_command, ["--endpoint", oxigraph, str(TRICKY)])
    assert result.exit_code == 0, result.output
    assert f"{vocab.ID}graph/session/99-1\t9" in result.output
    assert remote_counts(oxigraph) == {f"{vocab.ID}graph/session/99-1": 9}


def test_unreachable_endpoint_raises_endpoint_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(EndpointError) as caught:
        load_graphs(url, quads_of(TRICKY), environ=NO_ENV, timeout=5)
    message = str(caught.value)
    assert message.startswith(f"{url}: loading graph {vocab.ID}graph/session/99-1 failed: ")
    assert "unreachable" in message
    assert message.endswith("graphs loaded before: none")
    assert "\n" not in message


def test_load_command_fails_with_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(load_command, ["--endpoint", url, str(TRICKY)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {url}/store: loading graph ")
    assert result.output.count("\n") == 1


class RecordingHandler(BaseHTTPRequestHandler):
    """Answers PUTs with the server's scripted statuses; records paths and Authorization."""

    server: RecordingServer

    def do_PUT(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append((self.path, self.headers.get("Authorization")))
        status, body = self.server.replies.pop(0) if self.server.replies else (204, "")
        if status == 0:
            self.server.release.wait(10)
            return
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class RecordingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, replies: list[tuple[int, str]]) -> None:
        super().__init__(("127.0.0.1", 0), RecordingHandler)
        self.replies = replies
        self.seen: list[tuple[str, str | None]] = []
        self.release = threading.Event()


@contextmanager
def recording_server(replies: list[tuple[int, str]]) -> Iterator[RecordingServer]:
    server = RecordingServer(replies)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def server_url(server: RecordingServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/store"


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (
            401,
            "Unauthorized: give a password\nsecond line",
            "HTTP 401 Unauthorized: Unauthorized: give a password",
        ),
        (500, "", "HTTP 500 Internal Server Error"),
    ],
)
def test_refusing_endpoint_names_status_and_reason(status: int, body: str, expected: str) -> None:
    with recording_server([(status, body)]) as server, pytest.raises(EndpointError) as caught:
        load_graphs(server_url(server), quads_of(TRICKY), environ=NO_ENV)
    message = str(caught.value)
    assert f"failed: {expected};" in message
    assert "second line" not in message


def test_failure_midway_names_the_graphs_loaded_before() -> None:
    quads = quads_of(CORPUS)
    graphs = sorted(expected_counts(quads))
    replies = [(201, ""), (204, ""), (503, "busy")]
    with recording_server(replies) as server, pytest.raises(EndpointError) as caught:
        load_graphs(server_url(server), quads, environ=NO_ENV)
    assert len(server.seen) == 3
    message = str(caught.value)
    assert f"loading graph {graphs[2]} failed: HTTP 503 Service Unavailable: busy;" in message
    assert message.endswith(f"graphs loaded before: {graphs[0]}, {graphs[1]}")


def test_slow_endpoint_times_out() -> None:
    with recording_server([(0, "")]) as server, pytest.raises(EndpointError, match="timed out"):
        load_graphs(server_url(server), quads_of(TRICKY), environ=NO_ENV, timeout=0.3)


def test_graph_iri_goes_in_the_graph_parameter() -> None:
    with recording_server([]) as server:
        load_graphs(server_url(server), quads_of(TRICKY), environ=NO_ENV)
    path, _ = server.seen[0]
    assert path == "/store?graph=https%3A%2F%2Fw3id.org%2Fnpcgraph%2Fid%2Fgraph%2Fsession%2F99-1"


def test_bearer_token_from_environment_reaches_the_server() -> None:
    with recording_server([]) as server:
        load_graphs(server_url(server), quads_of(TRICKY), environ={"NPCGRAPH_TOKEN": "s3cret"})
    assert [auth for _, auth in server.seen] == ["Bearer s3cret"]


def test_user_and_password_from_environment_reach_the_server() -> None:
    environ = {"NPCGRAPH_USER": "npc", "NPCGRAPH_PASSWORD": "pa:ss", "NETRC": "/nonexistent"}
    with recording_server([]) as server:
        load_graphs(server_url(server), quads_of(TRICKY), environ=environ)
    expected = "Basic " + base64.b64encode(b"npc:pa:ss").decode("ascii")
    assert [auth for _, auth in server.seen] == [expected]


def test_netrc_credentials_reach_the_server(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login reader password fromnetrc\n", encoding="utf-8")
    netrc.chmod(0o600)
    with recording_server([]) as server:
        load_graphs(server_url(server), quads_of(TRICKY), environ={"NETRC": str(netrc)})
    expected = "Basic " + base64.b64encode(b"reader:fromnetrc").decode("ascii")
    assert [auth for _, auth in server.seen] == [expected]


def test_no_credentials_sends_no_authorization() -> None:
    with recording_server([]) as server:
        load_graphs(server_url(server), quads_of(TRICKY), environ=NO_ENV)
    assert [auth for _, auth in server.seen] == [None]


def test_bundled_queries_give_the_same_rows_over_http(tmp_path: Path) -> None:
    from pyoxigraph import Store

    from npcgraph.sparql import bundled_queries, run_query

    quads = quads_of(CORPUS)
    store = Store()
    store.extend(quads)
    with oxigraph_server(tmp_path / "union", union_default_graph=True) as base_url:
        load_graphs(base_url, quads, environ=NO_ENV)
        for name, text in bundled_queries().items():
            embedded = json.loads(run_query(store, text, "json"))
            response = httpx.get(
                f"{base_url}/query",
                params={"query": text},
                headers={"Accept": "application/sparql-results+json"},
                timeout=10,
            )
            assert response.status_code == 200, name
            assert response.json()["results"] == embedded["results"], name
            assert embedded["results"]["bindings"], name


def test_concurrent_load_gives_the_same_graphs_and_adds_a_repeated_graph_after_its_put(
    oxigraph: str,
) -> None:
    """With several requests in flight a graph that comes twice (two articles about one
    session) is replaced first and added to after: nothing of either part is lost."""
    from npcgraph.store import load_graph_texts

    quads = quads_of(CORPUS)
    graphs = graphs_of(quads)
    session = vocab.session_graph("12-5").value
    lines = sorted({str(Quad(t.subject, t.predicate, t.object)) for t in graphs[session]})
    first, second = lines[: len(lines) // 2], lines[len(lines) // 2 :]
    items = [(session, "".join(f"{line} .\n" for line in first).encode(), len(first))]
    for key, triples in graphs.items():
        if key != session:
            body = "".join(f"{Quad(t.subject, t.predicate, t.object)} .\n" for t in triples)
            items.append((key, body.encode(), len(set(triples))))
    items.append((session, "".join(f"{line} .\n" for line in second).encode(), len(second)))
    summary = load_graph_texts(oxigraph, items, environ=NO_ENV, in_flight=4)
    assert summary.graphs == expected_counts(quads)
    assert remote_counts(oxigraph) == expected_counts(quads)
    load_graph_texts(oxigraph, items, environ=NO_ENV, in_flight=4)  # again: the same graphs
    assert remote_counts(oxigraph) == expected_counts(quads)


def test_concurrent_load_stops_at_a_failure_and_names_what_was_loaded() -> None:
    from npcgraph.store import load_graph_texts

    items = [(f"http://e/g{number}", b"<http://e/s> <http://e/p> <http://e/o> .\n", 1)
             for number in range(1, 9)]  # fmt: skip
    with (
        recording_server([(204, ""), (503, "busy")]) as server,
        pytest.raises(EndpointError) as caught,
    ):
        load_graph_texts(server_url(server), items, environ=NO_ENV, in_flight=2)
    assert len(server.seen) <= 4  # at most the two in flight when the failure is seen, then none
    message = str(caught.value)
    assert "failed: HTTP 503 Service Unavailable: busy;" in message
    assert "http://e/g8" not in message
