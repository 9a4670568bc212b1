"""Load npcgraph's named graphs into a triplestore with the SPARQL 1.1 Graph Store Protocol.

Each named graph of the quads (one per session, plus the links graph) is sent in one HTTP
`PUT <gsp>?graph=<IRI>` with its triples as sorted N-Triples, so the server replaces that graph
whole: loading twice leaves the same triples, and a failure midway leaves every graph either as
it was or fully replaced. Triples in the default graph go to `PUT <gsp>?default`. Graphs of the
server that are not in the quads are left alone.

The endpoint may be given as
- a Graph Store URL, used as it is: its path ends in `/store` (Oxigraph), `/data` (Fuseki),
  `/sparql-graph-crud` or `/sparql-graph-crud-auth` (Virtuoso), or it has two or more segments;
- a server root (`http://127.0.0.1:7878`, path empty or `/`): Oxigraph's layout, `/store` is added;
- a Fuseki dataset (`http://127.0.0.1:3030/npc`, a single other path segment): `/data` is added.

Credentials never come from the command line: `NPCGRAPH_TOKEN` (sent as a Bearer token), else
`NPCGRAPH_USER` and `NPCGRAPH_PASSWORD` (HTTP Basic), else a matching machine in `~/.netrc`
(or the file named by `NETRC`).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Triple

from npcgraph.errors import EndpointError, NpcGraphError
from npcgraph.sparql import serialize_triples

if TYPE_CHECKING:
    from typing import TypeAlias

    import httpx

    Auth: TypeAlias = httpx.Auth | Callable[[httpx.Request], httpx.Request]

GSP_SUFFIXES = ("store", "data", "sparql-graph-crud", "sparql-graph-crud-auth")
DEFAULT_GRAPH_KEY = "default"
N_TRIPLES_TYPE = "application/n-triples"
_MAX_REASON = 200


@dataclass(frozen=True)
class LoadSummary:
    """What a load did: the Graph Store URL and the triples sent per graph IRI, in load order."""

    endpoint: str
    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())

    def __str__(self) -> str:
        noun = "graph" if len(self.graphs) == 1 else "graphs"
        return f"loaded {self.triples} triples in {len(self.graphs)} {noun} into {self.endpoint}"


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL for an endpoint given as GSP URL, server root or dataset."""
    parts = urlsplit(endpoint.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"{endpoint}: not an http(s) URL")
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        path = "/store"
    elif len(segments) == 1 and segments[0] not in GSP_SUFFIXES:
        path = f"/{segments[0]}/data"
    else:
        path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def graphs_of(quads: Iterable[Quad]) -> dict[str, list[Triple]]:
    """The triples of each graph, keyed by graph IRI (`default` for the default graph), sorted."""
    graphs: dict[str, list[Triple]] = {}
    for quad in quads:
        graph = quad.graph_name
        if isinstance(graph, DefaultGraph):
            key = DEFAULT_GRAPH_KEY
        elif isinstance(graph, NamedNode):
            key = graph.value
        else:
            raise NpcGraphError(f"cannot load a graph named by a blank node: {graph}")
        graphs.setdefault(key, []).append(quad.triple)
    return dict(sorted(graphs.items()))


def credentials(environ: Mapping[str, str] | None = None) -> Auth | None:
    """The auth for requests: a Bearer token or Basic pair from the environment, else ~/.netrc."""
    import httpx

    env = os.environ if environ is None else environ
    token = env.get("NPCGRAPH_TOKEN")
    if token:
        return bearer_auth(token)
    user = env.get("NPCGRAPH_USER")
    if user:
        return httpx.BasicAuth(user, env.get("NPCGRAPH_PASSWORD", ""))
    netrc_path = Path(env["NETRC"]) if env.get("NETRC") else Path.home() / ".netrc"
    if netrc_path.is_file():
        import netrc

        try:
            return httpx.NetRCAuth(str(netrc_path))
        except (netrc.NetrcParseError, OSError) as err:
            raise NpcGraphError(f"{netrc_path}: cannot read credentials: {err}") from None
    return None


def bearer_auth(token: str) -> Callable[[httpx.Request], httpx.Request]:
    """httpx auth (a callable) that sends `Authorization: Bearer <token>`."""

    def apply(request: httpx.Request) -> httpx.Request:
        request.headers["Authorization"] = f"Bearer {token}"
        return request

    return apply


