"""`plan-progress template`: an .xlsx workbook with one sheet per table, blank or filled.

Every table sheet: Japanese titles in row 1 (with the column's description, type and codes
as a cell comment), machine names in row 2, data from row 3; both header rows frozen;
drop-downs for codelist and boolean columns and for ids that refer to another sheet; text
format (`@`) on text columns so that codes keep their leading zeros.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from plan_progress.core.atomic_files import write_all
from plan_progress.core.package import PlanPackage
from plan_progress.core.spreadsheet_safety import list_formula, put_text, put_value
from plan_progress.core.text_width import LINE_HEIGHT, PADDING, display_width, wrapped_lines
from plan_progress.model.previous_year import MARK_EN, MARK_JA, REFERENCES, reference_values
from plan_progress.spreadsheet.cells import to_cell
from plan_progress.spreadsheet.info_sheet import write_info_sheet
from plan_progress.spreadsheet.layout import (
    FIRST_DATA_ROW,
    NAME_ROW,
    REFERENCE_PREFIX,
    TITLE_ROW,
    Column,
    Table,
    enum_labels,
    is_reference,
    standard_tables,
    tables_from_resources,
)

# Drop-downs and formats reach this many rows below the data: room to add rows.
SPARE_ROWS = 1000
REFERENCE_ROWS = 10000
_NUMBER_FORMATS = {"integer": "0", "number": "General", "boolean": "General", "date": "yyyy-mm-dd"}
_TITLE_FILL = PatternFill("solid", fgColor="DDEBF7")
_NAME_FONT = Font(color="808080", italic=True, size=9)
# Last year's values: a grey fill and dark grey italics, unlike anything staff type in.
_REFERENCE_FILL = PatternFill("solid", fgColor="D9D9D9")
_REFERENCE_TITLE_FILL = PatternFill("solid", fgColor="A6A6A6")
_REFERENCE_FONT = Font(color="404040", italic=True)
_TYPE_JA = {
    "string": "文字列",
    "integer": "整数",
    "number": "数値",
    "boolean": "真偽（true / false）",
    "date": "日付（YYYY-MM-DD）",
}

Rows = list[list[str]]

REFERENCE_NOTES = (
    f"4. 灰色の「{MARK_JA}」の列は前年度の報告の値です。見ながら今年度の列に入力してください。"
    "この列は編集できず、取り込みでも読みません（シートの保護にパスワードはありません）。",
    f"   Grey columns marked {MARK_JA} show last year's values ({MARK_EN}): update this"
    " year's columns beside them. They are locked and the import never reads them.",
)


def hint(column: Column) -> str:
    """The input hint shown as the title cell's comment."""
    description = str(column.spec.get("description", ""))
    lines = [part.strip() for part in description.split(" / ", 1) if part.strip()]
    lines.append(f"列名 / column: {column.name}")
    kind = _TYPE_JA.get(column.type, column.type)
    lines.append(f"型 / type: {kind}" + ("、必須 / required" if column.required else ""))
    if column.enum:
        labels = enum_labels(column)
        codes = ", ".join(f"{c}（{t}）" if t else c for c, t in labels.items())
        lines.append(f"コード / codes: {codes}")
    if column.digit_code_length:
        lines.append(
            f"半角数字 {column.digit_code_length} 桁（先頭の0も入力） / digits, leading zeros kept"
        )
    return "\n".join(lines)


def _list_validation(formula: str, strict: bool, prompt: str) -> DataValidation:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    # Codelists are closed: refuse other values. Ids may be typed before the sheet they
    # refer to is filled in, so only warn for those.
    validation.errorStyle = "stop" if strict else "warning"
    validation.showErrorMessage = True
    validation.error = "一覧から選んでください / choose from the list"
    validation.prompt = prompt
    validation.showInputMessage = bool(prompt)
    return validation


