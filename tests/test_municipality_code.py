"""The check digit of 全国地方公共団体コード, on codes from the official list."""

from __future__ import annotations

import pytest

from plan_progress.core.municipality_code import check_digit, is_valid


@pytest.mark.parametrize(
    "code",
    ["092169", "011011", "131130", "130001", "131016", "271004", "010006"],
    # 下野市, 札幌市中央区 (remainder 0), 渋谷区 (remainder 1), 東京都, 千代田区, 大阪市, 北海道
)
def test_official_codes_are_valid(code: str) -> None:
    assert is_valid(code)
    assert check_digit(code[:5]) == int(code[5])


@pytest.mark.parametrize("code", ["092168", "09216", "0921690", "０９２１６９", "09216a", ""])
def test_wrong_or_malformed_codes_are_invalid(code: str) -> None:
    assert not is_valid(code)
