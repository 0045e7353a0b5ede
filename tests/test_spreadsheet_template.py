"""`plan-progress template`: sheets, headers, hints, drop-downs, text formats, refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from conftest import run_cli
from plan_progress.core import standard
from plan_progress.core.package import SOURCE_TABLES
from plan_progress.spreadsheet.info_sheet import INSTRUCTIONS
from plan_progress.spreadsheet.layout import INFO_SHEET


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("template") / "blank.xlsx"
    result = run_cli("template", str(out))
    assert result.returncode == 0, result.stderr
    return out


def validations(sheet: Worksheet) -> dict[str, str]:
    """First cell of each validated range -> its list formula."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        for cell_range in validation.sqref.ranges:
            found[cell_range.coord.split(":")[0]] = validation.formula1
    return found


def test_one_sheet_per_source_table_after_the_instructions(blank: Path) -> None:
    book = load_workbook(blank)
    assert book.sheetnames == [INFO_SHEET, *SOURCE_TABLES]


def test_headers_are_japanese_titles_over_machine_names(blank: Path) -> None:
    book = load_workbook(blank)
    for name in SOURCE_TABLES:
        sheet = book[name]
        fields = standard.table_schema(name)["fields"]
        titles = [c.value for c in sheet[1]]
        names = [c.value for c in sheet[2]]
        assert names == [f["name"] for f in fields]
        for field, title in zip(fields, titles, strict=True):
            ja = field["title"].split(" / ")[0]
            required = field.get("constraints", {}).get("required", False)
            assert title == (f"{ja} *" if required else ja)
        assert sheet.freeze_panes == "A3"
        assert sheet.max_row == 2  # blank: headers only


def test_title_cells_carry_the_field_description_as_a_hint(blank: Path) -> None:
    sheet = load_workbook(blank)["initiatives"]
    comments = {c.value: c.comment.text for c in sheet[1]}
    hint = comments["上位の取組ID"]
    assert "この取組（事業）が属する上位の取組（施策）のID。" in hint
    assert "parent_initiative_id" in hint
    assert "new（新規）" in comments["取組の区分"]


def test_codelist_and_boolean_columns_have_closed_drop_downs(blank: Path) -> None:
    book = load_workbook(blank)
    for name in SOURCE_TABLES:
        sheet = book[name]
        found = validations(sheet)
        for index, field in enumerate(standard.table_schema(name)["fields"]):
            letter = sheet.cell(2, index + 1).column_letter
            enum = field.get("constraints", {}).get("enum")
            if enum:
                assert found[f"{letter}3"] == '"' + ",".join(enum) + '"', (name, field["name"])
            if field["type"] == "boolean":
                assert found[f"{letter}3"] == '"true,false"'
    stops = [v for v in book["reports"].data_validations.dataValidation if v.errorStyle == "stop"]
    assert stops and all(v.showErrorMessage for v in stops)


def test_ids_that_refer_to_another_sheet_offer_its_ids(blank: Path) -> None:
    book = load_workbook(blank)
    found = validations(book["grades"])
    assert found["B3"] == "'grade-scales'!$A$3:$A$10000"  # the report's own scales
    assert found["F3"] == "'actors'!$A$3:$A$10000"


def test_text_columns_are_formatted_as_text_so_codes_keep_leading_zeros(blank: Path) -> None:
    sheet = load_workbook(blank)["plans"]
    formats = {c.value: sheet.column_dimensions[c.column_letter].number_format for c in sheet[2]}
    assert formats["municipality_code"] == "@"
    assert formats["plan_id"] == "@"
    assert formats["start_fiscal_year"] == "0"


def test_instruction_sheet_lists_every_column_and_the_commands(blank: Path) -> None:
    sheet = load_workbook(blank)[INFO_SHEET]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "plan-progress import" in text and "plan-progress validate DIR" in text
    listed = {
        (r[0].value, r[1].value)
        for r in sheet.iter_rows(min_row=len(INSTRUCTIONS) + 3)
        if r[1].value
    }
    for name in SOURCE_TABLES:
        for field in standard.table_schema(name)["fields"]:
            assert (name, field["name"]) in listed


def test_from_package_fills_sheets_with_typed_cells(tmp_path: Path, package_copy: Path) -> None:
    reports = package_copy / "data/reports.csv"
    # A text that a spreadsheet would take for a formula must stay text.
    reports.write_text(
        reports.read_text(encoding="utf-8").replace("※この内容は", "=この内容は"), encoding="utf-8"
    )
    out = tmp_path / "filled.xlsx"
    result = run_cli("template", str(out), "--from", str(package_copy))
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    plans = book["plans"]
    assert plans["C3"].value == "092169" and plans["C3"].data_type == "s"
    assert plans["C3"].number_format == "@"
    assert plans["E3"].value == 2 and plans["H3"].value == 2021
    footnote = book["reports"]["G3"]
    assert footnote.data_type == "s" and footnote.value.startswith("=この内容は")
    entries = book["progress-entries"]
    assert entries.max_row == 2 + 28
    # Columns as in the package's CSV, which has every column of the table (empty ones too).
    assert [c.value for c in book["initiatives"][2]] == [
        "initiative_id",
        "goal_id",
        "number",
        "title",
        "item_type",
        "parent_initiative_id",
        "notation",
        "description",
        "legal_basis",
        "level_name",
        "plan_id",
    ]


def test_existing_workbook_is_kept_unless_forced(tmp_path: Path, blank: Path) -> None:
    out = tmp_path / "book.xlsx"
    shutil.copy2(blank, out)
    out.write_bytes(b"not a workbook")
    refused = run_cli("template", str(out), "--lang", "en")
    assert refused.returncode == 1 and "[template.exists]" in refused.stderr
    assert out.read_bytes() == b"not a workbook"
    forced = run_cli("template", str(out), "--force")
    assert forced.returncode == 0
    assert load_workbook(out).sheetnames[0] == INFO_SHEET
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]  # no staging file left


def test_usage_and_package_errors(tmp_path: Path) -> None:
    assert run_cli("template", str(tmp_path / "book.csv")).returncode == 2
    missing = run_cli("template", str(tmp_path / "book.xlsx"), "--from", str(tmp_path))
    assert missing.returncode == 1 and "[package.not-found]" in missing.stderr
    assert not (tmp_path / "book.xlsx").exists()
