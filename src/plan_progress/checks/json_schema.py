"""The JSON-LD document against the published JSON Schema (Draft 2020-12)."""

from __future__ import annotations

from typing import Any

from plan_progress.problems import Problem
from plan_progress.standard import json_schema


def check_json_schema(document: dict[str, Any], relpath: str) -> list[Problem]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(
        json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [
        Problem(
            "jsonld.schema",
            relpath,
            None,
            "/" + "/".join(str(p) for p in error.absolute_path),
            {"detail": error.message},
        )
        for error in sorted(
            validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))
        )
    ]
