"""Problems at the places people typed them: sheet name and sheet row (or CSV row), also
for what validating the imported package finds, across blank rows that shift the rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import REPO, run_cli
from import_books import (
    excel_csv,
    insert_blank_rows,
    package_and_book,
    problem_lines,
    table_rows,
    type_into,
)
from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import Problem
from plan_progress.spreadsheet.importer import convert
from plan_progress.spreadsheet.locations import relocate
from plan_progress.spreadsheet.sources import read_workbook


def test_validation_problems_are_at_the_sheet_rows(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path)
    insert_blank_rows(book, "initiatives", 6, 2)  # data rows 3-5, blank 6-7, then 8...
    type_into(book, "initiatives", 9, {"goal_id": "g9"})  # a goal that does not exist
    result = run_cli("import", str(book), str(package))
    assert result.returncode == 0, result.stderr  # read as typed, and written
    assert "パッケージにはまだ" in result.stderr
    (reference,) = problem_lines(result.stderr, "table.foreign-key")
    assert reference.startswith("[book.xlsx]initiatives:9:goal_id: [table.foreign-key]")
    assert "「g9」が basic-goals.goal_id にありません" in reference
    assert "data/" not in result.stderr.split("パッケージにはまだ")[1]  # no CSV row numbers
    # The same problem as `validate` sees it in the CSV: typed row 9 is CSV row 6.
    validated = run_cli("validate", str(package))
    assert "data/initiatives.csv:6:goal_id: [table.foreign-key]" in validated.stderr


def test_a_clean_import_says_nothing_more(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path)
    insert_blank_rows(book, "progress-entries", 10, 3)
    result = run_cli("import", str(book), str(package))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for path in sorted(package.glob("data/*.csv")):
        assert path.read_bytes() == (REPO / "data" / path.name).read_bytes(), path.name


def test_conversion_problems_after_blank_rows_are_at_the_typed_row(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path)
    insert_blank_rows(book, "basic-goals", 4, 5)  # goal g2 moves from row 4 to row 9
    type_into(book, "basic-goals", 9, {"number": "二"})
    result = run_cli("import", str(book), str(package))
    assert result.returncode == 1
    assert "[book.xlsx]basic-goals:9:number: [import.number] セル C9 の「二」" in result.stderr


def test_csv_rows_count_blank_lines_and_both_header_rows(tmp_path: Path) -> None:
    package, _ = package_and_book(tmp_path)
    table = table_rows(package / "data" / "initiatives.csv")
    titled = ["取組ID", "基本目標ID", "番号", "取組名", "区分", "上位の取組ID"][: len(table[0])]
    typed = [titled, table[0], *table[1:3], [], [], *table[3:]]
    typed[6][table[0].index("goal_id")] = "g9"  # the 4th data row, on line 7
    source = tmp_path / "initiatives.csv"
    source.write_bytes(excel_csv(typed, "cp932"))
    result = run_cli("import", str(source), str(package), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert f"{source}:7:goal_id: [table.foreign-key]" in result.stderr


def test_problems_in_tables_not_imported_keep_their_package_place(tmp_path: Path) -> None:
    package, _ = package_and_book(tmp_path)
    entries = package / "data" / "progress-entries.csv"
    entries.write_text(
        entries.read_text(encoding="utf-8").replace("g1-1-city,", "g1-1-city ,", 1),
        encoding="utf-8",
    )
    source = tmp_path / "actors.csv"
    source.write_bytes((REPO / "data" / "actors.csv").read_bytes())
    result = run_cli("import", str(source), str(package), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert f"{package}/data/progress-entries.csv:2:entry_id: [" in result.stderr


def test_every_csv_row_maps_back_to_the_row_it_was_typed_on(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path)
    for sheet, before, count in (("progress-entries", 5, 2), ("progress-entries", 20, 1)):
        insert_blank_rows(book, sheet, before, count)
    insert_blank_rows(book, "initiatives", 3, 1)
    opened = PlanPackage.open(package)
    imported = convert(read_workbook(book), opened)
    assert not imported.problems
    grids = {g.table: g for g in read_workbook(book)}
    checked = 0
    for relpath, data in imported.files.items():
        source = imported.sources[relpath]
        body = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        for number, row in enumerate(body[1:], start=2):
            typed = grids[source.table].rows[source.typed_row(number) - 1]
            for name, value in zip(body[0], row, strict=True):
                place = source.place(number, name)
                cell = typed[source.columns[name][0]]
                assert value == ("" if cell is None else str(cell)), (relpath, number, name)
                assert place.row == source.typed_row(number) and place.column
                checked += 1
            moved = relocate(
                Problem("table.required", relpath, number, body[0][0]), imported.sources
            )
            assert (moved.file, moved.row) == (source.where, source.typed_row(number))
    assert checked > 28 * 6
    entries = imported.sources["data/progress-entries.csv"]
    assert entries.rows[:4] == [3, 4, 7, 8]  # two blank rows after the second entry


def test_a_table_with_problems_still_has_its_way_back(tmp_path: Path) -> None:
    """A page that shows the import's own problems beside the typed value needs the place
    of every column even when the table did not convert."""
    package, book = package_and_book(tmp_path)
    insert_blank_rows(book, "basic-goals", 4, 1)
    type_into(book, "basic-goals", 5, {"number": "二"})
    imported = convert(read_workbook(book), PlanPackage.open(package))
    (problem,) = imported.problems
    assert "data/basic-goals.csv" not in imported.files
    source = imported.sources["data/basic-goals.csv"]
    place = source.place(3, "number")  # CSV row 3 would be goal g2, typed on row 5
    assert (place.where, place.row, place.column, place.column_title, place.value) == (
        "[book.xlsx]basic-goals",
        5,
        "C",
        "番号",
        "二",
    )
    assert (problem.file, problem.row, problem.column) == (place.where, place.row, "number")
