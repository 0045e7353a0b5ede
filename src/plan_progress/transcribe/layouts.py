"""The three layouts reports use, read into one shape (`Reading`): a TABLE of entries with
row-spanning goal and initiative cells, its header repeated per page; a FORM of label/value
blocks per 事業; a GRADE table (goals × fiscal years) with its legend above or below."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plan_progress.transcribe.cells import Cell
from plan_progress.transcribe.labels import LEGEND_LABELS, NOTE_MARKS, role_of
from plan_progress.transcribe.reader import Line, Page

LAYOUTS = ("table", "form", "grades")
Grid = list[list[Cell | None]]


@dataclass
class Reading:
    layout: str
    report_title: Cell | None = None
    plan_title: Cell | None = None
    footnote: Cell | None = None
    entries: list[dict[str, Cell]] = field(default_factory=list)
    scale_title: Cell | None = None
    legend: list[list[Cell]] = field(default_factory=list)  # code, title, description
    grades: list[tuple[Cell, Cell, Cell]] = field(default_factory=list)  # goal, year, code


def _tables(pages: list[Page]) -> list[Grid]:
    return [obj for page in pages for kind, obj in page.blocks if kind == "table"]


def _texts(row: list[Cell | None]) -> list[str]:
    return [cell.text if cell else "" for cell in row]


def _is_legend(grid: Grid) -> bool:
    return bool(grid and grid[0] and grid[0][0] and grid[0][0].text in LEGEND_LABELS)


def detect(pages: list[Page]) -> str | None:
    tables = [t for t in _tables(pages) if t and t[0]]
    if not tables:
        return None
    if any(_is_legend(t) for t in tables):
        return "grades"
    if sum(len(t[0]) == 2 for t in tables) > len(tables) / 2:
        return "form"
    if any(role_of(text) == "progress" for t in tables for text in _texts(t[0])):
        return "table"
    return None


def _titles(reading: Reading, pages: list[Page]) -> None:
    """Lines above the first table: the largest is the report's title, the one over it the plan's.
    Lines below the last table that start with a note mark are the report's footnote."""
    first = pages[0].blocks
    above: list[Line] = []
    for kind, obj in first:
        if kind == "table":
            break
        above.append(obj)
    if above:
        title = max(above, key=lambda line: line.size)
        reading.report_title = title.cell
        index = above.index(title)
        if index > 0:
            reading.plan_title = above[index - 1].cell  # the line printed over the title
    last = pages[-1].blocks
    tail = []
    for kind, obj in reversed(last):
        if kind == "table":
            break
        tail.append(obj)
    notes = [line for line in reversed(tail) if line.cell.text.startswith(NOTE_MARKS)]
    if len(notes) == 1:
        reading.footnote = notes[0].cell


def read_table(pages: list[Page]) -> Reading:
    reading = Reading("table")
    _titles(reading, pages)
    header: list[str] | None = None
    roles: list[str | None] = []
    current: dict[str, Cell] = {}
    for grid in _tables(pages):
        first = True
        for row in grid:
            texts = _texts(row)
            if header is None and any(role_of(t) == "progress" for t in texts):
                header, roles = texts, [role_of(t) for t in texts]
                continue
            if header is None or texts == header:
                continue  # before the table, or its header repeated on a new page
            if first and reading.entries and _continues(roles, row):
                _extend(reading.entries[-1], current, roles, row)
                first = False
                continue
            first = False
            entry: dict[str, Cell] = {}
            for role, cell in zip(roles, row, strict=False):
                if role is None:
                    continue
                if role in ("goal", "initiative") and (cell is None or not cell.text):
                    # merged with the cell above, or its continuation on a new page
                    if role in current:
                        entry[role] = current[role]
                    continue
                if cell is not None:
                    entry[role] = cell
            if "goal" in entry and entry["goal"] is not current.get("goal"):
                current = {"goal": entry["goal"]}
            if "initiative" in entry:
                current["initiative"] = entry["initiative"]
            reading.entries.append(entry)
    return reading


def _continues(roles: list[str | None], row: list[Cell | None]) -> bool:
    """The first row of a table on a new page continues the last entry of the previous page
    when it has no actor (every entry's row prints its actor) but has text."""
    if "actor" not in roles:
        return False
    cells = dict(zip(roles, row, strict=False))
    actor = cells.get("actor")
    return (actor is None or not actor.text) and any(c is not None and c.text for c in row)


def _extend(
    entry: dict[str, Cell],
    current: dict[str, Cell],
    roles: list[str | None],
    row: list[Cell | None],
) -> None:
    for role, cell in zip(roles, row, strict=False):
        if role is None or cell is None or not cell.text:
            continue
        target = current.get(role) if role in ("goal", "initiative") else entry.get(role)
        if target is None:
            entry[role] = cell
        else:
            target.extend(cell)


def read_form(pages: list[Page]) -> Reading:
    reading = Reading("form")
    _titles(reading, pages)
    for grid in _tables(pages):
        entry: dict[str, Cell] = {}
        for row in grid:
            if len(row) != 2 or row[0] is None or row[1] is None:
                continue
            role = role_of(row[0].text)
            if role and role not in entry:
                entry[role] = row[1]
        if entry and "initiative" not in entry and reading.entries:
            reading.entries[-1].update(entry)  # a block continued from the previous page
        elif entry:
            reading.entries.append(entry)
    return reading


def read_grades(pages: list[Page]) -> Reading:
    reading = Reading("grades")
    _titles(reading, pages)
    previous_line: Line | None = None
    for page in pages:
        for kind, obj in page.blocks:
            if kind == "line":
                previous_line = obj
                continue
            grid: Grid = obj
            if _is_legend(grid):
                for row in grid[1:]:
                    cells = [c for c in row if c is not None]
                    if len(cells) >= 2 and cells[0].text:
                        reading.legend.append(cells[:3])
            elif grid and grid[0] and grid[0][0] and role_of(grid[0][0].text) == "goal":
                if previous_line is not None and reading.scale_title is None:
                    reading.scale_title = previous_line.cell
                years = grid[0][1:]
                for row in grid[1:]:
                    goal = row[0]
                    if goal is None or not goal.text:
                        continue
                    for year, code in zip(years, row[1:], strict=False):
                        if year is not None and code is not None and code.text:
                            reading.grades.append((goal, year, code))
            previous_line = None
    # A grade is one of the legend's codes: a goal table whose cells are not (a progress
    # table read with the wrong hint) is not a grade table.
    codes = {level[0].text for level in reading.legend}
    reading.grades = [g for g in reading.grades if g[2].text in codes]
    if not reading.grades:
        reading.legend = []
    return reading


READERS: dict[str, Any] = {"table": read_table, "form": read_form, "grades": read_grades}
