"""A plan's packages taken together (model.series): the real Sasebo H26/H27 answers, and the
ways a series goes wrong, each named at both files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, copy_package, edit, edit_descriptor, run_cli
from plan_progress.model.series import check_members, check_series, group_series
from plan_progress.pipeline.series import read_members

RECORDS = REPO / "tests" / "records"
H26 = RECORDS / "sasebo-chiiki-fukushi-toshin-h26"
H27 = RECORDS / "sasebo-chiiki-fukushi-toshin-h27"
KAKUU = REPO / "examples" / "kakuu-shi-chiiki-fukushi"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the real Sasebo answers on FY2014 and FY2015."""
    return copy_package(tmp_path / "h26", H26), copy_package(tmp_path / "h27", H27)


def problems_of(*dirs: Path) -> list:
    members, problems = read_members([str(d) for d in dirs])
    assert problems == [] and len(members) == len(dirs), problems
    return check_members(members)


def test_the_real_sasebo_pair_is_one_sound_series() -> None:
    members, problems = read_members([str(H27), str(H26)])
    assert problems == []
    (series,) = group_series(members)
    assert (series.code, series.plan_id) == ("422029", "chiiki-fukushi-2")
    # Ordered by fiscal year, whatever the order given.
    assert [(m.report_id, m.first_year) for m in series.members] == [
        ("toshin-h26", 2014),
        ("toshin-h27", 2015),
    ]
    # H27 restates the four H26 grades (「B(前年度 C)」): they agree with the H26 answer, and
    # goal 3's other wording in H27 is declared (plan-revisions, wording, 2015).
    assert check_series(series) == []
    h27 = series.members[1]
    assert [(r.table, r.key, r.fiscal_year) for r in h27.revisions] == [
        ("basic-goals", "area3", 2015)
    ]


