"""Nothing half-written: an export that is killed or fails leaves the previous files
byte-identical and no temporary file behind."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from npcgraph import output
from npcgraph.errors import OutputError

from conftest import run_main

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
FORMATS = ("jsonld", "nq", "nt", "trig", "ttl")


def previous_export(folder: Path) -> dict[str, bytes]:
    """Stand-ins for the files an earlier export wrote, each with its own content."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {f"npcgraph.{ext}": f"previous {ext} export\n".encode() * 100 for ext in FORMATS}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def folder_contents(folder: Path) -> dict[str, bytes | None]:
    """Every entry of a folder with its bytes (None for a folder)."""
    return {
        path.name: None if path.is_dir() else path.read_bytes() for path in sorted(folder.iterdir())
    }


def npcgraph_process(*args: str | Path, cwd: Path, before: str = "") -> subprocess.Popen[str]:
    """`npcgraph` through its real entry point in a new process, after running `before`."""
    code = f"{before}\nfrom npcgraph.cli import main\nmain()\n"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("NPCGRAPH_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def generated_corpus(folder: Path, copies: int) -> Path:
    """`copies` x 3 articles: the seeds, each copy renumbered as its own congress."""
    folder.mkdir(parents=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    for copy in range(copies):
        congress = 100 + copy
        for seed in seeds:
            text = seed.read_text(encoding="utf-8").replace("12th", f"{congress}th")
            (folder / f"{congress}-{seed.name}").write_text(text, encoding="utf-8")
    return folder


# The moment of death, injected into the child: SIGKILL is not catchable, so whatever the child
# had staged by then stays exactly as it was.
KILL_WHILE_SYNCING_THIRD_FILE = """
import os, signal
calls = []
real_fsync = os.fsync
def dying_fsync(handle):
    calls.append(handle)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    real_fsync(handle)
os.fsync = dying_fsync
"""

KILL_BEFORE_FIRST_RENAME = """
import os, signal
real_replace = os.replace
def dying_replace(source, destination):
    os.kill(os.getpid(), signal.SIGKILL)
os.replace = dying_replace
"""


def test_sigkill_while_writing_leaves_previous_files_and_nothing_else(tmp_path: Path) -> None:
    """Killed with every file written but only two of them synced: nothing changes."""
    before = previous_export(tmp_path / "out")
    process = npcgraph_process("export", SEEDS, "-f", "all", "-o", "out", "--no-validate",
                               cwd=tmp_path, before=KILL_WHILE_SYNCING_THIRD_FILE)  # fmt: skip
    _, err = process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL, err
    assert folder_contents(tmp_path / "out") == before


def test_sigkill_before_rename_leaves_previous_files_and_the_next_run_clears_up(
    tmp_path: Path,
) -> None:
    """Killed between naming the finished temporary file and renaming it: the previous files are
    intact; the one hidden `.part` file is removed by the next export."""
    before = previous_export(tmp_path / "out")
    process = npcgraph_process("export", SEEDS, "-f", "all", "-o", "out", "--no-validate",
                               cwd=tmp_path, before=KILL_BEFORE_FIRST_RENAME)  # fmt: skip
    _, err = process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL, err
    after = folder_contents(tmp_path / "out")
    leftovers = sorted(set(after) - set(before))
    assert {name: after[name] for name in before} == before
    assert len(leftovers) == 1 and leftovers[0].startswith(".npcgraph.ttl."), leftovers
    assert leftovers[0].endswith(".part")

    again = npcgraph_process("export", SEEDS, "-f", "all", "-o", "out", "--no-validate", "-q",
                             cwd=tmp_path)  # fmt: skip
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert sorted(os.listdir(tmp_path / "out")) == sorted(before)
    assert all(path.read_bytes() != before[path.name] for path in (tmp_path / "out").iterdir())


def test_sigkill_of_a_large_export_mid_way(tmp_path: Path) -> None:
    """300 generated articles; the export is killed while it runs."""
    corpus = generated_corpus(tmp_path / "corpus", 100)
    assert len(os.listdir(corpus)) == 300
    before = previous_export(tmp_path / "out")
    process = npcgraph_process("export", corpus, "-f", "all", "-o", "out", "-q", "-k",
                               cwd=tmp_path)  # fmt: skip
    time.sleep(1.5)
    assert process.poll() is None, "the export ended before it could be killed"
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert folder_contents(tmp_path / "out") == before


# --- failures inside the process: clean up and say so in one line -----------------------------


def failed_export_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """Run `export -f all -o out` in tmp_path; it must exit 1; its stderr lines."""
    monkeypatch.chdir(tmp_path)
    code = run_main(monkeypatch, "export", str(SEEDS), "-f", "all", "-o", "out", "--no-validate")
    assert code == 1
    return capsys.readouterr().err.splitlines()


def test_writer_failing_after_the_first_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The N-Triples writer (the second of `--format all`) fails half-way through the corpus."""
    import npcgraph.writers

    before = previous_export(tmp_path / "out")
    real_factory = npcgraph.writers.WRITERS["nt"]

    class FailingWriter:
        def __init__(self, stream: BinaryIO) -> None:
            self.real = real_factory(stream)
            self.graphs = 0

        @classmethod
        def render(cls, name: Any, triples: Any) -> bytes | None:
            return None

        def graph(self, name: Any, triples: Any, rendered: bytes | None = None) -> None:
            self.graphs += 1
            if self.graphs == 2:
                raise OutputError("the nt writer failed")
            self.real.graph(name, triples)

        def finish(self) -> None:
            self.real.finish()

    monkeypatch.setitem(npcgraph.writers.WRITERS, "nt", FailingWriter)
    assert failed_export_errors(tmp_path, monkeypatch, capsys) == ["Error: the nt writer failed"]
    assert folder_contents(tmp_path / "out") == before


def test_disk_full_on_the_second_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file system reports ENOSPC when the second file is synced."""
    before = previous_export(tmp_path / "out")
    real_fsync = os.fsync
    calls: list[int] = []

    def filling_fsync(handle: int) -> None:
        calls.append(handle)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", filling_fsync)
    assert failed_export_errors(tmp_path, monkeypatch, capsys) == [
        "Error: cannot write out/npcgraph.nt: No space left on device"
    ]
    assert folder_contents(tmp_path / "out") == before


def test_a_destination_that_is_a_folder_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = previous_export(tmp_path / "out")
    (tmp_path / "out" / "npcgraph.ttl").unlink()
    (tmp_path / "out" / "npcgraph.ttl").mkdir()
    del before["npcgraph.ttl"]
    assert failed_export_errors(tmp_path, monkeypatch, capsys) == [
        "Error: cannot write out/npcgraph.ttl: it is a folder"
    ]
    assert folder_contents(tmp_path / "out") == {**before, "npcgraph.ttl": None}


# --- write_files on its own --------------------------------------------------------------------


@pytest.mark.parametrize("unnamed", [True, False], ids=["o-tmpfile", "named-temporary"])
def test_write_files_replaces_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
) -> None:
    if not unnamed:
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    before = previous_export(tmp_path)
    new = {tmp_path / name: b"new " + data for name, data in before.items()}
    new[tmp_path / "sub" / "fresh.ttl"] = b"fresh\n"
    output.write_files(new)
    assert {path: path.read_bytes() for path in new} == new
    assert sorted(os.listdir(tmp_path)) == sorted([*before, "sub"])
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE(os.stat(tmp_path / "sub" / "fresh.ttl").st_mode)
    assert mode == 0o666 & ~umask, oct(mode)


@pytest.mark.parametrize("unnamed", [True, False], ids=["o-tmpfile", "named-temporary"])
def test_write_files_failing_on_a_rename_removes_its_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
) -> None:
    if not unnamed:
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    before = previous_export(tmp_path)

    def refuse(source: object, destination: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(source))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match=r"^cannot write .*npcgraph\.\w+: Read-only file system$"):
        output.write_files({tmp_path / name: b"new" for name in before})
    assert folder_contents(tmp_path) == before


