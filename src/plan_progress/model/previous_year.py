"""Last year's values beside each row of next year's draft (for `template` on a draft).

A draft made by `new --from` has one row per entry (initiative x actor), per graded subject
and per indicator, with this year's cells empty. For each such row this module finds last
year's row about the same subject and gives the values staff update: the texts, the grade,
the indicator's current value. They are shown, never read back (`spreadsheet.layout`).
"""

from __future__ import annotations

from dataclasses import dataclass

from plan_progress.model.next_year import ENTRY_SUBJECT, GRADE_SUBJECT, Row

# Japanese and English heading of every reference column.
MARK_JA = "前年度(参考・編集不可)"
MARK_EN = "last year (for reference, not editable)"


@dataclass(frozen=True)
class Reference:
    """One column of last year's values: `name` (the column it mirrors, or its own word),
    placed just before the draft's column `before` (at the end when that is absent)."""

    name: str
    title_ja: str
    title_en: str
    before: str


# Per table: the reference columns, in order.
REFERENCES: dict[str, tuple[Reference, ...]] = {
    "reports": (
        Reference("title", "報告書名", "report title", "title"),
        Reference(
            "fiscal_year_label", "年度（記載どおり）", "fiscal year as printed", "fiscal_year_label"
        ),
    ),
    "progress-entries": (
        Reference("progress", "進捗状況", "progress", "progress"),
        Reference("issue", "課題", "issue", "issue"),
        Reference("grade", "評価", "grade", "fiscal_year"),
    ),
    "grades": (
        Reference("code", "評価コード", "grade code", "code"),
        Reference("value", "評価値", "grade value", "value"),
        Reference("reason", "評価の理由", "reason", "reason"),
    ),
    "indicators": (
        Reference("current_value", "現状値", "current value", "current_value"),
        Reference(
            "current_fiscal_year_label",
            "現状値の年度",
            "year of the current value",
            "current_fiscal_year_label",
        ),
        Reference(
            "current_text", "現状値（記載どおり）", "current value as printed", "current_text"
        ),
    ),
}


def _year(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _of_year(row: Row, year: int | None) -> bool:
    return row.get("fiscal_year", "") == "" or year is None or _year(row["fiscal_year"]) == year


def _key(row: Row, columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(row.get(c, "") for c in columns)


def _grade_text(grades: list[Row], scale_titles: dict[str, str]) -> str:
    """Last year's grades of one entry, as "code" (one scale) or "scale: code" per scale."""
    shown = [(g.get("scale_id", ""), g.get("code") or g.get("value", "")) for g in grades]
    if len(shown) == 1:
        return shown[0][1]
    return "\n".join(f"{scale_titles.get(s, s)}：{v}" for s, v in shown)


def reference_values(
    table: str, draft_rows: list[Row], last: dict[str, list[Row]]
) -> list[dict[str, str]]:
    """For each draft row of `table`, last year's value of each reference column ("" when
    last year had no row about the same subject)."""
    reports = last.get("reports", [])
    year = _year(reports[0].get("fiscal_year", "")) if reports else None
    if table == "reports":
        previous = reports[0] if reports else {}
        return [{r.name: previous.get(r.name, "") for r in REFERENCES[table]} for _ in draft_rows]
    if table == "indicators":
        by_id = {row.get("indicator_id", ""): row for row in last.get("indicators", [])}
        return [
            {
                r.name: by_id.get(row.get("indicator_id", ""), {}).get(r.name, "")
                for r in REFERENCES[table]
            }
            for row in draft_rows
        ]
    if table == "grades":
        grades = {_key(g, GRADE_SUBJECT): g for g in last.get("grades", []) if _of_year(g, year)}
        return [
            {
                r.name: grades.get(_key(row, GRADE_SUBJECT), {}).get(r.name, "")
                for r in REFERENCES[table]
            }
            for row in draft_rows
        ]
    if table == "progress-entries":
        entries = {
            _key(e, ENTRY_SUBJECT): e for e in last.get("progress-entries", []) if _of_year(e, year)
        }
        scale_titles = {
            s.get("scale_id", ""): s.get("title", "") for s in last.get("grade-scales", [])
        }
        # Indexed once: a report may hold tens of thousands of entries and grades.
        by_initiative: dict[str, list[Row]] = {}
        for grade in last.get("grades", []):
            if grade.get("initiative_id") and _of_year(grade, year):
                by_initiative.setdefault(grade["initiative_id"], []).append(grade)
        found = []
        for row in draft_rows:
            entry = entries.get(_key(row, ENTRY_SUBJECT), {})
            grades = [
                g
                for g in by_initiative.get(row.get("initiative_id", ""), [])
                if g.get("actor_id", "") in ("", row.get("actor_id", ""))
            ]
            found.append(
                {
                    "progress": entry.get("progress", ""),
                    "issue": entry.get("issue", ""),
                    "grade": _grade_text(grades, scale_titles) if grades else "",
                }
            )
        return found
    return [{} for _ in draft_rows]
