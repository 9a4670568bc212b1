"""A real `oxigraph serve` on a free loopback port, for tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    """The `oxigraph` command installed by `pip install oxigraph`."""
    found = shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the `oxigraph` command is missing: pip install oxigraph")
    return found


@contextmanager
def oxigraph_server(
    location: Path, load: list[Path] | None = None, union_default_graph: bool = False
) -> Iterator[str]:
    """Start `oxigraph serve` with its store in `location`; yield its base URL; stop it by pid."""
    binary = oxigraph_binary()
    location.mkdir(parents=True, exist_ok=True)
    for path in load or []:
        subprocess.run(
            [binary, "load", "--location", str(location), "--file", str(path)],
            check=True,
            capture_output=True,
        )
    port = free_port()
    command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base_url}/query", params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve did not start on {base_url}") from None
                time.sleep(0.1)
        yield base_url
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
