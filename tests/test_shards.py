"""`--shard i/n`: a stable split whose N-Quads add up to the whole graph."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from npcgraph.pipeline import Shard

from conftest import SEEDS


def export_nquads(cwd: Path, *args: str) -> set[bytes]:
    output = cwd / "part.nq"
    done = subprocess.run(
        [sys.executable, "-m", "npcgraph", "export", "-q", "-f", "nq", "-o", str(output), *args],
        cwd=cwd,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    return set(output.read_bytes().splitlines())


@pytest.mark.parametrize("count", [2, 3])
def test_shards_add_up_to_the_whole(tmp_path: Path, count: int) -> None:
    whole = export_nquads(tmp_path, str(SEEDS))
    parts = [
        export_nquads(tmp_path, "--shard", f"{i}/{count}", str(SEEDS)) for i in range(1, count + 1)
    ]
    assert set().union(*parts) == whole
    next_links = [line for line in whole if b"ontology#nextSession> " in line]
    assert len(next_links) == 1


def test_a_file_always_falls_in_the_same_shard() -> None:
    """The split depends on the file name only: not on the folder, the other files, or the
    process (a fresh interpreter with another hash seed puts every file in the same shard)."""
    names = [f"article-{number}.txt" for number in range(300)]
    held = [name for name in names if Shard.parse("2/3").holds(Path(name))]
    assert [name for name in names if Shard(2, 3).holds(Path("elsewhere") / name)] == held
    assert 70 < len(held) < 130
    assert sum(Shard(i, 3).holds(Path(name)) for i in (1, 2, 3) for name in names) == 300
    script = (
        "from pathlib import Path; from npcgraph.pipeline import Shard; "
        "print(' '.join(n for n in (f'article-{i}.txt' for i in range(300)) "
        "if Shard(2, 3).holds(Path(n))))"
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "4242"},
    )
    assert other.stdout.split() == held


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b"])
def test_bad_shard_is_a_usage_error(tmp_path: Path, text: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "npcgraph", "export", "--shard", text, str(SEEDS)],
        cwd=tmp_path,
        capture_output=True,
    )
    assert done.returncode == 2
    assert b"--shard" in done.stderr and b"Traceback" not in done.stderr
