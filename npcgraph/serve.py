"""A read-only SPARQL 1.1 Protocol endpoint over an in-memory pyoxigraph Store.

`GET /sparql?query=...` and `POST /sparql` (form `query=...` or an `application/sparql-query`
body) answer with the media type the Accept header prefers: SPARQL results as JSON (the
default), XML, CSV or TSV; CONSTRUCT and DESCRIBE results as Turtle (the default) or
N-Triples. A query that does not parse gets 400 with the parser's message; any update (an
`update` parameter or an `application/sparql-update` body) gets 403; PUT, DELETE and PATCH
get 405. `default-graph-uri` and `named-graph-uri` are honoured; without them the default graph
is the union of all graphs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from pyoxigraph import NamedNode, QueryResultsFormat, QueryTriples, RdfFormat, Store

from npcgraph.errors import NpcGraphError
from npcgraph.sparql import QueryResult, QuerySyntaxError, execute, serialize_triples

SOLUTION_TYPES: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
}
FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
MAX_BODY = 1 << 20
ENDPOINT_PATH = "/sparql"


class RequestRefused(Exception):
    """A request answered with an HTTP error status and a one-line message."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server that holds the store it answers queries over."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], store: Store, *, quiet: bool = False) -> None:
        super().__init__(address, SparqlHandler)
        self.store = store
        self.quiet = quiet

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{ENDPOINT_PATH}"


