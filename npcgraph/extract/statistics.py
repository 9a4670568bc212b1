"""Figures in the Government Work Report: value, unit, indicator, outcome or target, period."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from npcgraph.records import Source, Statistic


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    pattern: re.Pattern[str]
    after_number: bool = False


def _indicator(key: str, label: str, pattern: str, after_number: bool = False) -> Indicator:
    return Indicator(key, label, re.compile(pattern, re.IGNORECASE), after_number)


INDICATORS: tuple[Indicator, ...] = (
    _indicator("gdp", "Gross domestic product", r"gross domestic product(?: \(GDP\))?|\bGDP\b"
               r"|economic growth|\bthe economy\b"),
    _indicator("government-revenue", "Government revenue", r"government revenue"),
    _indicator("urban-jobs", "New urban jobs", r"urban jobs", after_number=True),
    _indicator("urban-disposable-income", "Per capita disposable income of urban residents",
               r"(?:per capita )?disposable income of urban residents"),
    _indicator("rural-net-income", "Per capita net income of rural residents",
               r"(?:per capita )?net income of rural residents"),
    _indicator("cpi", "Consumer price index", r"consumer price index(?: \(CPI\))?|\bCPI\b"),
    _indicator("urban-unemployment-rate", "Registered urban unemployment rate",
               r"(?:registered )?urban unemployment rate"),
    _indicator("foreign-trade", "Total imports and exports", r"imports and exports"),
    _indicator("rural-poverty", "Rural population living in poverty",
               r"rural people living in poverty|rural poor"),
    _indicator("industrial-profits", "Profits of industrial enterprises",
               r"profits of industrial enterprises"),
    _indicator("grain-output", "Grain output", r"grain output"),
    _indicator("service-sector-share", "Value-added of the service sector",
               r"(?:value-added of the )?service sector"),
    _indicator("electricity-consumption", "Electricity consumption", r"electricity consumption"),
    _indicator("freight-volume", "Volume of freight transport",
               r"(?:volume of )?freight(?: transport)?"),
)  # fmt: skip

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twenty": 20, "fifty": 50, "hundred": 100,
}  # fmt: skip
_QUANTITY = re.compile(
    r"(?P<currency>US\$|\$|¥)?"
    r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?|\b(?:" + "|".join(_WORD_NUMBERS) + r")\b)"
    r"(?:\s*(?P<percent>%|percent\b|per cent\b))?"
    r"(?:\s+(?P<scale>trillion|billion|million|thousand)\b)?"
    r"(?:\s+(?P<unit>yuan|metric tons|tons|tonnes|US dollars|dollars)\b)?",
    re.IGNORECASE,
)
_WINDOW = 400
"""Characters either side of a figure that can say what it measures."""
_THRESHOLD_AFTER = re.compile(r"^\s*(?:or more|or above|and above|or over)", re.IGNORECASE)
_FROM_TO = re.compile(r"from\s+$", re.IGNORECASE)
_QUALIFIERS_BEFORE = (
    ("about", re.compile(r"\babout\s*$", re.IGNORECASE)),
    ("around", re.compile(r"\baround\s*$", re.IGNORECASE)),
    ("at most", re.compile(r"\b(?:not (?:rise )?above|from rising above|not exceed|below|under"
                           r"|at most)\s*$", re.IGNORECASE)),
    ("more than", re.compile(r"(?<!not )(?<!rise )(?<!rising )"
                             r"\b(?:exceeded|more than|over|above)\s*$", re.IGNORECASE)),
    ("annual average", re.compile(r"\ban annual average of\s*$", re.IGNORECASE)),
)  # fmt: skip
_QUALIFIERS_AFTER = (
    ("in real terms", re.compile(r"^\s*in real terms", re.IGNORECASE)),
    ("annual average", re.compile(r"^\s*a year\b", re.IGNORECASE)),
)
_SENTENCE_QUALIFIERS = (("in real terms", re.compile(r"^\s*in real terms,", re.IGNORECASE)),)
_DECREASE = re.compile(r"\b(?:reduced|fell|decreased|declined|dropped|cut)\b[^.]*$", re.IGNORECASE)
_CHANGE = re.compile(
    r"\b(?:rose|rise|increase|increased|increasing|grew|growth|up|reduced|fell|decreased|"
    r"declined|dropped|by)\b",
    re.IGNORECASE,
)
_SHARE = re.compile(r"^\s*of (?:GDP|the total)|accounted for\s*$", re.IGNORECASE)
_ORDINAL_CONTEXT = re.compile(r"^\s*(?:st|nd|rd|th)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ListContext:
    """What the paragraph before a bullet list says about it."""

    kind: str
    period: str | None


def list_context(intro: str | None, year: int | None) -> ListContext | None:
    """Outcomes of the past year(s), targets for the coming year, or None for other lists."""
    text = (intro or "").lower()
    if re.search(r"\brequire|\bguideline|\btasks\b", text):
        return None
    if re.search(r"\btargets?\b|coming year|year ahead|next year|this year", text):
        return ListContext("Target", str(year) if year else None)
    span = re.search(r"(?:past|previous|last) (\w+) years", text)
    if span and year:
        spans = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
        length = spans.get(span.group(1)) or (int(span.group(1)) if span.group(1).isdigit() else 0)
        if length:
            return ListContext("Outcome", f"{year - length}/{year - 1}")
    if re.search(r"(?:past|previous|last) year|year before", text):
        return ListContext("Outcome", str(year - 1) if year else None)
    return ListContext("Outcome", None)


def read_statistics(text: str, context: ListContext, source: Source) -> list[Statistic]:
    """Every figure in one bullet that has an indicator it can be tied to."""
    found: list[Statistic] = []
    for sentence in _sentences(text):
        skip_until = -1
        for match in _QUANTITY.finditer(sentence):
            if match.start() < skip_until or not match.group("number"):
                continue
            if not _is_figure(match, sentence):
                continue
            # A bounded window keeps a long sentence linear (an indicator is named close by).
            before = sentence[max(0, match.start() - _WINDOW) : match.start()]
            after = sentence[match.end() : match.end() + _WINDOW]
            if _THRESHOLD_AFTER.match(after):
                continue
            indicator, indicator_text = _indicator_for(before, after)
            if indicator is None:
                continue
            start_value = None
            value = _number(match)
            unit = _unit(match)
            to = re.match(r"^\s*to\s+", after)
            if _FROM_TO.search(before) and to:
                second = _QUANTITY.match(after, to.end())
                if second is not None and second.group("number"):
                    start_value, value = value, _number(second)
                    unit = _unit(second) or unit
                    skip_until = match.end() + second.end()
            measure = _measure(match, before, after, indicator)
            if measure == "Change" and _DECREASE.search(before[-40:]):
                value = -value
            qualifiers = _qualifiers(before, after, sentence)
            found.append(
                Statistic(
                    indicator=indicator.key,
                    indicator_label=indicator.label,
                    indicator_text=indicator_text,
                    value=value,
                    unit=unit,
                    measure=measure,
                    kind=context.kind,
                    period=context.period,
                    qualifiers=qualifiers,
                    start_value=start_value,
                    text=text,
                    source=source,
                )
            )
    return found


def _qualifiers(before: str, after: str, sentence: str) -> tuple[str, ...]:
    """`about`, `at most`, ... (the first that fits), then `in real terms`, `annual average`."""
    found = [next((name for name, pattern in _QUALIFIERS_BEFORE if pattern.search(before)), None)]
    found += [name for name, pattern in _QUALIFIERS_AFTER if pattern.match(after)]
    found += [name for name, pattern in _SENTENCE_QUALIFIERS if pattern.match(sentence)]
    return tuple(dict.fromkeys(name for name in found if name))


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.;])\s+(?=[A-Z])", text)


def _is_figure(match: re.Match[str], sentence: str) -> bool:
    number = match.group("number")
    if _ORDINAL_CONTEXT.match(sentence[match.end() :]):
        return False
    has_unit = any(match.group(name) for name in ("currency", "percent", "scale", "unit"))
    if re.fullmatch(r"(?:19|20)\d\d", number) and not has_unit:
        return False
    return has_unit


def _indicator_for(before: str, after: str) -> tuple[Indicator | None, str]:
    for indicator in INDICATORS:
        if indicator.after_number:
            following = re.match(rf"^\s*(?:more\s+)?(?:new\s+)?({indicator.pattern.pattern})",
                                 after, re.IGNORECASE)  # fmt: skip
            if following is not None:
                return indicator, following.group(1)
    best: tuple[int, Indicator, str] | None = None
    for indicator in INDICATORS:
        for found in indicator.pattern.finditer(before):
            if best is None or found.end() > best[0]:
                best = (found.end(), indicator, found.group(0))
    if best is None:
        return None, ""
    return best[1], best[2]


def _number(match: re.Match[str]) -> Decimal:
    raw = match.group("number").lower()
    if raw in _WORD_NUMBERS:
        return Decimal(_WORD_NUMBERS[raw])
    return Decimal(raw.replace(",", ""))


def _unit(match: re.Match[str]) -> str:
    if match.group("percent"):
        return "percent"
    words = [match.group("scale"), match.group("unit")]
    if match.group("currency") in {"US$", "$"} and not match.group("unit"):
        words.append("US dollars")
    elif match.group("currency") == "¥" and not match.group("unit"):
        words.append("yuan")
    return " ".join(word if word.startswith("US") else word.lower() for word in words if word)


def _measure(match: re.Match[str], before: str, after: str, indicator: Indicator) -> str:
    if not match.group("percent"):
        return "Change" if _DECREASE.search(before[-40:]) else "Level"
    if _SHARE.search(after) or _SHARE.search(before[-20:]):
        return "Share"
    if indicator.key.endswith("-rate"):
        return "Level"
    return "Change" if _CHANGE.search(before[-60:]) or indicator.key == "cpi" else "Level"
