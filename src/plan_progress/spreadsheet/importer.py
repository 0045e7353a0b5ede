"""`plan-progress import`: sheets or Excel's CSV files -> the package's canonical CSV tables.

Columns are found by their machine names (row 2 of a template sheet, or the header of a
canonical CSV); a sheet or CSV whose only header is the Japanese titles is read by those.
Every problem is collected; nothing is written unless the whole source imports cleanly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from plan_progress.core.atomic_files import write_all
from plan_progress.core.limits import MAX_TABLE_BYTES
from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.spreadsheet.cells import CellError, CellText, mangled_code, read_cell
from plan_progress.spreadsheet.converted import (
    ConvertedTable,
    check_pending_percents,
    percent_unit,
)
from plan_progress.spreadsheet.layout import Column, Table, is_reference, tables_from_resources
from plan_progress.spreadsheet.locations import SourceTable, relocate
from plan_progress.spreadsheet.sources import BadCell, Grid, read_source


@dataclass
class Imported:
    """What an import would write, or the problems that stop it."""

    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Warnings about what was read (a formula's saved result): said, never stopping it.
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The package's relative path of each table read -> where its rows were typed.
    sources: dict[str, SourceTable] = field(default_factory=dict)


def _blank(row: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and v.strip() == "") for v in row)


def _label(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _title_key(label: str) -> str:
    """A Japanese title as the template writes it, with the required mark removed."""
    return label.removesuffix("*").strip()


def find_header(grid: Grid, table: Table) -> tuple[int, list[str | None]] | Problem:
    """(index of the last header row, column name per position; None for unnamed empty
    columns) or the problem that prevents reading the header."""
    names = {c.name for c in table.columns}
    titles = {c.title_ja: c.name for c in table.columns}
    candidates = []
    for index in (0, 1):
        if index < len(grid.rows):
            # Last year's values beside a draft's rows are shown, never read: their columns
            # count as unnamed, and so as reference columns (see `reference_positions`).
            labels = [_label(v) for v in grid.rows[index]]
            labels = ["" if is_reference(label) else label for label in labels]
            candidates.append((index, labels, [n if n else None for n in labels]))
    # Machine names win: row 1 of a canonical CSV, row 2 of a template sheet.
    for index, labels, mapped in candidates:
        if any(labels) and all(label in names for label in labels if label):
            return index, mapped
    if not any(any(labels) for _, labels, _ in candidates):
        return Problem(
            "import.header", grid.where, 1, None, {"detail": "no header / 見出しがありません"}
        )

    def known(labels: list[str]) -> int:
        return sum(label in names for label in labels)

    # A column-name row with a typo must not pass for data under the Japanese titles.
    damaged = [c for c in candidates[1:] if known(c[1]) and 2 * known(c[1]) >= sum(map(bool, c[1]))]
    _, labels, _ = candidates[0]
    titled = any(labels) and all(_title_key(label) in titles for label in labels if label)
    if titled and not damaged:
        return 0, [titles[_title_key(label)] if label else None for label in labels]
    # Name the unknown labels of the row that looks most like the column-name row.
    index, labels, _ = max(candidates, key=lambda c: known(c[1]))
    unknown = [label for label in labels if label and label not in names]
    detail = f"unknown column(s) {', '.join(unknown)} / 表 {table.name} にない列名"
    row = index + 1
    return Problem("import.header", grid.where, row, None, {"detail": detail})


def _cell_name(grid: Grid, row: int, position: int) -> str:
    return f"{get_column_letter(position + 1)}{row}" if grid.sheet else f"{row}:{position + 1}"


def _typed_heading(grid: Grid, position: int) -> str:
    first = grid.rows[0] if grid.rows else []
    value = first[position] if position < len(first) else None
    return "" if value is None else str(value).strip()


def _data_rows(grid: Grid, header_index: int) -> list[tuple[int, list[Any]]]:
    """(typed row number, values) of each row the import keeps: every row below the header
    that is not entirely blank."""
    return [
        (number, row)
        for number, row in enumerate(grid.rows[header_index + 1 :], start=header_index + 2)
        if not _blank(row)
    ]


def _source_table(
    grid: Grid, table: Table, header_index: int, mapped: list[str | None]
) -> SourceTable:
    data_rows = _data_rows(grid, header_index)
    columns: dict[str, tuple[int, str]] = {}
    for position, name in enumerate(mapped):
        if name and name not in columns:
            column = table.column(name) or Column(name)
            heading = column.title_ja if grid.sheet else _typed_heading(grid, position)
            columns[name] = (position, heading or name)
    return SourceTable(
        table.name,
        grid.where,
        grid.sheet,
        header_index + 1,
        [number for number, _ in data_rows],
        [row for _, row in data_rows],
        columns,
    )


def source_table(grid: Grid, table: Table) -> SourceTable | None:
    """The way back from the canonical CSV the import makes of `grid` to the rows as typed;
    None when the header cannot be read (the import reports that itself). The import
    records it for every table it reads (`Imported.sources`)."""
    found = find_header(grid, table)
    return None if isinstance(found, Problem) else _source_table(grid, table, *found)


def reference_positions(grid: Grid, header_index: int) -> set[int]:
    """Positions of the columns of last year's values (machine name `previous:...` in the
    header): their cells are never read as this year's data."""
    if header_index >= len(grid.rows):
        return set()
    return {
        position
        for position, value in enumerate(grid.rows[header_index])
        if is_reference(_label(value))
    }


