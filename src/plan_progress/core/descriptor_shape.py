"""The shape of `datapackage.json` that the tools read, checked before any other code does.

Frictionless and the rest of the code index the descriptor freely (`resource["schema"]
["fields"]`); a descriptor of another shape (`{"resources": 5}`, `"planProgress": "x"`, a
resource without `path`) must end in a rule id, not a traceback. This JSON Schema says only
what the code relies on; whether the Table Schemas are the standard's is checked later
(`checks.conformance`). It also keeps frictionless from ever fetching: a Table Schema or
dialect must be written inline (not a URL or a file path), `$ref` is refused anywhere, and a
`$schema`/`profile` must be one of the standard profiles frictionless knows without a network.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from plan_progress.core.problems import Problem

# The standard's own profile ids: frictionless resolves these without a request. Any other
# value would be fetched from wherever it points.
_PROFILE_NAMES = ("datapackage", "dataresource", "tabledialect", "tableschema")
_STANDARD_URLS = tuple(
    f"https://datapackage.org/profiles/{version}/{name}.json"
    for version in ("1.0", "2.0")
    for name in _PROFILE_NAMES
)
KNOWN_PROFILES = (
    *_STANDARD_URLS,
    *("data-package", "tabular-data-package", "data-resource", "tabular-data-resource"),
)

_TEXT = {"type": "string"}
_NAMES = {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]}
_PROFILE = {"enum": list(KNOWN_PROFILES)}
_FIELD = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": _TEXT,
        "type": _TEXT,
        "title": _TEXT,
        "description": _TEXT,
        "constraints": {"type": "object"},
    },
}
_TABLE_SCHEMA = {
    "type": "object",
    "required": ["fields"],
    "properties": {
        "$schema": _PROFILE,
        "fields": {"type": "array", "items": _FIELD},
        "primaryKey": _NAMES,
        "foreignKeys": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["fields", "reference"],
                "properties": {
                    "fields": _NAMES,
                    "reference": {
                        "type": "object",
                        "required": ["fields"],
                        "properties": {"resource": _TEXT, "fields": _NAMES},
                    },
                },
            },
        },
    },
}
_RESOURCE = {
    "type": "object",
    "required": ["name", "path"],
    "properties": {
        "name": _TEXT,
        # One local file: a list of parts, inline data or another scheme would be read
        # from somewhere else than the package's own file.
        "path": _TEXT,
        "scheme": {"const": "file"},
        "$schema": _PROFILE,
        "profile": _PROFILE,
        "title": _TEXT,
        "description": _TEXT,
        "schema": _TABLE_SCHEMA,
        "dialect": {"type": "object", "properties": {"$schema": _PROFILE}},
        # The other Data Package v2 resource properties, typed as the specification says:
        # frictionless raises (rather than reports) on a value of another type.
        "type": _TEXT,
        "format": _TEXT,
        "mediatype": _TEXT,
        "encoding": _TEXT,
        "compression": _TEXT,
        "hash": _TEXT,
        "bytes": {"type": "integer"},
        "homepage": _TEXT,
        "sources": {"type": "array", "items": {"type": "object"}},
        "licenses": {"type": "array", "items": {"type": "object"}},
    },
    "not": {"anyOf": [{"required": ["data"]}, {"required": ["extrapaths"]}]},
}
SHAPE: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["name", "resources"],
    "properties": {
        "$schema": _PROFILE,
        "profile": _PROFILE,
        "name": _TEXT,
        "id": _TEXT,
        "title": _TEXT,
        "description": _TEXT,
        "version": _TEXT,
        "keywords": {"type": "array", "items": _TEXT},
        "licenses": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": _TEXT, "path": _TEXT, "title": _TEXT},
            },
        },
        "sources": {"type": "array", "items": {"type": "object"}},
        "planProgress": {
            "type": "object",
            "properties": {
                "standardVersion": _TEXT,
                "baseIri": _TEXT,
                "attribution": _TEXT,
                "multiPlan": {"type": "boolean"},
                "profiles": {"type": "array", "items": _TEXT},
                # Where last year's package is (a draft made by `new --from`).
                "previous": {
                    "type": "object",
                    "required": ["path"],
                    "properties": {
                        "path": _TEXT,
                        "reportId": _TEXT,
                        "fiscalYear": {"type": "integer"},
                    },
                },
            },
        },
        "resources": {"type": "array", "maxItems": 1000, "items": _RESOURCE},
    },
}

# What each JSON Schema keyword means, said to a person (ja, en).
_EXPECTED = {
    "type": ("{value} であること", "must be {value}"),
    "required": ("キー「{value}」が必要", "needs the key {value}"),
    "enum": (
        "標準のプロファイル（URL を取得しない値）であること",
        "must be a standard profile (one that is not fetched)",
    ),
    "const": ("「{value}」であること", "must be {value}"),
    "maxItems": ("{value} 個以下であること", "must have at most {value} items"),
    "not": (
        "data・extrapaths は使えない（パッケージ内のファイル1つを path で指定）",
        "must not use data or extrapaths (one file of the package, in path)",
    ),
    "anyOf": ("文字列か文字列の配列であること", "must be a string or a list of strings"),
}
_TYPES_JA = {"object": "オブジェクト", "array": "配列", "string": "文字列", "boolean": "真偽値"}


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(SHAPE)


def shape_problems(descriptor: Any, file: str) -> list[Problem]:
    """One problem per place where the descriptor has a shape the tools cannot read."""
    problems = []
    errors = sorted(_validator().iter_errors(descriptor), key=lambda e: list(map(str, e.path)))
    for error in errors[:20]:
        pointer = "/" + "/".join(str(p) for p in error.absolute_path)
        value: Any = error.validator_value
        if error.validator == "required":
            value = next((k for k in value if k not in (error.instance or {})), value[0])
        ja, en = _EXPECTED.get(
            error.validator, ("正しい形であること", "must have the expected shape")
        )
        problems.append(
            Problem(
                "package.shape",
                file,
                None,
                pointer,
                {
                    "expected_ja": ja.format(value=_TYPES_JA.get(str(value), value)),
                    "expected_en": en.format(value=value),
                },
            )
        )
    return problems + _refs(descriptor, file)


def _refs(descriptor: Any, file: str) -> list[Problem]:
    """`$ref` anywhere would be resolved (and possibly fetched) by frictionless' validator."""
    found = []
    stack: list[tuple[Any, str]] = [(descriptor, "")]
    while stack:
        value, pointer = stack.pop()
        if isinstance(value, dict):
            if "$ref" in value:
                found.append(
                    Problem(
                        "path.remote", file, None, f"{pointer}/$ref", {"path": str(value["$ref"])}
                    )
                )
            stack.extend((v, f"{pointer}/{k}") for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{pointer}/{i}") for i, v in enumerate(value))
    return sorted(found, key=lambda p: p.column or "")
