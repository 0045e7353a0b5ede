"""jsonschema-rs gives the same verdict as jsonschema (checks/fast_schema.py).

The fast validator decides pass or fail; jsonschema words the problems. These tests prove the
two agree: on every JSON-LD document and catalogue metadata the repository holds (the seed,
the examples, the real records), on documents broken in the ways the suite breaks them and
in generated ways (hypothesis, fixed seed, bounded), on each of the schemas' patterns over
generated strings and every code point, and on the `date` format.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import REPO
from plan_progress.checks import fast_schema
from plan_progress.core import standard
from test_catalog_metadata import FULL_CATALOG

SETTINGS = settings(max_examples=200, derandomize=True, deadline=None, database=None)
PACKAGES = [
    REPO,
    *sorted(p.parent for p in (REPO / "examples").glob("*/datapackage.json")),
    *sorted(p.parent for p in (REPO / "tests" / "records").glob("*/datapackage.json")),
]


@cache
def reference() -> Draft202012Validator:
    return Draft202012Validator(
        standard.json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def catalog_reference() -> Draft202012Validator:
    return Draft202012Validator(standard.catalog_metadata_schema())


def same_verdict(document: Any) -> bool:
    expected = not any(reference().iter_errors(document))
    return fast_schema.surely_valid(fast_schema.report_validator(), document) == expected


def same_catalog_verdict(value: Any) -> bool:
    expected = not any(catalog_reference().iter_errors(value))
    return fast_schema.surely_valid(fast_schema.catalog_validator(), value) == expected


@cache
def documents() -> list[dict[str, Any]]:
    found = []
    for root in PACKAGES:
        data = json.loads((root / "data/generated/report.jsonld").read_text("utf-8"))
        found.extend(data if isinstance(data, list) else [data])
    return found


def catalogs() -> list[Any]:
    found = [FULL_CATALOG]
    for root in PACKAGES:
        descriptor = json.loads((root / "datapackage.json").read_text("utf-8"))
        if "catalog" in descriptor.get("planProgress", {}):
            found.append(descriptor["planProgress"]["catalog"])
    return found


def test_every_committed_document_is_valid_for_both() -> None:
    assert len(documents()) >= len(PACKAGES)
    for document in documents():
        assert same_verdict(document)
        assert fast_schema.surely_valid(fast_schema.report_validator(), document)


def test_the_suites_broken_documents_get_the_same_verdict() -> None:
    """The breakages of tests/test_located_messages.py and the bad-input matrix that reach the
    JSON Schema: a missing required key, a wrong type, a value outside a codelist, an unknown
    key, a bad date, an IRI with a space, an empty list or text."""
    seed = documents()[0]
    breakages = [
        lambda d: d["entries"][0].pop("actor"),
        lambda d: d.pop("plan"),
        lambda d: d["entries"][0].__setitem__("actor", 3),
        lambda d: d.__setitem__("unknownKey", "x"),
        lambda d: d["entries"][0].__setitem__("status", "no-such-code"),
        lambda d: d.__setitem__("entries", []),
        lambda d: d["entries"][0].__setitem__("id", ""),
        lambda d: d["entries"][0].__setitem__("id", "http://a b"),
    ]
    broken = 0
    for breakage in breakages:
        document = copy.deepcopy(seed)
        breakage(document)
        assert same_verdict(document)
        broken += any(reference().iter_errors(document))
    assert broken >= 5  # the breakages do break the document
    changed = 0
    for text in ("2025-13-01", "2025-02-30", "2025-2-01", "2025-04-01\n", "2025-04-01"):
        for dated in documents():
            for document in _with_every_string(dated, lambda v, t=text: t if _is_date(v) else v):
                assert same_verdict(document)
                changed += 1
    assert changed


def _is_date(value: str) -> bool:
    return re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) is not None


def _with_every_string(document: Any, change) -> list[Any]:
    """One copy of `document` per string value, with that value changed."""
    copies = []
    for path in _string_paths(document):
        changed = copy.deepcopy(document)
        parent = changed
        for key in path[:-1]:
            parent = parent[key]
        new = change(parent[path[-1]])
        if new != parent[path[-1]]:
            parent[path[-1]] = new
            copies.append(changed)
    return copies


def _string_paths(value: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _string_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _string_paths(v, (*path, i))]
    return [path] if isinstance(value, str) else []


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every key and index path of a JSON value (the value itself first)."""
    found = [path]
    if isinstance(value, dict):
        found += [p for k, v in value.items() for p in _paths(v, (*path, k))]
    elif isinstance(value, list):
        found += [p for i, v in enumerate(value) for p in _paths(v, (*path, i))]
    return found


# Strings near the schema's patterns and formats: digits, IRIs, dates, whitespace of both
# regex dialects, newlines, full-width digits.
ALPHABET = "09az-./:#@+ \n\t\x1c\x85\u3000\ufeff０"
NEAR_STRINGS = st.one_of(
    st.text(alphabet=ALPHABET, max_size=12),
    st.sampled_from(["", "https://example.org/x", "092169", "2025-04-01", "1.5", "-2", "ja"]),
)
VALUES = st.one_of(
    NEAR_STRINGS,
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.lists(NEAR_STRINGS, max_size=2),
    st.dictionaries(NEAR_STRINGS, NEAR_STRINGS, max_size=2),
)


