"""Writing outputs so that an interrupted run leaves the previous files intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from npcgraph.errors import OutputError


def write_files(contents: dict[Path, bytes]) -> None:
    """Write every file to a temporary name beside it, then rename each into place."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in contents.items():
            folder = path.parent if str(path.parent) else Path(".")
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
            staged.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        for temporary, path in staged:
            os.replace(temporary, path)
    except OSError as error:
        raise OutputError(f"cannot write {error.filename or path}: {error.strerror}") from None
    finally:
        for temporary, _ in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
