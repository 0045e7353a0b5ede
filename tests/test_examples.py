"""The fictional examples exercise every optional part of the standard, and say they are fictional."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import EXAMPLES, REPO, run_cli
from plan_progress.core import municipality_code, standard
from plan_progress.core.package import OPTIONAL_TABLES, SOURCE_TABLES


def rows(table: str) -> list[dict[str, str]]:
    """Both examples' rows, each with every standard column (optional ones may be left out of
    a file: they read as empty)."""
    columns = [f["name"] for f in standard.table_schema(table)["fields"]]
    result = []
    for root in EXAMPLES:
        with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            result += [{c: "" for c in columns} | row for row in csv.DictReader(f)]
    return result


def test_there_are_two_examples_besides_shimotsuke() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("root", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_marked_fictional(root) -> None:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["title"].startswith("【例】") and "EXAMPLE" in descriptor["title"]
    for plan in rows_of(root, "plans"):
        # Prefecture code 99 does not exist, so the code cannot be taken for a real place.
        assert plan["municipality_code"].startswith("99")
        assert municipality_code.is_valid(plan["municipality_code"])
        assert "（例）" in plan["municipality_name"] and "（例）" in plan["title"]


def rows_of(root, table: str) -> list[dict[str, str]]:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("table", OPTIONAL_TABLES)
def test_every_optional_table_is_used(table: str) -> None:
    assert rows(table), table


@pytest.mark.parametrize("table", SOURCE_TABLES)
def test_every_optional_column_has_a_value_somewhere(table: str) -> None:
    fields = standard.table_schema(table)["fields"]
    optional = [f["name"] for f in fields if not f.get("constraints", {}).get("required")]
    # Fictional data carries no corporate number: any valid one may be a real corporation's.
    optional = [c for c in optional if c != "corporate_number"]
    examples = rows(table)
    for column in optional:
        assert any(row.get(column) for row in examples), (table, column)


@pytest.mark.parametrize(
    ("codelist", "table", "columns"),
    [
        ("item-type", "initiatives", ["item_type"]),
        ("responsibility-role", "responsibilities", ["role"]),
        ("assessor-type", "grade-scales", ["assessor"]),
        ("actor-type", "actors", ["actor_type"]),
        ("report-status", "reports", ["status"]),
        ("value-status", "indicators", ["baseline_status", "current_status", "target_status"]),
        ("scale-type", "grade-scales", ["scale_type"]),
        ("revision-type", "plan-revisions", ["revision_type"]),
    ],
)
def test_every_code_is_used(codelist: str, table: str, columns: list[str]) -> None:
    used = {row[c] for row in rows(table) for c in columns}
    used |= (
        {row["actual_status"] for row in rows("indicator-values")}
        if codelist == "value-status"
        else set()
    )
    assert {c["code"] for c in standard.codelist(codelist)} <= used


def test_the_optional_situations_the_reuse_issue_lists_occur() -> None:
    grades = rows("grades")
    assert any(g["initiative_id"] for g in grades)  # a grade on an item
    assert any(g["goal_id"] for g in grades)  # on a goal
    assert any(not g["goal_id"] and not g["initiative_id"] for g in grades)  # the whole plan
    scales_per_report = {}
    for scale in rows("grade-scales"):
        scales_per_report.setdefault(scale["report_id"], []).append(scale)
    assert max(len(s) for s in scales_per_report.values()) >= 2  # two grade dimensions
    assert any(s["assessed_by"] for s in rows("grade-scales"))  # a committee's grades
    assert any(level["code"] in "◎○△" for level in rows("grade-levels"))
    indicators = rows("indicators")
    assert any(i["lower_is_better"] == "true" for i in indicators)
    assert any(i["target_status"] == "not-set" for i in indicators)
    assert any(i["current_status"] == "not-available" for i in indicators)
    assert any(i["cumulative"] == "true" for i in indicators)
    assert any(i["baseline_fiscal_year_label"].startswith("平成") for i in indicators)
    series = rows("indicator-values")
    assert any(v["planned_value"] and v["actual_value"] for v in series)
    per_initiative = {}
    for r in rows("responsibilities"):
        per_initiative.setdefault(r["initiative_id"], set()).add(r["department_id"])
    assert max(len(d) for d in per_initiative.values()) >= 2  # several departments
    assert any(i["parent_initiative_id"] for i in rows("initiatives"))  # sub-measures
    assert len(rows_of(EXAMPLES[0], "actors")) >= 3  # more than two actors
    assert len(rows_of(EXAMPLES[0], "goal-lists")) >= 2  # two goal lists side by side
    assert any(not e["issue"] for e in rows("progress-entries"))  # progress without an issue


def test_the_situations_of_real_records_occur() -> None:
    """What version 0.2 added for real records (issue 9) is exercised by the examples."""
    grades = rows("grades")
    yearly: dict[tuple, set[str]] = {}
    for g in grades:
        yearly.setdefault((g["scale_id"], g["initiative_id"], g.get("indicator_id")), set()).add(
            g.get("fiscal_year")
        )
    assert any(len(years) >= 2 for years in yearly.values())  # yearly grades side by side
    assert any(g.get("indicator_id") and g.get("value") for g in grades)  # an indicator graded
    assert any(g.get("value", "").endswith(".0") for g in grades)  # printed precision
    assert any(g.get("plan_id") for g in grades)  # a sub-plan graded
    scales = rows("grade-scales")
    assert {s["scale_type"] for s in scales} == {"ordinal", "nominal", "numeric"}
    levels = rows("grade-levels")
    assert any(not level["rank"] for level in levels)  # a nominal level
    assert any(not level["title_ja"] for level in levels)  # a label the source does not print
    assert any(p["parent_plan_id"] for p in rows("plans"))  # a sub-plan
    goals = rows("basic-goals")
    assert any(g["parent_goal_id"] for g in goals) and all(g["notation"] for g in goals)
    initiatives = rows("initiatives")
    assert any(not i["goal_id"] for i in initiatives)  # an initiative without a goal
    assert rows("initiative-goals") and all(gl["owner_actor_id"] for gl in rows("goal-lists"))
    entries = rows("progress-entries")
    assert any(not e["progress"] and e["issue"] for e in entries)  # an issue only
    per_year: dict[tuple, int] = {}
    for e in entries:
        key = (e["initiative_id"], e["actor_id"])
        per_year[key] = per_year.get(key, 0) + 1
    assert max(per_year.values()) >= 2  # yearly entries side by side
    indicators = rows("indicators")
    assert any(i["target_text"] and not i["target_value"] for i in indicators)  # a text target
    assert any(i["baseline_heading"] == "現状" for i in indicators)
    assert any(i["baseline_value"].endswith(".0") for i in indicators)
    marks = {f["mark"] for f in rows("report-notes")}
    assert any(i["footnote_mark"] in marks and i["footnote_mark"] in i["note"] for i in indicators)
    reports = rows("reports")
    assert any(r["fiscal_year_end"] for r in reports) and any(
        r["publication_date"] for r in reports
    )
    assert rows("grade-counts")
    assert any(not a["short_name"] for a in rows("actors"))


@pytest.mark.parametrize("root", EXAMPLES, ids=lambda p: p.name)
def test_example_builds_and_validates_from_the_command_line(root, tmp_path) -> None:
    from conftest import copy_package

    copy = copy_package(tmp_path / root.name, root)
    built = run_cli("build", str(copy))
    assert built.returncode == 0, built.stderr
    assert "up to date" in built.stdout  # the committed outputs are current
    validated = run_cli("validate", str(copy), "--format", "json")
    assert json.loads(validated.stdout)["valid"] is True


def test_repository_packages_are_listed_in_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for root in EXAMPLES:
        assert f"examples/{root.name}" in readme
