"""What each page prints, in reading order: ruled tables as grids of cells (a cell merged
with the one above is None, as pdfplumber reports it) and the lines of text outside them."""

from __future__ import annotations

import io
import itertools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plan_progress.transcribe.cells import Cell, cell_text, make_cell
from plan_progress.transcribe.glyphs import map_text
from plan_progress.transcribe.safety import refuse


@dataclass
class Line:
    cell: Cell
    size: float  # the largest character size on the line, for telling titles apart


@dataclass
class Page:
    number: int
    # ("table", rows) or ("line", Line), top to bottom
    blocks: list[tuple[str, Any]] = field(default_factory=list)


def _grid(page: Any, table: Any) -> list[list[Cell | None]]:
    boxes = [list(row.cells) for row in table.rows]
    row_boxes = [row.bbox for row in table.rows]
    bottom = table.bbox[3]
    open_row = _open_row(page, table, len(boxes[0]) if boxes else 0)
    if open_row:
        boxes.append(open_row)
        row_boxes.append((table.bbox[0], open_row[0][1], table.bbox[2], open_row[0][3]))
        bottom = open_row[0][3]
    rulings = [(e["x0"], e["top"], e["x1"]) for e in page.edges if e["orientation"] == "h"]
    _close_open_cells(boxes, row_boxes, bottom, rulings)
    return [[None if box is None else make_cell(page, tuple(box)) for box in row] for row in boxes]


def _open_row(page: Any, table: Any, columns: int) -> list[Any] | None:
    """The last row of a table that runs on to the next page: its column rulings go on below
    the table's last closed row, but no ruling closes it, so pdfplumber leaves it out."""
    x0, _, x1, bottom = table.bbox
    verticals = [
        e
        for e in page.edges
        if e["orientation"] == "v"
        and abs(e["top"] - bottom) <= 1.5
        and e["bottom"] > bottom + 2
        and x0 - 1 <= e["x0"] <= x1 + 1
    ]
    # A border drawn as a thin filled rectangle gives two edges: one ruling per cluster.
    xs: list[float] = []
    for x in sorted(e["x0"] for e in verticals):
        if not xs or x - xs[-1] > 2:
            xs.append(x)
    if columns == 0 or len(xs) != columns + 1:
        return None
    low = max(e["bottom"] for e in verticals)
    return [(left, bottom, right, low) for left, right in itertools.pairwise(xs)]


def _close_open_cells(
    boxes: list[list[Any]],
    rows: list[Any],
    table_bottom: float,
    rulings: list[tuple[float, float, float]],
) -> None:
    """A row-spanning cell that runs on to the next page has no bottom ruling on this one, so
    pdfplumber finds no cell there: give each such gap the box from its row's top down to the
    next horizontal ruling across its column, the next cell found in it, or the table's
    bottom."""
    if not boxes:
        return
    for column in range(len(boxes[0])):
        known = [row[column] for row in boxes if column < len(row) and row[column] is not None]
        if not known:
            continue
        x0, x1 = known[0][0], known[0][2]
        covered = -1.0
        for index, row in enumerate(boxes):
            if column >= len(row):
                continue
            if row[column] is not None:
                covered = max(covered, row[column][3])
                continue
            top = rows[index][1]
            if top < covered - 0.5:
                continue  # merged with the cell above
            below = [r[column][1] for r in boxes[index + 1 :] if column < len(r) and r[column]]
            below += [
                y
                for left, y, right in rulings
                if left <= x0 + 1 and right >= x1 - 1 and y > top + 1
            ]
            bottom = min([*below, table_bottom])
            row[column] = (x0, top, x1, bottom)
            covered = bottom


def _free_lines(page: Any, tables: list[Any]) -> list[tuple[float, Line]]:
    boxes = [t.bbox for t in tables]

    def outside(c: dict[str, Any]) -> bool:
        x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    lines: list[tuple[float, Line]] = []
    for found in page.extract_text_lines(strip=True):
        # The line's own characters, spaces included (its word list leaves them out).
        chars = [
            c
            for c in page.chars
            if found["top"] - 0.5 <= (c["top"] + c["bottom"]) / 2 <= found["bottom"] + 0.5
            and found["x0"] - 0.5 <= (c["x0"] + c["x1"]) / 2 <= found["x1"] + 0.5
            and outside(c)
        ]
        if not chars:
            continue
        box = (
            min(c["x0"] for c in chars),
            min(c["top"] for c in chars),
            max(c["x1"] for c in chars),
            max(c["bottom"] for c in chars),
        )
        mapped = map_text(cell_text(chars, box))
        if mapped.text:
            cell = Cell(mapped.text, page.page_number, box, mapped.replaced, mapped.flagged)
            lines.append((box[1], Line(cell, max(c["size"] for c in chars))))
    return lines


def read_pages(pdf: Path, data: bytes) -> list[Page]:
    import pdfplumber

    # pdfminer logs every font it finds odd (Chromium's fonts lack a FontBBox): not for people.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages: list[Page] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            for page in document.pages:
                tables = page.find_tables()
                items: list[tuple[float, str, Any]] = [
                    (t.bbox[1], "table", _grid(page, t)) for t in tables
                ]
                items += [(top, "line", line) for top, line in _free_lines(page, tables)]
                items.sort(key=lambda item: item[0])
                pages.append(Page(page.page_number, [(kind, obj) for _, kind, obj in items]))
                page.flush_cache()
    except Exception as err:
        # Any parser failure on hostile bytes is the file's fault, said as such.
        raise refuse("transcribe.malformed", pdf, detail=type(err).__name__) from err
    return pages
