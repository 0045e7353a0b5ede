"""Every shape of package a real record may take builds and validates, or gets a one-line
error at the source CSV; none gives a traceback (issue 9, point 1)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import run_cli
from package_shapes import own_plan, shape, write_package

SCALE = {"scale_id": "s", "report_id": "r", "number": "1", "title": "達成度"}
ACTOR = {"actor_id": "a", "name": "形のテスト区", "actor_type": "municipality"}
GOAL = {"goal_id": "g1", "plan_id": "p", "number": "1", "title": "目標一"}

VALID = {
    # a committee's answer: grades per goal area only, no initiative, no entry, no status
    "goal-without-initiative": shape(
        basic_goals=[GOAL, {**GOAL, "goal_id": "g2", "number": "2", "title": "目標二"}],
        confirmation_bodies=[{"body_id": "c", "name": "推進委員会"}],
        grade_scales=[
            {
                **SCALE,
                "scale_type": "ordinal",
                "assessor": "committee",
                "assessed_by": "c",
                "assessment_date_label": "令和4年3月",
            }
        ],
        grade_levels=[
            {"scale_id": "s", "code": "A", "rank": "1"},
            {"scale_id": "s", "code": "B", "rank": "2", "title_ja": "おおむね達成"},
        ],
        grades=[
            {
                "grade_id": "x1",
                "scale_id": "s",
                "code": "A",
                "goal_id": "g1",
                "fiscal_year": "2015",
                "fiscal_year_label": "平成27年度",
            },
            {
                "grade_id": "x2",
                "scale_id": "s",
                "code": "B",
                "goal_id": "g1",
                "fiscal_year": "2016",
                "fiscal_year_label": "平成28年度",
            },
            {"grade_id": "x3", "scale_id": "s", "code": "B", "goal_id": "g2"},
        ],
    ),
    # indicators only, the value printed 45.0, a text target, a note with its mark
    "indicators-only": shape(
        indicators=[
            {
                "indicator_id": "i1",
                "report_id": "r",
                "title": "指標",
                "unit": "%",
                "baseline_value": "45.0",
                "baseline_heading": "現状",
                "target_text": "継続実施",
                "note": "実態調査※4",
                "footnote_mark": "※4",
            }
        ],
        report_notes=[{"note_id": "n4", "report_id": "r", "mark": "※4", "text": "注の本文"}],
    ),
    # printed totals only
    "counts-only": shape(
        grade_scales=[{**SCALE, "scale_type": "ordinal"}],
        grade_levels=[{"scale_id": "s", "code": "A", "rank": "1"}],
        grade_counts=[{"count_id": "k1", "scale_id": "s", "code": "A", "count": "34"}],
    ),
    # projects without goals, numeric grades whose range is not stated, unnamed actor
    "no-goals": shape(
        actors=[{**ACTOR, "short_name": ""}],
        initiatives=[{"initiative_id": "i1", "number": "1", "notation": "001", "title": "事業"}],
        progress_entries=[
            {
                "entry_id": "e1",
                "report_id": "r",
                "initiative_id": "i1",
                "actor_id": "a",
                "issue": "課題だけ",
            }
        ],
        grade_scales=[{**SCALE, "scale_type": "numeric"}],
        grades=[{"grade_id": "x", "scale_id": "s", "value": "3", "initiative_id": "i1"}],
    ),
    # a sub-plan with its own goals, indicators and a grade of the whole sub-plan
    "sub-plan": shape(
        plans=[
            {
                "plan_id": "q",
                "title": "下位計画",
                "municipality_code": "131016",
                "municipality_name": "千代田区",
                "parent_plan_id": "p",
            }
        ],
        basic_goals=[{**GOAL, "plan_id": "q"}],
        initiatives=[
            {"initiative_id": "i1", "goal_id": "g1", "number": "1", "title": "施策"},
            {
                "initiative_id": "i2",
                "goal_id": "g1",
                "number": "1",
                "title": "事業",
                "parent_initiative_id": "i1",
            },
        ],
        indicators=[
            {
                "indicator_id": "d",
                "report_id": "r",
                "title": "数値目標",
                "plan_id": "q",
                "target_value": "12",
            }
        ],
        grade_scales=[{**SCALE, "scale_type": "nominal"}],
        grade_levels=[{"scale_id": "s", "code": "見直し・廃止"}, {"scale_id": "s", "code": "継続"}],
        grades=[
            {"grade_id": "x", "scale_id": "s", "code": "継続", "plan_id": "q"},
            {"grade_id": "y", "scale_id": "s", "code": "見直し・廃止", "indicator_id": "d"},
        ],
    ),
}

INVALID = {
    "empty-report": (shape(), ("model.report-empty", "data/reports.csv", 2)),
    # the report names a plan that is not there: said at the report, nothing else follows
    "no-plan": (shape(_plans=[]), ("table.foreign-key", "data/reports.csv", 2)),
    # no plan at all (no report is allowed: a plan on its own): said at the plans
    "nothing": (shape(_plans=[], _reports=[]), ("model.cardinality", "data/plans.csv", None)),
    "two-reports": (
        shape(reports=[{"report_id": "r2", "plan_id": "p", "title": "二つ目"}]),
        ("model.cardinality", "data/reports.csv", None),
    ),
    "dangling-plan": (
        shape(_reports=[{"report_id": "r", "plan_id": "zz", "title": "報告"}]),
        ("table.foreign-key", "data/reports.csv", 2),
    ),
    "entry-without-text": (
        shape(
            actors=[ACTOR],
            initiatives=[{"initiative_id": "i1", "number": "1", "title": "事業"}],
            progress_entries=[
                {"entry_id": "e1", "report_id": "r", "initiative_id": "i1", "actor_id": "a"}
            ],
        ),
        ("model.entry-empty", "data/progress-entries.csv", 2),
    ),
    "code-on-a-numeric-scale": (
        shape(
            grade_scales=[{**SCALE, "scale_type": "numeric", "maximum": "5"}],
            grades=[{"grade_id": "x", "scale_id": "s", "value": "6"}],
        ),
        ("model.grade-value", "data/grades.csv", 2),
    ),
    "plans-in-a-loop": (
        shape(
            _plans=[
                {
                    "plan_id": "p",
                    "title": "計画",
                    "municipality_code": "131016",
                    "municipality_name": "千代田区",
                    "parent_plan_id": "q",
                },
                {
                    "plan_id": "q",
                    "title": "計画",
                    "municipality_code": "131016",
                    "municipality_name": "千代田区",
                    "parent_plan_id": "p",
                },
            ],
            indicators=[{"indicator_id": "d", "report_id": "r", "title": "指標"}],
        ),
        ("model.plan-tree", "data/plans.csv", 2),
    ),
    "ranked-nominal-level": (
        shape(
            grade_scales=[{**SCALE, "scale_type": "nominal"}],
            grade_levels=[{"scale_id": "s", "code": "継続", "rank": "1"}],
            grades=[{"grade_id": "x", "scale_id": "s", "code": "継続"}],
        ),
        ("model.scale-type", "data/grade-levels.csv", 2),
    ),
    "indicator-in-another-plan": (
        shape(
            plans=[
                {
                    "plan_id": "q",
                    "title": "下位計画",
                    "municipality_code": "131016",
                    "municipality_name": "千代田区",
                    "parent_plan_id": "p",
                }
            ],
            basic_goals=[GOAL],
            indicators=[
                {
                    "indicator_id": "d",
                    "report_id": "r",
                    "title": "指標",
                    "goal_id": "g1",
                    "plan_id": "q",
                }
            ],
        ),
        ("model.plan-mismatch", "data/indicators.csv", 2),
    ),
    "goal-without-title-or-number": (
        shape(
            basic_goals=[{**GOAL, "title": ""}],
            indicators=[{"indicator_id": "d", "report_id": "r", "title": "指標"}],
        ),
        ("model.unnamed", "data/basic-goals.csv", 2),
    ),
}

WARNINGS = {
    "count-differs": (
        shape(
            grade_scales=[{**SCALE, "scale_type": "ordinal"}],
            grade_levels=[{"scale_id": "s", "code": "A", "rank": "1"}],
            grades=[{"grade_id": "x", "scale_id": "s", "code": "A"}],
            grade_counts=[{"count_id": "k", "scale_id": "s", "code": "A", "count": "34"}],
        ),
        ("model.count-mismatch", "data/grade-counts.csv", 2),
    ),
    "unused-actor": (
        shape(
            actors=[ACTOR], indicators=[{"indicator_id": "d", "report_id": "r", "title": "指標"}]
        ),
        ("model.unused", "data/actors.csv", 2),
    ),
}

LINE = re.compile(
    r"^(?P<dir>[^:]+?)/(?P<file>data/[a-z-]+\.csv):(?P<row>\d*):[^:]*: \[(?P<rule>[a-z.-]+)\] "
)


def problem_lines(stderr: str) -> list[re.Match]:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("/")]
    matches = [LINE.match(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if not m]
    return matches


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("shapes")
    everything = {**VALID, **{k: v[0] for k, v in {**INVALID, **WARNINGS}.items()}}
    return {
        name: write_package(root / name, own_plan(rows, f"p{i}"))
        for i, (name, rows) in enumerate(everything.items())
    }


def test_every_valid_shape_builds_and_validates(packages: dict[str, Path]) -> None:
    dirs = [str(packages[name]) for name in VALID]
    built = run_cli("build", *dirs)
    assert built.returncode == 0, built.stderr
    assert problem_lines(built.stderr) == []
    validated = run_cli("validate", *dirs, "--format", "json")
    assert json.loads(validated.stdout)["problems"] == [], validated.stdout
    assert validated.returncode == 0


def test_every_invalid_shape_gets_a_line_at_its_source_csv(packages: dict[str, Path]) -> None:
    dirs = [str(packages[name]) for name in INVALID]
    for command in ("build", "validate"):
        result = run_cli(command, *dirs, "--lang", "ja")
        assert result.returncode == 1
        found = {(m["dir"], m["rule"], m["file"], m["row"]) for m in problem_lines(result.stderr)}
        for name, (_, (rule, file, row)) in INVALID.items():
            directory = str(packages[name])
            assert any(
                d == directory and r == rule and f == file and (row is None or n == str(row))
                for d, r, f, n in found
            ), (command, name, sorted(x for x in found if x[0] == directory))
        # Nothing was written for an invalid package.
        for name in INVALID:
            assert not (packages[name] / "data" / "generated").exists(), name


def test_warnings_print_but_leave_the_package_valid(packages: dict[str, Path]) -> None:
    dirs = [str(packages[name]) for name in WARNINGS]
    built = run_cli("build", *dirs)
    assert built.returncode == 0, built.stderr
    for name, (_, (rule, file, row)) in WARNINGS.items():
        assert f"{packages[name]}/{file}:{row}:" in built.stderr and f"[{rule}]" in built.stderr
    validated = run_cli("validate", *dirs, "--format", "json", "--lang", "en")
    assert validated.returncode == 0
    report = json.loads(validated.stdout)
    assert report["valid"] is True
    assert {p["rule"] for p in report["problems"]} == {"model.count-mismatch", "model.unused"}
    assert {p["severity"] for p in report["problems"]} == {"warning"}
    count = next(p for p in report["problems"] if p["rule"] == "model.count-mismatch")
    assert count["params"]["count"] == "34" and count["params"]["found"] == "1"


def test_printed_precision_is_kept_in_every_output(packages: dict[str, Path]) -> None:
    root = packages["indicators-only"]
    document = json.loads((root / "data/generated/report.jsonld").read_text(encoding="utf-8"))
    (indicator,) = document["indicators"]
    assert indicator["baseline"]["value"] == "45.0"
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    for name, fmt in (("report.nt", ox.RdfFormat.N_TRIPLES), ("report.ttl", ox.RdfFormat.TURTLE)):
        values = [
            q.object
            for q in ox.parse(path=str(root / "data/generated" / name), format=fmt)
            if q.predicate.value == "https://w3id.org/plan-progress/ns#value"
        ]
        assert [(v.value, v.datatype) for v in values] == [("45.0", decimal)], name
    assert indicator["target"]["valueText"] == "継続実施"
    assert indicator["baseline"]["heading"] == "現状"
    assert indicator["footnoteMark"] == "※4" and document["reportNotes"][0]["mark"] == "※4"


def test_a_goal_without_initiatives_is_described_in_void(packages: dict[str, Path]) -> None:
    # The VoID description used to take the first goal's first initiative (an IndexError).
    void = (packages["goal-without-initiative"] / "data/generated/void.ttl").read_text()
    assert "/goal/g1" in void and "initiative" not in void
