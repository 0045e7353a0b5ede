"""The JSON-LD document against the published JSON Schema (Draft 2020-12)."""

from __future__ import annotations

from typing import Any

from plan_progress.core.problems import Problem
from plan_progress.core.standard import json_schema


def check_json_schema(
    document: dict[str, Any] | list[dict[str, Any]], relpath: str, offset: int = 0
) -> list[Problem]:
    """One document, or each of a multi-plan package's documents (pointers then start /N;
    `offset` numbers a slice of them as in the whole list)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(
        json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    documents = document if isinstance(document, list) else [document]
    prefix = (lambda i: f"/{i + offset}") if isinstance(document, list) else (lambda i: "")
    problems = []
    for index, doc in enumerate(documents):
        for error in sorted(
            validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))
        ):
            pointer = "/" + "/".join(str(p) for p in error.absolute_path)
            problems.append(
                Problem(
                    "jsonld.schema",
                    relpath,
                    None,
                    prefix(index) + (pointer if pointer != "/" or not prefix(index) else ""),
                    {"detail": error.message},
                )
            )
    return problems
