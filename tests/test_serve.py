"""Tests for npcgraph.serve: the read-only SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, Store, parse

from npcgraph import serve as serving
from npcgraph import vocab
from npcgraph.cli_sparql import serve as serve_command
from npcgraph.errors import NpcGraphError
from npcgraph.serve import make_server, negotiate

FIXTURES = Path(__file__).parent / "fixtures" / "sparql"
SESSIONS = "SELECT ?s WHERE { ?s a npco:Session } ORDER BY ?s"
SESSION_IRIS = [vocab.ID + f"session/{key}" for key in ("12-1", "12-2", "12-5")]


def fixture_store(name: str = "corpus.trig") -> Store:
    store = Store()
    store.extend(parse(path=str(FIXTURES / name), format=RdfFormat.TRIG))
    return store


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = make_server(fixture_store(), port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def get(endpoint: str, query: str, accept: str | None = None, **params: str) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(endpoint, params={"query": query, **params}, headers=headers, timeout=10)


def bindings(response: httpx.Response) -> list[dict[str, str]]:
    return [
        {name: cell["value"] for name, cell in binding.items()}
        for binding in response.json()["results"]["bindings"]
    ]


def test_binds_loopback_by_default() -> None:
    server = make_server(Store(), port=0, quiet=True)
    try:
        assert server.server_address[0] == "127.0.0.1"
        assert server.url.endswith("/sparql")
    finally:
        server.server_close()


def test_get_select_answers_sparql_json_by_default(endpoint: str) -> None:
    response = get(endpoint, SESSIONS)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert [row["s"] for row in bindings(response)] == SESSION_IRIS


def test_content_negotiation_for_csv_tsv_and_xml(endpoint: str) -> None:
    response = get(endpoint, SESSIONS, "text/csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(response.text))) == [["s"], *[[s] for s in SESSION_IRIS]]
    response = get(endpoint, SESSIONS, "text/tab-separated-values")
    assert response.text.splitlines() == ["?s", *[f"<{s}>" for s in SESSION_IRIS]]
    response = get(endpoint, SESSIONS, "application/sparql-results+xml")
    assert response.headers["content-type"] == "application/sparql-results+xml"
    assert "<sparql" in response.text and SESSION_IRIS[0] in response.text
    response = get(endpoint, SESSIONS, "text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert response.headers["content-type"] == "application/sparql-results+xml"


def test_post_form_and_direct_query_bodies(endpoint: str) -> None:
    response = httpx.post(endpoint, data={"query": SESSIONS}, timeout=10)
    assert response.status_code == 200
    assert [row["s"] for row in bindings(response)] == SESSION_IRIS
    response = httpx.post(
        endpoint,
        content=SESSIONS.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.text.splitlines()[1] == SESSION_IRIS[0]


def test_ask_and_construct(endpoint: str) -> None:
    response = get(endpoint, "ASK { ?b a npco:ElectionBallot }")
    assert response.json() == {"head": {}, "boolean": True}
    construct = "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p foaf:name ?n }"
    response = get(endpoint, construct)
    assert response.headers["content-type"].startswith("text/turtle")
    assert f'<{vocab.ID}person/hu-jintao> rdfs:label "Hu Jintao" .' in response.text
    response = get(endpoint, construct, "application/n-triples")
    lines = response.text.splitlines()
    assert len(lines) == 7 and lines == sorted(lines)


def test_bad_query_gets_400_with_position(endpoint: str) -> None:
    response = get(endpoint, "SELECT ?x WHERE {\n ?x ?y\n}")
    assert response.status_code == 400
    assert response.text.startswith("<query>:3:")
    assert "SPARQL syntax error" in response.text


def test_missing_or_repeated_query_gets_400(endpoint: str) -> None:
    assert httpx.get(endpoint, timeout=10).status_code == 400
    response = httpx.get(endpoint, params=[("query", "ASK {}"), ("query", "ASK {}")], timeout=10)
    assert response.status_code == 400


def test_updates_are_forbidden(endpoint: str) -> None:
    update = "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }"
    assert httpx.post(endpoint, data={"update": update}, timeout=10).status_code == 403
    assert httpx.get(endpoint, params={"update": update}, timeout=10).status_code == 403
    response = httpx.post(
        endpoint,
        content=update.encode("utf-8"),
        headers={"Content-Type": "application/sparql-update"},
        timeout=10,
    )
    assert response.status_code == 403
    assert "not allowed" in response.text
    # An update smuggled in as a query does not parse as one.
    assert get(endpoint, update).status_code == 400
    assert bindings(get(endpoint, "SELECT * WHERE { <http://e/s> ?p ?o }")) == []


def test_other_methods_get_405(endpoint: str) -> None:
    for method in ("PUT", "DELETE", "PATCH"):
        response = httpx.request(method, endpoint, content=b"x", timeout=10)
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, POST"


def test_unknown_path_and_media_types(endpoint: str) -> None:
    root = endpoint.rsplit("/", 1)[0]
    assert httpx.get(f"{root}/nothing", timeout=10).status_code == 404
    assert httpx.get(f"{root}/", timeout=10).status_code == 200
    assert get(endpoint, SESSIONS, "image/png").status_code == 406
    response = httpx.post(endpoint, content=b"ASK {}", headers={"Content-Type": "text/x"})
    assert response.status_code == 415


def test_default_graph_uri_restricts_the_default_graph(endpoint: str) -> None:
    graph = vocab.session_graph("12-5").value
    response = get(endpoint, SESSIONS, **{"default-graph-uri": graph})
    assert [row["s"] for row in bindings(response)] == [SESSION_IRIS[2]]


def test_literals_with_quotes_and_newlines_round_trip() -> None:
    server = make_server(fixture_store("tricky.trig"), port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        response = get(server.url, "SELECT ?n WHERE { ?p foaf:name ?n } ORDER BY ?n")
        names = [row["n"] for row in bindings(response)]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert names == [
        "Chen {Yi} } { ; . , <x> 'q'",
        "Li\\Ming \\n not a newline",
        "Wang\nFang\t(tab)",
        'Zhang "Big" Wei',
    ]


def test_negotiate_prefers_quality_then_order() -> None:
    offered = ["application/sparql-results+json", "text/csv", "text/tab-separated-values"]
    assert negotiate(None, offered) == "application/sparql-results+json"
    assert negotiate("*/*", offered) == "application/sparql-results+json"
    assert negotiate("text/*", offered) == "text/csv"
    assert negotiate("text/tab-separated-values, text/csv", offered) == "text/tab-separated-values"
    assert negotiate("text/csv;q=0.1, text/*;q=0.5", offered) == "text/tab-separated-values"
    assert negotiate("text/csv;q=0", offered) is None
    assert negotiate("image/png", offered) is None


def test_port_in_use_is_one_line_error() -> None:
    first = make_server(Store(), port=0, quiet=True)
    try:
        with pytest.raises(NpcGraphError, match="cannot listen on 127.0.0.1:"):
            make_server(Store(), port=first.server_address[1], quiet=True)
    finally:
        first.server_close()


def test_serve_command_defaults_to_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, str, int]] = []

    def fake_serve(store: Store, host: str, port: int) -> None:
        calls.append((len(store), host, port))

    monkeypatch.setattr(serving, "serve", fake_serve)
    result = CliRunner().invoke(serve_command, [str(FIXTURES / "tricky.trig")])
    assert result.exit_code == 0, result.output
    assert calls == [(18, "127.0.0.1", 8000)]  # 9 in the named graph, 9 merged