def _references(table: Table, sheets: dict[str, list[str]]) -> dict[str, tuple[str, str]]:
    """column -> (sheet, column) it refers to in another sheet of the workbook."""
    refs: dict[str, tuple[str, str]] = {}
    for fk in table.foreign_keys:
        target = fk["reference"].get("resource") or table.name
        local = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        remote = fk["reference"]["fields"]
        remote = remote if isinstance(remote, list) else [remote]
        if target == table.name or target not in sheets:
            continue
        for mine, theirs in zip(local, remote, strict=True):
            if theirs in sheets[target]:
                refs.setdefault(mine, (target, theirs))
    return refs


def write_table_sheet(
    sheet: Worksheet, table: Table, columns: list[Column], rows: Rows, sheets: dict[str, list[str]]
) -> None:
    last_row = FIRST_DATA_ROW + len(rows) + SPARE_ROWS - 1
    # Drop-downs that list another sheet's ids reach far enough for any table's rows.
    ref_last_row = max(last_row, REFERENCE_ROWS)
    refs = _references(table, sheets)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        title = put_text(
            sheet.cell(TITLE_ROW, index), column.title_ja + (" *" if column.required else "")
        )
        title.font = Font(bold=True)
        title.fill = _TITLE_FILL
        title.alignment = Alignment(wrap_text=True, vertical="top")
        title.comment = Comment(hint(column), "plan-progress", width=360, height=220)
        name = put_text(sheet.cell(NAME_ROW, index), column.name)
        name.font = _NAME_FONT
        number_format = _NUMBER_FORMATS.get(column.type, "@")
        # A column style makes Excel keep the format for cells typed in later.
        sheet.column_dimensions[letter].number_format = number_format
        sheet.column_dimensions[letter].width = max(12, min(48, 2 * len(column.title_ja) + 4))
        for offset, row in enumerate(rows):
            value = to_cell(row[index - 1] if index - 1 < len(row) else "", column)
            # Text that starts with "=" stays text, never a formula (core.spreadsheet_safety).
            cell = put_value(sheet.cell(FIRST_DATA_ROW + offset, index), value)
            cell.number_format = number_format if not isinstance(value, str) else "@"
            if column.type == "string" and len(str(value or "")) > 40:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells = f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"
        validation = None
        codes = list_formula(column.enum) if column.enum else None
        if codes:
            validation = _list_validation(codes, True, "")
        elif column.type == "boolean":
            validation = _list_validation('"true,false"', True, "")
        elif column.name in refs:
            target, target_column = refs[column.name]
            target_letter = get_column_letter(sheets[target].index(target_column) + 1)
            formula = (
                f"{quote_sheetname(target)}!${target_letter}${FIRST_DATA_ROW}"
                f":${target_letter}${ref_last_row}"
            )
            validation = _list_validation(formula, False, f"{target} の {target_column}")
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(cells)
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 1)
    sheet.row_dimensions[TITLE_ROW].height = 30


def with_references(
    table: Table, columns: list[Column], rows: Rows, last: dict[str, list[dict[str, str]]]
) -> tuple[list[Column], Rows]:
    """The sheet's columns and rows with last year's values inserted just before the column
    each one mirrors (`model.previous_year.REFERENCES`)."""
    references = REFERENCES.get(table.name, ())
    if not references or not rows:
        return columns, rows
    names = [c.name for c in columns]
    values = reference_values(table.name, [dict(zip(names, r, strict=False)) for r in rows], last)
    placed: list[tuple[int, Column, str]] = []
    for reference in references:
        spec = {
            "title": f"{MARK_JA} {reference.title_ja} / {MARK_EN}: {reference.title_en}",
            "description": "前年度の報告の値（参考）。取り込みでは読みません。"
            " / Last year's value, for reference; the import never reads it.",
        }
        position = names.index(reference.before) if reference.before in names else len(names)
        placed.append((position, Column(REFERENCE_PREFIX + reference.name, spec), reference.name))
    merged_columns: list[Column] = []
    merged_rows: Rows = [[] for _ in rows]
    for index in range(len(columns) + 1):
        for position, column, name in placed:
            if position == index:
                merged_columns.append(column)
                for merged, found in zip(merged_rows, values, strict=True):
                    merged.append(found.get(name, ""))
        if index < len(columns):
            merged_columns.append(columns[index])
            for merged, row in zip(merged_rows, rows, strict=True):
                merged.append(row[index] if index < len(row) else "")
    return merged_columns, merged_rows


