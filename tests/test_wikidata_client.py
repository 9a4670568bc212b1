"""The SPARQL client: User-Agent, Retry-After on 429/503, timeouts, errors, rate limit."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from npcgraph.errors import EndpointError
from npcgraph.wikidata.client import RateLimiter, SparqlClient, retry_after_seconds

RESULT = {
    "head": {"vars": ["x"]},
    "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]},
}


@contextmanager
def tiny_server(
    answer: Callable[[int], tuple[int, dict[str, str], bytes, float]],
) -> Iterator[dict]:
    """A loopback HTTP server; `answer(n)` gives status, headers, body and a delay for request n."""
    seen: dict = {"requests": 0, "agents": [], "bodies": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            seen["bodies"].append(self.rfile.read(length).decode())
            seen["agents"].append(self.headers.get("User-Agent"))
            seen["requests"] += 1
            status, headers, body, delay = answer(seen["requests"])
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    seen["url"] = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        yield seen
    finally:
        server.shutdown()
        server.server_close()


JSON = {"Content-Type": "application/sparql-results+json"}
OK = (200, JSON, json.dumps(RESULT).encode(), 0.0)


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured_once(status: int) -> None:
    waits: list[float] = []

    def answer(n: int) -> tuple[int, dict[str, str], bytes, float]:
        return (status, {"Retry-After": "2"}, b"slow down", 0.0) if n == 1 else OK

    with tiny_server(answer) as seen, SparqlClient(seen["url"], rate=0, sleep=waits.append) as c:
        rows = c.select("SELECT ?x WHERE {}")
    assert rows == RESULT["results"]["bindings"]
    assert seen["requests"] == 2
    assert waits == [2.0]


def test_user_agent_names_the_project_and_a_contact_url() -> None:
    with tiny_server(lambda n: OK) as seen, SparqlClient(seen["url"], rate=0) as client:
        client.select('SELECT ?x WHERE { BIND("a b" AS ?x) }')
    agent = seen["agents"][0]
    assert agent.startswith("npcgraph/")
    assert "https://w3id.org/npcgraph" in agent
    assert seen["bodies"][0].startswith("query=SELECT")


def test_backoff_without_retry_after_then_give_up() -> None:
    waits: list[float] = []
    answer = lambda n: (503, {}, b"busy", 0.0)  # noqa: E731
    with tiny_server(answer) as seen:
        client = SparqlClient(seen["url"], rate=0, retries=3, backoff=0.5, sleep=waits.append)
        with pytest.raises(EndpointError, match="answered HTTP 503: busy"):
            client.select("SELECT * {}")
    assert waits == [0.5, 1.0, 2.0]
    assert seen["requests"] == 4


def test_a_long_retry_after_is_an_error_not_a_hang() -> None:
    answer = lambda n: (429, {"Retry-After": "3600"}, b"", 0.0)  # noqa: E731
    with (
        tiny_server(answer) as seen,
        SparqlClient(seen["url"], rate=0) as client,
        pytest.raises(EndpointError, match="asks to wait 3600 s"),
    ):
        client.select("SELECT * {}")


def test_timeout_gives_a_clear_endpoint_error() -> None:
    answer = lambda n: (*OK[:3], 1.0)  # noqa: E731
    with tiny_server(answer) as seen, SparqlClient(seen["url"], rate=0, timeout=0.2) as client:
        started = time.monotonic()
        with pytest.raises(EndpointError) as caught:
            client.select("SELECT * {}")
    assert str(caught.value) == f"{seen['url']} did not answer within 0.2 s (timeout)"
    assert time.monotonic() - started < 1.0


def test_bad_request_and_non_json_answers() -> None:
    bad = (400, {}, b"Parse error\nat line 1", 0.0)
    with tiny_server(lambda n: bad) as seen, SparqlClient(seen["url"], rate=0) as client:
        with pytest.raises(EndpointError, match="answered HTTP 400: Parse error$"):
            client.select("SELEC")
        assert seen["requests"] == 1
    html = (200, {}, b"<html>", 0.0)
    with (
        tiny_server(lambda n: html) as seen,
        SparqlClient(seen["url"], rate=0) as client,
        pytest.raises(EndpointError, match="did not answer with SPARQL JSON results"),
    ):
        client.select("SELECT * {}")


def test_retry_after_header_forms() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    now = 1_700_000_000.0
    assert retry_after_seconds("Tue, 14 Nov 2023 22:13:30 GMT", now=now) == 10.0


def test_rate_limiter_spaces_requests() -> None:
    clock = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 6))
        clock[0] += seconds

    limiter = RateLimiter(4.0, clock=lambda: clock[0], sleep=sleep)
    for _ in range(3):
        limiter.wait()
        clock[0] += 0.05
    assert waits == [0.2, 0.2]
