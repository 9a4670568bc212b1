"""Name keys for comparing a graph's romanised names with Wikidata labels, via pypinyin."""

from __future__ import annotations

import itertools
import re
import unicodedata

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MAX_READINGS = 64


def has_cjk(text: str) -> bool:
    """True when the text holds Chinese characters."""
    return bool(_CJK.search(text))


def name_key(name: str) -> str:
    """Lower-case ASCII letters only: "Lǚ Xiao-ming" -> "luxiaoming"."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha()).lower()
    return letters.replace("lyu", "lu").replace("nyu", "nu")


def pinyin_keys(chinese: str) -> frozenset[str]:
    """Every toneless pinyin reading of a Chinese name as a `name_key` (heteronyms included)."""
    from pypinyin import Style, pinyin

    readings = pinyin(chinese, style=Style.NORMAL, heteronym=True, errors="ignore")
    choices = [sorted({reading.replace("v", "u") for reading in options}) for options in readings]
    keys: set[str] = set()
    for combination in itertools.islice(itertools.product(*choices), _MAX_READINGS):
        keys.add(name_key("".join(combination)))
    keys.discard("")
    return frozenset(keys)


def pinyin_matches(name: str, chinese: str) -> bool:
    """True when some pinyin reading of `chinese` spells `name` (ignoring tones, case, spaces)."""
    key = name_key(name)
    return bool(key) and key in pinyin_keys(chinese)
