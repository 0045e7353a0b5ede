"""Two reports of one plan, compared: a pure function of their (valid) tables.

Everything is matched by the plan's shared ids, which reports of one plan keep (model 0.3:
see model/series.py): goals by goal_id, initiatives by initiative_id, a progress entry by
its initiative and actor (entry ids are per report), grades by subject, actor and scale,
indicators by indicator_id. Only each report's own year is compared (a grade or entry of
another year, restated, is not the report's own; model/series.py checks it agrees).

The result is plain data (dicts and lists) in the shape of schema/diff.schema.json.
"""

from __future__ import annotations

from typing import Any

from plan_progress.diff.grades import GradeKey, compare_grades, own_grades, scales_of
from plan_progress.diff.indicators import compare_indicators
from plan_progress.diff.phrases import text_change
from plan_progress.diff.years import ReportYears
from plan_progress.model.tables import Row, Tables

FORMAT = "plan-progress-diff"
FORMAT_VERSION = 1

EntryKey = tuple[str, str]  # initiative, actor


def report_of(tables: Tables) -> Row:
    return tables["reports"][0]


def plan_of(tables: Tables) -> Row:
    report = report_of(tables)
    return next(p for p in tables["plans"] if p["plan_id"] == report["plan_id"])


def _reference(tables: Tables, directory: str) -> dict[str, Any]:
    report = report_of(tables)
    return {
        "directory": directory,
        "report_id": report["report_id"],
        "title": report["title"],
        "fiscal_year": report["fiscal_year"],
        "fiscal_year_end": report["fiscal_year_end"],
        "fiscal_year_label": report["fiscal_year_label"],
    }


def _entries(tables: Tables, years: ReportYears) -> dict[EntryKey, tuple[str | None, str | None]]:
    """The report's own texts by initiative and actor (several entries of one year are read
    as one text, in the table's order, a line apart)."""
    found: dict[EntryKey, tuple[list[str], list[str]]] = {}
    for row in tables["progress-entries"]:
        if not years.own(row["fiscal_year"]):
            continue
        progress, issue = found.setdefault((row["initiative_id"], row["actor_id"]), ([], []))
        if row["progress"]:
            progress.append(row["progress"])
        if row["issue"]:
            issue.append(row["issue"])
    return {k: ("\n".join(p) or None, "\n".join(i) or None) for k, (p, i) in found.items()}


def _label(row: Row) -> str | None:
    """The number as printed, else the order number; None for an item printed without one."""
    if row["notation"]:
        return row["notation"]
    return str(row["number"]) if row["number"] is not None else None


def _status(in_old: bool, in_new: bool) -> str:
    return "kept" if in_old and in_new else "added" if in_new else "dropped"


def _keys(old: dict[str, Row], new: dict[str, Row]) -> list[str]:
    """The new report's order, then what only the old one has."""
    return list(new) + [k for k in old if k not in new]


