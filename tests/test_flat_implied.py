"""The flat table's own check is proved by the source tables' checks (checks/flat_implied.py)
when every flat column's constraints follow from its source column's: the same problems with
the proof as with frictionless reading the generated table; the proof refused for any schema
it cannot compare; and a row without a value the flat table requires (a plan without a
title) sends the table to frictionless, which words the problem as before."""

from __future__ import annotations

import copy
import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from plan_progress.checks import flat_implied
from plan_progress.checks.tables import check_flat_table
from plan_progress.core.package import FLAT_TABLE, PlanPackage
from plan_progress.pipeline import streamed
from plan_progress.pipeline.validation import check_and_generate, validate

REPO = Path(__file__).resolve().parents[1]
FLAT_CSV = "data/generated/progress-flat.csv"


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from scale_helpers import make_corpus

    return make_corpus(tmp_path_factory.mktemp("flat-implied"), count=6, seed=5)[1]


def test_the_standards_flat_schema_is_proved_but_the_plan_title() -> None:
    """plans.title may be empty in its own table, so the flat table's `required` on it is
    the one constraint left to check on the rows."""
    assert flat_implied.residual_required(PlanPackage.open(REPO)) == ("plan_title",)


def _resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _field(descriptor: dict[str, Any], resource: str, name: str) -> dict[str, Any]:
    fields = _resource(descriptor, resource)["schema"]["fields"]
    return next(f for f in fields if f["name"] == name)


def _flat(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda d: _field(d, FLAT_TABLE, name)


REFUSED: dict[str, Callable[[dict[str, Any]], None]] = {
    "flat minLength raised": lambda d: _flat("progress")(d)["constraints"].update(minLength=2),
    "flat pattern added": lambda d: _flat("issue")(d)["constraints"].update(pattern="^x"),
    "flat pattern changed": lambda d: _flat("entry_id")(d)["constraints"].update(pattern="^a"),
    "flat minimum raised": lambda d: _flat("fiscal_year")(d)["constraints"].update(minimum=2000),
    "flat maxLength added": lambda d: _flat("actor_name")(d)["constraints"].update(maxLength=9),
    "flat type changed": lambda d: _flat("goal_number")(d).update(type="number"),
    "flat format added": lambda d: _flat("progress")(d).update(format="email"),
    "flat unique added": lambda d: _flat("progress")(d)["constraints"].update(unique=True),
    "joined column minLength 2": lambda d: _flat("goal_path")(d)["constraints"].update(
        minLength=2
    ),
    "unknown flat column": lambda d: _resource(d, FLAT_TABLE)["schema"]["fields"].append(
        {"name": "extra", "type": "string"}
    ),
    "flat foreign key": lambda d: _resource(d, FLAT_TABLE)["schema"].update(
        foreignKeys=[
            {"fields": ["actor_id"], "reference": {"resource": "actors", "fields": ["actor_id"]}}
        ]
    ),
    "flat missing values": lambda d: _resource(d, FLAT_TABLE)["schema"].update(
        missingValues=["", "-"]
    ),
    "flat primary key changed": lambda d: _resource(d, FLAT_TABLE)["schema"].update(
        primaryKey=["actor_id"]
    ),
    "source minLength dropped": lambda d: _field(d, "progress-entries", "progress")[
        "constraints"
    ].pop("minLength"),
    "source pattern dropped": lambda d: _field(d, "actors", "actor_id")["constraints"].pop(
        "pattern"
    ),
    "source missing values": lambda d: _resource(d, "plans")["schema"].update(
        missingValues=["", "NA"]
    ),
    "source type changed": lambda d: _field(d, "basic-goals", "number").update(type="string"),
}


@pytest.mark.parametrize("change", sorted(REFUSED))
def test_a_schema_not_implied_by_the_sources_is_not_proved(change, tmp_path) -> None:
    """Whatever makes the flat table stricter than its sources (or the sources looser), or
    a schema key the proof does not compare: frictionless reads the table."""
    descriptor = json.loads((REPO / "datapackage.json").read_text("utf-8"))
    REFUSED[change](descriptor)
    # The package object as-is: the proof must refuse even what the descriptor's shape check
    # would let through.
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    assert flat_implied.residual_required(PlanPackage(tmp_path)) is None


@pytest.mark.parametrize(
    ("resource", "column", "flat_column"),
    [("initiatives", "title", "initiative_title"), ("actors", "name", "actor_name")],
)
def test_a_source_column_that_may_be_empty_leaves_required_to_the_rows(
    resource, column, flat_column, tmp_path
) -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text("utf-8"))
    _field(descriptor, resource, column)["constraints"].pop("required")
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    residual = flat_implied.residual_required(PlanPackage(tmp_path))
    assert residual is not None and set(residual) == {"plan_title", flat_column}


def test_a_required_goal_column_is_never_proved(tmp_path) -> None:
    """An initiative may have no goal: even a required goal title leaves its rows empty."""
    descriptor = json.loads((REPO / "datapackage.json").read_text("utf-8"))
    _flat("goal_title")(descriptor)["constraints"]["required"] = True
    _field(descriptor, "basic-goals", "title")["constraints"]["required"] = True
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    residual = flat_implied.residual_required(PlanPackage(tmp_path))
    assert residual is not None and "goal_title" in residual


def _spy(monkeypatch) -> list[Path]:
    read: list[Path] = []

    def counted(package, data):
        read.append(data)
        return check_flat_table(package, data)

    monkeypatch.setattr(streamed, "check_flat_table", counted)
    return read


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_proved_flat_table_is_not_read_and_frictionless_agrees(merged, monkeypatch, jobs) -> None:
    monkeypatch.setenv("PLAN_PROGRESS_JOBS", jobs)
    package = PlanPackage.open(merged)
    read = _spy(monkeypatch)
    assert validate(package) == []
    assert read == []  # proved: frictionless did not read the generated table
    # ...and what it would have found there is nothing, as the proof says.
    assert check_flat_table(package, merged / FLAT_CSV) == []
    monkeypatch.setattr(flat_implied, "residual_required", lambda package: None)
    assert validate(package) == []
    assert len(read) == 1  # without the proof, the full check ran


def _without_a_plan_title(merged: Path, where: Path) -> Path:
    copy_dir = where / "merged"
    shutil.copytree(merged, copy_dir)
    plans = copy_dir / "data" / "plans.csv"
    with plans.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    title = rows[0].index("title")
    rows[2][title] = ""
    with plans.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)
    return copy_dir


def test_a_missing_required_value_sends_the_table_to_frictionless(
    merged, monkeypatch, tmp_path
) -> None:
    package = PlanPackage.open(_without_a_plan_title(merged, tmp_path))
    read = _spy(monkeypatch)
    _, problems = check_and_generate(package)
    assert len(read) == 1
    flat_problems = [p for p in problems if p.file == FLAT_CSV]
    assert flat_problems and {p.column for p in flat_problems} == {"plan_title"}
    monkeypatch.setattr(flat_implied, "residual_required", lambda package: None)
    _, unproved = check_and_generate(package)
    assert [(p, p.params) for p in problems] == [(p, p.params) for p in unproved]


def test_rows_complete_sees_every_row() -> None:
    rows = [{"a": "x", "b": None}, {"a": "y", "b": "z"}]
    assert flat_implied.rows_complete(rows, ("a",))
    assert not flat_implied.rows_complete(rows, ("a", "b"))
    assert flat_implied.rows_complete(copy.deepcopy(rows), ())
