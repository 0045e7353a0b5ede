"""The yearly table for people: one row per initiative × actor × fiscal year across a plan's
reports (a series), so a reader sees how each initiative's progress, issue and grades went
from year to year.

An item is an initiative, or a basic goal or the whole plan when the report grades those
(the Sasebo answers grade goals). The actor is empty for what is said of the item as a
whole (a committee's grade). The fiscal year of a row is the entry's or grade's own, else
its report's (a report over several years keeps its range: 年度 and 年度の終わり).

When two reports speak of the same year (a report restating last year's grades), the
year's own report is the source; a report of another year is used only for what no report
of that year says, and the 報告 column names every report a row draws on. Texts are as each
report prints them (an item's title too: a row shows the title of its year's report).

Grades on indicators are left out: an indicator is not an initiative × actor (the
indicators table has their yearly values).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from plan_progress.model.main_tables import CODE, ID, NAME, MainField, MainTable, cell_text
from plan_progress.model.tables import Row, Tables

YEARLY_TITLES = (
    "年度ごとの進捗と評価",
    "Progress and grades by year",
    "1行が、一つの取組（評価が基本目標・計画全体に付くときはそれ）についての一つの主体の、"
    "一つの年度の進捗状況・課題・評価です。同じ計画の年度ごとの報告を並べたものです。",
    "One row is what one actor reported on one initiative (or the goal or whole plan a grade"
    " is on) in one fiscal year, across the plan's yearly reports.",
)
KINDS = {"initiative": "取組", "goal": "基本目標", "plan": "計画全体"}


def _f(name: str, en: str, ja_desc: str, en_desc: str, kind: str = "string") -> MainField:
    return MainField(name, en, ja_desc, en_desc, kind)


# The columns every yearly table has (grade columns follow, one pair per grade scale).
LEADING = (
    _f(
        CODE,
        "Local government code",
        "全国地方公共団体コード（6桁、検査数字付き）。",
        "The six-digit local government code with its check digit.",
    ),
    _f(
        ID,
        "ID",
        "行の ID：取組ID（基本目標なら goal-基本目標ID、計画全体なら plan）_主体ID_年度。",
        "The row's ID: initiative ID (goal-ID for a goal, plan for the whole plan), actor ID and"
        " fiscal year, joined by _.",
    ),
    _f(NAME, "Local government name", "地方公共団体名。", "Name of the local government."),
)
PLAN = _f(
    "計画", "Plan", "計画の名称（報告に印刷されたとおり）。", "Title of the plan, as printed."
)
YEAR = _f(
    "年度",
    "Fiscal year",
    "この行の年度（西暦の年度。4月1日から翌年3月31日）。",
    "The row's fiscal year (April to March), as a Western year.",
    "integer",
)
YEAR_END = _f(
    "年度の終わり",
    "Last fiscal year",
    "報告が複数の年度をまとめて扱うときの最後の年度（一つの年度なら空欄）。",
    "The last fiscal year when the report covers several years (empty for one year).",
    "integer",
)
YEAR_LABEL = _f(
    "年度（資料の表記）",
    "Fiscal year as printed",
    "資料に印刷された年度の表記（「平成27年度」「前年度」など）。",
    "The fiscal year as the source prints it (e.g. 平成27年度, 前年度).",
)
REPORT = _f(
    "報告",
    "Report",
    "この行の内容を載せた報告の名称（複数なら「、」で区切る）。",
    "Title of the report(s) this row's contents come from.",
)
KIND = _f(
    "対象",
    "Item",
    "この行の対象：取組・基本目標・計画全体。",
    "What the row is about: an initiative, a basic goal or the whole plan.",
)
GOAL_NUMBER = _f(
    "基本目標番号",
    "Goal number",
    "基本目標の番号（資料の表記があればそのとおり）。",
    "The goal's number (as printed when the source prints one).",
)
GOAL = _f(
    "基本目標",
    "Basic goal",
    "基本目標の名称（その年度の報告のとおり）。",
    "Title of the basic goal, as that year's report prints it.",
)
INITIATIVE_NUMBER = _f(
    "取組番号",
    "Initiative number",
    "取組の番号（資料の表記があればそのとおり）。",
    "The initiative's number (as printed when the source prints one).",
)
INITIATIVE = _f(
    "取組",
    "Initiative",
    "取組の名称（その年度の報告のとおり）。",
    "Title of the initiative, as that year's report prints it.",
)
ACTOR_SHORT = _f(
    "主体（略称）",
    "Actor (short name)",
    "報告した主体の略称（取組全体への評価などでは空欄）。",
    "Short name of the reporting actor (empty for what concerns the item as a whole).",
)
ACTOR = _f("主体名", "Actor name", "報告した主体の名称。", "Name of the reporting actor.")
PROGRESS = _f("進捗状況", "Progress", "進捗状況（資料のとおり）。", "Progress, as printed.")
ISSUE = _f("課題", "Issue", "課題（資料のとおり）。", "Issue, as printed.")


@dataclass(frozen=True, order=True)
class _Key:
    item_order: tuple[int, int, int]
    kind: str
    item_id: str
    actor_order: int
    actor_id: str
    year: int
    year_end: int


@dataclass
class _Cell:
    """What one report says for one key: its entries and its grades by scale."""

    member: int
    own_year: bool  # the report is of this row's year
    entries: list[Row] = field(default_factory=list)
    grades: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    label: str = ""


def yearly_table(members: Sequence[Tables]) -> MainTable | None:
    """The table of `members` (one report each, in series order), or None when they hold
    rows of only one fiscal year (the other main tables already show that year)."""
    reports = [m["reports"][0] if m.get("reports") else None for m in members]
    if not any(reports):
        return None
    latest = max(i for i, r in enumerate(reports) if r is not None)
    order = _Order(members[latest])
    cells: dict[_Key, list[_Cell]] = defaultdict(list)
    scales: dict[
        str, tuple[int, int, str, bool]
    ] = {}  # scale_id -> (member, number, title, reason)

    def cell(member: int, key: _Key, label: str) -> _Cell:
        found = next((c for c in cells[key] if c.member == member), None)
        if found is None:
            report = reports[member]
            own = report is not None and (report["fiscal_year"], _end(report)) == (
                key.year,
                key.year_end,
            )
            found = _Cell(member, own, label=label)
            cells[key].append(found)
        return found

    for index, (tables, report) in enumerate(zip(members, reports, strict=True)):
        if report is None:
            continue
        initiatives = {r["initiative_id"]: r for r in tables["initiatives"]}
        for entry in tables["progress-entries"]:
            initiative = initiatives.get(entry["initiative_id"])
            key = order.key(
                "initiative",
                entry["initiative_id"],
                initiative,
                entry["actor_id"],
                _year(entry, report),
            )
            cell(index, key, _label(entry, report)).entries.append(entry)
        scale_rows = {r["scale_id"]: r for r in tables["grade-scales"]}
        for grade in tables["grades"]:
            if grade["indicator_id"]:
                continue
            scale = scale_rows.get(grade["scale_id"])
            if grade["initiative_id"]:
                kind, item, row = (
                    "initiative",
                    grade["initiative_id"],
                    initiatives.get(grade["initiative_id"]),
                )
            elif grade["goal_id"]:
                kind, item, row = "goal", grade["goal_id"], None
            else:
                kind, item, row = "plan", "", None
            key = order.key(kind, item, row, grade["actor_id"], _year(grade, report))
            cell(index, key, _label(grade, report)).grades[grade["scale_id"]].append(grade)
            known = scales.get(grade["scale_id"])
            title = str((scale["title"] if scale else None) or grade["scale_id"])
            number = int(scale["number"] or 0) if scale else 0
            reason = bool(grade["reason"]) or bool(known and known[3])
            scales[grade["scale_id"]] = (
                min(known[0], index) if known else index,
                number,
                title,
                reason,
            )

    years = {(k.year, k.year_end) for k in cells}
    if len(years) < 2 and sum(r is not None for r in reports) < 2:
        return None
    scale_ids = sorted(scales, key=lambda s: (scales[s][0], scales[s][1], s))
    titles = [scales[s][2] for s in scale_ids]
    headers = [
        t if titles.count(t) == 1 else f"{t}（{s}）" for s, t in zip(scale_ids, titles, strict=True)
    ]
    grade_fields: list[tuple[str, MainField, bool]] = []
    for scale_id, title in zip(scale_ids, headers, strict=True):
        grade_fields.append(
            (
                scale_id,
                _f(
                    f"評価：{title}",
                    f"Grade: {title}",
                    f"「{title}」の評価（凡例の名称。名称がなければ記号、数値の尺度なら値）。",
                    f"The grade on the scale {title} (its legend's name, else its code or value).",
                ),
                False,
            )
        )
        if scales[scale_id][3]:
            grade_fields.append(
                (
                    scale_id,
                    _f(
                        f"評価の理由：{title}",
                        f"Reason: {title}",
                        f"「{title}」の評価の理由・意見（資料のとおり）。",
                        f"The reason or comment given with the grade on {title}, as printed.",
                    ),
                    True,
                )
            )
    ranged = any(k.year_end != k.year for k in cells)
    fields = (
        *LEADING,
        PLAN,
        YEAR,
        *((YEAR_END,) if ranged else ()),
        YEAR_LABEL,
        REPORT,
        KIND,
        GOAL_NUMBER,
        GOAL,
        INITIATIVE_NUMBER,
        INITIATIVE,
        ACTOR_SHORT,
        ACTOR,
        PROGRESS,
        ISSUE,
        *(f for _, f, _ in grade_fields),
    )
    rows = []
    for key in sorted(cells):
        found = cells[key]
        entries_from = _source(c for c in found if c.entries)
        chosen = {s: _source(c for c in found if c.grades.get(s)) for s in scale_ids}
        used = sorted({c.member for c in (entries_from, *chosen.values()) if c is not None})
        first = used[0]
        tables, report = members[first], reports[first]
        assert report is not None
        plan = next(p for p in tables["plans"] if p["plan_id"] == report["plan_id"])
        goal, initiative = _item_rows(tables, key)
        actor = next((a for a in tables["actors"] if a["actor_id"] == key.actor_id), None)
        label_cell = entries_from or next(c for c in chosen.values() if c is not None)
        values = [
            cell_text(plan["municipality_code"]),
            "_".join(p for p in (_item_id(key), key.actor_id, _year_id(key)) if p),
            cell_text(plan["municipality_name"]),
            cell_text(plan["title"]),
            str(key.year) if key.year else "",
            *((str(key.year_end) if key.year_end != key.year else "",) if ranged else ()),
            label_cell.label,
            "、".join(cell_text(reports[m]["title"]) for m in used),  # type: ignore[index]
            KINDS[key.kind],
            _number(goal),
            cell_text(goal["title"]) if goal else "",
            _number(initiative),
            cell_text(initiative["title"]) if initiative else "",
            cell_text(actor["short_name"]) if actor else "",
            cell_text(actor["name"]) if actor else "",
            _joined(entries_from, "progress"),
            _joined(entries_from, "issue"),
        ]
        for scale_id, _, is_reason in grade_fields:
            source = chosen[scale_id]
            grades = source.grades[scale_id] if source else []
            if is_reason:
                values.append("；".join(cell_text(g["reason"]) for g in grades if g["reason"]))
            else:
                values.append(
                    "；".join(_grade_text(members[source.member], g) for g in grades)
                    if source
                    else ""
                )
        rows.append(tuple(values))
    return MainTable("yearly", *YEARLY_TITLES, fields, tuple(rows))


class _Order:
    """Row order: goals and initiatives as the latest report lists them, then the rest."""

    def __init__(self, tables: Tables) -> None:
        self.goals = {r["goal_id"]: i for i, r in enumerate(tables["basic-goals"])}
        self.initiatives = {r["initiative_id"]: i for i, r in enumerate(tables["initiatives"])}
        self.goal_of = {r["initiative_id"]: r["goal_id"] for r in tables["initiatives"]}
        self.actors = {r["actor_id"]: i for i, r in enumerate(tables["actors"])}

    def key(
        self, kind: str, item: str, row: Row | None, actor: str | None, year: tuple[int, int]
    ) -> _Key:
        late = 1 << 20
        if kind == "plan":
            position = (late + 1, 0, 0)
        elif kind == "goal":
            position = (self.goals.get(item, late), 0, 0)
        else:
            goal = self.goal_of.get(item) or (row["goal_id"] if row is not None else None)
            position = (self.goals.get(goal or "", late), 1, self.initiatives.get(item, late))
        actor_id = actor or ""
        # What concerns the item as a whole comes before each actor's rows.
        actor_order = -1 if not actor_id else self.actors.get(actor_id, late)
        return _Key(position, kind, item, actor_order, actor_id, year[0], year[1])


def _end(report: Row) -> int:
    return int(report["fiscal_year_end"] or report["fiscal_year"] or 0)


def _year(row: Row, report: Row) -> tuple[int, int]:
    if row["fiscal_year"] is not None:
        return int(row["fiscal_year"]), int(row["fiscal_year"])
    return int(report["fiscal_year"] or 0), _end(report)


def _label(row: Row, report: Row) -> str:
    if row["fiscal_year"] is not None:
        return cell_text(row["fiscal_year_label"]) or f"{row['fiscal_year']}年度"
    return cell_text(report["fiscal_year_label"])


def _source(cells: Any) -> _Cell | None:
    """The year's own report when it says something, else the latest report that does."""
    found = list(cells)
    own = [c for c in found if c.own_year]
    return (own or found or [None])[-1]