def diff_tables(
    old: Tables, new: Tables, old_directory: str = "OLD", new_directory: str = "NEW"
) -> dict[str, Any]:
    """What changed from the report in `old` to the report in `new` (same plan; `old`
    earlier: the command checks both before calling this)."""
    old_years, new_years = ReportYears.of(report_of(old)), ReportYears.of(report_of(new))
    old_scales, new_scales = scales_of(old), scales_of(new)
    old_grades, new_grades = own_grades(old, old_years), own_grades(new, new_years)
    used: set[GradeKey] = set()

    def grades(key: GradeKey) -> list[dict[str, Any]]:
        used.add(key)
        return compare_grades(old_grades.get(key, []), new_grades.get(key, []),
                              old_scales, new_scales)  # fmt: skip

    old_entries, new_entries = _entries(old, old_years), _entries(new, new_years)
    old_actors = {r["actor_id"]: r for r in old["actors"]}
    new_actors = {r["actor_id"]: r for r in new["actors"]}

    # Each initiative's actors, in order: the new report's entries, the old one's, then
    # actors that only grade it (indexed once: a scan per initiative would be quadratic).
    actor_keys: dict[str, dict[EntryKey, None]] = {}
    graded = [(s[1], actor) for (s, actor) in list(new_grades) + list(old_grades)
              if s[0] == "initiative" and actor is not None]  # fmt: skip
    for key in [*new_entries, *old_entries, *graded]:
        actor_keys.setdefault(key[0], {})[key] = None

    def actors_of(initiative_id: str) -> list[dict[str, Any]]:
        keys = actor_keys.get(initiative_id, {})
        out = []
        for key in keys:
            actor = new_actors.get(key[1]) or old_actors.get(key[1])
            before, after = old_entries.get(key), new_entries.get(key)
            grade_key = (("initiative", key[0]), key[1])
            out.append({
                "actor_id": key[1],
                "actor": (actor["short_name"] or actor["name"]) if actor else key[1],
                "status": _status(before is not None or grade_key in old_grades,
                                  after is not None or grade_key in new_grades),
                "progress": text_change(before and before[0], after and after[0]),
                "issue": text_change(before and before[1], after and after[1]),
                "grades": grades(grade_key),
            })  # fmt: skip
        return out

    old_goals = {r["goal_id"]: r for r in old["basic-goals"]}
    new_goals = {r["goal_id"]: r for r in new["basic-goals"]}
    goals = []
    for key in _keys(old_goals, new_goals):
        row = new_goals.get(key) or old_goals[key]
        before, after = old_goals.get(key), new_goals.get(key)
        goals.append({
            "goal_id": key,
            "label": _label(row),
            "title": row["title"],
            "status": _status(before is not None, after is not None),
            "title_change": text_change(before and before["title"], after and after["title"]),
            "grades": grades((("goal", key), None)),
        })  # fmt: skip
    old_initiatives = {r["initiative_id"]: r for r in old["initiatives"]}
    new_initiatives = {r["initiative_id"]: r for r in new["initiatives"]}
    initiatives = []
    for key in _keys(old_initiatives, new_initiatives):
        row = new_initiatives.get(key) or old_initiatives[key]
        before, after = old_initiatives.get(key), new_initiatives.get(key)
        initiatives.append({
            "initiative_id": key,
            "goal_id": row["goal_id"],
            "label": _label(row),
            "title": row["title"],
            "status": _status(before is not None, after is not None),
            "title_change": text_change(before and before["title"], after and after["title"]),
            "grades": grades((("initiative", key), None)),
            "actors": actors_of(key),
        })  # fmt: skip
    # What is left: the plan's grades, and grades of a goal or initiative by one actor
    other = [
        {"subject_type": s[0], "subject_id": s[1], "actor_id": actor, "grades": grades((s, actor))}
        for (s, actor) in dict.fromkeys(list(new_grades) + list(old_grades))
        if ((s, actor)) not in used
    ]
    indicators = compare_indicators(old, new)
    plan = plan_of(new)
    result = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "plan": {
            "municipality_code": plan["municipality_code"],
            "plan_id": plan["plan_id"],
            "title": plan["title"],
        },
        "old": _reference(old, old_directory),
        "new": _reference(new, new_directory),
        "goals": goals,
        "initiatives": initiatives,
        "other_grades": other,
        "indicators": indicators,
    }
    result["summary"] = summary(result)
    return result


def _all_grades(result: dict[str, Any]) -> list[dict[str, Any]]:
    out = [g for goal in result["goals"] for g in goal["grades"]]
    for initiative in result["initiatives"]:
        out += initiative["grades"]
        out += [g for actor in initiative["actors"] for g in actor["grades"]]
    out += [g for other in result["other_grades"] for g in other["grades"]]
    return out


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """Counts of what changed, for a reader's first glance and for scripts."""

    def count(items: list[dict[str, Any]], field: str, value: str) -> int:
        return sum(1 for item in items if item[field] == value)

    actors = [a for i in result["initiatives"] for a in i["actors"]]
    texts = [a[f] for a in actors for f in ("progress", "issue")]
    titles = [x["title_change"] for x in result["goals"] + result["initiatives"]]
    grades = _all_grades(result)
    return {
        "goals": {s: count(result["goals"], "status", s) for s in ("added", "dropped")},
        "initiatives": {s: count(result["initiatives"], "status", s) for s in ("added", "dropped")},
        "entries": {s: count(actors, "status", s) for s in ("kept", "added", "dropped")},
        "texts": {s: count(texts, "status", s)
                  for s in ("unchanged", "changed", "added", "removed")},
        "titles_changed": count(titles, "status", "changed"),
        "grades": {s: count(grades, "movement", s)
                   for s in ("up", "down", "same", "changed", "not-comparable", "added",
                             "dropped")},
        "indicators": {s: count(result["indicators"], "toward_target", s)
                       for s in ("toward", "away", "same", "reached")},
    }  # fmt: skip