def _mutate(document: Any, data: st.DataObject) -> Any:
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(document) if p]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.sampled_from([*parent, "extra"]))] = data.draw(VALUES)
        else:
            parent[path[-1]] = data.draw(VALUES)
    return document


@SETTINGS
@given(data=st.data())
def test_mutated_documents_get_the_same_verdict(data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(documents()[:4]))
    assert same_verdict(_mutate(seed, data))


@SETTINGS
@given(data=st.data())
def test_mutated_catalog_metadata_gets_the_same_verdict(data: st.DataObject) -> None:
    catalog = data.draw(st.sampled_from(catalogs()))
    assert same_catalog_verdict(_mutate(catalog, data))


def test_committed_catalog_metadata_is_valid_for_both() -> None:
    assert catalogs()
    for catalog in catalogs():
        assert same_catalog_verdict(catalog)


def _patterns(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        own = {schema["pattern"]} if isinstance(schema.get("pattern"), str) else set()
        return own.union(*(_patterns(v) for v in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_patterns(v) for v in schema))
    return set()


PATTERNS = sorted(_patterns(standard.json_schema()) | _patterns(standard.catalog_metadata_schema()))


def _rust_matches(pattern: str, text: str) -> bool:
    return jsonschema_rs.Draft202012Validator(
        {"pattern": fast_schema.rust_pattern(pattern)}
    ).is_valid(text)


@SETTINGS
@given(
    pattern=st.sampled_from(PATTERNS),
    text=st.one_of(
        st.text(alphabet=ALPHABET + '"<>@ehtps', max_size=30),
        st.sampled_from(["https://a/b", "a@b.c", "+81-285-00", "2025-04-01", "12"]).flatmap(
            lambda s: st.sampled_from([s, s + "\n", s + "\n\n", " " + s, s + "\x1c"])
        ),
    ),
)
def test_each_pattern_matches_the_same_strings(pattern: str, text: str) -> None:
    assert _rust_matches(pattern, text) == (re.search(pattern, text) is not None)


def test_whitespace_is_the_same_set_on_every_code_point() -> None:
    fast = jsonschema_rs.Draft202012Validator({"pattern": fast_schema.rust_pattern(r"^[^\s]$")})
    outside = jsonschema_rs.Draft202012Validator({"pattern": fast_schema.rust_pattern(r"^\s$")})
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        space = re.search(r"\s", char) is not None
        assert fast.is_valid(char) is not space, hex(code)
        assert outside.is_valid(char) is space, hex(code)


def test_the_formats_checked_are_the_same() -> None:
    """jsonschema checks `date` and none of the schema's other formats (their checkers need
    packages not installed); the fast validator checks `date` with jsonschema's own function
    and leaves the others out."""
    used = fast_schema._formats(standard.json_schema())
    assert used >= {"date", "uri", "iri", "iri-reference"}
    assert used & set(Draft202012Validator.FORMAT_CHECKER.checkers) == {"date"}


@SETTINGS
@given(
    text=st.one_of(
        st.text(alphabet="0123456789-T:Z /", max_size=12),
        st.dates()
        .map(str)
        .flatmap(lambda d: st.sampled_from([d, d + "\n", d + "T00:00:00Z", d.replace("-", "/")])),
        st.sampled_from(["2024-02-29", "2023-02-29", "2025-04-31", "0000-01-01", "２０２５-04-01"]),
        st.sampled_from(["not a uri", "http://a b", "https://example.org/x#y", "\\x y", ""]),
    ),
    name=st.sampled_from(["date", "uri", "iri", "iri-reference"]),
)
def test_each_format_gives_the_same_verdict(text: str, name: str) -> None:
    fast = fast_schema.validator({"format": name}, check_formats=True)
    expected = Draft202012Validator.FORMAT_CHECKER.conforms(text, name)
    assert fast.is_valid(text) == expected


def test_year_zero_is_refused_by_both() -> None:
    """jsonschema-rs' own `date` (0.61) accepts 0000-01-01; Python's (jsonschema's) does
    not. Found by the test above; the fast validator uses jsonschema's function."""
    dated = [
        changed
        for document in documents()
        for changed in _with_every_string(document, lambda v: "0000-01-01" if _is_date(v) else v)
    ]
    assert dated
    for changed in dated:
        assert same_verdict(changed)
        assert not fast_schema.surely_valid(fast_schema.report_validator(), changed)


def test_a_value_the_fast_validator_cannot_read_goes_to_the_reference() -> None:
    """An integer beyond 64 bits: no verdict from jsonschema-rs, so jsonschema judges."""
    document = copy.deepcopy(documents()[0])
    document["entries"][0]["extra"] = 2**80
    assert not fast_schema.surely_valid(fast_schema.report_validator(), document) or not any(
        reference().iter_errors(document)
    )


def test_the_check_reports_what_jsonschema_reports(package_copy: Path) -> None:
    """Through the check itself: a valid document gives no problem (fast path), a broken one
    the reference's problems."""
    from plan_progress.checks.json_schema import check_json_schema

    seed = documents()[0]
    assert check_json_schema(seed, "report.jsonld") == []
    broken = copy.deepcopy(seed)
    del broken["entries"][0]["actor"]
    problems = check_json_schema(broken, "report.jsonld")
    assert [p.rule for p in problems] == ["jsonld.schema"]
    assert problems[0].column == "/entries/0"
