"""A plan published on its own (no report yet) and initiatives printed without a number are
valid, and nothing is made up for them (issue 21, part 1).

The plan-only package here is the seed's own plan with its report taken out: every fact in
it is the seed's, so the test invents nothing; the real plan documents are in tests/records.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import copy_package, run_cli


def _keep_header(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0], encoding="utf-8")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def plan_only(target: Path) -> Path:
    """The seed's plan without its report: no report row, no entries, and the confirmation
    body (which only the report named) left out too."""
    root = copy_package(target)
    for table in ("reports", "progress-entries", "confirmation-bodies"):
        _keep_header(root / "data" / f"{table}.csv")
    return root


@pytest.fixture(scope="module")
def built_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = plan_only(tmp_path_factory.mktemp("plan-only") / "pkg")
    result = run_cli("build", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_a_plan_on_its_own_validates(built_plan: Path) -> None:
    result = run_cli("validate", str(built_plan))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout
    assert "warning" not in result.stdout.lower() or "model.unused" not in result.stdout


def test_its_document_is_the_plan(built_plan: Path) -> None:
    document = json.loads(
        (built_plan / "data/generated/report.jsonld").read_text(encoding="utf-8")
    )
    plans = _rows(built_plan / "data/plans.csv")
    goals = _rows(built_plan / "data/basic-goals.csv")
    initiatives = _rows(built_plan / "data/initiatives.csv")
    assert document["type"] == "Plan"
    assert document["title"] == plans[0]["title"]
    assert [g["title"] for g in document["basicGoals"]] == [g["title"] for g in goals]
    drafted = [i["title"] for g in document["basicGoals"] for i in g.get("initiatives", [])]
    assert drafted == [i["title"] for i in initiatives]
    for key in ("entries", "grades", "plan", "confirmation", "fiscalYear"):
        assert key not in document, key
    triples = (built_plan / "data/generated/report.nt").read_text(encoding="utf-8")
    assert "ProgressReport" not in triples and "ProgressEntry" not in triples
    assert "/plan/chiiki-fukushi-2>" in triples
    flat = (built_plan / "data/generated/progress-flat.csv").read_text(encoding="utf-8")
    assert flat.count("\n") == 1  # the header only: no entry was made up


def test_a_plan_on_its_own_is_released_and_shown(built_plan: Path, tmp_path: Path) -> None:
    release = run_cli("release", str(built_plan))
    assert release.returncode == 0, release.stdout + release.stderr
    catalog = (built_plan / "dist/catalog.ttl").read_text(encoding="utf-8")
    # The plan is the dataset's source (there is no report to name).
    assert "dct:source <https://w3id.org/plan-progress/id/092169/plan/chiiki-fukushi-2> ;" in catalog
    assert "/report/" not in catalog
    site = run_cli("site", str(built_plan), "--out", str(tmp_path / "site"))
    assert site.returncode == 0, site.stdout + site.stderr
    (page,) = (tmp_path / "site/reports").glob("*/index.html")
    html = page.read_text(encoding="utf-8")
    assert "報告はまだありません（計画のみの公開）" in html
    assert "ふれあい交流の促進" in html
    assert "不明</" not in html.split("報告書名")[0].split("地方公共団体")[1]


def test_the_plan_and_its_first_report_are_one_series(built_plan: Path, repo: Path) -> None:
    result = run_cli("validate", str(built_plan), str(repo))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_yearly_row_without_a_report_is_refused(tmp_path: Path, repo: Path) -> None:
    root = plan_only(tmp_path / "pkg")
    (root / "data/progress-entries.csv").write_text(
        (repo / "data/progress-entries.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = run_cli("validate", str(root))
    assert result.returncode == 1
    assert "data/progress-entries.csv:2:report_id: [table.foreign-key]" in result.stderr
    assert "Traceback" not in result.stderr


def test_two_reports_are_still_refused(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    reports = _rows(root / "data/reports.csv")
    second = dict(reports[0], report_id="second")
    _write_rows(root / "data/reports.csv", [*reports, second])
    result = run_cli("validate", str(root))
    assert result.returncode == 1
    assert "data/reports.csv::: [model.cardinality] reports には 0..1 行が必要ですが、2 行あります" in (
        result.stderr
    )


def test_initiatives_printed_without_a_number(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    rows = _rows(root / "data/initiatives.csv")
    unnumbered = [r["initiative_id"] for r in rows if r["goal_id"] == "g1"]
    for row in rows:
        if row["goal_id"] == "g1":
            row["number"] = ""
    # Shuffle nothing but the file order of goal 1's initiatives: that order is now theirs.
    first = [r for r in rows if r["goal_id"] == "g1"][::-1]
    _write_rows(root / "data/initiatives.csv", first + [r for r in rows if r["goal_id"] != "g1"])
    assert run_cli("build", str(root)).returncode == 0
    result = run_cli("validate", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads((root / "data/generated/report.jsonld").read_text(encoding="utf-8"))
    plan = next(n for n in document["included"] if n["type"] == "Plan")
    goal_1 = plan["basicGoals"][0]
    ids = [i["id"].rsplit("/", 1)[-1] for i in goal_1["initiatives"]]
    assert ids == unnumbered[::-1]  # the file's order
    assert all("number" not in i for i in goal_1["initiatives"])
    titles = {r["title"] for r in rows if r["goal_id"] == "g1"}
    flat = _rows(root / "data/generated/progress-flat.csv")
    theirs = [r for r in flat if r["initiative_title"] in titles]
    assert theirs and all(r["initiative_number"] == "" for r in theirs)
    assert all(r["initiative_path"] == "" for r in theirs)  # no number printed, none made up
    assert all(r["initiative_number"] != "" for r in flat if r not in theirs)
    site = run_cli("site", str(root), "--out", str(tmp_path / "site"))
    assert site.returncode == 0, site.stdout + site.stderr
    for page in (tmp_path / "site/reports").glob("*/index*.html"):
        text = page.read_text(encoding="utf-8")
        assert ">None<" not in text and "None " not in text, page
