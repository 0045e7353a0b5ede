"""全国地方公共団体コード: the six-digit local government code and its check digit."""

from __future__ import annotations

import re

_SIX_DIGITS = re.compile(r"[0-9]{6}")


def check_digit(first_five: str) -> int:
    """The check digit defined by the Ministry of Internal Affairs (総務省) for a 5-digit code.

    Weights 6,5,4,3,2 over the digits; the check digit is the last digit of
    11 minus the remainder of the sum by 11 (so remainder 0 gives 1, remainder 1 gives 0:
    札幌市中央区 011011, 渋谷区 131130).
    """
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def is_valid(code: str) -> bool:
    """True when `code` is six ASCII digits whose last is the check digit of the first five."""
    return bool(_SIX_DIGITS.fullmatch(code)) and int(code[5]) == check_digit(code[:5])
