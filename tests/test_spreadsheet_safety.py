"""Spreadsheet safety (`core.spreadsheet_safety`): texts that start like formulas reach every
spreadsheet user as the texts they are, in the release workbook, the Excel CSV and the
template; no cell we write is a formula; the canonical CSV keeps the texts unchanged.
LibreOffice opens the files as a user would, and the rendering is kept for people to see."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import REPO, copy_package, run_cli
from libreoffice import pdf_text, pdf_to_png, to_pdf
from plan_progress.core.package import PlanPackage
from plan_progress.core.spreadsheet_safety import excel_csv_text, list_formula, put_text
from plan_progress.pipeline.build import build
from plan_progress.release.bundle import release

ARTIFACTS = REPO / "build" / "test-artifacts" / "spreadsheet-safety"
FORMULAS = {
    "progress": '=HYPERLINK("http://example.org/x","詳細")',
    "issue": "=123*1000",
}
OTHERS = ["+81と書いた", "-5件", "@SUM(A1)"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid package whose texts start like formulas, built and released."""
    root = copy_package(tmp_path_factory.mktemp("formulas") / "pkg")
    path = root / "data" / "progress-entries.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    rows[0].update(FORMULAS)
    for row, text in zip(rows[1:], OTHERS, strict=False):
        row["issue"] = text
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    build(PlanPackage.open(root))
    release(PlanPackage.open(root))
    return root


def test_the_canonical_csv_keeps_the_texts_as_written(hostile: Path) -> None:
    flat = (hostile / "dist" / "data" / "generated" / "progress-flat.csv").read_text(
        encoding="utf-8"
    )
    rows = list(csv.DictReader(io.StringIO(flat)))
    assert rows[0]["progress"] == FORMULAS["progress"] and rows[0]["issue"] == FORMULAS["issue"]


def test_release_workbook_has_no_formula_and_shows_the_text(hostile: Path) -> None:
    path = next((hostile / "dist" / "main").glob("*.xlsx"))
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(re.search(rb"<f[ >]", archive.read(n)) for n in sheets)
    sheet = load_workbook(path).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert set(FORMULAS.values()) <= texts
    assert all(c.quotePrefix for c in cells if c.value in FORMULAS.values())


def test_excel_csv_prefixes_formula_starts_with_an_apostrophe(hostile: Path) -> None:
    data = next((hostile / "dist" / "main").glob("*_entries_excel.csv")).read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = {cell for row in rows[1:] for cell in row}
    assert "'" + FORMULAS["issue"] in cells and "'" + FORMULAS["progress"] in cells
    assert "'+81と書いた" in cells and "'-5件" in cells and "'@SUM(A1)" in cells
    # Nothing a spreadsheet would evaluate is left: every text cell that starts like a
    # formula carries the apostrophe (numbers are typed and stay numbers).
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]


def test_libreoffice_shows_the_texts_and_evaluates_nothing(hostile: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    main = hostile / "dist" / "main"
    for path in (next(main.glob("*.xlsx")), next(main.glob("*_entries_excel.csv"))):
        name = path.name
        # A CSV is opened as UTF-8, comma-separated (LibreOffice's import dialog).
        infilter = "CSV:44,34,76,1" if name.endswith(".csv") else None
        pdf = to_pdf(path, ARTIFACTS / name.replace(".", "-"), infilter)
        text = pdf_text(pdf)
        # Keep the page that shows the texts, for a person to look at.
        page = next(i for i, p in enumerate(text.split("\f"), start=1) if "123*1000" in p)
        pdf_to_png(pdf, ARTIFACTS / name.replace(".", "-") / "page", page, page)
        assert "123*1000" in text, name  # the text, as written
        assert "123000" not in text and "123,000" not in text, name  # not its value
        assert "HYPERLINK" in text, name


def test_template_from_the_package_has_no_formula_and_imports_back(
    hostile: Path, tmp_path: Path
) -> None:
    book = tmp_path / "book.xlsx"
    assert run_cli("template", str(book), "--from", str(hostile)).returncode == 0
    workbook = load_workbook(book)
    formulas = [
        f"{s.title}!{c.coordinate}"
        for s in workbook.worksheets
        for row in s.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert not formulas
    before = (hostile / "data" / "progress-entries.csv").read_bytes()
    result = run_cli("import", str(book), str(hostile))
    assert result.returncode == 0, result.stderr
    assert (hostile / "data" / "progress-entries.csv").read_bytes() == before


@pytest.mark.parametrize("text", ["=1", "+1", "-1", "@a", "\t=1", "\r=1"])
def test_formula_starts_get_the_apostrophe_in_the_excel_csv(text: str) -> None:
    assert excel_csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["下野市", "1", "a=1", " =1", "'quoted", ""])
def test_other_texts_are_left_alone(text: str) -> None:
    assert excel_csv_text(text) == text


def test_put_text_never_makes_a_formula() -> None:
    from openpyxl import Workbook

    cell = put_text(Workbook().active["A1"], "=SUM(1,2)")
    assert cell.data_type == "s" and cell.value == "=SUM(1,2)" and cell.quotePrefix


def test_drop_down_values_that_could_escape_the_list_get_no_list() -> None:
    assert list_formula(["a", "b"]) == '"a,b"'
    assert list_formula(['a",HYPERLINK("x")&"', "b"]) is None
    assert list_formula(["a,b"]) is None
