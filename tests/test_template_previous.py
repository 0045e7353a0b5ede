"""`template` on a draft made by `new --from`: last year's values beside each row, read-only
and marked; the import never reads them; the whole cycle on the real Sasebo pair; and the
draft's reference to last year confined to the draft's folder."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from openpyxl import load_workbook

from conftest import REPO, run_cli
from libreoffice import pdf_text, pdf_to_png, to_pdf
from next_year_cycle import (
    H26,
    H27,
    fill_from_h27,
    h27_rows,
    imported,
    make_draft,
    make_template,
    rows,
    table_path,
)
from plan_progress.core.package import SOURCE_TABLES
from plan_progress.model.previous_year import MARK_JA
from system_tools import artifact_path

REFERENCE_FILL = "00D9D9D9"


def test_each_draft_row_shows_last_years_values_in_locked_marked_columns(tmp_path: Path) -> None:
    _, draft = make_draft(tmp_path)
    book = load_workbook(make_template(draft, tmp_path / "book.xlsx"))
    grades = book["grades"]
    names = [c.value for c in grades[2]]
    titles = [c.value for c in grades[1]]
    assert names[:4] == ["grade_id", "scale_id", "previous:code", "code"]
    assert titles[2] == f"{MARK_JA} 評価コード"
    # Last year's H26 grades (B, C, B, C) beside the empty cells of FY2015.
    shown = [
        (grades.cell(r, 1).value, grades.cell(r, 3).value, grades.cell(r, 4).value)
        for r in range(3, 7)
    ]
    assert shown == [
        ("zentai-area1-fy2015", "B", None),
        ("zentai-area2-fy2015", "C", None),
        ("zentai-area3-fy2015", "B", None),
        ("zentai-area4-fy2015", "C", None),
    ]
    assert grades.protection.sheet and not grades.protection.password
    assert grades.protection.insertRows is False  # staff may add rows (restated grades)
    for column, name in enumerate(names, start=1):
        cell = grades.cell(3, column)
        if name.startswith("previous:"):
            assert cell.protection.locked and cell.fill.fgColor.rgb == REFERENCE_FILL, name
            assert grades.cell(1, column).value.startswith(MARK_JA)
        else:
            assert not cell.protection.locked, name
            letter = cell.column_letter
            assert grades.column_dimensions[letter].protection.locked is False
    reports = book["reports"]
    names = [c.value for c in reports[2]]
    previous_title = reports.cell(3, names.index("previous:title") + 1).value
    assert previous_title == rows(H26 / "data/reports.csv")[1][0][2]
    assert reports.cell(3, names.index("title") + 1).value is None
    # No formula anywhere (core.spreadsheet_safety): every cell is a value.
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in line), sheet.title
    # Sheets without last year's values stay unprotected, as in any template.
    assert not book["basic-goals"].protection.sheet


def test_the_import_never_reads_the_reference_columns(tmp_path: Path) -> None:
    _, draft = make_draft(tmp_path)
    book = make_template(draft, tmp_path / "book.xlsx")
    workbook = load_workbook(book)
    sheet = workbook["grades"]
    # Someone unprotects the sheet and types over last year's values: still not this year's.
    for row in range(3, 7):
        sheet.cell(row, 3).value = '=HYPERLINK("http://example.invalid")'
        sheet.cell(row, 4).value = "A"
    workbook.save(tmp_path / "typed.xlsx")
    done = run_cli("import", str(tmp_path / "typed.xlsx"), str(draft))
    assert done.returncode == 0, done.stderr
    assert "前年度の参考列 3 列は読みません" in done.stderr
    header, grades = rows(draft / "data/grades.csv")
    assert header == rows(H26 / "data/grades.csv")[0]  # no previous:* column written
    assert [g[2] for g in grades] == ["A"] * 4
    assert "HYPERLINK" not in (draft / "data/grades.csv").read_text(encoding="utf-8")


def test_the_real_h27_record_comes_back_from_the_draft_and_its_workbook(tmp_path: Path) -> None:
    """H26 -> draft -> template -> the H27 record typed in -> import: every table is H27's,
    but for the two kinds of ids the draft makes (report fy2015, grades zentai-areaN-fy2015)."""
    last, draft = make_draft(tmp_path)
    book = make_template(draft, tmp_path / "book.xlsx")
    fill_from_h27(book, tmp_path / "filled.xlsx")
    imported(tmp_path / "filled.xlsx", draft)
    for name in SOURCE_TABLES:
        header, found = rows(draft / table_path(name))
        expected_header, expected = h27_rows(name)
        assert header == expected_header, name
        # Rows typed below the draft's come after them (H27 lists each goal's two years
        # together): the same rows, in the order typed.
        assert sorted(found) == sorted(expected), name
        if name != "grades":
            assert found == expected, name
    assert (draft / "data/basic-goals.csv").read_bytes() == (
        H27 / "data/basic-goals.csv"
    ).read_bytes()
    alone = run_cli("validate", str(draft))
    assert alone.returncode == 0, alone.stdout + alone.stderr
    # The series of the two years: the plan agrees but for the declared revision of goal 3's
    # wording, the fiscal years differ, and the restated H26 grades agree with H26's.
    series = run_cli("validate", str(last), str(draft))
    assert series.returncode == 0, series.stdout + series.stderr
    # The workbook as a person opens it: LibreOffice prints the two sheets with last year's
    # values; the grey marked columns are kept as a PNG to look at.
    shown = load_workbook(tmp_path / "filled.xlsx")
    for sheet in list(shown.worksheets):
        if sheet.title != "grades":
            shown.remove(sheet)
    sheet = shown["grades"]
    sheet.print_area = "A1:J11"  # ids, last year's and this year's grade and reason
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    shown.save(tmp_path / "next-year.xlsx")
    pdf = to_pdf(tmp_path / "next-year.xlsx", tmp_path / "pdf")
    text = pdf_text(pdf)
    assert "前年度(参考・編集不可)" in text and "コード" in text  # the title wraps
    pngs = pdf_to_png(pdf, artifact_path("next-year", "grades-page"), 1, 1, resolution=110)
    assert pngs and all(p.stat().st_size > 0 for p in pngs)


def set_previous(draft: Path, path: str) -> None:
    descriptor_path = draft / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["planProgress"]["previous"]["path"] = path
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def test_a_reference_outside_the_drafts_folder_or_through_a_link_is_refused(
    tmp_path: Path,
) -> None:
    last, draft = make_draft(tmp_path)
    outside = tmp_path / "outside"
    shutil.copytree(last, outside)  # a real package, but not beside the draft
    os.symlink(outside, last.parent / "linked")
    for path in ("../../outside", str(outside), "../linked", "h26", "../h26/../../outside"):
        set_previous(draft, path)
        book = tmp_path / "book.xlsx"
        result = run_cli("template", str(book), "--from", str(draft), "--lang", "en")
        assert result.returncode == 1, path
        assert "[template.previous]" in result.stdout + result.stderr, path
        assert "Traceback" not in result.stderr
        assert not book.exists(), path


def test_a_reference_to_another_plan_or_no_package_is_refused(tmp_path: Path) -> None:
    last, draft = make_draft(tmp_path)
    (last.parent / "empty").mkdir()
    set_previous(draft, "../empty")
    result = run_cli("template", str(tmp_path / "b.xlsx"), "--from", str(draft))
    assert result.returncode == 1 and "[template.previous]" in result.stdout + result.stderr
    other = last.parent / "other"
    shutil.copytree(H26.parent / "kawasaki-shogai-shisaku-hyoka", other)
    set_previous(draft, "../other")
    result = run_cli("template", str(tmp_path / "b.xlsx"), "--from", str(draft), "--lang", "en")
    assert result.returncode == 1 and "another plan" in result.stdout + result.stderr
    assert not (tmp_path / "b.xlsx").exists()


def test_entry_rows_show_last_years_texts_and_grade_beside_this_years(tmp_path: Path) -> None:
    """On the fictional example with every optional part: each entry (initiative x actor)
    shows last year's progress, issue and grade; a profile's own columns are not carried
    over (whether they are the plan's or the year's is not known)."""
    series = tmp_path / "series"
    shutil.copytree(REPO / "examples" / "kakuu-shi-chiiki-fukushi", series / "r6")
    made = run_cli("new", "--from", str(series / "r6"), "--out", str(series / "r7"))
    assert made.returncode == 0, made.stderr
    header, entries = rows(series / "r7" / "data/progress-entries.csv")
    assert "kakuu_source_page" in header
    assert {row[header.index("kakuu_source_page")] for row in entries} == {""}
    book = load_workbook(make_template(series / "r7", tmp_path / "r7.xlsx"))
    sheet = book["progress-entries"]
    names = [c.value for c in sheet[2]]
    assert names[4:9] == [
        "previous:progress",
        "progress",
        "previous:issue",
        "issue",
        "previous:grade",
    ]
    last_header, last_entries = rows(series / "r6" / "data/progress-entries.csv")
    # Last year's own year only: the example also restates one entry of FY2023.
    year = last_header.index("fiscal_year")
    last = {(r[2], r[3]): r for r in last_entries if r[year] == "2024"}
    assert len(last) == len(entries) == len(last_entries) - 1
    for row in range(3, 3 + len(entries)):
        key = (sheet.cell(row, 3).value, sheet.cell(row, 4).value)
        assert sheet.cell(row, 5).value == (last[key][last_header.index("progress")] or None)
        assert sheet.cell(row, 7).value == (last[key][last_header.index("issue")] or None)
        assert sheet.cell(row, 6).value is None and sheet.cell(row, 8).value is None
    # g1-1 by the city was graded A last year (grades.csv of the example).
    assert sheet.cell(3, 9).value == "A"
    only = load_workbook(tmp_path / "r7.xlsx")
    for other in list(only.worksheets):
        if other.title != "progress-entries":
            only.remove(other)
    page = only["progress-entries"]
    page.print_area = "A1:I8"
    page.page_setup.orientation = "landscape"
    page.page_setup.fitToWidth, page.page_setup.fitToHeight = 1, 0
    page.sheet_properties.pageSetUpPr.fitToPage = True
    only.save(tmp_path / "entries.xlsx")
    pdf = to_pdf(tmp_path / "entries.xlsx", tmp_path / "pdf")
    assert "前年度(参考・編集不可) 進捗状況" in pdf_text(pdf).replace("\n", " ")
    assert pdf_to_png(pdf, artifact_path("next-year", "entries-page"), 1, 1, resolution=110)


def test_last_years_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    last, _ = make_draft(tmp_path)
    shutil.rmtree(last.parent / "h27")
    notes = last / "data/grades.csv"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(
        text.replace("area1-h26,zentai,B,area1,,,,", "area1-h26,zentai,B,area1,,,=1+1,"),
        encoding="utf-8",
    )
    built = run_cli("build", str(last))
    assert built.returncode == 0, built.stderr
    made = run_cli("new", "--from", str(last), "--out", str(last.parent / "h27"))
    assert made.returncode == 0, made.stderr
    book = load_workbook(make_template(last.parent / "h27", tmp_path / "b.xlsx"))
    sheet = book["grades"]
    names = [c.value for c in sheet[2]]
    cell = sheet.cell(3, names.index("previous:reason") + 1)
    assert cell.value == "=1+1" and cell.data_type == "s" and cell.quotePrefix