def protect_references(sheet: Worksheet, columns: list[Column], rows: int) -> None:
    """Lock last year's columns (grey, marked) and leave every other cell editable; the
    sheet's protection has no password: it guards against typing in the wrong column, it
    is no security (the import ignores those columns whatever they hold)."""
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if is_reference(column.name):
            texts = [
                str(sheet.cell(r, index).value or "")
                for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + rows)
            ]
            # Wide enough for last year's texts, narrow for a grade code; rows tall
            # enough that a wrapped text shows whole (it cannot be resized once locked).
            width = 40 if max(map(display_width, texts), default=0) > 20 else 22
            sheet.column_dimensions[letter].width = width
            for offset, text in enumerate(texts):
                lines = wrapped_lines(text, width) if text else 1
                dimension = sheet.row_dimensions[FIRST_DATA_ROW + offset]
                dimension.height = max(dimension.height or 0, lines * LINE_HEIGHT + PADDING)
            for row in (TITLE_ROW, NAME_ROW):
                sheet.cell(row, index).fill = _REFERENCE_TITLE_FILL
            for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + rows):
                cell = sheet.cell(row, index)
                cell.fill = _REFERENCE_FILL
                cell.font = _REFERENCE_FONT
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            continue
        unlocked = Protection(locked=False)
        # The column's style makes rows typed in later editable too.
        sheet.column_dimensions[letter].protection = unlocked
        for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + rows):
            cell = sheet.cell(row, index)
            cell.protection = unlocked
            # Top, as last year's texts beside it: a row's cells read as one line.
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    protection = sheet.protection
    protection.sheet = True
    # Staff still add and remove rows and resize columns (a report may print more rows).
    protection.insertRows = protection.deleteRows = False
    protection.formatColumns = protection.formatRows = protection.formatCells = False
    sheet.row_dimensions[TITLE_ROW].height = 45


def read_package_rows(package: PlanPackage, table: Table) -> tuple[list[str], Rows]:
    """A package table's header and rows exactly as its CSV holds them."""
    with package.root.joinpath(table.path).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return (rows[0], rows[1:]) if rows else ([c.name for c in table.columns], [])


def workbook(
    package: PlanPackage | None = None, last: dict[str, list[dict[str, str]]] | None = None
) -> Workbook:
    """The template; filled with `package`'s tables (their columns as in its CSV files);
    with `last` (last year's rows, table by table) beside a draft's rows, read-only."""
    tables = (
        tables_from_resources(package.descriptor["resources"]) if package else standard_tables()
    )
    contents: dict[str, tuple[list[Column], Rows]] = {}
    for table in tables.values():
        if package is None:
            contents[table.name] = (list(table.columns), [])
            continue
        header, rows = read_package_rows(package, table)
        columns = [table.column(name) or Column(name) for name in header]
        if last is not None:
            columns, rows = with_references(table, columns, rows, last)
        contents[table.name] = (columns, rows)
    book = Workbook()
    write_info_sheet(book.active, tables, contents, REFERENCE_NOTES if last is not None else ())
    sheets = {name: [c.name for c in columns] for name, (columns, _) in contents.items()}
    for table in tables.values():
        columns, rows = contents[table.name]
        sheet = book.create_sheet(table.name)
        write_table_sheet(sheet, table, columns, rows, sheets)
        if any(is_reference(c.name) for c in columns):
            protect_references(sheet, columns, len(rows))
    return book


def save(book: Workbook, target: Path) -> None:
    """Save beside the target, then rename over it: no half-written workbook, and on an I/O
    error (WriteFailed) the previous file stays."""
    buffer = io.BytesIO()
    book.save(buffer)
    write_all({target: buffer.getvalue()})
