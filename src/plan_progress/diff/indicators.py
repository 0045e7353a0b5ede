"""An indicator's latest value in one report against the next: the change from the previous
value, the distance from the baseline, and whether it moved toward its target.

Indicators are matched by their id (reports of one plan keep an indicator's id). A report's
latest value is the one of the latest fiscal year it states, its current value or a yearly
actual value; a value printed as text (継続実施) is shown but never computed with.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from plan_progress.model.tables import Row, Tables


def _number(value: Any) -> str | None:
    return format(value, "f") if isinstance(value, Decimal) else None


def _point(year: int | None, label: str | None, value: Any, text: str | None) -> dict[str, Any]:
    return {"fiscal_year": year, "fiscal_year_label": label, "value": _number(value),
            "text": text}  # fmt: skip


def latest_values(tables: Tables) -> dict[str, tuple[dict[str, Any], Any]]:
    """indicator id -> (its latest point, the number or None)."""
    found: dict[str, tuple[int, dict[str, Any], Any]] = {}

    def keep(key: str, year: int | None, point: dict[str, Any], number: Any) -> None:
        if point["value"] is None and point["text"] is None:
            return
        order = year if year is not None else -1
        if key not in found or order >= found[key][0]:
            found[key] = (order, point, number)

    for row in tables["indicators"]:
        year = row["current_fiscal_year"]
        point = _point(year, row["current_fiscal_year_label"], row["current_value"],
                       row["current_text"])  # fmt: skip
        keep(row["indicator_id"], year, point, row["current_value"])
    for row in tables["indicator-values"]:
        year = row["fiscal_year"]
        point = _point(year, row["fiscal_year_label"], row["actual_value"], row["actual_text"])
        keep(row["indicator_id"], year, point, row["actual_value"])
    return {key: (point, number) for key, (_, point, number) in found.items()}


def _reference(row: Row, which: str) -> dict[str, Any] | None:
    value, text = row[f"{which}_value"], row[f"{which}_text"]
    if value is None and text is None:
        return None
    return _point(row[f"{which}_fiscal_year"], row[f"{which}_fiscal_year_label"], value, text)


def compare_indicators(old: Tables, new: Tables) -> list[dict[str, Any]]:
    """Every indicator of either report: the new report's in its order, then those only the
    old one has."""
    old_rows = {r["indicator_id"]: r for r in old["indicators"]}
    new_rows = {r["indicator_id"]: r for r in new["indicators"]}
    old_latest, new_latest = latest_values(old), latest_values(new)
    out = []
    for key, row in new_rows.items():
        status = "kept" if key in old_rows else "added"
        out.append(_indicator(key, row, status, old_latest.get(key), new_latest.get(key)))
    for key, row in old_rows.items():
        if key not in new_rows:
            out.append(_indicator(key, row, "dropped", old_latest.get(key), None))
    return out


def _indicator(
    key: str,
    row: Row,
    status: str,
    old: tuple[dict[str, Any], Any] | None,
    new: tuple[dict[str, Any], Any] | None,
) -> dict[str, Any]:
    """One indicator's movement (baseline and target as the latest report states them)."""
    before = old[1] if old else None
    after = new[1] if new else None
    baseline, target = row["baseline_value"], row["target_value"]
    lower = row["lower_is_better"]
    out: dict[str, Any] = {
        "indicator_id": key,
        "label": row["notation"] or (str(row["number"]) if row["number"] is not None else None),
        "title": row["title"] or row["breakdown"],
        "unit": row["unit"],
        "status": status,
        "lower_is_better": lower,
        "old": old[0] if old else None,
        "new": new[0] if new else None,
        "baseline": _reference(row, "baseline"),
        "target": _reference(row, "target"),
        "change": None,
        "difference": None,
        "from_baseline": None,
        "toward_target": None,
        "target_reached": None,
    }
    if after is None:
        return out
    # A later report restating the same year's value is no new measurement (or corrects it).
    same_year = (
        old is not None and new is not None and (old[0]["fiscal_year"] == new[0]["fiscal_year"])
    )
    if before is not None:
        if same_year:
            out["change"] = "restated" if after == before else "corrected"
        else:
            out["change"] = "up" if after > before else "down" if after < before else "same"
        if out["change"] != "restated":
            out["difference"] = _number(after - before)
    if baseline is not None:
        out["from_baseline"] = _number(after - baseline)
    if target is not None and out["change"] != "restated":
        if lower is not None:
            out["target_reached"] = after <= target if lower else after >= target
        if out["target_reached"]:
            out["toward_target"] = "reached"  # past the target is no move away from it
        elif before is not None:
            gap_before, gap_after = abs(target - before), abs(target - after)
            out["toward_target"] = (
                "toward" if gap_after < gap_before else "away" if gap_after > gap_before
                else "same"
            )  # fmt: skip
    return out
