"""Reading an input file's bytes as text: encodings, byte-order marks, line endings, limits."""

from __future__ import annotations

import codecs
from pathlib import Path

from npcgraph.errors import InputError, Location

MAX_BYTES = 16 * 1024 * 1024
"""Articles are a few kilobytes; anything past this is not an article."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_text(path: Path) -> str:
    """The file's text with `\\n` line endings, or an InputError saying why it cannot be read."""
    where = Location(str(path))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                where, f"file is {size:,} bytes; an article is at most {MAX_BYTES:,} bytes"
            )
        data = path.read_bytes()
    except InputError:
        raise
    except IsADirectoryError:
        raise InputError(where, "is a folder, expected an article file") from None
    except FileNotFoundError:
        raise InputError(where, "no such file") from None
    except PermissionError:
        raise InputError(where, "cannot be read: permission denied") from None
    except OSError as err:
        raise InputError(where, f"cannot be read: {err.strerror or err}") from None
    return decode(data, str(path))


def decode(data: bytes, path: str) -> str:
    """Decode an article's bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, or GB18030."""
    where = Location(path)
    if not data.strip():
        raise InputError(where, "file is empty; expected an article starting with '= Title ='")
    encoding = _encoding_from_bom(data)
    if encoding is not None:
        text = _decode_as(data, encoding, path)
    elif _looks_like_utf16(data):
        encoding = "utf-16-le" if data[1] == 0 else "utf-16-be"
        text = _decode_as(data, encoding, path)
    else:
        if b"\x00" in data:
            raise InputError(where, "binary file (NUL bytes); expected a UTF-8 text article")
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
            f"not UTF-8 text (byte {utf8_error.start}) and no other encoding fits; "
            "save the article as UTF-8",
        ) from None
    han = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
    strange = sum(1 for char in text if not char.isprintable() and char not in "\n\r\t")
    if han == 0 or strange:
        raise InputError(
            Location(path, line),
            f"not UTF-8 text (byte {utf8_error.start}); the encoding cannot be detected for "
            "sure: save the article as UTF-8",
        )
    return text


def _reject_control_characters(text: str, path: str) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        for column, char in enumerate(line, start=1):
            if ord(char) < 32 and char != "\t":
                raise InputError(
                    Location(path, number, column),
                    f"control character U+{ord(char):04X}; expected text (is this a binary file?)",
                )
