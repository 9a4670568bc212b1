"""Streaming outputs: written under hidden temporary names, renamed into place only at the end."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from npcgraph.errors import OutputError
from npcgraph.output import _remove_abandoned, temporary_name


@contextlib.contextmanager
def staged_files(paths: list[Path]) -> Iterator[dict[Path, BinaryIO]]:
    """Streams for `paths`; when the block ends without an error every file is synced and
    renamed over its destination; on any error (or Ctrl-C) no destination changes and the
    temporary files are removed."""
    streams: dict[Path, BinaryIO] = {}
    temporaries: dict[Path, Path] = {}
    try:
        try:
            for path in paths:
                if path.is_dir():
                    raise OutputError(f"cannot write {path}: it is a folder")
                folder = path.parent if str(path.parent) else Path(".")
                folder.mkdir(parents=True, exist_ok=True)
                _remove_abandoned(folder, path.name)
                temporaries[path] = temporary_name(path)
                streams[path] = open(temporaries[path], "xb")  # noqa: SIM115 - closed below
        except (FileExistsError, NotADirectoryError) as error:
            raise OutputError(f"cannot write {error.filename}: a parent is not a folder") from None
        yield streams
        for path, stream in streams.items():
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
        for path, temporary in temporaries.items():
            os.replace(temporary, path)
    except OSError as error:
        raise OutputError(f"cannot write {error.filename or ''}: {error.strerror or error}") from None
    finally:
        for stream in streams.values():
            stream.close()
        for temporary in temporaries.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
