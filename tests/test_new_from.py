"""`plan-progress new --from LAST --out DIR`: next fiscal year's draft of a real record, what
it copies and what it leaves empty, how validate treats it, and its refusals."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from next_year_cycle import H26, make_draft, rows, table_path
from plan_progress.core.package import SOURCE_TABLES
from plan_progress.model.next_year import TABLE_ROLES
from plan_progress.model.scaffold import is_placeholder


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_plan_tables_are_copied_byte_for_byte(tmp_path: Path) -> None:
    last, draft = make_draft(tmp_path)
    plan_tables = [n for n, role in TABLE_ROLES.items() if role == "plan"]
    assert "basic-goals" in plan_tables and "plan-revisions" in plan_tables
    for name in plan_tables:
        path = table_path(name)
        assert (draft / path).read_bytes() == (last / path).read_bytes(), name


def test_the_years_parts_are_empty_and_only_the_fiscal_year_and_ids_are_new(
    tmp_path: Path,
) -> None:
    _, draft = make_draft(tmp_path)
    header, reports = rows(draft / table_path("reports"))
    report = dict(zip(header, reports[0], strict=True))
    assert len(reports) == 1
    # Derived: the fiscal year (last + 1) and the report id made of it; every printed
    # text of the year (title, labels, source) is left for staff.
    assert {k: v for k, v in report.items() if v} == {
        "report_id": "fy2015",
        "plan_id": "chiiki-fukushi-2",
        "fiscal_year": "2015",
    }
    header, grades = rows(draft / table_path("grades"))
    assert [dict(zip(header, g, strict=True)) for g in grades] == [
        {
            "grade_id": f"zentai-area{n}-fy2015",
            "scale_id": "zentai",
            "code": "",
            "goal_id": f"area{n}",
            "initiative_id": "",
            "actor_id": "",
            "reason": "",
            "value": "",
            "indicator_id": "",
            "plan_id": "",
            "fiscal_year": "2015",
            "fiscal_year_label": "",
        }
        for n in range(1, 5)
    ]
    header, scales = rows(draft / table_path("grade-scales"))
    scale = dict(zip(header, scales[0], strict=True))
    assert scale["report_id"] == "fy2015" and scale["title"] == "全体的な評価結果"
    assert scale["assessment_date"] == scale["assessment_date_label"] == ""
    for name in ("report-notes", "grade-counts", "indicator-values", "progress-entries"):
        assert rows(draft / table_path(name))[1] == [], name
    descriptor = json.loads((draft / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["planProgress"]["previous"] == {
        "path": "../h26",
        "reportId": "toshin-h26",
        "fiscalYear": 2014,
    }
    assert is_placeholder(descriptor["title"]) and is_placeholder(descriptor["description"])
    assert "sources" not in descriptor  # last year's document is not this year's
    assert descriptor["name"] == "record-sasebo-chiiki-fukushi-toshin-h26-next-fy2015"
    assert descriptor["version"] == "0.1.0"
    assert set(tree(draft)) == {"datapackage.json"} | {table_path(n) for n in SOURCE_TABLES}


def test_the_draft_is_the_same_every_time(tmp_path: Path) -> None:
    _, first = make_draft(tmp_path / "a")
    _, second = make_draft(tmp_path / "b")
    assert tree(first) == tree(second)


def test_validate_names_exactly_the_cells_still_to_fill(tmp_path: Path) -> None:
    """As for `new`'s skeleton: a draft is incomplete on purpose, and validate says where."""
    _, draft = make_draft(tmp_path)
    found = run_cli("validate", str(draft), "--format", "json", "--lang", "en")
    assert found.returncode == 1
    places = {
        (p["file"], p["row"], p["column"], p["rule"]) for p in json.loads(found.stdout)["problems"]
    }
    assert places == {("data/reports.csv", 2, "title", "table.required")}
    path = draft / "data/reports.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("chiiki-fukushi-2,,", "chiiki-fukushi-2,題,"),
        encoding="utf-8",
    )
    found = run_cli("validate", str(draft), "--format", "json", "--lang", "en")
    places = {
        (p["file"], p["row"], p["column"], p["rule"]) for p in json.loads(found.stdout)["problems"]
    }
    assert places == {("data/grades.csv", n, "code", "model.grade-value") for n in range(2, 6)}


def refused(result, rule: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == 1, result.stderr
    assert f"[{rule}]" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_an_invalid_last_year_is_refused_with_its_findings(tmp_path: Path) -> None:
    series = tmp_path / "series"
    shutil.copytree(H26, series / "h26")
    grades = series / "h26" / "data/grades.csv"
    grades.write_text(
        grades.read_text(encoding="utf-8").replace(",B,area1", ",Z,area1"), encoding="utf-8"
    )
    result = run_cli(
        "new", "--from", str(series / "h26"), "--out", str(series / "h27"), "--lang", "en"
    )
    refused(result, "new.from-invalid")
    # Its own finding, at last year's file, row and column.
    assert f"{series / 'h26'}/data/grades.csv:2:" in result.stdout + result.stderr
    assert not (series / "h27").exists() and leftovers(series) == []


def test_a_folder_that_is_no_package_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "memo.txt").write_text("x", encoding="utf-8")
    result = run_cli("new", "--from", str(tmp_path / "notes"), "--out", str(tmp_path / "h27"))
    refused(result, "new.from-invalid")
    assert "[package.not-found]" in result.stdout + result.stderr
    assert f"{tmp_path / 'notes'}/datapackage.json" in result.stdout + result.stderr
    assert not (tmp_path / "h27").exists()


