"""Grades compared on their own scale's order (diff/grades.py): by rank on an ordinal
scale, never by comparing codes as strings; different or changed scales not comparable."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from plan_progress.diff.grades import Scale, compare_grades
from plan_progress.model.tables import Row

# Ranks deliberately against the alphabet: S is best, then A; as strings "A" < "S".
SAS = Scale("sas", "達成度", "ordinal", None, (("S", 1), ("A", 2), ("B", 3), ("-", None)),
            {"S": None, "A": None, "B": None, "-": "評価不能"})  # fmt: skip
SHIN = Scale("shin", "進捗度", "ordinal", None, (("S", 1), ("A", 2)), {})
KUBUN = Scale("kubun", "区分", "nominal", None, (("拡充", None), ("継続", None)), {})
TEN = Scale("ten", "点数", "numeric", False, (), {})
TEN_LOW = Scale("ten", "点数", "numeric", True, (), {})


def grade(scale: str, code: str | None = None, value: str | None = None) -> Row:
    cells: dict[str, Any] = {"scale_id": scale, "code": code, "reason": None,
                             "value": Decimal(value) if value is not None else None}  # fmt: skip
    return Row(2, cells)


def movement(old: Row, new: Row, old_scales=None, new_scales=None) -> tuple[str, str | None]:
    scales = {s.scale_id: s for s in (SAS, SHIN, KUBUN, TEN)}
    (change,) = compare_grades([old], [new], old_scales or scales, new_scales or scales)
    return change["movement"], change["reason"]


def test_up_and_down_by_rank_not_by_the_letters() -> None:
    assert movement(grade("sas", "A"), grade("sas", "S")) == ("up", None)
    assert movement(grade("sas", "S"), grade("sas", "B")) == ("down", None)
    assert movement(grade("sas", "B"), grade("sas", "B")) == ("same", None)


def test_a_level_outside_the_order_cannot_be_compared() -> None:
    assert movement(grade("sas", "A"), grade("sas", "-")) == ("not-comparable", "unranked-level")


def test_a_nominal_scale_changes_without_a_direction() -> None:
    assert movement(grade("kubun", "継続"), grade("kubun", "拡充")) == ("changed", "nominal-scale")


def test_two_different_scales_are_not_comparable() -> None:
    assert movement(grade("sas", "A"), grade("shin", "S")) == ("not-comparable", "different-scales")


def test_a_scale_whose_levels_changed_is_not_comparable() -> None:
    reranked = Scale("sas", "達成度", "ordinal", None, (("S", 1), ("A", 3), ("B", 2)), {})
    assert movement(grade("sas", "A"), grade("sas", "B"), None, {"sas": reranked}) == (
        "not-comparable",
        "scale-changed",
    )


def test_a_numeric_scale_by_its_better_direction() -> None:
    assert movement(grade("ten", value="3.5"), grade("ten", value="4.0")) == ("up", None)
    low = {"ten": TEN_LOW}
    assert movement(grade("ten", value="3.5"), grade("ten", value="4.0"), low, low) == (
        "down",
        None,
    )
    unknown = {"ten": Scale("ten", "点数", "numeric", None, (), {})}
    assert movement(grade("ten", value="1"), grade("ten", value="2"), unknown, unknown) == (
        "changed",
        "no-direction",
    )


def test_grades_only_in_one_year_are_added_or_dropped() -> None:
    scales = {s.scale_id: s for s in (SAS, SHIN)}
    changes = compare_grades([grade("sas", "A")], [], scales, scales)
    assert [c["movement"] for c in changes] == ["dropped"]
    changes = compare_grades([], [grade("sas", "A")], scales, scales)
    assert [c["movement"] for c in changes] == ["added"]
    # two scales in the later year, one in the earlier: matched by scale, the other added
    changes = compare_grades([grade("sas", "A")], [grade("sas", "S"), grade("shin", "A")],
                             scales, scales)  # fmt: skip
    assert [c["movement"] for c in changes] == ["up", "added"]
