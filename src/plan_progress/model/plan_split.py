"""A multi-plan package's tables, split into one set of tables per plan.

A package whose descriptor says `planProgress.multiPlan: true` (the merged synthetic corpus)
holds many plans in the standard's tables. Each plan is generated exactly as a package of its
own: its rows are picked out here and given to the single-plan document builder, with the
plan's own base IRI `{baseIri}{municipality_code}/`.
"""

from __future__ import annotations

from collections import defaultdict

from plan_progress.model.tables import Row, Tables


def split_by_plan(tables: Tables) -> list[Tables]:
    """One Tables per plan without a parent (with its sub-plans), in file order; rows keep
    their order within each table."""
    parents = {r["plan_id"]: r["parent_plan_id"] for r in tables["plans"]}
    root = {plan_id: _root(plan_id, parents) for plan_id in parents}
    plan_of_report = {r["report_id"]: r["plan_id"] for r in tables["reports"]}
    plan_of_goal = {r["goal_id"]: root[r["plan_id"]] for r in tables["basic-goals"]}
    plan_of_initiative = {
        r["initiative_id"]: root[r["plan_id"]]
        if r["plan_id"] is not None
        else plan_of_goal.get(r["goal_id"]) or _only_report_plan(tables)
        for r in tables["initiatives"]
    }
    plan_of_scale = {r["scale_id"]: plan_of_report[r["report_id"]] for r in tables["grade-scales"]}
    plan_of_indicator = {
        r["indicator_id"]: plan_of_report[r["report_id"]] for r in tables["indicators"]
    }
    plan_of_body: dict[str, str] = {}
    for r in tables["reports"]:
        if r["confirmed_by"] is not None:
            plan_of_body.setdefault(r["confirmed_by"], r["plan_id"])
    owner = {
        "reports": lambda r: root[r["plan_id"]],
        "plans": lambda r: root[r["plan_id"]],
        "plan-authors": lambda r: root[r["plan_id"]],
        "basic-goals": lambda r: root[r["plan_id"]],
        "initiatives": lambda r: plan_of_initiative[r["initiative_id"]],
        "progress-entries": lambda r: plan_of_report[r["report_id"]],
        "confirmation-bodies": lambda r: plan_of_body.get(r["body_id"]),
        "goal-lists": lambda r: root[r["plan_id"]],
        "responsibilities": lambda r: plan_of_initiative[r["initiative_id"]],
        "grade-scales": lambda r: plan_of_report[r["report_id"]],
        "grade-levels": lambda r: plan_of_scale[r["scale_id"]],
        "grades": lambda r: plan_of_scale[r["scale_id"]],
        "indicators": lambda r: plan_of_report[r["report_id"]],
        "indicator-values": lambda r: plan_of_indicator[r["indicator_id"]],
        "initiative-goals": lambda r: plan_of_initiative[r["initiative_id"]],
        "grade-counts": lambda r: plan_of_scale[r["scale_id"]],
        "report-notes": lambda r: plan_of_report[r["report_id"]],
        "plan-revisions": lambda r: root[r["plan_id"]],
    }
    grouped: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for name, plan_of in owner.items():
        for row in tables[name]:
            grouped[plan_of(row)][name].append(row)
    # An actor belongs to every plan that names it as author or in an entry (or grades it);
    # a department to every plan that makes it responsible for an initiative.
    actors = _by_key(tables["actors"], "actor_id")
    departments = _by_key(tables["departments"], "department_id")
    result = []
    for plan in tables["plans"]:
        if plan["parent_plan_id"] is not None:
            continue  # a sub-plan goes with its root plan
        own = grouped[plan["plan_id"]]
        part = {name: list(own[name]) for name in owner}
        responsible = {r["department_id"] for r in own["responsibilities"]}
        part["departments"] = _in_file_order(departments, responsible)
        used = (
            {r["actor_id"] for r in own["plan-authors"]}
            | {r["actor_id"] for r in own["progress-entries"]}
            | {r["actor_id"] for r in own["grades"] if r["actor_id"] is not None}
            | {r["actor_id"] for r in part["departments"]}
            | {r["owner_actor_id"] for r in own["goal-lists"]}
        )
        part["actors"] = _in_file_order(actors, used)
        result.append(part)
    return result


def _by_key(rows: list[Row], key: str) -> dict[str, tuple[int, Row]]:
    """Each row by its key, with its place in the table (the last of a repeated key, as a
    dict built in file order keeps it, at that key's first place)."""
    found: dict[str, tuple[int, Row]] = {}
    for row in rows:
        place = found[row[key]][0] if row[key] in found else len(found)
        found[row[key]] = (place, row)
    return found


def _in_file_order(rows: dict[str, tuple[int, Row]], wanted: set[str]) -> list[Row]:
    """The rows named in `wanted`, in the table's order: looked up, not searched for, so that
    many plans with many actors cost what they hold (a scan of every actor for every plan
    was 2.7 s of a 200,000-entry build)."""
    return [row for _, row in sorted(rows[key] for key in wanted if key in rows)]


def _root(plan_id: str, parents: dict[str, str | None]) -> str:
    seen = {plan_id}
    while parents.get(plan_id) is not None and parents[plan_id] not in seen:
        plan_id = parents[plan_id]
        seen.add(plan_id)
    return plan_id


def _only_report_plan(tables: Tables) -> str:
    """The plan of an initiative that names neither goal nor plan: the first report's (a
    package of many plans should name it; each plan's report is checked on its own)."""
    return tables["reports"][0]["plan_id"]
