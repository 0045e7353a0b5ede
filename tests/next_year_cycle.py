"""The yearly cycle on the real Sasebo pair: H26's package -> `new --from` -> `template` ->
the workbook filled from the real H27 record -> `import` (tests of new --from, template and
the review page share these steps)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from openpyxl import load_workbook

from conftest import run_cli
from plan_progress.core.package import SOURCE_TABLES, PlanPackage

RECORDS = Path(__file__).parent / "records"
H26 = RECORDS / "sasebo-chiiki-fukushi-toshin-h26"
H27 = RECORDS / "sasebo-chiiki-fukushi-toshin-h27"
NEW_REPORT = "fy2015"
# The only values the draft makes up: the report id from the fiscal year, and the new
# year's grade ids from each grade's subject (last year's ids name last year: area1-h26).
H27_IDS = {"toshin-h27": NEW_REPORT} | {
    f"area{n}-h27": f"zentai-area{n}-fy2015" for n in range(1, 5)
}


def rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        found = list(csv.reader(f))
    return found[0], found[1:]


def table_path(name: str) -> str:
    return PlanPackage.open(H26).relpath(name)


def h27_rows(name: str) -> tuple[list[str], list[list[str]]]:
    """The real H27 table with its two kinds of ids as the draft names them."""
    header, found = rows(H27 / table_path(name))
    return header, [[H27_IDS.get(v, v) for v in row] for row in found]


def make_draft(tmp_path: Path) -> tuple[Path, Path]:
    """(last year's package, the draft) side by side in one folder of the plan's reports."""
    series = tmp_path / "series"
    series.mkdir(parents=True)
    last = series / "h26"
    shutil.copytree(H26, last)
    draft = series / "h27"
    made = run_cli("new", "--from", str(last), "--out", str(draft))
    assert made.returncode == 0, made.stderr
    return last, draft


def make_template(draft: Path, book: Path) -> Path:
    made = run_cli("template", str(book), "--from", str(draft))
    assert made.returncode == 0, made.stderr
    return book


def fill_from_h27(book: Path, out: Path) -> None:
    """Type the real H27 record into the workbook as staff would: this year's cells of the
    draft's rows (found by their keys), and the rows the draft has not (the restated grades,
    the notes, the revision); the grey reference columns are left as they are."""
    workbook = load_workbook(book)
    for name in SOURCE_TABLES:
        sheet = workbook[name]
        names = [c.value for c in sheet[2]]
        header, wanted = h27_rows(name)
        key = header[0]
        typed = {
            sheet.cell(r, names.index(key) + 1).value: r
            for r in range(3, sheet.max_row + 1)
            if sheet.cell(r, names.index(key) + 1).value not in (None, "")
        }
        next_row = max([2, *typed.values()]) + 1
        for row in wanted:
            values = dict(zip(header, row, strict=True))
            at = typed.get(values[key])
            if at is None:
                at, next_row = next_row, next_row + 1
            for column, value in values.items():
                cell = sheet.cell(at, names.index(column) + 1)
                shown = "" if cell.value is None else str(cell.value)
                if shown != value:
                    cell.value = value or None
    workbook.save(out)


def imported(book: Path, draft: Path) -> None:
    done = run_cli("import", str(book), str(draft))
    assert done.returncode == 0, done.stderr
    built = run_cli("build", str(draft))
    assert built.returncode == 0, built.stderr