def convert_grid(grid: Grid, table: Table) -> tuple[ConvertedTable | None, list[Problem]]:
    found = find_header(grid, table)
    if isinstance(found, Problem):
        return None, [found]
    header_index, mapped = found
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in mapped:
        if name in seen:
            problems.append(
                Problem(
                    "import.header",
                    grid.where,
                    header_index + 1,
                    name,
                    {"detail": f"column {name} appears twice / 列が重複しています"},
                )
            )
        if name:
            seen.add(name)
    data_rows = _data_rows(grid, header_index)
    ignored = reference_positions(grid, header_index)
    for position, name in enumerate(mapped):
        if (
            name is None
            and position not in ignored
            and any(position < len(r) and not _blank([r[position]]) for _, r in data_rows)
        ):
            problems.append(
                Problem(
                    "import.header",
                    grid.where,
                    header_index + 1,
                    get_column_letter(position + 1),
                    {"detail": "values under a column without a name / 列名のない列に値があります"},
                )
            )
    # A column left out would empty it in the CSV, and its texts would vanish from every
    # output: the whole table's columns are needed, as in the template.
    for column in table.columns:
        if column.name not in seen:
            detail = f"column {column.name} is missing / 列 {column.name}（{column.title_ja}）がありません"
            problems.append(
                Problem(
                    "import.header", grid.where, header_index + 1, column.name, {"detail": detail}
                )
            )
    if problems:
        return None, problems
    positions = [(p, table.column(n) or Column(n)) for p, n in enumerate(mapped) if n]
    index = {column.name: i for i, (_, column) in enumerate(positions)}
    converted = ConvertedTable(
        [c.name for _, c in positions], [], _source_table(grid, table, header_index, mapped)
    )
    for number, row in data_rows:
        cells: list[str] = []
        eras: dict[str, str] = {}
        percents: list[tuple[str, str]] = []
        for position, column in positions:
            value = row[position] if position < len(row) else None
            read, problem = _cell_text(value, column, grid, number, position)
            if problem:
                problems.append(problem)
            cells.append(read.text)
            if read.era_text:
                eras[column.name] = read.era_text
            if read.percent:
                percents.append((column.name, _cell_name(grid, number, position)))
        # A 和暦 date or year typed in an ISO column: its text goes beside it, where the
        # table has a column for the text as printed (confirmation_date_label, ...).
        for name, typed in eras.items():
            label = index.get(f"{name}_label")
            if label is not None and cells[label] == "":
                cells[label] = typed
        if percents:
            problems += percent_unit(converted, cells, index, percents, number)
        converted.rows.append(cells)
    if problems:
        return None, problems
    return converted, []


def _cell_text(
    value: Any, column: Column, grid: Grid, row: int, position: int
) -> tuple[CellText, Problem | None]:
    cell = _cell_name(grid, row, position)
    if isinstance(value, BadCell):
        return CellText(""), Problem(
            "import.cell", grid.where, row, column.name, {"cell": cell, "detail": value.shown}
        )
    try:
        read = read_cell(value, column)
    except CellError as err:
        params = {"cell": cell, "column_title": column.title_ja, **err.params}
        return CellText(""), Problem(err.rule, grid.where, row, column.name, params)
    text = read.text
    suggestion = mangled_code(text, column)
    if suggestion:
        params = {"value": text, "cell": cell, "suggestion": suggestion}
        params["length"] = column.digit_code_length
        return read, Problem("import.leading-zeros", grid.where, row, column.name, params)
    if suggestion == "":
        params = {"value": text, "cell": cell}
        return read, Problem("import.code-as-number", grid.where, row, column.name, params)
    return read, None


