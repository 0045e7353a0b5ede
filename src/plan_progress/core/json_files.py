"""Read a JSON file someone handed us, within limits: its size, how deep it nests, and what
its numbers may be.

Python's own parser fails with RecursionError on a few thousand nested brackets and every
later step (jsonschema, copies) recurses too, so the depth is measured once, here, without
recursion, before any other code walks the value. Its numbers fail in two other ways: an
integer of more than 4,300 digits raises ValueError (Python's guard against slow int()), and
`1e999`, `NaN` or `Infinity` become floats that no JSON writer may write back. All of them are
refused here as the file's own fault, with the rule the caller names.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from plan_progress.core.limits import (
    MAX_DESCRIPTOR_BYTES,
    MAX_JSON_DEPTH,
    MAX_JSON_INTEGER_DIGITS,
    mib,
)
from plan_progress.core.paths import not_a_regular_file
from plan_progress.core.problems import InvalidPackage, Problem


class JsonRefused(ValueError):
    """A JSON text this package will not read: `detail` and `detail_ja` say why."""

    def __init__(self, detail: str, detail_ja: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.detail_ja = detail_ja


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_JSON_INTEGER_DIGITS:
        raise JsonRefused(
            f"an integer of {digits} digits (the limit is {MAX_JSON_INTEGER_DIGITS})",
            f"{digits} 桁の整数があります（上限 {MAX_JSON_INTEGER_DIGITS} 桁）",
        )
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonRefused(
            f"a number too large to represent ({text[:20]}…)",
            f"表せないほど大きな数があります（{text[:20]}…）",
        )
    return value


def _constant(name: str) -> Any:
    raise JsonRefused(f"{name} is not a JSON value", f"{name} は JSON の値ではありません")


def loads(text: str) -> Any:
    """`json.loads` for text from outside: raises JsonRefused for a number we will not read,
    json.JSONDecodeError for bad syntax and RecursionError for absurd nesting."""
    return json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=_constant)


def depth(value: Any) -> int:
    """How many objects/arrays deep `value` nests (a scalar is 0), measured iteratively."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        current, level = stack.pop()
        if isinstance(current, dict):
            children: Any = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        level += 1
        deepest = max(deepest, level)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, level) for child in children)
    return deepest


def read_json(path: Path, where: str, syntax_rule: str) -> Any:
    """The parsed file. Raises InvalidPackage with `syntax_rule` when it is not JSON (or holds
    a number we refuse), and with a `limit.*` rule when it is too large or nests too deep."""
    if not_a_regular_file(path):
        raise InvalidPackage([Problem("path.not-a-file", where, params={"path": where})])
    try:
        size = path.stat().st_size
        if size > MAX_DESCRIPTOR_BYTES:
            raise InvalidPackage(
                [
                    Problem(
                        "limit.file-size",
                        where,
                        params={"size": mib(size), "limit": mib(MAX_DESCRIPTOR_BYTES)},
                    )
                ]
            )
        value = loads_or_refuse(path.read_bytes(), where, syntax_rule)
    except OSError as err:
        raise InvalidPackage(
            [Problem(syntax_rule, where, params={"detail": err.strerror or type(err).__name__})]
        ) from None
    return value


def loads_or_refuse(data: bytes, where: str, syntax_rule: str) -> Any:
    """The parsed bytes (UTF-8 JSON), or InvalidPackage naming `where` with `syntax_rule`
    (or `limit.json-nesting`): for JSON held in memory, e.g. a generated JSON-LD file."""
    try:
        value = loads(data.decode("utf-8"))
    except RecursionError:
        raise _too_deep(where) from None
    except UnicodeDecodeError as err:
        detail = {
            "detail": f"not UTF-8 (byte {err.start})",
            "detail_ja": f"UTF-8 ではありません（{err.start} バイト目）",
        }
        raise InvalidPackage([Problem(syntax_rule, where, params=detail)]) from None
    except JsonRefused as err:
        detail = {"detail": err.detail, "detail_ja": err.detail_ja}
        raise InvalidPackage([Problem(syntax_rule, where, params=detail)]) from None
    except json.JSONDecodeError as err:
        at = f"(line {err.lineno}, column {err.colno})"
        detail = {
            "detail": f"JSON syntax: {err.msg} {at}",
            "detail_ja": f"JSON の構文の誤り：{err.msg} {at}",
        }
        raise InvalidPackage([Problem(syntax_rule, where, params=detail)]) from None
    except ValueError as err:  # Python's own int() digit guard, should a caller lift ours
        detail = {
            "detail": f"a number Python will not read ({err})",
            "detail_ja": "読み込めない数があります",
        }
        raise InvalidPackage([Problem(syntax_rule, where, params=detail)]) from None
    if depth(value) > MAX_JSON_DEPTH:
        raise _too_deep(where)
    return value


def _too_deep(where: str) -> InvalidPackage:
    return InvalidPackage([Problem("limit.json-nesting", where, params={"limit": MAX_JSON_DEPTH})])
