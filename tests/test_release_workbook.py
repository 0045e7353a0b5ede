"""The workbook people open first: one sheet per main table, readable on screen and on paper.
Checked in openpyxl (layout) and rendered by real LibreOffice to PDF (what a reader sees)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import REPO, copy_package
from libreoffice import pdf_pages, pdf_text, pdf_to_png, to_pdf
from plan_progress.cli.main import main
from plan_progress.release.workbook import display_width, wrapped_lines
from system_tools import artifact_path

KAKUU = REPO / "examples" / "kakuu-shi-chiiki-fukushi"


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for name, source in (("shimotsuke", REPO), ("kakuu", KAKUU)):
        root = copy_package(tmp_path_factory.mktemp(name) / "pkg", source)
        assert main(["release", str(root)]) == 0
        (out[name],) = (root / "dist" / "main").glob("*.xlsx")
    return out


def test_one_sheet_per_main_table_then_the_source(workbooks: dict[str, Path]) -> None:
    assert load_workbook(workbooks["shimotsuke"]).sheetnames == ["進捗状況", "出典・ライセンス"]
    assert load_workbook(workbooks["kakuu"]).sheetnames == [
        "進捗状況",
        "評価",
        "指標",
        "評価の件数",
        "年度ごとの進捗と評価",  # its entries are of two fiscal years
        "出典・ライセンス",
    ]


def test_codes_stay_text_and_numbers_stay_numbers(workbooks: dict[str, Path]) -> None:
    sheet = load_workbook(workbooks["shimotsuke"])["進捗状況"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["全国地方公共団体コード", "ID", "地方公共団体名"]
    code = sheet.cell(row=2, column=1)
    assert code.value == "092169" and code.number_format == "@"
    assert sheet.max_row == 29  # the header and 28 entries
    assert isinstance(sheet.cell(row=2, column=header.index("基本目標番号") + 1).value, int)
    indicators = load_workbook(workbooks["kakuu"])["指標"]
    header = [cell.value for cell in indicators[1]]
    baseline = indicators.cell(row=8, column=header.index("初期値") + 1)  # ind4: 23.5 %
    assert baseline.value == 23.5 and baseline.number_format == "0.0"


def test_layout_for_reading_and_printing(workbooks: dict[str, Path]) -> None:
    sheet = load_workbook(workbooks["shimotsuke"])["進捗状況"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    for column, title in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column)
        width = sheet.column_dimensions[cell.column_letter].width
        # the header fits its column, on at most as many lines as the header row holds
        assert cell.alignment.wrap_text
        assert wrapped_lines(title, width) * 16.5 <= sheet.row_dimensions[1].height, title
    progress = header.index("進捗状況") + 1
    letter = sheet.cell(row=1, column=progress).column_letter
    width = sheet.column_dimensions[letter].width
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=progress)
        assert cell.alignment.wrap_text
        lines = wrapped_lines(cell.value, width)
        assert sheet.row_dimensions[row].height >= lines * 16.5, (row, lines)
    # the longest progress text needs several lines: its row is that tall
    tallest = max(sheet.row_dimensions[r].height for r in range(2, sheet.max_row + 1))
    assert tallest >= 4 * 16.5
    assert display_width("全国") == 4 and display_width("ID") == 2


def test_nothing_in_the_file_depends_on_when_it_was_made(workbooks: dict[str, Path]) -> None:
    archive = zipfile.ZipFile(io.BytesIO(workbooks["shimotsuke"].read_bytes()))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert core.count("1980-01-01T00:00:00Z") == 2  # created and modified


def test_libreoffice_renders_readable_pages(workbooks: dict[str, Path], tmp_path: Path) -> None:
    """Real LibreOffice prints the workbook: every header and whole texts on the page,
    landscape pages fitted to the width, a sensible number of them; the first pages are
    kept as PNG under build/test-artifacts/workbook/ for a person to look at."""
    for name, workbook in workbooks.items():
        pdf = to_pdf(workbook, tmp_path / name)
        kept = artifact_path("workbook", f"{name}.pdf")
        shutil.copyfile(pdf, kept)
        pngs = pdf_to_png(pdf, artifact_path("workbook", f"{name}-page"), 1, 2)
        assert pngs and all(p.stat().st_size > 10_000 for p in pngs)
        # In the order LibreOffice wrote the text, cell by cell; wrapped lines joined again.
        text = "".join(_raw_text(pdf).split())
        assert "".join(pdf_text(pdf).split())  # the layout view has text too
        book = load_workbook(workbook)
        for sheet in book.worksheets[:-1]:
            for cell in sheet[1]:
                assert "".join(cell.value.split()) in text, cell.value
        pages = pdf_pages(pdf)
        if name == "shimotsuke":
            # 28 entries with long texts: a few landscape pages, not one column group a page
            assert 2 <= pages <= 6, pages
            sheet = book["進捗状況"]
            longest = max((c.value for c in sheet["L"][1:]), key=len)
            assert "".join(longest.split()) in text  # the whole text, not cut to one line
        else:
            assert 4 <= pages <= 10, pages
            assert "目標の達成に向けて計画どおり進んでいる。" in text
        info = _page_size(pdf)
        assert info[0] > info[1], f"{name}: pages should be landscape, got {info}"


def _raw_text(pdf: Path) -> str:
    import subprocess

    return subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _page_size(pdf: Path) -> tuple[float, float]:
    import re
    import subprocess

    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", out).groups()
    return float(width), float(height)


def test_libreoffice_renders_the_yearly_sheet_of_a_series(
    series_packages: dict[str, list[Path]], tmp_path: Path
) -> None:
    """The fictional example's two years released together: the yearly sheet printed by
    real LibreOffice shows every header, both years' texts and the codes as written (PNG
    kept under build/test-artifacts/workbook/yearly-page-*.png)."""
    from series_packages import NEXT_PROGRESS

    roots = [copy_package(tmp_path / p.name, p) for p in series_packages["kakuu"]]
    assert main(["release", *map(str, roots)]) == 0
    (workbook,) = (roots[1] / "dist" / "main").glob("*.xlsx")
    book = load_workbook(workbook)
    assert book.sheetnames[-2:] == ["年度ごとの進捗と評価", "出典・ライセンス"]
    for name in book.sheetnames:
        if name != "年度ごとの進捗と評価":
            del book[name]  # print the one sheet, as a reader choosing it would
    only = tmp_path / "yearly.xlsx"
    book.save(only)
    pdf = to_pdf(only, tmp_path / "pdf")
    shutil.copyfile(pdf, artifact_path("workbook", "yearly.pdf"))
    pngs = pdf_to_png(pdf, artifact_path("workbook", "yearly-page"), 1, 2)
    assert pngs and all(p.stat().st_size > 10_000 for p in pngs)
    text = "".join(_raw_text(pdf).split())
    sheet = load_workbook(only).active
    for cell in sheet[1]:
        assert "".join(cell.value.split()) in text, cell.value
    assert "".join(NEXT_PROGRESS.split()) in text  # the new year's text, whole
    assert "見守り協定を結ぶ事業者を新たに１２事業所増やしました。" in text  # last year's
    assert "990019" in text and "令和7年度" in text and "令和6年度" in text
    width, height = _page_size(pdf)
    assert width > height  # landscape