def test_validate_of_the_real_pair_passes_from_the_command_line() -> None:
    result = run_cli("validate", str(H26), str(H27), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "valid (2 packages)" in result.stdout


def test_an_undeclared_difference_is_an_error_naming_both_files(pair) -> None:
    h26, h27 = pair
    (h27 / "data" / "plan-revisions.csv").write_text(
        (h27 / "data" / "plan-revisions.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
        encoding="utf-8",
    )
    (problem,) = problems_of(h26, h27)
    assert problem.rule == "series.plan-conflict"
    assert (problem.file, problem.row, problem.column) == (
        f"{h27}/data/basic-goals.csv", 4, "title"
    )
    line = problem.as_line("ja")
    assert f"{h26}/data/basic-goals.csv:4:title" in line
    assert "主体的活動" in line and "主体系活動" in line
    assert f"{h26}/data/basic-goals.csv:4:title" in problem.as_line("en")


def test_a_revision_must_fall_between_the_two_reports(pair) -> None:
    h26, h27 = pair
    # Declared for FY2014, the year the H26 answer printed the other wording: no cover.
    edit(h27 / "data" / "plan-revisions.csv", ",wording,2015,", ",wording,2014,")
    assert [p.rule for p in problems_of(h26, h27)] == ["series.plan-conflict"]


def test_a_restated_grade_that_differs_is_reported_as_a_warning(pair) -> None:
    h26, h27 = pair
    # H27 restates area2's H26 grade as C; make it B, unlike the H26 answer.
    edit(h27 / "data" / "grades.csv", "area2-h26,zentai,C", "area2-h26,zentai,B")
    (problem,) = problems_of(h26, h27)
    assert problem.rule == "series.restated-grade" and problem.is_warning
    assert (problem.file, problem.row, problem.column) == (f"{h27}/data/grades.csv", 5, "code")
    assert problem.params["other"] == f"{h26}/data/grades.csv:3:code"
    assert problem.params["year"] == 2014


def test_conflicting_plan_titles_fail_validate_with_exit_1(pair) -> None:
    h26, h27 = pair
    edit(h27 / "data" / "plans.csv", "第2期佐世保市地域福祉計画", "第3期佐世保市地域福祉計画")
    assert run_cli("build", str(h27)).returncode == 0
    result = run_cli("validate", str(h26), str(h27), "--lang", "en")
    assert result.returncode == 1
    (line,) = [x for x in result.stderr.splitlines() if "[series." in x]
    assert line.startswith(f"{h27}/data/plans.csv:2:title: [series.plan-conflict]")
    assert f"{h26}/data/plans.csv:2:title" in line and "Traceback" not in result.stderr
    report = json.loads(run_cli("validate", str(h26), str(h27), "--format", "json").stdout)
    assert report["valid"] is False
    assert [p["rule"] for p in report["problems"]] == ["series.plan-conflict"]


def test_a_declared_revision_of_the_plan_title_makes_the_series_sound(pair) -> None:
    h26, h27 = pair
    edit(h27 / "data" / "plans.csv", "第2期佐世保市地域福祉計画", "第2期佐世保市地域福祉計画（改定版）")
    with (h27 / "data" / "plan-revisions.csv").open("a", encoding="utf-8") as f:
        f.write("title-h27,chiiki-fukushi-2,revised,2015,,,,,,,,\n")
    assert problems_of(h26, h27) == []


def test_a_fiscal_year_that_repeats_is_an_error_naming_both_files(pair) -> None:
    h26, h27 = pair
    edit(h27 / "data" / "reports.csv", ",2015,,平成27年度,", ",2014,,平成27年度,")
    problems = problems_of(h26, h27)
    assert [p.rule for p in problems] == ["series.fiscal-year"]
    (problem,) = problems
    assert (problem.file, problem.row, problem.column) == (
        f"{h27}/data/reports.csv", 2, "fiscal_year"
    )
    assert problem.params["other"] == f"{h26}/data/reports.csv:2:fiscal_year"
    assert "2014" in problem.as_line("ja")


def test_overlapping_multi_year_reports_repeat_a_year(pair) -> None:
    h26, h27 = pair
    edit(h26 / "data" / "reports.csv", ",2014,,平成26年度,", ",2014,2015,平成26年度,")
    assert "series.fiscal-year" in [p.rule for p in problems_of(h26, h27)]


def test_the_same_report_id_would_be_one_iri(pair) -> None:
    h26, h27 = pair
    for name in ("reports", "grade-scales", "report-notes"):
        text = (h27 / "data" / f"{name}.csv").read_text(encoding="utf-8")
        (h27 / "data" / f"{name}.csv").write_text(
            text.replace("toshin-h27", "toshin-h26"), encoding="utf-8"
        )
    problems = problems_of(h26, h27)
    assert [p.rule for p in problems] == ["series.report-id"]
    assert problems[0].params["other"] == f"{h26}/data/reports.csv:2"


def test_packages_of_one_plan_need_one_base_iri(pair) -> None:
    h26, h27 = pair
    descriptor = json.loads((h27 / "datapackage.json").read_text(encoding="utf-8"))
    settings = {**descriptor["planProgress"], "baseIri": "https://example.org/id/422029/"}
    edit_descriptor(h27, {"planProgress": settings})
    (problem,) = problems_of(h26, h27)
    assert problem.rule == "series.base-iri"
    assert problem.file == f"{h27}/datapackage.json"
    assert problem.params["other"] == f"{h26}/datapackage.json"


def test_a_report_without_a_fiscal_year_cannot_be_ordered(pair) -> None:
    h26, h27 = pair
    edit(h27 / "data" / "reports.csv", ",2015,,平成27年度,", ",,,平成27年度,")
    # Its grades' years stay: the H27 grades are for 2015 and the restated ones for 2014.
    problems = problems_of(h26, h27)
    assert [p.rule for p in problems] == ["series.fiscal-year-missing"]
    assert problems[0].file == f"{h27}/data/reports.csv"


def test_packages_of_other_plans_are_not_compared(tmp_path: Path) -> None:
    # The fictional example and the Sasebo answer: two series of one package each.
    members, _ = read_members([str(KAKUU), str(H26)])
    assert [len(s.members) for s in group_series(members)] == [1, 1]
    assert check_members(members) == []
