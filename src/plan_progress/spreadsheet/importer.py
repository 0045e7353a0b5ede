"""`plan-progress import`: sheets or Excel's CSV files -> the package's canonical CSV tables.

Columns are found by their machine names (row 2 of a template sheet, or the header of a
canonical CSV); a sheet or CSV whose only header is the Japanese titles is read by those.
Every problem is collected; nothing is written unless the whole source imports cleanly.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from plan_progress.core.atomic_files import write_all
from plan_progress.core.csv_text import csv_bytes
from plan_progress.core.limits import MAX_TABLE_BYTES
from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.spreadsheet.cells import (
    PERCENT_SIGNS,
    CellError,
    CellText,
    mangled_code,
    read_cell,
)
from plan_progress.spreadsheet.layout import Column, Table, tables_from_resources
from plan_progress.spreadsheet.locations import SourceTable, relocate
from plan_progress.spreadsheet.sources import BadCell, Grid, read_source

# The column that says a value's unit (indicators); a percentage's unit is %.
UNIT_COLUMN = "unit"


@dataclass
class Imported:
    """What an import would write, or the problems that stop it."""

    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
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
            labels = [_label(v) for v in grid.rows[index]]
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


@dataclass
class ConvertedTable:
    """One table's canonical rows and the way back to where they were typed."""

    names: list[str]
    rows: list[list[str]]
    source: SourceTable
    # Percentages whose unit is in another table (indicator-values -> indicators):
    # (data row index, column, cell name, typed row), checked once every table is read.
    pending_percents: list[tuple[int, str, str, int]] = field(default_factory=list)

    def csv(self) -> bytes:
        return csv_bytes(self.names, self.rows)


def _cell_name(grid: Grid, row: int, position: int) -> str:
    return f"{get_column_letter(position + 1)}{row}" if grid.sheet else f"{row}:{position + 1}"


def _typed_heading(grid: Grid, position: int) -> str:
    first = grid.rows[0] if grid.rows else []
    value = first[position] if position < len(first) else None
    return "" if value is None else str(value).strip()


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
    data_rows = [
        (number, row)
        for number, row in enumerate(grid.rows[header_index + 1 :], start=header_index + 2)
        if not _blank(row)
    ]
    for position, name in enumerate(mapped):
        if name is None and any(
            position < len(r) and not _blank([r[position]]) for _, r in data_rows
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
        [c.name for _, c in positions],
        [],
        SourceTable(
            table.name,
            grid.where,
            grid.sheet,
            header_index + 1,
            [number for number, _ in data_rows],
            [row for _, row in data_rows],
            {
                column.name: (
                    position,
                    column.title_ja
                    if grid.sheet
                    else _typed_heading(grid, position) or column.name,
                )
                for position, column in positions
            },
        ),
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
            problems += _percent_unit(converted, cells, index, percents, grid, number)
        converted.rows.append(cells)
    if problems:
        return None, problems
    return converted, []


def _percent_unit(
    converted: ConvertedTable,
    cells: list[str],
    index: dict[str, int],
    percents: list[tuple[str, str]],
    grid: Grid,
    number: int,
) -> list[Problem]:
    """A percentage's unit is %: filled in when the row's unit is empty, an error when it
    says something else. Without a unit column the unit is checked in the table referred
    to, once every table is read (`_check_pending_percents`)."""
    unit_at = index.get(UNIT_COLUMN)
    if unit_at is None:
        for name, cell in percents:
            converted.pending_percents.append((len(converted.rows), name, cell, number))
        return []
    unit = cells[unit_at].strip()
    if unit == "":
        cells[unit_at] = "%"
        return []
    if unit in PERCENT_SIGNS:
        return []
    return [
        Problem(
            "import.percent",
            grid.where,
            number,
            name,
            {"cell": cell, "value": cells[index[name]], "unit": unit, "unit_column": UNIT_COLUMN},
        )
        for name, cell in percents
    ]


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
        done, problems = convert_grid(grid, table)
        result.problems.extend(problems)
        if done is not None:
            converted[table.name] = done
    result.problems += _check_pending_percents(converted, tables, package)
    for name, done in converted.items():
        result.files[tables[name].path] = done.csv()
        result.sources[tables[name].path] = done.source
    return result


def _check_pending_percents(
    converted: dict[str, ConvertedTable], tables: dict[str, Table], package: PlanPackage
) -> list[Problem]:
    """Percentages in a table without a unit column (indicator-values): the row they refer
    to (its indicator) must have the unit %. Its table is the one being imported, or else
    the package's current file."""
    problems = []
    for name, done in converted.items():
        if not done.pending_percents:
            continue
        link = _unit_link(tables[name], tables)
        units = _units_of(link, converted, tables, package) if link else {}
        for row_index, column, cell, typed_row in done.pending_percents:
            key = done.rows[row_index][done.names.index(link[0])] if link else ""
            unit = units.get(key)
            if unit is not None and unit.strip() in PERCENT_SIGNS:
                continue
            where = f"{link[1]}.{UNIT_COLUMN} ({link[2]} {key})" if link else UNIT_COLUMN
            problems.append(
                Problem(
                    "import.percent",
                    done.source.where,
                    typed_row,
                    column,
                    {
                        "cell": cell,
                        "value": done.rows[row_index][done.names.index(column)],
                        "unit": unit or "",
                        "unit_column": where,
                    },
                )
            )
    return problems


def _unit_link(table: Table, tables: dict[str, Table]) -> tuple[str, str, str] | None:
    """(local column, table, its key column) of a one-column foreign key to a table that
    has a unit column."""
    for fk in table.foreign_keys:
        local, remote = fk.get("fields"), fk.get("reference", {}).get("fields")
        local = local if isinstance(local, list) else [local]
        remote = remote if isinstance(remote, list) else [remote]
        target = tables.get(fk.get("reference", {}).get("resource") or table.name)
        if len(local) == 1 and len(remote) == 1 and target and target.column(UNIT_COLUMN):
            return str(local[0]), target.name, str(remote[0])
    return None


def _units_of(
    link: tuple[str, str, str],
    converted: dict[str, ConvertedTable],
    tables: dict[str, Table],
    package: PlanPackage,
) -> dict[str, str]:
    _, target, key = link
    if target in converted:
        done = converted[target]
        header, rows = done.names, done.rows
    else:
        path = package.path(target)
        if not path.is_file() or path.stat().st_size > MAX_TABLE_BYTES:
            return {}
        with path.open(encoding="utf-8", errors="replace", newline="") as f:
            header, *rows = list(csv.reader(f)) or [[]]
    if key not in header or UNIT_COLUMN not in header:
        return {}
    k, u = header.index(key), header.index(UNIT_COLUMN)
    return {row[k]: row[u] for row in rows if len(row) > max(k, u)}


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
    result = convert(read_source(source, encoding, table), package)
    if result.problems:
        raise InvalidPackage(result.problems)
    # Each target is the package's own file for that table, confined to the package.
    by_path = {
        t.path: name for name, t in tables_from_resources(package.descriptor["resources"]).items()
    }
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
        [relocate(p, result.sources) for p in found],
        frozenset(source.where for source in result.sources.values()),
    )
