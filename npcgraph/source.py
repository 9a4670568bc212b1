"""Reading an input file's bytes as text: encodings, byte-order marks, line endings, limits."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from npcgraph.errors import InputError, Location

MAX_BYTES = 2 * 1024 * 1024
"""Articles are a few kilobytes; anything past this is not an article (and a crafted one this
large still reads in seconds)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""Control characters other than tab and newline (line endings are `\\n` by then)."""
_HAN_NEXT_TO_LATIN = re.compile(r"[A-Za-z][\u3400-\u9fff]|[\u3400-\u9fff][A-Za-z]")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_text(path: Path) -> str:
    """The file's text with `\\n` line endings, or an InputError saying why it cannot be read."""
    return decode(read_bytes(path), str(path))


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, refused unread when larger than `limit` (never more is read)."""
    where = Location(str(path))
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise InputError(where, "is a folder, expected an article file") from None
    except FileNotFoundError:
        reason = "broken symbolic link" if os.path.islink(path) else "no such file"
        raise InputError(where, reason) from None
    except PermissionError:
        raise InputError(where, "cannot be read: permission denied") from None
    except OSError as err:
        raise InputError(where, f"cannot be read: {err.strerror or err}") from None
    try:
        return _read_regular(handle, where, limit)
    finally:
        os.close(handle)


def _read_regular(handle: int, where: Location, limit: int) -> bytes:
    try:
        status = os.fstat(handle)
        if stat.S_ISDIR(status.st_mode):
            raise InputError(where, "is a folder, expected an article file")
        if not stat.S_ISREG(status.st_mode):
            raise InputError(where, "is not a regular file (a pipe or device); expected an article")
        if status.st_size > limit:
            raise InputError(
                where, f"file is {status.st_size:,} bytes; an article is at most {limit:,} bytes"
            )
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(handle, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise InputError(where, f"file grew past {limit:,} bytes while being read")
    except OSError as err:
        raise InputError(where, f"cannot be read: {err.strerror or err}") from None
    return b"".join(chunks)


def decode(data: bytes, path: str) -> str:
    """Decode an article's bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, or GB18030."""
    if not data.strip():
        raise InputError(
            Location(path, 1), "file is empty; expected an article starting with '= Title ='"
        )
    encoding = _encoding_from_bom(data)
    if encoding is not None:
        text = _decode_as(data, encoding, path)
    elif _looks_like_utf16(data):
        encoding = "utf-16-le" if data[1] == 0 else "utf-16-be"
        text = _decode_as(data, encoding, path)
    else:
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise InputError(
                Location(path, line),
                "binary file (NUL bytes); expected a UTF-8 text article "
                "(or UTF-16 with a byte-order mark)",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            text = _decode_legacy_chinese(data, path, err)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    _reject_control_characters(text, path)
    return text


def _encoding_from_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: mostly ASCII text with every other byte zero."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return False
    even_zero = sample[0::2].count(0) / (len(sample) // 2)
    odd_zero = sample[1::2].count(0) / (len(sample) // 2)
    return max(even_zero, odd_zero) > 0.6 and min(even_zero, odd_zero) < 0.05


def _decode_as(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            Location(path, line), f"not valid {encoding.upper()} text at byte {err.start}"
        ) from None


def _decode_legacy_chinese(data: bytes, path: str, utf8_error: UnicodeDecodeError) -> str:
    """GBK/GB18030 text is accepted only when it decodes cleanly and holds Chinese characters."""
    line = data[: utf8_error.start].count(b"\n") + 1
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(
            Location(path, line),
            f"not UTF-8 text (byte {utf8_error.start}) and no other encoding fits (a binary "
            "file?); expected an article saved as UTF-8",
        ) from None
    han = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
    strange = sum(1 for char in text if not char.isprintable() and char not in "\n\r\t")
    # Latin-1 or Windows-1252 text also decodes as GB18030 more often than not, but then
    # every accented letter becomes a Han character glued to the Latin letters around it.
    if han == 0 or strange or _HAN_NEXT_TO_LATIN.search(text):
        raise InputError(
            Location(path, line),
            f"not UTF-8 text (byte {utf8_error.start}); the encoding cannot be detected for "
            "sure: save the article as UTF-8",
        )
    return text


def _reject_control_characters(text: str, path: str) -> None:
    found = _CONTROL.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    raise InputError(
        Location(path, line, column),
        f"control character U+{ord(found.group()):04X}; expected text (is this a binary file?)",
    )
