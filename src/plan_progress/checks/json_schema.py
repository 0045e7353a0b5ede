"""The JSON-LD document against the published JSON Schema (Draft 2020-12).

A problem is reported at the source CSV row the offending node was made from (see locate.py),
with the key and the reason in the message's language; never with the whole JSON value.
"""

from __future__ import annotations

from typing import Any

from plan_progress.checks import fast_schema
from plan_progress.checks.locate import Locator, enclosing_node
from plan_progress.core.problems import Problem
from plan_progress.core.standard import json_schema

# jsonschema's keywords, said in words (the instance is never printed: it may be a whole node).
_REASONS = {
    "required": ("必須の値がありません", "a required value is missing"),
    "type": ("型が違います", "the type is wrong"),
    "enum": ("コード表にない値です", "not a code of the codelist"),
    "const": ("決められた値と違います", "not the fixed value"),
    "pattern": ("書式が違います", "the form is wrong"),
    "minLength": ("空です", "it is empty"),
    "minItems": ("一つも入っていません", "there is none"),
    "minimum": ("小さすぎます", "too small"),
    "format": ("書式が違います", "the form is wrong"),
    "additionalProperties": ("定義にないキーがあります", "a key the schema does not define"),
    "oneOf": ("どの種類のノードにも当てはまりません", "it matches no kind of node"),
    "uniqueItems": ("重複があります", "there is a duplicate"),
}


def check_json_schema(
    document: dict[str, Any] | list[dict[str, Any]],
    relpath: str,
    offset: int = 0,
    locator: Locator | None = None,
    bases: list[str] | None = None,
) -> list[Problem]:
    """One document, or each of a multi-plan package's documents (pointers then start /N;
    `offset` numbers a slice of them as in the whole list). With a `locator` (and each
    document's base IRI), problems point at the source row."""
    documents = document if isinstance(document, list) else [document]
    # The verdict comes from jsonschema-rs; jsonschema words the problems (fast_schema.py).
    fast = fast_schema.report_validator()
    if all(fast_schema.surely_valid(fast, doc) for doc in documents):
        return []
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(
        json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    prefix = (lambda i: f"/{i + offset}") if isinstance(document, list) else (lambda i: "")
    problems = []
    for index, doc in enumerate(documents):
        for error in sorted(
            validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))
        ):
            path = list(error.absolute_path)
            pointer = "/" + "/".join(str(p) for p in path)
            node_id, key = enclosing_node(doc, path)
            if error.validator == "required" and isinstance(error.message, str):
                key = error.message.split("'")[1] if "'" in error.message else key
            ja, en = _REASONS.get(str(error.validator), ("定義に合いません", "does not fit"))
            params = {"key": key or pointer, "reason": {"ja": ja, "en": en}}
            base = bases[index + offset] if bases else ""
            found = locator.find(base + node_id, key) if locator and node_id else None
            if found is not None:
                file, row, column = found
                problems.append(Problem("jsonld.schema", file, row, column or key, params))
                continue
            where = prefix(index) + (pointer if pointer != "/" or not prefix(index) else "")
            problems.append(Problem("jsonld.schema", relpath, None, where, params))
    return problems
