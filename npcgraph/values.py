"""Reading the values written in cells and infobox fields: counts, rates, ordinals, dates."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

MAX_COUNT = 100_000
"""No legislature votes with more members than this; a larger count is a typo."""

MAX_ORDINAL = 99_999
"""Real congresses and sessions are counted in tens (synthetic benchmark corpora go into the
thousands); anything past this is a typo."""

_COUNT = re.compile(r"^\d{1,3}(?:[,\u00a0 ]\d{3})+$|^\d+$")
_RATE = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?:%|percent)?$")
_ORDINAL = re.compile(r"^(?P<number>\d+)\s*(?:st|nd|rd|th)?\.?$", re.IGNORECASE)
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15,
}  # fmt: skip
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_DAY_MONTH = re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?,?(?:\s+(?P<year>\d{4}))?$")
_MONTH_DAY = re.compile(r"^(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2}),?(?:\s+(?P<year>\d{4}))?$")
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")


class ValueProblem(ValueError):
    """A value that cannot be read; the message says what was expected."""


def parse_count(text: str) -> int | None:
    """`2,812` or `2908` as an int; empty gives None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if cleaned.startswith("-") and _COUNT.match(cleaned[1:].strip()):
        raise ValueProblem(f"negative count {cleaned!r}; expected a whole number >= 0")
    if not _COUNT.match(cleaned):
        raise ValueProblem(f"expected a vote count such as 2,812, found {cleaned!r}")
    value = int(re.sub(r"[,\u00a0 ]", "", cleaned))
    if value > MAX_COUNT:
        raise ValueProblem(f"count {cleaned} is larger than any legislature ({MAX_COUNT:,})")
    return value


def is_count(text: str) -> bool:
    try:
        return parse_count(text) is not None
    except ValueProblem:
        return False


def parse_rate(text: str) -> Decimal | None:
    """`99.22%` as Decimal('99.22'), exactly as printed; empty gives None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    match = _RATE.match(cleaned)
    if match is None:
        raise ValueProblem(f"expected a rate such as 99.22%, found {cleaned!r}")
    try:
        value = Decimal(match.group("number"))
    except InvalidOperation:
        raise ValueProblem(f"expected a rate such as 99.22%, found {cleaned!r}") from None
    if value > 100:
        raise ValueProblem(f"rate {cleaned} is above 100%")
    return value


def parse_ordinal(text: str) -> int | None:
    """`5th`, `4rd` (a typo, still 4), `Fifth` or `5` as an int; None for anything else,
    including 0 and numbers past MAX_ORDINAL."""
    cleaned = text.strip()
    match = _ORDINAL.match(cleaned)
    if match is not None:
        digits = match.group("number").lstrip("0")
        if not digits or len(digits) > len(str(MAX_ORDINAL)):
            return None
        return int(digits)
    return _ORDINAL_WORDS.get(cleaned.lower())


def ordinal_suffix_ok(text: str) -> bool:
    """False for a typo such as `4rd`."""
    match = re.match(r"^(\d+)\s*(st|nd|rd|th)$", text.strip(), re.IGNORECASE)
    if match is None:
        return True
    number, suffix = int(match.group(1)), match.group(2).lower()
    if 10 <= number % 100 <= 20:
        return suffix == "th"
    return suffix == {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def parse_year(text: str) -> int | None:
    match = re.match(r"^\s*(\d{4})\s*$", text)
    return int(match.group(1)) if match else None


def parse_date(text: str, default_year: int | None) -> dt.date | None:
    """`14 March 2013`, `March 14, 2013`, `2013-03-14`, or `5 March` in `default_year`."""
    cleaned = text.strip()
    if not cleaned:
        return None
    iso = _ISO.match(cleaned)
    if iso is not None:
        return _make_date(int(iso["year"]), int(iso["month"]), int(iso["day"]), cleaned)
    match = _DAY_MONTH.match(cleaned) or _MONTH_DAY.match(cleaned)
    if match is None or match["month"].lower() not in _MONTHS:
        raise ValueProblem(f"expected a date such as '14 March 2013', found {cleaned!r}")
    year = int(match["year"]) if match["year"] else default_year
    if year is None:
        raise ValueProblem(f"date {cleaned!r} has no year and the infobox gives no Year")
    return _make_date(year, _MONTHS[match["month"].lower()], int(match["day"]), cleaned)


def _make_date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(f"{text!r} is not a calendar date") from None
