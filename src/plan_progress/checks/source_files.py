"""A first, cheap pass over each source CSV before frictionless reads it.

Frictionless keeps every row it reads (so does the pipeline, to read the data once), and its
messages about a broken header spread to every table that refers to the broken one. This
pass streams each file once with the csv module, in constant memory, and stops the checks
early with one clear problem per fault:
- the file is a regular file inside the package, not larger than the limit;
- its header names every column of the table's schema once, and nothing else (a column left
  out would drop its texts from every output without a word);
- no table has more rows, and no cell more characters, than the documented limits.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from plan_progress.core.limits import MAX_CELL_CHARS, mib, table_bytes_limit, table_rows_limit
from plan_progress.core.package import SOURCE_TABLES, PlanPackage
from plan_progress.core.paths import not_a_regular_file
from plan_progress.core.problems import InvalidPackage, Problem


def check_source_files(package: PlanPackage) -> list[Problem]:
    problems: list[Problem] = []
    for name in SOURCE_TABLES:
        try:
            path = package.path(name)
        except InvalidPackage as invalid:
            problems.extend(invalid.problems)
            continue
        problems.extend(check_csv_file(path, package.relpath(name), package.field_names(name)))
    return problems


def check_csv_file(path: Path, where: str, columns: list[str] | None) -> list[Problem]:
    """Problems of one CSV file; `columns` is the header it must have (None: any header)."""
    if not_a_regular_file(path):
        return [Problem("path.not-a-file", where, params={"path": where})]
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return [_source(where, "file not found", "ファイルがありません")]
    except OSError as err:
        return [_source(where, err.strerror or type(err).__name__, "読み込めません")]
    limit = table_bytes_limit()
    if size > limit:
        params = {"size": mib(size), "limit": mib(limit)}
        return [Problem("limit.file-size", where, params=params)]
    # The csv module's own cell limit (128 KiB) would end the pass with a bare error: let it
    # read up to the file limit, and say which cell is over ours.
    previous = csv.field_size_limit(limit)
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return _scan(csv.reader(f), where, columns, table_rows_limit())
    except UnicodeDecodeError as err:
        return [
            _source(
                where,
                f"not UTF-8 (byte {err.start} of a block)",
                "UTF-8 として読めません（Excel の CSV は plan-progress import で取り込めます）",
            )
        ]
    except csv.Error as err:
        return [_source(where, f"CSV syntax: {err}", "CSV の構文の誤り")]
    except OSError as err:
        return [_source(where, err.strerror or type(err).__name__, "読み込めません")]
    finally:
        csv.field_size_limit(previous)


def _scan(
    reader: csv.reader, where: str, columns: list[str] | None, max_rows: int
) -> list[Problem]:
    header = next(reader, None)
    if header is None:
        return [
            Problem(
                "table.header", where, 1, None, _detail("no header row", "見出し行がありません")
            )
        ]
    if header:
        header[0] = header[0].removeprefix(codecs.BOM_UTF8.decode("utf-8"))
    problems = [] if columns is None else header_problems(header, columns, where)
    if problems:
        return problems
    names = header
    for number, row in enumerate(reader, start=2):
        if number - 1 > max_rows:
            return [Problem("limit.rows", where, number, None, {"limit": max_rows})]
        for position, cell in enumerate(row):
            if len(cell) > MAX_CELL_CHARS:
                column = names[position] if position < len(names) else _letter(position)
                problems.append(
                    Problem("limit.cell-size", where, number, column, {"limit": MAX_CELL_CHARS})
                )
        if len(problems) >= 20:
            break  # enough to show what is wrong; the rest is the same
    return problems


def header_problems(header: list[str], columns: list[str], where: str) -> list[Problem]:
    """Every column of the schema exactly once, nothing else; each problem names its column."""
    problems = []
    seen: set[str] = set()
    for position, label in enumerate(header):
        if label == "":
            problems.append(
                Problem(
                    "table.header",
                    where,
                    1,
                    _letter(position),
                    _detail(
                        f"blank label in column {position + 1}",
                        f"{position + 1} 列目の列名が空です",
                    ),
                )
            )
        elif label in seen:
            detail = _detail(f"column {label} appears twice", f"列「{label}」が重複しています")
            problems.append(Problem("table.header", where, 1, label, detail))
        elif label not in columns:
            detail = _detail(
                f"column {label} is not in the table's schema",
                f"列「{label}」は表の定義にありません（プロファイルで宣言していない列）",
            )
            problems.append(Problem("table.header", where, 1, label, detail))
        seen.add(label)
    for column in columns:
        if column not in seen:
            detail = _detail(
                f"column {column} is missing (an optional column is still a column: leave its cells empty)",
                f"列「{column}」がありません（任意の列も、値を空にして列は残します）",
            )
            problems.append(Problem("table.header", where, 1, column, detail))
    return problems


def _letter(position: int) -> str:
    """A column as a spreadsheet names it (A, B, …, AA), for a column without a label."""
    from openpyxl.utils import (
        get_column_letter,  # only on this rare path: openpyxl is slow to import
    )

    return get_column_letter(position + 1)


def _detail(en: str, ja: str) -> dict[str, str]:
    return {"detail": en, "detail_ja": ja}


def _source(where: str, en: str, ja: str) -> Problem:
    return Problem("table.source", where, params=_detail(en, ja))
