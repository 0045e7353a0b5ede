"""`plan-progress diff` refuses what it cannot compare (issue 21 part 8): each refusal a
rule in core/messages.py naming BOTH packages, in Japanese and English, exit 1, no
traceback, nothing written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import REPO, copy_package
from plan_progress.cli.main import main
from plan_progress.diff.packages import read_side, refusals
from series_packages import rewrite_csv

H26 = REPO / "tests/records/sasebo-chiiki-fukushi-toshin-h26"
H27 = REPO / "tests/records/sasebo-chiiki-fukushi-toshin-h27"
KAKUU = REPO / "examples/kakuu-shi-chiiki-fukushi"


def refused(old: Path, new: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
            lang: str = "ja") -> str:  # fmt: skip
    """stderr of a refused diff; the --out file is never written."""
    out = tmp_path / "out" / "diff.json"
    code = main(["diff", str(old), str(new), "--format", "json", "--out", str(out),
                 "--lang", lang])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert "Traceback" not in captured.err
    assert not (tmp_path / "out").exists()
    return captured.err


def rule_lines(err: str, rule: str) -> list[str]:
    return [line for line in err.splitlines() if f"[{rule}]" in line]


def test_two_different_plans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # another municipality
    (line,) = rule_lines(refused(H27, KAKUU, tmp_path, capsys), "diff.other-plan")
    assert line.startswith(f"{KAKUU}/data/plans.csv:2:municipality_code:")
    assert str(H27) in line and str(KAKUU) in line and "990019" in line and "422029" in line
    # the same municipality, another plan id (every table's plan_id changed together)
    other = copy_package(tmp_path / "other", H27)
    for table in (other / "data").glob("*.csv"):
        text = table.read_text(encoding="utf-8")
        table.write_text(text.replace("chiiki-fukushi-2", "chiiki-fukushi-3"), encoding="utf-8")
    err = refused(H26, other, tmp_path, capsys, "en")
    (line,) = rule_lines(err, "diff.other-plan")
    assert line.startswith(f"{other}/data/plans.csv:2:plan_id:")
    assert f"{other} and {H26} report on different plans" in line


def test_an_invalid_package_with_validates_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = copy_package(tmp_path / "broken", H27)
    rewrite_csv(broken / "data" / "grades.csv",
                lambda r: {**r, "code": "Z"} if r["grade_id"] == "area2-h27" else r)  # fmt: skip
    err = refused(H26, broken, tmp_path, capsys)
    # validate's own finding, at the broken package's file and row
    assert f"{broken}/data/grades.csv:4:" in err
    (line,) = rule_lines(err, "diff.not-valid")
    assert f"{broken} は正しいパッケージではないため、{H26} と {broken} を比較できません" in line
    # a directory that is no package at all
    err = refused(tmp_path / "nothing", H27, tmp_path, capsys, "en")
    assert "[package.not-found]" in err
    (line,) = rule_lines(err, "diff.not-valid")
    assert f"so {tmp_path / 'nothing'} and {H27} cannot be compared" in line


def test_old_must_be_earlier_than_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (line,) = rule_lines(refused(H27, H26, tmp_path, capsys), "diff.order")
    assert line.startswith(f"{H26}/data/reports.csv:2:fiscal_year:")
    assert f"後の報告として指定した {H26} の年度 2014 が、前の報告 {H27} の年度 2015" in line
    # the same fiscal year twice (the same report given twice)
    (line,) = rule_lines(refused(H26, H26, tmp_path, capsys, "en"), "diff.order")
    assert "is of fiscal year 2014, not after 2014" in line


def test_a_report_without_a_fiscal_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    undated = copy_package(tmp_path / "undated", H27)
    rewrite_csv(undated / "data" / "reports.csv", lambda r: {**r, "fiscal_year": ""})
    (line,) = rule_lines(refused(H26, undated, tmp_path, capsys), "diff.fiscal-year-missing")
    assert line.startswith(f"{undated}/data/reports.csv:2:fiscal_year:")
    assert str(H26) in line and str(undated) in line


def test_a_package_without_a_report() -> None:
    """A plan published on its own (no report) is no year to compare. Checked on the sides
    as read, the report taken out of the later one's tables (plan-only packages become
    valid with issue 21 part 1, on the model branch)."""
    old, new = read_side(str(H26)), read_side(str(H27))
    assert refusals(old, new) == []
    assert new.tables is not None
    plan_only = dataclasses.replace(new, tables={**new.tables, "reports": []})
    (problem,) = refusals(old, plan_only)
    assert problem.rule == "diff.no-report"
    assert problem.file == f"{H27}/data/reports.csv"
    ja, en = problem.as_line("ja"), problem.as_line("en")
    assert f"{H27} には報告がありません" in ja and f"{H26} と {H27}" in ja
    assert f"diff compares the reports of {H26} and {H27}" in en


def test_a_plan_published_on_its_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The seed's plan without its report (as tests/test_plan_only.py makes it): a valid
    package, but no year's report to compare with the seed's report."""
    plan = copy_package(tmp_path / "plan")
    for table in ("reports", "progress-entries", "confirmation-bodies"):
        path = plan / "data" / f"{table}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0],
                        encoding="utf-8")  # fmt: skip
    err = refused(plan, REPO, tmp_path, capsys, "en")
    (line,) = rule_lines(err, "diff.no-report")
    assert line.startswith(f"{plan}/data/reports.csv")
    assert f"{plan} holds no report" in line and f"reports of {plan} and {REPO}" in line
