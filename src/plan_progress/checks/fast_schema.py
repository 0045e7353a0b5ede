"""The pass/fail verdict of a JSON Schema check, from jsonschema-rs (Rust, many times faster).

`jsonschema` stays the reference: it words every problem, and it runs whenever this verdict
is "invalid" (or cannot be had), so a problem is never reported differently. The fast
validator is set up to judge exactly as `jsonschema` does with the project's schemas:

- Formats: jsonschema's format checker checks only the formats it has a checker for (here
  `date`; `uri`, `iri` and `iri-reference` need optional packages the project does not
  install). So a format jsonschema checks is checked by jsonschema's own function (called
  from Rust), and one it does not check is removed from the fast validator's schema
  (jsonschema-rs would check it, and its `date` accepts year 0000, which Python refuses).
- Patterns: jsonschema uses Python's `re.search`, jsonschema-rs its own (ECMAScript-like)
  regex. They differ in two ways the schemas meet: Python's `$` also matches before a final
  newline, and the two `\\s` are different sets of characters. `rust_pattern` rewrites a
  pattern so that the Rust one matches the same strings.

tests/test_json_schema_fast_path.py proves the verdicts equal on every document of the test
suite, on mutated documents and, for each pattern, on generated strings.
"""

from __future__ import annotations

from functools import cache, partial
from typing import Any

from plan_progress.core import standard

# Python's \s (str.isspace), spelled out as a class body: jsonschema-rs's \s is
# ECMAScript's, which lacks U+001C-001F and U+0085 and adds U+FEFF. The test compares the
# two on every code point.
_PY_SPACE = (
    r"\x{9}-\x{d}\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}-\x{2029}"
    r"\x{202f}\x{205f}\x{3000}"
)


def rust_pattern(pattern: str) -> str:
    """`pattern` (Python `re` dialect, as jsonschema reads it) for the Rust regex engine."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escape = pattern[i : i + 2]
            if escape == r"\s":
                out.append(_PY_SPACE if in_class else f"[{_PY_SPACE}]")
            else:
                out.append(escape)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif char == "$" and not in_class:
            out.append(r"\n?$")  # Python: end of text, or just before a final newline
            i += 1
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _translated(schema: Any, checked: frozenset[str] | None) -> Any:
    """The schema for jsonschema-rs: patterns rewritten; with `checked` (the formats
    jsonschema checks), every other `format` left out."""
    if isinstance(schema, dict):
        return {
            key: rust_pattern(value)
            if key == "pattern" and isinstance(value, str)
            else _translated(value, checked)
            for key, value in schema.items()
            if not (key == "format" and checked is not None and value not in checked)
        }
    if isinstance(schema, list):
        return [_translated(value, checked) for value in schema]
    return schema


def _formats(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
        return found.union(*(_formats(v) for v in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_formats(v) for v in schema))
    return set()


def validator(schema: dict[str, Any], check_formats: bool) -> Any:
    """A jsonschema-rs Draft 2020-12 validator that judges as jsonschema's
    `Draft202012Validator(schema[, format_checker=FORMAT_CHECKER])` does."""
    import jsonschema_rs
    from jsonschema import Draft202012Validator

    if not check_formats:
        return jsonschema_rs.Draft202012Validator(_translated(schema, None), validate_formats=False)
    checker = Draft202012Validator.FORMAT_CHECKER
    checked = frozenset(_formats(schema) & set(checker.checkers))
    return jsonschema_rs.Draft202012Validator(
        _translated(schema, checked),
        validate_formats=True,
        formats={name: partial(_conforms, checker, name) for name in checked},
    )


def _conforms(checker: Any, name: str, value: Any) -> bool:
    return bool(checker.conforms(value, name))


@cache
def report_validator() -> Any:
    """For the JSON-LD document (formats checked, as in checks/json_schema.py)."""
    return validator(standard.json_schema(), check_formats=True)


@cache
def catalog_validator() -> Any:
    """For `planProgress.catalog` (no format checker, as in checks/catalog_metadata.py)."""
    return validator(standard.catalog_metadata_schema(), check_formats=False)


def surely_valid(fast: Any, instance: Any) -> bool:
    """True when jsonschema-rs finds `instance` valid; False when it finds it invalid or
    cannot judge it (a value it cannot read, such as an integer beyond 64 bits): the caller
    then asks jsonschema, which words the problems or finds none."""
    try:
        return bool(fast.is_valid(instance))
    except Exception:  # any failure means "ask the reference"
        return False
