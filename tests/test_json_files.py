"""core/json_files.py: JSON from outside is refused as the file's fault, never as a crash of
ours — numbers Python will not read (issue 24, class 10), numbers no JSON writer may write
back, nesting deeper than the limit, bad syntax and bad bytes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from plan_progress.core.json_files import loads, loads_or_refuse, read_json
from plan_progress.core.limits import MAX_JSON_DEPTH, MAX_JSON_INTEGER_DIGITS
from plan_progress.core.problems import InvalidPackage


def _refused(data: bytes) -> tuple[str, dict]:
    with pytest.raises(InvalidPackage) as caught:
        loads_or_refuse(data, "datapackage.json", "package.descriptor")
    (problem,) = caught.value.problems
    assert problem.file == "datapackage.json"
    return problem.rule, problem.params


@pytest.mark.parametrize(
    "text, said",
    [
        ('{"x": ' + "9" * 5001 + "}", "5001 digits"),
        ('{"x": -' + "9" * 5001 + "}", "5001 digits"),
        (
            '{"x": ' + "9" * (MAX_JSON_INTEGER_DIGITS + 1) + "}",
            f"{MAX_JSON_INTEGER_DIGITS + 1} digits",
        ),
        ('{"x": 1e999999}', "too large"),
        ('{"x": -1e400}', "too large"),
        ('{"x": ' + "9" * 5001 + ".5}", "too large"),
        ('{"x": NaN}', "NaN is not a JSON value"),
        ('{"x": -Infinity}', "-Infinity is not a JSON value"),
        ('{"x": 1', "JSON syntax"),
        ("\ufeff{}", "JSON syntax"),
    ],
)
def test_numbers_and_syntax_python_would_choke_on_are_the_files_fault(text: str, said: str) -> None:
    rule, params = _refused(text.encode("utf-8"))
    assert rule == "package.descriptor"
    assert said in params["detail"] and params["detail_ja"], params


def test_python_s_own_digit_limit_is_never_reached() -> None:
    assert sys.get_int_max_str_digits() > MAX_JSON_INTEGER_DIGITS
    assert loads("9" * MAX_JSON_INTEGER_DIGITS) == int("9" * MAX_JSON_INTEGER_DIGITS)
    assert loads('[1.5, -2, 0, 1e300, "x"]') == [1.5, -2, 0, 1e300, "x"]


@pytest.mark.parametrize("levels", [MAX_JSON_DEPTH + 1, 5_000, 100_000])
def test_deep_nesting_is_a_limit_not_a_recursion_error(levels: int) -> None:
    rule, params = _refused(b"[" * levels + b"]" * levels)
    assert (rule, params["limit"]) == ("limit.json-nesting", MAX_JSON_DEPTH)


def test_bytes_that_are_not_utf8() -> None:
    rule, params = _refused(b'{"x": "\xff"}')
    assert rule == "package.descriptor" and "not UTF-8 (byte 7)" in params["detail"]


def test_read_json_names_the_file_and_refuses_a_directory(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_text('{"n": ' + "1" * 5001 + "}", encoding="utf-8")
    with pytest.raises(InvalidPackage) as caught:
        read_json(path, "profiles/p.json", "profile.invalid")
    assert [(p.rule, p.file) for p in caught.value.problems] == [
        ("profile.invalid", "profiles/p.json")
    ]
    with pytest.raises(InvalidPackage) as caught:
        read_json(tmp_path, "profiles", "profile.invalid")
    assert caught.value.problems[0].rule == "path.not-a-file"
