"""The workbook's first sheet: how to fill it in, and every column with its hint."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from plan_progress.core.spreadsheet_safety import put_text
from plan_progress.spreadsheet.layout import INFO_SHEET, Column, Table, enum_labels

Contents = dict[str, tuple[list[Column], list[list[str]]]]

INSTRUCTIONS = (
    "plan-progress 入力用ブック / plan-progress input workbook",
    "1. 表ごとのシート（シート名は表の名前）の3行目から入力します。1行目は日本語の見出し"
    "（* は必須）、2行目は列名です。見出し行とシート名は変えないでください。",
    "   Fill in each table's sheet from row 3. Row 1: Japanese titles (* = required); row 2:"
    " column names. Keep both header rows and the sheet names.",
    "2. 見出しのセルのコメントに入力の説明があります。コード表の列は一覧から選びます。"
    "コード（地方公共団体コードなど）は文字列として入力し、先頭の 0 を残します。",
    "   Each title cell's comment explains the column. Codelist columns have drop-down lists."
    " Codes are text: keep their leading zeros.",
    "3. 保存したら取り込み、生成・検証します / Save, then import, build and validate:",
    "   plan-progress import このブック.xlsx DIR",
    "   plan-progress build DIR",
    "   plan-progress validate DIR",
    "使わない表は空のままにします。 / Leave the tables you do not use empty.",
)
COLUMNS_HEADER = (
    "シート / sheet",
    "列名 / column",
    "見出し / title",
    "必須 / required",
    "説明 / description",
)


def write_info_sheet(
    sheet: Worksheet, tables: dict[str, Table], contents: Contents, notes: tuple[str, ...] = ()
) -> None:
    sheet.title = INFO_SHEET
    lines = (*INSTRUCTIONS, *notes)
    for row, line in enumerate(lines, start=1):
        put_text(sheet.cell(row, 1), line)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    start = len(lines) + 2
    for index, text in enumerate(COLUMNS_HEADER, start=1):
        sheet.cell(start, index, text).font = Font(bold=True)
    row = start + 1
    for table in tables.values():
        for column in contents[table.name][0]:
            description = str(column.spec.get("description", ""))
            if column.enum:
                labels = enum_labels(column)
                description += (
                    " [" + ", ".join(f"{c}={t}" if t else c for c, t in labels.items()) + "]"
                )
            values = (
                table.name,
                column.name,
                column.title_ja,
                "*" if column.required else "",
                description,
            )
            for index, value in enumerate(values, start=1):
                put_text(sheet.cell(row, index), value)
            sheet.cell(row, 5).alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
    for letter, width in zip("ABCDE", (22, 26, 28, 10, 90), strict=True):
        sheet.column_dimensions[letter].width = width
