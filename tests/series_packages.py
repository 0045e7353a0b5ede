"""A fictional next year of the fictional example (架空市, 令和7年度), for the tests of a plan's
series: the same plan, goals and initiatives; this year's report, texts, grades and values.

Everything here is made up and marked so (the example is fictional to begin with). It
changes only the yearly parts: one progress text, one grade, one indicator value, the
report's year. Entry ids get a suffix because a 0.2 entry's IRI is the plan's, not the
report's: two years of one id would be one IRI with two texts.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import REPO, copy_package
from plan_progress.cli.main import main

KAKUU = REPO / "examples" / "kakuu-shi-chiiki-fukushi"
NEXT_NAME = "example-kakuu-shi-chiiki-fukushi-3-r7"
# What the fictional next year says differently.
NEXT_PROGRESS = "見守り協定を結ぶ事業者を新たに１５事業所増やしました（令和７年度の例）。"
NEXT_GRADE = ("gr3", "B")  # g1-2 × 社協: C in 令和6年度, B in 令和7年度
NEXT_VALUE = ("ind1", "2025", "160", "158")  # planned, actual


def rewrite_csv(path: Path, change) -> None:
    """Rewrite a table row by row (`change` returns the new row, or None to drop it)."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    rows = [r for r in (change(dict(row)) for row in rows) if r is not None]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _year(row: dict[str, str]) -> dict[str, str]:
    if row.get("fiscal_year") == "2024":
        row["fiscal_year"], row["fiscal_year_label"] = "2025", "令和7年度"
    return row


def kakuu_next_year(target: Path) -> Path:
    """A built, valid package of the fictional 令和7年度 report at `target`."""
    root = copy_package(target, KAKUU)
    data = root / "data"

    def report(row: dict[str, str]) -> dict[str, str]:
        row.update(
            report_id="r7-evaluation",
            title="第３期架空市地域福祉計画 令和７年度 進捗評価報告書（例）",
            fiscal_year="2025",
            fiscal_year_label="令和7年度",
            confirmation_date="2026-03-17",
            confirmation_date_label="令和8年3月17日",
            publication_date="2026-03-31",
            publication_date_label="令和8年3月31日",
            source_url="https://example.org/kakuu-shi/fukushi/hyoka-r7.pdf",
        )
        return row

    rewrite_csv(data / "reports.csv", report)
    for name in ("grade-scales", "indicators", "report-notes"):
        rewrite_csv(data / f"{name}.csv", lambda r: {**r, "report_id": "r7-evaluation"})

    def entry(row: dict[str, str]) -> dict[str, str] | None:
        if row["fiscal_year"] == "2023":
            return None  # last year's line of the old report is in last year's package
        row = _year({**row, "report_id": "r7-evaluation", "entry_id": row["entry_id"] + "-r7"})
        if row["entry_id"] == "g1-1-city-r7":
            row["progress"] = NEXT_PROGRESS
        return row

    rewrite_csv(data / "progress-entries.csv", entry)

    def grade(row: dict[str, str]) -> dict[str, str] | None:
        if row["fiscal_year"] == "2023":
            return None
        row = _year(row)
        if row["grade_id"] == NEXT_GRADE[0]:
            row["code"] = NEXT_GRADE[1]
        return row

    rewrite_csv(data / "grades.csv", grade)

    def count(row: dict[str, str]) -> dict[str, str] | None:
        if row["fiscal_year"] == "2023":
            return None
        # the grade that moved from C to B moves between the printed counts too
        moved = {"c2": ("3", "75.0"), "c3": ("0", "0")}
        if row["count_id"] in moved:
            row["count"], row["share"] = moved[row["count_id"]]
        return _year(row)

    rewrite_csv(data / "grade-counts.csv", count)

    def indicator(row: dict[str, str]) -> dict[str, str]:
        if row["indicator_id"] == NEXT_VALUE[0]:  # the one indicator measured again
            row["current_fiscal_year"], row["current_fiscal_year_label"] = "2025", "令和7年度"
            row["current_value"] = NEXT_VALUE[3]
        return row

    rewrite_csv(data / "indicators.csv", indicator)
    values = data / "indicator-values.csv"
    with values.open("a", encoding="utf-8", newline="") as f:
        ind, year, planned, actual = NEXT_VALUE
        csv.writer(f, lineterminator="\n").writerow(
            [ind, year, "令和7年度", planned, actual, "", "", ""]
        )
    descriptor = json.loads((root / "datapackage.json").read_text("utf-8"))
    descriptor.update(
        name=NEXT_NAME,
        id=descriptor["id"] + "-r7",
        title="【例】架空市 第3期地域福祉計画 令和7年度進捗評価（架空のデータ）"
        " / EXAMPLE: fictional city, regional welfare plan evaluation, FY2025",
    )
    (root / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    assert main(["build", str(root)]) == 0
    return root
