"""model/next_year.py and model/previous_year.py on their own: the derived values (fiscal
year, end of year, ids) and the matching of last year's rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_progress.core.paths import PathRefused
from plan_progress.model.next_year import (
    NoFiscalYear,
    YearNotAfter,
    grade_id_for,
    new_fiscal_year,
    next_tables,
    previous_path,
    resolve_previous,
)
from plan_progress.model.previous_year import reference_values


def test_the_fiscal_year_follows_last_years_or_is_given_after_it() -> None:
    assert new_fiscal_year({"fiscal_year": "2024"}, None) == 2025
    assert new_fiscal_year({"fiscal_year": "2024"}, 2026) == 2026  # a year skipped
    with pytest.raises(YearNotAfter):
        new_fiscal_year({"fiscal_year": "2024"}, 2024)
    with pytest.raises(NoFiscalYear):
        new_fiscal_year({"fiscal_year": ""}, None)
    with pytest.raises(NoFiscalYear):
        new_fiscal_year(None, None)
    assert new_fiscal_year(None, 2014) == 2014


def test_grade_ids_are_composed_from_the_subject_and_never_repeat() -> None:
    taken: set[str] = set()
    row = {"scale_id": "s", "goal_id": "", "initiative_id": "i1", "actor_id": "city"}
    assert grade_id_for(row, 2025, taken) == "s-i1-city-fy2025"
    assert grade_id_for(row, 2025, taken) == "s-i1-city-fy2025-2"
    assert grade_id_for({"scale_id": "s"}, 2025, taken) == "s-fy2025"


def empty_tables() -> dict[str, list[dict[str, str]]]:
    from plan_progress.model.next_year import TABLE_ROLES

    return {name: [] for name in TABLE_ROLES}


def test_the_end_of_the_fiscal_year_moves_one_year_and_restated_rows_stay_behind() -> None:
    tables = empty_tables()
    tables["plans"] = [{"plan_id": "p"}]
    tables["reports"] = [
        {
            "report_id": "r",
            "plan_id": "p",
            "title": "T",
            "fiscal_year": "2023",
            "fiscal_year_end": "2024-02-29",
            "fiscal_year_label": "令和5年度",
        }
    ]
    tables["progress-entries"] = [
        {
            "entry_id": "e",
            "report_id": "r",
            "initiative_id": "i",
            "actor_id": "a",
            "progress": "x",
            "issue": "y",
            "fiscal_year": "2023",
            "fiscal_year_label": "令和5年度",
        },
        {
            "entry_id": "e-old",
            "report_id": "r",
            "initiative_id": "i",
            "actor_id": "a",
            "progress": "old",
            "issue": "",
            "fiscal_year": "2022",
            "fiscal_year_label": "前年度",
        },
    ]
    tables["indicator-values"] = [
        {"indicator_id": "k", "fiscal_year": "2023", "planned_value": "5", "actual_value": "4"},
        {"indicator_id": "k", "fiscal_year": "2026", "planned_value": "9", "actual_value": ""},
    ]
    out = next_tables(tables, 2024, "fy2024")
    assert out["reports"] == [
        {
            "report_id": "fy2024",
            "plan_id": "p",
            "title": "",
            "fiscal_year": "2024",
            "fiscal_year_end": "2025-02-28",
            "fiscal_year_label": "",
        }
    ]
    assert out["progress-entries"] == [
        {
            "entry_id": "e",
            "report_id": "fy2024",
            "initiative_id": "i",
            "actor_id": "a",
            "progress": "",
            "issue": "",
            "fiscal_year": "2024",
            "fiscal_year_label": "",
        }
    ]
    # The plan's planned value of a later year stays; last year's actual value does not.
    assert out["indicator-values"] == [
        {"indicator_id": "k", "fiscal_year": "2026", "planned_value": "9", "actual_value": ""}
    ]
    shown = reference_values("progress-entries", out["progress-entries"], tables)
    assert shown == [{"progress": "x", "issue": "y", "grade": ""}]


def test_the_reference_to_last_year_stays_beside_the_draft(tmp_path: Path) -> None:
    (tmp_path / "h26").mkdir()
    assert previous_path(tmp_path / "h27", tmp_path / "h26") == "../h26"
    assert resolve_previous(tmp_path / "h27", "../h26") == tmp_path / "h26"
    with pytest.raises(PathRefused):
        previous_path(tmp_path / "a" / "h27", tmp_path / "h26")
    for bad in ("h26", "/etc", "../../etc", "../h26/../../etc", "..\\h26", "../"):
        with pytest.raises(PathRefused):
            resolve_previous(tmp_path / "h27", bad)
