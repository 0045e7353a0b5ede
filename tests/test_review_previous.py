"""The review page takes a next-year workbook (last year's values beside the rows) like any
workbook: the grey reference columns are never read, what is missing is shown where it is
typed, and a filled workbook gives the package the command line gives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from next_year_cycle import fill_from_h27, imported, make_draft, make_template, rows, table_path
from plan_progress.core.package import SOURCE_TABLES
from plan_progress.review.run import PACKAGE_ZIP, run_review


def review(upload: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    work = tmp_path / "work"
    work.mkdir()
    return run_review(upload, upload.name, work)


def test_the_draft_workbook_is_reviewed_with_the_cells_to_fill_at_their_sheet_rows(
    tmp_path: Path,
) -> None:
    _, draft = make_draft(tmp_path)
    book = make_template(draft, tmp_path / "next.xlsx")
    result = review(book, tmp_path)
    assert result.kind == "workbook" and not result.valid
    places = {(f.rule, f.place.where, f.place.row, f.place.column) for f in result.findings}
    # Only the report's title, at its own cell: column D of the reports sheet's row 3 (the
    # grey column C of last year's title before it is never read).
    assert places == {("table.required", "reports", 3, "D")}


def test_a_filled_next_year_workbook_gives_the_same_tables_as_the_command_line(
    tmp_path: Path,
) -> None:
    _, draft = make_draft(tmp_path)
    book = make_template(draft, tmp_path / "next.xlsx")
    fill_from_h27(book, tmp_path / "filled.xlsx")
    result = review(tmp_path / "filled.xlsx", tmp_path)
    assert result.kind == "workbook" and result.valid, [
        (f.rule, f.place.where, f.place.row) for f in result.findings
    ]
    imported(tmp_path / "filled.xlsx", draft)
    with zipfile.ZipFile(io.BytesIO(result.downloads[PACKAGE_ZIP])) as archive:
        names = archive.namelist()
        root = names[0].split("/")[0]
        for name in SOURCE_TABLES:
            relpath = table_path(name)
            reviewed = archive.read(f"{root}/{relpath}")
            assert reviewed == (draft / relpath).read_bytes(), name
    assert rows(draft / "data/grades.csv")[1][0][:3] == ["zentai-area1-fy2015", "zentai", "B"]