def make_server(
    store: Store, host: str = "127.0.0.1", port: int = 8000, *, quiet: bool = False
) -> SparqlServer:
    """A server bound to host:port (port 0 picks a free one); call serve_forever() to run it."""
    try:
        return SparqlServer((host, port), store, quiet=quiet)
    except OSError as err:
        raise NpcGraphError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header likes best (the first offered for none).

    Each offered type takes the quality of the most specific range that matches it (exact,
    then `type/*`, then `*/*`); the highest quality wins, ties going to the range listed first
    and then to the order of `offered`. Quality 0 refuses a type.
    """
    if not accept or not accept.strip():
        return offered[0]
    ranges = []
    for position, item in enumerate(accept.split(",")):
        media, _, params = item.strip().partition(";")
        ranges.append((media.strip().lower(), _quality(params), position))
    best: tuple[float, int, int, str] | None = None
    for order, candidate in enumerate(offered):
        matching = [r for r in ranges if _matches(r[0], candidate)]
        if not matching:
            continue
        media, quality, position = max(matching, key=lambda r: (_specificity(r[0]), -r[2]))
        if quality <= 0:
            continue
        key = (-quality, position, order, candidate)
        if best is None or key < best:
            best = key
    return best[3] if best else None


def _specificity(media: str) -> int:
    if media == "*/*":
        return 0
    return 1 if media.endswith("/*") else 2


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def _matches(pattern: str, media: str) -> bool:
    if pattern in ("*/*", media):
        return True
    return pattern.endswith("/*") and media.startswith(pattern[:-1])


class SparqlHandler(BaseHTTPRequestHandler):
    """Answers SPARQL 1.1 Protocol queries; refuses updates and graph changes."""

    server: SparqlServer
    server_version = "npcgraph"

    def do_GET(self) -> None:  # noqa: N802 (name fixed by http.server)
        self._answer(self._params_from_url)

    def do_POST(self) -> None:  # noqa: N802
        self._answer(self._params_from_body)

    def do_PUT(self) -> None:  # noqa: N802
        self._refuse_method()

    def do_DELETE(self) -> None:  # noqa: N802
        self._refuse_method()

    def do_PATCH(self) -> None:  # noqa: N802
        self._refuse_method()

    def _refuse_method(self) -> None:
        self._send_text(
            HTTPStatus.METHOD_NOT_ALLOWED,
            f"{self.command} is not allowed: this endpoint is read-only\n",
            {"Allow": "GET, POST"},
        )

    def _answer(self, read_params: Callable[[], dict[str, list[str]]]) -> None:
        path = urlsplit(self.path).path
        if path in ("", "/"):
            text = f"npcgraph SPARQL endpoint: GET or POST {ENDPOINT_PATH} with query=...\n"
            self._send_text(HTTPStatus.OK, text)
            return
        if path != ENDPOINT_PATH:
            self._send_text(HTTPStatus.NOT_FOUND, f"not found: {path} (try {ENDPOINT_PATH})\n")
            return
        try:
            params = read_params()
            status, media_type, body = self._run(params)
        except RequestRefused as refused:
            self._send_text(refused.status, refused.message + "\n")
            return
        self._send(status, media_type, body)

    def _params_from_url(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query, keep_blank_values=True)

    def _params_from_body(self) -> dict[str, list[str]]:
        params = self._params_from_url()
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self._read_body()
        if content_type == UPDATE_TYPE:
            raise RequestRefused(HTTPStatus.FORBIDDEN, "SPARQL Update is not allowed here")
        if content_type == FORM_TYPE:
            for name, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        elif content_type == QUERY_TYPE:
            params.setdefault("query", []).append(body)
        else:
            raise RequestRefused(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"POST a query as {FORM_TYPE} or {QUERY_TYPE}, not {content_type or 'nothing'}",
            )
        return params

    def _read_body(self) -> str:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise RequestRefused(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if length > MAX_BODY:
            raise RequestRefused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large")
        try:
            return self.rfile.read(length).decode("utf-8")
        except UnicodeDecodeError:
            raise RequestRefused(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None

    def _run(self, params: dict[str, list[str]]) -> tuple[HTTPStatus, str, bytes]:
        if "update" in params:
            raise RequestRefused(HTTPStatus.FORBIDDEN, "SPARQL Update is not allowed here")
        queries = params.get("query", [])
        if len(queries) != 1:
            raise RequestRefused(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
        try:
            result = execute(
                self.server.store,
                queries[0],
                default_graphs=_iris(params.get("default-graph-uri", [])),
                named_graphs=_iris(params.get("named-graph-uri", [])),
            )
        except QuerySyntaxError as err:
            raise RequestRefused(HTTPStatus.BAD_REQUEST, str(err)) from None
        except NpcGraphError as err:
            raise RequestRefused(HTTPStatus.INTERNAL_SERVER_ERROR, str(err)) from None
        media_type, body = self._serialize(result)
        return HTTPStatus.OK, media_type, body

    def _serialize(self, result: QueryResult) -> tuple[str, bytes]:
        accept = self.headers.get("Accept")
        if isinstance(result, QueryTriples):
            chosen = negotiate(accept, list(GRAPH_TYPES))
            if chosen is None:
                raise _not_acceptable(GRAPH_TYPES)
            return chosen, serialize_triples(result, GRAPH_TYPES[chosen])
        chosen = negotiate(accept, list(SOLUTION_TYPES))
        if chosen is None:
            raise _not_acceptable(SOLUTION_TYPES)
        return chosen, result.serialize(format=SOLUTION_TYPES[chosen])

    def _send_text(
        self, status: HTTPStatus, text: str, headers: dict[str, str] | None = None
    ) -> None:
        self._send(status, "text/plain", text.encode("utf-8"), headers)

    def _send(
        self,
        status: HTTPStatus,
        media_type: str,
        body: bytes,
        headers: dict[str, str] | None = None,
    ) -> None:
        charset = "" if media_type.endswith(("+xml", "/xml")) else "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", media_type + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


def _iris(values: list[str]) -> list[NamedNode] | None:
    if not values:
        return None
    try:
        return [NamedNode(value) for value in values]
    except ValueError as err:
        raise RequestRefused(HTTPStatus.BAD_REQUEST, f"not an IRI: {err}") from None


def _not_acceptable(offered: dict[str, object]) -> RequestRefused:
    return RequestRefused(
        HTTPStatus.NOT_ACCEPTABLE, "acceptable media types: " + ", ".join(offered)
    )


def serve(store: Store, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve queries until interrupted (Ctrl-C)."""
    server = make_server(store, host, port)
    sys.stderr.write(f"npcgraph: SPARQL endpoint at {server.url} (Ctrl-C to stop)\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