def load_graphs(
    endpoint: str,
    quads: Iterable[Quad],
    *,
    timeout: float = 60.0,
    auth: Auth | None = None,
    environ: Mapping[str, str] | None = None,
) -> LoadSummary:
    """PUT each graph of `quads` to the Graph Store at `endpoint`; EndpointError on any failure.

    `auth` overrides the credentials found in `environ` (default os.environ) or ~/.netrc.
    `timeout` is the seconds allowed for each request (connecting takes at most 10 of them).
    """
    texts = (
        (key, serialize_triples(triples, RdfFormat.N_TRIPLES), len(set(triples)))
        for key, triples in graphs_of(quads).items()
    )
    return load_graph_texts(endpoint, texts, timeout=timeout, auth=auth, environ=environ)


def load_graph_texts(
    endpoint: str,
    graphs: Iterable[tuple[str, bytes, int]],
    *,
    timeout: float = 60.0,
    auth: Auth | None = None,
    environ: Mapping[str, str] | None = None,
    in_flight: int = 1,
) -> LoadSummary:
    """Stream graphs given as (graph IRI or `default`, N-Triples, triple count) to the Graph
    Store: the first time a graph comes up it is replaced (PUT); if the same graph comes again
    in this run (two articles about one session) the triples are added to it (POST), after its
    PUT is done. Up to `in_flight` requests run at once; on a failure no new request starts,
    and the error names the graphs loaded before it."""
    import httpx

    url = graph_store_url(endpoint)
    chosen_auth = auth if auth is not None else credentials(environ)
    limits = httpx.Timeout(timeout, connect=min(timeout, 10.0))
    sent: dict[str, int] = {}
    done: set[str] = set()
    window: deque[tuple[str, Future[None]]] = deque()
    latest: dict[str, Future[None]] = {}
    with (
        httpx.Client(auth=chosen_auth, timeout=limits, follow_redirects=False) as client,
        ThreadPoolExecutor(max_workers=max(1, in_flight)) as pool,
    ):
        try:
            for key, body, count in graphs:
                if key in latest:
                    latest[key].result()
                while len(window) >= max(1, in_flight):
                    _settle(window.popleft(), done)
                future = pool.submit(_send, client, url, key, body, key in sent)
                window.append((key, future))
                latest[key] = future
                sent[key] = sent.get(key, 0) + count
            while window:
                _settle(window.popleft(), done)
        except _RequestFailed as failure:
            for _, future in window:
                future.cancel()
            wait([future for _, future in window])
            loaded = [key for key in sent if key in done and key != failure.graph]
            raise EndpointError(_failure(url, failure.graph, failure.detail, loaded)) from None
    return LoadSummary(url, sent)


class _RequestFailed(Exception):
    def __init__(self, graph: str, detail: str) -> None:
        self.graph = graph
        self.detail = detail


def _settle(item: tuple[str, Future[None]], done: set[str]) -> None:
    key, future = item
    future.result()
    done.add(key)


def _send(client: httpx.Client, url: str, graph: str, body: bytes, append: bool) -> None:
    """One PUT (or POST, to add) of a graph; _RequestFailed with the reason on any failure."""
    import httpx

    params = {DEFAULT_GRAPH_KEY: ""} if graph == DEFAULT_GRAPH_KEY else {"graph": graph}
    headers = {"Content-Type": N_TRIPLES_TYPE}
    method = "POST" if append else "PUT"
    try:
        response = client.request(method, url, params=params, content=body, headers=headers)
    except httpx.TimeoutException:
        raise _RequestFailed(graph, "timed out") from None
    except httpx.TransportError as err:
        reason = _first_line(str(err)) or type(err).__name__
        raise _RequestFailed(graph, f"unreachable ({reason})") from None
    if response.status_code not in (200, 201, 204):
        status = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
        reason = _first_line(response.text)
        raise _RequestFailed(graph, f"{status}: {reason}" if reason else status)


def _failure(url: str, graph: str, detail: str, loaded: list[str]) -> str:
    done = ", ".join(loaded) if loaded else "none"
    return f"{url}: loading graph {graph} failed: {detail}; graphs loaded before: {done}"


def _first_line(text: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            return stripped[:_MAX_REASON]
    return ""
