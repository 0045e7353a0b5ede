"""The shape of each CKAN answer the publisher reads, checked before it is read.

A portal that is not CKAN, a proxy's error page, or a CKAN extension that changed an action
may answer `"success": true` with a result of another shape; indexing it would end in a
traceback. Each action's result is checked against what the publisher uses of it (JSON
Schema, as CKAN documents the actions), and a mismatch is one `publish.bad-answer` line.
"""

from __future__ import annotations

from functools import cache
from typing import Any

_ID = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
_TEXT = {"type": "string"}
_PACKAGE = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": _TEXT,
        "name": _TEXT,
        "owner_org": {"type": ["string", "null"]},
        "state": _TEXT,
        "resources": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": _TEXT, "url": {"type": ["string", "null"]}},
            },
        },
        "extras": {
            "type": "array",
            "items": {"type": "object", "required": ["key", "value"], "properties": {"key": _TEXT}},
        },
        "tags": {
            "type": "array",
            "items": {"type": "object", "required": ["name"], "properties": {"name": _TEXT}},
        },
    },
}
SHAPES: dict[str, dict[str, Any]] = {
    "user_show": {"type": "object", "properties": {"name": _TEXT}},
    "organization_show": _ID,
    "organization_list_for_user": {"type": "array", "items": _ID},
    "package_show": _PACKAGE,
    "package_create": _PACKAGE,
    "package_patch": _PACKAGE,
    "resource_create": _ID,
    "resource_patch": _ID,
    "status_show": {
        "type": "object",
        "properties": {"extensions": {"type": "array", "items": _TEXT}},
    },
    "license_list": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": _TEXT, "url": {"type": ["string", "null"]}, "title": _TEXT},
        },
    },
    "resource_view_list": {
        "type": "array",
        "items": {"type": "object", "properties": {"view_type": _TEXT}},
    },
    "datastore_search": {
        "type": "object",
        "required": ["fields", "records"],
        "properties": {
            "fields": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "type"],
                    "properties": {"id": _TEXT, "type": _TEXT, "info": {"type": "object"}},
                },
            },
            "records": {"type": "array", "items": {"type": "object"}},
            "total": {"type": "integer"},
        },
    },
}


@cache
def _validator(action: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(SHAPES[action])


def answer_problem(action: str, result: Any) -> str | None:
    """None when `result` has the shape the publisher reads, else where it does not (a JSON
    pointer and what was expected; never the answer itself, which may be long)."""
    if action not in SHAPES:
        return None
    error = next(iter(_validator(action).iter_errors(result)), None)
    if error is None:
        return None
    pointer = "/" + "/".join(str(p) for p in error.absolute_path)
    return f"{pointer}: {error.validator} {error.validator_value!r}"[:200]
