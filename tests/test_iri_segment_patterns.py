"""Every column whose value becomes a segment of an IRI (model/iris.py: the ids, and a grade
level's printed code, percent-quoted) has a Table Schema pattern that refuses a dot segment
(`.`, `..`: an IRI resolver removes them, so `level/..` silently became the scale's IRI,
issue 24 class 12), a slash, a backslash, `?`, `#`, controls and the empty string, and
accepts every value of every package the repository keeps."""

from __future__ import annotations

import csv
import json
import re

import pytest

from conftest import ALL_PACKAGES, REPO

TABLES = sorted((REPO / "schema" / "tables").glob("*.json"))
HOSTILE = [".", "..", "a/b", "a\\b", "a?b", "a#b", "", "a\x00", "a\nb", "\x7f", "a\x85"]


def _segment_fields() -> list[tuple[str, dict]]:
    found = []
    for path in TABLES:
        for field in json.loads(path.read_text(encoding="utf-8"))["fields"]:
            if field["name"].endswith("_id") or field["name"] == "code":
                found.append((path.stem, field))
    return found


FIELDS = _segment_fields()


def _matches(pattern: str, value: str) -> bool:
    # As frictionless reads a Table Schema pattern: anchored, Python's re.
    return re.compile(f"^{pattern}$").match(value) is not None


def test_the_segment_columns_are_found() -> None:
    names = {(table, f["name"]) for table, f in FIELDS}
    assert {("grade-levels", "code"), ("grades", "code"), ("plans", "plan_id")} <= names
    assert len(FIELDS) > 50


@pytest.mark.parametrize("table, field", FIELDS, ids=[f"{t}.{f['name']}" for t, f in FIELDS])
def test_every_segment_column_refuses_what_would_change_its_iri(table: str, field: dict) -> None:
    pattern = field.get("constraints", {}).get("pattern")
    assert pattern, f"{table}.{field['name']} has no pattern"
    for value in HOSTILE:
        assert not _matches(pattern, value), (table, field["name"], value)


def test_printed_grade_codes_stay_valid() -> None:
    (level,) = [f for t, f in FIELDS if (t, f["name"]) == ("grade-levels", "code")]
    pattern = level["constraints"]["pattern"]
    for code in [
        "A",
        "◎",
        "○",
        "△",
        "−",
        "S",
        "IV",
        "5",
        "見直し・廃止",
        "100%",
        "...",
        "a.b",
        "B+",
    ]:
        assert _matches(pattern, code), code


@pytest.mark.parametrize("root", ALL_PACKAGES, ids=lambda p: p.name)
def test_every_kept_value_matches(root) -> None:
    patterns = {(table, f["name"]): f["constraints"]["pattern"] for table, f in FIELDS}
    checked = 0
    for path in sorted((root / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for column, value in row.items():
                    pattern = patterns.get((path.stem, column))
                    if pattern and value:
                        assert _matches(pattern, value), (path.name, column, value)
                        checked += 1
    assert checked > 0


@pytest.mark.parametrize("code", ["..", ".", "%2E%2E", "%2e", "a%2Fb", "a%5Cb", "a\\b", "a%00"])
def test_the_site_refuses_a_level_iri_that_would_climb_or_hide_a_slash(code: str) -> None:
    """The second line of defence (site/paths.py): should such a code reach an IRI, its page
    is refused (site.iri-path), never written as the scale's page or outside the site."""
    from plan_progress.core.standard import DATA_IRI_ROOT
    from plan_progress.site.paths import UnmappableIri, page_stem

    iri = f"{DATA_IRI_ROOT}092169/plan/p/report/r/grade-scale/s/level/{code}"
    with pytest.raises(UnmappableIri):
        page_stem(iri)


def test_a_printed_code_has_its_own_page() -> None:
    from plan_progress.core.standard import DATA_IRI_ROOT
    from plan_progress.model.iris import grade_level, grade_level_code
    from plan_progress.site.paths import page_stem

    for code in ("◎", "A", "...", "100%", "見直し・廃止"):
        relative = grade_level("p", "r", "s", code)
        assert grade_level_code(relative) == code
        stem = page_stem(f"{DATA_IRI_ROOT}092169/{relative}")
        assert stem is not None and stem.endswith(f"/level/{code}"), stem
