"""Time each bundled query: embedded (pyoxigraph Store) and over HTTP (a local `oxigraph serve`).

    python bench/bench_queries.py [--inputs PATH ...] [--repeat N] [--no-http]

With no --inputs the bundled corpus is used (pipeline.corpus_quads(None)); inputs may be
articles or RDF files (.trig, .nq, .ttl, ...). The embedded store is built as the CLI builds
it (pipeline.quads_store: named graphs plus their merge as the default graph). Prints one row
per query with the number of result rows and the median milliseconds of N runs (after one
warm-up run) for each mode. The
HTTP mode loads the graphs with the Graph Store Protocol into an `oxigraph serve` started with
--union-default-graph on a free loopback port, and times GET /query with JSON results; that
union repeats a triple once per graph holding it, so joins over shared nodes (persons, posts)
do more work there than on the embedded merge.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pyoxigraph import QuerySolutions, Store  # noqa: E402

from npcgraph.cli_sparql import input_quads  # noqa: E402
from npcgraph.sparql import bundled_queries, execute, format_table  # noqa: E402
from npcgraph.store import load_graphs  # noqa: E402


def median_ms(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` calls in milliseconds, after one warm-up call."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def embedded_runner(store: Store, query: str) -> Callable[[], int]:
    def run() -> int:
        result = execute(store, query)
        return len(list(result)) if isinstance(result, QuerySolutions) else 1

    return run


def http_runner(base_url: str, query: str) -> Callable[[], int]:
    import httpx

    client = httpx.Client(timeout=60)

    def run() -> int:
        response = client.get(
            f"{base_url}/query",
            params={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        response.raise_for_status()
        return len(response.json()["results"]["bindings"])

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", nargs="*", type=Path, default=[], help="articles or RDF")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query")
    parser.add_argument("--no-http", action="store_true", help="skip the oxigraph serve runs")
    args = parser.parse_args(argv)

    from npcgraph.pipeline import quads_store

    quads = input_quads(args.inputs)
    store = quads_store(quads)
    queries = bundled_queries()
    print(f"{len(quads)} quads, {len(queries)} queries, median of {args.repeat} runs")

    header = ["query", "rows", "embedded ms"]
    rows: dict[str, list[object]] = {}
    for name, text in queries.items():
        run = embedded_runner(store, text)
        rows[name] = [name, run(), f"{median_ms(run, args.repeat):.2f}"]

    if not args.no_http:
        from tests.oxigraph_server import oxigraph_server

        header.append("http ms")
        with (
            tempfile.TemporaryDirectory() as location,
            oxigraph_server(Path(location), union_default_graph=True) as base_url,
        ):
            start = time.perf_counter()
            summary = load_graphs(base_url, quads)
            load_ms = (time.perf_counter() - start) * 1000
            print(f"{summary} in {load_ms:.0f} ms")
            for name, text in queries.items():
                run = http_runner(base_url, text)
                if run() != rows[name][1]:
                    print(f"warning: {name} gives a different row count over HTTP")
                rows[name].append(f"{median_ms(run, args.repeat):.2f}")

    print(format_table(header, [[str(cell) for cell in row] for row in rows.values()]), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
