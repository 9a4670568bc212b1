"""Names and slugs: persons as written, Chinese forms, and the ASCII slugs used in IRIs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CHINESE_IN_BRACKETS = re.compile(r"^(?P<name>.*?)\s*[(（](?P<chinese>[^)）]*)[)）]\s*$")
_HAN = re.compile(r"[\u3400-\u9fff]")


def split_name(text: str) -> tuple[str, str | None]:
    """`Hu Jintao (胡锦涛)` -> ('Hu Jintao', '胡锦涛'); a name in Chinese only gets its pinyin."""
    cleaned = " ".join(text.split())
    match = _CHINESE_IN_BRACKETS.match(cleaned)
    if match is not None and _HAN.search(match.group("chinese")):
        return match.group("name"), match.group("chinese").strip()
    if _HAN.search(cleaned) and not re.search(r"[A-Za-z]", cleaned):
        return pinyin_name(cleaned), cleaned
    return cleaned, None


def pinyin_name(chinese: str) -> str:
    """`周强` -> `Zhou Qiang`: surname, then the given name as one word."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(chinese, style=Style.NORMAL)
    if len(syllables) < 2:
        return "".join(syllables).capitalize()
    surname, given = syllables[0], "".join(syllables[1:])
    return f"{surname.capitalize()} {given.capitalize()}"


@lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """Lower-case ASCII words joined by `-`: `People's Republic` -> `peoples-republic`."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"['’`]", "", ascii_text)
    words = re.findall(r"[a-z0-9]+", ascii_text)
    if words:
        return "-".join(words)
    if _HAN.search(text):
        return slug(pinyin_name(text))
    return "x" + "".join(f"{ord(char):x}" for char in text.strip())[:40]