def formula_warnings(grid: Grid, table: Table) -> list[Problem]:
    """A warning at each data cell whose value is a formula's saved result: the person may
    not know the value came from a formula (or that it is as old as the last recalculation)."""
    found = find_header(grid, table) if grid.formulas else None
    if found is None or isinstance(found, Problem):
        return []
    header_index, mapped = found
    warnings = []
    for number, position in sorted(grid.formulas):
        if number <= header_index + 1 or position >= len(mapped) or not mapped[position]:
            continue
        row = grid.rows[number - 1] if number <= len(grid.rows) else []
        value = row[position] if position < len(row) else None
        if _blank([value]):
            continue
        params = {"cell": _cell_name(grid, number, position), "value": str(value)}
        warnings.append(
            Problem("import.formula-value", grid.where, number, mapped[position], params)
        )
    return warnings


def convert(grids: list[Grid], package: PlanPackage) -> Imported:
    tables = tables_from_resources(package.descriptor["resources"])
    result = Imported()
    claimed: dict[str, str] = {}
    converted: dict[str, ConvertedTable] = {}
    for grid in grids:
        result.notes.extend(grid.notes)
        table = tables.get(grid.table)
        if table is None:
            result.problems.append(
                Problem(
                    "import.unknown-table",
                    grid.where,
                    None,
                    None,
                    {"value": grid.table, "allowed": ", ".join(tables)},
                )
            )
            continue
        if table.name in claimed:
            result.problems.append(
                Problem(
                    "import.unknown-table",
                    grid.where,
                    None,
                    None,
                    {
                        "value": f"{grid.table} (also in {claimed[table.name]})",
                        "allowed": ", ".join(tables),
                    },
                )
            )
            continue
        claimed[table.name] = grid.where
        result.warnings += formula_warnings(grid, table)
        done, problems = convert_grid(grid, table)
        found = find_header(grid, table)
        skipped = reference_positions(grid, found[0]) if not isinstance(found, Problem) else set()
        if skipped:
            result.notes.append(
                f"{grid.where}: 前年度の参考列 {len(skipped)} 列は読みません"
                f" / {len(skipped)} column(s) of last year's values not read"
            )
        result.problems.extend(problems)
        if done is not None:
            converted[table.name] = done
        else:  # still the way back, to show the import's own problems beside their values
            typed = source_table(grid, table)
            if typed is not None:
                result.sources[table.path] = typed
    result.problems += check_pending_percents(converted, tables, package)
    for name, done in converted.items():
        result.files[tables[name].path] = done.csv()
        result.sources[tables[name].path] = done.source
    return result


def _had_rows(path: Path) -> bool:
    """Whether the package's current file has rows (read only a file of a sensible size)."""
    if not path.is_file() or path.stat().st_size > MAX_TABLE_BYTES:
        return path.is_file()
    return path.read_bytes().count(b"\n") > 1


# Checks the package as it would be with the imported files written (relative path ->
# bytes), without writing it; `pipeline.staged.validate_staged` in the command line.
Check = Callable[[PlanPackage, dict[str, bytes]], list[Problem]]


@dataclass
class ImportOutcome:
    written: list[Path]
    notes: list[str]
    # What validating the imported package found, at the places the rows were typed.
    problems: list[Problem]
    # The sheets and files read (the `file` of a problem placed where it was typed).
    typed: frozenset[str] = frozenset()


def import_source(
    source: Path,
    directory: Path,
    encoding: str | None = None,
    table: str | None = None,
    check: Check | None = None,
) -> ImportOutcome:
    """Import into the package at `directory`. Raises InvalidPackage and writes nothing when
    any sheet or file cannot be read. Then `check` validates the package as it will be; its
    problems do not stop the import (a workbook may be filled in over several imports) but
    are returned at the sheet rows, or CSV rows, where they were typed."""
    package = PlanPackage.open(directory)
    tables = tables_from_resources(package.descriptor["resources"])
    widths = {name: len(t.columns) for name, t in tables.items()}
    result = convert(read_source(source, encoding, table, widths), package)
    if result.problems:
        raise InvalidPackage(result.problems + result.warnings)
    # Each target is the package's own file for that table, confined to the package.
    by_path = {t.path: name for name, t in tables.items()}
    contents = {package.path(by_path[relpath]): data for relpath, data in result.files.items()}
    for path, data in contents.items():
        # Emptying a table is allowed (a sheet may be cleared on purpose) but never silent.
        if data.count(b"\n") == 1 and _had_rows(path):
            result.notes.append(
                f"{path}: 行がなくなりました（シート・ファイルが空） / all rows removed (the sheet or file is empty)"
            )
    found = check(package, result.files) if check else []
    write_all(contents)  # one transaction: every table, or none (WriteFailed)
    return ImportOutcome(
        list(contents),
        result.notes,
        result.warnings + [relocate(p, result.sources) for p in found],
        frozenset(source.where for source in result.sources.values()),
    )
