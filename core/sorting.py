"""Natural order for names with numbers in them: 1栋, 2栋 ... 10栋; 第一组, 第二组 ... 第十组.

Sorting by code point puts 10栋 before 2栋 and 三 before 二 (一 U+4E00, 三 U+4E09, 二 U+4E8C).
Here a run of Arabic digits or of Chinese numerals (一二三 ... 十百千, 零〇, 两) counts as its
number. `natural_key` sorts lists in Python; `sort_key` is the same order as a string of ASCII
digits and letters, stored in a column for paginated lists, where it sorts alike under any
database collation (SQLite's binary one, PostgreSQL's C or a locale's).
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = re.compile(r"[0-9]+|[零〇一二两三四五六七八九十百千]+")


def chinese_number(text: str) -> int:
    """一 1, 十 10, 十二 12, 二十 20, 一百零五 105, 二〇二四 2024 (digit by digit without units)."""
    if not any(ch in _UNITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    total, digit = 0, None
    for ch in text:
        if ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            digit = _DIGITS[ch]
    return total + (digit or 0)


def _parts(text: str) -> list[tuple[int, int | str]]:
    parts: list[tuple[int, int | str]] = []
    position = 0
    for match in _NUMBER.finditer(text):
        if match.start() > position:
            parts.append((1, text[position : match.start()]))
        run = match.group()
        parts.append((0, int(run) if run.isascii() else chinese_number(run)))
        position = match.end()
    if position < len(text):
        parts.append((1, text[position:]))
    return parts


def natural_key(text: str | None) -> tuple:
    """A sort key: numbers by value, before text at the same place; text by code point."""
    return tuple(_parts(text or ""))


def sort_key(text: str | None, *, length: int = 255) -> str:
    """`natural_key` as a string of [0-9g-v] whose plain string order is the natural order.

    A number is its digit count then its digits (1 -> "11", 10 -> "210"), so it sorts by value;
    a character is five letters g-v spelling its code point in base 16, so text sorts by code
    point and after any number. Digits sort before letters in every collation, and no
    collation reorders a string of lower-case letters and digits only.
    """
    out: list[str] = []
    for kind, value in _parts(text or ""):
        if kind == 0:
            digits = str(value)
            # More than 9 digits (a phone number in an address) keeps its order with a two-digit count.
            out.append(f"{len(digits)}{digits}" if len(digits) < 9 else f"9{len(digits):02d}{digits}")
        else:
            out.extend(_letters(min(ord(ch), 0xFFFFF)) for ch in str(value))
    return "".join(out)[:length]


def _letters(code: int) -> str:
    return "".join(chr(ord("g") + int(d, 16)) for d in f"{code:05x}")