def _item_rows(tables: Tables, key: _Key) -> tuple[Row | None, Row | None]:
    goals = {r["goal_id"]: r for r in tables["basic-goals"]}
    if key.kind == "goal":
        return goals.get(key.item_id), None
    if key.kind == "initiative":
        initiative = next(
            (r for r in tables["initiatives"] if r["initiative_id"] == key.item_id), None
        )
        return (goals.get(initiative["goal_id"]) if initiative else None), initiative
    return None, None


def _item_id(key: _Key) -> str:
    return {"goal": f"goal-{key.item_id}", "plan": "plan"}.get(key.kind, key.item_id)


def _year_id(key: _Key) -> str:
    if not key.year:
        return ""
    return str(key.year) if key.year_end == key.year else f"{key.year}-{key.year_end}"


def _number(row: Row | None) -> str:
    if row is None:
        return ""
    return cell_text(row["notation"] or row["number"])


def _joined(cell: _Cell | None, column: str) -> str:
    if cell is None:
        return ""
    return "\n".join(cell_text(e[column]) for e in cell.entries if e[column])


def _grade_text(tables: Tables, grade: Row) -> str:
    level = next(
        (
            r
            for r in tables["grade-levels"]
            if r["scale_id"] == grade["scale_id"] and r["code"] == grade["code"]
        ),
        None,
    )
    if grade["value"] is not None:
        return cell_text(grade["value"])
    if level is not None and level["title_ja"]:
        return cell_text(level["title_ja"])
    return cell_text(grade["code"])
