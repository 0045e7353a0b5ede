"""A report printed as PDF, on the review page: `transcribe` drafts the package (its safety
checks first), and each drafted cell is shown beside the crop of the page it was read from,
so a person can check and correct every text before the draft is validated.

The crops are rendered by pdfium from the uploaded file only, without a form environment, so
no PDF JavaScript runs (as in `transcribe.safety`). They are PNG `data:` URIs: the page's CSP
allows `img-src data:` and nothing is fetched."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from plan_progress.core.csv_text import csv_bytes
from plan_progress.core.problems import InvalidPackage
from plan_progress.review.limits import FORM_CELLS
from plan_progress.transcribe.run import DEFAULT_PLAN_ID, PROVENANCE, draft_files, read_draft

# Placeholders the staff replace in the workbook (the review's own for a workbook without
# them, `run._municipality`); validation names them.
CODE, NAME = "000000", "（未入力）"
SCALE = 2.0  # 144 dpi: small letters stay legible in the crop
MARGIN = 4.0  # points around the box, so a glyph on its edge is not cut
DRAFT_RESOURCE = "transcription-provenance"  # the resource `transcribe` adds to its drafts
# Provenance columns (transcribe.draft.PROVENANCE_FIELDS): table,row,key,column,page,x0,top,x1,bottom
_BOX = ("x0", "top", "x1", "bottom")


def draft_package(
    pdf: Path, shown: str, root: Path
) -> tuple[list[dict[str, Any]], int, dict[str, bytes]]:
    """Write the draft package of `pdf` at `root` (a new folder); return its cells for the
    page (each with its crop, at most FORM_CELLS), how many it has, and the draft's files."""
    try:
        draft, _layout, _pages, sha256 = read_draft(pdf, None, CODE, NAME, DEFAULT_PLAN_ID)
    except InvalidPackage as refused:
        # Said of the file as its sender named it, never of our private copy.
        raise InvalidPackage(
            [replace(p, file=shown, params={**p.params, "value": shown}) for p in refused.problems]
        ) from refused
    named = pdf.with_name(Path(shown).name or pdf.name) if shown else pdf
    files = draft_files(draft, named, sha256, CODE, NAME, DEFAULT_PLAN_ID, root.name)
    root.mkdir(mode=0o700)
    for relpath, data in files.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return (*cells_of(files, pdf), files)


def cells_of(files: Mapping[str, bytes], pdf: Path) -> tuple[list[dict[str, Any]], int]:
    """One entry per drafted cell (its first printed piece), in the draft's order, the first
    FORM_CELLS of them; and how many there are."""
    provenance = list(csv.DictReader(io.StringIO(files[PROVENANCE].decode("utf-8"))))
    tables = {path.rsplit("/", 1)[-1].removesuffix(".csv"): path for path in files}
    cells, seen = [], set()
    for row in provenance:
        key = (row["table"], row["row"], row["column"])
        if key in seen:
            continue
        seen.add(key)
        path = tables.get(row["table"])
        text = _value(files[path], int(row["row"]), row["column"]) if path else ""
        if len(seen) > FORM_CELLS:
            continue  # the rest stay as drafted; the page says how many there are
        cells.append(
            {
                "table": row["table"],
                "row": int(row["row"]),
                "key": row["key"],
                "column": row["column"],
                "page": int(row["page"]),
                "box": [float(row[b]) for b in _BOX],
                "text": text,
            }
        )
    _crops(pdf, cells)
    return cells, len(seen)


def _value(data: bytes, row: int, column: str) -> str:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header = rows[0]
    if column not in header or row - 1 >= len(rows):
        return ""
    return rows[row - 1][header.index(column)]


def _crops(pdf: Path, cells: list[dict[str, Any]]) -> None:
    """Each cell's `crop`: the PNG of its box on its page, rendered once per page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf.read_bytes())
    try:
        for number in sorted({c["page"] for c in cells}):
            page = document[number - 1]
            width, height = page.get_size()
            image = page.render(scale=SCALE).to_pil()
            page.close()
            for cell in (c for c in cells if c["page"] == number):
                x0, top, x1, bottom = cell["box"]
                box = (
                    max(0.0, x0 - MARGIN) * SCALE,
                    max(0.0, top - MARGIN) * SCALE,
                    min(width, x1 + MARGIN) * SCALE,
                    min(height, bottom + MARGIN) * SCALE,
                )
                out = io.BytesIO()
                image.crop(tuple(round(v) for v in box)).save(out, "PNG", optimize=True)
                cell["crop"] = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
    finally:
        document.close()


def corrected(
    files: Mapping[str, bytes], cells: list[dict[str, Any]], texts: list[str | None]
) -> dict[str, bytes]:
    """The draft's files with each cell's text replaced by the person's (None: unchanged).
    A textarea sends CRLF; the package's texts use LF (the seed's convention)."""
    out = dict(files)
    by_path = {path.rsplit("/", 1)[-1].removesuffix(".csv"): path for path in files}
    parsed: dict[str, list[list[str]]] = {}
    for cell, text in zip(cells, texts, strict=True):
        path = by_path.get(cell["table"])
        if text is None or path is None:
            continue
        rows = parsed.setdefault(path, list(csv.reader(io.StringIO(out[path].decode("utf-8")))))
        header, index = rows[0], cell["row"] - 1
        if cell["column"] in header and 0 < index < len(rows):
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            rows[index][header.index(cell["column"])] = text
    for path, rows in parsed.items():
        out[path] = csv_bytes(rows[0], rows[1:])
    return out