def test_an_out_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path: Path) -> None:
    last, draft = make_draft(tmp_path)
    (draft / "data/grades.csv").write_text("mine\n", encoding="utf-8")
    before = tree(draft)
    refused(run_cli("new", "--from", str(last), "--out", str(draft)), "new.target-exists")
    assert tree(draft) == before


def test_last_year_outside_the_drafts_folder_is_refused(tmp_path: Path) -> None:
    last, _ = make_draft(tmp_path)
    elsewhere = tmp_path / "elsewhere" / "h27"
    refused(run_cli("new", "--from", str(last), "--out", str(elsewhere)), "new.from-elsewhere")
    assert not elsewhere.exists()


def test_a_fiscal_year_not_after_last_years_is_refused(tmp_path: Path) -> None:
    last, _ = make_draft(tmp_path)
    out = last.parent / "h26-again"
    result = run_cli("new", "--from", str(last), "--out", str(out), "--fiscal-year", "2014")
    refused(result, "new.from-year-not-after")
    assert not out.exists()


def test_a_plan_only_package_gives_the_first_reports_draft_once_its_year_is_given(
    tmp_path: Path,
) -> None:
    """The real Nerima plan published on its own (no report yet): the first report's draft,
    with the year staff give (the plan's start year is no proof of the first report's)."""
    root = tmp_path / "series" / "plan"
    shutil.copytree(H26.parent / "nerima-chiiki-fukushi-keikaku-r7", root)
    out = root.parent / "first"
    refused(run_cli("new", "--from", str(root), "--out", str(out)), "new.from-fiscal-year")
    assert not out.exists()
    made = run_cli("new", "--from", str(root), "--out", str(out), "--fiscal-year", "2025")
    assert made.returncode == 0, made.stderr
    header, reports = rows(out / "data/reports.csv")
    report = dict(zip(header, reports[0], strict=True))
    assert {k: v for k, v in report.items() if v} == {
        "report_id": "fy2025",
        "plan_id": "chiiki-fukushi-r7",
        "fiscal_year": "2025",
    }
    for name in ("plans", "basic-goals", "goal-lists", "initiatives"):
        path = table_path(name)
        assert (out / path).read_bytes() == (root / path).read_bytes(), name
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["planProgress"]["previous"] == {"path": "../plan", "reportId": ""}
    found = run_cli("validate", str(out), "--format", "json", "--lang", "en")
    problems = json.loads(found.stdout)["problems"]
    assert {(p["file"], p["row"], p["column"], p["rule"]) for p in problems} == {
        ("data/reports.csv", 2, "title", "table.required")
    }


@pytest.mark.parametrize(
    "extra", [("--code", "422029"), ("--name", "佐世保市"), ("--plan-id", "x")]
)
def test_scaffold_options_with_from_are_a_usage_error(
    tmp_path: Path, extra: tuple[str, str]
) -> None:
    last, _ = make_draft(tmp_path)
    result = run_cli("new", "--from", str(last), "--out", str(tmp_path / "x"), *extra)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()


def test_the_drafts_grade_rows_follow_last_years_own_year_only(tmp_path: Path) -> None:
    """From H27 (which restates H26's grades) the H28 draft has four grades, not eight."""
    series = tmp_path / "series"
    shutil.copytree(H26.parent / "sasebo-chiiki-fukushi-toshin-h27", series / "h27")
    made = run_cli("new", "--from", str(series / "h27"), "--out", str(series / "h28"))
    assert made.returncode == 0, made.stderr
    with (series / "h28/data/grades.csv").open(encoding="utf-8") as f:
        grades = list(csv.DictReader(f))
    assert [(g["grade_id"], g["fiscal_year"]) for g in grades] == [
        (f"zentai-area{n}-fy2016", "2016") for n in range(1, 5)
    ]


def test_a_full_disk_leaves_no_draft_and_last_year_untouched(tmp_path: Path) -> None:
    """A real full disk (a small tmpfs; CI runs as root): all of the draft or nothing."""
    import errno
    import os
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], check=True)
    try:
        shutil.copytree(H26, disk / "h26")
        before = tree(disk / "h26")
        fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            for size in (1 << 16, 1 << 12, 1 << 8, 1):
                try:
                    while True:
                        os.write(fd, b"\0" * size)
                except OSError as err:
                    assert err.errno == errno.ENOSPC
        finally:
            os.close(fd)
        result = run_cli("new", "--from", str(disk / "h26"), "--out", str(disk / "h27"))
        refused(result, "io.write")
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "h26"]
        assert tree(disk / "h26") == before
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_package_of_many_plans_is_refused(tmp_path: Path) -> None:
    """A merged corpus (synthetic, two municipalities): valid, but no single plan."""
    from conftest import REPO
    from plan_progress.scale.corpus import generate_from_template

    _, merged = generate_from_template(REPO, tmp_path / "corpus", 2, 1)
    built = run_cli("build", str(merged))
    assert built.returncode == 0, built.stdout + built.stderr
    out = Path(merged).parent / "next"
    result = run_cli("new", "--from", str(merged), "--out", str(out))
    refused(result, "new.from-multi-plan")
    assert not out.exists()
