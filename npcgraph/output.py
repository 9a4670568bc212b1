"""Writing outputs so that an interrupted run leaves the previous files intact.

Every output is written, and synced, to a file with no name (Linux `O_TMPFILE`), so a run that
is killed while it writes leaves nothing behind; only at the end is each file given a hidden
temporary name and at once renamed over its destination. Where the system has no unnamed files,
a hidden temporary file beside the destination stands in. Temporary files are removed on any
error, and the next run removes those of a run that was killed (SIGKILL, power loss).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from npcgraph.errors import OutputError

_AT_FDCWD = -100
_AT_SYMLINK_FOLLOW = 0x400
_COPY_CHUNK = 1 << 20
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{12}\.part$")
"""Temporary names: `.<name>.<process id>-<random>.part`, beside the destination."""


@dataclass
class _Staged:
    path: Path
    stream: BinaryIO
    temporary: Path | None
    """The file's temporary name; None while it has none (an unnamed file)."""


def write_files(contents: dict[Path, bytes]) -> None:
    """Write every file completely, then rename each into place (see `staged_streams`)."""
    with staged_streams(list(contents)) as streams:
        for path, data in contents.items():
            streams[path].write(data)


@contextlib.contextmanager
def staged_streams(paths: list[Path]) -> Iterator[dict[Path, BinaryIO]]:
    """Binary streams for `paths`. When the block ends without an error each file is synced and
    renamed over its destination; on any error (or Ctrl-C, or SIGKILL) no destination changes
    and no temporary file is left behind."""
    staged: list[_Staged] = []
    current: Path | None = None
    try:
        try:
            for path in paths:
                current = path
                staged.append(_open(path))
            yield {item.path: item.stream for item in staged}
            for item in staged:
                current = item.path
                item.stream.flush()
                os.fsync(item.stream.fileno())
            for item in staged:
                current = item.path
                item.path.parent.mkdir(parents=True, exist_ok=True)
                if item.temporary is None:
                    item.temporary = _give_name(item)
                os.replace(item.temporary, item.path)
                item.temporary = None
        except OSError as error:
            named = str(error.filename or "")
            where = current if not named or named.endswith(".part") else named
            raise OutputError(f"cannot write {where}: {error.strerror or error}") from None
    finally:
        for item in staged:
            with contextlib.suppress(OSError):
                item.stream.close()
            if item.temporary is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(item.temporary)


def temporary_name(path: Path) -> Path:
    """A fresh hidden name beside `path` for its content while it is being written."""
    return path.parent / f".{path.name}.{os.getpid()}-{secrets.token_hex(6)}.part"


def _open(path: Path) -> _Staged:
    """A stream for `path`, in the nearest folder that exists: folders are made at the end."""
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    folder = path.parent if str(path.parent) else Path(".")
    existing = _existing_ancestor(folder)
    if not existing.is_dir():
        raise OutputError(f"cannot write {path}: {existing} is not a folder")
    _remove_abandoned(folder, path.name)
    handle = _open_unnamed(existing)
    temporary = None
    if handle is None:
        temporary = existing / temporary_name(path).name
        handle = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
    return _Staged(path, os.fdopen(handle, "w+b"), temporary)


def _existing_ancestor(folder: Path) -> Path:
    """The folder itself or its nearest ancestor that exists (on the same file system as the
    folder will be, since a folder that does not exist yet cannot be a mount point)."""
    while not folder.exists() and not folder.is_symlink() and folder != folder.parent:
        folder = folder.parent
    return folder


def _open_unnamed(folder: Path) -> int | None:
    """A descriptor of a new file with no name in `folder`, or None where there is none."""
    unnamed = getattr(os, "O_TMPFILE", 0)
    if not unnamed:
        return None
    try:
        return os.open(folder, unnamed | os.O_RDWR, 0o666)
    except OSError:
        return None  # a file system without unnamed files: a named temporary stands in


def _give_name(item: _Staged) -> Path:
    """The unnamed file under a temporary name: linked, or else copied."""
    temporary = temporary_name(item.path)
    if _link(item.stream.fileno(), temporary):
        return temporary
    fresh = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        offset = 0
        while chunk := os.pread(item.stream.fileno(), _COPY_CHUNK, offset):
            offset += len(chunk)
            view = memoryview(chunk)
            while view:
                view = view[os.write(fresh, view) :]
        os.fsync(fresh)
    except OSError:
        os.unlink(temporary)
        raise
    finally:
        os.close(fresh)
    return temporary


def _link(handle: int, temporary: Path) -> bool:
    """Give an unnamed file a name (linkat with AT_SYMLINK_FOLLOW, which os.link cannot do)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        result = libc.linkat(
            _AT_FDCWD,
            f"/proc/self/fd/{handle}".encode(),
            _AT_FDCWD,
            os.fsencode(temporary),
            _AT_SYMLINK_FOLLOW,
        )
    except (OSError, AttributeError):
        return False
    return result == 0


def _remove_abandoned(folder: Path, name: str) -> None:
    """Remove temporary files for `name` left by runs that were killed while writing."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = _TEMPORARY.match(entry.name)
            if match is None or match["name"] != name or _is_running(int(match["pid"])):
                continue
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # someone else's process
    return True
