"""Read a JSON file someone handed us, within limits: its size, and how deep it nests.

Python's own parser fails with RecursionError on a few thousand nested brackets and every
later step (jsonschema, copies) recurses too, so the depth is measured once, here, without
recursion, before any other code walks the value.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from plan_progress.core.limits import MAX_DESCRIPTOR_BYTES, MAX_JSON_DEPTH, mib
from plan_progress.core.paths import not_a_regular_file
from plan_progress.core.problems import InvalidPackage, Problem


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
    """The parsed file. Raises InvalidPackage with `syntax_rule` when it is not JSON, and
    with a `limit.*` rule when it is too large or nests too deep."""
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
        text = path.read_bytes().decode("utf-8")
        value = json.loads(text)
    except RecursionError:
        value = None
        too_deep = True
    except UnicodeDecodeError as err:
        raise InvalidPackage(
            [Problem(syntax_rule, where, params={"detail": f"not UTF-8 (byte {err.start})"})]
        ) from None
    except json.JSONDecodeError as err:
        detail = f"JSON syntax: {err.msg} (line {err.lineno}, column {err.colno})"
        raise InvalidPackage([Problem(syntax_rule, where, params={"detail": detail})]) from None
    except OSError as err:
        raise InvalidPackage(
            [Problem(syntax_rule, where, params={"detail": err.strerror or type(err).__name__})]
        ) from None
    else:
        too_deep = depth(value) > MAX_JSON_DEPTH
    if too_deep:
        raise InvalidPackage(
            [Problem("limit.json-nesting", where, params={"limit": MAX_JSON_DEPTH})]
        )
    return value