def test_linking_the_unnamed_file_can_fail_and_a_copy_stands_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "_link", lambda handle, temporary: False)
    output.write_files({tmp_path / "a.ttl": b"a", tmp_path / "b.nt": b"b"})
    assert folder_contents(tmp_path) == {"a.ttl": b"a", "b.nt": b"b"}


def test_temporary_files_of_a_running_export_are_left_alone(tmp_path: Path) -> None:
    alive = tmp_path / f".g.ttl.{os.getppid()}-0123456789ab.part"
    dead_pid = 2**22 + 12345  # above Linux's pid_max: no such process
    dead = tmp_path / f".g.ttl.{dead_pid}-0123456789ab.part"
    other = tmp_path / f".h.ttl.{dead_pid}-0123456789ab.part"
    for path in (alive, dead, other):
        path.write_bytes(b"partial")
    output.write_files({tmp_path / "g.ttl": b"new"})
    assert sorted(os.listdir(tmp_path)) == sorted(["g.ttl", alive.name, other.name])


@pytest.mark.parametrize("unnamed", [True, False], ids=["o-tmpfile", "named-temporary"])
def test_an_error_inside_the_staged_block_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
) -> None:
    if not unnamed:
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    before = previous_export(tmp_path)
    with (
        pytest.raises(KeyboardInterrupt),
        output.staged_streams([tmp_path / name for name in before]) as streams,
    ):
        for stream in streams.values():
            stream.write(b"half of a new file")
        raise KeyboardInterrupt
    assert folder_contents(tmp_path) == before


def test_folders_are_made_only_when_the_files_are_complete(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "g.ttl"
    with pytest.raises(OutputError), output.staged_streams([target]) as streams:
        streams[target].write(b"half")
        raise OutputError("the writer failed")
    assert os.listdir(tmp_path) == []
    output.write_files({target: b"whole\n"})
    assert target.read_bytes() == b"whole\n"
    assert os.listdir(target.parent) == ["g.ttl"]


def test_a_file_where_a_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "out").write_bytes(b"a file")
    with pytest.raises(OutputError, match=r"^cannot write .*out/g\.ttl: .*out is not a folder$"):
        output.write_files({tmp_path / "out" / "g.ttl": b"x"})
    assert (tmp_path / "out").read_bytes() == b"a file"
