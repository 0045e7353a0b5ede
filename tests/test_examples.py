"""The fictional examples exercise every optional part of the standard, and say they are fictional."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import EXAMPLES, REPO, run_cli
from plan_progress.core import municipality_code, standard
from plan_progress.core.package import OPTIONAL_TABLES, SOURCE_TABLES


def rows(table: str) -> list[dict[str, str]]:
    result = []
    for root in EXAMPLES:
        with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            result += list(csv.DictReader(f))
    return result


def test_there_are_two_examples_besides_shimotsuke() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("root", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_marked_fictional(root) -> None:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["title"].startswith("【例】") and "EXAMPLE" in descriptor["title"]
    (plan,) = rows_of(root, "plans")
    # Prefecture code 99 does not exist, so the code cannot be taken for a real place.
    assert plan["municipality_code"].startswith("99")
    assert municipality_code.is_valid(plan["municipality_code"])
    assert "（例）" in plan["municipality_name"]


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
